"""Language plumbing shared by every app: translated slugs, the switcher's links and fallbacks."""

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import get_language, override
from modeltranslation.utils import build_localized_fieldname

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def localized(field, language=None):
    """`slug` -> `slug_zh_hans` for the given (or active) language."""
    return build_localized_fieldname(field, language or get_language() or DEFAULT_LANGUAGE)


def slug_q(slug, field="slug"):
    """Match `slug` in the active language, or the default language's slug where none is set."""
    language = get_language() or DEFAULT_LANGUAGE
    own = localized(field, language)
    if language == DEFAULT_LANGUAGE:
        return Q(**{own: slug})
    default = localized(field, DEFAULT_LANGUAGE)
    return Q(**{own: slug}) | (Q(**{default: slug}) & (Q(**{own: ""}) | Q(**{f"{own}__isnull": True})))


def current_slug(obj, field="slug"):
    """The slug of `obj` in the active language, else the default language's one."""
    return getattr(obj, localized(field)) or getattr(obj, localized(field, DEFAULT_LANGUAGE))


def fill_translated_slugs(instance, source="title", field="slug", max_length=None):
    """Give every language that has a `source` text but no slug one made from that text."""
    max_length = max_length or instance._meta.get_field(localized(field, DEFAULT_LANGUAGE)).max_length
    for code in language_codes():
        slug_name = localized(field, code)
        if getattr(instance, slug_name, None):
            continue
        text = getattr(instance, localized(source, code), None)
        if text:
            setattr(instance, slug_name, slugify(text, allow_unicode=True)[:max_length].strip("-") or None)


class TranslatedText(str):
    """A plain string that knows which language it is in and whether it is a fallback."""

    language = DEFAULT_LANGUAGE
    is_fallback = False


class TranslatedHTML(SafeString):
    """Sanitised rich text (see hospital.richtext) that knows its language."""

    language = DEFAULT_LANGUAGE
    is_fallback = False


def bcp47(code):
    """Django's language code as an HTML `lang`/`hreflang` value: zh-hans -> zh-Hans."""
    parts = code.split("-")
    if len(parts) == 2 and len(parts[1]) == 4:
        return f"{parts[0]}-{parts[1].title()}"
    return code


def lang_attribute(value):
    """` lang="…"` for a value shown in another language than the page's, else "".

    `value` knows its `language`: a fallback (`field_in_language()`), a name in its native script
    (`text_in()`), a search result. Used in templates as `<h1{{ title|lang_attr }}>`.
    """
    language = getattr(value, "language", None)
    if not value or not language or bcp47(language) == bcp47(get_language() or DEFAULT_LANGUAGE):
        return ""
    return format_html(' lang="{}"', bcp47(language))


def inline_text(obj, field):
    """`obj.field` for the visitor as inline HTML: fallback text in a `<span lang>` (names, terms)."""
    value = field_in_language(obj, field)
    if lang := lang_attribute(value):
        return format_html("<span{}>{}</span>", lang, value)
    return value


def text_in(value, language):
    """`value` as a `TranslatedText` in `language` (a BCP 47 code), e.g. a name in its native script."""
    result = TranslatedText(value or "")
    result.language = language
    return result


def field_in_language(obj, field, language=None, html=False):
    """The value of `obj.field` for the visitor, with the language it is really in."""
    language = language or get_language() or DEFAULT_LANGUAGE
    value = getattr(obj, localized(field, language), None)
    shown_in = language
    if not value and language != DEFAULT_LANGUAGE:
        value = getattr(obj, localized(field, DEFAULT_LANGUAGE), None)
        shown_in = DEFAULT_LANGUAGE
    result = (TranslatedHTML if html else TranslatedText)(value or "")
    result.language = shown_in
    result.is_fallback = bool(value) and shown_in != language
    return result


# Open Graph locales where they are not the language code itself.
OPEN_GRAPH_LOCALES = {"zh-hans": "zh_CN"}


def open_graph_locale(code):
    """The `og:locale` of a site language: zh-hans -> zh_CN; the others as they are."""
    return OPEN_GRAPH_LOCALES.get(code, code)


def object_url(obj, language):
    with override(language):
        return obj.get_absolute_url()


def same_page_in(request, language):
    """This request's address in `language`: Django's translate_url() without resolving the path
    again (the request was resolved once already; a page shows eight of these)."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return translate_url(request.get_full_path(), language)
    with override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.get_full_path()
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


def alternate_links(request, obj=None):
    """One link per language to the same content: the object's own URL, else the same path."""
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if obj is not None and hasattr(obj, "get_absolute_url"):
            url = object_url(obj, code)
        else:
            url = same_page_in(request, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current,
                      "default": code == DEFAULT_LANGUAGE, "bidi": code in settings.LANGUAGES_BIDI})  # fmt: skip
    return links


def __getattr__(name):
    # The slug queryset lives with the rest of the content kernel; this name stays importable.
    if name == "TranslatedSlugQuerySet":
        from .content import TranslatedSlugQuerySet

        return TranslatedSlugQuerySet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
