"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.utils import translation

from hospital.roles import setup_roles


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


def pytest_configure(config):
    config.addinivalue_line("markers", "concurrency: many simultaneous submissions against a live server")
