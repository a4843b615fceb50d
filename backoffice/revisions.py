"""Revisions of content: which fields they show, what changed between two, and restoring one.

A revision is a django-simple-history record (see backoffice.history). Translated fields are shown
per language ("body (العربية)"); the untranslated original column that modeltranslation keeps is not.
"""

import difflib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator

#: Why a revision was made, when not by a form: stored as a key, described in the reader's language.
REASONS = {
    "import": _("Imported from a publication file"),
    "restore": _("Restored from revision %(revision)s"),
    "translation": _("Translated in the translation view"),
    "translation-import": _("Imported from a translation file"),
}
_LANGUAGE_NAMES = dict(settings.LANGUAGES)
_TOKENS = re.compile(r"<[^>]*>|\s+|[^\s<]+")


@dataclass(frozen=True)
class RevisionField:
    name: str
    attname: str
    label: str
    language: str | None
    field: models.Field


@dataclass(frozen=True)
class FieldChange:
    field: RevisionField
    old: str
    new: str

    @property
    def inline_diff(self):
        """The change as escaped text with <del> and <ins>, word by word (HTML tags count as words)."""
        old, new = _TOKENS.findall(self.old), _TOKENS.findall(self.new)
        parts = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op == "equal":
                parts.append(escape("".join(old[i1:i2])))
                continue
            if i2 > i1:
                parts.append(f"<del>{escape(''.join(old[i1:i2]))}</del>")
            if j2 > j1:
                parts.append(f"<ins>{escape(''.join(new[j1:j2]))}</ins>")
        return mark_safe("".join(parts))


def revision_fields(model):
    """The fields a revision of `model` records and shows, translated ones once per language."""
    try:
        originals = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        originals = set()
    history_fields = {field.name for field in model.history.model._meta.fields}
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in originals or field.name not in history_fields:
            continue
        if isinstance(field, (models.DateTimeField,)) and (field.auto_now or field.auto_now_add):
            continue
        if isinstance(field, TranslationField):
            language = field.language
            label = f"{field.translated_field.verbose_name} ({_LANGUAGE_NAMES.get(language, language)})"
        else:
            language, label = None, str(field.verbose_name)
        fields.append(RevisionField(field.name, field.attname, label, language, field))
    return fields


def display_value(field, value):
    """A stored value as an editor reads it: choice labels, related objects' names."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            return str(field.related_model._base_manager.get(pk=value))
        except ObjectDoesNotExist:
            return _("(deleted: %(id)s)") % {"id": value}
    if isinstance(field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    return str(value)


def _value(obj, field):
    # An empty translation is stored as NULL or "" depending on who wrote it; both mean "none".
    value = getattr(obj, field.attname) if obj is not None else None
    return "" if value is None else value


def changed_fields(older, newer, fields):
    """The fields whose stored value differs between two revisions (`older` None: the first one)."""
    return [field for field in fields if _value(older, field) != _value(newer, field)]


def diff(older, newer):
    """Field-by-field changes from revision `older` to revision `newer` (translated fields per language)."""
    fields = revision_fields(newer.instance_type)
    return [
        FieldChange(
            field,
            display_value(field.field, getattr(older, field.attname) if older is not None else None),
            display_value(field.field, getattr(newer, field.attname)),
        )  # fmt: skip
        for field in changed_fields(older, newer, fields)
    ]


def describe_reason(reason):
    if not reason:
        return ""
    key, _sep, argument = reason.partition(":")
    if key in REASONS:
        return REASONS[key] % {"revision": argument}
    return reason


@dataclass
class RestorePlan:
    """What restoring `revision` onto `obj` would change, and what it leaves as it is."""

    obj: models.Model
    revision: models.Model
    changes: list
    kept: list  # fields the user may not set (e.g. the publish state without the publish permission)


def plan_restore(revision, obj, editable_names):
    """Restore only the fields `editable_names` (the user's admin form) allows; the rest stays as it is now."""
    changes, kept = [], []
    for field in revision_fields(type(obj)):
        if _value(obj, field) == _value(revision, field):
            continue
        change = FieldChange(field, display_value(field.field, getattr(obj, field.attname)),
                             display_value(field.field, getattr(revision, field.attname)))  # fmt: skip
        (changes if field.name in editable_names else kept).append(change)
    return RestorePlan(obj, revision, changes, kept)


def restore(plan):
    """Carry out `plan`: the restored object is validated and saved with a revision saying so.

    Raises ValidationError (nothing stored) when the old values no longer fit, e.g. a related
    object has been deleted since or a slug is taken.
    """
    obj, revision = plan.obj, plan.revision
    for change in plan.changes:
        field = change.field
        value = getattr(revision, field.attname)
        if field.field.is_relation and value is not None:
            if not field.field.related_model._base_manager.filter(pk=value).exists():
                raise ValidationError(
                    _("%(field)s of this revision no longer exists; choose it again by hand.") % {"field": field.label}
                )
        setattr(obj, field.attname, value)
    obj.full_clean()
    obj._change_reason = f"restore:{revision.history_id}"
    with transaction.atomic():
        obj.save()
    return obj
