"""Template tags of the translation workflow: the public outdated notice and small admin filters."""

from django import template
from django.utils.translation import get_language

from hospital.i18n import DEFAULT_LANGUAGE, bcp47, object_url

from ..state import outdated_since

register = template.Library()


@register.inclusion_tag("translations/includes/_outdated_notice.html")
def outdated_notice(obj):
    """'The English version of this page was updated on …' when `obj`'s translation is older than its English."""
    language = get_language() or DEFAULT_LANGUAGE
    since = outdated_since(obj, language)
    if since is None:
        return {"since": None}
    return {"since": since, "lang": bcp47(language), "english_url": object_url(obj, DEFAULT_LANGUAGE)}


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)


@register.filter
def verbose_name(model):
    return model._meta.verbose_name if model else ""


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural if model else ""
