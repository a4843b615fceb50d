"""Too many files, too many fields, a field too large, a broken body: form errors in the visitor's language."""

import pytest
from django.test import Client

from consultations.models import ConsultationRequest

from .factories import PDF, stored_files, upload

pytestmark = pytest.mark.django_db


def test_too_many_files_is_a_form_error_with_the_answers_kept(client, form_data, private_dir, settings):
    reports = [upload(f"slice-{n}.pdf", PDF, "application/pdf") for n in range(101)]
    response = client.post("/id/consultation/", form_data(reports=reports))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'lang="id"' in html and 'value="Siti Rahmawati"' in html
    assert f"{settings.CONSULTATION_MAX_FILES}" in html and "ZIP" in html
    assert ConsultationRequest.objects.count() == 0 and stored_files(private_dir) == []


def test_too_many_fields_gives_the_form_with_a_translated_reason(client, form_data, private_dir):
    data = form_data()
    data.update({f"extra{n}": "x" for n in range(1500)})
    response = client.post("/vi/consultation/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'lang="vi"' in html and 'id="consultation-form"' in html and "Bad Request" not in html
    assert ConsultationRequest.objects.count() == 0


def test_a_six_megabyte_field(client, form_data):
    response = client.post("/th/consultation/", form_data(message="x" * 6_000_000))
    assert response.status_code == 400 and 'id="consultation-form"' in response.content.decode()


def test_multipart_without_boundary(db, lung):
    response = Client().generic("POST", "/ar/consultation/", b"--x\r\n\r\n", content_type="multipart/form-data")
    html = response.content.decode()
    assert response.status_code == 400 and 'lang="ar"' in html and 'id="consultation-form"' in html


def test_bad_request_elsewhere_is_a_localized_page(client, db):
    from django.conf import settings as django_settings

    data = {f"f{n}": "x" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10)}
    response = client.post("/admin/login/", data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400 and "Bad Request (400)" not in response.content.decode()
