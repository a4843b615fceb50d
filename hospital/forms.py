"""Form pieces shared by the apps: options whose labels may be English fallback text."""

from django import forms
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .i18n import bcp47, field_in_language


def translated_choices(objects, field="name", key="pk"):
    """(value, label) pairs whose labels keep the language they are really in (see TranslatedSelect)."""
    return [(str(getattr(obj, key)), field_in_language(obj, field)) for obj in objects]


class TranslatedSelect(forms.Select):
    """A select whose options carry `lang` when their label is fallback text in another language.

    Its options are rendered in one pass of Python (same markup as Django's templates): a template
    include per option cost more than the rest of a consultation form listing 2,000 experts.

    With `options_memo` (a name: the same choices wherever it is used) the options are built once
    per change of what they read and language (`hospital.pagecache.memo`), without the selection,
    which is marked in the kept markup; the form then neither reads nor renders 2,000 rows per view."""

    template_name = "hospital/widgets/select.html"
    options_memo = None

    def get_context(self, name, value, attrs):
        if self.options_memo is None:
            context = super().get_context(name, value, attrs)
            context["widget"]["options_html"] = _options_html(context["widget"]["optgroups"])
            return context
        from .pagecache import memo

        choices, self.choices = self.choices, ()
        try:
            context = super().get_context(name, value, attrs)
        finally:
            self.choices = choices
        options = memo(
            "select-options", self.options_memo, name, get_language(),
            compute=lambda: _options_html(self.optgroups(name, [], attrs)),
        )  # fmt: skip
        context["widget"]["options_html"] = _with_selection(options, context["widget"]["value"])
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(label, "is_fallback", False):
            option["attrs"]["lang"] = bcp47(label.language)
        return option


class TranslatedModelChoiceField(forms.ModelChoiceField):
    """A model choice whose option labels are a translated field, marked with `lang` when it falls back.

    `options_memo`: a name for these choices (the queryset always the same function's), so that the
    options are built once per change rather than per view (see TranslatedSelect)."""

    widget = TranslatedSelect

    def __init__(self, *args, label_field="name", options_memo=None, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)
        self.widget.options_memo = options_memo

    def label_from_instance(self, obj):
        return field_in_language(obj, self.label_field)


def _options_html(optgroups):
    parts = []
    for group_name, options, _index in optgroups:
        html = format_html_join("\n", "{}", ((_option_html(option),) for option in options))
        parts.append(format_html('<optgroup label="{}">\n{}\n</optgroup>', group_name, html) if group_name else html)
    return mark_safe("\n".join(parts))


def _with_selection(options_html, values):
    """Options markup with the first option of `values` selected, as Django's Select marks it."""
    for value in values:
        marker = f'<option value="{escape(value)}"'
        if marker in options_html:
            return mark_safe(options_html.replace(marker, marker + " selected", 1))
    return options_html


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
