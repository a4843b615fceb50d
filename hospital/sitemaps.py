"""Sitemaps: each app lists its public objects; the site's sitemap.xml joins them all."""

from importlib import import_module

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

from .models import Page


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
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "sitemaps"):
            found.update(getattr(import_module(f"{config.name}.sitemaps"), "SITEMAPS", {}))
    return found


SITEMAPS = {"home": HomeSitemap, "pages": PageSitemap}
