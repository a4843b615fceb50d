"""What the translators' workspace lists: the queue (objects with work, newest first) and the overview counts."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q

from .models import Status, TranslationState
from .state import tracked_models


@dataclass(frozen=True)
class QueueRow:
    obj: object
    content_type: ContentType
    language: str
    missing: int
    outdated: int
    changed: datetime


def queue_rows(languages, content_type=None, status=None):
    """Objects × languages with missing or outdated fields, most recent English change first (a values queryset)."""
    states = TranslationState.objects.to_do().in_languages(languages)
    if content_type is not None:
        states = states.filter(content_type=content_type)
    if status in (Status.MISSING, Status.OUTDATED):
        states = states.filter(status=status)
    return (
        states.values("content_type", "object_id", "language")
        .annotate(
            missing=Count("pk", filter=Q(status=Status.MISSING)),
            outdated=Count("pk", filter=Q(status=Status.OUTDATED)),
            changed=Max("source_changed_at"),
        )
        .order_by("-changed", "content_type", "-object_id", "language")
    )


def resolve_rows(rows):
    """The objects of one page of `queue_rows()`: one query per content type on the page."""
    ids = {}
    for row in rows:
        ids.setdefault(row["content_type"], set()).add(row["object_id"])
    objects = {}
    for content_type_id, pks in ids.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        for obj in content_type.model_class()._default_manager.filter(pk__in=pks):
            objects[(content_type_id, obj.pk)] = (content_type, obj)
    result = []
    for row in rows:
        found = objects.get((row["content_type"], row["object_id"]))
        if found:
            result.append(
                QueueRow(found[1], found[0], row["language"], row["missing"], row["outdated"], row["changed"])
            )
    return result


def overview(languages):
    """`[(content_type, [(language, missing objects, outdated objects), ...]), ...]` for every translated model."""
    counts = {
        (row["content_type"], row["language"], row["status"]): row["n"]
        for row in TranslationState.objects.to_do()
        .in_languages(languages)
        .values("content_type", "language", "status")
        .annotate(n=Count("object_id", distinct=True))
        .order_by()
    }
    table = []
    for model in tracked_models():
        content_type = ContentType.objects.get_for_model(model)
        cells = [(code, counts.get((content_type.pk, code, Status.MISSING), 0),
                  counts.get((content_type.pk, code, Status.OUTDATED), 0)) for code in languages]  # fmt: skip
        table.append((content_type, cells))
    return table
