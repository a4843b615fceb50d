"""Who may translate what: translators in their own languages (set on their user), superusers in all.

`TranslatorAdminMixin` applies it to every admin (and inline) of translated content, so the regular
admin and the translators' workspace follow the same rule.
"""

import functools

from django.contrib import messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from .state import target_languages


def languages_of(user):
    """The languages `user` translates into (the queue's languages), in the site's order.

    Read once per user object, i.e. once per request for `request.user` (the admin asks per form,
    per inline and per field set)."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return target_languages()
    if not hasattr(user, "_translation_languages"):
        from .models import TranslatorLanguages

        chosen = TranslatorLanguages.objects.filter(user=user).values_list("languages", flat=True).first() or []
        user._translation_languages = [code for code in target_languages() if code in chosen]
    return list(user._translation_languages)


def may_see_workspace(user):
    return user.is_active and user.is_staff and user.has_perm("translations.view_translationstate")


def queue_languages(user):
    """A translator's queue shows their languages; others who may look (editors) see every language."""
    if user.has_perm("translations.translate_content") and not user.is_superuser:
        return languages_of(user)
    return target_languages()


def may_translate(user, obj, language):
    """Translators edit the translation of content they may change, in their own languages only."""
    if not (user.is_active and user.is_staff and user.has_perm("translations.translate_content")):
        return False
    if language not in languages_of(user):
        return False
    opts = ContentType.objects.get_for_model(obj).model_class()._meta
    return user.has_perm(f"{opts.app_label}.change_{opts.model_name}")


def translates_only(user, model):
    """Whether `user` is a translator for `model`: translates content, may not add it (editors may)."""
    opts = model._meta
    if user.is_superuser or user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
        return False
    return user.has_perm("translations.translate_content")


def fields_closed_to(user, model):
    """The per-language fields a translator may not edit in the admin: the English source and other languages.

    Empty for anyone who may add content (editors, superusers): they edit every language. A translator
    whose languages are not set yet edits none.
    """
    from hospital.i18n import DEFAULT_LANGUAGE, localized

    from .state import translated_fields

    if not translates_only(user, model):
        return []
    own = set(languages_of(user))
    closed = []
    for name in translated_fields(model):
        closed.append(localized(name, DEFAULT_LANGUAGE))
        closed += [localized(name, code) for code in target_languages() if code not in own]
    return closed


@functools.cache
def untranslated_fields(model):
    """The editable fields of `model` that no language has (a native-script name, relations, numbers):
    a translator edits none of them, whatever an admin lists as structural."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        translated = translator.get_options_for_model(model).all_fields  # {"name": {name_en, …}, …}
    except NotRegistered:
        translated = {}
    per_language = {field.name for fields in translated.values() for field in fields}
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and field.editable and not field.auto_created
        and field.name not in translated and field.name not in per_language
    )  # fmt: skip


class TranslatorAdminMixin:
    """For every admin and inline of translated content: translators edit their own languages' text only.

    Without the add permission (translators, physicians), `structural_fields_for_translators` are
    read-only; a translator also gets every field that is not translated, the English source and every
    language not theirs read-only (all of them while no languages are set on their user, with a
    message saying whom to ask).
    """

    structural_fields_for_translators = ()

    def _may_add(self, request, obj):
        if isinstance(self, InlineModelAdmin):
            return self.has_add_permission(request, obj)
        return self.has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self._may_add(request, obj):
            closed = [*self.structural_fields_for_translators, *fields_closed_to(request.user, self.model)]
            if translates_only(request.user, self.model):
                closed += untranslated_fields(self.model)
            readonly += [name for name in closed if name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        # A slug made from a field the user may not edit (or a read-only slug) is not prepopulated.
        fields = super().get_prepopulated_fields(request, obj)
        if obj is None:
            return fields
        readonly = set(self.get_readonly_fields(request, obj))
        return {name: sources for name, sources in fields.items()
                if name not in readonly and not readonly & set(sources)}  # fmt: skip

    def get_changelist_instance(self, request):
        # The changelist's editable columns follow the same rule as the change form.
        changelist = super().get_changelist_instance(request)
        if changelist.list_editable and not self.has_add_permission(request):
            closed = {*self.structural_fields_for_translators, *fields_closed_to(request.user, self.model)}
            changelist.list_editable = tuple(name for name in changelist.list_editable if name not in closed)
        return changelist

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and translates_only(request.user, self.model) and not languages_of(request.user):
            messages.warning(request, _("No translation languages are set for you yet, so you cannot edit any "
                                        "language. Ask an administrator to set your languages."))  # fmt: skip
        return super().change_view(request, object_id, form_url, extra_context)
