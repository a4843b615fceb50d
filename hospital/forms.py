"""Form pieces shared by the apps: options whose labels may be English fallback text."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .i18n import bcp47, field_in_language


def translated_choices(objects, field="name", key="pk"):
    """(value, label) pairs whose labels keep the language they are really in (see TranslatedSelect)."""
    return [(str(getattr(obj, key)), field_in_language(obj, field)) for obj in objects]


class TranslatedSelect(forms.Select):
    """A select whose options carry `lang` when their label is fallback text in another language.

    Its options are rendered in one pass of Python (same markup as Django's templates): a template
    include per option cost more than the rest of a consultation form listing 2,000 experts."""

    template_name = "hospital/widgets/select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        parts = []
        for group_name, options, _index in context["widget"]["optgroups"]:
            html = format_html_join("\n", "{}", ((_option_html(option),) for option in options))
            parts.append(
                format_html('<optgroup label="{}">\n{}\n</optgroup>', group_name, html) if group_name else html
            )
        context["widget"]["options_html"] = mark_safe("\n".join(parts))
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(label, "is_fallback", False):
            option["attrs"]["lang"] = bcp47(label.language)
        return option


class TranslatedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose option labels are a translated field, marked with `lang` when it falls back."""

    widget = TranslatedSelect

    def __init__(self, *args, label_field="name", **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return field_in_language(obj, self.label_field)


def _option_html(option):
    attrs = format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in option["attrs"].items()
            if v is not False
        ),
    )
    return format_html(
        '<option value="{}"{}>{}</option>',
        option["value"] if option["value"] is not None else "",
        attrs,
        option["label"],
    )
