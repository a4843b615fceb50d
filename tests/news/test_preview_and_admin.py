from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from news.models import NewsItem, Status
from tests.hospital.factories import UserFactory, staff_in

from .factories import EventFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(roles):
    return staff_in("Editor")


@pytest.fixture
def translator(roles):
    return staff_in("Translator")


def test_editor_previews_a_draft_in_any_language(client, editor):
    item = NewsItemFactory(title_en="Draft report", title_zh_hans="草稿报告", status=Status.DRAFT)
    client.force_login(editor)
    for url, text in (
        (f"/en/news/preview/{item.pk}/", "Draft report"),
        (f"/zh-hans/news/preview/{item.pk}/", "草稿报告"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert text in html and 'content="noindex, nofollow"' in html
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    event = EventFactory(status=Status.REVIEW)
    assert client.get(f"/en/events/preview/{event.pk}/").status_code == 200


def test_preview_is_closed_to_the_public_and_to_staff_without_permission(client, django_user_model):
    item = NewsItemFactory(status=Status.DRAFT)
    response = client.get(f"/en/news/preview/{item.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(UserFactory(username="staff"))
    assert client.get(f"/en/news/preview/{item.pk}/").status_code == 403
    assert client.get(item.get_absolute_url()).status_code == 404


def test_admin_change_form_links_to_previews(client, editor):
    item = NewsItemFactory(status=Status.DRAFT)
    client.force_login(editor)
    html = client.get(f"/admin/news/newsitem/{item.pk}/change/").content.decode()
    assert f"/zh-hans/news/preview/{item.pk}/" in html and f"/ar/news/preview/{item.pk}/" in html


def test_admin_creates_item_with_key_figures_and_sets_author(client, editor):
    client.force_login(editor)
    data = {
        "title_en": "New report", "summary_en": "Summary", "body_en": "<p>Body<script>x</script></p>",
        "status": "published", "publish_at_0": "2025-12-10", "publish_at_1": "09:00:00",
        "key_figures-TOTAL_FORMS": "1", "key_figures-INITIAL_FORMS": "0",
        "key_figures-0-label_en": "Median overall survival", "key_figures-0-value_en": "28 months",
        "key_figures-0-order": "1",
    }  # fmt: skip
    response = client.post("/admin/news/newsitem/add/", data)
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    item = NewsItem.objects.get(title_en="New report")
    assert item.author == editor and item.status == "published" and "script" not in item.body_en
    assert item.key_figures.get().value_en == "28 months"


def test_translator_cannot_publish(client, translator):
    item = NewsItemFactory(status=Status.DRAFT)
    client.force_login(translator)
    html = client.get(f"/admin/news/newsitem/{item.pk}/change/").content.decode()
    assert 'name="status"' not in html
    client.post("/admin/news/newsitem/", {"action": "publish", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_publish_action_keeps_the_scheduled_time(client, editor):
    later = timezone.now() + timedelta(days=3)
    item = NewsItemFactory(status=Status.DRAFT, publish_at=later)
    client.force_login(editor)
    client.post("/admin/news/newsitem/", {"action": "publish", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and not item.is_public
    assert client.get(item.get_absolute_url()).status_code == 404


def test_roles_grant_publish_permission_to_editors_only(editor, translator):
    assert editor.has_perm("news.publish_newsitem") and editor.has_perm("news.publish_event")
    assert not translator.has_perm("news.publish_newsitem")
    assert Permission.objects.filter(codename="publish_event").exists()
