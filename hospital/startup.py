"""Checks made once when an application server loads the site (WSGI and ASGI entry points)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key on access
    except ImproperlyConfigured:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.") from None
