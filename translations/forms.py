"""Forms of the translators' workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hospital.i18n import localized

from .access import languages_of
from .formats import FORMATS
from .models import TranslatorLanguages
from .state import target_languages, translated_fields


def _language_choices(codes):
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in codes]


def translation_form(obj, language, data=None):
    """A form with the fields of `obj` in `language` only: never the English source, never structure."""
    fields = {}
    for name in translated_fields(type(obj)):
        model_field = obj._meta.get_field(localized(name, language))
        form_field = model_field.formfield(required=False)
        if form_field is not None:
            fields[name] = form_field
    initial = {name: getattr(obj, localized(name, language)) or "" for name in fields}
    form_class = type("TranslationForm", (forms.Form,), dict(fields))
    return form_class(data, initial=initial, prefix="t")


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    format = forms.ChoiceField(label=_("Format"), choices=[("xliff", "XLIFF 2.0"), ("po", "PO (gettext)")])
    content_type = forms.TypedChoiceField(label=_("Content"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, content_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(languages_of(user))
        self.fields["content_type"].choices = [("", _("Everything"))] + content_types


class ImportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    file = forms.FileField(label=_("Returned file (XLIFF 2.0 or PO)"))

    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices(languages_of(user))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        name = upload.name.lower()
        if not name.endswith(tuple(f".{spec['extension']}" for spec in FORMATS.values()) + (".xliff",)):
            raise forms.ValidationError(_("Upload an XLIFF (.xlf, .xliff) or PO (.po) file."))
        return upload


class TranslatorLanguagesForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The translator's queue lists these languages; only these can be edited."),
    )  # fmt: skip

    class Meta:
        model = TranslatorLanguages
        fields = ["user", "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = _language_choices(target_languages())
