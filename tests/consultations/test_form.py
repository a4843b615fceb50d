"""The patient's form: rendering, a complete submission, what is stored and what is sent."""

import hashlib
import re
import socket

import pytest
from django.core import mail

from consultations.files import open_report
from consultations.models import ConsultationRequest
from experts.models import Expert
from hospital.models import Page

from .factories import FORM_URL, PDF, PNG, coordinator, stored_files

pytestmark = pytest.mark.django_db


def test_form_renders_accessible_fields_with_crispy_forms(client, lung, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(FORM_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    for name in ("patient_name", "cancer_type", "phone", "age", "email", "country", "preferred_language",
                 "preferred_expert", "preferred_event", "message", "reports", "consent"):  # fmt: skip
        assert re.search(rf'<label[^>]+for="id_{name}"', html), name
    assert "Lung cancer" in html and 'value="other"' in html
    assert "for a relative or a friend" in html
    assert re.search(r'<input[^>]+name="reports"[^>]+multiple', html)
    assert re.search(r'<option value="en" selected>', html)


def test_form_links_the_privacy_notice(client, lung):
    Page.objects.create(title="Privacy notice", slug="privacy", published=True, in_menu=False)
    html = client.get(FORM_URL).content.decode()
    assert 'href="/en/privacy/"' in html


def test_language_defaults_to_the_page_language(client, lung):
    html = client.get("/th/consultation/").content.decode()
    assert re.search(r'<option value="th" selected>', html)


def test_expert_is_preselected_by_slug(client, lung):
    expert = Expert.objects.create(name="Wang Ligen", slug="wang-ligen", published=True)
    html = client.get(FORM_URL + "?expert=wang-ligen").content.decode()
    assert re.search(rf'<option value="{expert.pk}" selected>', html)
    # An unknown or hostile slug is simply ignored.
    assert client.get(FORM_URL + "?expert=%3Cscript%3E&event=" + "x" * 5000).status_code == 200


def test_the_profile_link_preselects_the_expert_in_every_language(client, lung):
    # The profile links with the English slug; a page in Chinese must still find the expert.
    expert = Expert.objects.create(name_en="Wang Ligen", name_zh_hans="王立根", published=True)
    assert expert.slug_zh_hans == "王立根"
    html = client.get("/zh-hans/consultation/?expert=wang-ligen").content.decode()
    assert re.search(rf'<option value="{expert.pk}" selected>', html)
    html = client.get("/zh-hans/consultation/?expert=王立根").content.decode()
    assert re.search(rf'<option value="{expert.pk}" selected>', html)


def test_after_an_error_the_page_says_chosen_files_are_gone_only_if_files_were_chosen(client, form_data):
    notice = "choose your medical reports again"
    html = client.post(FORM_URL, form_data(phone="123")).content.decode()
    assert html.count(notice) == 2  # in the summary, and next to the file field
    html = client.post(FORM_URL, form_data(phone="123", reports=[])).content.decode()
    assert notice not in html


def test_arabic_page_keeps_the_phone_example_left_to_right(client, lung):
    # Unisolated, the right-to-left paragraph would show the groups backwards: 7890 3456 812 +62.
    html = client.get("/ar/consultation/").content.decode()
    assert "\u2066+62 812 3456 7890\u2069" in html


def test_complete_submission_is_stored_encrypted_and_confirmed(client, form_data, private_dir, roles):
    response = client.post(FORM_URL, form_data())
    assert response.status_code == 302
    consultation = ConsultationRequest.objects.get()
    assert response["Location"] == f"/en/consultation/received/{consultation.reference}/"
    assert "Siti" not in response["Location"]
    assert consultation.phone == "+6281234567890"
    assert consultation.country == "ID" and consultation.preferred_language == "id"
    assert consultation.submitted_by_relative is True
    assert consultation.consent_notice_version and consultation.consent_language == "en"
    assert consultation.consent_at is not None and consultation.reply_due_at > consultation.created_at

    reports = list(consultation.reports.order_by("pk"))
    assert [(r.kind, r.content_type, r.original_name) for r in reports] == [
        ("pdf", "application/pdf", "ct-report.pdf"),
        ("png", "image/png", "scan.png"),
    ]
    for report, original in zip(reports, (PDF, PNG), strict=True):
        assert report.size == len(original)
        assert report.sha256 == hashlib.sha256(original).hexdigest()
        stored = (private_dir / report.blob_name).read_bytes()
        assert original not in stored and stored[:4] == b"HCRE"
        assert b"".join(open_report(report)) == original
    # Random names, nothing derived from the patient's file names.
    assert all("ct-report" not in path and "scan" not in path for path in stored_files(private_dir))

    page = client.get(response["Location"])
    assert consultation.reference in page.content.decode()
    assert "Siti" not in page.content.decode()


def test_mail_goes_to_the_patient_and_coordinators_without_medical_details(
    client, form_data, roles, django_capture_on_commit_callbacks
):
    coordinator(username="desk", email="desk@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(FORM_URL, form_data())
    assert len(callbacks) == 2
    consultation = ConsultationRequest.objects.get()
    assert len(mail.outbox) == 2
    acknowledgement, notification = mail.outbox
    assert acknowledgement.to == ["siti@example.com"]
    assert consultation.reference in acknowledgement.subject + acknowledgement.body
    assert notification.to == ["desk@example.org"]
    assert consultation.get_admin_url() in notification.body
    for secret in ("Siti", "Lung", "heavy-ion", "+62", "siti@example.com", "ct-report"):
        assert secret not in notification.subject + notification.body
        assert secret not in acknowledgement.subject + acknowledgement.body


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_failing_mail_server_neither_loses_nor_blocks_the_request(
    client, form_data, settings, roles, django_capture_on_commit_callbacks, caplog
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 2},
        }
    }
    coordinator(username="desk", email="desk@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, form_data())
    assert response.status_code == 302
    assert "Could not send the acknowledgement e-mail" in caplog.text
    assert "siti@example.com" not in caplog.text
    assert ConsultationRequest.objects.count() == 1


def test_double_submit_creates_one_request(client, form_data):
    data = form_data()
    first = client.post(FORM_URL, data)
    again = form_data(form_token=data["form_token"])  # reload / back button: same form, same token
    second = client.post(FORM_URL, again)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ConsultationRequest.objects.count() == 1


def test_other_cancer_type_is_kept_as_text(client, form_data):
    response = client.post(FORM_URL, form_data(cancer_type="other", cancer_type_other="Sarcoma of the thigh"))
    assert response.status_code == 302
    consultation = ConsultationRequest.objects.get()
    assert consultation.cancer_type is None and consultation.cancer_type_label == "Sarcoma of the thigh"


def test_national_phone_number_is_read_with_the_country(client, form_data):
    client.post(FORM_URL, form_data(phone="0812 3456 7890", country="ID"))
    assert ConsultationRequest.objects.get().phone == "+6281234567890"


def test_confirmation_of_an_unknown_reference_is_404(client, db):
    assert client.get("/en/consultation/received/HC-AAAA-BBBB-CCCC/").status_code == 404


def test_home_page_explains_the_consultation(client, db):
    html = client.get("/en/").content.decode()
    assert "How a free online consultation works" in html and 'href="/en/consultation/"' in html
