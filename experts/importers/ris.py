"""RIS (EndNote, Zotero, Mendeley, Scopus, IEEE, publishers' "download citation"): a tolerant reader of our own.

rispy splits records and continuation lines its own way and drops what it does not expect
(an IEEE export separated by `\\r\\n\\n\\r` lost 24 of 25 records), so records are read here:
any mix of CR/LF; `TY - ` with one or two spaces; any tag repeated and continued over
several lines; lines before the first `TY` (provider headers) and between records ignored;
authors from `AU` and `A1` kept in the order written. The other name tags are roles, as the RIS
specification defines them: `A2` is the secondary author, the editor of the book or proceedings (like
`ED` and BibTeX's `editor`), `A3` the tertiary author, the series editor; neither is an author.
"""

import re

from django.utils.translation import gettext as _

from . import Record, Skipped, guarded, parse_month, parse_year

FORMAT = "ris"
LABEL = "RIS"
_TAG = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*))?$")
_START = re.compile(r"^\s*TY\s{1,2}-", re.MULTILINE)
_LINES = re.compile(r"\r\n|\r|\n")
AUTHOR_TAGS = ("AU", "A1")  # primary authors
EDITOR_TAGS = ("A2", "ED")  # secondary authors: editors of the book or proceedings
SERIES_EDITOR_TAGS = ("A3",)  # tertiary authors: series editors
AUTHORS = "*authors"
KIND_BY_TYPE = {"JOUR": "article", "JFULL": "article", "EJOUR": "article", "CHAP": "book_chapter",
                "BOOK": "book_chapter", "EBOOK": "book_chapter", "ECHAP": "book_chapter", "EDBOOK": "book_chapter",
                "CONF": "conference_paper", "CPAPER": "conference_paper"}  # fmt: skip
SUBTYPE = {"review": "review", "case reports": "case_report", "case report": "case_report"}
# Tags whose continuation lines belong to one value joined by spaces; others (KW, AD) are lists.
_JOIN = {"AB", "N1", "N2", "TI", "T1", "T2", "JO", "JF", "JA", "BT", "CT", "ST", "TT"}
NAME_TAGS = {*AUTHOR_TAGS, *EDITOR_TAGS, *SERIES_EDITOR_TAGS}  # one name per line; a continuation goes on


def looks_like(text):
    return bool(_START.search(text))


def count(text):
    return len(_START.findall(_LINES.sub("\n", text)))


def read_records(text):
    """`[(line, {tag: [values]}, closed)]` in file order."""
    records, current, last_tag = [], None, None
    for number, raw in enumerate(_LINES.split(text), start=1):
        line = raw.rstrip().lstrip("\ufeff")
        match = _TAG.match(line.lstrip()) if line.lstrip()[:2].isupper() else None
        if match and match.group(1) == "TY":
            if current is not None:
                records.append(current)
            current, last_tag = (number, {"TY": [(match.group(2) or "").strip()]}, False), "TY"
            continue
        if current is None:
            continue  # provider header lines, counters ("1."), blank lines between records
        start, tags, closed = current
        if closed:
            continue
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "ER":
                current = (start, tags, True)
                records.append(current)
                current = None
                continue
            tags.setdefault(tag, []).append(value)
            if tag in AUTHOR_TAGS:
                tags.setdefault(AUTHORS, []).append(value)  # AU and A1 mixed, in the order written
            last_tag = tag
        elif line.strip() and last_tag:
            values = tags[last_tag]
            if last_tag in _JOIN or last_tag in NAME_TAGS:
                values[-1] = f"{values[-1]} {line.strip()}".strip()
                if last_tag in AUTHOR_TAGS:
                    tags[AUTHORS][-1] = values[-1]
            else:
                values.append(line.strip())
    if current is not None:
        records.append(current)
    return records


def _first(tags, *names):
    for name in names:
        for value in tags.get(name, []):
            if value:
                return value
    return ""


def _pmid(tags):
    """PubMed ids only from fields that say so: `AN` holds any database's accession number."""
    for value in tags.get("AN", []) + tags.get("C2", []) + tags.get("M2", []) + tags.get("N1", []):
        match = re.match(r"^\s*(?:pmid|pubmed(?:\s*id)?)\s*[:=]?\s*(\d{1,10})\s*$", value, re.IGNORECASE)
        if match:
            return match.group(1)
    database = " ".join(tags.get("DB", []) + tags.get("DP", [])).lower()
    if any(name in database for name in ("pubmed", "medline", "nlm")):
        for value in tags.get("AN", []):
            if value.strip().isdigit():
                return value.strip()
    for url in tags.get("UR", []) + tags.get("L2", []):
        match = re.search(r"(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d{1,10})", url)
        if match:
            return match.group(1)
    return ""


def _names(tags, names):
    """The names of these tags, in the order written within each tag, without repeats."""
    found = [name.strip() for tag in names for name in tags.get(tag, []) if name.strip()]
    return list(dict.fromkeys(found))


def _record(start, tags):
    record = Record(entry=None, line=start)
    subtype = _first(tags, "M3").lower()
    record.kind = SUBTYPE.get(subtype) or KIND_BY_TYPE.get(_first(tags, "TY").upper(), "article")
    record.title = _first(tags, "TI", "T1", "CT", "BT", "ST")
    record.authors = [name.strip() for name in tags.get(AUTHORS, []) if name.strip()]
    if record.authors and record.authors[-1].lower().strip(".") in {"et al", "others"}:
        record.authors, record.et_al = record.authors[:-1], True
    record.editors = _names(tags, EDITOR_TAGS)
    record.series_editors = _names(tags, SERIES_EDITOR_TAGS)
    record.journal = _first(tags, "T2", "JO", "JF", "JA", "J2", "BT" if _first(tags, "TI", "T1") else "")
    date = _first(tags, "PY", "Y1", "DA")
    parse_year(date.split("/")[0].strip(), record)
    for value in (_first(tags, "DA"), _first(tags, "PY"), _first(tags, "Y1")):
        parts = value.split("/")
        if len(parts) > 1 and parts[1].strip():
            record.month = parse_month(parts[1].strip(), record)
            break
    record.volume = _first(tags, "VL")
    record.issue = _first(tags, "IS", "CP")
    start_page, end_page = _first(tags, "SP"), _first(tags, "EP")
    if start_page and end_page and not start_page.endswith(end_page):
        record.pages = f"{start_page}-{end_page}"
    else:
        record.pages = start_page or end_page
    record.doi = _first(tags, "DO") or _doi_in(tags)
    record.pmid = _pmid(tags)
    record.url = _first(tags, "UR")
    record.abstract = _first(tags, "AB", "N2")
    record.language = _first(tags, "LA")
    record.sci_indexed = any("SCI-indexed" in value for value in tags.get("C8", []))
    return record


def _doi_in(tags):
    for value in tags.get("M3", []) + tags.get("N1", []) + tags.get("UR", []):
        match = re.search(r"(?:doi\.org/|doi:\s*)(10\.\d{4,9}/\S+)", value, re.IGNORECASE)
        if match:
            return match.group(1)
    return ""


def parse(text):
    results = []
    for number, (start, tags, closed) in enumerate(read_records(text), start=1):
        if not closed:
            results.append(Skipped(entry=number, line=start, title=_first(tags, "TI", "T1"), reason=_(
                "the record is not closed with an ER line (is the file cut short?).")))  # fmt: skip
            continue
        result = guarded(lambda s=start, t=tags: _record(s, t), number, start)
        result.entry = number
        results.append(result)
    return results
