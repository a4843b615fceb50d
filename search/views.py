"""The site search page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .forms import SearchForm
from .search import search

RESULTS_PER_PAGE = 10


@require_safe
def results(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "query": "", "page_obj": None, "words": []}
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        found = search(form.cleaned_data["q"], get_language(), kind=form.cleaned_data["kind"])
        context.update(query=form.cleaned_data["q"], words=found.words, too_short=not found.words)
        if found.words:
            context["page_obj"] = Paginator(found.entries, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "search/results.html", context)
