"""Reading publication lists: one module per file format, the format detected from content.

Each format module has `looks_like(text)` and `parse(text)`; `parse` returns `Record`s or
raises `ImportFormatError` naming the entry and line at fault.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..identifiers import normalize_doi, normalize_language, normalize_pmid
from ..models import Publication


class ImportFormatError(Exception):
    """A file that cannot be imported; `str()` is a translated message for the user."""

    def __init__(self, message, *, entry=None, line=None):
        self.entry, self.line = entry, line
        where = []
        if entry is not None:
            where.append(_("entry %(entry)s") % {"entry": entry})
        if line is not None:
            where.append(_("line %(line)s") % {"line": line})
        super().__init__(f"{', '.join(where)}: {message}" if where else str(message))


@dataclass
class Record:
    """One publication as read from a file, before it meets the database."""

    title: str = ""
    authors: list = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    month: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    abstract: str = ""
    kind: str = "article"
    sci_indexed: bool = False
    language: str = ""
    # Where the record came from, for messages: its number in the file and first line.
    entry: object = None
    line: int | None = None

    def fail(self, message):
        raise ImportFormatError(message, entry=self.entry, line=self.line)

    def validated(self):
        """Normalise identifiers and check what the database requires; raise for the rest."""
        self.title = " ".join((self.title or "").split())
        if not self.title:
            self.fail(_("the entry has no title."))
        try:
            self.doi = normalize_doi(self.doi)
            self.pmid = normalize_pmid(self.pmid)
        except ValidationError as error:
            self.fail(error.messages[0])
        if self.year is not None and not 1800 <= self.year <= 2100:
            self.fail(_("the year %(year)s is not a valid publication year.") % {"year": self.year})
        if self.month is not None and not 1 <= self.month <= 12:
            self.fail(_("the month %(month)s is not between 1 and 12.") % {"month": self.month})
        if self.kind not in Publication.Kind.values:
            self.kind = Publication.Kind.ARTICLE
        self.authors = [" ".join(name.split()) for name in self.authors if name and name.strip()]
        self.pages = (self.pages or "").replace("–", "-").replace("—", "-").replace("--", "-").strip()
        for name in ("journal", "volume", "issue", "url", "abstract", "language"):
            setattr(self, name, (getattr(self, name) or "").strip())
        self.language = normalize_language(self.language)
        limits = {"journal": 300, "volume": 40, "issue": 40, "pages": 40, "url": 500, "language": 20}
        for name, limit in limits.items():
            if len(getattr(self, name)) > limit:
                self.fail(_("the %(field)s is longer than %(limit)s characters.") % {"field": name, "limit": limit})
        if any(len(name) > 200 for name in self.authors):
            self.fail(_("an author name is longer than 200 characters."))
        return self


def parse_int(value, record, label):
    text = str(value or "").strip()
    if not text:
        return None
    digits = text[:4] if label == "year" else text
    if not digits.isdigit():
        record.fail(_("“%(value)s” is not a valid %(label)s.") % {"value": text, "label": label})
    return int(digits)


MONTH_NAMES = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}  # fmt: skip


def parse_month(value, record):
    text = str(value or "").strip().lower()
    if not text:
        return None
    if text.isdigit():
        return parse_int(text, record, "month")
    if text[:3] in MONTH_NAMES:
        return MONTH_NAMES[text[:3]]
    record.fail(_("“%(value)s” is not a month.") % {"value": value})


def formats():
    from . import bibtex, csljson, csvfile, medline, ris

    # Order matters: the most specific signatures first.
    return (csljson, medline, ris, csvfile, bibtex)


def detect(text):
    for module in formats():
        if module.looks_like(text):
            return module
    raise ImportFormatError(
        _("The file is not in a format we can read. Use BibTeX, RIS, PubMed/MEDLINE (.nbib), CSL-JSON or CSV.")
    )


def decode(data):
    """Bytes of an uploaded file as text (UTF-8 or UTF-16 with a byte order mark)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFormatError(_("the file is not UTF-8 text."), line=line) from None


def parse(text):
    """`(format module, [Record])` for the text of a publication file."""
    if not text.strip():
        raise ImportFormatError(_("The file is empty."))
    module = detect(text)
    records = [record.validated() for record in module.parse(text)]
    if not records:
        raise ImportFormatError(_("The file contains no publications."))
    return module, records
