"""Forms of the experts app: the directory's search and filters, the admin's import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hospital.forms import TranslatedSelect, translated_choices
from hospital.models import Hospital, Specialty

from .importers import ImportFormatError
from .models import SpokenLanguage
from .services import check_size


class ExpertFilterForm(forms.Form):
    """Search and filters of the directory. Each list of options is read once (one query per
    list) and also serves to validate the choice, so filtering adds no queries."""

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
        self.options = {
            "specialty": {s.slug: s for s in Specialty.objects.all()},
            "hospital": {str(h.pk): h for h in Hospital.objects.all()},
            "language": {lang.code: lang for lang in SpokenLanguage.objects.all()},
        }
        keys = {"specialty": "slug", "hospital": "pk", "language": "code"}
        empty = {"specialty": _("All specialties"), "hospital": _("All hospitals"), "language": _("Any language")}
        for name, options in self.options.items():
            self.fields[name].choices = [("", empty[name]), *translated_choices(options.values(), key=keys[name])]
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
