"""Forms of the experts app: the directory's search and filters, the admin's import upload."""

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from hospital.forms import TranslatedSelect, translated_choices
from hospital.models import Hospital, Specialty
from hospital.pagecache import memo

from .importers import ImportFormatError
from .models import SpokenLanguage
from .services import check_size


def filter_options():
    """The directory's filters in the current language: {field: (choices, {value in the URL: pk})}."""
    lists = {
        "specialty": (Specialty.objects.all(), "slug", gettext("All specialties")),
        "hospital": (Hospital.objects.all(), "pk", gettext("All hospitals")),
        "language": (SpokenLanguage.objects.all(), "code", gettext("Any language")),
    }
    options = {}
    for name, (objects, key, empty) in lists.items():
        objects = list(objects)
        options[name] = (
            [("", empty), *translated_choices(objects, key=key)],
            {str(getattr(obj, key)): obj.pk for obj in objects},
        )
    return options


class ExpertFilterForm(forms.Form):
    """Search and filters of the directory. The lists of options are read once per change of what
    they list, per language (hospital.pagecache.memo), and also serve to validate the choice, so
    neither showing nor applying the filters reads them per view."""

    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name in any script")}),
    )
    specialty = forms.ChoiceField(label=_("Specialty or cancer type"), required=False, widget=TranslatedSelect)
    hospital = forms.ChoiceField(label=_("Hospital"), required=False, widget=TranslatedSelect)
    language = forms.ChoiceField(label=_("Language spoken"), required=False, widget=TranslatedSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = memo("expert-filter-lookups", get_language(), compute=filter_options)
        self.options = {name: keys for name, (_choices, keys) in options.items()}
        for name, (choices, _keys) in options.items():
            self.fields[name].choices = choices
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs["class"] = "form-control"

    def filter(self, queryset):
        """`queryset` narrowed by the valid filters given; invalid values are shown as errors, not applied."""
        data = self.cleaned_data if self.is_valid() else {}
        queryset = queryset.search(data.get("q"))
        if data.get("specialty"):
            queryset = queryset.filter(specialties=self.options["specialty"][data["specialty"]])
        if data.get("hospital"):
            queryset = queryset.filter(hospital=self.options["hospital"][data["hospital"]])
        if data.get("language"):
            queryset = queryset.filter(languages=self.options["language"][data["language"]])
        return queryset


class PublicationImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("BibTeX, RIS, PubMed/MEDLINE (.nbib), CSL-JSON or CSV; the format is recognised from the content."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)  # before reading a byte of it
        except ImportFormatError as error:
            raise forms.ValidationError(str(error), code="too_large") from None
        upload.seek(0)
        self.cleaned_data["data"] = upload.read()
        if not self.cleaned_data["data"].strip():
            raise forms.ValidationError(_("The file is empty."), code="empty")
        return upload
