"""Public pages of the experts app: the directory, a profile, publication list downloads and citations."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from hospital.breadcrumbs import Crumb
from hospital.content import redirect_to_current_slug

from .citation_styles import STYLES, format_citations
from .downloads import publication_list_download
from .forms import ExpertFilterForm
from .models import Expert, Publication
from .profile import PublicationList


@require_safe
def expert_list(request):
    form = ExpertFilterForm(request.GET)
    experts = form.filter(Expert.objects.published().for_listing().for_language())
    page = Paginator(experts, settings.EXPERTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "experts/expert_list.html", {"form": form, "page_obj": page, "experts": page.object_list})


@require_safe
def expert_detail(request, slug):
    # A slug of another language (a shared or old link) is found too, then redirected.
    expert = Expert.objects.published().for_profile().for_language().get_by_slug_or_404(slug)
    if moved := redirect_to_current_slug(expert, slug):
        return moved
    kind = request.GET.get("type", "")
    kind = kind if kind in Publication.Kind.values else ""
    # Built only when the cached fragments of the list and its JSON-LD are stale (once per change).
    context = {
        "object": expert,
        "expert": expert,
        "publications": SimpleLazyObject(lambda: PublicationList(expert, kind=kind)),
        "publications_kind": kind,
        "coauthors": Expert.objects.published().coauthors_of(expert).for_listing().for_language(),
        "trail": [Crumb(reverse("experts:list"), gettext("Experts"))],
    }
    return render(request, "experts/expert_detail.html", context)


@require_safe
def publication_export(request, slug, format):
    return publication_list_download(Expert.objects.published().get_by_slug_or_404(slug), format)


@require_safe
def publication_citation(request, slug, pk, style):
    """One paper's citation in a style, as text, for the profile's "copy citation"."""
    if style not in STYLES:
        raise Http404
    expert = Expert.objects.published().get_by_slug_or_404(slug)
    publication = Publication.objects.of_expert(expert).for_listing().filter(pk=pk).first()
    if publication is None:
        raise Http404
    (text,) = format_citations([publication], style)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
