import base64
import uuid

import pytest
from django.core.cache import cache

from .factories import PDF, PNG, CancerTypeFactory, upload

TEST_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()


@pytest.fixture(autouse=True)
def consultation_settings(settings, tmp_path):
    """Each test: its own private folder, a known key, no scanner, a fresh rate-limit cache."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    settings.CONSULTATION_FILE_KEYS = [TEST_KEY]
    settings.CONSULTATION_FILE_KEY_FILE = tmp_path / "var" / "consultation-file.key"
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST = ""
    settings.CONSULTATION_RATE_LIMIT = "1000/h"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def private_dir(tmp_path):
    return tmp_path / "private"


@pytest.fixture
def lung(db):
    return CancerTypeFactory(name="Lung cancer", slug="lung-cancer")


@pytest.fixture
def form_data(lung):
    """A complete, valid set of answers (files separate so each test chooses its own)."""

    def make(**overrides):
        data = {
            "patient_name": "Siti Rahmawati",
            "submitted_by_relative": "on",
            "age": "54",
            "country": "ID",
            "cancer_type": str(lung.pk),
            "cancer_type_other": "",
            "phone": "+62 812-3456-7890",
            "email": "siti@example.com",
            "preferred_language": "id",
            "message": "Is heavy-ion therapy possible for stage III?",
            "consent": "on",
            "website": "",
            "form_token": str(uuid.uuid4()),
            "reports": [upload("ct-report.pdf", PDF, "application/pdf"), upload("scan.png", PNG, "image/png")],
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make
