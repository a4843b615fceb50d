"""PubMed's MEDLINE format (.nbib, "Send to: Citation manager").

A small reader of our own: the PyPI packages for it are unmaintained or pull in all of
Biopython. Each record is a block of `TAG - value` lines; values wrap onto lines
indented by six spaces; records are separated by blank lines.
"""

import re

from django.utils.translation import gettext as _

from . import ImportFormatError, Record, parse_int, parse_month

FORMAT = "medline"
LABEL = "PubMed/MEDLINE"
_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- (.*)$")


def looks_like(text):
    return bool(re.search(r"^PMID- ?\d", text, re.MULTILINE))


def read_blocks(text):
    """`[(first line, {tag: [values]})]`, joining wrapped lines."""
    blocks, current, start, last_tag = [], None, None, None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                blocks.append((start, current))
            current, last_tag = None, None
            continue
        if line.startswith("      ") and last_tag:
            current[last_tag][-1] += " " + line.strip()
            continue
        match = _LINE.match(line)
        if match is None:
            raise ImportFormatError(_("this is not a MEDLINE line (“TAG - value”)."), entry=len(blocks) + 1,
                                    line=number)  # fmt: skip
        tag, value = match.group(1), match.group(2).strip()
        if current is None:
            if tag != "PMID":
                raise ImportFormatError(_("a MEDLINE record must start with its PMID line."), entry=len(blocks) + 1,
                                        line=number)  # fmt: skip
            current, start = {}, number
        current.setdefault(tag, []).append(value)
        last_tag = tag
    if current:
        blocks.append((start, current))
    return blocks


def _kind(types):
    lowered = {t.lower() for t in types}
    if "review" in lowered or "systematic review" in lowered:
        return "review"
    if "case reports" in lowered:
        return "case_report"
    if "congress" in lowered:
        return "conference_paper"
    return "article"


def _doi(values):
    for value in values:
        if value.endswith("[doi]"):
            return value[: -len("[doi]")].strip()
    return ""


def parse(text):
    records = []
    for index, (line, tags) in enumerate(read_blocks(text), start=1):

        def get(tag, tags=tags):
            return tags.get(tag, [""])[0]

        record = Record(entry=index, line=line)
        record.pmid = get("PMID")
        record.title = get("TI") or get("BTI")
        record.authors = tags.get("FAU") or tags.get("AU") or []
        record.journal = get("JT") or get("TA")
        date = get("DP").split()
        record.year = parse_int(date[0] if date else "", record, "year")
        record.month = parse_month(date[1], record) if len(date) > 1 else None
        record.volume = get("VI")
        record.issue = get("IP")
        record.pages = get("PG")
        record.doi = _doi(tags.get("LID", []) + tags.get("AID", []))
        record.abstract = get("AB")
        record.language = get("LA")
        record.kind = _kind(tags.get("PT", []))
        records.append(record)
    return records
