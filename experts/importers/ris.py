"""RIS (EndNote, Zotero, Mendeley, publishers' "download citation") through rispy."""

import re

import rispy
from django.utils.translation import gettext as _

from . import ImportFormatError, Record, parse_int, parse_month

FORMAT = "ris"
LABEL = "RIS"
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
# rispy (and some reference managers) number the records: "1." before each TY line.
_COUNTER = re.compile(r"^\d+\.$")
# Tags whose text some exporters wrap over several lines.
_WRAPPING = {"AB", "N1", "N2", "TI", "T1"}

KIND_BY_TYPE = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "CHAP": "book_chapter",
                "BOOK": "book_chapter", "CONF": "conference_paper", "CPAPER": "conference_paper"}  # fmt: skip
SUBTYPE = {"review": "review", "case reports": "case_report", "case report": "case_report"}


def looks_like(text):
    return bool(re.search(r"^TY  - ", text, re.MULTILINE))


def check(text):
    """rispy skips what it does not understand; refuse such files instead, naming the line."""
    open_at, last_tag, count = None, None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or (open_at is None and _COUNTER.match(line.strip())):
            continue
        match = _TAG.match(line.rstrip())
        if match is None:
            if open_at is not None and last_tag in _WRAPPING:
                continue
            raise ImportFormatError(_("this is not a RIS tag line (“XX  - value”)."), entry=count + 1, line=number)
        tag = match.group(1)
        if tag == "TY":
            if open_at is not None:
                raise ImportFormatError(_("a new record starts before the previous one ended with ER."),
                                        entry=count + 1, line=number)  # fmt: skip
            open_at = number
        elif open_at is None:
            raise ImportFormatError(_("a record must start with a TY line."), entry=count + 1, line=number)
        elif tag == "ER":
            open_at = None
            count += 1
        last_tag = tag
    if open_at is not None:
        raise ImportFormatError(_("the record is not closed with an ER line."), entry=count + 1, line=open_at)
    return count


def _first(data, *keys):
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        if value:
            return str(value).strip()
    return ""


def parse(text):
    check(text)
    starts = [n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("TY  - ")]
    records = []
    for index, data in enumerate(rispy.loads(text)):
        record = Record(entry=index + 1, line=starts[index] if index < len(starts) else None)
        subtype = _first(data, "type_of_work").lower()
        record.kind = SUBTYPE.get(subtype) or KIND_BY_TYPE.get(data.get("type_of_reference", ""), "article")
        record.title = _first(data, "title", "primary_title")
        record.authors = list(data.get("authors") or data.get("first_authors") or [])
        record.journal = _first(data, "secondary_title", "journal_name", "alternate_title3", "alternate_title1")
        date = _first(data, "year", "publication_year", "date")
        record.year = parse_int(date[:4], record, "year") if date else None
        date_parts = _first(data, "date").split("/")
        if len(date_parts) > 1 and date_parts[1]:
            record.month = parse_month(date_parts[1], record)
        record.volume = _first(data, "volume")
        record.issue = _first(data, "number")
        start, end = _first(data, "start_page"), _first(data, "end_page")
        record.pages = f"{start}-{end}" if start and end else start or end
        record.doi = _first(data, "doi")
        record.pmid = _first(data, "accession_number")
        record.url = _first(data, "urls")
        record.abstract = _first(data, "abstract", "notes_abstract")
        record.language = _first(data, "language")
        record.sci_indexed = "SCI-indexed" in (data.get("custom8") or "")
        records.append(record)
    return records
