"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolated_state():
    # Rate limits and cached pages must not leak from one test into another.
    cache.clear()
    yield
    cache.clear()
    translation.activate("en")
