"""CSL-JSON, the citation format of Zotero, Pandoc and citeproc (read with the json module).

Names keep their particles and suffixes ("dos Santos, João", "Doe, Jeffrey, Jr."); titles'
HTML markup (`<i>`, `<sup>`) and JATS abstracts become text (`markup.html_to_text`).
"""

import json

from django.utils.translation import gettext as _

from . import ImportFormatError, Record, Skipped, guarded, parse_int, parse_year
from .markup import html_to_text

FORMAT = "csljson"
LABEL = "CSL-JSON"
FIELDS = (("volume", "volume"), ("issue", "issue"), ("pages", "page"), ("doi", "DOI"), ("pmid", "PMID"),
          ("url", "URL"), ("language", "language"))  # fmt: skip
KIND_BY_TYPE = {"article-journal": "article", "article": "article", "review": "review", "chapter": "book_chapter",
                "book": "book_chapter", "paper-conference": "conference_paper"}  # fmt: skip


def looks_like(text):
    return text.lstrip()[:1] in ("[", "{")


def load(text):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(_("the JSON is malformed (%(reason)s).") % {"reason": error.msg},
                                line=error.lineno) from None  # fmt: skip
    except RecursionError:
        raise ImportFormatError(_("the JSON is nested too deeply.")) from None


def items(data):
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        raise ImportFormatError(_("CSL-JSON must be a list of items."))
    return data


def count(text):
    return len(items(load(text)))


def name(author):
    """A CSL name as "particles family, given, suffix" (the BibTeX order), or its literal form."""
    if not isinstance(author, dict):
        return str(author or "")
    if author.get("literal"):
        return str(author["literal"])
    family = " ".join(str(author.get(key) or "") for key in ("dropping-particle", "non-dropping-particle", "family"))
    family, given, suffix = " ".join(family.split()), str(author.get("given") or ""), str(author.get("suffix") or "")
    parts = [part for part in (family, given) if part]
    text = ", ".join(parts)
    return f"{text}, {suffix}" if suffix and family else text


def text(value):
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    return html_to_text(value) if value is not None else ""


def date(item, record):
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[]]
        first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
        if first:
            parse_year(first[0], record)
            record.month = parse_int(first[1], record, "month") if len(first) > 1 else None
        elif issued.get("raw") or issued.get("literal"):
            raw = str(issued.get("raw") or issued.get("literal"))
            parse_year(raw.split("-")[0].split("/")[0], record)
    elif isinstance(issued, str | int):
        parse_year(str(issued)[:4] if str(issued)[:4].isdigit() else issued, record)
    if record.year is None and not record.status and item.get("status"):
        parse_year(item["status"], record)


def record_of(item, index):
    record = Record(entry=index)
    if not isinstance(item, dict):
        record.fail(_("each CSL-JSON item must be an object."))
    record.entry = item.get("id") or index
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
    genre = str(item.get("genre") or "").lower()
    record.kind = {"review": "review", "case report": "case_report"}.get(genre) or KIND_BY_TYPE.get(
        item.get("type"), "article"
    )
    record.title = text(item.get("title"))
    authors = item.get("author") or []
    if not isinstance(authors, list):
        record.fail(_("“author” must be a list."))
    record.authors = [name(author) for author in authors]
    # Not authors: the container's editors (RIS A2, BibTeX editor) and the series editors (RIS A3).
    for attribute, key in (("editors", "editor"), ("series_editors", "collection-editor")):
        names = item.get(key)
        setattr(record, attribute, [n for n in map(name, names) if n] if isinstance(names, list) else [])
    record.journal = text(item.get("container-title"))
    date(item, record)
    for attribute, key in FIELDS:
        setattr(record, attribute, text(item.get(key)))
    record.abstract = html_to_text(text_or_empty(item.get("abstract")), paragraphs=True)
    record.sci_indexed = bool(custom.get("sci_indexed"))
    return record


def text_or_empty(value):
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return str(value or "")


def parse(text_):
    results = []
    for index, item in enumerate(items(load(text_)), start=1):
        entry = item.get("id", index) if isinstance(item, dict) else index
        result = guarded(lambda i=item, n=index: record_of(i, n), entry, None)
        if isinstance(result, Skipped) and result.entry is None:
            result.entry = index
        results.append(result)
    return results
