"""Small queries other apps ask of the hospital app."""

from django.conf import settings
from django.utils.translation import get_language

from .i18n import DEFAULT_LANGUAGE, localized
from .models import Page, Specialty
from .pagecache import memo


def cancer_types():
    return Specialty.objects.cancer_types()


def privacy_notice_url():
    """The address of the published privacy notice page (`CONSULTATION_PRIVACY_PAGE_SLUG`), or "";
    looked up once per change of the pages (every consultation form shows it), per language."""

    def find():
        lookup = {localized("slug", DEFAULT_LANGUAGE): settings.CONSULTATION_PRIVACY_PAGE_SLUG}
        page = Page.objects.published().filter(parent=None, **lookup).first()
        return page.get_absolute_url() if page else ""

    return memo("privacy-notice-url", get_language(), settings.CONSULTATION_PRIVACY_PAGE_SLUG, compute=find)
