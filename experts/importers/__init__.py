"""Reading publication lists: one module per file format, the format detected from content.

Each format module has `looks_like(text)`, `count(text)` and `parse(text)`:

- `count` counts the file's records by a method of its own (not the parser's), so that a
  record the parser silently drops is noticed: `read()` refuses a file whose counts differ.
- `parse` yields one `Record` or `Skipped` per record of the file; it raises
  `ImportFormatError` only for what spoils the whole file (malformed JSON, a wrong header).

Whatever a parser raises for one entry becomes that entry's skip reason, never a traceback.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..identifiers import normalize_doi, normalize_language, normalize_pmid
from ..models import Publication

logger = logging.getLogger(__name__)


class ImportFormatError(Exception):
    """A file that cannot be imported; `str()` is a translated message for the user."""

    def __init__(self, message, *, entry=None, line=None):
        self.entry, self.line, self.reason = entry, line, str(message)
        where = []
        if entry is not None:
            where.append(_("entry %(entry)s") % {"entry": entry})
        if line is not None:
            where.append(_("line %(line)s") % {"line": line})
        super().__init__(f"{', '.join(where)}: {message}" if where else str(message))


# Publication states that take the place of a year ("in press"); the key is what is stored.
STATUSES = {
    "in press": "in_press", "inpress": "in_press", "in-press": "in_press", "forthcoming": "forthcoming",
    "accepted": "accepted", "submitted": "submitted", "under review": "submitted", "to appear": "forthcoming",
    "epub ahead of print": "in_press", "ahead of print": "in_press",
}  # fmt: skip


@dataclass
class Skipped:
    """A record of the file that will not be imported, and why (a translated sentence)."""

    entry: object
    line: int | None
    reason: str
    title: str = ""


@dataclass
class Record:
    """One publication as read from a file, before it meets the database."""

    title: str = ""
    authors: list = field(default_factory=list)
    # The list ends with "and others" / "et al.": more authors than those named.
    et_al: bool = False
    # Not authors: the editors of the book or proceedings, and of the series (RIS A3), as printed.
    editors: list = field(default_factory=list)
    series_editors: list = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    month: int | None = None
    status: str = ""
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
    # Where the record came from, for messages: its number (or key) in the file and first line.
    entry: object = None
    line: int | None = None

    def fail(self, message):
        raise ImportFormatError(message, entry=self.entry, line=self.line)

    def skipped(self, reason):
        return Skipped(entry=self.entry, line=self.line, reason=str(reason), title=self.title)

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
        status = (self.status or "").strip()
        self.status = status if status in STATUSES.values() else STATUSES.get(status.lower(), "")
        self.authors = [" ".join(name.split()) for name in self.authors if name and name.strip()]
        self.pages = (self.pages or "").replace("–", "-").replace("—", "-").replace("--", "-").strip()
        for name in ("journal", "volume", "issue", "url", "abstract", "language"):
            setattr(self, name, " ".join((getattr(self, name) or "").split()) if name != "abstract" else
                    (getattr(self, name) or "").strip())  # fmt: skip
        self.language = normalize_language(self.language)
        limits = {"journal": 300, "volume": 40, "issue": 40, "pages": 40, "url": 500, "language": 20}
        for name, limit in limits.items():
            if len(getattr(self, name)) > limit:
                self.fail(_("the %(field)s is longer than %(limit)s characters.") % {"field": name, "limit": limit})
        if any(len(name) > 200 for name in self.authors):
            self.fail(_("an author name is longer than 200 characters."))
        if len(self.authors) > 5000:
            self.fail(_("the entry names more than 5,000 authors."))
        return self


def parse_int(value, record, label):
    text = str(value or "").strip()
    if not text:
        return None
    digits = text[:4] if label == "year" else text
    if not digits.isdigit():
        record.fail(_("“%(value)s” is not a valid %(label)s.") % {"value": text, "label": label})
    return int(digits)


def parse_year(value, record):
    """Set `record.year` (or `record.status` for "in press", "forthcoming"…) from a written year."""
    text = " ".join(str(value or "").split()).strip(" .")
    if not text:
        return
    status = STATUSES.get(text.lower())
    if status:
        record.status = status
        return
    if text[:4].isdigit() and (len(text) == 4 or not text[4].isdigit()):
        record.year = int(text[:4])
        return
    record.fail(_("“%(value)s” is not a valid %(label)s.") % {"value": text, "label": _("year")})


MONTH_NAMES = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}  # fmt: skip
# Seasons as the first month they cover (northern hemisphere, as MEDLINE uses them).
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def parse_month(value, record):
    text = str(value or "").strip().lower().strip(".")
    if not text:
        return None
    if text.isdigit():
        return parse_int(text, record, "month")
    if text[:3] in MONTH_NAMES:
        return MONTH_NAMES[text[:3]]
    if text in SEASONS:
        return SEASONS[text]
    record.fail(_("“%(value)s” is not a month.") % {"value": value})


def formats():
    from . import bibtex, crossref, csljson, csvfile, medline, orcid, pubmedxml, ris, scopus, wos

    # Order matters: the most specific signatures first.
    return (pubmedxml, crossref, orcid, csljson, medline, wos, ris, scopus, csvfile, bibtex)


def detect(text):
    for module in formats():
        if module.looks_like(text):
            return module
    raise ImportFormatError(
        _(
            "The file is not in a format we can read. Use BibTeX, RIS, PubMed/MEDLINE (.nbib or XML), CSL-JSON, "
            "Crossref or ORCID JSON, Scopus CSV, Web of Science or CSV."
        )
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


@dataclass
class Reading:
    """What was read from one file: the format, the valid records and the skipped ones."""

    module: object
    results: list  # Record or Skipped, in the file's order
    expected: int

    @property
    def records(self):
        return [r for r in self.results if isinstance(r, Record)]

    @property
    def skipped(self):
        return [r for r in self.results if isinstance(r, Skipped)]

    @property
    def label(self):
        return self.module.LABEL


def _entries(module, text):
    """The parser's results, each exception inside it turned into a skip or a file-level error."""
    try:
        results = list(module.parse(text))
    except ImportFormatError:
        raise
    except Exception:
        logger.exception("The %s parser failed on a whole file", module.FORMAT)
        raise ImportFormatError(_("the file could not be read as %(format)s.") % {"format": module.LABEL}) from None
    for result in results:
        if isinstance(result, Skipped):
            yield result
            continue
        try:
            yield result.validated()
        except ImportFormatError as error:
            yield result.skipped(error.reason)


def read(text):
    """`Reading` of the text of a publication file; raises `ImportFormatError` for the file as a whole."""
    if not text.strip():
        raise ImportFormatError(_("The file is empty."))
    module = detect(text)
    results = list(_entries(module, text))
    expected = module.count(text)
    if len(results) != expected:
        raise ImportFormatError(
            _(
                "The file holds %(expected)s records but %(read)s were read; nothing was imported so that "
                "no record is lost. Please send the file to the site's administrators."
            )
            % {"expected": expected, "read": len(results)}
        )
    if not results:
        raise ImportFormatError(_("The file contains no publications."))
    return Reading(module=module, results=results, expected=expected)


def guarded(make_record, entry, line):
    """Build one record with `make_record()`; any error becomes a `Skipped` naming the entry and line."""
    try:
        return make_record()
    except ImportFormatError as error:
        return Skipped(entry=error.entry if error.entry is not None else entry,
                       line=error.line if error.line is not None else line, reason=error.reason)  # fmt: skip
    except Exception:
        logger.exception("Unexpected error reading entry %s", entry)
        return Skipped(entry=entry, line=line, reason=_("this entry could not be read."))
