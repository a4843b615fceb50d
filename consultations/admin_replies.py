"""The coordinators' reply composer: a page of the request's admin, working without JavaScript.

"Use template" fills the text from a reply template in the patient's language; "Send" stores the
reply with its attachments (the report pipeline), moves the status and mails the patient a link.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _

from . import casework
from .case_forms import ReplyForm
from .cases import ReplyTemplate, fill_placeholders
from .models import AccessLogEntry
from .workflow import Status


def default_records_request(consultation):
    """The records request in the patient's language when no template for it exists yet."""
    with translation.override(consultation.preferred_language):
        return _(
            "Dear {patient_name},\n\nthank you for your request {reference}. To answer it, our doctors need your "
            "latest records: the most recent CT or MRI report and images, the pathology report and a summary of "
            "the treatments so far. Please add them on this page.\n\n{coordinator}"
        )


def _records_template():
    return ReplyTemplate.objects.filter(status_after=Status.RECORDS_REQUESTED).order_by("pk").first()


def _initial(request, consultation):
    """Text and status proposed by `?template=` or `?records=1`."""
    allowed = {*consultation.allowed_transitions()}
    if request.GET.get("records"):
        template = _records_template()
        body = (template.render(consultation, request.user, consultation.preferred_language) if template
                else fill_placeholders(default_records_request(consultation), consultation, request.user))  # fmt: skip
        status = Status.RECORDS_REQUESTED
        return {"template": template, "body": body, "status": status if status in allowed else ""}
    return {"status": Status.REPLIED if Status.REPLIED in allowed else ""}


def reply_view(model_admin, request, object_id):
    consultation = model_admin.get_object(request, unquote(object_id))
    if consultation is None:
        raise Http404
    if not model_admin.has_change_permission(request, consultation) or not request.user.has_perm(
        "consultations.add_casemessage"
    ):
        raise PermissionDenied
    if not casework.has_case_page(consultation):
        messages.warning(request, _("This request has no e-mail address, so it has no case page: reply by phone."))
        return redirect(consultation.get_admin_url())
    if request.method == "POST" and "_use_template" in request.POST:
        form = ReplyForm(consultation=consultation, initial={
            "template": request.POST.get("template"), "status": request.POST.get("status", ""),
            "body": request.POST.get("body", ""),
        })  # fmt: skip
        template = ReplyTemplate.objects.filter(pk=request.POST.get("template") or None).first()
        if template is not None:
            form.initial["body"] = template.render(consultation, request.user, consultation.preferred_language)
            if template.status_after in consultation.allowed_transitions():
                form.initial["status"] = template.status_after
    elif request.method == "POST":
        form = ReplyForm(request.POST, request.FILES, consultation=consultation)
        if form.is_valid():
            try:
                sent = casework.send_reply(consultation, request.user, form.cleaned_data["body"],
                                           form.cleaned_data["reports"], form.cleaned_data["status"])  # fmt: skip
            except ValidationError as error:
                form.add_error("status", error)
            else:
                AccessLogEntry.record(request, AccessLogEntry.Action.REPLY, consultation)
                for report in sent.attachments:
                    AccessLogEntry.record(request, AccessLogEntry.Action.REPLY, consultation, report)
                messages.success(request, _("The reply was sent; the patient was told by e-mail (without its text)."))
                return redirect(consultation.get_admin_url())
    else:
        form = ReplyForm(consultation=consultation, initial=_initial(request, consultation))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": consultation,
        "consultation": consultation,
        "form": form,
        "title": _("Reply to %(reference)s") % {"reference": consultation.reference},
        "patient_language": consultation.get_preferred_language_display(),
        "conversation": casework.conversation(consultation),
    }
    return TemplateResponse(request, "admin/consultations/consultationrequest/reply.html", context)
