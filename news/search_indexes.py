"""The news app's content in the site search: found from the time it is published on."""

from search.indexes import SearchIndex, register
from search.models import SearchEntry

from .models import Event, NewsItem


class PublishableIndex(SearchIndex):
    date_field = "publish_at"

    def public_queryset(self):
        # Scheduled items too: their rows become visible at `publish_at` without re-indexing.
        return self.model._default_manager.released()

    def visible_from(self, obj):
        return obj.publish_at

    def date(self, obj):
        return getattr(obj, self.date_field)


@register(NewsItem)
class NewsItemIndex(PublishableIndex):
    kind = SearchEntry.Kind.NEWS
    text_fields = ("summary", "editors_note", "body")


@register(Event)
class EventIndex(PublishableIndex):
    kind = SearchEntry.Kind.EVENT
    text_fields = ("summary", "venue", "description")
    date_field = "start"
