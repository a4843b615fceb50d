"""Translators find their work in a queue, translate beside the English source, and do nothing else."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from news.models import NewsItem, Status
from tests.news.factories import NewsItemFactory
from tests.staff import verified_login
from translations.models import Status as TState
from translations.models import TranslationState

pytestmark = pytest.mark.django_db


def translate_url(obj, language="zh-hans"):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:translations_translate", args=[content_type.pk, obj.pk, language])


def translation_data(**values):
    return {f"t-{name}": value for name, value in values.items()}


def test_queue_lists_new_content_in_the_translators_languages_newest_first(zh_client, django_assert_max_num_queries):
    older = NewsItemFactory(title_en="Older report")
    newer = NewsItemFactory(title_en="Proton therapy update")
    with django_assert_max_num_queries(15):
        response = zh_client.get(reverse("admin:translations_queue"))
    html = response.text
    assert response.status_code == 200
    assert html.index("Proton therapy update") < html.index("Older report")
    assert translate_url(newer) in html
    assert 'data-language="ar"' not in html  # not their language
    assert zh_client.get(reverse("admin:translations_queue") + "?language=ar").status_code == 404
    assert older


def test_translation_view_shows_the_source_beside_the_target_and_saving_marks_current(zh_client, translator):
    item = NewsItemFactory(title_en="Heavy-ion therapy", body_en="<p>Results <strong>improved</strong>.</p>")
    response = zh_client.get(translate_url(item))
    assert response.status_code == 200
    html = response.text
    assert '<td lang="en" dir="ltr" class="translate-source">' in html
    assert "<strong>improved</strong>" in html
    assert 'name="t-body"' in html and 'name="t-title"' in html
    assert 'name="t-title_en"' not in html and "t-status" not in html
    response = zh_client.post(translate_url(item), translation_data(
        title="重离子治疗", summary="摘要", body="<p>结果<strong>改善</strong>。</p><script>x()</script>",
        editors_note="", hero_image_alt=""))  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_zh_hans == "重离子治疗"
    assert item.body_zh_hans == "<p>结果<strong>改善</strong>。</p>"  # sanitised
    assert item.title_en == "Heavy-ion therapy"
    assert item.status == Status.PUBLISHED
    states = TranslationState.objects.for_object(item).filter(language="zh-hans")
    assert {s.field: s.status for s in states if s.field in {"title", "body"}} == {
        "title": "current",
        "body": "current",
    }
    revision = item.history.order_by("-history_date").first()
    assert revision.history_user == translator
    assert revision.history_change_reason == "translation"


def test_outdated_field_is_highlighted_with_a_diff_of_the_english(zh_client):
    item = NewsItemFactory(body_en="<p>Median survival was 20 months.</p>", body_zh_hans="<p>中位生存期为20个月。</p>")
    item.body_en = "<p>Median survival was 28 months.</p>"
    item.save()
    html = zh_client.get(translate_url(item)).text
    row = html.split('id="field-body"', 1)[1].split("</tr>", 1)[0]
    assert row.startswith(' class="translate-row is-outdated"')
    assert "<del>" in row and "20" in row and "<ins>" in row and "28" in row
    zh_client.post(translate_url(item), translation_data(title="", summary="", body="<p>中位生存期为28个月。</p>"))
    assert TranslationState.objects.for_object(item).get(field="body", language="zh-hans").status == TState.CURRENT


def test_translator_cannot_translate_other_languages_publish_or_delete(zh_client, translator):
    item = NewsItemFactory(status=Status.DRAFT)
    assert zh_client.get(translate_url(item, "ar")).status_code == 403
    assert zh_client.get(translate_url(item, "en")).status_code == 404
    # The translation view ignores anything but the target language's fields.
    zh_client.post(translate_url(item), {"t-title": "标题", "title_en": "Hacked", "status": "published",
                                         "t-status": "published"})  # fmt: skip
    item.refresh_from_db()
    assert item.title_en != "Hacked" and item.status == Status.DRAFT
    assert not translator.has_perm("news.publish_newsitem")
    assert not translator.has_perm("news.delete_newsitem")
    response = zh_client.post(reverse("admin:news_newsitem_delete", args=[item.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert NewsItem.objects.filter(pk=item.pk).exists()
    # Translators cannot widen their own languages.
    assert zh_client.get(reverse("admin:translations_translatorlanguages_changelist")).status_code == 403


def test_overview_counts_content_types_by_language_and_links_into_the_queue(client, editor):
    NewsItemFactory()
    done = NewsItemFactory(title_zh_hans="标题", summary_zh_hans="摘要", body_zh_hans="<p>正文</p>")
    done.body_en = "<p>Changed.</p>"
    done.save()
    client.force_login(editor)
    response = client.get(reverse("admin:translations_overview"))
    assert response.status_code == 200
    news_type = ContentType.objects.get_for_model(NewsItem).pk
    html = response.text
    assert f"?language=zh-hans&amp;type={news_type}&amp;status=outdated" in html
    assert f"?language=zh-hans&amp;type={news_type}&amp;status=missing" in html
    # Editors look, translators translate.
    assert client.get(translate_url(done)).status_code == 403


def test_workspace_is_closed_to_staff_without_the_role(client, roles):
    from tests.hospital.factories import staff_in

    verified_login(client, staff_in("Coordinator", username="coord"))
    assert client.get(reverse("admin:translations_queue")).status_code == 403
    assert client.get(reverse("admin:translations_import")).status_code == 403


def test_admin_home_tells_translators_what_waits_in_their_languages(zh_client):
    NewsItemFactory()
    html = zh_client.get(reverse("admin:index")).text
    assert "?language=zh-hans&amp;status=missing" in html
    assert "language=ar" not in html


def test_in_the_regular_admin_a_translator_edits_only_their_languages(zh_client):
    from tests.backoffice.test_revisions import admin_form

    item = NewsItemFactory(title_en="Original", body_en="<p>English</p>")
    page = zh_client.get(reverse("admin:news_newsitem_change", args=[item.pk])).text
    assert 'name="title_zh_hans"' in page
    assert 'name="title_en"' not in page and 'name="title_ar"' not in page and 'name="status"' not in page
    data = admin_form(item, title_en="Hacked", title_zh_hans="原文", title_ar="مخترق", status="draft")
    response = zh_client.post(reverse("admin:news_newsitem_change", args=[item.pk]), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title_en, item.title_zh_hans, item.title_ar) == ("Original", "原文", None)
    assert item.status == Status.PUBLISHED
