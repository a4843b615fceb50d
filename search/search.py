"""`search()`: what the view, and anything else that needs site search, calls."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from .backends import ranked
from .models import SearchEntry
from .text import fold, terms

MAX_WORDS = 8


@dataclass
class SearchResults:
    words: list = field(default_factory=list)
    entries: QuerySet = None


def search(query, language, kind=""):
    """Visible rows for `language` matching `query` (already cleaned), best first."""
    folded = fold(query)
    words = terms(folded, MAX_WORDS)
    if not words:
        return SearchResults(words=[], entries=SearchEntry.objects.none())
    entries = SearchEntry.objects.visible().for_language(language)
    if kind:
        entries = entries.filter(kind=kind)
    entries = ranked(entries, folded, words).only("kind", "language", "title", "url", "text", "date")
    return SearchResults(words=words, entries=entries)
