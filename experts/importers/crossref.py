"""Crossref REST API works JSON (`api.crossref.org/works?…` lists and `/works/{doi}` single works).

A Crossref work is CSL-JSON with lists for titles and several dates, so `csljson` reads it.
"""

from . import guarded
from .csljson import load, record_of

FORMAT = "crossref"
LABEL = "Crossref JSON"
KIND_BY_TYPE = {"journal-article": "article-journal", "proceedings-article": "paper-conference",
                "book-chapter": "chapter", "book": "book"}  # fmt: skip


def looks_like(text):
    head = text.lstrip()[:400]
    return head.startswith("{") and '"message-type"' in text[:2000] and '"message"' in text[:2000]


def works(data):
    message = data.get("message") if isinstance(data, dict) else None
    if isinstance(message, dict) and isinstance(message.get("items"), list):
        return message["items"]
    return [message] if isinstance(message, dict) else []


def count(text):
    return len(works(load(text)))


def as_csl(work):
    if not isinstance(work, dict):
        return work
    item = dict(work)
    item["type"] = KIND_BY_TYPE.get(work.get("type"), work.get("type"))
    item["id"] = work.get("DOI")
    for key in ("issued", "published-print", "published-online", "published", "created"):
        if isinstance(work.get(key), dict) and (work[key].get("date-parts") or [[None]])[0][0]:
            item["issued"] = work[key]
            break
    return item


def parse(text):
    return [guarded(lambda w=work, n=index: record_of(as_csl(w), n), index, None)
            for index, work in enumerate(works(load(text)), start=1)]  # fmt: skip
