"""Bad input: a clear error in the visitor's language, nothing stored, the other answers kept."""

import re

import pytest

from consultations.models import ConsultationRequest, MedicalReport

from .factories import (
    EXE,
    FORM_URL,
    HTML,
    PDF,
    PNG,
    dicom_bytes,
    jpeg_bytes,
    png_bomb,
    stored_files,
    upload,
    webp_bytes,
)

pytestmark = pytest.mark.django_db


def assert_rejected(response, private_dir, *messages, status=400):
    html = response.content.decode()
    assert response.status_code == status, html[:2000]
    for message in messages:
        assert message in html, message
    assert "Please correct the following" in html
    if response.wsgi_request.FILES.getlist("reports"):
        assert "choose your medical reports again" in html
    assert ConsultationRequest.objects.count() == 0
    assert MedicalReport.objects.count() == 0
    assert stored_files(private_dir) == []
    return html


REQUIRED = ["patient_name", "cancer_type", "phone", "reports", "consent", "form_token"]


@pytest.mark.parametrize("missing", REQUIRED)
def test_each_required_field_missing(client, form_data, private_dir, missing):
    response = client.post(FORM_URL, form_data(**{missing: None}))
    html = assert_rejected(response, private_dir)
    assert "This field is required." in html or "The form has expired" in html
    if missing != "patient_name":
        assert 'value="Siti Rahmawati"' in html  # the other answers are kept


def test_everything_missing(client, db, private_dir):
    html = assert_rejected(client.post(FORM_URL, {}), private_dir)
    assert html.count("This field is required.") >= 5


def test_required_fields_are_marked_and_errors_are_translated(client, form_data, private_dir):
    response = client.post("/zh-hans/consultation/", form_data(patient_name=None))
    html = response.content.decode()
    assert response.status_code == 400
    assert "这个字段是必填项。" in html  # Django's own catalogue: the error speaks the page's language


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", EXE, "“report.pdf” is not a PDF, JPEG, PNG, WebP, HEIC or DICOM file"),
        ("scan.png", HTML, "“scan.png” is not a PDF, JPEG, PNG, WebP, HEIC or DICOM file"),
        ("empty.pdf", b"", "“empty.pdf” is empty (0 bytes)"),
        ("bomb.png", png_bomb(), "“bomb.png” has too many pixels to be opened safely"),
        ("broken.png", PNG[:60], "“broken.png” is damaged"),
        ("jpeg-named.png", jpeg_bytes()[:2] + b"\xff" + b"\0" * 40, "is damaged"),
    ],
    ids=["exe-renamed-pdf", "html-renamed-png", "zero-bytes", "decompression-bomb", "truncated-png", "fake-jpeg"],
)
def test_file_judged_by_content(client, form_data, private_dir, name, data, message):
    response = client.post(FORM_URL, form_data(reports=[upload("fine.pdf", PDF), upload(name, data)]))
    assert_rejected(response, private_dir, message)


def test_png_declared_as_pdf_is_accepted_as_png(client, form_data):
    response = client.post(FORM_URL, form_data(reports=[upload("scan.pdf", PNG, "application/pdf")]))
    assert response.status_code == 302
    report = MedicalReport.objects.get()
    assert (report.kind, report.content_type, report.original_name) == ("png", "image/png", "scan.png")


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("photo.jpg", jpeg_bytes(), "jpeg"), ("photo.webp", webp_bytes(), "webp"), ("IM0001", dicom_bytes(), "dicom")],
)
def test_other_accepted_types(client, form_data, name, data, kind):
    assert client.post(FORM_URL, form_data(reports=[upload(name, data)])).status_code == 302
    assert MedicalReport.objects.get().kind == kind


def test_oversize_file(client, form_data, private_dir, settings):
    settings.CONSULTATION_MAX_FILE_BYTES = 50_000
    big = PDF + b"%" * 60_000
    response = client.post(FORM_URL, form_data(reports=[upload("small.pdf", PDF), upload("big-scan.pdf", big)]))
    assert_rejected(response, private_dir, "“big-scan.pdf” is too large; each file may be at most 48.8")


def test_oversize_request(client, form_data, private_dir, settings):
    settings.CONSULTATION_MAX_FILE_BYTES = 50_000
    settings.CONSULTATION_MAX_REQUEST_BYTES = 100_000
    part = PDF + b"%" * 40_000
    reports = [upload(f"part-{n}.pdf", part) for n in range(3)]
    response = client.post(FORM_URL, form_data(reports=reports))
    assert_rejected(response, private_dir, "The files are too large together")


def test_too_many_files(client, form_data, private_dir, settings):
    settings.CONSULTATION_MAX_FILES = 2
    reports = [upload(f"page-{n}.pdf", PDF) for n in range(3)]
    assert_rejected(client.post(FORM_URL, form_data(reports=reports)), private_dir, "You chose 3 files; send at most 2")


def test_path_traversal_name_cannot_leave_the_private_folder(client, form_data, private_dir, tmp_path):
    response = client.post(FORM_URL, form_data(reports=[upload("../../../../etc/cron.d/evil.pdf", PDF)]))
    assert response.status_code == 302
    report = MedicalReport.objects.get()
    assert report.original_name == "evil.pdf"
    (path,) = stored_files(private_dir)
    assert path.startswith(str(private_dir)) and "evil" not in path


def test_300_character_file_name_is_shortened_keeping_its_type(client, form_data):
    response = client.post(FORM_URL, form_data(reports=[upload("a" * 296 + ".pdf", PDF)]))
    assert response.status_code == 302
    name = MedicalReport.objects.get().original_name
    assert len(name) <= 100 and name.endswith(".pdf")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("patient_name", "Siti\u202eRahma", "Remove the hidden text-direction characters"),
        ("message", "Hello\u2066world", "Remove the hidden text-direction characters"),
        ("patient_name", "Siti\x07Rahma", "Remove the invisible control characters (such as U+0007)"),
        ("message", "line\x1bone", "Remove the invisible control characters (such as U+001B)"),
        ("cancer_type_other", "Sarcoma\u202d", "Remove the hidden text-direction characters"),
    ],
)
def test_control_and_bidi_characters_in_text(client, form_data, private_dir, field, value, message):
    data = form_data(**{field: value}, **({"cancer_type": "other"} if field == "cancer_type_other" else {}))
    assert_rejected(client.post(FORM_URL, data), private_dir, message)


def test_arabic_text_with_direction_marks_is_fine(client, form_data):
    response = client.post(FORM_URL, form_data(patient_name="أحمد الكبيسي", message="مرحبا\u200f (٢٠٢٦)\nشكرا"))
    assert response.status_code == 302


@pytest.mark.parametrize("phone", ["12345", "+1 000 000 0000", "+62 812", "☎" * 30])
def test_invalid_phone_number(client, form_data, private_dir, phone):
    response = client.post(FORM_URL, form_data(phone=phone))
    assert_rejected(response, private_dir, "Enter a valid phone number with its country code")


def test_phone_in_words_is_refused_as_letters(client, form_data, private_dir):
    response = client.post(FORM_URL, form_data(phone="not a number"))
    assert_rejected(response, private_dir, "A phone number cannot contain letters")


def test_other_cancer_type_needs_a_description(client, form_data, private_dir):
    response = client.post(FORM_URL, form_data(cancer_type="other"))
    assert_rejected(response, private_dir, "Describe the cancer type")


@pytest.mark.parametrize(
    ("field", "value"),
    [("age", "-3"), ("age", "999"), ("age", "abc"), ("email", "not-an-email"), ("country", "XX"),
     ("cancer_type", "999999"), ("preferred_language", "klingon"), ("preferred_expert", "abc"),
     ("form_token", "not-a-uuid")],
)  # fmt: skip
def test_malformed_values(client, form_data, private_dir, field, value):
    assert_rejected(client.post(FORM_URL, form_data(**{field: value})), private_dir)


def test_honeypot(client, form_data, private_dir):
    response = client.post(FORM_URL, form_data(website="http://spam.example"))
    assert_rejected(response, private_dir, "This field must be left empty.")


def test_rate_limit_gives_a_clear_message(client, form_data, private_dir, settings):
    settings.CONSULTATION_RATE_LIMIT = "2/h"
    for _attempt in range(2):
        assert client.post(FORM_URL, form_data()).status_code == 302
    response = client.post(FORM_URL, form_data(patient_name="Third"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "You have sent many requests in a short time" in html and 'value="Third"' in html
    assert ConsultationRequest.objects.count() == 2


def test_rejected_submissions_do_not_use_up_the_rate_limit(client, form_data, private_dir, settings):
    settings.CONSULTATION_RATE_LIMIT = "2/h"
    for _attempt in range(20):
        assert client.post(FORM_URL, form_data(phone="1")).status_code == 400
    assert client.post(FORM_URL, form_data()).status_code == 302


def test_csrf_is_enforced(form_data, private_dir):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, form_data())
    assert response.status_code == 403
    assert ConsultationRequest.objects.count() == 0 and stored_files(private_dir) == []


def test_other_methods_are_refused(client, db):
    assert client.put(FORM_URL).status_code == 405
    assert client.delete(FORM_URL).status_code == 405


def test_garbage_multipart_body_is_a_clean_400(client, db):
    response = client.generic(
        "POST", FORM_URL, b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', "multipart/form-data; boundary=x"
    )
    assert response.status_code == 400


def test_an_expired_form_gets_a_fresh_token_so_it_can_be_sent(client, form_data, private_dir):
    html = assert_rejected(client.post(FORM_URL, form_data(form_token=None)), private_dir, "The form has expired")
    assert re.search(r'name="form_token" value="[0-9a-f-]{36}"', html)


def test_rate_limit_is_per_real_client_behind_the_proxy(client, form_data, private_dir, settings):
    """Every patient arrives from the proxy's address; one client's quota does not block the others."""
    settings.CONSULTATION_RATE_LIMIT = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.post(FORM_URL, form_data(), HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code == 302
    assert client.post(FORM_URL, form_data(), HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code == 429
    assert client.post(FORM_URL, form_data(), HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 302
