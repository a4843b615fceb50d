"""Matching and ranking search rows, with the full-text index of the database in use.

Both take the folded query and its words, and rank title matches first, then newer rows.

- PostgreSQL: words of scripts written with spaces go to full-text search ('simple'
  configuration, since content is in many languages; prefix matching, so "gliom" finds
  "glioma"); words of scripts written without spaces (Chinese, Japanese, Thai...) cannot be
  split into lexemes and are matched as substrings of the folded document, which a pg_trgm GIN
  index serves; words of one or two such characters, too short for trigrams, are looked up in
  the row's `grams`, which have an index of their own.
- SQLite: every word is a substring of the folded document, found through an FTS5 trigram
  index (migration 0003); words of one or two characters of those scripts through `grams`.
  Only a short word in another script (one or two letters) is matched by reading the rows.
"""

import re
from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, Expression, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .models import SearchEntry
from .text import UNSPACED, is_unspaced


class SearchVectorColumn(Expression):
    """The stored `search_vector` column that migration 0002 adds on PostgreSQL."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        return f"{quote(SearchEntry._meta.db_table)}.{quote('search_vector')}", []


def _contains_all(words):
    return reduce(and_, (Q(document__contains=word) for word in words))


def _in_grams(word):
    """A word of one or two unspaced-script characters, as its own entry of `grams`."""
    return Q(grams__contains=f" {word} ")


def _short_unspaced(word):
    return len(word) < 3 and is_unspaced(word)


def _title_boost(folded_query, words):
    boost = Case(When(title_folded__contains=folded_query, then=Value(2.0)), default=Value(0.0))
    for word in words:
        boost = boost + Case(When(title_folded__contains=word, then=Value(0.5)), default=Value(0.0))
    return boost


_LEXEME = re.compile(r"\w+")


def _prefix_query(words):
    """`tumour:* & carbon:*` from runs of word characters only, so it is safe as a raw tsquery."""
    lexemes = [lexeme for word in words for lexeme in _LEXEME.findall(word)]
    return " & ".join(f"{lexeme}:*" for lexeme in dict.fromkeys(lexemes))


def rank_postgresql(queryset, folded_query, words):
    unspaced = [word for word in words if UNSPACED.search(word)]
    raw = _prefix_query([word for word in words if word not in unspaced])
    score = _title_boost(folded_query, words)
    for word in unspaced:
        queryset = queryset.filter(_in_grams(word) if _short_unspaced(word) else Q(document__contains=word))
    if raw:
        query = SearchQuery(raw, config="simple", search_type="raw")
        queryset = queryset.annotate(vector=SearchVectorColumn()).filter(vector=query)
        score = score + Coalesce(SearchRank(SearchVectorColumn(), query), 0.0, output_field=FloatField())
    elif not unspaced:  # punctuation only: nothing can match
        queryset = queryset.none()
    return queryset.annotate(score=score)


def _fts_string(text):
    """`text` as one FTS5 string: the trigram tokenizer then matches it as a substring."""
    return '"' + text.replace('"', '""') + '"'


def rank_sqlite(queryset, folded_query, words):
    phrases, scanned = [], []
    for word in words:
        if len(word) >= 3:
            phrases.append(f"document : {_fts_string(word)}")
        elif _short_unspaced(word):
            phrases.append(f"grams : {_fts_string(f' {word} ')}")
        else:  # one or two letters: shorter than a trigram
            scanned.append(word)
    if phrases:
        match = RawSQL("SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s", [" AND ".join(phrases)])
        queryset = queryset.filter(pk__in=match)
    if scanned:
        queryset = queryset.filter(_contains_all(scanned))
    return queryset.annotate(score=_title_boost(folded_query, words))


def ranked(queryset, folded_query, words):
    """`queryset` narrowed to rows matching the query, best first."""
    rank = rank_postgresql if connection.vendor == "postgresql" else rank_sqlite
    return rank(queryset, folded_query, words).order_by("-score", "-date", "pk")


__all__ = ["ranked"]
