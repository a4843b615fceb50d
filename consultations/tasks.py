"""E-mail about consultation requests, sent by Django's tasks framework after the request is stored.

Both mails carry the reference only: no name, no medical details (e-mail is not a safe channel).
Arguments are references (the request's id), so a task backend's table (django-tasks-db) holds no
patient data; the one secret that must travel, the case page's one-time code, travels sealed
(`sealed_code`, encryption.seal) and is opened only to write the mail.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from hospital.roles import COORDINATOR

from .cases import new_link
from .encryption import DecryptionError, seal, unseal
from .models import ConsultationRequest

logger = logging.getLogger(__name__)


def _render(template, context):
    subject = render_to_string(f"consultations/email/{template}_subject.txt", context)
    body = render_to_string(f"consultations/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _send(kind, consultation, subject, body, recipients):
    try:
        EmailMessage(subject, body, to=recipients).send()
    except Exception:
        # Logged with the reference only; the task backend records the failure (and may retry).
        logger.exception("Could not send the %s e-mail for consultation request %s.", kind, consultation.reference)
        raise


@task()
def send_acknowledgement(consultation_id):
    """Tell the patient, in their language, that the request arrived and what happens next."""
    consultation = ConsultationRequest.objects.filter(pk=consultation_id).first()
    if consultation is None or not consultation.email:
        return "no e-mail address"
    with translation.override(consultation.preferred_language):
        subject, body = _render("acknowledgement", {
            "consultation": consultation,
            "site_name": settings.SITE_NAME,
            "reply_days": settings.CONSULTATION_REPLY_TARGET_BUSINESS_DAYS,
            "language_name": dict(settings.LANGUAGES).get(consultation.preferred_language, ""),
            "case_url": new_link(consultation),
        })  # fmt: skip
    _send("acknowledgement", consultation, subject, body, [consultation.email])
    return "sent"


def coordinator_addresses():
    users = get_user_model().objects.filter(groups__name=COORDINATOR, is_active=True).exclude(email="")
    return sorted({*users.values_list("email", flat=True), *settings.CONSULTATION_NOTIFY_EMAILS})


@task()
def notify_coordinators(consultation_id):
    """Tell the coordinators a request is waiting: a link to the back office, nothing medical."""
    consultation = ConsultationRequest.objects.filter(pk=consultation_id).first()
    recipients = coordinator_addresses()
    if consultation is None or not recipients:
        return "nobody to notify"
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _render("coordinators", {
            "consultation": consultation,
            "site_name": settings.SITE_NAME,
            "admin_url": settings.SITE_URL.rstrip("/") + consultation.get_admin_url(),
        })  # fmt: skip
    _send("coordinator notification", consultation, subject, body, recipients)
    return "sent"


@task()
def send_case_news(consultation_id):
    """ "There is news about HC-…" with a fresh case page link, in the patient's language; nothing else."""
    consultation = ConsultationRequest.objects.filter(pk=consultation_id).first()
    if consultation is None or not consultation.email:
        return "no e-mail address"
    with translation.override(consultation.preferred_language):
        subject, body = _render("case_news", {
            "consultation": consultation, "site_name": settings.SITE_NAME, "case_url": new_link(consultation),
        })  # fmt: skip
    _send("case news", consultation, subject, body, [consultation.email])
    return "sent"


def _code_purpose(consultation_id):
    return f"consultations.case-code:{consultation_id}"


def sealed_code(consultation_id, code):
    """The one-time code as the argument of `send_case_code`: it opens only for that request."""
    return seal(code, _code_purpose(consultation_id))


@task()
def send_case_code(consultation_id, sealed):
    """The one-time code for the case page (`sealed_code`), to the request's own address."""
    consultation = ConsultationRequest.objects.filter(pk=consultation_id).first()
    if consultation is None or not consultation.email:
        return "no e-mail address"
    try:
        code = unseal(sealed, _code_purpose(consultation_id))
    except DecryptionError:
        # Its key was rotated out meanwhile (or the argument was altered): the patient asks again.
        logger.error("The case page code for consultation request %s cannot be opened.", consultation.reference)
        return "code unreadable"
    with translation.override(consultation.preferred_language):
        subject, body = _render("case_code", {
            "consultation": consultation, "site_name": settings.SITE_NAME, "code": code,
            "minutes": settings.CONSULTATION_CASE_CODE_MINUTES,
        })  # fmt: skip
    _send("case code", consultation, subject, body, [consultation.email])
    return "sent"


@task()
def notify_coordinators_of_news(consultation_id):
    """The patient wrote or added reports: a link to the back office, nothing of the content."""
    consultation = ConsultationRequest.objects.filter(pk=consultation_id).first()
    recipients = coordinator_addresses()
    if consultation is None or not recipients:
        return "nobody to notify"
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _render("coordinators_news", {
            "consultation": consultation, "site_name": settings.SITE_NAME,
            "admin_url": settings.SITE_URL.rstrip("/") + consultation.get_admin_url(),
        })  # fmt: skip
    _send("coordinator news", consultation, subject, body, recipients)
    return "sent"
