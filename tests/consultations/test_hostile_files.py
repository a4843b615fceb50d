"""Files checked by what they are, not by their first bytes: polyglots and damaged files are refused.

Each sample is built here byte by byte (or by the library that writes the format), and the real
DICOM files that pydicom ships are accepted. Every refusal gives a reason and stores nothing.
"""

import io
import stat
import zipfile
from pathlib import Path

import pydicom
import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from consultations.models import ConsultationRequest, MedicalReport

from .factories import EXE, FORM_URL, HTML, PDF, dicom_bytes, stored_files, upload

pytestmark = pytest.mark.django_db
PYDICOM_FILES = Path(pydicom.__file__).parent / "data" / "test_files"


def pdf_with(change=None):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def javascript(writer, code="app.alert('x');"):
    from pypdf.actions import JavaScript

    writer.add_open_action(JavaScript(code))


def launch_action(writer):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe"),
    })  # fmt: skip


def jpeg(size=(640, 480), **save):
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, "JPEG", quality=90, **save)
    return buffer.getvalue()


def jpeg_with_exif():
    """A photo as a phone writes it: EXIF with camera make, model, orientation and date."""
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112], exif[0x0132] = "Google", "Pixel 8", 6, "2026:11:30 10:21:07"
    return jpeg((1200, 900), exif=exif.tobytes())


def png_claiming(width, height):
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def zip_of(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                archive.writestr(name, data)
            else:
                archive.writestr(name, data)
    return buffer.getvalue()


def symlink_entry():
    info = zipfile.ZipInfo("series/link.dcm")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def encrypted_zip():
    data = bytearray(zip_of([("series/1.dcm", dicom_bytes())], zipfile.ZIP_STORED))
    # Set the "encrypted" flag in the local and central headers (what a password-protected ZIP has).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        position = data.find(signature)
        data[position + offset] |= 0x1
    return bytes(data)


MZ_WITH_DICM = EXE[:128].ljust(128, b"\0") + b"DICM" + dicom_bytes()[132:]

HOSTILE = {
    "pdf header then a Windows program": (b"%PDF-1.4\n" + EXE, "cannot be read as a PDF|after its end|a program"),
    "program with DICM at 128 (CVE-2019-11687)": (MZ_WITH_DICM, "preamble|contains a program"),
    "DICOM preamble with other content": (b"X" * 128 + dicom_bytes()[128:], "preamble"),
    "PDF opening with JavaScript": (pdf_with(javascript), "JavaScript"),
    "PDF with a launch action": (pdf_with(launch_action), "starts other programs"),
    "PDF with an embedded file": (pdf_with(lambda w: w.add_attachment("run.exe", EXE)), "attached"),
    "encrypted PDF": (pdf_with(lambda w: w.encrypt("secret", algorithm="RC4-128")), "password-protected"),
    "PDF followed by a program": (PDF + EXE, "after its end"),
    "PDF followed by HTML": (PDF + HTML, "after its end"),
    "PDF with an obfuscated JavaScript name": (
        pdf_with(javascript).replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53"), "JavaScript"),
    "PDF without pages or trailer": (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "cannot be read as a PDF"),
    "JPEG with HTML after its end": (jpeg() + HTML, "web page code"),
    "JPEG with HTML in a comment": (jpeg(comment=HTML), "web page code"),
    "first half of a JPEG": (jpeg()[: len(jpeg()) // 2], "damaged"),
    "PNG claiming 6000x6000 with no data": (png_claiming(6000, 6000), "damaged"),
    "truncated DICOM": (dicom_bytes(rows=64, columns=64)[:-2000], "cannot be read as a DICOM"),
    "DICOM header only": (b"\0" * 128 + b"DICM", "cannot be read as a DICOM"),
    "ZIP with a path outside the archive": (zip_of([("../../etc/cron.d/x.dcm", dicom_bytes())]), "outside"),
    "ZIP with an absolute path": (zip_of([("/tmp/x.dcm", dicom_bytes())]), "outside"),
    "ZIP with a program": (zip_of([("series/1.dcm", dicom_bytes()), ("setup.exe", EXE)]), "only DICOM"),
    "ZIP with a DICOM polyglot": (zip_of([("series/1.dcm", MZ_WITH_DICM)]), "not an acceptable DICOM"),
    "ZIP bomb": (zip_of([("series/1.dcm", dicom_bytes() + b"\0" * 20_000_000)]), "too large once unpacked"),
    "ZIP with a link": (zip_of([(symlink_entry(), "/etc/passwd")]), "links"),
    "password-protected ZIP": (encrypted_zip(), "password-protected"),
    "nested ZIP": (zip_of([("inner.zip", zip_of([("1.dcm", dicom_bytes())]))]), "only DICOM"),
    "damaged ZIP": (b"PK\x03\x04" + b"\0" * 200, "cannot be opened as a ZIP"),
    "empty ZIP": (zip_of([]), "ZIP"),
}  # fmt: skip


@pytest.mark.parametrize("label", list(HOSTILE))
def test_hostile_file_is_refused_with_a_reason(client, form_data, private_dir, label):
    import re

    data, reason = HOSTILE[label]
    response = client.post(FORM_URL, form_data(reports=[upload("report.pdf", data, "application/pdf")]))
    html = response.content.decode()
    assert response.status_code == 400, label
    assert re.search(reason, html), (label, re.findall(r"“report\.pdf”[^<]*", html))
    assert 'value="Siti Rahmawati"' in html  # the other answers are kept
    assert ConsultationRequest.objects.count() == 0 and MedicalReport.objects.count() == 0
    assert stored_files(private_dir) == []


def test_too_many_zip_entries(client, form_data, settings):
    settings.CONSULTATION_ZIP_MAX_ENTRIES = 3
    series = zip_of([(f"series/{n}.dcm", dicom_bytes(instance=n)) for n in range(4)])
    response = client.post(FORM_URL, form_data(reports=[upload("series.zip", series, "application/zip")]))
    assert response.status_code == 400 and "too many files" in response.content.decode()


REAL_DICOM = ["CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "rtplan.dcm", "MR_small_RLE.dcm", "SC_rgb_jpeg.dcm"]


@pytest.mark.parametrize("name", REAL_DICOM)
def test_real_dicom_files_are_accepted(client, form_data, name):
    data = (PYDICOM_FILES / name).read_bytes()
    response = client.post(FORM_URL, form_data(reports=[upload(name, data, "application/dicom")]))
    assert response.status_code == 302, response.content.decode()[:500]
    assert MedicalReport.objects.get().kind == "dicom"


def test_pydicom_truncated_file_is_refused(client, form_data):
    data = (PYDICOM_FILES / "MR_truncated.dcm").read_bytes()
    response = client.post(FORM_URL, form_data(reports=[upload("mr.dcm", data, "application/dicom")]))
    assert response.status_code == 400


def test_dicom_with_a_tiff_preamble_is_accepted(client, form_data):
    data = dicom_bytes(preamble=b"II*\0" + b"\0" * 124)
    assert client.post(FORM_URL, form_data(reports=[upload("dual.dcm", data, "application/dicom")])).status_code == 302


def test_dicom_series_as_one_zip_is_accepted(client, form_data):
    series = zip_of([("series/", b""), *[(f"series/IM{n:04}", dicom_bytes(instance=n)) for n in range(1, 301)],
                     ("series/CT_small.dcm", (PYDICOM_FILES / "CT_small.dcm").read_bytes())])  # fmt: skip
    response = client.post(FORM_URL, form_data(reports=[upload("CT series.zip", series, "application/zip")]))
    assert response.status_code == 302, response.content.decode()[:500]
    report = MedicalReport.objects.get()
    assert report.kind == "dicom_zip" and report.content_type == "application/zip"
    assert report.original_name == "CT series.zip"


def test_phone_photo_with_exif_is_accepted(client, form_data):
    response = client.post(FORM_URL, form_data(reports=[upload("IMG_20261130.jpg", jpeg_with_exif(), "image/jpeg")]))
    assert response.status_code == 302
    assert MedicalReport.objects.get().kind == "jpeg"


def test_pdf_with_trailing_whitespace_is_accepted(client, form_data):
    response = client.post(FORM_URL, form_data(reports=[upload("r.pdf", PDF + b"\r\n\n  ", "application/pdf")]))
    assert response.status_code == 302


def test_pdf_with_incremental_update_is_accepted(client, form_data):
    """A PDF saved twice (signed or annotated) has several %%EOF: only data after the last counts."""
    writer = PdfWriter(io.BytesIO(pdf_with()), incremental=True)
    writer.add_metadata({"/Title": "Pathology"})
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    assert data.count(b"%%EOF") >= 2
    assert client.post(FORM_URL, form_data(reports=[upload("r.pdf", data, "application/pdf")])).status_code == 302
