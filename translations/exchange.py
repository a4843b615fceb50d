"""Export what is missing or outdated in one language, and import the agency's file back.

One path for the admin and the tests: `export_segments()` → `formats.write_*`; an upload goes
through `plan_import()` (nothing written: what would apply, what is stale, unknown or malformed,
each with its position) and `apply_plan()` after the user confirms, which checks the sources
again, saves each object once (a recorded revision) and marks the applied fields current.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hospital.i18n import DEFAULT_LANGUAGE, localized
from hospital.richtext import sanitize_html

from . import formats
from .models import TranslationState
from .state import fingerprint, is_rich_text, sync_object, translated_fields, value_of

PLACEHOLDERS = re.compile(r"%\([A-Za-z0-9_]+\)[sd]|%[sd]|\{[A-Za-z0-9_]*\}")


def segment_key(obj, field_name):
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{obj.pk}.{field_name}"


def export_segments(language, states=None):
    """Segments for every missing or outdated field in `language` (or only those of `states`)."""
    if states is None:
        states = TranslationState.objects.to_do().filter(language=language)
    states = states.select_related("content_type").order_by("content_type", "object_id", "pk")
    objects = _objects({(s.content_type, s.object_id) for s in states})
    segments = []
    for state in states:
        obj = objects.get((state.content_type_id, state.object_id))
        if obj is None or state.field not in translated_fields(type(obj)):
            continue
        english = value_of(obj, state.field, DEFAULT_LANGUAGE)
        segments.append(formats.Segment(
            key=segment_key(obj, state.field), source=english, target=value_of(obj, state.field, language),
            fingerprint=fingerprint(english), note=f"{obj._meta.verbose_name}: {obj} — {state.field} ({state.status})",
        ))  # fmt: skip
    return segments


def _objects(pairs):
    by_type = {}
    for content_type, object_id in pairs:
        by_type.setdefault(content_type, set()).add(object_id)
    found = {}
    for content_type, ids in by_type.items():
        model = content_type.model_class()
        if model is not None:
            for obj in model._default_manager.filter(pk__in=ids):
                found[(content_type.pk, obj.pk)] = obj
    return found


APPLY, UNCHANGED, STALE, UNKNOWN, INVALID = "apply", "unchanged", "stale", "unknown", "invalid"
OUTCOMES = {
    APPLY: _("will be applied"),
    UNCHANGED: _("unchanged, skipped"),
    STALE: _("stale: the English source changed since the export; not applied"),
    UNKNOWN: _("unknown segment; not applied"),
    INVALID: _("invalid; not applied"),
}


@dataclass
class SegmentResult:
    segment: formats.Segment
    outcome: str
    message: str = ""
    obj: object = None
    field: str = ""
    target: str = ""
    current: str = ""

    @property
    def outcome_label(self):
        return OUTCOMES[self.outcome]


@dataclass
class ImportPlan:
    language: str
    results: list = field(default_factory=list)

    def with_outcome(self, outcome):
        return [r for r in self.results if r.outcome == outcome]

    @property
    def to_apply(self):
        return self.with_outcome(APPLY)

    @property
    def counts(self):
        return {outcome: len(self.with_outcome(outcome)) for outcome in OUTCOMES}


def plan_import(content, filename, language):
    """What importing `content` would do. Raises formats.ExchangeFormatError for an unreadable file."""
    kind = formats.detect_format(filename, content)
    segments = formats.FORMATS[kind]["read"](content, language)
    if not segments:
        raise formats.ExchangeFormatError(_("The file contains no segments."))
    plan = ImportPlan(language=language)
    seen = set()
    for segment in segments:
        plan.results.append(_plan_segment(segment, language, seen))
    return plan


def _resolve(key):
    parts = key.split(".")
    if len(parts) != 4 or not parts[2].isdigit():
        return None, None
    app_label, model_name, pk, field_name = parts
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None, None
    if field_name not in translated_fields(model):
        return None, None
    return model._default_manager.filter(pk=int(pk)).first(), field_name


def _plan_segment(segment, language, seen):
    obj, field_name = _resolve(segment.key)
    if obj is None:
        return SegmentResult(segment, UNKNOWN, _("No translatable field “%(key)s”.") % {"key": segment.key})
    if segment.key in seen:
        return SegmentResult(segment, INVALID, _("This segment appears twice in the file."))
    seen.add(segment.key)
    english = value_of(obj, field_name, DEFAULT_LANGUAGE)
    current = value_of(obj, field_name, language)
    result = SegmentResult(segment, APPLY, obj=obj, field=field_name, current=current)
    sent = segment.fingerprint or fingerprint(segment.source)
    if sent != fingerprint(english):
        result.outcome, result.message = STALE, _("The English text was changed after this file was exported.")
        return result
    target = segment.target.strip()
    if not target:
        result.outcome, result.message = UNCHANGED, _("No translation in the file.")
        return result
    missing = sorted(set(PLACEHOLDERS.findall(english)) - set(PLACEHOLDERS.findall(target)))
    if missing:
        result.outcome = INVALID
        result.message = _("Placeholders of the source are missing: %(names)s") % {"names": ", ".join(missing)}
        return result
    if is_rich_text(type(obj), field_name):
        target = sanitize_html(target).strip()
    model_field = obj._meta.get_field(localized(field_name, language))
    try:
        model_field.clean(target, obj)
    except ValidationError as error:
        result.outcome, result.message = INVALID, " ".join(error.messages)
        return result
    result.target = target
    if target == current:
        result.outcome, result.message = UNCHANGED, _("The translation is already this text.")
    return result


@transaction.atomic
def apply_plan(plan, user=None):
    """Write the segments `plan` may apply: one revision per object; returns how many fields were written."""
    by_object = {}
    for result in plan.to_apply:
        by_object.setdefault((type(result.obj), result.obj.pk), []).append(result)
    written = 0
    for (model, pk), results in by_object.items():
        obj = model._default_manager.select_for_update().get(pk=pk)
        applied = set()
        for result in results:
            # The source may have changed between preview and confirmation.
            if fingerprint(value_of(obj, result.field, DEFAULT_LANGUAGE)) != (
                result.segment.fingerprint or fingerprint(result.segment.source)
            ):
                result.outcome = STALE
                continue
            setattr(obj, localized(result.field, plan.language), result.target)
            applied.add((result.field, plan.language))
        if applied:
            obj._change_reason = "translation-import"
            if user is not None:
                obj._history_user = user
            obj.save()
            sync_object(obj, mark_current=applied)
            written += len(applied)
    return written


def content_type_choices():
    from .state import tracked_models

    return [(ContentType.objects.get_for_model(m).pk, m._meta.verbose_name_plural) for m in tracked_models()]
