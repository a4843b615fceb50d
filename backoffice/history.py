"""Which content keeps revisions (django-simple-history), registered here so the apps' models stay as they are.

The historical tables live in this app (`app="backoffice"`), with their migrations. Registration runs in
`BackOfficeConfig.ready()`, after modeltranslation has added the per-language fields, so every language
of a translated field is recorded. Saves and deletes are recorded by signals (admin, bulk actions that
save, commands); bulk inserts go through `bulk_create_with_revisions` below.
"""

from django.apps import apps
from django.db import connections, router, transaction
from django.utils import timezone
from simple_history import register

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


def tracked_models():
    return [apps.get_model(label) for label in TRACKED_MODELS]


def register_models():
    for model in tracked_models():
        if not hasattr(model, "history"):
            register(model, app="backoffice", manager_name="history", excluded_fields=_derived_fields(model))


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
