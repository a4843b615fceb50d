"""Bibliographic identifiers: the one place DOIs, PubMed ids and languages are normalised and validated.

A DOI is stored in lower case without any resolver prefix (`10.1136/ijgc-2019-000612`),
whatever form it was written in: `https://doi.org/…`, `http://dx.doi.org/…`, `doi:…`,
`DOI: …`, `info:doi/…`, URL-encoded, with trailing punctuation.
"""

import re
from urllib.parse import unquote

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
_PREFIXES = re.compile(  # noqa: E501
    r"^(?:(?:https?://)?(?:www\.|dx\.)?doi\.org/|info:doi/|doi\s*[:=]?\s*"
    # Publishers' resolvers (doi.acm.org, doi.ieeecomputersociety.org) and article pages (…/doi/full/10.…).
    r"|(?:https?://)?[\w.-]*\bdoi\b[\w.-]*\.[a-z]{2,}/(?=10\.)|https?://[^\s]+?/doi/(?:(?:abs|full|pdf|epdf|epub)/)?(?=10\.))",
    re.IGNORECASE,
)
DOI_RESOLVER = "https://doi.org/"
PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/"


def normalize_doi(value):
    """`value` as a bare lower-case DOI, "" for nothing; ValidationError if it is not a DOI."""
    text = (value or "").strip()
    if not text:
        return ""
    text = unquote(text).strip()
    # Prefixes can stack ("DOI: https://doi.org/10…"), so strip until none is left.
    while True:
        stripped = _PREFIXES.sub("", text, count=1).strip()
        if stripped == text:
            break
        text = stripped
    text = text.rstrip(".,;").lower()
    if not DOI_PATTERN.match(text):
        raise ValidationError(
            _("“%(value)s” is not a DOI. A DOI looks like 10.1136/ijgc-2019-000612."),
            code="invalid_doi",
            params={"value": value},
        )
    return text


def validate_doi(value):
    normalize_doi(value)


def normalize_pmid(value):
    """A PubMed id as digits, "" for nothing; accepts `PMID: 123` and PubMed URLs."""
    text = str(value or "").strip()
    if not text:
        return ""
    text = re.sub(r"^(?:pmid\s*:?\s*|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)",
                  "", text, flags=re.IGNORECASE).strip().strip("/")  # fmt: skip
    if not text.isdigit() or len(text) > 10:
        raise ValidationError(
            _("“%(value)s” is not a PubMed id (PMID). A PMID is a number such as 31848120."),
            code="invalid_pmid",
            params={"value": value},
        )
    return str(int(text))


def validate_pmid(value):
    normalize_pmid(value)


def title_key(title):
    """A title reduced to lower-case letters and digits, for spotting the same paper twice."""
    return re.sub(r"\W+", "", (title or "").casefold())[:255]


HAN = re.compile(r"[\u3400-\u9fff]")


def normalize_language(value):
    """A publication's language as an ISO 639-1 code where one exists: "eng", "English", "en-GB" -> "en".

    A value no standard names (a typo, a private code) is kept as given.
    """
    text = (value or "").strip()
    if not text:
        return ""
    code = re.split(r"[-_]", text)[0].lower()
    # Two letters are an ISO 639-1 code; `lookup` alone would also match names ("en" is the En language).
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    if language is None:
        try:
            language = pycountry.languages.lookup(code if len(code) == 3 else text)
        except LookupError:
            return text
    return getattr(language, "alpha_2", None) or language.alpha_3


NON_LATIN = {"ar", "bn", "el", "fa", "he", "hi", "ja", "ko", "ru", "th", "uk", "zh"}
HAN_LANGUAGES = {"zh", "ja", "ko"}


def text_language(recorded, title):
    """The language a title is written in, for `lang=`; `recorded` is a stored (normalised) language.

    Papers in Chinese journals are often listed with their English title, so the script of the
    title overrides a recorded language it cannot be written in; with nothing recorded, Han
    script means Chinese and anything else English, the language of most indexed papers.
    """
    if HAN.search(title or ""):
        return recorded if recorded in HAN_LANGUAGES else "zh"
    return recorded if recorded and recorded not in NON_LATIN else "en"
