"""The anonymous page cache: served when nothing shown changed, fresh on the very next request after
any write (every write path), a scheduled time passing, and never for staff or sessions."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from experts.models import Expert
from news.models import NewsItem, Status
from tests.experts.factories import ExpertFactory
from tests.news.factories import CategoryFactory, EventFactory, NewsItemFactory

from .factories import PageFactory, staff_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response, response.content.decode()


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, django_assert_num_queries):
    NewsItemFactory(title_en="Heavy-ion therapy report")
    first, html = get(client, "/en/news/")
    assert first["X-Page-Cache"] == "miss" and "Heavy-ion therapy report" in html
    with django_assert_num_queries(0):
        second, again = get(client, "/en/news/")
    assert second["X-Page-Cache"] == "hit" and again == html


def test_cached_per_url_and_language(client):
    NewsItemFactory(title_en="English title", title_zh_hans="中文标题")
    get(client, "/en/news/")
    response, html = get(client, "/zh-hans/news/")
    assert response["X-Page-Cache"] == "miss" and "中文标题" in html
    assert get(client, "/en/news/?page=1")[0]["X-Page-Cache"] == "miss"


def test_editing_publishing_unpublishing_and_deleting_are_seen_on_the_next_request(client):
    item = NewsItemFactory(title_en="First title")
    url = item.get_absolute_url()
    assert "First title" in get(client, "/en/news/")[1]
    get(client, url)
    item.title_en = "Second title"
    item.save()
    assert "Second title" in get(client, "/en/news/")[1]
    assert "Second title" in get(client, url)[1]
    item.status = Status.DRAFT
    item.save()
    assert "Second title" not in get(client, "/en/news/")[1]
    assert client.get(url).status_code == 404
    item.status = Status.PUBLISHED
    item.save()
    assert "Second title" in get(client, "/en/")[1]
    item.delete()
    assert "Second title" not in get(client, "/en/")[1]


def test_queryset_update_and_bulk_create_invalidate_too(client):
    NewsItemFactory(title_en="Before update")
    assert "Before update" in get(client, "/en/news/")[1]
    NewsItem.objects.update(title_en="After update")
    assert "After update" in get(client, "/en/news/")[1]
    category = CategoryFactory()
    NewsItem.objects.bulk_create([
        NewsItem(title_en="Bulk created", slug_en="bulk-created", category=category, status=Status.PUBLISHED,
                 publish_at=timezone.now() - timedelta(hours=1)),
    ])  # fmt: skip
    assert "Bulk created" in get(client, "/en/news/")[1]


def test_a_change_to_shared_parts_refreshes_every_page(client):
    """The menu and the footer are on every page: a new menu page shows on cached pages at once."""
    ExpertFactory(name_en="Dr Wang Ligen")
    get(client, "/en/experts/")
    PageFactory(title_en="Visitor information", slug_en="visitors", in_menu=True, published=True)
    response, html = get(client, "/en/experts/")
    assert response["X-Page-Cache"] == "miss" and "Visitor information" in html


def test_expert_profile_and_directory_follow_an_edit(client):
    expert = ExpertFactory(name_en="Dr Old Name")
    get(client, "/en/experts/")
    get(client, expert.get_absolute_url())
    Expert.objects.filter(pk=expert.pk).update(name_en="Dr New Name")
    assert "Dr New Name" in get(client, "/en/experts/")[1]
    assert "Dr New Name" in get(client, expert.get_absolute_url())[1]


def sleep_until(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)


def test_scheduled_item_appears_when_its_time_comes_without_any_write(client):
    get(client, "/en/news/")  # warm (templates compiled), so the two reads below fit in the window
    publish_at = timezone.now() + timedelta(seconds=5)
    NewsItemFactory(title_en="Scheduled report", publish_at=publish_at)
    assert "Scheduled report" not in get(client, "/en/news/")[1]
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "hit"
    sleep_until(publish_at)
    response, html = get(client, "/en/news/")
    assert response["X-Page-Cache"] == "miss" and "Scheduled report" in html


def test_an_event_moves_to_the_past_when_it_ends(client):
    get(client, "/en/events/")  # warm (templates compiled), so the two reads below fit in the window
    end = timezone.now() + timedelta(seconds=5)
    EventFactory(title_en="Sharing session", start=timezone.now() - timedelta(hours=1), end=end)
    assert "Sharing session" in get(client, "/en/events/")[1]
    assert get(client, "/en/events/")[0]["X-Page-Cache"] == "hit"
    sleep_until(end)
    assert "Sharing session" not in get(client, "/en/events/")[1]


def test_staff_and_visitors_with_a_session_bypass_the_cache(client, roles):
    NewsItemFactory()
    get(client, "/en/news/")
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "hit"
    staff = Client()
    staff.force_login(staff_in("Editor"))
    assert "X-Page-Cache" not in get(staff, "/en/news/")[0]
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_previews_are_never_stored(client, roles):
    item = NewsItemFactory(status=Status.DRAFT, title_en="Draft only")
    editor = Client()
    editor.force_login(staff_in("Editor"))
    assert "Draft only" in get(editor, f"/en/news/preview/{item.pk}/")[1]
    assert client.get(f"/en/news/preview/{item.pk}/").status_code == 302


def test_admin_bulk_action_refreshes_public_pages(client, roles):
    item = NewsItemFactory(status=Status.DRAFT, title_en="Waiting for review")
    assert "Waiting for review" not in get(client, "/en/news/")[1]
    editor = Client()
    editor.force_login(staff_in("Editor"))
    response = editor.post("/admin/news/newsitem/", {"action": "publish", "_selected_action": [item.pk]})
    assert response.status_code == 302
    assert "Waiting for review" in get(client, "/en/news/")[1]


def test_feed_sitemap_and_search_follow_changes(client):
    item = NewsItemFactory(title_en="Proton therapy", slug_en="proton-therapy")
    for url in ("/en/news/feed/", "/sitemap-news.xml", "/en/search/?q=proton"):
        assert "proton" in get(client, url)[1].lower()
    item.delete()
    for url in ("/en/news/feed/", "/sitemap-news.xml"):
        assert "proton-therapy" not in get(client, url)[1]
    assert "Proton therapy" not in get(client, "/en/search/?q=proton")[1]


def bump_elsewhere(*tables):
    """A write in another process: it replaces the tokens in the shared cache, nothing in this one."""
    code = f"import django; django.setup(); from hospital import pagecache; pagecache.bump({set(tables)!r})"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hospital.settings",
           "DJANGO_PAGE_CACHE_DIR": str(settings.PAGE_CACHE_DIR)}  # fmt: skip
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)


def test_a_write_in_another_process_is_seen_here(client):
    """The version tokens live in a cache every process shares (files here, Redis when configured)."""
    NewsItemFactory()
    get(client, "/en/news/")
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "hit"
    bump_elsewhere("news_newsitem")
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "miss"


def test_a_write_elsewhere_to_what_a_page_did_not_show_keeps_it(client):
    """Every write moves the generation; a page whose own tables kept their tokens is still served,
    in this process and after the next write too, and goes stale with the first write it showed."""
    NewsItemFactory()
    get(client, "/en/news/")
    bump_elsewhere("experts_expert")
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "hit"
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "hit"
    bump_elsewhere("news_event")
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "hit"
    bump_elsewhere("news_newsitem")
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "miss"
    assert get(client, "/en/news/")[0]["X-Page-Cache"] == "hit"


def test_cached_pages_answer_conditional_requests(client):
    NewsItemFactory()
    first, _ = get(client, "/en/news/")
    assert first["X-Page-Cache"] == "miss"
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/en/news/", headers={"if-none-match": etag}).status_code == 304
    not_modified = client.get("/en/news/", headers={"if-modified-since": modified})
    assert not_modified.status_code == 304 and not_modified["X-Page-Cache"] == "hit"


def test_compressed_and_plain_copies_are_kept_apart(client):
    NewsItemFactory(title_en="Compressed or not")
    zipped = client.get("/en/news/", headers={"accept-encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    plain = client.get("/en/news/")
    assert "Content-Encoding" not in plain and "Compressed or not" in plain.content.decode()
    assert client.get("/en/news/", headers={"accept-encoding": "gzip"})["X-Page-Cache"] == "hit"
