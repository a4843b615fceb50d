"""Template tags for what templates cannot say simply: language links, fallbacks, pictures."""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def alternate_links_head(context, links):
    """The `<head>`'s `<link rel="alternate">` per language, x-default and canonical, as absolute
    addresses. Written here: three links of eight languages, on every page."""
    request = context.get("request")
    if request is None or not links:
        return ""
    origin = f"{request.scheme}://{request.get_host()}"
    out = []
    for link in links:
        address = origin + link["url"]
        out.append(format_html('\n<link rel="alternate" hreflang="{}" href="{}">', bcp47(link["code"]), address))
        if link["default"]:
            out.append(format_html('\n<link rel="alternate" hreflang="x-default" href="{}">', address))
        if link["current"]:
            out.append(format_html('\n<link rel="canonical" href="{}">', address))
    return mark_safe("".join(out))


_RTL = mark_safe(' dir="rtl"')
_CURRENT = mark_safe(' aria-current="true" class="fw-bold"')


@register.simple_tag
def language_switcher_items(links):
    """The language switcher's `<li>`s: each language's name in itself, marked with its language."""
    return format_html_join(
        "\n",
        '    <li class="list-inline-item"><a href="{}" hreflang="{}" lang="{}"{}{}>{}</a></li>',
        (
            (link["url"], bcp47(link["code"]), bcp47(link["code"]), _RTL if link["bidi"] else "",
             _CURRENT if link["current"] else "", link["name"])
            for link in links
        ),
    )  # fmt: skip


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


@register.simple_tag
def picture(renditions, alt="", sizes="100vw", css_class="", eager=False):
    """`<picture>` with WebP and JPEG `srcset`, width and height; lazy unless `eager`.

    Written here, not by an inclusion tag: lists (directory cards, news cards) show one per item."""
    pic = renditions if isinstance(renditions, Picture) else Picture(renditions)
    if not pic:
        return "\n"
    return format_html(
        '<picture>\n  <source type="image/webp" srcset="{}" sizes="{}">\n'
        '  <img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>\n</picture>\n',
        pic.srcset_webp, sizes, pic.src, pic.srcset_jpeg, sizes, pic.width, pic.height, alt,
        format_html(' class="{}"', css_class) if css_class else "",
        "" if eager else mark_safe(' loading="lazy" decoding="async"'),
    )  # fmt: skip


@register.simple_tag
def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


@register.filter(expects_localtime=True)
def machine_datetime(value):
    """`<time datetime="{{ value|machine_datetime }}">`: ISO 8601 to the second.

    The `date:'c'` format keeps microseconds (`…40.344565+08:00`), which HTML's valid
    date-and-time strings do not allow. Dates without a time stay dates.
    """
    if not value:
        return ""
    if hasattr(value, "hour"):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
