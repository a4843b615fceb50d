"""Template tags for what templates cannot say simply: language links, fallbacks, pictures."""

from django import template
from django.conf import settings

from hospital.i18n import alternate_links, bcp47, field_in_language, inline_text, lang_attribute, open_graph_locale
from hospital.images import Picture

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to this content in every language: the page's object if it has one, else the path."""
    request = context.get("request")
    if request is None:
        return []
    obj = context.get("i18n_object", context.get("object"))
    return alternate_links(request, obj)


register.filter("bcp47", bcp47)
register.filter("lang_attr", lang_attribute)
register.filter("og_locale", open_graph_locale)


@register.simple_tag
def translated(obj, field):
    """`{% translated obj "title" as title %}`: value plus `.language` and `.is_fallback`."""
    return field_in_language(obj, field)


@register.simple_tag
def text(obj, field):
    """`{% text obj "name" %}`: the value for the visitor, in a `<span lang>` when it is English fallback.

    For inline values (names, taxonomy terms, addresses); blocks put `lang` on their own element
    with `translated`.
    """
    return inline_text(obj, field)


@register.simple_tag
def translated_html(obj, field):
    """Like `translated`, for rich text fields (sanitised when saved)."""
    return field_in_language(obj, field, html=True)


@register.inclusion_tag("includes/_picture.html")
def picture(renditions, alt="", sizes="100vw", css_class="", eager=False):
    pic = renditions if isinstance(renditions, Picture) else Picture(renditions)
    return {"pic": pic, "alt": alt, "sizes": sizes, "css_class": css_class, "eager": eager}


@register.simple_tag
def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)
