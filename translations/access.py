"""Who may translate what: translators in their own languages (set on their user), superusers in all."""

from django.contrib.contenttypes.models import ContentType

from .state import target_languages


def languages_of(user):
    """The languages `user` translates into (the queue's languages), in the site's order."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return target_languages()
    from .models import TranslatorLanguages

    chosen = TranslatorLanguages.objects.filter(user=user).values_list("languages", flat=True).first() or []
    return [code for code in target_languages() if code in chosen]


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


def fields_closed_to(user, model):
    """The per-language fields a translator may not edit in the admin: the English source and other languages.

    Empty for anyone who may add content (editors, superusers): they edit every language; also empty
    for a translator whose languages are not set yet (the translators' workspace then offers none).
    """
    from hospital.i18n import DEFAULT_LANGUAGE, localized

    from .state import translated_fields

    opts = model._meta
    if user.is_superuser or user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
        return []
    if not user.has_perm("translations.translate_content"):
        return []
    own = set(languages_of(user))
    if not own:
        # No languages set on this translator yet: the admin's earlier rule (text, not structure) applies.
        return []
    closed = []
    for name in translated_fields(model):
        closed.append(localized(name, DEFAULT_LANGUAGE))
        closed += [localized(name, code) for code in target_languages() if code not in own]
    return closed
