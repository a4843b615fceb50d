"""Medical report files: type by content, size limits, safe names, virus scan, encrypted private storage.

`inspect_report(upload)` decides whether an uploaded file is acceptable (reading it a chunk at
a time) and describes it; `store_report()` writes it encrypted to the private storage under a
random name; `open_report()` gives the plaintext back to the permission-checked download.
"""

import hashlib
import logging
import os
import tempfile
import unicodedata
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from . import scanning
from .encryption import SEGMENT_SIZE, decrypt_from, encrypt_to
from .validators import BIDI_CONTROLS

logger = logging.getLogger(__name__)

BLOB_PREFIX = "reports/"
MAX_NAME_LENGTH = 100
UNSAFE_NAME_CHARACTERS = set('<>:"/\\|?*')


@dataclass(frozen=True)
class FileType:
    kind: str
    content_type: str
    extension: str
    is_image: bool = False
    pillow_format: str = ""


PDF = FileType("pdf", "application/pdf", "pdf")
JPEG = FileType("jpeg", "image/jpeg", "jpg", True, "JPEG")
PNG = FileType("png", "image/png", "png", True, "PNG")
WEBP = FileType("webp", "image/webp", "webp", True, "WEBP")
DICOM = FileType("dicom", "application/dicom", "dcm")
FILE_TYPES = {file_type.kind: file_type for file_type in (PDF, JPEG, PNG, WEBP, DICOM)}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.webp,.dcm,application/pdf,image/jpeg,image/png,image/webp,application/dicom"
HEAD_SIZE = 132  # enough for DICOM's 128-byte preamble and "DICM"


def detect_type(head):
    """The accepted file type that the first bytes of a file show, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if len(head) >= HEAD_SIZE and head[128:132] == b"DICM":
        return DICOM
    return None


def clean_name(name):
    """The last part of a file name, without hidden or unsafe characters (for display)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        char
        for char in name
        if char not in UNSAFE_NAME_CHARACTERS and char not in BIDI_CONTROLS and unicodedata.category(char)[0] != "C"
    )
    name = name.strip(" .")
    return name if len(name) <= MAX_NAME_LENGTH else name[: MAX_NAME_LENGTH - 1] + "…"


def safe_file_name(name, extension):
    """A stored display name: no folders, no hidden characters, the extension of the real type."""
    stem = os.path.splitext(clean_name(name).rstrip("…"))[0].strip(" .")
    stem = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(" .") or "report"
    return f"{stem}.{extension}"


@dataclass
class InspectedReport:
    """An uploaded file that passed every check, with what was learnt about it."""

    upload: File
    file_type: FileType
    name: str
    size: int
    sha256: str
    scanned: bool

    def chunks(self):
        self.upload.seek(0)
        yield from self.upload.chunks(SEGMENT_SIZE)


def _reject(message, code, name, **params):
    raise ValidationError(message, code=code, params={"name": name, **params})


def _check_image(upload, file_type, name):
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make it an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > settings.CONSULTATION_MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                if image.format != file_type.pillow_format:
                    raise UnidentifiedImageError(image.format)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _reject(
            _("“%(name)s” has too many pixels to be opened safely (at most %(limit)s megapixels)."),
            "image_too_large", name, limit=settings.CONSULTATION_MAX_IMAGE_PIXELS // 1_000_000,
        )  # fmt: skip
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        _reject(_("“%(name)s” is damaged: the image cannot be read."), "damaged_image", name)


def _scan(upload, name):
    upload.seek(0)
    try:
        scanning.scan_chunks(upload.chunks(SEGMENT_SIZE))
    except scanning.InfectedFile as infected:
        logger.warning("Virus scanner rejected an uploaded file: %s", infected.signature)
        _reject(_("“%(name)s” was rejected by the virus scanner."), "infected", name)
    except scanning.ScannerUnavailable as error:
        logger.error("Virus scanner unavailable: %s", error)
        _reject(
            _("“%(name)s” could not be checked for viruses just now. Please try again in a few minutes."),
            "scanner_unavailable", name,
        )  # fmt: skip


def inspect_report(upload):
    """Check one uploaded file and describe it; ValidationError with a plain message if unfit."""
    shown_name = clean_name(getattr(upload, "name", "")) or "report"
    size = upload.size
    if not size:
        _reject(_("“%(name)s” is empty (0 bytes). Choose the file again."), "empty", shown_name)
    if size > settings.CONSULTATION_MAX_FILE_BYTES:
        _reject(
            _("“%(name)s” is too large (%(size)s); each file may be at most %(limit)s."),
            "file_too_large", shown_name, size=filesizeformat(size),
            limit=filesizeformat(settings.CONSULTATION_MAX_FILE_BYTES),
        )  # fmt: skip
    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    file_type = detect_type(head)
    if file_type is None:
        _reject(
            _("“%(name)s” is not a PDF, JPEG, PNG, WebP or DICOM file. Only these types are accepted, "
              "whatever the file is named."),
            "unsupported_type", shown_name,
        )  # fmt: skip
    if file_type.is_image:
        _check_image(upload, file_type, shown_name)
    digest = hashlib.sha256()
    counted = 0
    upload.seek(0)
    for chunk in upload.chunks(SEGMENT_SIZE):
        digest.update(chunk)
        counted += len(chunk)
    scanned = scanning.is_configured()
    if scanned:
        _scan(upload, shown_name)
    upload.seek(0)
    return InspectedReport(
        upload=upload,
        file_type=file_type,
        name=safe_file_name(getattr(upload, "name", ""), file_type.extension),
        size=counted,
        sha256=digest.hexdigest(),
        scanned=scanned,
    )


def private_storage():
    return storages["private"]


def new_blob_name():
    token = uuid.uuid4().hex
    return f"{BLOB_PREFIX}{token[:2]}/{token}"


def _store_encrypted(chunks):
    """Encrypt `chunks` with the current key into a new private blob; returns `(blob name, key id)`."""
    with tempfile.TemporaryFile() as encrypted:
        key_id = encrypt_to(chunks, encrypted)
        encrypted.seek(0)
        name = private_storage().save(new_blob_name(), File(encrypted))
    return name, key_id


def store_report(inspected):
    """Encrypt the file into private storage; returns `(blob name, key id)`."""
    return _store_encrypted(inspected.chunks())


def reencrypt_report(report):
    """Encrypt a stored report again with the current key; returns `(new blob name, key id)`.

    The caller saves the new name on the row and deletes the old blob after the commit.
    """
    return _store_encrypted(open_report(report))


def open_report(report):
    """The plaintext of a stored report, as an iterator of chunks (DecryptionError if damaged)."""
    handle = private_storage().open(report.blob_name, "rb")

    def chunks():
        with handle:
            yield from decrypt_from(handle)

    return chunks()


def delete_blobs(names):
    """Delete stored files, never failing: a file that cannot be deleted now is an orphan for later."""
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete a stored medical report; purge_consultations will retry.")


def stored_blob_names():
    """Every blob in the private storage's report folder (for the orphan sweep)."""
    storage = private_storage()
    names = []
    try:
        folders, _files = storage.listdir(BLOB_PREFIX.rstrip("/"))
    except FileNotFoundError:
        return names
    for folder in folders:
        _subfolders, files = storage.listdir(f"{BLOB_PREFIX}{folder}")
        names += [f"{BLOB_PREFIX}{folder}/{name}" for name in files]
    return names
