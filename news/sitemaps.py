"""Published news items and events in every language."""

from hospital.sitemaps import TranslatedSitemap

from .models import Event, NewsItem


class NewsItemSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return NewsItem.objects.published().only("pk", "updated_at", *_slug_fields(NewsItem)).order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(TranslatedSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().only("pk", "updated_at", *_slug_fields(Event)).order_by("pk")

    def lastmod(self, event):
        return event.updated_at


def _slug_fields(model):
    return [field.name for field in model._meta.fields if field.name.startswith("slug")]


SITEMAPS = {"news": NewsItemSitemap, "events": EventSitemap}
