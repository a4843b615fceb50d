"""Retention (purge_consultations), demo content (load_demo), roles and system checks."""

import datetime
import os
import stat
import time
from io import StringIO

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from consultations.models import AccessLogEntry, CaseMessage, ConsultationRequest, MedicalReport, ReplyTemplate

from .factories import FORM_URL, stored_files

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def aged(client, form_data):
    """Three requests: closed 40 days ago, spam 40 days ago, closed yesterday; and one still open."""
    for _n in range(4):
        client.post(FORM_URL, form_data())
    old, spam, recent, open_ = ConsultationRequest.objects.order_by("pk")
    long_ago = timezone.now() - datetime.timedelta(days=40)
    ConsultationRequest.objects.filter(pk=old.pk).update(status="closed", status_changed_at=long_ago)
    ConsultationRequest.objects.filter(pk=spam.pk).update(status="spam", status_changed_at=long_ago)
    ConsultationRequest.objects.filter(pk=recent.pk).update(
        status="closed", status_changed_at=timezone.now() - datetime.timedelta(days=1)
    )
    return old, spam, recent, open_


def test_purge_dry_run_deletes_nothing(aged, private_dir):
    output = run("purge_consultations", "--older-than", "30", "--dry-run")
    assert f"Would delete {aged[0].reference} (closed" in output and aged[1].reference in output
    assert aged[2].reference not in output and aged[3].reference not in output
    assert "Would delete 2 request(s), 4 report file(s)" in output
    assert ConsultationRequest.objects.count() == 4 and len(stored_files(private_dir)) == 8


def test_purge_deletes_old_closed_and_spam_requests_with_their_files(
    aged, private_dir, django_capture_on_commit_callbacks
):
    AccessLogEntry.objects.create(username="desk", action="view", consultation_request=aged[0],
                                  reference=aged[0].reference)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        output = run("purge_consultations", "--older-than", "30")
    assert "Deleted 2 request(s), 4 report file(s) and 0 orphan file(s)." in output
    assert set(ConsultationRequest.objects.values_list("pk", flat=True)) == {aged[2].pk, aged[3].pk}
    assert len(stored_files(private_dir)) == 4
    assert {os.path.relpath(p, private_dir) for p in stored_files(private_dir)} == set(
        MedicalReport.objects.values_list("blob_name", flat=True)
    )
    # The audit trail outlives the request.
    assert AccessLogEntry.objects.get().reference == aged[0].reference


def test_purge_removes_orphan_files(aged, private_dir):
    orphan = private_dir / "reports" / "ab" / "ab0000000000000000000000000000ff"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"HCRE left by a crash")
    fresh = private_dir / "reports" / "ab" / "ab00000000000000000000000000fresh"
    fresh.write_bytes(b"HCRE a submission in progress")
    old = time.time() - 7 * 3600
    os.utime(orphan, (old, old))
    output = run("purge_consultations", "--older-than", "3650")
    assert "Deleted orphan file reports/ab/ab0000000000000000000000000000ff" in output
    assert not orphan.exists() and fresh.exists()


def test_purge_needs_a_sane_age(db):
    with pytest.raises(CommandError):
        run("purge_consultations", "--older-than", "-1")


def test_load_demo_adds_requests_in_several_languages_once(private_dir):
    run("load_demo")
    languages = set(ConsultationRequest.objects.values_list("preferred_language", flat=True))
    assert len(languages) >= 3
    kinds = set(MedicalReport.objects.values_list("kind", flat=True))
    assert kinds == {"pdf", "png"}
    count, files = ConsultationRequest.objects.count(), len(stored_files(private_dir))
    run("load_demo")
    assert (ConsultationRequest.objects.count(), len(stored_files(private_dir))) == (count, files)


def test_load_demo_adds_conversations_in_indonesian_and_arabic_once(private_dir):
    run("load_demo")
    conversations = {m.consultation_request.preferred_language: m for m in CaseMessage.objects.all()}
    assert {"id", "ar"} <= set(conversations)
    indonesian = CaseMessage.objects.filter(consultation_request__preferred_language="id")
    assert indonesian.filter(author_kind="patient").exists() and indonesian.filter(author_kind="coordinator").exists()
    assert "{patient_name}" not in indonesian.first().body and "Yth." in indonesian.first().body
    assert MedicalReport.objects.filter(message__isnull=False).exists()
    assert ReplyTemplate.objects.filter(status_after="records_requested").exists()
    count = CaseMessage.objects.count()
    run("load_demo")
    assert CaseMessage.objects.count() == count


def test_setup_roles_gives_coordinators_consultations_only(db):
    from django.contrib.auth.models import Group

    run("setup_roles")
    perms = set(Group.objects.get(name="Coordinator").permissions.values_list("content_type__app_label", flat=True))
    assert perms == {"consultations"}
    codes = set(Group.objects.get(name="Coordinator").permissions.values_list("codename", flat=True))
    assert "view_accesslogentry" not in codes and "delete_consultationrequest" not in codes


def test_system_check_warns_when_shared_storage_has_no_shared_keys(settings):
    settings.CONSULTATION_FILE_KEYS = []
    ids = {message.id for message in checks.run_checks(tags=[checks.Tags.security])}
    assert "consultations.W001" not in ids  # one machine: the key file lives beside the reports
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "storages.backends.s3.S3Storage"}}
    ids = {message.id for message in checks.run_checks(tags=[checks.Tags.security])}
    assert "consultations.W001" in ids
    settings.CONSULTATION_FILE_KEYS = ["too-short"]
    ids = {message.id for message in checks.run_checks(tags=[checks.Tags.security])}
    assert "consultations.E001" in ids


def test_without_keys_a_private_key_file_is_created(client, form_data, settings, tmp_path):
    settings.CONSULTATION_FILE_KEYS = []
    assert client.post(FORM_URL, form_data()).status_code == 302
    key_file = settings.CONSULTATION_FILE_KEY_FILE
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    os.chmod(key_file, 0o644)
    ids = {message.id for message in checks.run_checks(tags=[checks.Tags.security])}
    assert "consultations.E002" in ids


def test_key_rotation_reencrypts_reports_so_old_keys_can_go(
    client, form_data, settings, private_dir, django_capture_on_commit_callbacks
):
    import base64

    from consultations.files import open_report

    from .factories import PDF, TEST_KEY

    client.post(FORM_URL, form_data())
    before = {r.pk: r.blob_name for r in MedicalReport.objects.all()}
    new_key = base64.urlsafe_b64encode(b"r" * 32).decode()
    settings.CONSULTATION_FILE_KEYS = [new_key, TEST_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        output = run("rotate_consultation_keys")
    assert "Re-encrypted 2 report(s)" in output
    settings.CONSULTATION_FILE_KEYS = [new_key]  # the old key is gone
    report = MedicalReport.objects.order_by("pk").first()
    assert report.blob_name != before[report.pk]
    assert b"".join(open_report(report)) == PDF
    assert len(stored_files(private_dir)) == 2  # old files deleted after the commit
    assert "Re-encrypted 0 report(s)" in run("rotate_consultation_keys")
