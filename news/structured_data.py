"""schema.org JSON-LD for news items and events (what search engines and link previews read)."""

from django.conf import settings

from hospital.i18n import field_in_language


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def news_article(item, request):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": str(field_in_language(item, "title"))[:110],
        "description": str(field_in_language(item, "summary")),
        "datePublished": item.publish_at.isoformat(),
        "dateModified": item.updated_at.isoformat(),
        "mainEntityOfPage": _absolute(request, item.get_absolute_url()),
        "inLanguage": field_in_language(item, "title").language,
        "publisher": {"@type": "Organization", "name": str(settings.SITE_NAME)},
    }
    if image := _absolute(request, item.hero_picture.largest_url):
        data["image"] = [image]
    if item.author:
        data["author"] = {"@type": "Person", "name": item.author.get_full_name() or str(settings.SITE_NAME)}
    else:
        data["author"] = {"@type": "Organization", "name": str(settings.SITE_NAME)}
    return data


def event(event, request):
    online = event.online and not event.venue
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": str(field_in_language(event, "title")),
        "description": str(field_in_language(event, "summary")),
        "startDate": event.local_start.isoformat(),
        "endDate": event.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "url": _absolute(request, event.get_absolute_url()),
        "inLanguage": field_in_language(event, "title").language,
        "organizer": {"@type": "Organization", "name": event.hospital.name, "url": event.hospital.website or None},
    }
    if event.online and event.venue:
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
    elif online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    locations = []
    if event.venue:
        address = ", ".join(p for p in (event.hospital.address, event.hospital.city, event.hospital.country) if p)
        locations.append({"@type": "Place", "name": str(field_in_language(event, "venue")), "address": address})
    if event.online:
        locations.append({"@type": "VirtualLocation", "url": event.online_url or data["url"]})
    data["location"] = locations[0] if len(locations) == 1 else locations
    return data
