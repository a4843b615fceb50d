"""Matching and ranking search rows: PostgreSQL full-text plus trigram, or a portable fallback.

Both take the folded query and its words. On PostgreSQL, words of scripts written with spaces
go to full-text search ('simple' configuration, since content is in many languages; prefix
matching, so "gliom" finds "glioma"); words of scripts written without spaces (Chinese,
Japanese, Thai...) cannot be split into lexemes and are matched as substrings of the folded
document, which a pg_trgm GIN index serves.
"""

import re
from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Case, Expression, FloatField, Q, Value, When
from django.db.models.functions import Coalesce

from .models import SearchEntry


class SearchVectorColumn(Expression):
    """The stored `search_vector` column that migration 0002 adds on PostgreSQL."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        return f"{quote(SearchEntry._meta.db_table)}.{quote('search_vector')}", []


def _contains_all(words):
    return reduce(and_, (Q(document__contains=word) for word in words))


def _title_boost(folded_query, words):
    boost = Case(When(title_folded__contains=folded_query, then=Value(2.0)), default=Value(0.0))
    for word in words:
        boost = boost + Case(When(title_folded__contains=word, then=Value(0.5)), default=Value(0.0))
    return boost


# Scripts written without spaces between words.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_LEXEME = re.compile(r"\w+")


def _prefix_query(words):
    """`tumour:* & carbon:*` from runs of word characters only, so it is safe as a raw tsquery."""
    lexemes = [lexeme for word in words for lexeme in _LEXEME.findall(word)]
    return " & ".join(f"{lexeme}:*" for lexeme in dict.fromkeys(lexemes))


def rank_postgresql(queryset, folded_query, words):
    unspaced = [word for word in words if _UNSPACED.search(word)]
    raw = _prefix_query([word for word in words if word not in unspaced])
    score = _title_boost(folded_query, words)
    if unspaced:
        queryset = queryset.filter(_contains_all(unspaced))
    if raw:
        query = SearchQuery(raw, config="simple", search_type="raw")
        queryset = queryset.annotate(vector=SearchVectorColumn()).filter(vector=query)
        score = score + Coalesce(SearchRank(SearchVectorColumn(), query), 0.0, output_field=FloatField())
    elif not unspaced:  # punctuation only: nothing can match
        queryset = queryset.none()
    return queryset.annotate(score=score)


def rank_portable(queryset, folded_query, words):
    return queryset.filter(_contains_all(words)).annotate(score=_title_boost(folded_query, words))


def ranked(queryset, folded_query, words):
    """`queryset` narrowed to rows matching the query, best first."""
    rank = rank_postgresql if connection.vendor == "postgresql" else rank_portable
    return rank(queryset, folded_query, words).order_by("-score", "-date", "pk")


__all__ = ["ranked"]
