"""The experts app's content in the site search."""

from search.indexes import SearchIndex, register
from search.models import SearchEntry

from .models import Expert


@register(Expert)
class ExpertIndex(SearchIndex):
    kind = SearchEntry.Kind.EXPERT
    title_field = "name"
    text_fields = ("titles", "positions", "summary", "biography")
    untranslated_fields = ("name_native",)
