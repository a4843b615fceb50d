"""Public views of the site-wide app: home, CMS pages and operational endpoints."""

import sys

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

from .breadcrumbs import page_trail
from .content import redirect_to_current_slug
from .models import Page
from .outage import RETRY_AFTER_SECONDS, answer_outage, database_state, outage_cause


@require_safe
def home(request):
    return render(request, "hospital/home.html")


@require_safe
def page_detail(request, path):
    page = Page.objects.published().for_language().get_by_slug_or_404(path, field="url_path")
    if moved := redirect_to_current_slug(page, path, field="url_path"):
        return moved
    return render(request, "hospital/page_detail.html", {"object": page, "page": page, "trail": page_trail(page)})


@require_safe
@cache_control(no_store=True)
def healthz(request):
    """200 "up"; 503 "read-only" (reads work, writes fail) or "down", with the reason."""
    state, reason = database_state()
    if state == "up":
        return JsonResponse({"status": "up", "database": "ok"})
    return JsonResponse({"status": state, "database": state, "reason": reason}, status=503,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})  # fmt: skip


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", *[f"Disallow: /{code}/search/" for code, _ in settings.LANGUAGES],
             "", f"Sitemap: {sitemap_url}", ""]  # fmt: skip
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def public_media(request, path):
    """Public media (photos, logos) when no web server or object store serves them."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        raise Http404 from None  # a name the file system refuses (too long, invalid): no such file


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No database work here: the error may be the database itself. A database fault raised in a
    # middleware (a session or user read before the view) arrives here, not in
    # DatabaseOutageMiddleware.process_exception: the same 503 page answers it. Django calls this
    # handler inside its `except` block, so the exception is the one being handled.
    if outage := outage_cause(sys.exception()):
        return answer_outage(request, outage)
    return render(request, "500.html", {"SITE_NAME": settings.SITE_NAME, "menu_pages": [], "footer_hospitals": []},
                  status=500)  # fmt: skip


def bad_request(request, exception):
    # No database work: a request too large or damaged to read says nothing about the database.
    # A session that could not be saved (SessionMiddleware's SessionInterrupted) may be an outage.
    if outage := outage_cause(exception):
        return answer_outage(request, outage)
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A translated explanation instead of Django's bare 403 (an expired form, blocked cookies)."""
    return render(request, "403_csrf.html", status=403)
