"""The private case page's data: secret links, one-time codes, the conversation and reply templates.

Imported by models.py (Django finds the models there). A link's token and a code are never
stored: only their hashes. Everything here cascades with its request, so the retention purge
removes it together with the request.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hospital.i18n import localized

from .workflow import Status


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def has_case_page(consultation):
    """Only a request with an e-mail address has a case page: the code goes to that address."""
    return bool(consultation.email)


def case_url(consultation, token):
    """The absolute address of the case page, in the patient's language."""
    with translation.override(consultation.preferred_language):
        path = reverse("consultations:case", kwargs={"token": token})
    return settings.SITE_URL.rstrip("/") + path


def new_link(consultation):
    """A fresh link for `consultation`: its absolute URL, or None without an e-mail address."""
    if not has_case_page(consultation):
        return None
    _link, token = CaseLink.issue(consultation)
    return case_url(consultation, token)


class CaseLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        idle = datetime.timedelta(days=settings.CONSULTATION_CASE_LINK_IDLE_DAYS)
        return self.filter(revoked_at__isnull=True, last_activity_at__gte=now - idle)

    def revoke(self):
        # A bulk update by design: revoking is one statement for every link of a request.
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class CaseLink(models.Model):
    """One secret link to a case page; the token itself exists only in the e-mail that carried it."""

    consultation_request = models.ForeignKey(
        "consultations.ConsultationRequest", models.CASCADE, related_name="case_links",
        verbose_name=_("consultation request"),
    )  # fmt: skip
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = CaseLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case page link")
        verbose_name_plural = _("case page links")

    def __str__(self):
        return f"{self.consultation_request_id}:{self.pk}"

    @classmethod
    def issue(cls, consultation):
        """A new link for `consultation`; returns `(link, token)`: 256 random bits, URL-safe."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(consultation_request=consultation, token_hash=hash_token(token))
        return link, token


class CaseAccess(models.Model):
    """The one-time code state of a case: the current code's hash, its tries, and the lock."""

    consultation_request = models.OneToOneField(
        "consultations.ConsultationRequest", models.CASCADE, related_name="case_access", primary_key=True
    )
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("case page access")
        verbose_name_plural = _("case page access")

    def __str__(self):
        return str(self.consultation_request_id)


class CaseMessage(models.Model):
    """One message of the conversation; attachments are MedicalReport rows pointing at it."""

    class Author(models.TextChoices):
        PATIENT = "patient", _("Patient")
        COORDINATOR = "coordinator", _("Coordinator")

    consultation_request = models.ForeignKey(
        "consultations.ConsultationRequest", models.CASCADE, related_name="messages",
        verbose_name=_("consultation request"),
    )  # fmt: skip
    author_kind = models.CharField(_("from"), max_length=20, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("coordinator"),
    )  # fmt: skip
    body = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("conversation")

    def __str__(self):
        return f"{self.consultation_request_id}:{self.pk}"

    @property
    def from_patient(self):
        return self.author_kind == self.Author.PATIENT


class ReplyTemplate(models.Model):
    """A reusable reply (translated fields); placeholders: {patient_name}, {reference}, {coordinator}."""

    PLACEHOLDERS = ("patient_name", "reference", "coordinator")

    name = models.CharField(_("name"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Placeholders: {patient_name}, {reference}, {coordinator}."))
    status_after = models.CharField(
        _("status after sending"), max_length=30, choices=Status.choices, blank=True,
        help_text=_("Where the request moves when this reply is sent, if the workflow allows it."),
    )  # fmt: skip

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self):
        return self.name

    def render(self, consultation, coordinator, language):
        """The body in `language` (English as fallback) with the placeholders filled in."""
        text = getattr(self, localized("body", language), "") or getattr(self, localized("body", "en"), "")
        return fill_placeholders(text, consultation, coordinator)


def fill_placeholders(text, consultation, coordinator=None):
    """Replace the known placeholders only; any other brace in the text stays as written."""
    values = {
        "patient_name": consultation.patient_name,
        "reference": consultation.reference,
        "coordinator": (coordinator.get_full_name() or coordinator.get_username()) if coordinator else "",
    }
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text
