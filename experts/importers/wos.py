"""Web of Science exports: tab-delimited ("PT\\tAU\\t…" header) and the tagged plain text ("FN … ER … EF").

Both use the same two-letter field tags: AU/AF authors ("Phillips, JC" / "Phillips, James C."),
TI title, SO source, PY year, PD month, VL, IS, BP/EP pages, DI DOI, PM PubMed id, DT type.
"""

import csv
import io
import re

from . import Record, guarded, parse_month, parse_year

FORMAT = "wos"
LABEL = "Web of Science"
_LINES = re.compile(r"\r\n|\r|\n")
_TAGGED_START = re.compile(r"^PT [A-Z]", re.MULTILINE)
KIND_BY_TYPE = {"review": "review", "proceedings paper": "conference_paper", "book chapter": "book_chapter"}


def _tab_header(text):
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r").split("\t")


def looks_like(text):
    header = _tab_header(text)
    if len(header) > 5 and header[0] == "PT" and "TI" in header and "AU" in header:
        return True
    return text.lstrip("\ufeff").startswith("FN ") and bool(_TAGGED_START.search(_LINES.sub("\n", text)))


def _tabbed(text):
    return text.lstrip("\ufeff").startswith("PT\t")


def tab_rows(text):
    reader = csv.reader(io.StringIO(_LINES.sub("\n", text.lstrip("\ufeff"))), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, [])
    for line, row in enumerate(reader, start=2):
        if any(cell.strip() for cell in row):
            yield line, {tag: value for tag, value in zip(header, row, strict=False)}, "; "


def tagged_rows(text):
    current, last, start = None, None, None
    for number, line in enumerate(_LINES.split(text.lstrip("\ufeff")), start=1):
        tag, value = line[:2], line[3:].strip()
        if tag == "PT" and line[2:3] == " ":
            current, last, start = {"PT": value}, "PT", number
        elif current is None:
            continue
        elif tag == "ER":
            yield start, current, "\n"
            current = None
        elif tag == "  " and last:
            current[last] += "\n" + value
        elif tag.strip():
            current[tag], last = value, tag


def rows(text):
    return tab_rows(text) if _tabbed(text) else tagged_rows(text)


def count(text):
    if _tabbed(text):
        return sum(1 for _row in tab_rows(text))
    return len(_TAGGED_START.findall(_LINES.sub("\n", text)))


def _record(index, line, row, separator):
    def get(tag):
        return " ".join((row.get(tag) or "").split())

    def listed(tag):
        return [name.strip() for name in (row.get(tag) or "").replace(";", "\n").split("\n") if name.strip()]

    record = Record(entry=index, line=line)
    record.title = get("TI")
    record.authors = listed("AF") or listed("AU")
    record.journal = get("SO")
    parse_year(get("PY"), record)
    month = get("PD").split(" ")[0].split("-")[0]
    record.month = parse_month(month, record) if month and not month.isdigit() else None
    record.volume, record.issue = get("VL"), get("IS")
    start, end = get("BP"), get("EP")
    record.pages = f"{start}-{end}" if start and end else start or end or get("AR")
    record.doi, record.pmid = get("DI"), get("PM")
    record.abstract = (row.get("AB") or "").strip()
    record.language = get("LA")
    record.kind = KIND_BY_TYPE.get(get("DT").split(";")[0].strip().lower(), "article")
    return record


def parse(text):
    return [guarded(lambda i=index, n=line, r=row, s=sep: _record(i, n, r, s), index, line)
            for index, (line, row, sep) in enumerate(rows(text), start=1)]  # fmt: skip
