"""A profile's publication list: newest first, grouped by year, counted and filtered by type."""

from dataclasses import dataclass
from itertools import groupby

from .citations import Citation, vancouver
from .models import Publication


@dataclass(frozen=True)
class CitedPublication:
    """What a profile shows of one publication: the paper, its citation, and the expert's place among its authors."""

    publication: Publication
    citation: Citation
    author_count: int
    expert_position: int | None

    @classmethod
    def of(cls, publication, expert):
        authorships = publication.authorships.all()
        return cls(
            publication=publication,
            citation=vancouver(publication),
            author_count=len(authorships),
            expert_position=next((a.position for a in authorships if a.expert_id == expert.pk), None),
        )


class PublicationList:
    """All of an expert's publications in two queries; filtering by type happens in memory,
    since the type counts need every publication anyway."""

    def __init__(self, expert, kind=None):
        self.expert = expert
        self.all = list(Publication.objects.of_expert(expert).newest_first().for_listing())
        self.kind = kind if kind in Publication.Kind.values else ""
        self.items = [CitedPublication.of(pub, expert) for pub in self.all if not self.kind or pub.kind == self.kind]

    def __len__(self):
        return len(self.items)

    @property
    def total(self):
        return len(self.all)

    @property
    def sci_count(self):
        return sum(1 for pub in self.all if pub.sci_indexed)

    def kinds(self):
        """`[(value, label, count)]` for the types this expert has, for the filter."""
        counts = {}
        for pub in self.all:
            counts[pub.kind] = counts.get(pub.kind, 0) + 1
        return [(value, label, counts[value]) for value, label in Publication.Kind.choices if value in counts]

    def by_year(self):
        """`[(year, [CitedPublication])]`, newest year first."""
        return [(year, list(items)) for year, items in groupby(self.items, key=lambda item: item.publication.year)]
