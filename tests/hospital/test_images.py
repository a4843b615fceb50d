"""Uploaded images: validation and renditions made once, through the hospital admin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from hospital.models import Hospital

from .factories import HospitalFactory

pytestmark = pytest.mark.django_db


def png_bytes(size=(1200, 600), color=(30, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def hospital_form(hospital, **files):
    data = {"name_en": hospital.name_en, "city_en": "Guangzhou", "country_en": "China", "time_zone": "Asia/Shanghai",
            "order": 0, "phones": "", "departments-TOTAL_FORMS": 0, "departments-INITIAL_FORMS": 0}  # fmt: skip
    data.update(files)
    return data


def test_logo_upload_makes_webp_and_jpeg_renditions_once(admin_client):
    hospital = HospitalFactory()
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = admin_client.post(f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=logo))
    assert response.status_code == 302
    hospital.refresh_from_db()
    widths = [item["width"] for item in hospital.logo_renditions["items"]]
    assert widths == [160, 400, 800]
    first = hospital.logo_renditions
    hospital.save()
    hospital.refresh_from_db()
    assert hospital.logo_renditions == first  # not regenerated when the image did not change
    picture = hospital.logo_picture
    assert picture.srcset_webp.count(".webp") == 3
    assert picture.width == 400 and picture.height == 200


def test_small_image_is_not_upscaled(admin_client):
    hospital = HospitalFactory()
    logo = SimpleUploadedFile("small.png", png_bytes((120, 60)), content_type="image/png")
    admin_client.post(f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=logo))
    hospital.refresh_from_db()
    assert [item["width"] for item in hospital.logo_renditions["items"]] == [120]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"MZ\x90\x00 not an image at all", "Upload a valid image"),
        ("logo.png", b"<html><script>alert(1)</script></html>", "Upload a valid image"),
    ],
)
def test_non_images_are_rejected(admin_client, name, content, message):
    hospital = HospitalFactory()
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = admin_client.post(
        f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=upload)
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Hospital.objects.get(pk=hospital.pk).logo


def test_image_with_too_many_pixels_is_rejected(admin_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    hospital = HospitalFactory()
    upload = SimpleUploadedFile("huge.png", png_bytes((2000, 1000)), content_type="image/png")
    response = admin_client.post(
        f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=upload)
    )
    assert response.status_code == 200
    assert "2000 × 1000 pixels" in response.text
