"""The coordinators' desk: triage of consultation requests, notes, CSV export, and the access log."""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from backoffice.changelist import LargeListAdmin, RelatedInUseFilter
from backoffice.records_admin import ReadOnlyAdminMixin
from translations.access import TranslatorAdminMixin

from . import casework
from .admin_replies import reply_view
from .countries import country_name
from .models import AccessLogEntry, ConsultationRequest, InternalNote, MedicalReport, ReplyTemplate
from .workflow import Status


class OverdueFilter(admin.SimpleListFilter):
    title = _("reply time")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        # Conditions on the list's own rows (not pk IN a list of every overdue request): read in the list's order.
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = ConsultationRequest.objects.countries()
        return sorted(((code, country_name(code)) for code in codes), key=lambda item: item[1].casefold())

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class ConsultationRequestForm(forms.ModelForm):
    """Status choices follow the workflow: only the steps allowed from the current status."""

    class Meta:
        model = ConsultationRequest
        fields = ("status", "assignee")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "status" in self.fields:
            allowed = {self.instance.status, *self.instance.allowed_transitions()}
            self.fields["status"].choices = [choice for choice in Status.choices if choice[0] in allowed]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and not ConsultationRequest.objects.get(pk=self.instance.pk).can_move_to(status):
            raise ValidationError(_("This status cannot follow the current one."), code="invalid_transition")
        return status


class MedicalReportInline(admin.TabularInline):
    model = MedicalReport
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("download", "kind", "file_size", "scanned", "uploaded_at", "sha256")
    readonly_fields = fields
    verbose_name_plural = _("medical reports (downloads are logged)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, report):
        return format_html('<a href="{}" download>{}</a>', report.get_download_url(), report.original_name)

    @admin.display(description=_("size"))
    def file_size(self, report):
        return filesizeformat(report.size)


class InternalNoteInline(admin.TabularInline):
    """Notes already written: read-only, with author and time."""

    model = InternalNote
    extra = 0
    can_delete = False
    fields = ("text", "author", "created_at")
    readonly_fields = fields
    verbose_name_plural = _("internal notes")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class NewInternalNoteInline(admin.StackedInline):
    """One empty note to add; saved notes move to the read-only list above."""

    model = InternalNote
    extra = 1
    max_num = 1
    can_delete = False
    fields = ("text",)
    verbose_name = _("new internal note")
    verbose_name_plural = _("add an internal note")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False


def _csv_safe(value):
    """Keep spreadsheet programs from running patient-typed text as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _transition_action(status, description):
    def action(modeladmin, request, queryset):
        modeladmin.move_selected(request, queryset, status)

    action.__name__ = f"mark_{status}"
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(LargeListAdmin, admin.ModelAdmin):
    form = ConsultationRequestForm
    list_display = ("reference", "created_at", "status", "reply_due", "cancer_type_display", "country_display",
                    "preferred_language", "preferred_expert", "assignee", "report_count")  # fmt: skip
    list_filter = (
        "status", OverdueFilter, ("cancer_type", RelatedInUseFilter), CountryFilter,
        "preferred_language", ("preferred_expert", RelatedInUseFilter),
        ("preferred_event", RelatedInUseFilter), ("created_at", admin.DateFieldListFilter),
        ("assignee", RelatedInUseFilter),
    )  # fmt: skip
    search_fields = ("=reference", "patient_name", "phone", "email")
    # No date_hierarchy: its year/month links scan every row (a function per row on SQLite), while the
    # "received" filter offers the same ranges. Counted a few pages ahead only (LargeListAdmin).
    list_per_page = 50
    # Sorting on the columns that an index serves; the others would sort 200,000 joined rows.
    sortable_by = ("reference", "created_at", "status", "reply_due", "country_display", "preferred_language")
    inlines = [MedicalReportInline, InternalNoteInline, NewInternalNoteInline]
    actions = [
        "assign_to_me",
        "send_case_link",
        "revoke_case_links",
        _transition_action(Status.IN_REVIEW, _("Mark as in review")),
        _transition_action(Status.REPLIED, _("Mark as replied")),
        _transition_action(Status.CLOSED, _("Close")),
        _transition_action(Status.SPAM, _("Mark as spam")),
        "export_csv",
    ]
    readonly_fields = (
        "reference", "created_at", "reply_due", "first_replied_at", "status_changed_at",
        "patient_name", "submitted_by_relative", "age", "country_display", "phone_link", "email",
        "cancer_type_display", "preferred_language", "preferred_expert", "preferred_event", "message",
        "consent_notice_version", "consent_language", "consent_at", "case_page", "conversation",
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("reference", "status", "assignee", "created_at", "reply_due", "first_replied_at",
                           "status_changed_at", "case_page")}),
        (_("Patient"), {"fields": ("patient_name", "submitted_by_relative", "age", "country_display",
                                   "phone_link", "email")}),
        (_("Request"), {"fields": ("cancer_type_display", "preferred_language", "preferred_expert",
                                   "preferred_event", "message")}),
        (_("conversation with the patient"), {"fields": ("conversation",)}),
        (_("Consent"), {"fields": ("consent_notice_version", "consent_language", "consent_at"),
                        "classes": ("collapse",)}),
    )  # fmt: skip

    def get_queryset(self, request):
        # The explicit order follows any column sorted by: each sortable column has an index in that order.
        return super().get_queryset(request).for_desk().order_by("-created_at", "-id")

    def has_add_permission(self, request):
        # Requests come from patients through the form only.
        return False

    def get_urls(self):
        reply = self.admin_site.admin_view(lambda request, object_id: reply_view(self, request, object_id))
        return [path("<path:object_id>/reply/", reply, name="consultations_consultationrequest_reply"),
                *super().get_urls()]  # fmt: skip

    # Columns and read-only fields

    @admin.display(description=_("conversation"))
    def conversation(self, obj):
        # Read-only here (no formset to post); replies are written on the reply page.
        return render_to_string("admin/consultations/consultationrequest/_conversation.html",
                                {"conversation": casework.conversation(obj)})  # fmt: skip

    @admin.display(description=_("case page"))
    def case_page(self, obj):
        if not casework.has_case_page(obj):
            return _("No case page: this request has no e-mail address. Reply by phone or WhatsApp.")
        usable = obj.case_links.usable().count()
        reply_url = reverse("admin:consultations_consultationrequest_reply", args=[obj.pk])
        state = ngettext("%(count)d usable link", "%(count)d usable links", usable) % {"count": usable}
        return format_html('{} · <a class="button" href="{}">{}</a> <a class="button" href="{}?records=1">{}</a>',
                           state, reply_url, _("Write a reply"), reply_url, _("Request records"))  # fmt: skip

    @admin.display(description=_("reply due"), ordering="reply_due_at")
    def reply_due(self, obj):
        if obj.reply_due_at is None:
            return "—"
        due = timezone.localtime(obj.reply_due_at).strftime("%Y-%m-%d %H:%M")
        if obj.is_overdue:
            return format_html('<strong style="color: var(--error-fg, #ba2121)">⚠ {} {}</strong>', _("overdue"), due)
        return due

    @admin.display(description=_("cancer type"), ordering="cancer_type__name")
    def cancer_type_display(self, obj):
        if obj.cancer_type_id:
            return str(obj.cancer_type)
        return format_html("{}: {}", _("other"), obj.cancer_type_other)

    @admin.display(description=_("country"), ordering="country")
    def country_display(self, obj):
        return country_name(obj.country) or "—"

    @admin.display(description=_("phone / WhatsApp"))
    def phone_link(self, obj):
        return format_html('<a href="tel:{0}">{0}</a> · <a href="https://wa.me/{1}" rel="noopener noreferrer" '
                           'target="_blank">WhatsApp</a>', obj.phone, obj.phone.lstrip("+"))  # fmt: skip

    @admin.display(description=_("reports"), ordering="report_count")
    def report_count(self, obj):
        return obj.report_count

    # Saving: the workflow, and authors of notes

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            obj.move_to(new_status, save=False)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, InternalNote) and instance.pk is None:
                instance.author = request.user
            instance.save()
        formset.save_m2m()

    # Every look at a request is logged

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            action = AccessLogEntry.Action.CHANGE if request.method == "POST" else AccessLogEntry.Action.VIEW
            AccessLogEntry.record(request, action, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    # Actions

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = queryset.update(assignee=request.user)
        message = ngettext("%(count)d request assigned to you.", "%(count)d requests assigned to you.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Send a new case page link (older links stop working)"), permissions=["change"])
    def send_case_link(self, request, queryset):
        sent = 0
        for consultation in queryset:
            if casework.has_case_page(consultation):
                casework.renew_link(consultation)
                AccessLogEntry.record(request, AccessLogEntry.Action.LINK_SENT, consultation)
                sent += 1
        self.message_user(request, ngettext("%(count)d new link sent.", "%(count)d new links sent.", sent)
                          % {"count": sent})  # fmt: skip

    @admin.action(description=_("Revoke case page links"), permissions=["change"])
    def revoke_case_links(self, request, queryset):
        for consultation in queryset:
            casework.revoke_links(consultation)
            AccessLogEntry.record(request, AccessLogEntry.Action.LINK_REVOKED, consultation)
        self.message_user(request, _("The case page links of the selected requests no longer work."))

    def move_selected(self, request, queryset, status):
        moved, refused = 0, []
        for consultation in queryset:
            try:
                if consultation.move_to(status):
                    moved += 1
            except ValidationError:
                refused.append(consultation.reference)
        if moved:
            self.message_user(request, ngettext("%(count)d request updated.", "%(count)d requests updated.",
                                                moved) % {"count": moved}, messages.SUCCESS)  # fmt: skip
        if refused:
            self.message_user(
                request,
                _("Not changed, because the workflow does not allow this step from their status: %(references)s")
                % {"references": ", ".join(refused)},
                messages.WARNING,
            )

    @admin.action(description=_("Export as CSV (no names, contacts, messages or files)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="consultation-requests.csv"'
        response["Cache-Control"] = "private, no-store"
        response.write("\ufeff")  # so spreadsheet programs read UTF-8
        writer = csv.writer(response)
        writer.writerow(["reference", "received", "status", "cancer type", "age", "country", "preferred language",
                         "preferred expert", "preferred event", "assignee", "reply due", "first replied",
                         "overdue", "reports"])  # fmt: skip
        rows = queryset.order_by("created_at", "pk")
        count = 0
        for obj in rows:
            count += 1
            writer.writerow([_csv_safe(value) for value in (
                obj.reference, timezone.localtime(obj.created_at).isoformat(), obj.get_status_display(),
                obj.cancer_type_label, obj.age, obj.country, obj.preferred_language,
                obj.preferred_expert or "", obj.preferred_event or "", obj.assignee or "",
                timezone.localtime(obj.reply_due_at).isoformat() if obj.reply_due_at else "",
                timezone.localtime(obj.first_replied_at).isoformat() if obj.first_replied_at else "",
                "yes" if obj.is_overdue else "no", obj.report_count,
            )])  # fmt: skip
        AccessLogEntry.record(request, AccessLogEntry.Action.EXPORT, reference=f"{count} requests")
        return response


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(TranslatorAdminMixin, TranslationAdmin):
    list_display = ("name", "status_after")
    search_fields = ("name",)


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Superusers read the log; nobody adds, changes or deletes entries."""

    list_display = ("at", "username", "action", "reference", "report_uid", "ip_address")
    list_filter = ("action", ("at", admin.DateFieldListFilter))
    search_fields = ("=reference", "username")
    date_hierarchy = "at"
    readonly_fields = list_display
    fields = list_display
