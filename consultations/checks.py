"""System checks: medical reports must be encrypted with keys that production can rely on."""

import os
import stat

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

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
