import uuid

import pytest

from .factories import PDF, PNG, CancerTypeFactory, upload


@pytest.fixture(autouse=True)
def _sandbox(consultation_settings):
    """Every consultation test runs with the settings of the shared `consultation_settings` fixture."""


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
