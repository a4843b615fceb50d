"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.utils import translation

from hospital.roles import setup_roles
from tests.consultations.factories import TEST_KEY


@pytest.fixture(autouse=True)
def _isolated_state():
    # Rate limits and cached pages must not leak from one test into another.
    cache.clear()
    yield
    cache.clear()
    translation.activate("en")


@pytest.fixture
def roles(db):
    """The groups and permissions of every app's roles.py, as `manage.py setup_roles` makes them."""
    setup_roles()


@pytest.fixture
def consultation_settings(settings, tmp_path):
    """Consultations in a sandbox: own private folder, a known key, no scanner, mail sent at once.

    Autouse in tests/consultations; other tests that submit the form ask for it. A live server
    runs in a thread of this process, so it sees these settings too.
    """
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


@pytest.fixture
def private_dir(tmp_path):
    """Where `consultation_settings` stores medical reports."""
    return tmp_path / "private"


@pytest.fixture
def verified_login(db):
    """`verified_login(client, user)`: see tests/staff.py (a plain function for helpers outside fixtures)."""
    from tests.staff import verified_login

    return verified_login


@pytest.fixture
def admin_client(client, admin_user, verified_login):
    """pytest-django's admin_client, signed in with the second factor that superusers need."""
    return verified_login(client, admin_user)


def pytest_configure(config):
    config.addinivalue_line("markers", "concurrency: many simultaneous submissions against a live server")
