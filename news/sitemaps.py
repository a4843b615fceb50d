"""Published news items and events in every language."""

from hospital.sitemaps import TranslatedSitemap, address_fields

from .models import Event, NewsItem


class NewsItemSitemap(TranslatedSitemap):
    changefreq = "weekly"
    lastmod_field = "updated_at"

    def items(self):
        return NewsItem.objects.published().only("pk", "updated_at", *address_fields("slug")).order_by("pk")


class EventSitemap(TranslatedSitemap):
    changefreq = "weekly"
    lastmod_field = "updated_at"

    def items(self):
        return Event.objects.published().only("pk", "updated_at", *address_fields("slug")).order_by("pk")


SITEMAPS = {"news": NewsItemSitemap, "events": EventSitemap}
