"""The patient's private case page, over HTTP: the link by mail, the code, the conversation, the limits."""

import re

import pytest
from django.core import mail
from django.test import Client

from consultations.models import AccessLogEntry, CaseLink, CaseMessage, ConsultationRequest, MedicalReport

from .factories import PDF, upload

# Mail leaves after the commit (transaction.on_commit): these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://[^/\s]+(/[a-z-]+/consultation/case/[A-Za-z0-9_-]+/)")
CODE = re.compile(r"\b(\d{6})\b")


def submit(client, form_data, language="en", **overrides):
    mail.outbox.clear()
    response = client.post(f"/{language}/consultation/", form_data(preferred_language=language, **overrides))
    assert response.status_code == 302, response.content[:500]
    consultation = ConsultationRequest.objects.latest("pk")
    patient_mail = [m for m in mail.outbox if consultation.email in m.to]
    return consultation, LINK.search(patient_mail[0].body).group(1)


def ask_code(client, path):
    mail.outbox.clear()
    response = client.post(path, {"send_code": "1"})
    assert response.status_code == 302
    return CODE.search(mail.outbox[-1].body).group(1)


def unlocked(form_data, language="en"):
    client = Client()
    consultation, path = submit(client, form_data, language)
    code = ask_code(client, path)
    assert client.post(path, {"code": code}).status_code == 302
    return client, consultation, path


def test_the_acknowledgement_carries_a_link_in_the_patients_language(client, form_data):
    consultation, path = submit(client, form_data, "id")
    assert path.startswith("/id/consultation/case/")
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) >= 22  # at least 128 bits, URL-safe base64
    link = CaseLink.objects.get(consultation_request=consultation)
    assert token not in link.token_hash and len(link.token_hash) == 64


def test_the_link_alone_shows_only_the_code_step(client, form_data):
    consultation, path = submit(client, form_data)
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert consultation.reference in body
    assert consultation.patient_name not in body and consultation.message not in body
    assert 'name="code"' in body
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "noindex" in response["X-Robots-Tag"] and response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("language", ["en", "id", "ar"])
def test_the_code_opens_the_case_page_in_each_language(form_data, language):
    client, consultation, path = unlocked(form_data, language)
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert consultation.reference in body and 'id="case-message-form"' in body
    assert 'enctype="multipart/form-data"' in body
    if language == "ar":
        assert '<html lang="ar" dir="rtl">' in body
    assert "no-store" in response["Cache-Control"]
    actions = set(AccessLogEntry.objects.filter(consultation_request=consultation).values_list("action", flat=True))
    assert {"case_code_sent", "case_code_ok", "case_view"} <= actions


def test_the_code_mail_and_every_notification_hold_no_medical_content(form_data):
    client, consultation, path = unlocked(form_data)
    mail.outbox.clear()
    client.post(path, {"body": "My latest CT shows a 3 cm lesion.", "reports": [upload("ct.pdf", PDF)]})
    for message in mail.outbox:
        assert "3 cm lesion" not in message.body and not message.attachments
        assert consultation.patient_name not in message.body


def test_the_patient_writes_and_adds_a_report_through_the_file_pipeline(form_data, private_dir):
    client, consultation, path = unlocked(form_data)
    response = client.post(path, {"body": "Here is my CT.", "reports": [upload("new-ct.pdf", PDF)]})
    assert response.status_code == 302
    message = CaseMessage.objects.get(consultation_request=consultation)
    assert message.from_patient and message.body == "Here is my CT."
    report = MedicalReport.objects.get(message=message)
    assert report.original_name == "new-ct.pdf" and report.sha256
    stored = (private_dir / report.blob_name).read_bytes()
    assert PDF not in stored  # encrypted at rest
    page = client.get(path).content.decode()
    assert "Here is my CT." in page and "new-ct.pdf" in page
    actions = list(AccessLogEntry.objects.filter(consultation_request=consultation).values_list("action", flat=True))
    assert "case_message" in actions and "case_upload" in actions


def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(form_data):
    client, consultation, path = unlocked(form_data)
    response = client.post(path, {"body": "", "reports": [upload("x.pdf", b"MZ\x90\x00 not a pdf")]})
    assert response.status_code == 400
    assert "is not a PDF, JPEG, PNG, WebP, HEIC or DICOM file" in response.content.decode()
    assert not CaseMessage.objects.exists()


def test_an_empty_message_is_refused(form_data):
    client, _consultation, path = unlocked(form_data)
    response = client.post(path, {"body": "  "})
    assert response.status_code == 400 and not CaseMessage.objects.exists()


def test_five_wrong_codes_lock_the_case(form_data, client):
    consultation, path = submit(client, form_data)
    code = ask_code(client, path)
    wrong = "000000" if code != "000000" else "111111"
    statuses = [client.post(path, {"code": wrong}).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    response = client.post(path, {"code": code})
    assert response.status_code == 429 and "locked" in response.content.decode()
    assert client.post(path, {"send_code": "1"}).status_code == 429
    assert AccessLogEntry.objects.filter(consultation_request=consultation, action="case_code_wrong").count() == 6


def test_an_expired_code_does_not_open_the_page(form_data, client, settings):
    settings.CONSULTATION_CASE_CODE_MINUTES = -1
    _consultation, path = submit(client, form_data)
    code = ask_code(client, path)
    response = client.post(path, {"code": code})
    assert response.status_code == 400 and 'id="case-message-form"' not in response.content.decode()


def test_codes_are_rate_limited_per_case(form_data, client, settings):
    settings.CONSULTATION_CASE_CODE_RATE = "2/h"
    _consultation, path = submit(client, form_data)
    assert [client.post(path, {"send_code": "1"}).status_code for _ in range(3)] == [302, 302, 429]


def test_codes_are_rate_limited_per_client_address(form_data, client, settings):
    settings.CONSULTATION_CASE_CODE_IP_RATE = "2/h"
    paths = [submit(client, form_data)[1] for _ in range(3)]
    assert [client.post(path, {"send_code": "1"}).status_code for path in paths] == [302, 302, 429]


def test_messages_are_rate_limited(form_data, settings):
    settings.CONSULTATION_CASE_POST_RATE = "2/h"
    client, _consultation, path = unlocked(form_data)
    assert [client.post(path, {"body": f"Question {n}"}).status_code for n in range(3)] == [302, 302, 429]
    assert CaseMessage.objects.count() == 2


def test_unknown_expired_and_revoked_links_show_the_same_page(form_data, client, settings):
    consultation, path = submit(client, form_data)
    unknown = client.get("/en/consultation/case/not-a-real-token-at-all/")
    assert unknown.status_code == 404 and "no-store" in unknown["Cache-Control"]
    consultation.case_links.revoke()
    revoked = client.get(path)
    _other, path2 = submit(client, form_data)
    settings.CONSULTATION_CASE_LINK_IDLE_DAYS = -1
    expired = client.get(path2)

    def without_address(response):
        # The page's own address (in hreflang alternates) is the only difference allowed.
        return re.sub(r"/consultation/case/[A-Za-z0-9_-]+/", "/consultation/case/…/", response.content.decode())

    for response in (revoked, expired):
        assert response.status_code == 404
        assert without_address(response) == without_address(unknown)
    assert "This link cannot be used" in unknown.content.decode()


def test_the_case_session_is_for_one_case_only(form_data):
    client, _consultation, path = unlocked(form_data)
    _other, other_path = submit(client, form_data)
    response = client.get(other_path)
    assert 'id="case-message-form"' not in response.content.decode()


def test_a_request_without_email_has_no_case_page(client, form_data):
    mail.outbox.clear()
    client.post("/en/consultation/", form_data(email=""))
    consultation = ConsultationRequest.objects.get()
    assert not consultation.case_links.exists()


def test_the_generic_page_is_translated(client):
    response = client.get("/ar/consultation/case/unknown-token-value/")
    assert response.status_code == 404
    assert 'dir="rtl"' in response.content.decode()
    assert "This link cannot be used" not in response.content.decode()


def test_a_case_page_runs_a_fixed_number_of_queries(form_data, django_assert_max_num_queries):
    client, consultation, path = unlocked(form_data)
    for n in range(3):
        client.post(path, {"body": f"Question {n}", "reports": [upload(f"r{n}.pdf", PDF)]})
    with django_assert_max_num_queries(14):
        assert client.get(path).status_code == 200


def test_the_language_can_be_switched_on_the_open_case_page(form_data):
    client, _consultation, path = unlocked(form_data, "id")
    page = client.get(path).content.decode()
    arabic = path.replace("/id/", "/ar/", 1)
    assert f'href="http://testserver{arabic}"' in page or f'href="{arabic}"' in page  # the switcher
    response = client.get(arabic)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body and 'id="case-message-form"' in body
