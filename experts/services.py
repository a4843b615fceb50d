"""Work on several models at once: importing a publication file, removing a publication.

The management command, the admin's upload-with-preview and tests all go through
`plan_import` / `import_publications`: one path, several doors.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from hospital.i18n import language_codes, localized

from . import importers
from .authors import find_position, same_person
from .identifiers import title_key
from .importers import ImportFormatError
from .models import Authorship, Expert, Publication


class Action:
    CREATE = "create"
    LINK = "link"
    ALREADY = "already"
    REPEATED = "repeated"

    LABELS = {
        CREATE: gettext_lazy("new"),
        LINK: gettext_lazy("already on the site: linked"),
        ALREADY: gettext_lazy("already in this list"),
        REPEATED: gettext_lazy("repeated in this file: skipped"),
    }


@dataclass
class PlannedItem:
    record: importers.Record
    action: str
    existing: Publication | None = None
    matched_by: str = ""
    expert_position: int | None = None

    @property
    def action_label(self):
        return Action.LABELS[self.action]


@dataclass
class ImportPlan:
    expert: Expert
    format_label: str
    items: list = field(default_factory=list)

    def count(self, action):
        return sum(1 for item in self.items if item.action == action)

    @property
    def created(self):
        return self.count(Action.CREATE)

    @property
    def linked(self):
        return self.count(Action.LINK)

    @property
    def duplicates(self):
        return len(self.items) - self.created

    def summary(self):
        return _(
            "%(format)s file: %(total)s entries, %(created)s new, %(linked)s already on the site and linked, "
            "%(already)s already in the list, %(repeated)s repeated in the file."
        ) % {
            "format": self.format_label, "total": len(self.items), "created": self.created, "linked": self.linked,
            "already": self.count(Action.ALREADY), "repeated": self.count(Action.REPEATED),
        }  # fmt: skip


def check_size(size):
    """Refuse a file by its size alone, before anything reads it."""
    limit = settings.PUBLICATION_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFormatError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
        )


def expert_names(expert):
    names = [getattr(expert, localized("name", code), "") for code in language_codes()]
    return [name for name in {*names, expert.name_native} if name]


def plan_import(expert, data):
    """Read `data` (bytes or text) and decide, for each entry, what importing it would do."""
    if isinstance(data, bytes):
        check_size(len(data))
        data = importers.decode(data)
    else:
        check_size(len(data.encode()))
    module, records = importers.parse(data)
    if len(records) > settings.PUBLICATION_IMPORT_MAX_ENTRIES:
        raise ImportFormatError(
            _("The file has %(count)s entries; at most %(limit)s can be imported at once.")
            % {"count": len(records), "limit": settings.PUBLICATION_IMPORT_MAX_ENTRIES}
        )
    plan = ImportPlan(expert=expert, format_label=module.LABEL)
    existing = _existing_matches(records)
    mine = set(expert.publications.values_list("pk", flat=True)) if expert.pk else set()
    names = expert_names(expert)
    seen = {}
    for record in records:
        keys = _keys(record)
        item = PlannedItem(record=record, action=Action.CREATE, expert_position=find_position(record.authors, names))
        for key, label in keys:
            if key in existing:
                item.existing, item.matched_by = existing[key], label
                item.action = Action.ALREADY if item.existing.pk in mine else Action.LINK
                break
            if key in seen:
                item.action, item.matched_by = Action.REPEATED, label
                item.existing = seen[key].existing
                break
        if item.action in (Action.CREATE, Action.LINK):
            for key, _label in keys:
                seen.setdefault(key, item)
        plan.items.append(item)
    return plan


def _keys(record):
    keys = []
    if record.doi:
        keys.append((("doi", record.doi), _("same DOI")))
    if record.pmid:
        keys.append((("pmid", record.pmid), _("same PMID")))
    keys.append((("title", title_key(record.title), record.year), _("same title and year")))
    return keys


def _existing_matches(records):
    """Publications already stored that share a DOI, PMID or title and year with a record."""
    found = {}
    dois = {r.doi for r in records if r.doi}
    pmids = {r.pmid for r in records if r.pmid}
    titles = {title_key(r.title) for r in records}
    chunk = 500  # stay below SQLite's parameter limit
    for values, lookup, key in ((dois, "doi__in", lambda p: [("doi", p.doi)]),
                                (pmids, "pmid__in", lambda p: [("pmid", p.pmid)]),
                                (titles, "title_key__in", lambda p: [("title", p.title_key, p.year)])):  # fmt: skip
        values = sorted(values)
        for start in range(0, len(values), chunk):
            for pub in Publication.objects.filter(**{lookup: values[start : start + chunk]}):
                for k in key(pub):
                    found.setdefault(k, pub)
    return found


@transaction.atomic
def apply_plan(plan):
    """Write what `plan` decided, all or nothing."""
    expert = plan.expert
    new_items = [item for item in plan.items if item.action == Action.CREATE]
    publications = [_publication(item.record) for item in new_items]
    try:
        # With their first revision (django-simple-history): who imported them, and when.
        bulk_create_with_history(publications, Publication, batch_size=500, default_change_reason="import")
    except IntegrityError:
        # Someone stored the same DOI or PMID since the preview; nothing of this file is kept.
        raise ImportFormatError(_("Another import changed these publications meanwhile; please try again.")) from None
    authorships = []
    for item, pub in zip(new_items, publications, strict=True):
        for index, name in enumerate(item.record.authors):
            authorships.append(Authorship(publication=pub, position=index + 1, name=name,
                                          expert=expert if index == item.expert_position else None))  # fmt: skip
    Authorship.objects.bulk_create(authorships, batch_size=1000)
    linked = [item.existing for item in plan.items if item.action == Action.LINK]
    _mark_expert_in_authors(expert, linked)
    through = Publication.experts.through
    through.objects.bulk_create(
        [through(publication_id=pub.pk, expert_id=expert.pk) for pub in [*publications, *linked]],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return plan


def _mark_expert_in_authors(expert, publications):
    if not publications:
        return
    names = expert_names(expert)
    changed, done = [], set()
    for authorship in Authorship.objects.filter(publication__in=publications, expert=None).order_by("position"):
        if authorship.publication_id not in done and any(same_person(authorship.name, n) for n in names):
            authorship.expert = expert
            changed.append(authorship)
            done.add(authorship.publication_id)
    Authorship.objects.bulk_update(changed, ["expert"])


def _publication(record):
    return Publication(
        title=record.title, journal=record.journal, year=record.year, month=record.month, volume=record.volume,
        issue=record.issue, pages=record.pages, doi=record.doi or None, pmid=record.pmid or None, url=record.url,
        abstract=record.abstract, kind=record.kind, sci_indexed=record.sci_indexed, language=record.language,
        title_key=title_key(record.title),
    )  # fmt: skip


def import_publications(expert, data):
    """Import a publication file for `expert` in one transaction; return the plan carried out."""
    with transaction.atomic():
        return apply_plan(plan_import(expert, data))


@transaction.atomic
def remove_publication(expert, publication):
    """Take `publication` off `expert`'s list; delete it when no other expert lists it."""
    publication.experts.remove(expert)
    publication.authorships.filter(expert=expert).update(expert=None)
    if not publication.experts.exists():
        publication.delete()
        return True
    return False
