"""HEIC/HEIF photos from phones: decoded whole, stored as JPEG without location or other metadata."""

import io
import struct
from pathlib import Path

import pillow_heif
import pytest
from django.test import Client
from PIL import Image

from consultations.files import open_report
from consultations.models import ConsultationRequest, MedicalReport
from tests.staff import verified_login

from .factories import coordinator, stored_files, upload
from .test_case_page import unlocked

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "files"
GPS_IFD = 0x8825


def sample(name):
    return (SAMPLES / name).read_bytes()


def stored_photo(report):
    data = b"".join(open_report(report))
    image = Image.open(io.BytesIO(data))
    image.load()
    return data, image


def phone_photo_with_location():
    """A real sample re-encoded as a phone writes it: EXIF with a GPS position, turned 90° (orientation 6)."""
    pixels = pillow_heif.open_heif(io.BytesIO(sample("RGB_8__29x100.heif")))[0].to_pillow()
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (1.0, 17.0, 30.0), 3: "E", 4: (103.0, 51.0, 0.0)})
    buffer = io.BytesIO()
    pillow_heif.from_pillow(pixels).save(buffer, exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def test_a_real_heic_photo_is_stored_as_jpeg(client, form_data, roles):
    response = client.post("/en/consultation/", form_data(reports=[upload("IMG_0042.HEIC", sample("zPug_3.heic"),
                                                                          "image/heic")]))  # fmt: skip
    assert response.status_code == 302
    report = MedicalReport.objects.get()
    assert (report.kind, report.content_type, report.original_name) == ("jpeg", "image/jpeg", "IMG_0042.jpg")
    data, image = stored_photo(report)
    assert image.format == "JPEG" and image.size == (64, 64)  # the primary image, whole
    assert report.size == len(data)
    # The coordinator's download is the JPEG.
    download = verified_login(Client(), coordinator(username="desk")).get(report.get_download_url())
    assert download["Content-Type"] == "image/jpeg" and b"".join(download.streaming_content) == data
    assert download["Content-Disposition"] == 'attachment; filename="IMG_0042.jpg"'


def test_location_and_camera_metadata_never_reach_the_stored_photo(client, form_data):
    reports = [upload("lesion.heic", phone_photo_with_location()),
               upload("camera.heic", sample("L_exif_xmp_iptc.heic"))]  # fmt: skip
    assert client.post("/en/consultation/", form_data(reports=reports)).status_code == 302
    turned, camera = MedicalReport.objects.order_by("pk")
    data, image = stored_photo(turned)
    # Shown as the phone showed it: 29 × 100 turned a quarter, and no orientation left to apply.
    assert image.size == (100, 29)
    exif = image.getexif()
    assert not exif.get_ifd(GPS_IFD) and 0x0112 not in exif and b"PhoneMaker" not in data
    data, image = stored_photo(camera)
    assert image.size == (64, 64) and not image.getexif()
    assert b"SONY" not in data and b"ILCE" not in data and b"xmpmeta" not in data and b"Photoshop" not in data


@pytest.mark.parametrize(
    "name, make",
    [
        ("truncated.heic", lambda: sample("truncated.heic")),  # pillow-heif's own truncated sample
        ("cut.heic", lambda: sample("RGB_8__29x100.heif")[:2500]),  # a photo whose upload broke off
        ("lying.heic", lambda: lying_size(sample("RGB_8__29x100.heif"), 3000, 3000)),
        ("small-lie.heic", lambda: lying_size(sample("RGB_8__29x100.heif"), 29, 50)),
    ],
)
def test_damaged_heic_photos_are_refused_with_a_translated_reason(client, form_data, private_dir, name, make):
    response = client.post("/vi/consultation/", form_data(reports=[upload(name, make())]))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"“{name}” bị hỏng: không thể đọc được hình ảnh." in html
    assert ConsultationRequest.objects.count() == 0 and stored_files(private_dir) == []


def lying_size(data, width, height):
    """The file's stated image size (its `ispe` box) changed; the coded pixels stay as they are."""
    at = data.index(b"ispe") + 8  # box type, then version and flags
    return data[:at] + struct.pack(">II", width, height) + data[at + 8 :]


def test_a_heic_with_too_many_pixels_is_refused_before_decoding(client, form_data, settings):
    settings.CONSULTATION_MAX_IMAGE_PIXELS = 4000  # the sample's 64 × 64 primary is 4096
    response = client.post("/en/consultation/", form_data(reports=[upload("big.heic", sample("zPug_3.heic"))]))
    assert response.status_code == 400 and "too many pixels" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_html_inside_a_heic_is_refused(client, form_data):
    data = sample("RGB_8__29x100.heif") + b"<script>alert(1)</script>"
    response = client.post("/en/consultation/", form_data(reports=[upload("x.heic", data)]))
    assert response.status_code == 400 and "web page code" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # the case link's mail leaves after the commit
def test_the_case_page_takes_a_heic_photo_as_jpeg(form_data):
    client, consultation, path = unlocked(form_data)
    photo = upload("wound.heic", phone_photo_with_location())
    response = client.post(path, {"body": "A photo of the wound.", "reports": [photo]})
    assert response.status_code == 302
    report = MedicalReport.objects.get(message__consultation_request=consultation)
    data, image = stored_photo(report)
    assert report.original_name == "wound.jpg" and image.size == (100, 29) and not image.getexif().get_ifd(GPS_IFD)


def test_the_form_offers_heic(client, db):
    html = client.get("/en/consultation/").content.decode()
    assert "image/heic" in html and ".heic" in html and "HEIC" in html
