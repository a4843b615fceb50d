"""Matching and ranking search rows, with the full-text indexes of the database in use.

Both take the folded query and its words, and rank title matches first, then newer rows. Words of
scripts written with spaces match the start of a word of the text (prefix matching, so "gliom"
finds "glioma"); words of scripts written without spaces (Chinese, Japanese, Thai...), which
cannot be split into words, match anywhere in the text, through the row's `grams`
(search.text.grams): a substring of them for three characters or more, one of their pieces for
one or two.

- PostgreSQL: full-text search of the stored tsvector ('simple' configuration, since content is
  in many languages) and pg_trgm GIN indexes on `grams` (migrations 0002 and 0003).
- SQLite: FTS5 tables (migration 0003), unicode61 tokens of the document and trigrams of
  `grams`. A word that mixes both kinds of script is looked up by its parts, then checked
  against the document.
"""

import unicodedata
from functools import reduce
from operator import and_

from django.db import connection
from django.db.models import BigIntegerField, Case, Expression, FloatField, Func, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.utils.functional import cached_property

from .models import SearchEntry
from .text import UNSPACED, UNSPACED_RUN, is_unspaced


class SearchVectorColumn(Expression):
    """The stored `search_vector` column that migration 0002 adds on PostgreSQL."""

    @cached_property
    def output_field(self):
        from django.contrib.postgres.search import SearchVectorField

        return SearchVectorField()

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        return f"{quote(SearchEntry._meta.db_table)}.{quote('search_vector')}", []


def _contains_all(words):
    return reduce(and_, (Q(document__contains=word) for word in words))


def _in_grams(word):
    """Rows whose text has `word` (all unspaced-script characters) in it."""
    return Q(grams__contains=word if len(word) >= 3 else f" {word} ")


def _title_boost(folded_query, words):
    boost = Case(When(title_folded__contains=folded_query, then=Value(2.0)), default=Value(0.0))
    for word in words:
        boost = boost + Case(When(title_folded__contains=word, then=Value(0.5)), default=Value(0.0))
    return boost


def _lexemes(word):
    """Runs of letters, digits and marks (so a Bengali word is not cut at its vowel signs)."""
    kept = "".join(char if char.isalnum() or unicodedata.category(char).startswith("M") else " " for char in word)
    return kept.split()


def _prefix_query(words):
    """`tumour:* & carbon:*` from runs of letters, digits and marks only, so it is safe as a raw tsquery."""
    lexemes = [lexeme for word in words for lexeme in _lexemes(word)]
    return " & ".join(f"{lexeme}:*" for lexeme in dict.fromkeys(lexemes))


def rank_postgresql(queryset, folded_query, words):
    # psycopg (11 MB) is imported by the workers that use PostgreSQL, not by every one.
    from django.contrib.postgres.search import SearchQuery, SearchRank

    unspaced = [word for word in words if UNSPACED.search(word)]
    raw = _prefix_query([word for word in words if word not in unspaced])
    score = _title_boost(folded_query, words)
    for word in unspaced:
        queryset = queryset.filter(_in_grams(word) if is_unspaced(word) else Q(document__contains=word))
    if raw:
        query = SearchQuery(raw, config="simple", search_type="raw")
        queryset = queryset.annotate(vector=SearchVectorColumn()).filter(vector=query)
        score = score + Coalesce(SearchRank(SearchVectorColumn(), query), 0.0, output_field=FloatField())
    elif not unspaced:  # punctuation only: nothing can match
        queryset = queryset.none()
    return queryset.annotate(score=score)


def _fts_string(text):
    """`text` as one FTS5 string (a phrase of the tokens the table's tokenizer makes of it)."""
    return '"' + text.replace('"', '""') + '"'


class _Unindexed(Func):
    """`+column`: the same value, but SQLite no longer looks rows up by it."""

    template = "+%(expressions)s"
    output_field = BigIntegerField()


def _fts_filter(table, terms):
    """Rows that the FTS5 `table` matches for every one of `terms`. By `+id`: SQLite then walks
    the ranking index and checks each id against the matches, instead of reading the wide row of
    every match."""
    matches = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [" AND ".join(terms)])
    return Q(In(_Unindexed("pk"), matches))


def _has_letters(text):
    return any(char.isalnum() for char in text)


def rank_sqlite(queryset, folded_query, words):
    spaced, unspaced, checked = [], [], []
    for word in words:
        if not UNSPACED.search(word):
            spaced.append(f"{_fts_string(word)} *")
        elif is_unspaced(word):
            unspaced.append(_fts_string(word if len(word) >= 3 else f" {word} "))
        else:  # both kinds of script in one word: each part, then the whole word in the document
            for part in UNSPACED_RUN.findall(word):
                unspaced.append(_fts_string(part if len(part) >= 3 else f" {part} "))
            spaced += [f"{_fts_string(part)} *" for part in UNSPACED_RUN.split(word) if _has_letters(part)]
            checked.append(word)
    if spaced:
        queryset = queryset.filter(_fts_filter("search_entry_words", spaced))
    if unspaced:
        queryset = queryset.filter(_fts_filter("search_entry_chars", unspaced))
    if checked:
        queryset = queryset.filter(_contains_all(checked))
    return queryset.annotate(score=_title_boost(folded_query, words))


ORDER = ("-score", "-date", "pk")


def ranked(queryset, folded_query, words):
    """`(rows, score)`: `queryset` narrowed to rows matching the query, best first (by `score`)."""
    rank = rank_postgresql if connection.vendor == "postgresql" else rank_sqlite
    queryset = rank(queryset, folded_query, words)
    return queryset.order_by(*ORDER), queryset.query.annotations["score"]


__all__ = ["ORDER", "ranked"]
