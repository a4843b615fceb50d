"""What is done once when an application server loads the site (WSGI and ASGI entry points)."""

import gc

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key on access
    except ImproperlyConfigured:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.") from None


def tune_garbage_collection():
    """For a worker that has loaded the site: what loading made (modules, URL patterns, templates)
    lives as long as the process, so the collector stops scanning it (gc.freeze()); and since one
    page makes tens of thousands of objects, young ones are collected every 20,000 allocations
    instead of 700. bench/bench_render.py measures the difference (BENCH_GC=default)."""
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
