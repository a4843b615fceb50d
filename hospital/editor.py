"""The rich-text editor of the back office: django-prose-editor limited to the markup the site renders.

The editor only offers (and ProseMirror's schema only keeps, also when pasting from Word or
Google Docs) what `EXTENSIONS` lists; `hospital.richtext.sanitize_html` stays the authority and
cleans the HTML again when the row is saved, whoever wrote it.
"""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.forms import BoundField
from django.utils.html import strip_tags
from django.utils.translation import get_language_info
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget, ProseEditorWidget
from js_asset import Media, Script, Stylesheet

from .richtext import ALLOWED_URL_SCHEMES, sanitize_html

#: What the editor offers: the markup the public templates style (see static/css/site.css).
EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}

# Gives the editable area the field's language and direction (served by the site: CSP 'self').
_LANGUAGE_MEDIA = Media(
    js=[Script("admin-editor/richtext.js", type="module")],
    css={"all": [Stylesheet("admin-editor/richtext.css", media="all")]},
)


def clean_editor_html(html):
    """Sanitised HTML, or "" when nothing but empty blocks is left (so the English fallback still applies)."""
    html = sanitize_html(html or "")
    if not strip_tags(html).strip() and "<img" not in html:
        return ""
    return html


class _LanguageMediaMixin:
    @property
    def media(self):
        return super().media + _LANGUAGE_MEDIA


class RichTextWidget(_LanguageMediaMixin, ProseEditorWidget):
    pass


class AdminRichTextWidget(_LanguageMediaMixin, AdminProseEditorWidget):
    pass


class _RichTextBoundField(BoundField):
    """Renders the textarea with its content's language (`lang`, `dir`): the editor copies them.

    Set here rather than on the widget, which modeltranslation's admin replaces by a copy of
    the untranslated field's widget.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if language := self.field.language:
            attrs["lang"] = language
            attrs["dir"] = "rtl" if get_language_info(language)["bidi"] else "ltr"
        return attrs


class RichTextFormField(ProseEditorFormField):
    """Rich text edited with the editor in `language`; the value is cleaned as the model will store it."""

    bound_field_class = _RichTextBoundField

    def __init__(self, *args, language=None, **kwargs):
        widget = kwargs.get("widget")
        in_admin = widget is not None and (
            (isinstance(widget, type) and issubclass(widget, (AdminTextareaWidget, AdminProseEditorWidget)))
            or isinstance(widget, (AdminTextareaWidget, AdminProseEditorWidget))
        )
        kwargs["widget"] = AdminRichTextWidget if in_admin else RichTextWidget
        self.language = language
        kwargs.setdefault("config", {"extensions": EXTENSIONS})
        kwargs.setdefault("sanitize", clean_editor_html)
        super().__init__(*args, **kwargs)
