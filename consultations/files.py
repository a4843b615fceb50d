"""Medical report files: type by content, size limits, safe names, virus scan, encrypted private storage.

`inspect_report(upload)` decides whether an uploaded file is acceptable (reading it a chunk at
a time) and describes it; a HEIC/HEIF photo from a phone is described as the JPEG it is stored
as (see `photo_as_jpeg`); `store_report()` writes it encrypted to the private storage under a
random name; `open_report()` gives the plaintext back to the permission-checked download.
"""

import hashlib
import logging
import os
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from . import file_checks, scanning
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
DICOM_ZIP = FileType("dicom_zip", "application/zip", "zip")  # a DICOM series packed as one ZIP
# Accepted, never stored as such: converted to JPEG (photo_as_jpeg), so it is no stored kind.
HEIF = FileType("heif", "image/heic", "heic", True, "HEIF")
FILE_TYPES = {file_type.kind: file_type for file_type in (PDF, JPEG, PNG, WEBP, DICOM, DICOM_ZIP)}
ACCEPT_ATTRIBUTE = (".pdf,.jpg,.jpeg,.png,.webp,.heic,.heif,.dcm,.zip,application/pdf,image/jpeg,image/png,"
                    "image/webp,image/heic,image/heif,application/dicom,application/zip")  # fmt: skip
# ISO base media file brands of HEVC-coded HEIF: iPhones write "heic", some Android phones "mif1".
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# A re-encoded camera photo: quality 92 keeps what a HEVC photo holds at a few MB for 12 megapixels
# (a lossless PNG of the same photo is 15-25 MB and would keep nothing more than the HEVC coding did).
PHOTO_JPEG_QUALITY = 92
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
    if head.startswith(b"PK\x03\x04"):
        return DICOM_ZIP
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return HEIF
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


def photo_as_jpeg(photo):
    """A decoded phone photo as the JPEG that is stored: pixels as shown, no metadata but colours.

    Nothing of the original file is copied: not its EXIF (GPS position, phone model, serial
    numbers, times), nor XMP or IPTC; only the colour profile. The orientation is already
    applied to the pixels (libheif rotates and mirrors as the file says), so none is needed.
    """
    icc_profile = photo.info.get("icc_profile")
    if "A" in photo.getbands() or photo.mode == "P":
        with_alpha = photo.convert("RGBA")
        photo = Image.new("RGB", photo.size, "white")  # JPEG has no transparency
        photo.paste(with_alpha, mask=with_alpha.getchannel("A"))
    elif photo.mode not in ("RGB", "L"):
        photo = photo.convert("RGB")
    photo.info = {}  # Pillow would carry XMP over from `info`
    converted = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    photo.save(converted, "JPEG", quality=PHOTO_JPEG_QUALITY, optimize=True,
               **({"icc_profile": icc_profile} if icc_profile else {}))  # fmt: skip
    converted.seek(0)
    return File(converted, name="photo.jpg")


def _check_content(upload, file_type, name):
    """Parse the whole file as what it claims to be (see file_checks.py); a HEIF photo's pixels."""
    try:
        if file_type is DICOM_ZIP:
            file_checks.check_dicom_zip(upload)
            return
        data = file_checks.read_all(upload)
        file_checks.check_no_executable(data)
        if file_type is PDF:
            file_checks.check_pdf(data)
        elif file_type is DICOM:
            file_checks.check_dicom(data)
        elif file_type is HEIF:
            return file_checks.decode_heif(data)
        else:
            file_checks.check_image(data, file_type.pillow_format)
    except file_checks.Unfit as unfit:
        _reject(unfit.message, unfit.code, name, **unfit.params)
    finally:
        upload.seek(0)


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
    original_name = getattr(upload, "name", "")
    shown_name = clean_name(original_name) or "report"
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
            _("“%(name)s” is not a PDF, JPEG, PNG, WebP, HEIC or DICOM file (or a ZIP of DICOM files). Only "
              "these types are accepted, whatever the file is named."),
            "unsupported_type", shown_name,
        )  # fmt: skip
    photo = _check_content(upload, file_type, shown_name)
    # The file as received is what the scanner sees; a photo converted here is what is stored.
    scanned = scanning.is_configured()
    if scanned:
        _scan(upload, shown_name)
    if file_type is HEIF:
        upload, file_type = photo_as_jpeg(photo), JPEG
    digest = hashlib.sha256()
    counted = 0
    upload.seek(0)
    for chunk in upload.chunks(SEGMENT_SIZE):
        digest.update(chunk)
        counted += len(chunk)
    upload.seek(0)
    return InspectedReport(
        upload=upload,
        file_type=file_type,
        name=safe_file_name(original_name, file_type.extension),
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
