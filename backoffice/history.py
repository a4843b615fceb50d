"""Which content keeps revisions (django-simple-history), registered here so the apps' models stay as they are.

The historical tables live in this app (`app="backoffice"`), with their migrations. Registration runs in
`BackOfficeConfig.ready()`, after modeltranslation has added the per-language fields, so every language
of a translated field is recorded. Saves and deletes are recorded by signals (admin, bulk actions that
save, commands); bulk inserts go through `bulk_create_with_revisions` below.

Many-to-many links (`LINKED_FIELDS`) are stored with each revision. A save and the link changes that
follow it in the same unit of work (an admin save: the form's object, then its many-to-many fields;
`one_revision()` elsewhere) make ONE revision, not one per `m2m_changed` signal. Links written in bulk
(a through table's `bulk_create`, which sends no signal) are recorded with `bulk_record_links()`.
"""

from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

#: "app_label.ModelName" of every model whose changes are kept.
TRACKED_MODELS = (
    "hospital.Hospital",
    "hospital.Department",
    "hospital.Specialty",
    "hospital.Page",
    "experts.Expert",
    "experts.TrainingEntry",
    "experts.Certificate",
    "experts.Publication",
    "experts.SpokenLanguage",
    "news.NewsItem",
    "news.KeyFigure",
    "news.Event",
    "news.Category",
    "news.Tag",
)

#: The many-to-many fields whose links each revision of the model stores.
LINKED_FIELDS = {
    "experts.Expert": ("specialties", "languages"),
    "experts.Publication": ("experts",),
    "news.NewsItem": ("tags", "related_experts"),
}

_LINK_ACTIONS = ("post_add", "post_remove", "post_clear")
_records = {}  # model -> its LinkedHistoricalRecords


class LinksRecorded(models.Model):
    """Base of the historical models with links: whether a revision stores them.

    Revisions made before links were recorded say False, so their (absent) links are neither shown
    as removed nor restored.
    """

    history_links_recorded = models.BooleanField(_("links recorded"), default=True, editable=False)

    class Meta:
        abstract = True


class LinkedHistoricalRecords(HistoricalRecords):
    """simple-history's records, with a unit of work's link changes folded into its revision."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is self.cls:
            _records[sender] = self

    def create_historical_record_m2ms(self, history_instance, instance):
        super().create_historical_record_m2ms(history_instance, instance)
        if getattr(instance, "_revision_unit", False):
            instance._unit_revision = history_instance

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        if not reverse:
            if action in _LINK_ACTIONS and not hasattr(instance, "skip_history_when_saving"):
                self.record_links(instance)
            return
        # Changed from the other side (`expert.publications.add(pub)`): the links of the objects in
        # `pk_set` changed. A clear names them only before it happens.
        accessor = getattr(self.cls, attr).field.remote_field.get_accessor_name()
        if action == "pre_clear":
            cleared = set(getattr(instance, accessor).values_list("pk", flat=True))
            instance.__dict__.setdefault("_links_cleared", {})[attr] = cleared
            return
        if action == "post_clear":
            pk_set = instance.__dict__.get("_links_cleared", {}).pop(attr, set())
        if action in _LINK_ACTIONS:
            for obj in self.cls._default_manager.filter(pk__in=pk_set):
                self.record_links(obj)

    def record_links(self, instance):
        """A new revision with `instance`'s links, or the links refreshed in its unit's revision."""
        revision = getattr(instance, "_unit_revision", None)
        if revision is None:
            self.create_historical_record(instance, "~")
            return
        for field in linked_fields(self.cls):
            self.m2m_models[field].objects.filter(history=revision).delete()
        self.create_historical_record_m2ms(revision, instance)


def tracked_models():
    return [apps.get_model(label) for label in TRACKED_MODELS]


def register_models():
    for label in TRACKED_MODELS:
        model = apps.get_model(label)
        if hasattr(model, "history"):
            continue
        linked = LINKED_FIELDS.get(label, ())
        extra = {"m2m_fields": linked, "bases": [LinksRecorded]} if linked else {}
        register(model, app="backoffice", manager_name="history", records_class=LinkedHistoricalRecords,
                 excluded_fields=_derived_fields(model), **extra)  # fmt: skip


def _derived_fields(model):
    # Renditions are regenerated from the image; storing them again in every revision adds nothing.
    return [field.name for field in model._meta.concrete_fields if field.name.endswith("_renditions")]


def bulk_create_with_revisions(objs, model, *, reason, batch_size=500):
    """`bulk_create(objs)` and the first revision of every new row, as one unit; returns the objects.

    The revisions are those of simple-history's `bulk_create_with_history` (every tracked field, type
    "+", now, `reason`, the request's user through HistoryRequestMiddleware, no signals), but the
    database copies them from the rows just written (INSERT … SELECT), instead of Python building and
    inserting a historical instance per row: for 10,000 imported publications that was a third of the time.
    """
    history = model.history.model
    with transaction.atomic(using=router.db_for_write(model), savepoint=False):
        objs = model._default_manager.bulk_create(objs, batch_size=batch_size)
        _copy_into_history(history, [obj.pk for obj in objs], reason)
    return objs


def _copy_into_history(history, pks, reason):
    connection = connections[router.db_for_write(history)]
    qn, opts = connection.ops.quote_name, history._meta
    source = history.instance_type._meta
    tracked = {field.name: field for field in history.tracked_fields}
    given = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": "+",
        "history_user": history.get_default_history_user(None),
        "history_links_recorded": True,  # models with LINKED_FIELDS: the caller records the links
    }
    targets, selected, params = [], [], []
    for field in opts.concrete_fields:
        if field.name == "history_id":
            continue
        targets.append(qn(field.column))
        if field.name in tracked:
            selected.append(qn(tracked[field.name].column))
        else:  # a KeyError here: a historical field this copy does not know how to fill
            value = given[field.name]
            value = getattr(value, "pk", value)
            selected.append("%s")
            params.append(field.get_db_prep_save(value, connection))
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        sql = (
            f"INSERT INTO {qn(opts.db_table)} ({', '.join(targets)}) SELECT {', '.join(selected)} "
            f"FROM {qn(source.db_table)} WHERE {qn(source.pk.column)} IN ({', '.join(['%s'] * len(chunk))}) "
            f"ORDER BY {qn(source.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *chunk])


def linked_fields(model):
    """The many-to-many fields of `model` whose links its revisions store."""
    records = _records.get(model)
    # simple-history keeps one `m2m_models` for every registered model: pick this model's fields.
    return [field for field in records.m2m_models if field.model is model] if records else []


def link_history_model(model, field):
    """The model storing `field`'s links per revision of `model`."""
    return _records[model].m2m_models[field]


def open_revision(obj):
    """Fold the link changes that follow `obj`'s next save into that save's revision (for this object)."""
    obj._revision_unit = True


@contextmanager
def one_revision(*objects):
    """Saves and link changes of `objects` inside the block make one revision per object."""
    for obj in objects:
        open_revision(obj)
    try:
        yield
    finally:
        for obj in objects:
            obj.__dict__.pop("_revision_unit", None)
            obj.__dict__.pop("_unit_revision", None)


def bulk_record_links(revisions):
    """Store the current links of each revision's object with that revision.

    For links written without `m2m_changed` (a through table's `bulk_create`): the revisions are
    the ones that write made (e.g. by `bulk_create_with_history` or `bulk_history_create`).
    """
    revisions = list(revisions)
    if not revisions:
        return
    model = revisions[0].instance_type
    by_object = {}
    for revision in revisions:
        by_object.setdefault(revision.id, []).append(revision)
    for field in linked_fields(model):
        m2m_model = link_history_model(model, field)
        through = field.remote_field.through
        columns = [f.attname for f in through._meta.concrete_fields]
        source = through._meta.get_field(field.m2m_field_name()).attname
        m2m_model.objects.filter(history__in=revisions).delete()
        rows = through.objects.filter(**{f"{source}__in": list(by_object)}).values(*columns)
        m2m_model.objects.bulk_create(
            [m2m_model(history=revision, **row) for row in rows for revision in by_object[row[source]]],
            batch_size=1000,
        )
