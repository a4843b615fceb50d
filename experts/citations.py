"""Vancouver (ICMJE/NLM) citations of publications, as text and as parts a template can link."""

from dataclasses import dataclass, field

from django.conf import settings

from .authors import vancouver_name

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def abbreviate_pages(pages):
    """NLM page ranges: "174-180" -> "174-80"; anything else is kept."""
    start, sep, end = (pages or "").partition("-")
    if sep and start.isdigit() and end.isdigit() and len(start) == len(end):
        keep = 0
        while keep < len(end) - 1 and start[keep] == end[keep]:
            keep += 1
        return f"{start}-{end[keep:]}"
    return pages or ""


@dataclass
class AuthorPart:
    name: str
    position: int
    expert: object = None


@dataclass
class Citation:
    authors: list = field(default_factory=list)
    et_al: bool = False
    title: str = ""
    source: str = ""

    def __str__(self):
        names = ", ".join(part.name for part in self.authors)
        if self.et_al:
            names += ", et al"
        head = f"{names}. " if names else ""
        return f"{head}{self.title} {self.source}".strip()


def _sentence(text):
    text = (text or "").strip()
    return text if not text or text[-1] in ".?!" else f"{text}."


def source_text(publication):
    """ "Int J Gynecol Cancer. 2020 Feb;30(2):174-80." (journal, date, volume, issue, pages)."""
    date = str(publication.year or "")
    if not date and publication.status:
        date = str(publication.get_status_display())
    if publication.year and publication.month:
        date += f" {MONTHS[publication.month - 1]}"
    location = publication.volume or ""
    if publication.issue:
        location += f"({publication.issue})"
    if publication.pages:
        location += f":{abbreviate_pages(publication.pages)}"
    text = _sentence(publication.journal)
    if date or location:
        text += f" {date}{';' if date and location else ''}{location}."
    return text.strip()


def vancouver(publication, max_authors=None):
    """The citation of `publication`; its authorships should be prefetched (for_listing())."""
    max_authors = max_authors or settings.EXPERTS_CITATION_MAX_AUTHORS
    authorships = list(publication.authorships.all())
    parts = [AuthorPart(vancouver_name(a.name), a.position, a.expert) for a in authorships[:max_authors]]
    return Citation(
        authors=parts,
        et_al=len(authorships) > max_authors or publication.more_authors,
        title=_sentence(publication.title),
        source=source_text(publication),
    )
