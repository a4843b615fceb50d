"""Work on several models at once: importing a publication file, removing a publication.

The management command, the admin's upload-with-preview and tests all go through
`plan_import` / `import_publications`: one path, several doors.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Prefetch
from django.db.models.constants import OnConflict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.history import bulk_create_with_revisions, bulk_record_links
from hospital.i18n import language_codes, localized

from . import importers
from .authors import Directory, find_position, overlap, same_authors, same_person
from .identifiers import title_key
from .importers import ImportFormatError
from .models import Authorship, Expert, Publication


class Action:
    CREATE = "create"
    LINK = "link"
    ALREADY = "already"
    REPEATED = "repeated"
    POSSIBLE = "possible"
    SKIP = "skip"

    LABELS = {
        CREATE: gettext_lazy("new"),
        LINK: gettext_lazy("already on the site: linked"),
        ALREADY: gettext_lazy("already in this list"),
        REPEATED: gettext_lazy("repeated in this file: skipped"),
        POSSIBLE: gettext_lazy("possible duplicate: not imported unless you decide"),
        SKIP: gettext_lazy("skipped"),
    }
    # What importing does with an entry: these are written, the others are not.
    WRITTEN = {CREATE, LINK}


class Decision:
    """What the physician chose for a possible duplicate."""

    SKIP = "skip"
    LINK = "link"
    NEW = "new"
    CHOICES = ((SKIP, gettext_lazy("do not import")), (LINK, gettext_lazy("same paper: link it")),
               (NEW, gettext_lazy("a different paper: import it as new")))  # fmt: skip


@dataclass
class PlannedItem:
    number: int
    record: importers.Record | None
    action: str
    skipped: importers.Skipped | None = None
    existing: Publication | None = None
    # An earlier entry of the same file this one may repeat (possible duplicates within a file).
    earlier: "PlannedItem | None" = None
    matched_by: str = ""
    reason: str = ""
    expert_position: int | None = None

    @property
    def action_label(self):
        return Action.LABELS[self.action]

    @property
    def entry(self):
        return self.record.entry if self.record else self.skipped.entry

    @property
    def line(self):
        return self.record.line if self.record else self.skipped.line

    @property
    def title(self):
        return self.record.title if self.record else self.skipped.title

    @property
    def kind_label(self):
        return Publication.Kind(self.record.kind).label if self.record else ""

    @property
    def status_label(self):
        return Publication.Status(self.record.status).label if self.record and self.record.status else ""

    @property
    def expert_not_found(self):
        """The importing expert is not among the authors: maybe someone else's paper."""
        return self.record is not None and self.expert_position is None and self.action != Action.SKIP

    @property
    def where(self):
        parts = [_("entry %(entry)s") % {"entry": self.entry}]
        if self.line:
            parts.append(_("line %(line)s") % {"line": self.line})
        return ", ".join(parts)


@dataclass
class ImportPlan:
    expert: Expert
    format_label: str
    items: list = field(default_factory=list)
    expected: int = 0
    # Publications already in the expert's list (pks), to tell "linked" from "already in this list".
    mine: set = field(default_factory=set, repr=False)

    def count(self, action):
        return sum(1 for item in self.items if item.action == action)

    @property
    def created(self):
        return self.count(Action.CREATE)

    @property
    def linked(self):
        return self.count(Action.LINK)

    @property
    def skipped(self):
        return [item for item in self.items if item.action == Action.SKIP]

    @property
    def possible_duplicates(self):
        return [item for item in self.items if item.action == Action.POSSIBLE]

    @property
    def duplicates(self):
        return len(self.items) - self.created

    @property
    def importable(self):
        """Entries that importing would write (new or linked), before any decision on possible duplicates."""
        return sum(1 for item in self.items if item.action in Action.WRITTEN)

    @property
    def readable(self):
        """Entries that are not skipped: the file gave something usable."""
        return len(self.items) - len(self.skipped)

    def summary(self):
        return _(
            "%(format)s file: %(total)s entries, %(created)s new, %(linked)s already on the site and linked, "
            "%(already)s already in the list, %(repeated)s repeated in the file, %(possible)s possible duplicates, "
            "%(skipped)s skipped."
        ) % {
            "format": self.format_label, "total": len(self.items), "created": self.created, "linked": self.linked,
            "already": self.count(Action.ALREADY), "repeated": self.count(Action.REPEATED),
            "possible": self.count(Action.POSSIBLE), "skipped": self.count(Action.SKIP),
        }  # fmt: skip

    def decide(self, decisions):
        """Apply the physician's `{item number: Decision}` to the possible duplicates."""
        for item in self.possible_duplicates:
            choice = decisions.get(item.number, Decision.SKIP)
            if choice == Decision.NEW:
                item.action, item.matched_by = Action.CREATE, _("imported as new by your decision")
            elif choice == Decision.LINK and item.existing is not None:
                item.action = Action.ALREADY if item.existing.pk in self.mine else Action.LINK
            elif choice == Decision.LINK:
                item.action = Action.REPEATED
        return self


def check_size(size):
    """Refuse a file by its size alone, before anything reads it."""
    limit = settings.PUBLICATION_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFormatError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(size / 1_048_576, 1), "limit": round(limit / 1_048_576, 1)}
        )


def expert_names(expert):
    """Every name the expert publishes under: each language's name, the native script, the variants."""
    names = [getattr(expert, localized("name", code), "") for code in language_codes()]
    return [name for name in dict.fromkeys([*names, expert.name_native, *expert.variant_names]) if name]


def directory():
    """The site's experts by the names they publish under (for linking co-authors)."""
    fields = [localized("name", code) for code in language_codes()]
    experts = Expert.objects.only("pk", "name_native", "name_variants", *fields)
    return Directory((expert, expert_names(expert)) for expert in experts)


def plan_import(expert, data):
    """Read `data` (bytes or text) and decide, for each entry, what importing it would do."""
    if isinstance(data, bytes):
        check_size(len(data))
        data = importers.decode(data)
    else:
        check_size(len(data.encode()))
    reading = importers.read(data)
    total = len(reading.records) + len(reading.skipped)
    if total > settings.PUBLICATION_IMPORT_MAX_ENTRIES:
        raise ImportFormatError(
            _("The file has %(count)s entries; at most %(limit)s can be imported at once.")
            % {"count": total, "limit": settings.PUBLICATION_IMPORT_MAX_ENTRIES}
        )
    plan = ImportPlan(expert=expert, format_label=reading.label, expected=reading.expected)
    plan.mine = set(expert.publications.values_list("pk", flat=True)) if expert.pk else set()
    index = _ExistingIndex(reading.records)
    names = expert_names(expert)
    in_file = _InFile()
    for number, result in enumerate(reading.results, start=1):
        if isinstance(result, importers.Skipped):
            plan.items.append(PlannedItem(number=number, record=None, skipped=result, action=Action.SKIP,
                                          reason=result.reason))  # fmt: skip
            continue
        item = PlannedItem(number=number, record=result, action=Action.CREATE,
                           expert_position=find_position(result.authors, names))  # fmt: skip
        _match(item, index, in_file, plan.mine)
        if item.action in (Action.CREATE, Action.LINK, Action.POSSIBLE):
            in_file.add(item)
        plan.items.append(item)
    return plan


def _conflict(record, other):
    """Identifiers prove two papers different: both have a DOI (or a PMID) and they differ."""
    doi, pmid = other.doi or "", other.pmid or ""
    return bool(record.doi and doi and record.doi != doi) or bool(record.pmid and pmid and record.pmid != pmid)


def _match(item, index, in_file, mine):
    """Identifiers first: a shared DOI or PMID links; title and year alone only suggest a duplicate."""
    record = item.record
    found = index.by_doi.get(record.doi) if record.doi else None
    if found is None and record.pmid and record.pmid in index.by_pmid:
        candidate = index.by_pmid[record.pmid]
        if _conflict(record, candidate):
            item.action = Action.SKIP
            item.reason = _(
                "its PubMed id %(pmid)s belongs to “%(title)s”, which has another DOI; correct one of them."
            ) % {"pmid": record.pmid, "title": candidate.title[:120]}
            return
        found, item.matched_by = candidate, _("same PMID")
    elif found is not None:
        item.matched_by = _("same DOI")
    if found is not None:
        item.existing = found
        item.action = Action.ALREADY if found.pk in mine else Action.LINK
        return
    earlier = in_file.same_identifier(record)
    if earlier is not None and _conflict(record, earlier.record):
        item.action = Action.SKIP
        item.reason = _(
            "its PubMed id %(pmid)s is also that of %(where)s, which has another DOI; correct one of them."
        ) % {"pmid": record.pmid, "where": earlier.where}
        return
    if earlier is not None:
        item.action, item.earlier, item.matched_by = Action.REPEATED, earlier, earlier.where
        return
    key = (title_key(record.title), record.year)
    for publication in index.by_title.get(key, ()):
        if (
            publication.pk in mine
            and not _conflict(record, publication)
            and same_authors(record.authors, publication.author_names)
        ):
            # Re-importing one's own file: same title, year and authors in the expert's own list.
            item.action, item.existing, item.matched_by = Action.ALREADY, publication, _("same title, year and authors")
            return
    for publication in index.by_title.get(key, ()):
        if not _conflict(record, publication) and overlap(record.authors, publication.author_names):
            item.action, item.existing = Action.POSSIBLE, publication
            item.matched_by = _("same title and year as “%(title)s” (%(year)s), no identifier to tell them apart") % {
                "title": publication.title[:120], "year": publication.year or "—"}  # fmt: skip
            return
    earlier = in_file.same_title(record)
    if earlier is not None:
        item.action, item.earlier = Action.POSSIBLE, earlier
        item.matched_by = _("same title and year as %(where)s") % {"where": earlier.where}


class _InFile:
    """Entries of this file seen so far, by identifier and by title and year."""

    def __init__(self):
        self.by_doi, self.by_pmid, self.by_title = {}, {}, {}

    def add(self, item):
        record = item.record
        if record.doi:
            self.by_doi.setdefault(record.doi, item)
        if record.pmid:
            self.by_pmid.setdefault(record.pmid, item)
        self.by_title.setdefault((title_key(record.title), record.year), []).append(item)

    def same_identifier(self, record):
        return (record.doi and self.by_doi.get(record.doi)) or (record.pmid and self.by_pmid.get(record.pmid)) or None

    def same_title(self, record):
        for earlier in self.by_title.get((title_key(record.title), record.year), ()):
            if not _conflict(record, earlier.record) and overlap(record.authors, earlier.record.authors):
                return earlier
        return None


class _ExistingIndex:
    """Publications already stored that share a DOI, PMID or title with the file's records (a few queries)."""

    CHUNK = 500  # stay below SQLite's parameter limit

    def __init__(self, records):
        self.by_doi, self.by_pmid, self.by_title = {}, {}, {}
        dois = sorted({r.doi for r in records if r.doi})
        pmids = sorted({r.pmid for r in records if r.pmid})
        titles = sorted({title_key(r.title) for r in records})
        for pub in self._fetch(Publication.objects.only("pk", "title", "year", "doi", "pmid"), "doi__in", dois):
            self.by_doi[pub.doi] = pub
        for pub in self._fetch(Publication.objects.only("pk", "title", "year", "doi", "pmid"), "pmid__in", pmids):
            self.by_pmid[pub.pmid] = pub
        listing = Publication.objects.only("pk", "title", "year", "doi", "pmid", "title_key").prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.only("publication", "name", "position"))
        )
        for pub in self._fetch(listing, "title_key__in", titles):
            self.by_title.setdefault((pub.title_key, pub.year), []).append(pub)

    def _fetch(self, queryset, lookup, values):
        for start in range(0, len(values), self.CHUNK):
            yield from queryset.filter(**{lookup: values[start : start + self.CHUNK]})


@transaction.atomic
def apply_plan(plan, decisions=None):
    """Write what `plan` decided (with the physician's `decisions` on possible duplicates), all or nothing."""
    if decisions:
        plan.decide(decisions)
    expert = plan.expert
    new_items = [item for item in plan.items if item.action == Action.CREATE]
    publications = [_publication(item.record) for item in new_items]
    try:
        with transaction.atomic():
            # With their first revision (django-simple-history): who imported them, and when.
            bulk_create_with_revisions(publications, Publication, reason="import")
    except IntegrityError:
        # Someone stored the same DOI or PMID since the preview; nothing of this file is kept.
        raise ImportFormatError(_("Another import changed these publications meanwhile; please try again.")) from None
    site = directory()
    authorships = []
    for item, pub in zip(new_items, publications, strict=True):
        for index, name in enumerate(item.record.authors):
            author = expert if index == item.expert_position else site.find(name)
            if author is not None and author.pk == expert.pk and index != item.expert_position:
                author = None  # the expert appears once: at the position the import found
            authorships.append((pub.pk, index + 1, name, author.pk if author is not None else None))
    _insert_rows(Authorship, ("publication", "position", "name", "expert"), authorships)
    linked = [item.existing for item in plan.items if item.action == Action.LINK]
    _mark_expert_in_authors(expert, linked)
    _insert_rows(
        Publication.experts.through,
        ("publication", "expert"),
        [(pub.pk, expert.pk) for pub in [*publications, *linked]],
        ignore_conflicts=True,
    )
    # The links went in without signals: the new publications' import revisions get them, and each
    # publication now also listed for this expert gets a revision of its own.
    revisions = list(Publication.history.filter(id__in=[pub.pk for pub in publications], history_type="+"))
    if linked:
        relinked = Publication.objects.filter(pk__in=[pub.pk for pub in linked])
        revisions += Publication.history.bulk_history_create(relinked, update=True, default_change_reason="import")
    bulk_record_links(revisions)
    return plan


def _insert_rows(model, fields, rows, *, ignore_conflicts=False):
    """Insert `rows`, tuples of database-ready values (numbers, text, None) for `fields`, in one executemany.

    For the import's authors and list links: tens of thousands of rows of a model without revisions,
    search entries or translation state, whose pks nobody needs. `bulk_create()` would build a model
    instance and prepare every value in Python first, most of a large import's time. Sends no signals,
    like `bulk_create()`; the page cache sees the write (it watches the SQL).
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    ops, opts = connection.ops, model._meta
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    columns = [opts.get_field(name).column for name in fields]
    sql = " ".join(part for part in (
        ops.insert_statement(on_conflict=on_conflict),
        f"{ops.quote_name(opts.db_table)} ({', '.join(ops.quote_name(column) for column in columns)})",
        f"VALUES ({', '.join(['%s'] * len(columns))})",
        ops.on_conflict_suffix_sql(None, on_conflict, None, None),
    ) if part)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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
        title_key=title_key(record.title), status=Publication.Status.of(record.status), more_authors=record.et_al,
        editors="\n".join(record.editors), series_editors="\n".join(record.series_editors),
    )  # fmt: skip


def import_publications(expert, data, decisions=None):
    """Import the valid entries of a publication file for `expert` in one transaction; return the plan."""
    with transaction.atomic():
        return apply_plan(plan_import(expert, data), decisions)


@transaction.atomic
def remove_publication(expert, publication):
    """Take `publication` off `expert`'s list; delete it when no other expert lists it."""
    publication.experts.remove(expert)
    publication.authorships.filter(expert=expert).update(expert=None)
    if not publication.experts.exists():
        publication.delete()
        return True
    return False
