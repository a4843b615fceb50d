"""Sitemaps: each app lists its public objects; /sitemap.xml is the index of their sections.

Every section is paginated by `items_per_page` objects (each in every language, with hreflang
alternates), so a page costs the same whatever the amount of content: one COUNT and one query
that loads the columns the addresses need. The index gives each section's last change.
"""

from html import escape

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.timezone import template_localtime

from hospital.i18n import language_codes, localized

from .models import Page
from .pagecache import memo
from .registry import app_modules


class _InEveryLanguage:
    """`(item, language)` pairs of `items` (a queryset or a list), counted and sliced without loading
    every item: a slice that starts and ends on an item's first language loads only those items.
    A queryset is counted once per change of what it reads (hospital.pagecache.memo, under `name`)."""

    def __init__(self, items, languages, name):
        self.items, self.languages, self.name = items, languages, name

    def __len__(self):
        if isinstance(self.items, QuerySet):
            count = memo("sitemap-count", self.name, compute=self.items.count)
        else:
            count = len(self.items)
        return count * len(self.languages)

    def __getitem__(self, index):
        n = len(self.languages)
        start, stop = index.start or 0, index.stop
        chosen = self.items[start // n : -(-stop // n) if stop is not None else None]
        pairs = [(item, code) for item in chosen for code in self.languages]
        return pairs[start % n : (start % n) + (stop - start) if stop is not None else None]


class TranslatedSitemap(Sitemap):
    """Every URL in every language, with hreflang alternates and x-default.

    Subclasses give `items()` (loading only what `get_absolute_url()` reads) and, for lastmod,
    `lastmod_field`; each item's address is built once per language per page.
    """

    i18n = True
    alternates = True
    x_default = True
    items_per_page = 100
    lastmod_field = None

    @property
    def limit(self):
        return self.items_per_page * len(self._languages())

    @classmethod
    def section_name(cls):
        return f"{cls.__module__}.{cls.__qualname__}"

    def _items(self):
        return _InEveryLanguage(self.items(), self._languages(), self.section_name())

    def _location(self, item, force_lang_code=None):
        obj, code = item
        code = force_lang_code or code
        cache = self.__dict__.setdefault("_locations", {})
        key = (id(obj), code)
        if key not in cache:
            with translation.override(code):
                cache[key] = self.location(obj)
        return cache[key]

    def _urls(self, page, protocol, domain):
        self._locations = {}
        try:
            return super()._urls(page, protocol, domain)
        finally:
            del self._locations

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None

    def get_latest_lastmod(self):
        """The section's last change (the index shows it): one aggregate query, run once per change
        of what it reads (hospital.pagecache.memo), also when the index is not served from the cache."""
        if not self.lastmod_field:
            return None
        return memo(
            "sitemap-lastmod",
            self.section_name(),
            compute=lambda: self.items().aggregate(latest=Max(self.lastmod_field))["latest"],
        )


class SitemapXML:
    """Django's `sitemap.xml` written in Python, as a template object for the sitemap view
    (`template_name=SITEMAP_XML`; TemplateResponse takes a backend's template object). A section
    page lists 800 addresses with nine links each: the template engine took three quarters of it.
    The same elements and values as Django's template, without the whitespace between them."""

    HEAD = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    )

    def render(self, context=None, request=None):
        out, days = [self.HEAD], {}
        for url in (context or {}).get("urlset", ()):
            out.append(f"<url><loc>{escape(url['location'])}</loc>")
            if lastmod := url.get("lastmod"):
                if lastmod not in days:  # each item's is listed once per language
                    days[lastmod] = format_date(template_localtime(lastmod), "Y-m-d")
                out.append(f"<lastmod>{days[lastmod]}</lastmod>")
            if url.get("changefreq"):
                out.append(f"<changefreq>{escape(str(url['changefreq']))}</changefreq>")
            if url.get("priority"):
                out.append(f"<priority>{escape(str(url['priority']))}</priority>")
            for alternate in url.get("alternates", ()):
                out.append(f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
                           f'href="{escape(alternate["location"])}"/>')  # fmt: skip
            out.append("</url>")
        out.append("\n</urlset>\n")
        return "".join(out)


SITEMAP_XML = SitemapXML()


def address_fields(*names):
    """The translated columns `names` ("slug", "url_path") in every language, for `only()`."""
    return [localized(name, code) for name in names for code in language_codes()]


class HomeSitemap(TranslatedSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["hospital:home"]

    def location(self, item):
        return reverse(item)


class PageSitemap(TranslatedSitemap):
    changefreq = "monthly"
    lastmod_field = "updated_at"

    def items(self):
        return Page.objects.published().only("pk", "updated_at", *address_fields("url_path")).order_by("sort_key")


def collect_sitemaps():
    """`{name: Sitemap}` from the `SITEMAPS` dict of every installed app's sitemaps module."""
    found = {}
    for module in app_modules("sitemaps"):
        found.update(getattr(module, "SITEMAPS", {}))
    return found


SITEMAPS = {"home": HomeSitemap, "pages": PageSitemap}
