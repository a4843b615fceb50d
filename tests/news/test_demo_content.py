"""load_demo gives a newcomer a site that feels real: enough news to page through, photos, linked
presenters, upcoming and past events, experts in both hospitals, partial translations."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from experts.models import Expert
from news.models import Category, Event, NewsItem

pytestmark = pytest.mark.django_db

CONFERENCE = "wuwei-team-at-the-2025-brachytherapy-and-intelligent-radiotherapy-conference"


@pytest.fixture
def demo(roles):
    call_command("load_demo", stdout=StringIO())


def test_news_fill_every_category_with_photos_and_page_through(client, demo):
    public = NewsItem.objects.published()
    assert public.count() >= 8
    assert all(item.hero_image_renditions.get("items") and item.hero_image_alt_en for item in public)
    for category in Category.objects.all():
        assert public.filter(category=category).exists(), category.slug
    html = client.get("/en/news/").content.decode()
    assert "?page=2" in html
    assert client.get("/en/news/?page=2").status_code == 200


def test_conference_report_links_presenters_who_are_experts_of_the_site(client, demo):
    report = NewsItem.objects.get(slug_en=CONFERENCE)
    for language in ("en", "zh-hans"):
        html = client.get(f"/{language}/news/{getattr(report, 'slug_' + language.replace('-', '_'))}/")
        html = html.content.decode()
        for slug in ("ye-yancheng", "zhang-mengling", "ma-tong"):
            expert = Expert.objects.get(slug_en=slug)
            with translation.override(language):
                assert f'href="{expert.get_absolute_url()}" rel=' in html, (language, slug)
    # Li Xiaojun (Lanzhou) is not an expert of the site: named, not linked.
    assert "Li Xiaojun" in report.body_en and "experts/li-xiaojun" not in report.body_en
    assert {e.slug_en for e in report.related_experts.all()} == {"ye-yancheng", "zhang-mengling", "ma-tong"}


def test_events_are_dated_from_today_upcoming_and_past_one_online(demo):
    events = Event.objects.published()
    assert events.count() >= 4
    upcoming, past = events.upcoming(), events.past()
    assert upcoming.count() >= 2 and past.count() >= 2
    assert upcoming.filter(online=True).exists()
    now = timezone.now()
    assert events.filter(start__range=(now, now + timedelta(days=60))).exists()
    assert events.filter(start__range=(now - timedelta(days=60), now)).exists()


def test_experts_work_in_both_hospitals_in_several_specialties(demo):
    experts = Expert.objects.published()
    assert experts.values("hospital").distinct().count() == 2
    specialties = {s.slug for e in experts for s in e.specialties.all() if s.kind == "specialty"}
    assert len(specialties) >= 5


@pytest.mark.parametrize(("language", "translated_text"), [
    ("th", "ล่ามภาษาไทย"), ("vi", "Phiên dịch"), ("ms", "Jurubahasa"), ("id", "Penerjemah"),
    ("bn", "বাংলাদেশের রোগীদের"), ("ar", "العلاج بأيونات الكربون"),
])  # fmt: skip
def test_content_is_partly_translated_so_fallback_notices_show(client, demo, language, translated_text):
    html = client.get(f"/{language}/news/").content.decode()
    assert translated_text in html
    # Not everything is translated: a report in English only carries the fallback notice.
    item = NewsItem.objects.get(slug_en="heavy-ions-for-bladder-and-breast-cancer-at-the-gansu-oncology-forum")
    page = client.get(f"/{language}/news/{item.slug_en}/").content.decode()
    assert 'lang="en"' in page and "fallback" in page


def test_a_second_run_changes_nothing(demo):
    stamps = sorted(NewsItem.objects.values_list("updated_at", flat=True))
    event_stamps = sorted(Event.objects.values_list("updated_at", flat=True))
    photos = sorted(NewsItem.objects.values_list("hero_image", flat=True))
    call_command("load_demo", stdout=StringIO())
    assert sorted(NewsItem.objects.values_list("updated_at", flat=True)) == stamps
    assert sorted(Event.objects.values_list("updated_at", flat=True)) == event_stamps
    assert sorted(NewsItem.objects.values_list("hero_image", flat=True)) == photos
