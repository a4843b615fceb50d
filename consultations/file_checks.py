"""What an uploaded medical report really is: each type parsed by a library that understands it.

The first bytes only say what a file claims to be; polyglots (a PDF header in front of a Windows
executable, an executable whose 128-byte "preamble" precedes `DICM`, images with HTML inside)
pass such a test. So every file is parsed whole: PDFs with pypdf (no encryption, scripts,
launch actions or embedded files, nothing after the last `%%EOF`), images decoded to the last
pixel with Pillow (phones' HEIC/HEIF photos with pillow-heif), DICOM read with pydicom (preamble
zeros or a TIFF header), a ZIP of a DICOM series entry by entry within limits. Each check
raises `Unfit(message, code)` with a plain reason.
"""

import io
import re
import stat
import warnings
import zipfile

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError


class Unfit(Exception):
    def __init__(self, message, code, **params):
        super().__init__(code)
        self.message, self.code, self.params = message, code, params


def read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


# Markers no medical image or scan carries, but browsers and Windows act on.
HTML_MARKERS = re.compile(rb"<(?:script|html|!doctype|iframe|svg|object|embed|body|meta)[\s>/]|javascript:", re.I)
DOS_STUB = b"This program cannot be run in DOS mode"


def check_no_executable(data):
    if DOS_STUB in data or data.startswith((b"MZ", b"\x7fELF")):
        raise Unfit(_("“%(name)s” contains a program, not only a medical report."), "executable")


# PDF ----------------------------------------------------------------------------------------

PDF_ACTIVE_KEYS = {
    "/JS": "javascript", "/JavaScript": "javascript", "/Launch": "launch", "/EmbeddedFile": "embedded",
    "/EmbeddedFiles": "embedded", "/RichMedia": "embedded", "/XFA": "javascript",
}  # fmt: skip
PDF_ACTIVE_ACTIONS = {"/JavaScript": "javascript", "/Launch": "launch", "/ImportData": "launch",
                      "/SubmitForm": "launch", "/GoToE": "embedded"}  # fmt: skip
PDF_MAX_OBJECTS = 200_000


def _active_content(obj, seen, types, depth=0):
    """The kind of active content in a PDF object tree ("javascript", "launch", "embedded"), or "".
    `types`: pypdf's (IndirectObject, DictionaryObject, ArrayObject)."""
    IndirectObject, DictionaryObject, ArrayObject = types  # noqa: N806 (pypdf's class names)
    if depth > 64:
        return ""
    if isinstance(obj, IndirectObject):
        key = (obj.idnum, obj.generation)
        if key in seen:
            return ""
        seen.add(key)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        for key, value in obj.items():
            if key in PDF_ACTIVE_KEYS:
                return PDF_ACTIVE_KEYS[key]
            if key == "/S" and str(value) in PDF_ACTIVE_ACTIONS:
                return PDF_ACTIVE_ACTIONS[str(value)]
            if key == "/Type" and str(value) in ("/EmbeddedFile", "/Filespec") and "/EF" in obj:
                return "embedded"
            found = _active_content(value, seen, types, depth + 1)
            if found:
                return found
    elif isinstance(obj, ArrayObject):
        for value in obj:
            found = _active_content(value, seen, types, depth + 1)
            if found:
                return found
    return ""


def check_pdf(data):
    # pypdf, and pydicom below (with numpy), are imported by the first file that needs them, not
    # by every web worker at start-up (12 MB per worker that never receives a report).
    import pypdf
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    tail = data[data.rfind(b"%%EOF") + 5 :] if b"%%EOF" in data else None
    if tail is None or tail.strip(b" \t\r\n\0\x0c"):
        raise Unfit(_("“%(name)s” has something other than PDF content after its end."), "pdf_trailing_data")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise Unfit(_("“%(name)s” is password-protected. Save it without a password and send it again."),
                            "pdf_encrypted")  # fmt: skip
            if len(reader.pages) < 1:
                raise PdfReadError("no pages")
            numbers = {(num, gen) for gen, table in reader.xref.items() for num in table}
            numbers |= {(num, 0) for num in reader.xref_objStm}
            if len(numbers) > PDF_MAX_OBJECTS:
                raise PdfReadError("too many objects")
            seen, types = set(), (IndirectObject, DictionaryObject, ArrayObject)
            kind = _active_content(reader.trailer, seen, types)
            for num, gen in sorted(numbers):
                if kind:
                    break
                kind = _active_content(IndirectObject(num, gen, reader), seen, types)
    except Unfit:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError, OSError,
            AssertionError, NotImplementedError, ZeroDivisionError):  # fmt: skip
        raise Unfit(_("“%(name)s” is damaged: it cannot be read as a PDF."), "damaged_pdf") from None
    if kind == "javascript":
        raise Unfit(_("“%(name)s” contains JavaScript. Print it to a new PDF, or send a scan, and try again."),
                    "pdf_javascript")  # fmt: skip
    if kind == "launch":
        raise Unfit(_("“%(name)s” contains an action that starts other programs or sends data, which we cannot "
                      "accept. Print it to a new PDF and try again."), "pdf_launch")  # fmt: skip
    if kind == "embedded":
        raise Unfit(_("“%(name)s” has other files attached inside it. Send those files separately."),
                    "pdf_embedded_file")  # fmt: skip


# Images -------------------------------------------------------------------------------------


def check_image(data, pillow_format):
    if HTML_MARKERS.search(data):
        raise Unfit(_("“%(name)s” contains web page code, not only an image."), "image_html")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make it an error too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > settings.CONSULTATION_MAX_IMAGE_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                if image.format != pillow_format:
                    raise UnidentifiedImageError(image.format)
                image.verify()
            # verify() checks the structure only; decoding every pixel finds truncated or short data.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                if image.size != (width, height):
                    raise OSError("size changed while decoding")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Unfit(_("“%(name)s” has too many pixels to be opened safely (at most %(limit)s megapixels)."),
                    "image_too_large", limit=settings.CONSULTATION_MAX_IMAGE_PIXELS // 1_000_000) from None  # fmt: skip
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise Unfit(_("“%(name)s” is damaged: the image cannot be read."), "damaged_image") from None


# HEIC/HEIF photos from phones -----------------------------------------------------------------

HEIF_MAX_IMAGES = 64  # a burst or a live photo holds a few dozen at most
HEIF_DAMAGED = (ValueError, RuntimeError, EOFError, OSError, SyntaxError, KeyError, MemoryError)


def decode_heif(data):
    """The primary photo of a HEIC/HEIF file as a Pillow image, rotated as the phone showed it.

    Every image of the container is decoded, not only the primary one: libheif refuses data that
    ends before what the file's index points to, and images whose coded size differs from the
    size the file states. Pixels are counted before anything is decoded (libheif's own security
    limits stay on as well). pillow-heif is used directly, not registered with Pillow, so HEIF
    stays unknown to the rest of the site (editors' photos, renditions).
    """
    if HTML_MARKERS.search(data):
        raise Unfit(_("“%(name)s” contains web page code, not only an image."), "image_html")
    limit = settings.CONSULTATION_MAX_IMAGE_PIXELS
    import pillow_heif  # here, not at start-up: libheif costs every worker 12 MB, and few files are HEIF

    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        images = list(heif)
        if not images or len(images) > HEIF_MAX_IMAGES:
            raise ValueError("no image, or too many")
        if any(width * height > limit for width, height in (image.size for image in images)):
            raise Image.DecompressionBombError("too many pixels")
        primary = None
        for image in images:
            image.load()  # decodes every pixel; raises on missing or inconsistent data
            if image.info.get("primary"):
                primary = image
        photo = (primary or images[0]).to_pillow()
        if photo.size != (primary or images[0]).size:
            raise ValueError("size changed while decoding")
        return photo
    except Image.DecompressionBombError:
        raise Unfit(_("“%(name)s” has too many pixels to be opened safely (at most %(limit)s megapixels)."),
                    "image_too_large", limit=limit // 1_000_000) from None  # fmt: skip
    except HEIF_DAMAGED:
        raise Unfit(_("“%(name)s” is damaged: the image cannot be read."), "damaged_image") from None


# DICOM --------------------------------------------------------------------------------------

TIFF_HEADERS = (b"II*\0", b"MM\0*")


def check_dicom(data):
    import pydicom
    from pydicom.errors import InvalidDicomError

    preamble = data[:128]
    if preamble.strip(b"\0") and not preamble.startswith(TIFF_HEADERS):
        # CVE-2019-11687: a preamble is free space that can hold an executable's header.
        raise Unfit(_("“%(name)s” is not a plain DICOM file: its preamble holds other content."),
                    "dicom_preamble")  # fmt: skip
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dataset = pydicom.dcmread(io.BytesIO(data), force=False)
            meta = dataset.file_meta
            if "TransferSyntaxUID" not in meta or "MediaStorageSOPClassUID" not in meta or not len(dataset):
                raise InvalidDicomError("no file meta information or no data set")
            for _element in dataset.iterall():  # parse every element, sequences included
                pass
            _check_pixel_data(dataset)
    except (InvalidDicomError, ValueError, TypeError, KeyError, AttributeError, IndexError, EOFError, OSError,
            NotImplementedError, OverflowError, RecursionError, AssertionError, LookupError):  # fmt: skip
        raise Unfit(_("“%(name)s” is damaged: it cannot be read as a DICOM file."), "damaged_dicom") from None


def _check_pixel_data(dataset):
    """pydicom reads a short last value without complaint: check the image data is all there."""
    import pydicom.encaps
    from pydicom.errors import InvalidDicomError

    if "PixelData" not in dataset:
        return
    data = dataset.PixelData
    frames = int(dataset.get("NumberOfFrames", 1) or 1)
    if dataset.file_meta.TransferSyntaxUID.is_compressed:
        found = list(pydicom.encaps.generate_frames(data, number_of_frames=frames))
        if len(found) != frames or not all(found):
            raise InvalidDicomError("compressed frames missing")
        return
    bits = int(dataset.BitsAllocated)
    pixels = int(dataset.Rows) * int(dataset.Columns) * int(dataset.get("SamplesPerPixel", 1)) * frames
    expected = (pixels * bits + 7) // 8
    if len(data) < expected:
        raise InvalidDicomError("pixel data shorter than the image")


# A DICOM series as one ZIP ------------------------------------------------------------------


def check_dicom_zip(upload):
    limits = settings.CONSULTATION_ZIP_MAX_ENTRIES, settings.CONSULTATION_ZIP_MAX_BYTES
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise Unfit(_("“%(name)s” is damaged: it cannot be opened as a ZIP archive."), "damaged_zip") from None
    files = [entry for entry in entries if not entry.is_dir()]
    if not files:
        raise Unfit(_("“%(name)s” is an empty ZIP archive."), "empty_zip")
    if len(entries) > limits[0]:
        raise Unfit(_("“%(name)s” has too many files (at most %(limit)s in one archive)."), "zip_too_many",
                    limit=limits[0])  # fmt: skip
    total = sum(entry.file_size for entry in files)
    if total > limits[1] or any(entry.file_size > settings.CONSULTATION_MAX_FILE_BYTES for entry in files):
        raise Unfit(_("“%(name)s” is too large once unpacked."), "zip_too_large")
    for entry in entries:
        name = entry.filename
        parts = name.replace("\\", "/").split("/")
        mode = entry.external_attr >> 16
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name) or "\0" in name:
            raise Unfit(_("“%(name)s” has files that would be unpacked outside the archive's folder."),
                        "zip_path")  # fmt: skip
        if stat.S_ISLNK(mode):
            raise Unfit(_("“%(name)s” has links to other files, which we cannot accept."), "zip_link")
        if entry.flag_bits & 0x1:
            raise Unfit(_("“%(name)s” is password-protected. Pack it without a password."), "zip_encrypted")
        if entry.compress_size and entry.file_size / entry.compress_size > settings.CONSULTATION_ZIP_MAX_RATIO:
            raise Unfit(_("“%(name)s” is too large once unpacked."), "zip_too_large")
    for entry in files:
        try:
            with archive.open(entry) as member:
                # Read at most the declared size (plus one byte, to catch a lying header).
                data = member.read(entry.file_size + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError):
            raise Unfit(_("“%(name)s” is damaged: it cannot be opened as a ZIP archive."), "damaged_zip") from None
        if len(data) != entry.file_size:
            raise Unfit(_("“%(name)s” is damaged: it cannot be opened as a ZIP archive."), "damaged_zip")
        if entry.filename.rsplit("/", 1)[-1].upper() == "DICOMDIR" or len(data) >= 132 and data[128:132] == b"DICM":
            try:
                check_dicom(data)
            except Unfit as unfit:
                raise Unfit(_("“%(name)s”: the file %(entry)s in it is not an acceptable DICOM file."),
                            unfit.code, entry=entry.filename[:100]) from None  # fmt: skip
        else:
            raise Unfit(_("“%(name)s” may contain only DICOM files; %(entry)s is not one."), "zip_not_dicom",
                        entry=entry.filename[:100])  # fmt: skip
    upload.seek(0)
