"""The hospital app's content in the site search."""

from search.indexes import SearchIndex, register
from search.models import SearchEntry

from .models import Page


@register(Page)
class PageIndex(SearchIndex):
    kind = SearchEntry.Kind.PAGE
    text_fields = ("seo_description", "body")
