"""Consultation workflows that span several models and the file storage.

`submit_consultation()` is the one path by which a request enters the system (the form, the
demo loader and tests call it); `purge_consultations()` the one path by which it leaves.
"""

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import tasks
from .encryption import key_ring
from .files import delete_blobs, private_storage, reencrypt_report, store_report, stored_blob_names
from .models import ConsultationRequest, MedicalReport

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submission:
    consultation_request: ConsultationRequest
    created: bool


def submit_consultation(details, reports, *, consent_language, notice_version, form_token=None, notify=True):
    """Store a request with its inspected reports (files.inspect_report), all or nothing.

    A second call with the same `form_token` (double click, reload, back button) returns the
    first request instead of creating another. If anything fails, no row and no file remain;
    e-mails are sent only once the transaction has committed.
    """
    if form_token is not None:
        existing = ConsultationRequest.objects.filter(form_token=form_token).first()
        if existing is not None:
            return Submission(existing, created=False)
    written = []
    try:
        with transaction.atomic():
            now = timezone.now()
            consultation = ConsultationRequest(
                **details,
                consent_notice_version=notice_version,
                consent_language=consent_language,
                consent_at=now,
                created_at=now,
                status_changed_at=now,
            )
            if form_token is not None:
                consultation.form_token = form_token
            consultation.save()
            for inspected in reports:
                blob_name, key_id = store_report(inspected)
                written.append(blob_name)
                MedicalReport.objects.create(
                    consultation_request=consultation,
                    original_name=inspected.name,
                    kind=inspected.file_type.kind,
                    content_type=inspected.file_type.content_type,
                    size=inspected.size,
                    sha256=inspected.sha256,
                    blob_name=blob_name,
                    key_id=key_id,
                    scanned=inspected.scanned,
                    uploaded_at=now,
                )
            if notify:
                # Mail leaves after the commit; a failing enqueue is logged, never undoes the request.
                transaction.on_commit(partial(tasks.send_acknowledgement.enqueue, consultation.pk), robust=True)
                transaction.on_commit(partial(tasks.notify_coordinators.enqueue, consultation.pk), robust=True)
    except IntegrityError:
        delete_blobs(written)
        if form_token is not None:
            # The same form was sent twice at the same moment: the other submission won.
            existing = ConsultationRequest.objects.filter(form_token=form_token).first()
            if existing is not None:
                return Submission(existing, created=False)
        raise
    except BaseException:
        delete_blobs(written)
        raise
    logger.info("Consultation request %s received with %d report(s).", consultation.reference, len(written))
    return Submission(consultation, created=True)


@dataclass(frozen=True)
class PurgeResult:
    requests: list
    reports: int
    orphans: list


def purge_consultations(older_than, *, dry_run=False, orphan_grace=None):
    """Delete closed and spam requests unchanged since `older_than`, with their files.

    Also removes orphan files: stored reports without a database row (left by a crash between
    writing a file and committing), older than `orphan_grace` (a datetime) so that files of
    submissions in progress are spared.
    """
    queryset = ConsultationRequest.objects.purgeable(older_than).order_by("created_at", "pk")
    requests = list(queryset.values("pk", "reference", "status", "status_changed_at"))
    report_rows = list(MedicalReport.objects.filter(consultation_request__in=[r["pk"] for r in requests]).values_list(
        "consultation_request_id", "blob_name"
    ))  # fmt: skip
    counts = {}
    for request_id, _blob in report_rows:
        counts[request_id] = counts.get(request_id, 0) + 1
    for row in requests:
        row["reports"] = counts.get(row["pk"], 0)
    orphans = find_orphan_blobs(orphan_grace or timezone.now() - datetime.timedelta(hours=6))
    if not dry_run:
        with transaction.atomic():
            # Report rows go with their requests (cascade); their files are deleted after commit.
            ConsultationRequest.objects.filter(pk__in=[row["pk"] for row in requests]).delete()
        delete_blobs(orphans)
    return PurgeResult(requests=requests, reports=len(report_rows), orphans=orphans)


def find_orphan_blobs(older_than):
    storage = private_storage()
    known = set(MedicalReport.objects.values_list("blob_name", flat=True))
    orphans = []
    for name in stored_blob_names():
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (OSError, NotImplementedError):
            continue
        if modified < older_than:
            orphans.append(name)
    return orphans


def rotate_report_keys():
    """Re-encrypt every report not yet under the current key (the first of CONSULTATION_FILE_KEYS).

    One report at a time: the row points at the new file only once it is written, and the old
    file is deleted after that commit. Returns how many reports were re-encrypted.
    """
    current = key_ring().current.id
    done = 0
    for report in MedicalReport.objects.exclude(key_id=current).order_by("pk").iterator():
        old_name = report.blob_name
        new_name, key_id = reencrypt_report(report)
        try:
            with transaction.atomic():
                MedicalReport.objects.filter(pk=report.pk).update(blob_name=new_name, key_id=key_id)
                transaction.on_commit(partial(delete_blobs, [old_name]))
        except BaseException:
            delete_blobs([new_name])
            raise
        done += 1
    return done
