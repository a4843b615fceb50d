"""Admin lists that stay fast with hundreds of thousands of rows.

- `LargeListAdmin`: a ModelAdmin mixin. Its paginator counts the filtered rows only a few pages
  beyond the page asked for (`WindowPaginator`); the list then says "more than N" and offers the next
  pages, and no COUNT(*) runs over the whole table. The unfiltered total is not counted either
  (`show_full_result_count = False`).
- `RelatedInUseFilter`: the choices of `RelatedOnlyFieldListFilter` (related objects that some row
  points to), found with one index look-up per related object (EXISTS) instead of a DISTINCT over
  every row of the list.
- `IndexedValuesFilter`: `AllValuesFieldListFilter` with its values found by `distinct_values()`, one
  index look-up per value, when the list is not restricted (a DISTINCT reads every row).
"""

from django.contrib import admin
from django.contrib.admin.views.main import PAGE_VAR
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import cached_property


class WindowPaginator(Paginator):
    """Counts `object_list` only as far as `window` pages after `page_number`.

    When more rows follow, `count` is that window plus one row (so the last page it offers really
    exists) and `exact` is False; pages beyond the window are offered once a later page is asked for.
    """

    #: Beyond this page number the window stops growing: the databases' LIMIT is a 64-bit integer, and a
    #: page past the real last one is refused by `page()` (the admin then answers "?e=1") anyway.
    max_page_number = 10**6

    def __init__(self, object_list, per_page, *, page_number=1, window=10, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = (min(max(page_number, 1), self.max_page_number) + window) * per_page

    @cached_property
    def count(self):
        rows = self.object_list
        if isinstance(rows, QuerySet) and connections[rows.db].vendor == "sqlite":
            # Any `limit + 1` rows count the same. SQLite, given the list's order, sorts every
            # matching row first when a filter's index does not give that order (the desk's overdue
            # filter: 56,869 rows); PostgreSQL walks the order's index under the LIMIT instead.
            rows = rows.order_by()
        return rows[: self.limit + 1].count()

    @property
    def exact(self):
        return self.count <= self.limit


class LargeListAdmin:
    """Mixin for a ModelAdmin whose list may hold hundreds of thousands of rows.

    Its templates (`admin/pagination.html`, `admin/actions.html`, `admin/search_form.html`) say
    "more than N" while `cl.paginator.exact` is False.
    """

    show_full_result_count = False
    count_window = 10  # pages counted beyond the one shown

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        try:
            page_number = int(request.GET.get(PAGE_VAR, 1))
        except ValueError:
            page_number = 1
        return WindowPaginator(queryset, per_page, page_number=page_number, window=self.count_window,
                               orphans=orphans, allow_empty_first_page=allow_empty_first_page)  # fmt: skip


class RelatedInUseFilter(admin.RelatedOnlyFieldListFilter):
    """`RelatedOnlyFieldListFilter` with its choices found by EXISTS: one index look-up per related
    object (hospital, cancer type, expert, user) rather than a DISTINCT over the whole list."""

    def field_choices(self, field, request, model_admin):
        in_use = model_admin.get_queryset(request).filter(**{self.field_path: OuterRef("pk")})
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=Q(Exists(in_use)), ordering=ordering)


def distinct_values(model, field_name, using=None):
    """The distinct non-NULL values of a column, in order, each found with one look-up in an index that
    starts with the column (a loose index scan): "the smallest value after the last one", repeated.
    A DISTINCT reads every row instead, 200,000 of them in the consultation requests."""
    connection = connections[using or router.db_for_read(model)]
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(model._meta.get_field(field_name).column)
    sql = f"""
        WITH RECURSIVE found(value) AS (
            SELECT MIN({column}) FROM {table}
            UNION ALL
            SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > found.value) FROM found
            WHERE found.value IS NOT NULL
        )
        SELECT value FROM found WHERE value IS NOT NULL"""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [value for (value,) in cursor.fetchall()]


class IndexedValuesFilter(admin.AllValuesFieldListFilter):
    """`AllValuesFieldListFilter` whose values come from the column's index (`distinct_values`) when the
    admin's queryset is the whole table; a restricted one (a physician's own rows) keeps Django's query."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        if field_path == field.name and not model_admin.get_queryset(request).query.has_filters():
            values = distinct_values(model, field.name)
            if field.null and model._default_manager.filter(**{f"{field.name}__isnull": True}).exists():
                values.append(None)  # Django's "empty" choice
            self.lookup_choices = values
