"""Public views of the site-wide app: home, CMS pages and operational endpoints."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .breadcrumbs import page_trail
from .content import redirect_to_current_slug
from .models import Page


@require_safe
def home(request):
    return render(request, "hospital/home.html")


@require_safe
def page_detail(request, path):
    page = Page.objects.published().get_by_slug_or_404(path, field="url_path")
    if moved := redirect_to_current_slug(page, path, field="url_path"):
        return moved
    return render(request, "hospital/page_detail.html", {"object": page, "page": page, "trail": page_trail(page)})


@require_safe
@cache_control(no_store=True)
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", *[f"Disallow: /{code}/search/" for code, _ in settings.LANGUAGES],
             "", f"Sitemap: {sitemap_url}", ""]  # fmt: skip
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database work here: the error may be the database itself.
    return render(request, "500.html", {"SITE_NAME": settings.SITE_NAME, "menu_pages": [], "footer_hospitals": []},
                  status=500)  # fmt: skip


def csrf_failure(request, reason=""):
    """A translated explanation instead of Django's bare 403 (an expired form, blocked cookies)."""
    return render(request, "403_csrf.html", status=403)
