"""Countries for the form: ISO 3166 codes with names in the visitor's language (pycountry's catalogues)."""

import functools
import gettext

import pycountry
from django.utils.translation import get_language, to_locale

# Django's language code -> the catalogue name pycountry ships it under.
CATALOGUE_NAMES = {"zh-hans": "zh_CN", "zh-hant": "zh_TW"}


@functools.cache
def _catalogue(language):
    name = CATALOGUE_NAMES.get(language, to_locale(language))
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[name], fallback=True)


def _display_name(country, language):
    english = getattr(country, "common_name", None) or country.name
    translated = _catalogue(language).gettext(english)
    return translated if translated != english else _catalogue(language).gettext(country.name)


@functools.cache
def _choices(language):
    rows = [(country.alpha_2, _display_name(country, language)) for country in pycountry.countries]
    return tuple(sorted(rows, key=lambda row: row[1].casefold()))


def country_choices(language=None):
    """`(code, name)` pairs sorted by name in `language` (the active one by default)."""
    return _choices(language or get_language() or "en")


def country_name(code, language=None):
    if not code:
        return ""
    return dict(country_choices(language)).get(code, code)
