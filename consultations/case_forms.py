"""Forms of the case page (the code, the patient's message) and of the coordinators' reply composer."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .cases import ReplyTemplate
from .files import ACCEPT_ATTRIBUTE
from .forms import MultipleFileField, MultipleFileInput, ReportFilesMixin
from .validators import validate_plain_text
from .workflow import Status


def _files_field(label):
    field = MultipleFileField(
        label=label, required=False, allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )  # fmt: skip
    field.help_text = _(
        "PDF, JPEG, PNG, WebP, HEIC or DICOM; up to %(count)s files, %(file)s each, %(total)s in all."
    ) % {
        "count": settings.CONSULTATION_MAX_FILES,
        "file": filesizeformat(settings.CONSULTATION_MAX_FILE_BYTES),
        "total": filesizeformat(settings.CONSULTATION_MAX_REQUEST_BYTES),
    }
    return field


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the e-mail"), max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )  # fmt: skip


class CaseMessageForm(ReportFilesMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), required=False, max_length=5000, validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )  # fmt: skip
    reports = forms.Field(required=False)  # replaced in __init__ (the limits are read at run time)

    def __init__(self, *args, upload_guard=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_guard = upload_guard
        self.fields["reports"] = _files_field(_("Add reports"))

    def clean(self):
        cleaned = super().clean()
        self.report_guard_clean()
        if not self.errors and not cleaned.get("body", "").strip() and not cleaned.get("reports"):
            raise ValidationError(_("Write a message or choose a file to add."), code="empty")
        return cleaned


class ReplyForm(ReportFilesMixin, forms.Form):
    """The coordinator's reply; a template fills the text in the patient's language (no JavaScript)."""

    template = forms.ModelChoiceField(label=_("Reply template"), queryset=ReplyTemplate.objects.all(),
                                      required=False)  # fmt: skip
    body = forms.CharField(label=_("Reply"), required=False, max_length=20000, widget=forms.Textarea(
        attrs={"rows": 14, "cols": 80, "dir": "auto"}))  # fmt: skip
    reports = forms.Field(required=False)
    status = forms.ChoiceField(label=_("Status after sending"), required=False)

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["reports"] = _files_field(_("Attachments"))
        allowed = consultation.allowed_transitions()
        keep = _("Keep “%(status)s”") % {"status": Status(consultation.status).label}
        self.fields["status"].choices = [("", keep)] + [
            (value, label) for value, label in Status.choices if value in allowed
        ]

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError(_("Write the reply, or choose a template and press “Use template”."),
                                  code="required")  # fmt: skip
        return body
