"""Published experts for the site's sitemap.xml, in every language."""

from hospital.sitemaps import TranslatedSitemap

from .models import Expert


class ExpertSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Expert.objects.published().order_by("pk")

    def lastmod(self, expert):
        return expert.updated_at


SITEMAPS = {"experts": ExpertSitemap}
