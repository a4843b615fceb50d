"""System checks: medical reports are encrypted with keys production can rely on, in a bucket nobody else reads."""

import os
import stat

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from hospital.storage_errors import StorageUnavailable

from . import scanning
from .encryption import parse_key


@checks.register(checks.Tags.security, deploy=True)
def check_virus_scanner(app_configs=None, **kwargs):
    """Files are parsed whole whatever happens; a virus scanner is still expected in production."""
    if scanning.is_configured() or settings.CONSULTATION_ALLOW_UNSCANNED:
        return []
    return [
        checks.Warning(
            "No virus scanner is configured: uploaded medical reports are checked by their format only.",
            hint="Set CLAMD_SOCKET (or CLAMD_HOST/CLAMD_PORT) to a ClamAV daemon, or set "
            "CONSULTATION_ALLOW_UNSCANNED=1 to accept this knowingly.",
            id="consultations.W002",
        )
    ]


@checks.register(checks.Tags.security)
def check_file_keys(app_configs=None, **kwargs):
    messages = []
    for position, text in enumerate(settings.CONSULTATION_FILE_KEYS, start=1):
        try:
            parse_key(text)
        except ImproperlyConfigured:
            messages.append(
                checks.Error(
                    f"Key number {position} in CONSULTATION_FILE_KEYS is not 32 bytes of URL-safe base64.",
                    hint='Generate one with: python -c "import base64, os; '
                    'print(base64.urlsafe_b64encode(os.urandom(32)).decode())"',
                    id="consultations.E001",
                )
            )
    if not settings.CONSULTATION_FILE_KEYS and not _reports_stay_on_this_machine():
        messages.append(
            checks.Warning(
                "CONSULTATION_FILE_KEYS is not set: medical reports go to shared storage but are encrypted "
                f"with a key file on this machine ({settings.CONSULTATION_FILE_KEY_FILE}), which other app "
                "servers do not have.",
                hint="Set CONSULTATION_FILE_KEYS to one or more keys from a secret store (newest first).",
                id="consultations.W001",
            )
        )
    key_file = settings.CONSULTATION_FILE_KEY_FILE
    if not settings.CONSULTATION_FILE_KEYS and os.path.exists(key_file):
        mode = stat.S_IMODE(os.stat(key_file).st_mode)
        if mode & 0o077:
            messages.append(
                checks.Error(
                    f"The consultation key file {key_file} can be read by other users (mode {mode:o}).",
                    hint=f"chmod 600 {key_file}",
                    id="consultations.E002",
                )
            )
    return messages


def _reports_stay_on_this_machine():
    """Reports on this machine's disk can use a key file beside them; shared storage needs shared keys."""
    backend = settings.STORAGES["private"]["BACKEND"]
    return backend == "django.core.files.storage.FileSystemStorage"


def _private_storage_options():
    config = settings.STORAGES.get("private", {})
    return config.get("BACKEND", ""), config.get("OPTIONS", {})


def _uses_object_storage():
    backend, _options = _private_storage_options()
    return backend == "hospital.object_storage.PrivateReportStorage"


@checks.register(checks.Tags.security)
def check_private_bucket_configured(app_configs=None, **kwargs):
    """Reports need their own bucket: never the public media bucket, never none."""
    if not _uses_object_storage():
        return []
    bucket = _private_storage_options()[1].get("bucket_name")
    if not bucket:
        return [
            checks.Error(
                "AWS_STORAGE_BUCKET_NAME is set but AWS_PRIVATE_BUCKET_NAME is not: medical reports have no "
                "private bucket.",
                hint="Create a separate, private bucket for the reports and set AWS_PRIVATE_BUCKET_NAME.",
                id="consultations.E010",
            )
        ]
    if bucket == settings.STORAGES["default"].get("OPTIONS", {}).get("bucket_name"):
        return [
            checks.Error(
                "AWS_PRIVATE_BUCKET_NAME names the public media bucket: medical reports would be public.",
                hint="Use a separate bucket, without public access, for AWS_PRIVATE_BUCKET_NAME.",
                id="consultations.E011",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_private_bucket_is_private(app_configs=None, **kwargs):
    """`check --deploy`: the private bucket exists, takes writes and is closed to anonymous requests
    (PrivateReportStorage.public_exposure probes it)."""
    if not _uses_object_storage() or check_private_bucket_configured():
        return []
    from .files import private_storage

    return probe_private_bucket(private_storage())


def probe_private_bucket(storage):
    try:
        exposed = storage.public_exposure()
    except StorageUnavailable as error:
        return [
            checks.Error(
                f"The private bucket {storage.bucket_name!r} is missing or cannot be written with the configured "
                f"credentials ({error}).",
                hint="Create the bucket, or check AWS_PRIVATE_BUCKET_NAME, AWS_S3_ENDPOINT_URL and the credentials.",
                id="consultations.E012",
            )
        ]
    if not exposed:
        return []
    return [
        checks.Error(
            f"The private bucket {storage.bucket_name!r} is open to anonymous requests ({'; '.join(exposed)}): "
            "medical reports would be public.",
            hint="Remove every public grant and every bucket policy statement for '*', and turn on the store's "
            "'block public access' setting.",
            id="consultations.E013",
        )
    ]
