"""Small queries other apps ask of the hospital app."""

from django.conf import settings

from .i18n import DEFAULT_LANGUAGE, localized
from .models import Page, Specialty


def cancer_types():
    return Specialty.objects.cancer_types()


def privacy_notice_url():
    """The address of the published privacy notice page (`CONSULTATION_PRIVACY_PAGE_SLUG`), or ""."""
    lookup = {localized("slug", DEFAULT_LANGUAGE): settings.CONSULTATION_PRIVACY_PAGE_SLUG}
    page = Page.objects.published().filter(parent=None, **lookup).first()
    return page.get_absolute_url() if page else ""
