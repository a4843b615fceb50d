"""ORCID works as JSON (the public API's `/works`: groups of work summaries; `/works/…` bulk; single works)."""

from . import Record, guarded, parse_int, parse_year
from .csljson import load

FORMAT = "orcid"
LABEL = "ORCID JSON"
KIND_BY_TYPE = {"journal-article": "article", "conference-paper": "conference_paper", "book-chapter": "book_chapter",
                "book": "book_chapter", "review": "review"}  # fmt: skip


def looks_like(text):
    head = text.lstrip()[:3000]
    return head.startswith("{") and ('"work-summary"' in head or '"put-code"' in head) and '"external-ids"' in text


def works(data):
    if isinstance(data, dict) and isinstance(data.get("group"), list):
        # One group is one work in several versions (from different sources): its first summary.
        return [(group.get("work-summary") or [None])[0] if isinstance(group, dict) else None
                for group in data["group"]]  # fmt: skip
    if isinstance(data, dict) and isinstance(data.get("bulk"), list):
        return [item.get("work") if isinstance(item, dict) else None for item in data["bulk"]]
    return [data]


def count(text):
    return len(works(load(text)))


def value(node, *path):
    for key in path:
        if not isinstance(node, dict):
            return ""
        node = node.get(key)
    return str(node or "") if not isinstance(node, dict | list) else ""


def _record(index, work):
    record = Record(entry=index)
    if not isinstance(work, dict):
        record.fail("")
    record.entry = work.get("put-code") or index
    record.title = value(work, "title", "title", "value")
    record.journal = value(work, "journal-title", "value")
    parse_year(value(work, "publication-date", "year", "value"), record)
    record.month = parse_int(value(work, "publication-date", "month", "value"), record, "month")
    for identifier in (work.get("external-ids") or {}).get("external-id") or []:
        kind = str(identifier.get("external-id-type") or "").lower()
        if kind == "doi" and not record.doi:
            record.doi = str(identifier.get("external-id-value") or "")
        elif kind == "pmid" and not record.pmid:
            record.pmid = str(identifier.get("external-id-value") or "")
    contributors = (work.get("contributors") or {}).get("contributor") or []
    roles = ("", "author", "AUTHOR")
    record.authors = [value(c, "credit-name", "value") for c in contributors
                      if value(c, "contributor-attributes", "contributor-role") in roles]  # fmt: skip
    record.url = value(work, "url", "value")
    record.abstract = str(work.get("short-description") or "")
    record.language = str(work.get("language-code") or "")
    record.kind = KIND_BY_TYPE.get(str(work.get("type") or "").lower(), "article")
    return record


def parse(text):
    return [guarded(lambda w=work, n=index: _record(n, w), index, None)
            for index, work in enumerate(works(load(text)), start=1)]  # fmt: skip
