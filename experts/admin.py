"""Back office for experts and publications, including the physicians' self-service.

Users without `experts.edit_all_experts` (physicians) see only the expert whose `user` they
are, and only that expert's publications; official fields are read-only for them.
"""

import uuid

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.translator import translator

from backoffice.changelist import IndexedValuesFilter, LargeListAdmin
from backoffice.revisions_admin import RevisionsAdminMixin
from hospital.admin import EditorialAdmin
from hospital.i18n import language_codes, localized
from translations.access import TranslatorAdminMixin

from .admin_filters import ProfileGapFilter
from .downloads import publication_list_download
from .forms import PublicationImportForm
from .importers import ImportFormatError
from .models import Authorship, Certificate, Expert, Publication, SpokenLanguage, TrainingEntry
from .services import Decision, apply_plan, plan_import, remove_publication

# What the hospital decides, not the physician.
OFFICIAL_FIELDS = ("titles", "positions", "hospital", "department", "published", "featured", "order", "user")
IMPORT_STORAGE_PREFIX = "publication-imports/"


def edits_all_experts(request):
    return request.user.has_perm("experts.edit_all_experts")


def own_expert(request):
    return Expert.objects.filter(user=request.user).first() if request.user.is_authenticated else None


def expand_translated(model, names):
    """Field names with translated ones replaced by each language's field (titles -> titles_en…)."""
    translated = set(translator.get_options_for_model(model).all_fields)
    result = []
    for name in names:
        result += [localized(name, code) for code in language_codes()] if name in translated else [name]
    return result


class OwnExpertMixin:
    """Limit an admin to what belongs to the requesting physician, unless they edit all experts."""

    def owner_filter(self, queryset, expert):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if edits_all_experts(request):
            return queryset
        expert = own_expert(request)
        return self.owner_filter(queryset, expert) if expert else queryset.none()

    def _owns(self, request, obj):
        return obj is None or edits_all_experts(request) or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._owns(request, obj)

    def may_restore_deleted(self, request):
        # What was deleted is no one's own any more: those who edit all experts restore it.
        return edits_all_experts(request) and super().may_restore_deleted(request)


class TrainingEntryInline(TranslatorAdminMixin, TranslationTabularInline):
    model = TrainingEntry
    extra = 0
    fields = ("kind", "institution", "description", "start_year", "end_year", "order")
    structural_fields_for_translators = ("kind", "start_year", "end_year", "order")


class CertificateInline(TranslatorAdminMixin, TranslationStackedInline):
    model = Certificate
    extra = 0
    fields = ("image", "caption", "order")
    structural_fields_for_translators = ("image", "order")


@admin.register(Expert)
class ExpertAdmin(OwnExpertMixin, EditorialAdmin):
    list_display = ("name", "name_native", "hospital", "publication_count", "featured", "published", "order")
    list_filter = ("published", "featured", "hospital", "specialties", ProfileGapFilter)
    list_select_related = ("hospital",)
    search_fields = ("name", "name_native")
    actions = ["publish", "unpublish"]
    inlines = [TrainingEntryInline, CertificateInline]
    filter_horizontal = ("specialties", "languages")
    autocomplete_fields = ("user",)
    publish_fields = ("published", "featured")
    structural_fields_for_translators = ("hospital", "department", "user", "order", "practice_since", "photo")
    change_form_template = "admin/experts/expert/change_form.html"
    fieldsets = (
        (
            None,
            {"fields": ("name", "name_native", "name_native_language", "name_variants", "slug", "photo", "summary")},
        ),
        (_("Official details"), {"fields": ("titles", "positions", "hospital", "department", "user")}),
        (_("Practice"), {"fields": ("specialties", "languages", "practice_since")}),
        (_("Biography"), {"fields": ("biography",)}),
        (_("Publishing"), {"fields": ("published", "featured", "order")}),
    )

    def owner_filter(self, queryset, expert):
        return queryset.filter(pk=expert.pk)

    def get_search_fields(self, request):
        return [localized("name", code) for code in language_codes()] + ["name_native"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_publication_count()

    @admin.display(description=_("publications"), ordering="publication_count")
    def publication_count(self, expert):
        return expert.publication_count

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not edits_all_experts(request):
            readonly += [f for f in expand_translated(Expert, OFFICIAL_FIELDS) if f not in readonly]
        return readonly

    def get_urls(self):
        own = [
            path("<int:pk>/import/", self.admin_site.admin_view(self.import_view), name="experts_expert_import"),
            path("<int:pk>/export/<str:format>/", self.admin_site.admin_view(self.export_view),
                 name="experts_expert_export"),
        ]  # fmt: skip
        return own + super().get_urls()

    def _expert_or_404(self, request, pk, permission):
        expert = self.get_queryset(request).filter(pk=pk).first()
        if expert is None:
            raise Http404
        if not permission(request, expert):
            raise PermissionDenied
        return expert

    def export_view(self, request, pk, format):
        return publication_list_download(self._expert_or_404(request, pk, self.has_view_permission), format)

    def import_view(self, request, pk):
        expert = self._expert_or_404(request, pk, self.has_change_permission)
        if not request.user.has_perm("experts.add_publication"):
            raise PermissionDenied
        storage = storages["private"]
        session_key = f"experts-import-{expert.pk}"
        form = PublicationImportForm()
        plan = None
        if request.method == "POST" and ("confirm" in request.POST or "cancel" in request.POST):
            stored = request.session.pop(session_key, None)
            if not (stored and stored.startswith(IMPORT_STORAGE_PREFIX) and storage.exists(stored)):
                self.message_user(request, gettext("The preview has expired. Please upload the file again."),
                                  messages.ERROR)  # fmt: skip
                return redirect("admin:experts_expert_import", expert.pk)
            if "cancel" in request.POST:
                storage.delete(stored)
                self.message_user(request, gettext("Nothing was imported."), messages.INFO)
                return redirect("admin:experts_expert_change", expert.pk)
            with storage.open(stored, "rb") as handle:
                data = handle.read()
            storage.delete(stored)
            try:
                plan = plan_import(expert, data)
                apply_plan(plan, decisions_from(request.POST, plan))
            except ImportFormatError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, plan.summary(), messages.SUCCESS)
                if plan.skipped:
                    self.message_user(request, gettext("%(count)s entries were skipped; correct them in the file "
                                                       "and import it again.") % {"count": len(plan.skipped)},
                                      messages.WARNING)  # fmt: skip
            return redirect("admin:experts_expert_change", expert.pk)
        if request.method == "POST":
            form = PublicationImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    plan = plan_import(expert, form.cleaned_data["data"])
                except ImportFormatError as error:
                    form.add_error("file", str(error))
                else:
                    previous = request.session.get(session_key)
                    if previous and previous.startswith(IMPORT_STORAGE_PREFIX):
                        storage.delete(previous)
                    name = storage.save(f"{IMPORT_STORAGE_PREFIX}{uuid.uuid4().hex}.txt",
                                        ContentFile(form.cleaned_data["data"]))  # fmt: skip
                    request.session[session_key] = name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Import publications for %(expert)s") % {"expert": expert},
            "expert": expert,
            "form": form,
            "plan": plan,
            "decisions": Decision.CHOICES,
        }
        return TemplateResponse(request, "admin/experts/expert/import.html", context)


def search_words(search_term):
    """The words of an admin search as Django's admin splits them ("quoted phrases" stay whole)."""
    for word in smart_split(search_term or ""):
        if word[:1] in ('"', "'") and word[-1:] == word[:1]:
            word = unescape_string_literal(word)
        if word:
            yield word


def decisions_from(post, plan):
    """The physician's choice for each possible duplicate of `plan` (`duplicate-<number>` fields)."""
    valid = {choice for choice, _label in Decision.CHOICES}
    decisions = {}
    for item in plan.possible_duplicates:
        choice = post.get(f"duplicate-{item.number}", Decision.SKIP)
        decisions[item.number] = choice if choice in valid else Decision.SKIP
    return decisions


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    fields = ("position", "name", "expert")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "expert" and not edits_all_experts(request):
            # Physicians may credit published colleagues and themselves, and see nothing else.
            own = own_expert(request)
            published = Expert.objects.published()
            kwargs["queryset"] = (published | Expert.objects.filter(pk=own.pk)) if own else published
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Publication)
class PublicationAdmin(OwnExpertMixin, RevisionsAdminMixin, LargeListAdmin, admin.ModelAdmin):
    list_display = ("short_title", "first_author", "journal", "year", "kind", "sci_indexed", "doi_link")
    list_filter = ("kind", "sci_indexed", ("year", IndexedValuesFilter))
    search_fields = ("title", "journal", "doi", "pmid")  # and the authors' names: get_search_results
    inlines = [AuthorshipInline]
    filter_horizontal = ("experts",)
    change_list_template = "admin/experts/publication/change_list.html"
    fieldsets = (
        (None, {"fields": ("title", "kind", "journal", ("year", "month", "status"), ("volume", "issue", "pages"))}),
        (_("Identifiers"), {"fields": ("doi", "pmid", "url")}),
        (
            None,
            {
                "fields": (
                    "more_authors",
                    ("editors", "series_editors"),
                    "abstract",
                    "sci_indexed",
                    "language",
                    "experts",
                )
            },
        ),
    )

    def owner_filter(self, queryset, expert):
        return queryset.filter(experts=expert)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authorships")

    def get_search_results(self, request, queryset, search_term):
        """Each word in the title, journal, DOI, PMID or an author's name. Names are matched in one pass
        over the authors (pk IN …), not through a join that is then checked again for every publication."""
        for word in search_words(search_term):
            matches = Q(pk__in=Authorship.objects.filter(name__icontains=word).values("publication"))
            for field in self.get_search_fields(request):
                matches |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(matches)
        return queryset, False

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if edits_all_experts(request):
            return fieldsets
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f != "experts"]}) for name, opts in fieldsets]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (edits_all_experts(request) or own_expert(request) is not None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not edits_all_experts(request):
            form.instance.experts.add(own_expert(request))

    def delete_model(self, request, obj):
        if edits_all_experts(request):
            return super().delete_model(request, obj)
        remove_publication(own_expert(request), obj)

    def delete_queryset(self, request, queryset):
        if edits_all_experts(request):
            return super().delete_queryset(request, queryset)
        expert = own_expert(request)
        for publication in queryset:
            remove_publication(expert, publication)

    def changelist_view(self, request, extra_context=None):
        expert = None if edits_all_experts(request) else own_expert(request)
        return super().changelist_view(request, {**(extra_context or {}), "own_expert": expert})

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, pub):
        return pub.title if len(pub.title) <= 90 else pub.title[:88] + "…"

    @admin.display(description=_("first author"))
    def first_author(self, pub):
        names = pub.author_names
        return names[0] if names else ""

    @admin.display(description=_("DOI"), ordering="doi")
    def doi_link(self, pub):
        return format_html('<a href="{}" rel="noopener">{}</a>', pub.doi_url, pub.doi) if pub.doi else ""


@admin.register(SpokenLanguage)
class SpokenLanguageAdmin(RevisionsAdminMixin, TranslatorAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("code", "name")
    structural_fields_for_translators = ("code", "order")

    def get_model_perms(self, request):
        # A short reference list: only those who may change it see it in the menu.
        return super().get_model_perms(request) if self.has_change_permission(request) else {}
