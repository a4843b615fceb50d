"""Public media on S3-compatible object storage (moto's server over HTTP, tests/s3.py), and the deploy check
of the private bucket."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.s3 import anonymous_get, public_read_policy

from .factories import HospitalFactory
from .test_commands import run_manage
from .test_images import hospital_form, png_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.object_storage]
SECRET = "k3y-" + "f9a8s7d6f5g4h3j2k1l0" * 3
FILE_KEY = "q2VhN0x5Q1pQd0ZlQmFnS2V5Rm9yVGVzdHNPbmx5ISE="


def test_uploaded_logo_and_its_renditions_go_to_the_public_bucket_at_plain_lasting_urls(admin_client, object_storage):
    hospital = HospitalFactory()
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = admin_client.post(f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=logo))
    assert response.status_code == 302
    hospital.refresh_from_db()

    stored = object_storage.server.keys(object_storage.public)
    assert hospital.logo.name in stored
    rendition_names = [item[key] for item in hospital.logo_renditions["items"] for key in ("webp", "jpeg")]
    assert len(rendition_names) == 6 and set(rendition_names) <= set(stored)
    assert not object_storage.server.keys(object_storage.private)

    picture = hospital.logo_picture
    urls = [entry.split()[0] for entry in picture.srcset_webp.split(", ")] + [picture.src, picture.largest_url]
    for url in urls:
        # Unsigned: the same URL works for everyone, for as long as the object exists.
        assert url.startswith(f"{object_storage.endpoint}/{object_storage.public}/")
        assert "Signature" not in url and "Expires" not in url
        status, headers, body = anonymous_get(url)
        assert status == 200, url
        assert headers["Cache-Control"] == "public, max-age=31536000"
    status, headers, body = anonymous_get(picture.src)
    assert headers["Content-Type"] == "image/jpeg" and body.startswith(b"\xff\xd8\xff")


def test_replacing_a_logo_removes_the_old_renditions_from_the_bucket(admin_client, object_storage):
    hospital = HospitalFactory()
    first = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    admin_client.post(f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=first))
    hospital.refresh_from_db()
    old = [item["webp"] for item in hospital.logo_renditions["items"]]
    second = SimpleUploadedFile("logo.png", png_bytes(color=(200, 20, 20)), content_type="image/png")
    admin_client.post(f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=second))
    hospital.refresh_from_db()
    stored = object_storage.server.keys(object_storage.public)
    assert not set(old) & set(stored)
    assert all(item["webp"] in stored for item in hospital.logo_renditions["items"])


def deploy_errors():
    try:
        call_command("check", "--deploy", "--tag", "security")
    except SystemCheckError as error:
        return str(error)
    return ""


def test_deploy_check_requires_a_private_bucket(object_storage, settings):
    settings.STORAGES["private"]["OPTIONS"]["bucket_name"] = ""
    assert "consultations.E010" in deploy_errors()


def test_deploy_check_refuses_the_public_bucket_for_reports(object_storage, settings):
    settings.STORAGES["private"]["OPTIONS"]["bucket_name"] = object_storage.public
    assert "consultations.E011" in deploy_errors()


def test_deploy_check_reports_a_missing_private_bucket(object_storage, settings):
    settings.STORAGES["private"]["OPTIONS"]["bucket_name"] = "no-such-bucket-here"
    errors = deploy_errors()
    assert "consultations.E012" in errors and "no-such-bucket-here" in errors


def test_deploy_check_reports_a_private_bucket_readable_by_anyone(object_storage):
    client = object_storage.server.client()
    client.put_bucket_policy(Bucket=object_storage.private, Policy=public_read_policy(object_storage.private))
    errors = deploy_errors()
    assert "consultations.E013" in errors
    assert "an anonymous request read a private object" in errors
    assert not object_storage.server.keys(object_storage.private)  # the probe is gone


def test_deploy_check_reports_a_public_acl_on_the_private_bucket(object_storage):
    object_storage.server.client().put_bucket_acl(Bucket=object_storage.private, ACL="public-read")
    errors = deploy_errors()
    assert "consultations.E013" in errors and "AllUsers" in errors


def test_deploy_check_is_clean_with_object_storage_set_by_the_environment(object_storage):
    """As an operator runs it: every setting from the environment, the buckets on the S3 server."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="hospital.example.org", EMAIL_HOST="smtp.example.org",
        CONSULTATION_FILE_KEYS=FILE_KEY, CONSULTATION_ALLOW_UNSCANNED="1",  # no ClamAV daemon here
        **object_storage.server.environ(object_storage.public, object_storage.private),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert not object_storage.server.keys(object_storage.private)


def test_deploy_check_warns_without_shared_file_keys_and_fails_without_private_bucket(object_storage):
    environ = object_storage.server.environ(object_storage.public, object_storage.private)
    del environ["AWS_PRIVATE_BUCKET_NAME"]
    result = run_manage(
        "check", "--deploy", DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="hospital.example.org",
        EMAIL_HOST="smtp.example.org", **environ,
    )  # fmt: skip
    assert result.returncode != 0
    assert "consultations.E010" in result.stderr and "consultations.W001" in result.stderr


def test_media_urls_of_unicode_file_names_reach_the_object(admin_client, object_storage):
    hospital = HospitalFactory()
    logo = SimpleUploadedFile("标志 (2026) ~final.png", png_bytes((300, 150)), content_type="image/png")
    admin_client.post(f"/admin/hospital/hospital/{hospital.pk}/change/", hospital_form(hospital, logo=logo))
    hospital.refresh_from_db()
    assert "标志" in hospital.logo.name
    for url in (hospital.logo.url, hospital.logo_picture.src):
        status, _headers, body = anonymous_get(url)
        assert status == 200, url
    assert (
        anonymous_get(hospital.logo.url)[2]
        == object_storage.server.client()
        .get_object(Bucket=object_storage.public, Key=hospital.logo.name)["Body"]
        .read()
    )


def test_deploy_check_warns_when_media_cannot_be_fetched_at_its_public_url(object_storage):
    object_storage.server.client().delete_bucket_policy(Bucket=object_storage.public)
    try:
        call_command("check", "--deploy", "--tag", "storage", "--fail-level", "WARNING")
    except SystemCheckError as error:
        assert "hospital.W001" in str(error) and "403" in str(error)
    else:
        pytest.fail("no warning")
    assert not object_storage.server.keys(object_storage.public)  # the probe is gone


def test_deploy_check_reports_a_missing_media_bucket(object_storage, settings):
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = "no-such-media-bucket"
    try:
        call_command("check", "--deploy", "--tag", "storage")
    except SystemCheckError as error:
        assert "hospital.E001" in str(error)
    else:
        pytest.fail("no error")
