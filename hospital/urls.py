"""Root URLconf: operational endpoints, then every public URL under a language prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path

from . import views
from .sitemaps import SITEMAP_XML, collect_sitemaps

SITEMAPS = collect_sitemaps()

handler400 = "hospital.views.bad_request"
handler403 = "hospital.views.permission_denied"
handler404 = "hospital.views.page_not_found"
handler500 = "hospital.views.server_error"

urlpatterns = [
    # Before the admin: two-factor set-up for staff (accounts app).
    path("admin/security/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The index (what robots.txt names) and its paginated sections (?p=2…), cached with exact
    # invalidation by hospital.pagecache like every public page.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS, "template_name": SITEMAP_XML},
        name="sitemap-section",
    ),  # fmt: skip
]

if settings.SERVE_MEDIA:
    # Public media only (photos, logos); medical reports live in private storage, not here.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", views.public_media)]

hospital_patterns = (
    [path("", views.home, name="home"), path("<pagepath:path>/", views.page_detail, name="page")],
    "hospital",
)

urlpatterns += i18n_patterns(
    path("experts/", include("experts.urls")),
    path("news/", include("news.urls")),
    path("events/", include("news.event_urls")),
    path("consultation/", include("consultations.urls")),
    path("search/", include("search.urls")),
    # CMS pages are matched last.
    path("", include(hospital_patterns)),
)
