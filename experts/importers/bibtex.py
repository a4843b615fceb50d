"""BibTeX and biblatex, split into blocks by bibtexparser 2; values, strings and inheritance done here.

bibtexparser leaves `author = j # " " # cesar` as written and knows nothing of `crossref`
or `xdata`, so field values are taken raw (no middleware) and interpreted by this module:
`@string` macros and `#` concatenation, month macros, `crossref`/`xdata` inheritance, LaTeX
to Unicode (`markup.latex_to_text`), "and" between authors across any white space, and a
final "and others" as an "et al." flag.
"""

import re

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import Record, Skipped, guarded, parse_month, parse_year
from .markup import latex_to_text

FORMAT = "bibtex"
LABEL = "BibTeX"
_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_BLOCK_START = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
NOT_ENTRIES = {"comment", "string", "preamble"}
# Entry types that hold data for other entries or group them, not publications of their own.
NOT_PUBLICATIONS = {
    "set": gettext_lazy("a set of other entries (@set), not a publication of its own."),
    "xdata": gettext_lazy("data shared by other entries (@xdata), not a publication of its own."),
}
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Fields a child never takes from its crossref/xdata parent (biblatex's defaults).
NOT_INHERITED = {"ids", "crossref", "xref", "xdata", "entryset", "label", "shorthand", "sortkey", "key"}

KIND_BY_TYPE = {
    "article": "article", "inbook": "book_chapter", "incollection": "book_chapter", "book": "book_chapter",
    "inproceedings": "conference_paper", "conference": "conference_paper", "proceedings": "conference_paper",
}  # fmt: skip
SUBTYPE = {"review": "review", "case report": "case_report", "case_report": "case_report"}


def looks_like(text):
    return bool(_ENTRY.search(text))


_BRACES = re.compile(r"[{}]")
_PARENS = re.compile(r"[{}()]")


def _block_end(text, start, opener):
    """Index just after the delimiter that closes the block opened at `start`."""
    depth = 0
    for match in (_BRACES if opener == "{" else _PARENS).finditer(text, start):
        char = match.group()
        depth += 1 if char in "{(" else -1
        if depth == 0:
            return match.end()
    return len(text)


def count(text):
    """Entries of the file by a brace-counting scan of our own (not bibtexparser's splitter)."""
    total, index = 0, 0
    while True:
        match = _BLOCK_START.search(text, index)
        if match is None:
            return total
        kind = match.group(1).lower()
        if kind not in NOT_ENTRIES:
            total += 1
        if kind == "comment" and match.group(2) != "{":
            index = match.end()
            continue
        index = _block_end(text, match.end() - 1, match.group(2))


def _pieces(raw):
    """Split a raw value on `#` outside braces and quotes."""
    if "#" not in raw:
        return [raw.strip()]
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:index])
            start = index + 1
    pieces.append(raw[start:])
    return [piece.strip() for piece in pieces]


def interpolate(raw, strings):
    """A raw field value with its macros expanded and its pieces concatenated."""
    raw = (raw or "").strip()
    out = []
    for piece in _pieces(raw):
        if len(piece) >= 2 and ((piece[0] == "{" and piece[-1] == "}") or (piece[0] == '"' and piece[-1] == '"')):
            out.append(piece[1:-1])
        elif piece.lower() in strings:
            out.append(strings[piece.lower()])
        else:
            out.append(piece)  # numbers, month macros and undefined macros as written
    return "".join(out)


def split_authors(value):
    """`(names, et_al)`: split on "and" between any white space, outside braces ({Smith and Sons} is one name)."""
    if "{" not in value:
        names = _AND.split(value)
    else:
        names = _split_outside_braces(value)
    names = [latex_to_text(name) for name in names]
    names = [name for name in names if name]
    et_al = bool(names) and names[-1].lower() in {"others", "et al.", "et al"}
    return (names[:-1] if et_al else names), et_al


def _split_outside_braces(value):
    names, depth, start, index = [], 0, 0, 0
    while index < len(value):
        char = value[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char.isspace():
            match = _AND.match(value, index)
            if match:
                names.append(value[start:index])
                index = start = match.end()
                continue
        index += 1
    names.append(value[start:])
    return names


def _inherit(fields_by_key):
    """Copy missing fields from `crossref` and `xdata` parents (one level of xdata nesting is enough here)."""
    resolved = {}

    def resolve(key, seen=()):
        if key in resolved:
            return resolved[key]
        entry_type, fields = fields_by_key[key]
        fields = dict(fields)
        parents = [p.strip().lower() for p in fields.get("xdata", "").split(",") if p.strip()]
        if fields.get("crossref"):
            parents.append(fields["crossref"].strip().lower())
        for parent in parents:
            if parent in fields_by_key and parent not in seen and parent != key:
                parent_type, parent_fields = fields_by_key[parent]
                parent_fields = resolve(parent, (*seen, key))
                for name, value in parent_fields.items():
                    if name in NOT_INHERITED:
                        continue
                    # A proceedings' or book's title is its children's booktitle (biblatex's inheritance).
                    target = (
                        "booktitle"
                        if name == "title" and parent_type in ("proceedings", "book", "collection", "mvbook")
                        else name
                    )
                    if name == "title" and target == "title":
                        continue
                    fields.setdefault(target, value)
        resolved[key] = fields
        return fields

    return {key: resolve(key) for key in fields_by_key}


def _record(entry_type, key, line, fields):
    record = Record(entry=key, line=line)

    def text(*names):
        for name in names:
            if fields.get(name):
                return latex_to_text(fields[name])
        return ""

    subtype = text("type", "pubtype").lower()
    record.kind = SUBTYPE.get(subtype) or KIND_BY_TYPE.get(entry_type, "article")
    record.title = text("title")
    record.authors, record.et_al = split_authors(fields.get("author", ""))
    record.editors = split_authors(fields.get("editor", ""))[0]  # not authors (RIS A2, CSL "editor")
    record.journal = text("journal", "journaltitle", "booktitle")
    date = text("date")
    parse_year(text("year") or date[:4] or date, record)
    month = text("month") or (date[5:7] if re.match(r"^\d{4}-\d{2}", date) else "")
    record.month = parse_month(month, record)
    record.volume = text("volume")
    record.issue = text("number", "issue")
    record.pages = text("pages")
    record.doi = text("doi")
    record.pmid = text("pmid")
    if not record.pmid and text("eprinttype").lower() == "pubmed":
        record.pmid = text("eprint")
    record.url = (fields.get("url") or "").strip()
    record.abstract = text("abstract")
    record.language = text("langid", "language")
    record.sci_indexed = text("sciindexed").lower() in {"yes", "true", "1"}
    return record


def parse(text):
    library = bibtexparser.parse_string(text, parse_stack=[])
    strings = {month: month for month in MONTH_MACROS}
    for string in library.strings:
        strings[string.key.lower()] = interpolate(string.value, strings)
    results, fields_by_key, order = [], {}, []
    for entry in library.entries:
        fields = {k.lower(): interpolate(f.value, strings) for k, f in entry.fields_dict.items()}
        fields_by_key.setdefault(entry.key.lower(), (entry.entry_type.lower(), fields))
        order.append(entry)
    inherited = _inherit(fields_by_key)
    blocks = [(entry.start_line, entry) for entry in order] + [(b.start_line, b) for b in library.failed_blocks]
    for number, (start, block) in enumerate(sorted(blocks, key=lambda pair: pair[0]), start=1):
        line = start + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            earlier = block.previous_block.start_line + 1 if block.previous_block is not None else "?"
            results.append(Skipped(entry=block.key, line=line, reason=_(
                "the key “%(key)s” is already used by the entry at line %(line)s; give one of them another key."
            ) % {"key": block.key, "line": earlier}))  # fmt: skip
            continue
        if not hasattr(block, "fields_dict"):
            reason = _("this BibTeX entry is malformed (unbalanced braces or a missing comma?).")
            results.append(Skipped(entry=getattr(block, "key", None) or number, line=line, reason=reason))
            continue
        entry_type = block.entry_type.lower()
        if entry_type in NOT_PUBLICATIONS:
            results.append(Skipped(entry=block.key, line=line, reason=str(NOT_PUBLICATIONS[entry_type])))
            continue
        fields = inherited[block.key.lower()]
        make = lambda b=block, f=fields, n=line, t=entry_type: _record(t, b.key, n, f)  # noqa: E731
        results.append(guarded(make, block.key, line))
    return results
