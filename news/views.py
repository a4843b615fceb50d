"""Public news and event pages, and the editors' preview of unpublished ones."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hospital.content import redirect_to_current_slug
from hospital.converters import TranslatedSlugConverter
from hospital.pagecache import memo

from .calendar import event_calendar
from .models import Category, Event, NewsItem, Tag

NEWS_PER_PAGE = 10
EVENTS_PER_PAGE = 12


def _valid_slug(slug):
    """Only slug-shaped input reaches the database (no NUL bytes, which PostgreSQL rejects)."""
    if not TranslatedSlugConverter.matches(slug):
        raise Http404
    return slug


ARCHIVE_YEARS = (1900, 2999)


@require_safe
def news_list(request, year=None):
    items = NewsItem.objects.published().for_listing().for_language().newest_first()
    category = tag = None
    if slug := request.GET.get("category"):
        category = get_object_or_404(Category, slug=_valid_slug(slug))
        items = items.filter(category=category)
    if slug := request.GET.get("tag"):
        tag = get_object_or_404(Tag, slug=_valid_slug(slug))
        items = items.filter(tags=tag)
    if year is not None:
        if not ARCHIVE_YEARS[0] <= year <= ARCHIVE_YEARS[1]:
            raise Http404  # /news/0/, /news/99999999999999999999/: no such archive (and no date overflow)
        items = items.filter(publish_at__year=year)
    context = {
        "page_obj": Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("page")),
        "categories": Category.objects.for_language(),
        # A scan of every item (a function per row on SQLite): once per change, not per request.
        "years": memo(
            "news-years", compute=lambda: list(NewsItem.objects.published().dates("publish_at", "year", order="DESC"))
        ),
        "category": category,
        "tag": tag,
        "year": year,
    }
    return render(request, "news/news_list.html", context)


def _as_preview(response, preview):
    """A preview of unpublished content is never indexed nor cached."""
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
    return response


def _render_news_item(request, item, preview=False):
    context = {
        "object": item,
        "item": item,
        "preview": preview,
        "previous_item": None if preview else NewsItem.objects.published().before(item).for_language().first(),
        "next_item": None if preview else NewsItem.objects.published().after(item).for_language().first(),
    }
    return _as_preview(render(request, "news/news_detail.html", context), preview)


@require_safe
def news_detail(request, slug):
    item = NewsItem.objects.published().for_detail().for_language().get_by_slug_or_404(slug)
    if moved := redirect_to_current_slug(item, slug):
        return moved
    return _render_news_item(request, item)


@require_safe
def event_list(request, past=False):
    events = Event.objects.published().for_listing().for_language()
    events = events.past() if past else events.upcoming()
    context = {"page_obj": Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page")), "past": past}
    return render(request, "events/event_list.html", context)


def _render_event(request, event, preview=False):
    context = {"object": event, "event": event, "preview": preview}
    return _as_preview(render(request, "events/event_detail.html", context), preview)


@require_safe
def event_detail(request, slug):
    event = Event.objects.published().for_listing().for_language().get_by_slug_or_404(slug)
    if moved := redirect_to_current_slug(event, slug):
        return moved
    return _render_event(request, event)


@require_safe
def event_ical(request, slug):
    event = Event.objects.published().for_listing().get_by_slug_or_404(slug)
    response = HttpResponse(event_calendar(event, request), content_type="text/calendar; charset=utf-8")
    filename = (event.default_slug or f"event-{event.pk}")[:80]
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


def _check_preview_permission(request, model):
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied(_("You may not preview this content."))


@require_safe
@staff_member_required
def news_preview(request, pk):
    """A draft, scheduled or published item exactly as the public page shows it, for editors."""
    _check_preview_permission(request, NewsItem)
    return _render_news_item(request, get_object_or_404(NewsItem.objects.for_detail(), pk=pk), preview=True)


@require_safe
@staff_member_required
def event_preview(request, pk):
    _check_preview_permission(request, Event)
    return _render_event(request, get_object_or_404(Event.objects.for_listing(), pk=pk), preview=True)
