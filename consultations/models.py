"""Consultation requests from patients, their medical reports, coordinators' notes and the access log.

Nothing here holds a public URL: reports live in private storage, encrypted (see files.py),
and `__str__` never shows personal data, so admin history and messages carry only references.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clientip import client_ip
from .countries import country_name
from .workflow import ANSWERED, AWAITING_REPLY, PURGEABLE, TRANSITIONS, Status, add_business_days

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_reference():
    """A non-guessable reference such as `HC-7KQ2-M9XW-TD4P` (75 random bits)."""
    groups = ["".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(4)) for _g in range(3)]
    return "HC-" + "-".join(groups)


class ConsultationRequestQuerySet(models.QuerySet):
    def awaiting_reply(self):
        return self.filter(status__in=AWAITING_REPLY)

    def overdue(self, now=None):
        return self.awaiting_reply().filter(reply_due_at__lt=now or timezone.now())

    def not_overdue(self, now=None):
        return self.exclude(status__in=AWAITING_REPLY, reply_due_at__lt=now or timezone.now())

    def purgeable(self, older_than):
        """Closed or spam requests whose status has not changed since `older_than`."""
        return self.filter(status__in=PURGEABLE, status_changed_at__lt=older_than)

    def countries(self):
        """The country codes that requests name, in order, found in the country index (a loose index scan,
        see backoffice.changelist.distinct_values). Filters on `self` are not applied."""
        from backoffice.changelist import distinct_values

        return [code for code in distinct_values(self.model, "country", self.db) if code]

    def for_desk(self):
        """What the coordinators' list shows, in a fixed number of queries."""
        # A correlated count, evaluated for the rows of one page only: a GROUP BY over the whole
        # table (and under the paginator's COUNT) took most of the time with 200,000 requests.
        reports = (
            MedicalReport.objects.filter(consultation_request=OuterRef("pk"))
            .order_by()
            .values("consultation_request")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.select_related("cancer_type", "preferred_expert", "preferred_event", "assignee").annotate(
            report_count=Coalesce(Subquery(reports, output_field=models.IntegerField()), 0)
        )


class ConsultationRequest(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, default=new_reference, editable=False)
    # The hidden one-time token of the form that sent it: a second submit finds this row.
    form_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    patient_name = models.CharField(_("patient's name"), max_length=200)
    cancer_type = models.ForeignKey(
        "hospital.Specialty", models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": "cancer_type"}, verbose_name=_("cancer type"),
    )  # fmt: skip
    cancer_type_other = models.CharField(_("other cancer type"), max_length=200, blank=True)
    phone = models.CharField(_("phone / WhatsApp"), max_length=20, help_text=_("E.164, e.g. +6281234567890."))
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code."))
    preferred_language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES)
    preferred_expert = models.ForeignKey(
        "experts.Expert", models.SET_NULL, null=True, blank=True, related_name="consultation_requests",
        verbose_name=_("preferred expert"),
    )  # fmt: skip
    preferred_event = models.ForeignKey(
        "news.Event", models.SET_NULL, null=True, blank=True, related_name="consultation_requests",
        verbose_name=_("preferred event"),
    )  # fmt: skip
    message = models.TextField(_("message"), blank=True)
    submitted_by_relative = models.BooleanField(_("sent by a relative or friend"), default=False)

    consent_notice_version = models.CharField(_("privacy notice version"), max_length=40)
    consent_language = models.CharField(_("privacy notice language"), max_length=10)
    consent_at = models.DateTimeField(_("consent given at"))

    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.NEW, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assignee"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True, editable=False)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now, editable=False)
    reply_due_at = models.DateTimeField(_("reply due"), null=True, editable=False)
    first_replied_at = models.DateTimeField(_("first replied"), null=True, blank=True, editable=False)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        indexes = [
            models.Index(fields=["status", "reply_due_at"], name="consultation_due_idx"),
            # The desk's order (newest first): with 200,000 requests a page is read from the index,
            # not sorted from the whole table.
            models.Index(fields=["-created_at", "-id"], name="consultation_newest_idx"),
            # The desk's filters on a column of its own, each read in the desk's order from its index (and
            # the country filter's choices found in it, see countries()).
            models.Index(fields=["status", "-created_at", "-id"], name="consultation_status_idx"),
            models.Index(fields=["country", "-created_at", "-id"], name="consultation_country_idx"),
            models.Index(fields=["preferred_language", "-created_at", "-id"], name="consultation_language_idx"),
            models.Index(fields=["reply_due_at", "-created_at", "-id"], name="consultation_reply_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(age__lte=130), name="consultation_age_plausible"),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        if self.reply_due_at is None:
            days = settings.CONSULTATION_REPLY_TARGET_BUSINESS_DAYS
            self.reply_due_at = add_business_days(self.created_at, days)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("consultations:received", kwargs={"reference": self.reference})

    def get_admin_url(self):
        return reverse("admin:consultations_consultationrequest_change", args=[self.pk])

    @property
    def cancer_type_label(self):
        return str(self.cancer_type) if self.cancer_type_id else self.cancer_type_other

    @property
    def country_name(self):
        return country_name(self.country)

    @property
    def is_overdue(self):
        return self.status in AWAITING_REPLY and self.reply_due_at is not None and self.reply_due_at < timezone.now()

    def allowed_transitions(self):
        return TRANSITIONS.get(Status(self.status), ())

    def can_move_to(self, status):
        return status == self.status or status in self.allowed_transitions()

    def move_to(self, status, *, save=True):
        """Change the status along the workflow; a step it does not allow is a ValidationError."""
        if status == self.status:
            return False
        if not self.can_move_to(status):
            raise ValidationError(
                _("A request cannot go from “%(current)s” to “%(new)s”."),
                code="invalid_transition",
                params={"current": Status(self.status).label, "new": Status(status).label},
            )
        self.status = status
        self.status_changed_at = timezone.now()
        if status in ANSWERED and self.first_replied_at is None:
            self.first_replied_at = self.status_changed_at
        if save:
            self.save(update_fields=["status", "status_changed_at", "first_replied_at"])
        return True


class MedicalReport(models.Model):
    """One uploaded file, stored encrypted under a random name in private storage."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        WEBP = "webp", "WebP"
        DICOM = "dicom", "DICOM"
        DICOM_ZIP = "dicom_zip", _("DICOM series (ZIP)")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    consultation_request = models.ForeignKey(
        ConsultationRequest, models.CASCADE, related_name="reports", verbose_name=_("consultation request")
    )
    original_name = models.CharField(_("file name"), max_length=150)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Name inside the private storage; never derived from the patient's file name.
    blob_name = models.CharField(max_length=200, unique=True, editable=False)
    key_id = models.CharField(_("encryption key id"), max_length=16, editable=False)
    scanned = models.BooleanField(_("virus-scanned"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    # Set for files added on the case page or attached to a coordinator's reply.
    message = models.ForeignKey(
        "consultations.CaseMessage", models.CASCADE, null=True, blank=True, related_name="attachments",
        editable=False, verbose_name=_("message"),
    )  # fmt: skip

    class Meta:
        ordering = ["consultation_request", "pk"]
        verbose_name = _("medical report")
        verbose_name_plural = _("medical reports")

    def __str__(self):
        return f"{self.consultation_request.reference} #{self.pk}"

    def get_download_url(self):
        return reverse("consultations:download", kwargs={"uid": self.uid})


class InternalNote(models.Model):
    consultation_request = models.ForeignKey(
        ConsultationRequest, models.CASCADE, related_name="notes", verbose_name=_("consultation request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("author"),
        editable=False,
    )  # fmt: skip
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return _("Note of %(date)s") % {"date": timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M")}


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """Who looked at which request or downloaded which report, when. Append-only.

    It keeps the reference and user name as text so the log outlives purged requests and
    deleted users; the foreign keys carry no database constraint and are never cascaded.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the request")
        CHANGE = "change", _("Changed the request")
        DOWNLOAD = "download", _("Downloaded a report")
        EXPORT = "export", _("Exported requests (CSV)")
        CASE_VIEW = "case_view", _("Patient viewed the case page")
        CASE_CODE_SENT = "case_code_sent", _("Patient asked for a code")
        CASE_CODE_OK = "case_code_ok", _("Patient entered the right code")
        CASE_CODE_WRONG = "case_code_wrong", _("Patient entered a wrong code")
        CASE_MESSAGE = "case_message", _("Patient sent a message")
        CASE_UPLOAD = "case_upload", _("Patient added a report")
        CASE_DOWNLOAD = "case_download", _("Patient downloaded a file")
        REPLY = "reply", _("Coordinator replied")
        LINK_REVOKED = "link_revoked", _("Case page links revoked")
        LINK_SENT = "link_sent", _("Case page link sent")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.DO_NOTHING, null=True, db_constraint=False, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    username = models.CharField(_("user name"), max_length=150)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    consultation_request = models.ForeignKey(
        ConsultationRequest, models.DO_NOTHING, null=True, db_constraint=False, related_name="+",
        verbose_name=_("consultation request"),
    )  # fmt: skip
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    report_uid = models.UUIDField(_("report"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.reference}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")

    @classmethod
    def record(cls, http_request, action, consultation_request=None, report=None, reference=""):
        user = http_request.user
        return cls.objects.create(
            user=user if user.is_authenticated else None,
            username=user.get_username() if user.is_authenticated else "",
            action=action,
            consultation_request=consultation_request,
            reference=reference or (consultation_request.reference if consultation_request else ""),
            report_uid=report.uid if report else None,
            ip_address=client_ip(http_request),
        )


# The case page's models live in their own module; imported here so Django registers them.
from .cases import CaseAccess, CaseLink, CaseMessage, ReplyTemplate  # noqa: E402

__all__ = [
    "AccessLogEntry", "CaseAccess", "CaseLink", "CaseMessage", "ConsultationRequest", "InternalNote",
    "MedicalReport", "ReplyTemplate",
]  # fmt: skip
