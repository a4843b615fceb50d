"""Factories and sample files for the consultation tests."""

import base64
import io
import os
import struct
import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from consultations.demo import make_pdf, make_png
from hospital.models import Specialty
from hospital.roles import COORDINATOR, EDITOR
from tests.hospital.factories import staff_in


class CancerTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("slug",)

    kind = Specialty.Kind.CANCER_TYPE
    name = factory.Sequence(lambda n: f"Cancer type {n}")
    slug = factory.Sequence(lambda n: f"cancer-type-{n}")


def coordinator(**kwargs):
    return staff_in(COORDINATOR, **kwargs)


def editor(**kwargs):
    return staff_in(EDITOR, **kwargs)


TEST_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()  # the file key of consultation_settings

# Sample files, made here so every byte is known.

PDF = make_pdf(["Pathology report", "Adenocarcinoma of the lung"])
PNG = make_png("CT slice")


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def webp_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "WEBP")
    return buffer.getvalue()


def dicom_bytes(preamble=b"\0" * 128, rows=8, columns=8, instance=1):
    """A small but complete DICOM Part 10 file (secondary capture, 8-bit grey), written by pydicom."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = Dataset()
    dataset.file_meta = meta
    dataset.SOPClassUID = meta.MediaStorageSOPClassUID
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.Modality = "OT"
    dataset.InstanceNumber = instance
    dataset.Rows, dataset.Columns = rows, columns
    dataset.SamplesPerPixel, dataset.PhotometricInterpretation = 1, "MONOCHROME2"
    dataset.BitsAllocated, dataset.BitsStored, dataset.HighBit, dataset.PixelRepresentation = 8, 8, 7, 0
    dataset.PixelData = bytes(i % 256 for i in range(rows * columns))
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    data = buffer.getvalue()
    return preamble + data[128:]


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 200 + b"This program cannot be run"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def png_bomb(width=30000, height=30000):
    """A tiny PNG whose header claims a huge image: opening it must not allocate it."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
            + chunk(b"IEND", b""))  # fmt: skip


FORM_URL = "/en/consultation/"


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(private_dir):
    """Every file under the private storage folder."""
    if not private_dir.exists():
        return []
    return [os.path.join(root, name) for root, _dirs, names in os.walk(private_dir) for name in names]
