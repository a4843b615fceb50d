"""CMS pages: tree URLs in every language, fallbacks, menu and breadcrumbs."""

from urllib.parse import quote

import pytest

from hospital.models import Page

from .factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    treatments = PageFactory(title_en="Treatments", title_zh_hans="治疗技术", body_zh_hans="<p>中文</p>")
    heavy = PageFactory(parent=treatments, title_en="Heavy-ion therapy", title_zh_hans="重离子治疗",
                        body_en="<p>Carbon ions</p>", body_zh_hans="<p>碳离子</p>")  # fmt: skip
    brachy = PageFactory(parent=treatments, title_en="Brachytherapy", body_en="<p>English only</p>", order=2)
    return treatments, heavy, brachy


def test_page_is_served_at_its_translated_path(client, tree):
    _treatments, heavy, _brachy = tree
    assert client.get("/en/treatments/heavy-ion-therapy/").status_code == 200
    response = client.get("/zh-hans/治疗技术/重离子治疗/")
    assert response.status_code == 200
    assert "碳离子" in response.text
    assert '<html lang="zh-Hans" dir="ltr">' in response.text


def test_other_language_path_redirects_to_canonical(client, tree):
    response = client.get("/zh-hans/treatments/heavy-ion-therapy/")
    assert response.status_code == 301
    assert (
        response["Location"]
        == "/zh-hans/%E6%B2%BB%E7%96%97%E6%8A%80%E6%9C%AF/%E9%87%8D%E7%A6%BB%E5%AD%90%E6%B2%BB%E7%96%97/"
    )


def test_untranslated_page_shows_english_with_notice_and_lang(client, tree):
    response = client.get("/zh-hans/治疗技术/brachytherapy/")
    assert response.status_code == 200
    html = response.text
    assert '<h1 lang="en">Brachytherapy</h1>' in html
    assert 'class="prose" lang="en"' in html
    assert "fallback-notice" in html


def test_translated_page_has_no_fallback_notice(client, tree):
    html = client.get("/zh-hans/治疗技术/重离子治疗/").text
    assert "fallback-notice" not in html
    assert '<h1 lang="en">' not in html


def test_language_switcher_links_to_same_page_in_every_language(client, tree):
    html = client.get("/en/treatments/heavy-ion-therapy/").text
    assert f'href="{quote("/zh-hans/治疗技术/重离子治疗/")}" hreflang="zh-Hans"' in html
    assert 'href="/ar/treatments/heavy-ion-therapy/" hreflang="ar"' in html
    assert 'hreflang="x-default" href="http://testserver/en/treatments/heavy-ion-therapy/"' in html
    assert '<link rel="canonical" href="http://testserver/en/treatments/heavy-ion-therapy/">' in html


@pytest.mark.parametrize(
    "path", ["/en/search/?q=%E9%87%8D%E7%A6%BB%E5%AD%90&type=news", "/en/news/?page=1", "/en/experts/"]
)
def test_the_switcher_keeps_a_page_without_an_object_and_its_query(client, path):
    """Lists and search: the same view and query in each language, as Django's translate_url() gives."""
    from django.urls import translate_url

    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    for code in ("zh-hans", "ar", "th"):
        assert f'href="{translate_url(path, code).replace("&", "&amp;")}" hreflang=' in html


def test_arabic_is_right_to_left_with_mirrored_stylesheet(client, tree):
    html = client.get("/ar/treatments/heavy-ion-therapy/").text
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_unpublished_page_is_not_found(client):
    PageFactory(title_en="Draft", published=False)
    assert client.get("/en/draft/").status_code == 404


def test_breadcrumbs_and_children(client, tree):
    html = client.get("/en/treatments/").text
    assert 'href="/en/treatments/heavy-ion-therapy/"' in html
    html = client.get("/en/treatments/brachytherapy/").text
    assert '<a href="/en/treatments/">Treatments</a>' in html


def test_moving_a_page_updates_descendant_paths(tree):
    treatments, heavy, _brachy = tree
    about = PageFactory(title_en="About")
    treatments.parent = about
    treatments.save()
    heavy.refresh_from_db()
    assert heavy.url_path_en == "about/treatments/heavy-ion-therapy"
    assert heavy.depth == 3
    assert heavy.ancestor_ids == [about.pk, treatments.pk]


def test_rich_text_is_sanitised_on_save():
    page = PageFactory(body_en='<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:1">x</a></p>')
    page.refresh_from_db()
    assert "script" not in page.body_en
    assert "onclick" not in page.body_en
    assert "javascript" not in page.body_en
    assert page.body_en.startswith("<p>Hi")


def test_page_query_count_is_fixed(client, tree, django_assert_max_num_queries):
    for n in range(20):
        PageFactory(title_en=f"Extra {n}")
    with django_assert_max_num_queries(5):
        assert client.get("/en/treatments/heavy-ion-therapy/").status_code == 200


def test_page_cannot_take_an_app_address():
    page = Page(title_en="News")
    with pytest.raises(Exception) as error:
        page.full_clean()
    assert "slug_en" in str(error.value)


def test_menu_marks_fallback_titles_with_their_language(client, tree):
    html = client.get("/zh-hans/").text
    assert 'lang="en">Brachytherapy</a>' in html
    assert ">重离子治疗</a>" in html
