from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from news.models import Event, NewsItem, Status
from tests.sitemaps import sitemap_text

from .factories import EventFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_news_and_events_in_every_language(client):
    item = NewsItemFactory(title_en="Public report", title_zh_hans="公开报告")
    NewsItemFactory(title_en="Hidden future", publish_at=timezone.now() + timedelta(days=1))
    NewsItemFactory(title_en="Hidden draft", status=Status.DRAFT)
    event = EventFactory()
    xml = sitemap_text(client)
    assert f"/en/news/{item.slug_en}/" in xml
    assert "/zh-hans/news/%E5%85%AC%E5%BC%80%E6%8A%A5%E5%91%8A/" in xml
    assert f"/en/events/{event.slug_en}/" in xml
    assert "hidden-future" not in xml and "hidden-draft" not in xml


def test_demo_is_idempotent_and_keeps_the_scheduled_item_hidden(client):
    call_command("load_demo", stdout=StringIO())
    counts = NewsItem.objects.count(), Event.objects.count()
    stamps = sorted(NewsItem.objects.values_list("updated_at", flat=True))
    call_command("load_demo", stdout=StringIO())
    assert (NewsItem.objects.count(), Event.objects.count()) == counts
    assert sorted(NewsItem.objects.values_list("updated_at", flat=True)) == stamps

    report = NewsItem.objects.get(slug_en="clinical-efficacy-of-heavy-ion-therapy-in-china")
    html = client.get(report.get_absolute_url()).content.decode()
    assert "28 months" in html and "2,466" in html
    assert client.get("/zh-hans/news/").status_code == 200
    assert "重离子" in client.get(report.get_absolute_url().replace("/en/", "/zh-hans/")).content.decode()

    scheduled = NewsItem.objects.get(slug_en="heavy-ion-center-opens-second-treatment-room")
    assert not scheduled.is_public
    assert "second treatment room" not in client.get("/en/news/").content.decode()
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    session = Event.objects.get(slug_en="minimally-invasive-technology-sharing-session")
    assert session in Event.objects.published().upcoming()
    assert Event.objects.published().past().exists()
    assert "Sharing Session" in client.get("/en/").content.decode()
