"""System checks of site-wide services: the public media bucket takes writes and serves them to anyone."""

import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core import checks
from django.core.files.base import ContentFile
from django.core.files.storage import storages


@checks.register("storage", deploy=True)
def check_media_bucket(app_configs=None, **kwargs):
    """`check --deploy`: write a probe into the media bucket, fetch it at its public URL, delete it."""
    if settings.STORAGES["default"]["BACKEND"] != "hospital.object_storage.PublicMediaStorage":
        return []
    from .object_storage import STORE_ERRORS, describe  # boto3: only where the settings chose S3

    storage = storages["default"]
    try:
        name = storage.save(f"deploy-check/{uuid.uuid4().hex}.txt", ContentFile(b"written by check --deploy"))
    except STORE_ERRORS as error:
        return [
            checks.Error(
                f"The media bucket {storage.bucket_name!r} is missing or cannot be written with the configured "
                f"credentials ({describe(error)}).",
                hint="Create the bucket, or check AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL and the credentials.",
                id="hospital.E001",
            )
        ]
    url = storage.url(name)
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, OSError) as error:
        status = error.__class__.__name__
    finally:
        try:
            storage.delete(name)
        except STORE_ERRORS:
            pass
    if status == 200:
        return []
    return [
        checks.Warning(
            f"Media stored in {storage.bucket_name!r} cannot be fetched at its public URL ({url}: {status}): "
            "visitors will see no photos.",
            hint="Allow s3:GetObject to everyone in the media bucket's policy, or set AWS_S3_CUSTOM_DOMAIN to "
            "the host that serves it.",
            id="hospital.W001",
        )
    ]
