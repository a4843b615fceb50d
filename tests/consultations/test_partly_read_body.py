"""Bodies Django would refuse whole (too many fields, a huge field, no boundary): the answers are kept.

The bodies are built by hand, byte by byte, as a browser or a script sends them.
"""

import hashlib
import io
import os
import re

import pytest
from django.test import Client
from PIL import Image

from consultations.files import open_report
from consultations.models import ConsultationRequest, MedicalReport

from .factories import PDF, stored_files

pytestmark = pytest.mark.django_db

BOUNDARY = "----formdata-7MA4YWxkTrZu0gW"


def multipart(parts, boundary=BOUNDARY):
    """`parts`: (name, text) for fields, (name, file name, bytes) for files."""
    body = bytearray()
    for part in parts:
        body += f"--{boundary}\r\n".encode()
        if len(part) == 2:
            body += f'Content-Disposition: form-data; name="{part[0]}"\r\n\r\n'.encode() + part[1].encode() + b"\r\n"
        else:
            name, file_name, data = part
            body += (f'Content-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"  # fmt: skip
    return bytes(body + f"--{boundary}--\r\n".encode())


def answers(form_data, **overrides):
    data = form_data(**overrides)
    data.pop("reports", None)
    return list(data.items())


def post(client, language, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **extra):
    return client.generic("POST", f"/{language}/consultation/", body, content_type=content_type, **extra)


ERROR = re.compile(r'class="[^"]*(?:alert|invalid-feedback)[^"]*"[^>]*>(.*?)</(?:div|p)>', re.S)


def errors(html):
    return [re.sub(r"<[^>]+>|\s+", " ", text).strip() for text in ERROR.findall(html)]


def test_answers_after_two_thousand_extra_fields_are_kept(client, form_data, private_dir):
    junk = [(f"extra{n}", "x") for n in range(2000)]
    response = post(client, "vi", multipart([*junk, *answers(form_data), ("reports", "ct.pdf", PDF)]))
    html = response.content.decode()
    assert response.status_code == 400 and 'lang="vi"' in html
    assert 'value="Siti Rahmawati"' in html and "Is heavy-ion therapy possible for stage III?" in html
    assert 'value="+62 812-3456-7890"' in html and 'value="siti@example.com"' in html
    assert "Yêu cầu của bạn không thể đọc được trọn vẹn" in html and "1000" in html
    assert "extra1" not in html
    # Nothing stored, and the file is not kept: the page asks for it again.
    assert ConsultationRequest.objects.count() == 0 and stored_files(private_dir) == []
    assert 'name="reports"' in html and "alert-warning" in html


def test_a_six_megabyte_answer_is_left_out_and_the_others_kept(client, form_data):
    response = post(client, "th", multipart(answers(form_data, message="x" * 6_000_000)))
    html = response.content.decode()
    assert response.status_code == 400 and 'lang="th"' in html
    assert 'value="Siti Rahmawati"' in html and "x" * 1000 not in html
    message_errors = re.search(r'id="error_1_id_message"[^>]*>(.*?)</', html, re.S)
    assert message_errors and "5.0" in message_errors.group(1)
    assert ConsultationRequest.objects.count() == 0


def test_a_body_without_a_boundary_in_its_content_type(client, form_data):
    response = post(client, "ar", multipart(answers(form_data)), content_type="multipart/form-data")
    html = response.content.decode()
    assert response.status_code == 400 and 'lang="ar"' in html and 'dir="rtl"' in html
    assert 'value="Siti Rahmawati"' in html
    assert ConsultationRequest.objects.count() == 0


def test_a_body_with_no_boundary_anywhere_gives_the_empty_form(client, form_data):
    response = post(client, "en", b"patient_name=Siti", content_type="multipart/form-data")
    html = response.content.decode()
    assert response.status_code == 400 and 'id="consultation-form"' in html and "could not be read" in html


def test_csrf_is_still_checked_on_what_was_read(form_data):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/en/consultation/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    junk = [(f"extra{n}", "x") for n in range(1500)]
    without = post(client, "en", multipart([*junk, *answers(form_data)]))
    assert without.status_code == 403 and "Siti Rahmawati" not in without.content.decode()
    forged = post(client, "en", multipart([*junk, *answers(form_data), ("csrfmiddlewaretoken", "x" * 64)]))
    assert forged.status_code == 403
    kept = post(client, "en", multipart([*junk, *answers(form_data), ("csrfmiddlewaretoken", token)]))
    assert kept.status_code == 400 and 'value="Siti Rahmawati"' in kept.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_a_body_within_the_limits_passes_unchanged(client, form_data):
    # A photo of a few hundred KB: many chunks, CR LF and "--" inside, stored byte for byte.
    buffer = io.BytesIO()
    Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3)).save(buffer, "PNG")
    photo = buffer.getvalue()
    body = multipart([("unknown", "ignored"), *answers(form_data), ("reports", "scan.png", photo),
                      ("reports", "ct.pdf", PDF)])  # fmt: skip
    response = post(client, "en", body)
    assert response.status_code == 302, errors(response.content.decode())
    scan, report = MedicalReport.objects.order_by("pk")
    assert hashlib.sha256(b"".join(open_report(scan))).hexdigest() == hashlib.sha256(photo).hexdigest()
    assert b"".join(open_report(report)) == PDF
    assert ConsultationRequest.objects.get().patient_name == "Siti Rahmawati"
