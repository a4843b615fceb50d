"""The patient's consultation form (rendered with crispy-forms)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from experts.queries import experts_to_consult
from hospital.forms import TranslatedModelChoiceField
from hospital.queries import cancer_types, privacy_notice_url
from news.queries import events_to_attend

from .countries import country_choices
from .fields import OTHER, FormTokenField, Include, ModelChoiceWithOtherField
from .files import ACCEPT_ATTRIBUTE, inspect_report
from .validators import normalize_phone, validate_plain_text, validate_single_line


class LongSelect(forms.Select):
    """A select for long lists (countries): options written in Python, not one template each."""

    template_name = "consultations/widgets/long_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = (option for _group, choices, _index in context["widget"]["optgroups"] for option in choices)
        context["widget"]["options_html"] = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
             for option in options),
        )  # fmt: skip
        return context


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes one or more files and cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        single_clean = super().clean
        return [single_clean(item, initial) for item in files]


def _blank_country_choices():
    return [("", "—"), *country_choices()]


def too_many_files_error(sent):
    return ValidationError(
        _("You chose %(sent)s files; send at most %(count)s in one request. A DICOM series (CT, MRI) can be "
          "sent as one ZIP file."),
        code="too_many_files", params={"count": settings.CONSULTATION_MAX_FILES, "sent": sent},
    )  # fmt: skip


class ReportFilesMixin:
    """The checks on uploaded reports shared by the form and the case page: count, sizes, inspect_report.

    The form has a `reports` MultipleFileField and may be given the request's SizeLimitUploadHandler.
    """

    upload_guard = None

    def clean_reports(self):
        uploads = self.cleaned_data.get("reports") or []
        if self.upload_guard is not None and self.upload_guard.rejected:
            return []  # clean() reports what the upload handler skipped
        errors = []
        if len(uploads) > settings.CONSULTATION_MAX_FILES:
            raise too_many_files_error(len(uploads))
        total = sum(upload.size for upload in uploads)
        if total > settings.CONSULTATION_MAX_REQUEST_BYTES:
            errors.append(self._total_error(total))
        inspected = []
        if not errors:
            for upload in uploads:
                try:
                    inspected.append(inspect_report(upload))
                except ValidationError as error:
                    errors.append(error)
        if errors:
            raise ValidationError(errors)
        return inspected

    def _upload_guard_errors(self):
        guard = self.upload_guard
        if guard is None:
            return []
        errors = [
            ValidationError(
                _("“%(name)s” is too large; each file may be at most %(limit)s."),
                code="file_too_large",
                params={"name": name, "limit": filesizeformat(settings.CONSULTATION_MAX_FILE_BYTES)},
            )  # fmt: skip
            for name in guard.oversized
        ]
        if guard.total_exceeded:
            errors.append(self._total_error())
        if guard.too_many_files:
            errors.append(too_many_files_error(guard.count))
        return errors

    @staticmethod
    def _total_error(total=None):
        return ValidationError(
            _("The files are too large together; all files of one request may be at most %(limit)s."),
            code="request_too_large", params={"limit": filesizeformat(settings.CONSULTATION_MAX_REQUEST_BYTES)},
        )  # fmt: skip

    def report_guard_clean(self):
        guard_errors = self._upload_guard_errors()
        if guard_errors:
            # Skipped files leave the field empty: say why instead of "This field is required".
            self._errors.pop("reports", None)
            self.add_error("reports", guard_errors)


class ConsultationForm(ReportFilesMixin, forms.Form):
    patient_name = forms.CharField(
        label=_("Patient's name"), max_length=200, validators=[validate_plain_text, validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )  # fmt: skip
    submitted_by_relative = forms.BooleanField(
        label=_("I am filling in this form for a relative or friend"), required=False
    )
    age = forms.IntegerField(label=_("Patient's age"), min_value=0, max_value=120, required=False)
    country = forms.ChoiceField(
        label=_("Country of residence"), choices=_blank_country_choices, required=False, widget=LongSelect
    )
    cancer_type = ModelChoiceWithOtherField(
        label=_("Cancer type"), queryset=None, empty_label=_("Choose…"),
        other_label=_("Other (describe below)"), options_memo="consultations.cancer_types",
    )  # fmt: skip
    cancer_type_other = forms.CharField(
        label=_("Cancer type, if not in the list"), max_length=200, required=False,
        validators=[validate_plain_text, validate_single_line],
    )  # fmt: skip
    phone = forms.CharField(
        label=_("Phone number / WhatsApp"), max_length=40,
        help_text=_("With the country code, for example +62 812 3456 7890."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    preferred_language = forms.ChoiceField(label=_("Language for our reply"), choices=settings.LANGUAGES)
    preferred_expert = TranslatedModelChoiceField(
        label=_("Preferred expert"),
        queryset=None,
        required=False,
        empty_label=_("No preference"),
        options_memo="experts.experts_to_consult",
    )
    preferred_event = TranslatedModelChoiceField(
        label_field="title",
        label=_("Event"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        options_memo="news.events_to_attend",
    )
    message = forms.CharField(
        label=_("Message"), required=False, max_length=5000, validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Diagnosis, treatments so far, and your questions."),
    )  # fmt: skip
    reports = MultipleFileField(
        label=_("Medical reports"), allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )  # fmt: skip
    consent = forms.BooleanField(label=_("I agree to the privacy notice"))
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )  # fmt: skip
    form_token = FormTokenField()

    def __init__(self, *args, upload_guard=None, partly_read=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_guard = upload_guard
        self.partly_read = partly_read  # a consultations.body.FormBody with problems
        self.fields["cancer_type"].queryset = cancer_types()
        self.fields["preferred_expert"].queryset = experts_to_consult()
        self.fields["preferred_event"].queryset = events_to_attend()
        if not self.is_bound:
            self.fields["preferred_language"].initial = get_language()
        limits = {
            "count": settings.CONSULTATION_MAX_FILES,
            "file": filesizeformat(settings.CONSULTATION_MAX_FILE_BYTES),
            "total": filesizeformat(settings.CONSULTATION_MAX_REQUEST_BYTES),
        }
        self.fields["reports"].help_text = (
            _("PDF, JPEG, PNG, WebP, HEIC or DICOM (a DICOM series as one ZIP); up to %(count)s files, %(file)s each, "
              "%(total)s in all.") % limits
        )  # fmt: skip
        if notice_url := privacy_notice_url():
            self.fields["consent"].label = render_to_string(
                "consultations/includes/_consent_label.html", {"notice_url": notice_url}
            )
        self.fields["consent"].help_text = _(
            "Your details and reports are used only to answer this request, and are stored encrypted."
        )
        self.helper = self._helper()

    @property
    def blank_variant(self):
        """For a blank form, what its markup depends on besides the language and the options (which
        fragments track): the expert and event chosen by `?expert=`/`?event=`. None for a form with
        answers or errors, which is rendered for its visitor alone."""
        if self.is_bound or self.errors:
            return None
        return tuple(getattr(self.initial.get(name), "pk", None) for name in ("preferred_expert", "preferred_event"))

    def _helper(self):
        helper = FormHelper(self)
        helper.form_id = "consultation-form"
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(
            Fieldset(_("The patient"), "patient_name", "submitted_by_relative", "age", "country"),
            Fieldset(_("How we reach you"), "phone", "email", "preferred_language"),
            Fieldset(
                _("Medical details"), "cancer_type", "cancer_type_other", "preferred_expert", "preferred_event",
                "message", "reports", Include("consultations/includes/_files_again_notice.html"),
            ),  # fmt: skip
            Div("website", css_class="visually-hidden", aria_hidden="true"),
            "form_token",
            "consent",
            Include("consultations/includes/_required_note.html"),
            Submit("submit", _("Send my request"), css_class="btn-lg"),
        )  # fmt: skip
        return helper

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This field must be left empty."), code="honeypot")
        return ""

    def clean_cancer_type_other(self):
        described = self.cleaned_data.get("cancer_type_other", "")
        if self.cleaned_data.get("cancer_type") != OTHER:
            return ""
        if not described.strip():
            raise ValidationError(_("Describe the cancer type, or choose one from the list."))
        return described

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"], self.cleaned_data.get("country"))

    def clean(self):
        cleaned = super().clean()
        self.report_guard_clean()
        if self.partly_read is not None:
            self._partly_read_clean(self.partly_read)
        return cleaned

    def _partly_read_clean(self, body):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        errors = [
            _("Your request could not be read whole, so nothing was sent. The answers that could be read are kept "
              "below: check them, choose your files again if you had any, and send the form again.")
        ]  # fmt: skip
        if "too_many_fields" in body.problems:
            errors.append(_("It had more than %(limit)s fields; the extra ones were left out.")
                          % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})  # fmt: skip
        if "too_large" in body.problems and not body.oversized:
            errors.append(_("Its answers were too long together (at most %(limit)s); what did not fit was left out.")
                          % {"limit": limit})  # fmt: skip
        if body.problems & {"no_boundary", "damaged"}:
            errors.append(_("Part of it was damaged on the way."))
        self.add_error(None, errors)
        for name in dict.fromkeys(body.oversized):
            self._errors.pop(name, None)
            self.add_error(name, _("This answer was too long to be read (all answers together may be at most "
                                   "%(limit)s) and was left out.") % {"limit": limit})  # fmt: skip
        if body.had_files:
            self._errors.pop("reports", None)  # not "required": the files were sent, and cannot be kept

    def consultation_details(self):
        """The cleaned answers as ConsultationRequest field values."""
        data = self.cleaned_data
        names = ("patient_name", "submitted_by_relative", "age", "country", "cancer_type_other",
                 "phone", "email", "preferred_language", "preferred_expert", "preferred_event", "message")  # fmt: skip
        cancer_type = data["cancer_type"]
        return {name: data[name] for name in names} | {"cancer_type": None if cancer_type == OTHER else cancer_type}

    @property
    def files_must_be_chosen_again(self):
        """After an error the browser forgets the files chosen: the page must say so, if there were any."""
        chosen = (bool(self.files.getlist("reports")) or (self.upload_guard is not None and self.upload_guard.rejected)
                  or (self.partly_read is not None and self.partly_read.had_files))  # fmt: skip
        return self.is_bound and bool(self.errors) and chosen
