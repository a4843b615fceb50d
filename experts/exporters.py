"""Writing an expert's publication list as BibTeX, RIS or CSV; each re-imports without loss."""

import csv
import io
import re
from dataclasses import dataclass

import rispy

from .importers.csvfile import AUTHOR_SEPARATOR, COLUMNS

BIBTEX_TYPE = {"article": "article", "review": "article", "case_report": "article", "book_chapter": "incollection",
               "conference_paper": "inproceedings"}  # fmt: skip
BIBTEX_SUBTYPE = {"review": "Review", "case_report": "Case report"}
RIS_TYPE = {"article": "JOUR", "review": "JOUR", "case_report": "JOUR", "book_chapter": "CHAP",
            "conference_paper": "CPAPER"}  # fmt: skip
RIS_SUBTYPE = {"review": "Review", "case_report": "Case Reports"}


_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "%": r"\%", "&": r"\&", "#": r"\#",
            "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}  # fmt: skip
# A status in the words every importer (ours too) reads, whatever the language of the request.
STATUS_TEXT = {"in_press": "in press", "forthcoming": "forthcoming", "accepted": "accepted", "submitted": "submitted"}
# Fields written as they are: identifiers and links are not LaTeX.
VERBATIM = {"doi", "pmid", "url", "year", "month"}


def escape(value):
    """Text as a BibTeX value that reads back unchanged: LaTeX's special characters escaped, "--" kept."""
    return "".join(_ESCAPES.get(char, char) for char in str(value)).replace("--", "-{}-")


def _braced(name, value):
    return "{" + (str(value) if name in VERBATIM else escape(value)) + "}"


def bibtex_author(name):
    """A name for an author list: a group name containing "and" is braced so it stays one name."""
    text = escape(name)
    return "{" + text + "}" if re.search(r"\sand\s", name, re.IGNORECASE) else text


def _bibtex_key(publication, used):
    first = publication.author_names[0] if publication.author_names else "anon"
    stem = re.sub(r"[^a-z0-9]", "", first.split(",")[0].split(" ")[0].lower()) or "anon"
    key = f"{stem}{publication.year or ''}"
    candidate, suffix = key, ord("a")
    while candidate in used:
        candidate = f"{key}{chr(suffix)}"
        suffix += 1
    used.add(candidate)
    return candidate


def to_bibtex(publications):
    used, chunks = set(), []
    for pub in publications:
        container = "booktitle" if pub.kind in ("book_chapter", "conference_paper") else "journal"
        authors = " and ".join([*map(bibtex_author, pub.author_names), *(["others"] if pub.more_authors else [])])
        editors = " and ".join(map(bibtex_author, pub.editor_names))
        fields = [
            ("author", authors), ("editor", editors), ("title", pub.title), (container, pub.journal),
            ("year", pub.year or STATUS_TEXT.get(pub.status)), ("month", pub.month), ("volume", pub.volume),
            ("number", pub.issue),
            ("pages", pub.pages.replace("-", "--")), ("doi", pub.doi), ("pmid", pub.pmid), ("url", pub.url),
            ("type", BIBTEX_SUBTYPE.get(pub.kind)), ("langid", pub.language),
            ("sciindexed", "yes" if pub.sci_indexed else None), ("abstract", pub.abstract),
        ]  # fmt: skip
        lines = [f"  {name} = {{{value}}}," if name in ("author", "editor") else f"  {name} = {_braced(name, value)},"
                 for name, value in fields if value]  # fmt: skip
        chunks.append(f"@{BIBTEX_TYPE[pub.kind]}{{{_bibtex_key(pub, used)},\n" + "\n".join(lines) + "\n}\n")
    return "\n".join(chunks)


def to_ris(publications):
    references = []
    for pub in publications:
        start, _sep, end = pub.pages.partition("-")
        ref = {
            "type_of_reference": RIS_TYPE[pub.kind],
            "authors": [*pub.author_names, *(["et al."] if pub.more_authors else [])],
            "secondary_authors": pub.editor_names,  # A2: editors
            "tertiary_authors": pub.series_editor_names,  # A3: series editors
            "title": pub.title,
            "secondary_title": pub.journal,
            "year": str(pub.year or STATUS_TEXT.get(pub.status, "")),
            "date": f"{pub.year or ''}/{pub.month:02d}//" if pub.month else "",
            "volume": pub.volume,
            "number": pub.issue,
            "start_page": start,
            "end_page": end,
            "doi": pub.doi or "",
            "accession_number": f"PMID:{pub.pmid}" if pub.pmid else "",  # AN alone is any database's number
            "urls": [pub.url] if pub.url else [],
            "abstract": pub.abstract.replace("\n", " "),
            "language": pub.language,
            "type_of_work": RIS_SUBTYPE.get(pub.kind, ""),
            "custom8": "SCI-indexed" if pub.sci_indexed else "",
        }
        references.append({key: value for key, value in ref.items() if value})
    return rispy.dumps(references) if references else ""


def to_csv(publications):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for pub in publications:
        writer.writerow([
            AUTHOR_SEPARATOR.join(pub.author_names), pub.title, pub.journal, pub.year or "", pub.month or "",
            pub.volume, pub.issue, pub.pages, pub.doi or "", pub.pmid or "", pub.url, pub.kind,
            "yes" if pub.sci_indexed else "no", pub.language, pub.abstract, pub.status,
            "yes" if pub.more_authors else "",
        ])  # fmt: skip
    return buffer.getvalue()


@dataclass(frozen=True)
class Exporter:
    write: object
    content_type: str
    extension: str


def citation_list(style):
    """A writer of a plain-text reference list in a citation style (one citation a line, numbered)."""

    def write(publications):
        from .citation_styles import format_citations

        lines = format_citations(publications, style)
        return "".join(f"{number}. {line}\n" for number, line in enumerate(lines, start=1))

    return write


EXPORTERS = {
    "bib": Exporter(to_bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "ris": Exporter(to_ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "csv": Exporter(to_csv, "text/csv; charset=utf-8", "csv"),
    "ama.txt": Exporter(citation_list("ama"), "text/plain; charset=utf-8", "ama.txt"),
    "apa.txt": Exporter(citation_list("apa"), "text/plain; charset=utf-8", "apa.txt"),
    "vancouver.txt": Exporter(citation_list("vancouver"), "text/plain; charset=utf-8", "vancouver.txt"),
}
