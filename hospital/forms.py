"""Form pieces shared by the apps: options whose labels may be English fallback text."""

from django import forms

from .i18n import bcp47, field_in_language


def translated_choices(objects, field="name", key="pk"):
    """(value, label) pairs whose labels keep the language they are really in (see TranslatedSelect)."""
    return [(str(getattr(obj, key)), field_in_language(obj, field)) for obj in objects]


class TranslatedSelect(forms.Select):
    """A select whose options carry `lang` when their label is fallback text in another language."""

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
