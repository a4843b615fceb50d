"""Scopus CSV exports ("Export > CSV"): authors as "Phillips J.C., Braun R." or "Phillips J.C.; Braun R."."""

import re

from . import Record, guarded, parse_year
from .csvfile import rows

FORMAT = "scopus"
LABEL = "Scopus CSV"
_ID = re.compile(r"\s*\(\d+\)\s*$")
_INITIALS_COMMA = re.compile(r"(?<=\.),\s+")
KIND_BY_TYPE = {"review": "review", "conference paper": "conference_paper", "book chapter": "book_chapter",
                "book": "book_chapter"}  # fmt: skip


def _header(text):
    first = text.lstrip("\ufeff").lstrip().split("\n", 1)[0].lower()
    return first


def looks_like(text):
    header = _header(text)
    return "source title" in header and "title" in header and ("authors" in header or "author full names" in header)


def count(text):
    return sum(1 for _row in rows(text))


def authors(row):
    full = row.get("author full names", "").strip()
    if full:
        return [_ID.sub("", name).strip() for name in full.split(";") if name.strip()]
    written = row.get("authors", "").strip()
    if not written or written.lower() == "[no author name available]":
        return []
    if ";" in written:
        return [name.strip() for name in written.split(";")]
    return [name.strip() for name in _INITIALS_COMMA.split(written)]


def _record(index, line, row):
    record = Record(entry=index, line=line)
    record.title = row.get("title", "")
    record.authors = authors(row)
    record.journal = row.get("source title", "")
    parse_year(row.get("year"), record)
    record.volume = row.get("volume", "")
    record.issue = row.get("issue", "")
    start, end = row.get("page start", "").strip(), row.get("page end", "").strip()
    record.pages = f"{start}-{end}" if start and end else start or end or row.get("art. no.", "")
    record.doi = row.get("doi", "")
    record.pmid = row.get("pubmed id", "")
    record.url = row.get("link", "")
    abstract = row.get("abstract", "")
    record.abstract = "" if abstract.strip() == "[No abstract available]" else abstract
    record.language = row.get("language of original document", "").split(";")[0]
    record.kind = KIND_BY_TYPE.get(row.get("document type", "").strip().lower(), "article")
    return record


def parse(text):
    return [guarded(lambda i=index, n=line, r=row: _record(i, n, r), index, line)
            for index, (line, row) in enumerate(rows(text), start=1)]  # fmt: skip
