"""Keeping each translated field's state (missing / current / outdated) per language.

The English text of a field is the source. Its fingerprint (`fingerprint()`) is stored when a
translation is saved; when the English text later has another fingerprint while the translation
is unchanged, the translation is outdated. Every write path ends in `sync_objects()`: post_save
(admin, actions that save, commands, the demo) through `translations.signals`, and bulk paths
(`update()`, `bulk_create()`) by calling `sync_objects()` / `sync_queryset()` themselves.
"""

import hashlib
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from modeltranslation.translator import NotRegistered, translator

from hospital.i18n import DEFAULT_LANGUAGE, localized
from hospital.richtext import RichTextField, sanitize_html

from .models import Status, TranslationState

#: Translated fields that are derived from others (slugs from titles, paths from slugs): not translated by hand.
DERIVED_FIELDS = {"slug", "url_path"}


def target_languages():
    return [code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE]


def tracked_models():
    return sorted(
        (m for m in translator.get_registered_models(abstract=False) if translated_fields(m)),
        key=lambda m: m._meta.label,
    )


@cache
def translated_fields(model):
    """The fields of `model` a translator translates, in declaration order."""
    try:
        fields = translator.get_options_for_model(model).fields
    except NotRegistered:
        return ()
    return tuple(name for name in fields if name not in DERIVED_FIELDS)


def is_rich_text(model, field):
    return isinstance(model._meta.get_field(localized(field, DEFAULT_LANGUAGE)), RichTextField)


def value_of(obj, field, language):
    """The stored text of `field` in `language`, as the database holds it (rich text sanitised)."""
    value = getattr(obj, localized(field, language), None) or ""
    if value and is_rich_text(type(obj), field):
        value = sanitize_html(value)
    return str(value).strip()


def fingerprint(text):
    """The source fingerprint of a text (segments of exchange files carry it too)."""
    return hashlib.sha256((text or "").strip().encode()).hexdigest()


def _wanted(state, english, target, now):
    """The new values for one state, or None when it should not exist, or {} when unchanged."""
    if not english:
        return None
    source_hash = fingerprint(english)
    if not target:
        if state and state.status == Status.MISSING and state.source_hash == source_hash:
            return {}
        return {"status": Status.MISSING, "source_hash": source_hash, "source_text": "", "target_hash": "",
                "translated_at": None, "source_changed_at": _changed_at(state, source_hash, now)}  # fmt: skip
    target_hash = fingerprint(target)
    if state is None or state.status == Status.MISSING or state.target_hash != target_hash:
        # A translation was (re)written: it is made from today's English.
        return {"status": Status.CURRENT, "source_hash": source_hash, "source_text": english,
                "target_hash": target_hash, "translated_at": now,
                "source_changed_at": _changed_at(state, source_hash, now)}  # fmt: skip
    if state.source_hash != source_hash and state.status != Status.OUTDATED:
        # The English changed under an unchanged translation; keep what it was made from for the diff.
        return {"status": Status.OUTDATED, "source_changed_at": now}
    return {}


def _changed_at(state, source_hash, now):
    # When the English last changed, as far as this state knows.
    if state is not None and (state.source_hash == source_hash or state.status == Status.OUTDATED):
        return state.source_changed_at
    return now


UPDATABLE = ["status", "source_hash", "source_text", "target_hash", "translated_at", "source_changed_at"]


@transaction.atomic(savepoint=False)
def sync_objects(objects, *, mark_current=()):
    """Bring the translation states of `objects` (instances of one or more models) up to date.

    `mark_current` is a set of (field, language) that the caller confirms as translated from
    today's English (the translation view: a translator saw the source and saved the field).
    """
    by_model = {}
    for obj in objects:
        if obj.pk is not None and translated_fields(type(obj)):
            by_model.setdefault(type(obj), []).append(obj)
    now = timezone.now()
    for model, items in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        existing = {
            (s.object_id, s.field, s.language): s
            for s in TranslationState.objects.filter(content_type=content_type, object_id__in=[o.pk for o in items])
        }
        create, update, delete = [], [], []
        for obj in items:
            for field in translated_fields(model):
                english = value_of(obj, field, DEFAULT_LANGUAGE)
                for language in target_languages():
                    state = existing.get((obj.pk, field, language))
                    target = value_of(obj, field, language)
                    wanted = _wanted(state, english, target, now)
                    if wanted is None:
                        if state is not None:
                            delete.append(state.pk)
                        continue
                    if (field, language) in mark_current and target:
                        wanted = {"status": Status.CURRENT, "source_hash": fingerprint(english),
                                  "source_text": english, "target_hash": fingerprint(target), "translated_at": now,
                                  "source_changed_at": state.source_changed_at if state else now}  # fmt: skip
                    if state is None:
                        create.append(TranslationState(content_type=content_type, object_id=obj.pk, field=field,
                                                       language=language, **wanted))  # fmt: skip
                    elif wanted:
                        for name, value in wanted.items():
                            setattr(state, name, value)
                        update.append(state)
        if delete:
            TranslationState.objects.filter(pk__in=delete).delete()
        if create:
            TranslationState.objects.bulk_create(create, batch_size=500)
        if update:
            TranslationState.objects.bulk_update(update, UPDATABLE, batch_size=500)


def sync_object(obj, **kwargs):
    sync_objects([obj], **kwargs)


def sync_queryset(queryset):
    """For bulk writes that send no post_save (`update()`, `bulk_update()`): call this afterwards."""
    for start in range(0, queryset.count(), 500):
        sync_objects(list(queryset.order_by("pk")[start : start + 500]))


def forget_object(obj):
    TranslationState.objects.for_object(obj).delete()


def states_of(obj, language):
    """`{field: TranslationState}` of `obj` in `language`."""
    return {s.field: s for s in TranslationState.objects.for_object(obj).filter(language=language)}


def outdated_since(obj, language):
    """When the English of `obj` changed under its translation into `language`, or None if it did not."""
    if language == DEFAULT_LANGUAGE or obj is None or not translated_fields(type(obj)):
        return None
    return (
        TranslationState.objects.for_object(obj)
        .filter(language=language, status=Status.OUTDATED)
        .order_by("-source_changed_at")
        .values_list("source_changed_at", flat=True)
        .first()
    )
