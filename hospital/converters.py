"""URL converters shared by every app's public URLs."""

from django.urls import register_converter


class TranslatedSlugConverter:
    """A Unicode slug (`重离子治疗`, `heavy-ion-therapy`): only slug-shaped input reaches a view.

    Anything else (NUL bytes, which PostgreSQL rejects, punctuation) is simply a 404.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class PagePathConverter:
    """A CMS page path: Unicode slugs joined by "/", outside the site's non-language areas.

    Without the exclusion `/en/admin/...` would match a page URL, and LocaleMiddleware would
    redirect every 404 under `/admin/` to it; non-slug input (NUL bytes) never reaches a query.
    """

    regex = r"(?!(?:admin|media|static)/)[-\w]+(?:/[-\w]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def register():
    register_converter(TranslatedSlugConverter, "uslug")
    register_converter(PagePathConverter, "pagepath")
