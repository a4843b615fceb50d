"""URL converters shared by every app's public URLs, and the page paths they keep for the apps."""

import re

from django.urls import register_converter

# First path segments that belong to the apps or to the site's non-language areas: CMS pages may
# not take them (`Page.clean()`), and the page path converter never matches them.
RESERVED_PATHS = frozenset({"experts", "news", "events", "consultation", "search", "admin", "media", "static"})


class TranslatedSlugConverter:
    """A Unicode slug (`重离子治疗`, `heavy-ion-therapy`): only slug-shaped input reaches a view.

    Anything else (NUL bytes, which PostgreSQL rejects, punctuation) is simply a 404.
    """

    regex = r"[-\w]+"

    @classmethod
    def matches(cls, value):
        """Whether `value` (say, a query parameter) is slug-shaped, as a URL argument must be."""
        return bool(value) and re.fullmatch(cls.regex, value) is not None

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class PagePathConverter:
    """A CMS page path: Unicode slugs joined by "/", outside `RESERVED_PATHS`.

    Without the exclusion `/en/admin/...` would match a page URL, and LocaleMiddleware would
    redirect every 404 under `/admin/` to it; non-slug input (NUL bytes) never reaches a query.
    """

    regex = rf"(?!(?:{'|'.join(sorted(RESERVED_PATHS))})/)[-\w]+(?:/[-\w]+)*"

    @staticmethod
    def is_reserved(path):
        return path.split("/")[0] in RESERVED_PATHS

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def register():
    register_converter(TranslatedSlugConverter, "uslug")
    register_converter(PagePathConverter, "pagepath")
