from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from news.models import Status
from tests.hospital.factories import PageFactory
from tests.news.factories import EventFactory, ExpertFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def _titles(response):
    return [entry.title for entry in response.context["page_obj"].object_list]


def test_finds_experts_news_events_and_pages(client):
    ExpertFactory(name_en="Ye Yancheng", titles_en="Chief Physician\nHeavy-ion specialist")
    NewsItemFactory(title_en="Heavy-ion therapy results", body_en="<p>Median survival 28 months</p>")
    EventFactory(title_en="Sharing session", description_en="<p>Heavy-ion therapy talks</p>")
    PageFactory(title_en="Heavy-ion therapy", body_en="<p>Carbon ions</p>")
    titles = _titles(client.get("/en/search/", {"q": "heavy-ion"}))
    assert set(titles) == {"Ye Yancheng", "Heavy-ion therapy results", "Sharing session", "Heavy-ion therapy"}


def test_title_matches_rank_first(client):
    NewsItemFactory(title_en="Annual report", body_en="<p>glioma glioma</p>")
    NewsItemFactory(title_en="Glioma survival doubled", body_en="<p>Results</p>")
    assert _titles(client.get("/en/search/", {"q": "glioma"}))[0] == "Glioma survival doubled"


def test_hidden_content_is_never_found(client):
    NewsItemFactory(title_en="Secret draft glioma", status=Status.DRAFT)
    NewsItemFactory(title_en="Future glioma", publish_at=timezone.now() + timedelta(days=1))
    ExpertFactory(name_en="Unpublished glioma doctor", published=False)
    PageFactory(title_en="Unpublished glioma page", published=False)
    NewsItemFactory(title_en="Public glioma")
    assert _titles(client.get("/en/search/", {"q": "glioma"})) == ["Public glioma"]


def test_unpublishing_and_deleting_remove_results(client):
    item = NewsItemFactory(title_en="Glioma item")
    assert _titles(client.get("/en/search/", {"q": "glioma"})) == ["Glioma item"]
    item.status = Status.DRAFT
    item.save()
    assert _titles(client.get("/en/search/", {"q": "glioma"})) == []
    item.status = Status.PUBLISHED
    item.save()
    item.delete()
    assert _titles(client.get("/en/search/", {"q": "glioma"})) == []


def test_cjk_query_finds_the_heavy_ion_report(client):
    NewsItemFactory(
        title_en="Heavy-ion report", title_zh_hans="中国重离子治疗临床疗效", body_zh_hans="<p>武威重离子中心</p>"
    )
    response = client.get("/zh-hans/search/", {"q": "重离子"})
    assert _titles(response) == ["中国重离子治疗临床疗效"]
    assert "<mark>重离子</mark>" in response.content.decode()


def test_accents_and_case_are_ignored_for_latin_scripts(client):
    NewsItemFactory(title_en="Liệu pháp PROTON cho trẻ em")
    NewsItemFactory(title_en="Café crème")
    assert _titles(client.get("/en/search/", {"q": "lieu phap proton"})) == ["Liệu pháp PROTON cho trẻ em"]
    response = client.get("/en/search/", {"q": "CAFE"})
    assert _titles(response) == ["Café crème"]
    assert "<mark>Café</mark>" in response.content.decode()


def test_visitor_language_with_fallback(client):
    NewsItemFactory(title_en="Glioma report", title_zh_hans="胶质瘤报告")
    NewsItemFactory(title_en="Glioma in English only")
    # The Chinese visitor sees the Chinese version, and English text where there is no Chinese.
    response = client.get("/zh-hans/search/", {"q": "glioma"})
    assert _titles(response) == ["Glioma in English only"]
    assert 'lang="en"' in response.content.decode()
    assert _titles(client.get("/zh-hans/search/", {"q": "胶质瘤"})) == ["胶质瘤报告"]
    # Indonesian has no text of its own: both English versions are found.
    assert set(_titles(client.get("/id/search/", {"q": "glioma"}))) == {"Glioma report", "Glioma in English only"}


def test_matches_are_highlighted_and_content_escaped(client):
    NewsItemFactory(title_en="Glioma <b>bold</b> & co", body_en="<p>About glioma.</p>")
    html = client.get("/en/search/", {"q": "glioma"}).content.decode()
    assert "<mark>Glioma</mark> &lt;b&gt;bold&lt;/b&gt; &amp; co" in html


@pytest.mark.parametrize(
    "query",
    ["", "   ", "a" * 1000, "' OR 1=1 --", "<script>alert(1)</script>", "%_\\", ".*+?[](){}|^$", "glioma\x00",
     "!!!", "-", '"', "a & b | !c", "重", "🙂"],
)  # fmt: skip
def test_any_query_gets_a_helpful_page(client, query):
    NewsItemFactory(title_en="Glioma report")
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if len(query) > 200:
        assert "at most 200 characters" in html


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%ED%A0%80glioma", "%FF%FE", "%C0%AF"])
def test_undecodable_and_lone_surrogate_bytes_get_a_page(client, raw):
    NewsItemFactory(title_en="Glioma report")
    assert client.get(f"/en/search/?q={raw}").status_code == 200


def test_null_byte_query_still_searches(client):
    NewsItemFactory(title_en="Glioma report")
    assert _titles(client.get("/en/search/", {"q": "gli\x00oma"})) == ["Glioma report"]


def test_like_wildcards_are_literal(client):
    NewsItemFactory(title_en="Glioma report")
    assert _titles(client.get("/en/search/", {"q": "%"})) == []
    assert _titles(client.get("/en/search/", {"q": "_"})) == []


def test_a_search_without_results_says_so_and_offers_the_consultation_form(client):
    NewsItemFactory(title_en="Glioma report")
    html = client.get("/id/search/", {"q": "melanoma"}).content.decode()
    with translation.override("id"):
        assert gettext("Nothing matched your search.") in html
        assert f'href="{reverse("consultations:form")}"' in html


def test_results_are_paginated_and_filterable_by_kind(client):
    NewsItemFactory.create_batch(12, title_en="Glioma news")
    EventFactory(title_en="Glioma event")
    response = client.get("/en/search/", {"q": "glioma"})
    assert response.context["page_obj"].paginator.count == 13
    assert len(_titles(response)) == 10
    assert "page=2" in response.content.decode() and "q=glioma" in response.content.decode()
    assert _titles(client.get("/en/search/", {"q": "glioma", "kind": "event"})) == ["Glioma event"]
    assert client.get("/en/search/", {"q": "glioma", "kind": "nonsense"}).status_code == 200


def test_query_count_is_fixed(client, uncached_pages, django_assert_max_num_queries):
    NewsItemFactory(title_en="Glioma one")
    with django_assert_max_num_queries(4):
        client.get("/en/search/", {"q": "glioma"})
    NewsItemFactory.create_batch(25, title_en="Glioma many")
    ExpertFactory.create_batch(5, name_en="Glioma doctor")
    with django_assert_max_num_queries(4):
        client.get("/en/search/", {"q": "glioma", "page": "2"})


def test_rebuild_command_recreates_the_index(client):
    from search.models import SearchEntry

    NewsItemFactory(title_en="Glioma report", title_zh_hans="胶质瘤报告")
    SearchEntry.objects.all().delete()
    assert _titles(client.get("/en/search/", {"q": "glioma"})) == []
    call_command("rebuild_search_index", stdout=__import__("io").StringIO())
    assert _titles(client.get("/en/search/", {"q": "glioma"})) == ["Glioma report"]
    assert SearchEntry.objects.count() == 2  # English (covering the other languages) and Chinese


def test_search_page_is_not_indexed_by_robots(client):
    assert 'name="robots" content="noindex' in client.get("/en/search/", {"q": "x"}).content.decode()
