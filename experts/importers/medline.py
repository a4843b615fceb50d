"""PubMed's MEDLINE format (.nbib, "Send to: Citation manager").

A small reader of our own: the PyPI packages for it are unmaintained or pull in all of
Biopython. Each record is a block of `TAG - value` lines; values wrap onto lines
indented by six spaces; records are separated by blank lines.
"""

import re

from django.utils.translation import gettext as _

from . import Record, Skipped, guarded, parse_month, parse_year

FORMAT = "medline"
LABEL = "PubMed/MEDLINE"
_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- ?(.*)$")
_START = re.compile(r"^PMID\s*-", re.MULTILINE)
_LINES = re.compile(r"\r\n|\r|\n")


def looks_like(text):
    return bool(re.search(r"^PMID\s*- ?\d", _LINES.sub("\n", text), re.MULTILINE))


def count(text):
    return len(_START.findall(_LINES.sub("\n", text)))


def read_blocks(text):
    """`[(first line, {tag: [values]}, error)]`, joining wrapped lines; lines before the first PMID are ignored."""
    blocks, current, start, last_tag, error = [], None, None, None, None
    for number, line in enumerate(_LINES.split(text), start=1):
        line = line.lstrip("\ufeff")
        match = _LINE.match(line)
        if match and match.group(1) == "PMID":
            if current is not None:
                blocks.append((start, current, error))
            current, start, last_tag, error = {}, number, None, None
        if current is None:
            continue  # headers of the provider, blank lines
        if not line.strip():
            continue
        if line.startswith("      ") and last_tag:
            current[last_tag][-1] += " " + line.strip()
            continue
        if match is None:
            error = error or (_("line %(line)s is not a MEDLINE line (“TAG - value”).") % {"line": number})
            continue
        tag, value = match.group(1), match.group(2).strip()
        current.setdefault(tag, []).append(value)
        last_tag = tag
    if current is not None:
        blocks.append((start, current, error))
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
        if value.rstrip().endswith("[doi]"):
            return value.rstrip()[: -len("[doi]")].strip()
    return ""


def parse_date(value, record):
    """MEDLINE's `DP`: "2019", "2019 Dec", "2019 Dec 5", "2019 Winter", "2019 Dec-2020 Jan", "2019 Mar-Apr"."""
    parts = value.replace("-", " ").split()
    parse_year(parts[0] if parts else "", record)
    if len(parts) > 1 and (not parts[1].isdigit() or len(parts[1]) <= 2):
        record.month = parse_month(parts[1], record)


def _record(line, tags):
    def get(tag):
        return tags.get(tag, [""])[0]

    record = Record(line=line)
    record.pmid = get("PMID")
    record.title = get("TI") or get("BTI")
    record.authors = tags.get("FAU") or tags.get("AU") or []
    if tags.get("CN") and not record.authors:
        record.authors = tags["CN"]
    record.journal = get("JT") or get("TA")
    parse_date(get("DP"), record)
    record.volume = get("VI")
    record.issue = get("IP")
    record.pages = get("PG")
    record.doi = _doi(tags.get("LID", []) + tags.get("AID", []))
    record.abstract = get("AB")
    record.language = get("LA")
    record.kind = _kind(tags.get("PT", []))
    return record


def parse(text):
    results = []
    for index, (line, tags, error) in enumerate(read_blocks(text), start=1):
        if error:
            results.append(Skipped(entry=index, line=line, reason=error, title=tags.get("TI", [""])[0]))
            continue
        result = guarded(lambda n=line, t=tags: _record(n, t), index, line)
        result.entry = index
        results.append(result)
    return results
