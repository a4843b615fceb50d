from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from news.models import Event, Status

from .factories import EventFactory, HospitalFactory

pytestmark = pytest.mark.django_db


def test_upcoming_and_past_lists(client):
    EventFactory(title_en="Sharing session")
    EventFactory(title_en="Old conference", start=timezone.now() - timedelta(days=30))
    EventFactory(title_en="Draft event", status=Status.DRAFT)
    upcoming = client.get("/en/events/").content.decode()
    past = client.get("/en/events/past/").content.decode()
    assert "Sharing session" in upcoming and "Old conference" not in upcoming and "Draft event" not in upcoming
    assert "Old conference" in past and "Sharing session" not in past


def test_event_list_query_count_is_fixed(client, django_assert_max_num_queries):
    EventFactory()
    with django_assert_max_num_queries(5):
        client.get("/en/events/")
    EventFactory.create_batch(15)
    with django_assert_max_num_queries(5):
        client.get("/en/events/?page=2")


def test_event_times_are_shown_in_the_hospital_time_zone_with_the_zone_named(client):
    hospital = HospitalFactory(time_zone="Asia/Shanghai")
    event = EventFactory(hospital=hospital, start=datetime(2030, 9, 13, 1, 0, tzinfo=UTC),
                         end=datetime(2030, 9, 15, 9, 0, tzinfo=UTC))  # fmt: skip
    html = client.get(event.get_absolute_url()).content.decode()
    assert "9 a.m." in html  # 01:00 UTC is 09:00 in Shanghai
    assert "Asia/Shanghai (UTC+08:00)" in html
    assert 'datetime="2030-09-13T09:00:00+08:00"' in html


def test_event_page_links_to_consultation_with_the_event_preselected(client):
    event = EventFactory(title_en="Minimally invasive sharing session")
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/en/consultation/?event={event.slug_en}"' in html
    assert '"@type":"Event"' in html and '"startDate":"' in html


def test_ics_download(client):
    event = EventFactory(title_en="Sharing session", venue_en="Guangzhou")
    response = client.get(event.get_calendar_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Sharing session"
    assert vevent.decoded("DTSTART") == event.start.replace(microsecond=0)
    assert str(vevent.decoded("DTSTART").tzinfo) == "Asia/Shanghai"
    assert vevent.decoded("DTEND") == event.end.replace(microsecond=0)


def test_draft_event_has_no_ics_and_no_page(client):
    event = EventFactory(status=Status.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(event.get_calendar_url()).status_code == 404


def test_queryset_api_used_by_consultations():
    event = EventFactory(title_en="Sharing session", title_zh_hans="分享会")
    EventFactory(start=timezone.now() - timedelta(days=10))
    assert list(Event.objects.published().upcoming()) == [event]
    assert Event.objects.by_slug(event.slug_en).get() == event


def test_event_cannot_end_before_it_starts():
    from django.core.exceptions import ValidationError

    event = EventFactory.build(
        hospital=HospitalFactory(), start=timezone.now(), end=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "end" in error.value.message_dict
