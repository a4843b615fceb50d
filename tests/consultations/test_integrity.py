"""All or nothing: a failure in the middle of a submission leaves no row and no file."""

import pytest
from django.db import DatabaseError

from consultations.models import ConsultationRequest, MedicalReport

from .factories import FORM_URL, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_second_report_insert(monkeypatch):
    """The database fails while the second report's row is inserted (after its file was written)."""
    original_save = MedicalReport.save
    calls = []

    def save(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise DatabaseError("connection lost")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(MedicalReport, "save", save)
    return calls


def test_database_failure_mid_submission_leaves_no_orphan_file(
    client, form_data, private_dir, failing_second_report_insert, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(FORM_URL, form_data())
    assert len(failing_second_report_insert) == 2  # the failure really came after files were written
    assert response.status_code == 503
    html = response.content.decode()
    assert "We could not save your request because of a problem on our side" in html
    assert 'value="Siti Rahmawati"' in html and "choose your medical reports again" in html
    assert ConsultationRequest.objects.count() == 0 and MedicalReport.objects.count() == 0
    assert stored_files(private_dir) == []
    assert callbacks == []  # no e-mail about a request that does not exist


def test_the_log_carries_no_personal_data(client, form_data, caplog, failing_second_report_insert):
    client.post(FORM_URL, form_data())
    for secret in ("Siti", "+62", "siti@example.com", "ct-report", "heavy-ion"):
        assert secret not in caplog.text


def test_the_request_succeeds_when_the_database_does(client, form_data, private_dir, caplog):
    assert client.post(FORM_URL, form_data()).status_code == 302
    assert len(stored_files(private_dir)) == 2
    for secret in ("Siti", "+62", "siti@example.com", "ct-report", "heavy-ion"):
        assert secret not in caplog.text
