"""Fixtures shared by every app's tests."""

from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.utils import translation

from hospital.roles import setup_roles
from tests.consultations.factories import TEST_KEY
from tests.s3 import S3Server, storages_for


@pytest.fixture(autouse=True)
def _isolated_state():
    # Rate limits and cached pages must not leak from one test into another.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()
    translation.activate("en")


@pytest.fixture
def uncached_pages(settings):
    """Pages and their fragments rendered every time: query budgets measure the page itself, not the
    page cache's bookkeeping on a miss (tests/hospital/test_page_cache.py measures that)."""
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = False


@pytest.fixture
def referenced_pieces(monkeypatch):
    """The kept pieces (hospital.compression.Piece) that pages referenced, for the middleware to join
    as they were compressed; cleared with `.clear()` between requests."""
    from hospital.compression import Piece

    seen, in_page = [], Piece.in_page

    def spy(piece, request):
        seen.append(piece)
        return in_page(piece, request)

    monkeypatch.setattr(Piece, "in_page", spy)
    return seen


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


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in its own process on a free port, for the whole session (tests/s3.py)."""
    server = S3Server().start()
    yield server
    server.stop()


@dataclass
class ObjectStorage:
    server: S3Server
    public: str
    private: str
    endpoint: str

    def use_endpoint(self, settings, endpoint):
        """Point the site's storages at another endpoint (a FaultyEndpoint in front of the server)."""
        self.endpoint = endpoint
        settings.STORAGES = storages_for(endpoint, self.public, self.private, base=settings.STORAGES)


@pytest.fixture
def object_storage(s3_server, settings, consultation_settings):
    """The site on object storage: a fresh public media bucket and a fresh private reports bucket."""
    public, private = s3_server.create_buckets()
    storage = ObjectStorage(s3_server, public, private, s3_server.endpoint)
    storage.use_endpoint(settings, s3_server.endpoint)
    return storage


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
    config.addinivalue_line("markers", "object_storage: against the S3-compatible server of tests/s3.py")
    config.addinivalue_line("markers", "slow: starts several server processes (seconds each); part of make test")
