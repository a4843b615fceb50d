"""Template tags of the news app: cards, home page sections, JSON-LD and event times."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime

from hospital.i18n import field_in_language, inline_text, lang_attribute
from hospital.structured_data import json_ld_script
from hospital.templatetags.site_tags import machine_datetime, picture
from news import structured_data
from news.models import Event, NewsItem

register = template.Library()


@register.simple_tag
def news_card(item, heading_level=3):
    """`{% news_card item heading_level=2 %}`: a news item's card in a list (news list, home).

    Written here, not as an include: a list page shows twelve. Fallback text carries `lang`."""
    title = field_in_language(item, "title")
    summary = field_in_language(item, "summary")
    image = ""
    if item.hero_picture:
        alt = field_in_language(item, "hero_image_alt")
        image = format_html("  {}", picture(item.hero_image_renditions, alt=alt, sizes="(min-width: 768px) 33vw, 100vw",
                                            css_class="card-img-top"))  # fmt: skip
    category = ""
    if item.category_id:
        category = format_html('<p class="small text-uppercase text-body-secondary mb-1">{}</p>\n    ',
                               inline_text(item.category, "name"))  # fmt: skip
    published = localtime(item.publish_at) if item.publish_at else None
    text = ""
    if summary:
        text = format_html('\n    <p class="card-text"{}>{}</p>', lang_attribute(summary),
                           Truncator(summary).words(40, truncate=" …"))  # fmt: skip
    return format_html(
        '<article class="card h-100 news-card">\n{}  <div class="card-body">\n    {}'
        '<h{} class="h5 card-title"><a class="stretched-link" href="{}"{}>{}</a></h{}>\n'
        '    <p class="small text-body-secondary mb-2"><time datetime="{}">{}</time></p>{}\n  </div>\n</article>',
        image, category, heading_level, item.get_absolute_url(), lang_attribute(title), title, heading_level,
        machine_datetime(published), date_format(published, "DATE_FORMAT") if published else "", text,
    )  # fmt: skip


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
