"""Reports are reachable only through the permission-checked, logged download."""

import base64

import pytest
from django.test import Client

from consultations.models import AccessLogEntry, MedicalReport
from tests.hospital.factories import UserFactory
from tests.staff import verified_login

from .factories import FORM_URL, PDF, TEST_KEY, coordinator, editor, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(client, form_data):
    client.post(FORM_URL, form_data())
    return MedicalReport.objects.order_by("pk").first()


def logged_in(user):
    return verified_login(Client(), user)


def test_anonymous_is_sent_to_login(client, report):
    response = client.get(report.get_download_url())
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert AccessLogEntry.objects.count() == 0


def test_staff_without_the_coordinator_role_gets_403(roles, report):
    for user in (editor(username="ed"), UserFactory(username="plain")):
        assert logged_in(user).get(report.get_download_url()).status_code == 403
    assert AccessLogEntry.objects.count() == 0


def test_coordinator_downloads_the_decrypted_file_as_an_attachment(roles, report):
    user = coordinator(username="desk")
    response = logged_in(user).get(report.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ct-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.report_uid) == (user, "download", report.uid)
    assert entry.reference == report.consultation_request.reference


def test_each_download_leaves_one_log_row(roles, report):
    client = logged_in(coordinator(username="desk"))
    for _n in range(3):
        b"".join(client.get(report.get_download_url()).streaming_content)
    assert AccessLogEntry.objects.filter(action="download").count() == 3


def test_no_public_url_reaches_a_report(client, report, private_dir, settings):
    (path,) = [p for p in stored_files(private_dir) if p.endswith(report.blob_name.rsplit("/", 1)[-1])]
    assert not path.startswith(str(settings.MEDIA_ROOT))
    for url in (f"/media/{report.blob_name}", f"/media/../private/{report.blob_name}", f"/{report.blob_name}",
                f"/en/{report.blob_name}/", "/static/" + report.blob_name):  # fmt: skip
        response = client.get(url)
        assert response.status_code in (301, 302, 400, 404), url
        assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_rotated_keys_still_decrypt_old_reports(roles, report, settings):
    settings.CONSULTATION_FILE_KEYS = [base64.urlsafe_b64encode(b"n" * 32).decode(), TEST_KEY]
    response = logged_in(coordinator(username="desk")).get(report.get_download_url())
    assert b"".join(response.streaming_content) == PDF


def test_a_missing_key_or_altered_file_is_refused_with_a_page(roles, report, settings, private_dir):
    client = logged_in(coordinator(username="desk"))
    settings.CONSULTATION_FILE_KEYS = [base64.urlsafe_b64encode(b"n" * 32).decode()]
    response = client.get(report.get_download_url())
    assert response.status_code == 500 and b"This report cannot be opened" in response.content

    settings.CONSULTATION_FILE_KEYS = [TEST_KEY]
    blob = private_dir / report.blob_name
    data = bytearray(blob.read_bytes())
    data[40] ^= 1
    blob.write_bytes(bytes(data))
    response = client.get(report.get_download_url())
    assert response.status_code == 500 and b"This report cannot be opened" in response.content


def test_unknown_report_is_404(roles):
    url = "/en/consultation/reports/00000000-0000-0000-0000-000000000000/"
    assert logged_in(coordinator(username="desk")).get(url).status_code == 404
