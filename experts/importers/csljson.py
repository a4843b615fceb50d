"""CSL-JSON, the citation format of Zotero, Pandoc and citeproc (read with the json module)."""

import json

from django.utils.translation import gettext as _

from . import ImportFormatError, Record, parse_int

FORMAT = "csljson"
LABEL = "CSL-JSON"
FIELDS = (("volume", "volume"), ("issue", "issue"), ("pages", "page"), ("doi", "DOI"), ("pmid", "PMID"),
          ("url", "URL"), ("abstract", "abstract"), ("language", "language"))  # fmt: skip
KIND_BY_TYPE = {"article-journal": "article", "article": "article", "review": "review", "chapter": "book_chapter",
                "book": "book_chapter", "paper-conference": "conference_paper"}  # fmt: skip


def looks_like(text):
    return text.lstrip()[:1] in ("[", "{")


def _name(author):
    if not isinstance(author, dict):
        return str(author or "")
    if author.get("literal"):
        return author["literal"]
    family, given = author.get("family", ""), author.get("given", "")
    return f"{family}, {given}" if family and given else family or given


def parse(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(_("the JSON is malformed (%(reason)s).") % {"reason": error.msg},
                                line=error.lineno) from None  # fmt: skip
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        raise ImportFormatError(_("CSL-JSON must be a list of items."))
    records = []
    for index, item in enumerate(data, start=1):
        record = Record(entry=index)
        if not isinstance(item, dict):
            record.fail(_("each CSL-JSON item must be an object."))
        record.entry = item.get("id") or index
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
        genre = str(item.get("genre") or "").lower()
        record.kind = {"review": "review", "case report": "case_report"}.get(genre) or KIND_BY_TYPE.get(
            item.get("type"), "article"
        )
        record.title = str(item.get("title") or "")
        authors = item.get("author") or []
        if not isinstance(authors, list):
            record.fail(_("“author” must be a list."))
        record.authors = [_name(author) for author in authors]
        record.journal = str(item.get("container-title") or "")
        parts = (item.get("issued") or {}).get("date-parts") or [[]] if isinstance(item.get("issued"), dict) else [[]]
        first = parts[0] if parts and isinstance(parts[0], list) else []
        record.year = parse_int(first[0], record, "year") if first else None
        record.month = parse_int(first[1], record, "month") if len(first) > 1 else None
        for name, key in FIELDS:
            setattr(record, name, str(item.get(key) or ""))
        record.sci_indexed = bool(custom.get("sci_indexed"))
        records.append(record)
    return records
