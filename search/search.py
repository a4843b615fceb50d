"""`search()`: what the view, and anything else that needs site search, calls."""

from dataclasses import dataclass, field

from django.db.models import Value

from .backends import ORDER, ranked
from .models import SearchEntry
from .text import fold, terms

MAX_WORDS = 8


SHOWN_FIELDS = ("kind", "language", "title", "url", "text", "date")


class RankedEntries:
    """The matching rows best first, for a Paginator: counted and ordered in the ranking index, and
    only the rows of the page asked for are read whole (two queries, whatever the number found)."""

    def __init__(self, ranked, score=None):
        self.ranked, self.score = ranked, score

    def count(self):
        return self.ranked.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        page = SearchEntry.objects.filter(pk__in=self.ranked.values("pk")[index])
        return list(page.annotate(score=self.score).order_by(*ORDER).only(*SHOWN_FIELDS))


@dataclass
class SearchResults:
    words: list = field(default_factory=list)
    entries: RankedEntries = None


def search(query, language, kind=""):
    """Visible rows for `language` matching `query` (already cleaned), best first."""
    folded = fold(query)
    words = terms(folded, MAX_WORDS)
    if not words:
        return SearchResults(words=[], entries=RankedEntries(SearchEntry.objects.none(), Value(0.0)))
    entries = SearchEntry.objects.visible().for_language(language)
    if kind:
        entries = entries.filter(kind=kind)
    return SearchResults(words=words, entries=RankedEntries(*ranked(entries, folded, words)))
