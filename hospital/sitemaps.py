"""Sitemaps: each app lists its public objects; the site's sitemap.xml joins them all."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Page
from .registry import app_modules


class TranslatedSitemap(Sitemap):
    """Every URL in every language, with hreflang alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(TranslatedSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["hospital:home"]

    def location(self, item):
        return reverse(item)


class PageSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.published().order_by("sort_key")

    def lastmod(self, page):
        return page.updated_at


def collect_sitemaps():
    """`{name: Sitemap}` from the `SITEMAPS` dict of every installed app's sitemaps module."""
    found = {}
    for module in app_modules("sitemaps"):
        found.update(getattr(module, "SITEMAPS", {}))
    return found


SITEMAPS = {"home": HomeSitemap, "pages": PageSitemap}
