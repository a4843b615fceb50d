"""Template tags of the news app: home page sections, JSON-LD and event times."""

from django import template
from django.utils.formats import date_format

from hospital.structured_data import json_ld_script
from news import structured_data
from news.models import Event, NewsItem

register = template.Library()


@register.inclusion_tag("news/includes/_home_news.html")
def latest_news(count=3):
    return {"items": list(NewsItem.objects.published().for_listing().for_language().newest_first()[:count])}


@register.inclusion_tag("events/includes/_home_events.html")
def upcoming_events(count=3):
    return {"events": list(Event.objects.published().for_listing().for_language().upcoming()[:count])}


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, item):
    return json_ld_script(structured_data.news_article(item, context["request"]))


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    return json_ld_script(structured_data.event(event, context["request"]))


@register.simple_tag
def event_when(event):
    """The dates and hours in the hospital's local time, with the zone named."""
    start, end = event.local_start, event.local_end
    if start.date() == end.date():
        days = date_format(start, "DATE_FORMAT")
    else:
        days = f"{date_format(start, 'DATE_FORMAT')} – {date_format(end, 'DATE_FORMAT')}"
    hours = f"{date_format(start, 'TIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"
    return f"{days}, {hours} {zone_name(event)}"


@register.simple_tag
def zone_name(event):
    """ "Asia/Shanghai (UTC+08:00)": the hospital's zone and its offset at the event's start."""
    offset = event.local_start.strftime("%z")
    return f"{event.hospital.time_zone} (UTC{offset[:3]}:{offset[3:]})"


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An absolute URL for share tags (media may already live on another host)."""
    return context["request"].build_absolute_uri(url) if url else ""
