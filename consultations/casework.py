"""The conversation on the case page: links, one-time codes, the short case session, messages, replies.

One path for every door: the case page views, the admin's reply composer, the demo loader and the
tests call these functions. Mail only ever says "there is news about HC-…" with a link.
"""

import datetime
import hmac
import logging
import secrets
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_ratelimit.core import is_ratelimited

from . import tasks
from .cases import CaseAccess, CaseLink, CaseMessage, case_url, has_case_page, hash_token, new_link
from .clientip import client_ip
from .files import delete_blobs, store_report
from .models import MedicalReport

logger = logging.getLogger(__name__)

SESSION_KEY = "consultation_case"
CODE_DIGITS = 6


__all__ = ["case_url", "new_link"]


def find_link(token):
    """The usable link for `token`, or None: unknown, revoked and expired look the same."""
    if not token or len(token) > 100:
        return None
    link = CaseLink.objects.usable().select_related("consultation_request").filter(token_hash=hash_token(token)).first()
    if link is None or not has_case_page(link.consultation_request):
        return None
    return link


def revoke_links(consultation):
    return consultation.case_links.revoke()


def renew_link(consultation):
    """Revoke every link of the request and mail a new one (after the commit)."""
    with transaction.atomic():
        revoke_links(consultation)
        transaction.on_commit(partial(tasks.send_case_news.enqueue, consultation.pk), robust=True)


# The one-time code


def _code_hash(consultation, code):
    return salted_hmac("consultations.case-code", f"{consultation.pk}:{code}", algorithm="sha256").hexdigest()


class CodeResult:
    SENT = "sent"
    LIMITED = "limited"
    LOCKED = "locked"
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"


def _access(consultation):
    access, _created = CaseAccess.objects.select_for_update().get_or_create(consultation_request=consultation)
    return access


def _limited(request, group, key, rate):
    return is_ratelimited(request, group=group, key=lambda _group, _request: key, rate=rate, increment=True)


def send_code(request, consultation):
    """Mail a new 6-digit code to the request's address, within the limits per case and per address."""
    now = timezone.now()
    with transaction.atomic():
        access = _access(consultation)
        if access.locked_until and access.locked_until > now:
            return CodeResult.LOCKED
        by_case = _limited(request, "case-code", f"case:{consultation.pk}", settings.CONSULTATION_CASE_CODE_RATE)
        by_ip = _limited(request, "case-code-ip", f"ip:{client_ip(request)}", settings.CONSULTATION_CASE_CODE_IP_RATE)
        if by_case or by_ip:
            return CodeResult.LIMITED
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        access.code_hash = _code_hash(consultation, code)
        access.code_expires_at = now + datetime.timedelta(minutes=settings.CONSULTATION_CASE_CODE_MINUTES)
        access.save(update_fields=["code_hash", "code_expires_at"])
        # Sealed: a task backend keeps its arguments in a table (django-tasks-db), never the code in clear.
        sealed = tasks.sealed_code(consultation.pk, code)
        transaction.on_commit(partial(tasks.send_case_code.enqueue, consultation.pk, sealed), robust=True)
    return CodeResult.SENT


def check_code(consultation, code):
    """Compare `code` with the current one; the fifth wrong code in a row locks the case for a while."""
    now = timezone.now()
    code = "".join(str(code or "").split())
    with transaction.atomic():
        access = _access(consultation)
        if access.locked_until and access.locked_until > now:
            return CodeResult.LOCKED
        if not access.code_hash or access.code_expires_at is None or access.code_expires_at < now:
            return CodeResult.EXPIRED
        if (
            len(code) == CODE_DIGITS
            and code.isdigit()
            and hmac.compare_digest(access.code_hash, _code_hash(consultation, code))
        ):
            access.code_hash, access.code_expires_at, access.failed_attempts = "", None, 0
            access.locked_until = None
            access.save()
            return CodeResult.OK
        access.failed_attempts += 1
        result = CodeResult.WRONG
        if access.failed_attempts >= settings.CONSULTATION_CASE_CODE_MAX_FAILURES:
            access.locked_until = now + datetime.timedelta(minutes=settings.CONSULTATION_CASE_LOCK_MINUTES)
            access.failed_attempts, access.code_hash, access.code_expires_at = 0, "", None
            result = CodeResult.LOCKED
        access.save()
        return result


# The short case session: one case at a time, a few idle minutes.


def open_session(request, consultation):
    request.session.cycle_key()
    _touch_session(request, consultation)


def _touch_session(request, consultation):
    until = timezone.now() + datetime.timedelta(minutes=settings.CONSULTATION_CASE_SESSION_MINUTES)
    request.session[SESSION_KEY] = {"id": consultation.pk, "until": until.timestamp()}


def session_allows(request, consultation):
    state = request.session.get(SESSION_KEY) or {}
    if state.get("id") != consultation.pk or state.get("until", 0) < timezone.now().timestamp():
        return False
    _touch_session(request, consultation)
    return True


def touch(link):
    CaseLink.objects.filter(pk=link.pk).update(last_activity_at=timezone.now())


def post_limited(request, consultation):
    return _limited(request, "case-post", f"case:{consultation.pk}", settings.CONSULTATION_CASE_POST_RATE)


# Messages


@dataclass(frozen=True)
class Sent:
    message: CaseMessage
    attachments: list
    moved: bool = False


def _store_message(consultation, author_kind, body, files, author=None):
    """A message with its inspected files (files.inspect_report), all or nothing."""
    written = []
    try:
        with transaction.atomic():
            now = timezone.now()
            message = CaseMessage.objects.create(
                consultation_request=consultation, author_kind=author_kind, author=author, body=body, created_at=now
            )
            attachments = []
            for inspected in files:
                blob_name, key_id = store_report(inspected)
                written.append(blob_name)
                attachments.append(MedicalReport.objects.create(
                    consultation_request=consultation, message=message, original_name=inspected.name,
                    kind=inspected.file_type.kind, content_type=inspected.file_type.content_type,
                    size=inspected.size, sha256=inspected.sha256, blob_name=blob_name, key_id=key_id,
                    scanned=inspected.scanned, uploaded_at=now,
                ))  # fmt: skip
    except BaseException:
        delete_blobs(written)
        raise
    return message, attachments


def add_patient_message(consultation, body, files, *, notify=True):
    """The patient writes or adds reports on the case page; the coordinators are told (no content)."""
    message, attachments = _store_message(consultation, CaseMessage.Author.PATIENT, body, files)
    if notify:
        transaction.on_commit(partial(tasks.notify_coordinators_of_news.enqueue, consultation.pk), robust=True)
    return Sent(message, attachments)


def send_reply(consultation, coordinator, body, files, status="", *, notify=True):
    """A coordinator's reply: stored, status moved as the workflow allows, the patient told by mail."""
    with transaction.atomic():
        # The status first: a step the workflow refuses (ValidationError) leaves nothing stored.
        moved = consultation.move_to(status) if status else False
        message, attachments = _store_message(consultation, CaseMessage.Author.COORDINATOR, body, files, coordinator)
        if consultation.first_replied_at is None:
            consultation.first_replied_at = message.created_at
            consultation.save(update_fields=["first_replied_at"])
        if notify and has_case_page(consultation):
            transaction.on_commit(partial(tasks.send_case_news.enqueue, consultation.pk), robust=True)
    return Sent(message, attachments, moved)


def conversation(consultation):
    return consultation.messages.select_related("author").prefetch_related("attachments")
