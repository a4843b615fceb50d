"""BibTeX (and BibLaTeX) through bibtexparser 2."""

import re

import bibtexparser
from django.utils.translation import gettext as _
from pylatexenc.latex2text import LatexNodes2Text

from . import ImportFormatError, Record, parse_int, parse_month

FORMAT = "bibtex"
LABEL = "BibTeX"
_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_latex = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)

KIND_BY_TYPE = {
    "article": "article", "inbook": "book_chapter", "incollection": "book_chapter", "book": "book_chapter",
    "inproceedings": "conference_paper", "conference": "conference_paper", "proceedings": "conference_paper",
}  # fmt: skip
SUBTYPE = {"review": "review", "case report": "case_report", "case_report": "case_report"}


def looks_like(text):
    return bool(_ENTRY.search(text))


def clean(value):
    value = str(value or "")
    if "\\" in value:
        value = _latex.latex_to_text(value)
    return " ".join(value.replace("{", "").replace("}", "").split())


def split_authors(value):
    """Split on " and " outside braces: {Smith and Sons} stays one name."""
    names, depth, start = [], 0, 0
    lower = value.lower()
    index = 0
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and lower.startswith(" and ", index):
            names.append(value[start:index])
            index += 5
            start = index
            continue
        index += 1
    names.append(value[start:])
    return [clean(name) for name in names if clean(name)]


def parse(text):
    library = bibtexparser.parse_string(text)
    for block in library.failed_blocks:
        number = 1 + sum(1 for entry in library.entries if entry.start_line < block.start_line)
        raise ImportFormatError(
            _("this BibTeX entry is malformed (unbalanced braces or a missing comma?)."),
            entry=getattr(block, "key", None) or number,
            line=block.start_line + 1,
        )
    records = []
    for entry in library.entries:
        fields = {key.lower(): field.value for key, field in entry.fields_dict.items()}
        record = Record(entry=entry.key, line=entry.start_line + 1)
        subtype = clean(fields.get("type") or fields.get("pubtype")).lower()
        record.kind = SUBTYPE.get(subtype) or KIND_BY_TYPE.get(entry.entry_type.lower(), "article")
        record.title = clean(fields.get("title"))
        record.authors = split_authors(fields.get("author", ""))
        record.journal = clean(fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle"))
        record.year = parse_int(clean(fields.get("year")) or clean(fields.get("date"))[:4], record, "year")
        record.month = parse_month(clean(fields.get("month")), record)
        record.volume = clean(fields.get("volume"))
        record.issue = clean(fields.get("number") or fields.get("issue"))
        record.pages = clean(fields.get("pages"))
        record.doi = clean(fields.get("doi"))
        record.pmid = clean(fields.get("pmid"))
        record.url = clean(fields.get("url"))
        record.abstract = clean(fields.get("abstract"))
        record.language = clean(fields.get("langid") or fields.get("language"))
        record.sci_indexed = clean(fields.get("sciindexed")).lower() in {"yes", "true", "1"}
        records.append(record)
    return records
