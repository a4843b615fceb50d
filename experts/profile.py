"""A profile's publication list: newest first, grouped by year, counted and filtered by type."""

from itertools import groupby

from .citations import vancouver
from .models import Publication


class PublicationList:
    """All of an expert's publications in two queries; filtering by type happens in memory,
    since the type counts need every publication anyway."""

    def __init__(self, expert, kind=None):
        self.expert = expert
        self.all = list(Publication.objects.of_expert(expert).newest_first().for_listing())
        self.kind = kind if kind in Publication.Kind.values else ""
        self.items = [pub for pub in self.all if not self.kind or pub.kind == self.kind]
        for pub in self.items:
            pub.citation = vancouver(pub)
            pub.author_count = len(pub.authorships.all())
            pub.expert_position = next((a.position for a in pub.authorships.all() if a.expert_id == expert.pk), None)

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
        return [(year, list(pubs)) for year, pubs in groupby(self.items, key=lambda pub: pub.year)]
