"""Citations in the styles journals ask for (AMA, APA), through citeproc-py and maintained CSL styles.

The CSL files in `experts/csl/` are copies of the Citation Style Language project's styles
(CC BY-SA 3.0). The public profile keeps its own Vancouver (`citations.vancouver`); these
styles serve "copy citation" and the AMA/APA exports.
"""

import functools
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from .authors import _has_cjk, split_name, suffix
from .citations import vancouver

CSL_DIR = Path(__file__).resolve().parent / "csl"
CSL_TYPE = {"article": "article-journal", "review": "article-journal", "case_report": "article-journal",
            "book_chapter": "chapter", "conference_paper": "paper-conference"}  # fmt: skip
STATUS = {"in_press": "in press", "forthcoming": "forthcoming", "accepted": "accepted", "submitted": "submitted"}
_NUMBER = re.compile(r"^\s*\[?\d+[.\]]\s*")


@dataclass(frozen=True)
class Style:
    key: str
    label: str
    csl: str | None  # None: this site's own formatter


STYLES = {
    "vancouver": Style("vancouver", "Vancouver", None),
    "ama": Style("ama", "AMA", "american-medical-association"),
    "apa": Style("apa", "APA", "apa"),
}


@functools.cache
def _style(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it ignores
        return CitationStylesStyle(str(CSL_DIR / f"{name}.csl"), validate=False)


def csl_name(name):
    if _has_cjk(name) or "," not in name and " " not in name.strip():
        return {"literal": name}
    surname, given = split_name(name)
    if surname.isupper() and len(surname) > 1:
        surname = surname.title()
    data = {"family": surname, "given": given}
    if suffix(name):
        data["suffix"] = suffix(name)
    return data if given else {"literal": name}


def csl_item(publication):
    """A publication as CSL-JSON (authors from its prefetched authorships)."""
    item = {"id": f"p{publication.pk}", "type": CSL_TYPE.get(publication.kind, "article-journal"),
            "title": publication.title, "author": [csl_name(a.name) for a in publication.authorships.all()],
            "container-title": publication.journal, "volume": publication.volume, "issue": publication.issue,
            "page": publication.pages, "DOI": publication.doi or "", "PMID": publication.pmid or "",
            "editor": [csl_name(name) for name in publication.editor_names],
            "collection-editor": [csl_name(name) for name in publication.series_editor_names]}  # fmt: skip
    if publication.year:
        item["issued"] = {"date-parts": [[publication.year, *([publication.month] if publication.month else [])]]}
    elif publication.status:
        item["status"] = STATUS.get(publication.status, "")
    return {key: value for key, value in item.items() if value}


def format_citations(publications, style="ama", html=False):
    """The citation of each publication in `style`, in the order given (plain text, or HTML with <i>)."""
    chosen = STYLES[style]
    publications = list(publications)
    if chosen.csl is None:
        return [str(vancouver(pub, max_authors=6)) for pub in publications]
    if not publications:
        return []
    source = CiteProcJSON([csl_item(pub) for pub in publications])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            _style(chosen.csl), source, formatter.html if html else formatter.plain
        )
        for pub in publications:
            bibliography.register(Citation([CitationItem(f"p{pub.pk}")]))
        texts = {key: _NUMBER.sub("", str(entry)) for key, entry in zip(bibliography.keys, bibliography.bibliography(),
                                                                          strict=True)}  # fmt: skip
    return [texts[f"p{pub.pk}"] for pub in publications]
