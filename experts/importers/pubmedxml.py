"""PubMed XML (E-utilities `efetch.fcgi?db=pubmed&retmode=xml`, "Save as PubMed XML").

Parsed with defusedxml: an uploaded file may carry entity-expansion bombs or external entities.
"""

import re

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from . import ImportFormatError, Record, guarded, parse_month, parse_year
from .markup import SUBSCRIPT, SUPERSCRIPT, script
from .medline import _kind

FORMAT = "pubmedxml"
LABEL = "PubMed XML"
_ARTICLE = re.compile(r"<(PubmedArticle|PubmedBookArticle)[\s>]")


def looks_like(text):
    head = text.lstrip("\ufeff").lstrip()[:2000]
    return head.startswith("<") and ("<PubmedArticleSet" in head or "<PubmedArticle" in head)


def count(text):
    return len(_ARTICLE.findall(text))


def inner_text(element):
    """Text of an element with its inline markup (`<i>`, `<sup>`, `<sub>`) as plain Unicode."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        inner = inner_text(child)
        if child.tag in ("sup", "sub"):
            inner = script(inner, SUPERSCRIPT if child.tag == "sup" else SUBSCRIPT, "^" if child.tag == "sup" else "_")
        parts += [inner, child.tail or ""]
    return " ".join("".join(parts).split())


def _date(pubdate, record):
    if pubdate is None:
        return
    year = pubdate.findtext("Year")
    if year:
        parse_year(year, record)
        month = pubdate.findtext("Month") or pubdate.findtext("Season")
        record.month = parse_month(month, record) if month else None
        return
    medline = (pubdate.findtext("MedlineDate") or "").replace("-", " ").split()
    if medline:
        parse_year(medline[0], record)
        if len(medline) > 1 and not medline[1].isdigit():
            record.month = parse_month(medline[1], record)


def _record(index, article):
    citation = article.find("MedlineCitation")
    book = citation is None
    citation = citation if citation is not None else article.find("BookDocument")
    record = Record(entry=index)
    record.pmid = citation.findtext("PMID") or ""
    record.entry = record.pmid or index
    art = citation.find("Article") if not book else citation
    record.title = inner_text(art.find("ArticleTitle")) or inner_text(art.find("Book/BookTitle"))
    names = []
    for author in art.findall("AuthorList/Author"):
        if author.findtext("CollectiveName"):
            names.append(inner_text(author.find("CollectiveName")))
        elif author.findtext("LastName"):
            given = author.findtext("ForeName") or author.findtext("Initials") or ""
            suffix = author.findtext("Suffix") or ""
            names.append(", ".join(part for part in (author.findtext("LastName"), given, suffix) if part))
    record.authors = names
    journal = art.find("Journal")
    if journal is not None:
        record.journal = journal.findtext("Title") or journal.findtext("ISOAbbreviation") or ""
        record.volume = journal.findtext("JournalIssue/Volume") or ""
        record.issue = journal.findtext("JournalIssue/Issue") or ""
        _date(journal.find("JournalIssue/PubDate"), record)
    else:
        record.journal = inner_text(art.find("Book/BookTitle")) if record.title != inner_text(
            art.find("Book/BookTitle")) else ""  # fmt: skip
        _date(art.find("Book/PubDate"), record)
    record.pages = art.findtext("Pagination/MedlinePgn") or "-".join(
        p for p in (art.findtext("Pagination/StartPage"), art.findtext("Pagination/EndPage")) if p
    )
    dois = [e.text for e in art.findall("ELocationID") if e.get("EIdType") == "doi" and e.text]
    ids = article.findall("PubmedData/ArticleIdList/ArticleId")
    dois += [e.text for e in ids if e.get("IdType") == "doi" and e.text]
    record.doi = dois[0] if dois else ""
    paragraphs = []
    for part in art.findall("Abstract/AbstractText"):
        label = part.get("Label")
        body = inner_text(part)
        paragraphs.append(f"{label}: {body}" if label and label.upper() != "UNLABELLED" else body)
    record.abstract = "\n\n".join(p for p in paragraphs if p)
    record.language = art.findtext("Language") or ""
    record.kind = _kind([t.text or "" for t in art.findall("PublicationTypeList/PublicationType")])
    return record


def parse(text):
    try:
        root = ElementTree.fromstring(text.lstrip("\ufeff").encode())
    except ElementTree.ParseError as error:
        raise ImportFormatError(_("the XML is malformed (%(reason)s).") % {"reason": error},
                                line=error.position[0]) from None  # fmt: skip
    except Exception:  # defusedxml's refusals: entities, DTD tricks
        raise ImportFormatError(_("the XML uses entities or declarations that are not allowed.")) from None
    articles = [child for child in root.iter() if child.tag in ("PubmedArticle", "PubmedBookArticle")]
    return [guarded(lambda a=article, n=index: _record(n, a), index, None) for index, article in enumerate(articles, 1)]
