"""Revisions of content: which fields they show, what changed between two, and restoring one.

A revision is a django-simple-history record (see backoffice.history). Translated fields are shown
per language ("body (العربية)"); the untranslated original column that modeltranslation keeps is not.
"""

import difflib
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator

from hospital.content import TranslatedContent

from .history import link_history_model, linked_fields, one_revision

#: Why a revision was made, when not by a form: stored as a key, described in the reader's language.
REASONS = {
    "import": _("Imported from a publication file"),
    "restore": _("Restored from revision %(revision)s"),
    "restore-deleted": _("Restored after it was deleted (revision %(revision)s)"),
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


@dataclass(frozen=True)
class LinkField:
    """A many-to-many field whose links each revision stores (tags, related experts…)."""

    name: str
    label: str
    field: models.ManyToManyField
    language = None


@dataclass(frozen=True)
class LinkChange:
    field: LinkField
    added: tuple
    removed: tuple

    @property
    def inline_diff(self):
        """ "added <ins>X</ins>; removed <del>Y</del>" (escaped names)."""
        parts = []
        if self.added:
            names = format_html_join(", ", "<ins>{}</ins>", ((name,) for name in self.added))
            parts.append(format_html("{} {}", _("added"), names))
        if self.removed:
            names = format_html_join(", ", "<del>{}</del>", ((name,) for name in self.removed))
            parts.append(format_html("{} {}", _("removed"), names))
        return format_html_join("; ", "{}", ((part,) for part in parts))


def link_fields(model):
    """The many-to-many fields of `model` that its revisions record (see backoffice.history.LINKED_FIELDS)."""
    return [LinkField(field.name, str(field.verbose_name), field) for field in linked_fields(model)]


def revision_links(revisions):
    """`{history_id: {field name: frozenset of linked pks}}` for those of `revisions` that record links.

    One query per many-to-many field. A revision made before links were recorded is left out: its
    links are unknown, not empty.
    """
    known = [r for r in revisions if r is not None and getattr(r, "history_links_recorded", False)]
    if not known:
        return {}
    model = known[0].instance_type
    found = {revision.history_id: {} for revision in known}
    for field in linked_fields(model):
        m2m_model = link_history_model(model, field)
        target = m2m_model._meta.get_field(field.m2m_reverse_field_name()).attname
        pairs = m2m_model.objects.filter(history_id__in=list(found)).values_list("history_id", target)
        grouped = {history_id: set() for history_id in found}
        for history_id, pk in pairs:
            grouped[history_id].add(pk)
        for history_id, pks in grouped.items():
            found[history_id][field.name] = frozenset(pks)
    return found


def changed_links(model, older, newer):
    """The link fields that differ between two revisions' links (`older` {} for the first revision; None: unknown)."""
    if older is None or newer is None:
        return []
    return [f for f in link_fields(model) if older.get(f.name, frozenset()) != newer.get(f.name, frozenset())]


def _names(field, pks):
    related = field.field.related_model
    names = {obj.pk: str(obj) for obj in related._base_manager.filter(pk__in=pks)}
    return tuple(sorted(names.get(pk, _("(deleted: %(id)s)") % {"id": pk}) for pk in pks))


def link_change(field, old, new):
    return LinkChange(field, _names(field, new - old), _names(field, old - new))


def link_diff(model, older, newer):
    return [link_change(f, older.get(f.name, frozenset()), newer.get(f.name, frozenset()))
            for f in changed_links(model, older, newer)]  # fmt: skip


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
    model = newer.instance_type
    fields = revision_fields(model)
    changes = [
        FieldChange(
            field,
            display_value(field.field, getattr(older, field.attname) if older is not None else None),
            display_value(field.field, getattr(newer, field.attname)),
        )  # fmt: skip
        for field in changed_fields(older, newer, fields)
    ]
    links = revision_links([older, newer])
    old_links = links.get(older.history_id) if older is not None else {}
    return changes + link_diff(model, old_links, links.get(newer.history_id))


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
    links: dict = dataclass_field(default_factory=dict)  # field name -> the pks to link again
    gone: list = dataclass_field(default_factory=list)  # LinkChange of links whose objects were deleted since


def _restorable_links(field, pks):
    """The pks of `pks` whose objects still exist, and a LinkChange naming those that do not."""
    existing = set(field.field.related_model._base_manager.filter(pk__in=pks).values_list("pk", flat=True))
    return existing, (LinkChange(field, (), _names(field, pks - existing)) if pks - existing else None)


def plan_restore(revision, obj, editable_names):
    """Restore only the fields `editable_names` (the user's admin form) allows; the rest stays as it is now."""
    plan = RestorePlan(obj, revision, [], [])
    for field in revision_fields(type(obj)):
        if _value(obj, field) == _value(revision, field):
            continue
        change = FieldChange(field, display_value(field.field, getattr(obj, field.attname)),
                             display_value(field.field, getattr(revision, field.attname)))  # fmt: skip
        (plan.changes if field.name in editable_names else plan.kept).append(change)
    recorded = revision_links([revision]).get(revision.history_id)
    if recorded is not None:
        for field in link_fields(type(obj)):
            wanted, gone = _restorable_links(field, recorded.get(field.name, frozenset()))
            current = set(getattr(obj, field.name).values_list("pk", flat=True))
            if gone:
                plan.gone.append(gone)
            if wanted == current:
                continue
            if field.name in editable_names:
                plan.links[field.name] = wanted
                plan.changes.append(link_change(field, current, wanted))
            else:
                plan.kept.append(link_change(field, current, wanted))
    return plan


def restore(plan):
    """Carry out `plan`: the restored object is validated and saved with a revision saying so.

    Raises ValidationError (nothing stored) when the old values no longer fit, e.g. a related
    object has been deleted since or a slug is taken. Links to objects deleted since are left out.
    """
    obj, revision = plan.obj, plan.revision
    for change in plan.changes:
        if isinstance(change, LinkChange):
            continue
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
    with transaction.atomic(), one_revision(obj):
        obj.save()
        for name, pks in plan.links.items():
            getattr(obj, name).set(pks)
    return obj


# --- deleted objects ----------------------------------------------------------------------------


def deleted_revisions(model):
    """The deletion revision of each object of `model` that is gone now, newest first."""
    history = model.history
    still_there = model._base_manager.filter(pk=OuterRef("id"))
    later = history.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date"))
    return (
        history.filter(history_type="-")
        .exclude(Exists(still_there))
        .exclude(Exists(later))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


@dataclass
class DeletedRestore:
    """Bringing back a deleted object from its deletion revision: the object, its links, renamed slugs."""

    record: models.Model
    obj: models.Model
    links: dict
    gone: list
    renamed: list  # (slug field's label, slug it had, slug it gets)


def plan_deleted_restore(record):
    """The object as it was deleted (every language), with the links of its last revision before that."""
    model = record.instance_type
    obj = record.instance
    obj._state.adding = True
    plan = DeletedRestore(record, obj, {}, [], [])
    last = (model.history.filter(id=record.id, history_date__lte=record.history_date).exclude(history_type="-")
            .order_by("-history_date", "-history_id").first())  # fmt: skip
    recorded = revision_links([last]).get(last.history_id) if last is not None else None
    for field in link_fields(model) if recorded is not None else ():
        wanted, gone = _restorable_links(field, recorded.get(field.name, frozenset()))
        plan.links[field.name] = wanted
        if gone:
            plan.gone.append(gone)
    if isinstance(obj, TranslatedContent) and obj.unique_slugs:
        # A slug another item took since gets "-2": the restored item has an address of its own.
        labels = {f.name: f.label for f in revision_fields(model)}
        before = dict(obj._slugs())
        obj.make_slugs_unique()
        plan.renamed = [(labels.get(name, name), slug, getattr(obj, name)) for name, slug in before.items()
                        if getattr(obj, name) != slug]  # fmt: skip
    return plan


def restore_deleted(plan):
    """Create the object again under its old id with a revision saying so; ValidationError when it no longer fits."""
    obj = plan.obj
    obj.full_clean()
    obj._change_reason = f"restore-deleted:{plan.record.history_id}"
    with transaction.atomic(), one_revision(obj):
        obj.save(force_insert=True)
        for name, pks in plan.links.items():
            getattr(obj, name).set(pks)
    return obj
