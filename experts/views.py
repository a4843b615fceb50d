"""Public pages of the experts app: the directory, a profile, and publication list downloads."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from .exporters import EXPORTERS
from .forms import ExpertFilterForm
from .models import Expert, Publication
from .profile import PublicationList


@require_safe
def expert_list(request):
    form = ExpertFilterForm(request.GET)
    experts = form.filter(Expert.objects.published().for_listing())
    page = Paginator(experts, settings.EXPERTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "experts/expert_list.html", {"form": form, "page_obj": page, "experts": page.object_list})


def _published_expert(slug, queryset=None):
    queryset = queryset if queryset is not None else Expert.objects.published()
    # A slug of another language (a shared or old link) is found too, then redirected by the caller.
    expert = queryset.find_by_slug(slug)
    if expert is None:
        raise Http404
    return expert


@require_safe
def expert_detail(request, slug):
    expert = _published_expert(slug, Expert.objects.published().for_profile())
    if slug != expert.current_slug:
        return redirect(expert, permanent=True)
    kind = request.GET.get("type", "")
    kind = kind if kind in Publication.Kind.values else ""
    # Built only when the cached fragments of the list and its JSON-LD are stale (once per change).
    publications = SimpleLazyObject(lambda: PublicationList(expert, kind=kind))
    context = {"object": expert, "expert": expert, "publications": publications, "publications_kind": kind}
    return render(request, "experts/expert_detail.html", context)


@require_safe
def publication_export(request, slug, format):
    exporter = EXPORTERS.get(format)
    if exporter is None:
        raise Http404
    expert = _published_expert(slug)
    publications = Publication.objects.of_expert(expert).newest_first().for_listing()
    response = HttpResponse(exporter.write(publications), content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{expert.slug_en}-publications.{exporter.extension}"'
    return response
