"""iCalendar (.ics) export of an event, so visitors can add it to their own calendar."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from hospital.i18n import field_in_language

from .models import Event


def event_calendar(event: Event, request):
    """The event as an iCalendar document (bytes) in the visitor's language."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//news//{get_language()}")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{request.get_host()}")
    item.add("dtstamp", timezone.now())
    # Times in the hospital's zone, so calendars show and convert them correctly.
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    item.add("summary", str(field_in_language(event, "title")))
    summary = str(field_in_language(event, "summary"))
    url = request.build_absolute_uri(event.get_absolute_url())
    item.add("description", f"{summary}\n\n{url}".strip())
    item.add("url", url)
    location = event.online_url if event.online and not event.venue else str(field_in_language(event, "venue"))
    if location:
        item.add("location", location)
    item.add("last-modified", event.updated_at)
    calendar.add_component(item)
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()
    return calendar.to_ical()
