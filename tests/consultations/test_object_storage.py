"""Medical reports in a private S3 bucket (moto's server over HTTP, tests/s3.py): encrypted before upload,
never public, streamed to coordinators through the logged view; rotation, retention and a bucket failing
in the middle of a submission."""

import base64
import datetime
import re
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from consultations.files import open_report
from consultations.models import AccessLogEntry, ConsultationRequest, MedicalReport
from consultations.services import purge_consultations
from tests.s3 import FaultyEndpoint, anonymous_get
from tests.staff import verified_login

from .factories import FORM_URL, PDF, PNG, TEST_KEY, coordinator, upload

pytestmark = [pytest.mark.django_db, pytest.mark.object_storage]


def coordinator_client():
    return verified_login(Client(), coordinator(username="desk"))


def large_pdf(size=3 * 1024 * 1024):
    """A PDF spanning many encryption segments (64 KiB each), with bytes that never repeat a pattern."""
    body = b"%" + b"".join(f"{n:08x}".encode() for n in range(size // 8)) + b"\n"
    # A comment before the cross-reference table, so the file stays a PDF that reads (startxref moved along).
    at = PDF.index(b"\nxref\n") + 1
    startxref = int(PDF.rsplit(b"startxref\n", 1)[1].split()[0])
    tail = PDF[at:].replace(f"startxref\n{startxref}\n".encode(), f"startxref\n{startxref + len(body)}\n".encode())
    return PDF[:at] + body + tail


def test_reports_are_encrypted_into_the_private_bucket_only(client, form_data, object_storage):
    response = client.post(FORM_URL, form_data())
    assert response.status_code == 302
    reports = list(MedicalReport.objects.order_by("pk"))
    assert len(reports) == 2
    server = object_storage.server
    assert server.keys(object_storage.private) == sorted(report.blob_name for report in reports)
    assert not server.keys(object_storage.public)
    s3 = server.client()
    for report in reports:
        stored = s3.get_object(Bucket=object_storage.private, Key=report.blob_name)["Body"].read()
        assert stored.startswith(b"HCRE")  # the site's own encryption, applied before upload
        assert b"Pathology report" not in stored and b"CT slice" not in stored
        grants = s3.get_object_acl(Bucket=object_storage.private, Key=report.blob_name)["Grants"]
        assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]
        # Neither a plain URL nor one the storage would sign: the storage has no URL for reports.
        status, _headers, body = anonymous_get(f"{object_storage.endpoint}/{object_storage.private}/{report.blob_name}")
        assert status == 403 and b"HCRE" not in body
        with pytest.raises(ValueError, match="no URL"):
            storages["private"].url(report.blob_name)


def test_coordinator_download_streams_the_plaintext_from_the_bucket(client, form_data, object_storage, roles, settings):
    big = large_pdf()
    client.post(FORM_URL, form_data(reports=[upload("big-scan.pdf", big, "application/pdf")]))
    report = MedicalReport.objects.get()
    with FaultyEndpoint(object_storage.server.port) as relay:
        object_storage.use_endpoint(settings, relay.endpoint)
        response = coordinator_client().get(report.get_download_url())
        assert response.status_code == 200 and response.streaming
        chunks = list(response.streaming_content)
    assert b"".join(chunks) == big
    assert len(chunks) == len(big) // (64 * 1024) + 1  # one decrypted segment at a time
    assert response["Content-Length"] == str(len(big))
    assert response["Cache-Control"] == "private, no-store"
    # One ranged-less GET of the object itself: no copy to a temporary file, no signed URL handed out.
    assert [method for method, path in relay.seen if report.blob_name in path] == ["GET"]
    assert AccessLogEntry.objects.filter(action="download", report_uid=report.uid).count() == 1


def test_download_while_the_bucket_fails_is_a_clear_503(client, form_data, object_storage, roles, settings):
    client.post(FORM_URL, form_data())
    report = MedicalReport.objects.order_by("pk").first()
    with FaultyEndpoint(object_storage.server.port) as relay:
        relay.fail = lambda method, path: True
        object_storage.use_endpoint(settings, relay.endpoint)
        response = coordinator_client().get(report.get_download_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "The report store cannot be reached" in response.text
    assert response["Content-Type"].startswith("text/html")


def test_key_rotation_reencrypts_the_bucket_so_the_old_key_can_go(
    client, form_data, object_storage, settings, django_capture_on_commit_callbacks
):
    client.post(FORM_URL, form_data())
    before = set(object_storage.server.keys(object_storage.private))
    new_key = base64.urlsafe_b64encode(b"r" * 32).decode()
    settings.CONSULTATION_FILE_KEYS = [new_key, TEST_KEY]
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_consultation_keys", stdout=out)
    assert "Re-encrypted 2 report(s)" in out.getvalue()
    settings.CONSULTATION_FILE_KEYS = [new_key]
    after = set(object_storage.server.keys(object_storage.private))
    assert after == set(MedicalReport.objects.values_list("blob_name", flat=True))
    assert not after & before  # the old objects were deleted after the commit
    first, second = MedicalReport.objects.order_by("pk")
    assert b"".join(open_report(first)) == PDF and b"".join(open_report(second)) == PNG


def test_retention_purge_deletes_the_objects_and_sweeps_orphans(
    client, form_data, object_storage, django_capture_on_commit_callbacks
):
    for _n in range(2):
        client.post(FORM_URL, form_data())
    old, kept = ConsultationRequest.objects.order_by("pk")
    long_ago = timezone.now() - datetime.timedelta(days=40)
    ConsultationRequest.objects.filter(pk=old.pk).update(status="closed", status_changed_at=long_ago)
    s3 = object_storage.server.client()
    s3.put_object(Bucket=object_storage.private, Key="reports/ab/ab0000000000000000000000000000ff", Body=b"HCRE x")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_consultations", "--older-than", "30", stdout=out)
    assert "Deleted 1 request(s), 2 report file(s) and 0 orphan file(s)." in out.getvalue()  # orphan too new
    kept_blobs = sorted(kept.reports.values_list("blob_name", flat=True))
    assert object_storage.server.keys(object_storage.private, "reports/") == sorted(
        [*kept_blobs, "reports/ab/ab0000000000000000000000000000ff"]
    )
    # Six hours later (the grace for submissions in progress) the orphan goes too.
    result = purge_consultations(timezone.now(), orphan_grace=timezone.now() + datetime.timedelta(minutes=1))
    assert result.orphans == ["reports/ab/ab0000000000000000000000000000ff"]
    assert object_storage.server.keys(object_storage.private, "reports/") == kept_blobs


def test_bucket_failing_in_the_middle_of_a_submission_stores_nothing_and_the_patient_can_resend(
    client, form_data, object_storage, settings
):
    data = form_data()
    files = [(report.name, report.read()) for report in data.pop("reports")]
    with FaultyEndpoint(object_storage.server.port) as relay:
        writes = []

        def second_report_write_fails(method, path):
            if method == "PUT" and path.startswith(f"/{object_storage.private}/reports/"):
                writes.append(path.split("?")[0])
                return len(set(writes)) > 1  # the first report is stored, the second never is
            return False

        relay.fail = second_report_write_fails
        object_storage.use_endpoint(settings, relay.endpoint)
        response = client.post(
            "/id/consultation/", {**data, "reports": [upload(name, content) for name, content in files]}
        )
        assert response.status_code == 503
        assert "Kami tidak dapat menyimpan permintaan Anda karena ada masalah di sistem kami." in re.sub(
            r"\s+", " ", response.text
        )
        assert len(set(writes)) == 2  # it did fail in the middle: one object written, then the failure
        assert ConsultationRequest.objects.count() == 0 and MedicalReport.objects.count() == 0
        assert object_storage.server.keys(object_storage.private) == []  # the first object was removed

        # The store recovers; the same form (same one-time token) sent again is stored once, whole.
        relay.fail = lambda method, path: False
        response = client.post(
            "/id/consultation/", {**data, "reports": [upload(name, content) for name, content in files]}
        )
    assert response.status_code == 302
    consultation = ConsultationRequest.objects.get()
    assert str(consultation.form_token) == data["form_token"]
    assert sorted(object_storage.server.keys(object_storage.private)) == sorted(
        consultation.reports.values_list("blob_name", flat=True)
    )
    assert consultation.reports.count() == 2


def test_when_the_bucket_is_down_for_the_cleanup_too_the_orphan_is_swept_later(
    client, form_data, object_storage, settings
):
    with FaultyEndpoint(object_storage.server.port) as relay:
        puts = []

        def down_after_the_first_report(method, path):
            if not path.startswith(f"/{object_storage.private}/reports/"):
                return False
            if method == "PUT":
                puts.append(path.split("?")[0])
            return len(set(puts)) > 1  # every later request fails, the clean-up's DELETE included

        relay.fail = down_after_the_first_report
        object_storage.use_endpoint(settings, relay.endpoint)
        response = client.post(FORM_URL, form_data())
        assert response.status_code == 503
        assert "We could not save your request because of a problem on our side." in response.text
    assert ConsultationRequest.objects.count() == 0 and MedicalReport.objects.count() == 0
    object_storage.use_endpoint(settings, object_storage.server.endpoint)
    (orphan,) = object_storage.server.keys(object_storage.private)
    # Not yet: it could belong to a submission still in progress.
    assert purge_consultations(timezone.now()).orphans == []
    result = purge_consultations(timezone.now(), orphan_grace=timezone.now() + datetime.timedelta(minutes=1))
    assert result.orphans == [orphan]
    assert object_storage.server.keys(object_storage.private) == []
