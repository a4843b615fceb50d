"""Each translated field has a state per language, kept current by every write path."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from news.models import NewsItem
from tests.hospital.factories import PageFactory
from tests.news.factories import NewsItemFactory
from translations.models import Status, TranslationState
from translations.state import sync_queryset

pytestmark = pytest.mark.django_db


def status(obj, field, language="zh-hans"):
    state = TranslationState.objects.for_object(obj).filter(field=field, language=language).first()
    return state.status if state else None


def test_new_content_is_missing_in_every_other_language_and_never_for_empty_english():
    item = NewsItemFactory(editors_note_en="")
    assert status(item, "body") == Status.MISSING
    assert status(item, "body", "ar") == Status.MISSING
    assert status(item, "editors_note") is None  # nothing to translate
    assert status(item, "slug") is None  # derived from the title
    assert not TranslationState.objects.filter(language="en").exists()


def test_saving_a_translation_makes_it_current_and_changing_the_english_makes_it_outdated():
    item = NewsItemFactory()
    item.body_zh_hans = "<p>正文。</p>"
    item.save()
    assert status(item, "body") == Status.CURRENT
    item.body_en = "<p>Body text, revised.</p>"
    item.save()
    assert status(item, "body") == Status.OUTDATED
    assert status(item, "body", "th") == Status.MISSING
    # Saving again without touching the translation keeps it outdated.
    item.title_en = item.title_en + "!"
    item.save()
    assert status(item, "body") == Status.OUTDATED
    item.body_zh_hans = "<p>修订后的正文。</p>"
    item.save()
    assert status(item, "body") == Status.CURRENT


def test_unsanitised_rich_text_does_not_look_changed_after_reloading():
    item = NewsItemFactory(body_en='<p onclick="x()">Body</p>', body_zh_hans='<p onclick="y()">正文</p>')
    reloaded = NewsItem.objects.get(pk=item.pk)
    reloaded.save()
    assert status(reloaded, "body") == Status.CURRENT


def test_bulk_update_paths_call_sync_queryset():
    item = NewsItemFactory(body_zh_hans="<p>正文</p>")
    NewsItem.objects.filter(pk=item.pk).update(body_en="<p>Changed in bulk.</p>")
    sync_queryset(NewsItem.objects.filter(pk=item.pk))
    assert status(item, "body") == Status.OUTDATED


def test_deleting_content_deletes_its_states():
    page = PageFactory()
    assert TranslationState.objects.for_object(page).exists()
    page.delete()
    assert not TranslationState.objects.for_object(page).exists()


def test_rebuild_command_recreates_states():
    item = NewsItemFactory()
    TranslationState.objects.all().delete()
    call_command("sync_translation_state", stdout=io.StringIO())
    assert status(item, "title") == Status.MISSING


def test_translation_status_reports_missing_and_outdated():
    PageFactory(title_en="Brachytherapy", body_en="<p>x</p>")
    about = PageFactory(title_en="About", title_zh_hans="关于我们", body_en="<p>x</p>", body_zh_hans="<p>y</p>")
    out = io.StringIO()
    call_command("translation_status", "--language", "zh-hans", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.startswith("hospital.Page"))
    assert line.split() == ["hospital.Page", "(2)", "1/0"]
    about.body_en = "<p>x, revised</p>"
    about.save()
    out = io.StringIO()
    call_command("translation_status", "--language", "zh-hans", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.startswith("hospital.Page"))
    assert line.split() == ["hospital.Page", "(2)", "1/1"]


def test_public_page_says_when_the_english_changed_under_the_translation(client, django_assert_max_num_queries):
    item = NewsItemFactory(title_zh_hans="新闻", summary_zh_hans="摘要", body_zh_hans="<p>正文</p>")
    from django.utils.translation import override

    with override("zh-hans"):
        url = item.get_absolute_url()
    response = client.get(url)
    assert "outdated-notice" not in response.text
    item.body_en = "<p>Body text, with new results.</p>"
    item.save()
    with django_assert_max_num_queries(20):
        response = client.get(url)
    html = response.text
    assert 'class="outdated-notice' in html
    assert 'lang="zh-Hans"' in html.split('class="outdated-notice', 1)[1][:200]
    with override("en"):
        english_url = item.get_absolute_url()
    assert f'href="{english_url}" hreflang="en"' in html
    # English visitors see no notice: their text is the source.
    assert "outdated-notice" not in client.get(english_url).text


def test_admin_edit_of_the_english_marks_translations_outdated(client, editor):
    from tests.backoffice.test_revisions import admin_form

    item = NewsItemFactory(body_zh_hans="<p>正文</p>")
    client.force_login(editor)
    data = admin_form(item, body_en="<p>New English body.</p>", body_zh_hans="<p>正文</p>")
    response = client.post(reverse("admin:news_newsitem_change", args=[item.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert status(item, "body") == Status.OUTDATED
