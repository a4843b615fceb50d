"""Published experts for the site's sitemap, in every language."""

from hospital.sitemaps import TranslatedSitemap, address_fields

from .models import Expert


class ExpertSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.8
    lastmod_field = "updated_at"

    def items(self):
        return Expert.objects.published().only("pk", "updated_at", *address_fields("slug")).order_by("pk")


SITEMAPS = {"experts": ExpertSitemap}
