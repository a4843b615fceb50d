"""Rich text: the one sanitiser for editor-supplied HTML, applied when content is saved."""

import nh3
from django.db import models

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _drop_empty_titles(tag, attribute, value):
    # The editor's link dialog leaves title="" when no title is given.
    return None if attribute == "title" and not value.strip() else value


def sanitize_html(html):
    """Return `html` with only the tags, attributes and URL schemes an article needs."""
    if not html:
        return html
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_drop_empty_titles,
    )


class RichTextField(models.TextField):
    """A text field holding HTML that is sanitised every time the row is saved."""

    def pre_save(self, model_instance, add):
        return sanitize_html(super().pre_save(model_instance, add))

    def formfield(self, **kwargs):
        from .editor import RichTextFormField

        # A translation field (modeltranslation) knows its language: the editor writes in it.
        return super().formfield(**{"form_class": RichTextFormField, "language": getattr(self, "language", None),
                                    **kwargs})  # fmt: skip
