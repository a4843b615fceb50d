"""RSS 2.0 and Atom feeds of the news, one per language."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hospital.i18n import DEFAULT_LANGUAGE, localized

from .models import NewsItem

FEED_LENGTH = 20


class LatestNewsFeed(Feed):
    """Published items that have a title in the feed's language (fallback text is not syndicated).

    One instance serves every request (it is created in the URLconf), so it keeps no state:
    the request's language is the feed's object, which the framework passes to `items()`.
    """

    def get_object(self, request, *args, **kwargs):
        return get_language() or DEFAULT_LANGUAGE

    def title(self):
        return _("%(site)s: news") % {"site": settings.SITE_NAME}

    def description(self):
        return _("News and clinical reports from our hospitals.")

    subtitle = description

    def link(self):
        return reverse("news:list")

    def feed_url(self):
        return reverse("news:feed")

    def items(self, language):
        items = NewsItem.objects.published().for_listing().newest_first()
        if language != DEFAULT_LANGUAGE:
            title = localized("title", language)
            items = items.exclude(**{f"{title}__isnull": True}).exclude(**{title: ""})
        return items[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name] if item.category else []

    def item_guid(self, item):
        # Stable across languages and slug edits.
        # The framework gives item methods no object: the language is the active one of this request.
        return f"news-{item.pk}-{get_language() or DEFAULT_LANGUAGE}"

    item_guid_is_permalink = False


class LatestNewsAtomFeed(LatestNewsFeed):
    feed_type = Atom1Feed

    def feed_url(self):
        return reverse("news:feed_atom")
