"""The patient's private case page: unlocked by a one-time code, never cached, never indexed."""

import itertools
import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from . import casework
from .case_forms import CaseMessageForm, CodeForm
from .casework import CodeResult
from .encryption import DecryptionError
from .files import open_report
from .models import AccessLogEntry, MedicalReport
from .uploads import SizeLimitUploadHandler
from .workflow import Status

logger = logging.getLogger(__name__)
Action = AccessLogEntry.Action

STATUS_TEXT = {  # what each status means for the patient
    Status.NEW: gettext_lazy("We have received your request. A coordinator will read it and reply here."),
    Status.IN_REVIEW: gettext_lazy("A coordinator is reviewing your request and will reply here."),
    Status.RECORDS_REQUESTED: gettext_lazy(
        "We need more records from you: please read our last message and add them below."
    ),
    Status.REPLIED: gettext_lazy("A coordinator has replied: please read the message below."),
    Status.APPOINTMENT_SCHEDULED: gettext_lazy(
        "An appointment has been arranged: the details are in the messages below."
    ),
    Status.CLOSED: gettext_lazy("This request is closed. You can still write to us here."),
    Status.SPAM: gettext_lazy("This request is closed. You can still write to us here."),
}


def private(view):
    """No cache anywhere, no search engine: the headers every case page response carries."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        # Never send the address (it holds the token) elsewhere; "no-referrer" would make browsers
        # post `Origin: null`, which CSRF rightly refuses.
        response["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(wrapped)


def unavailable(request):
    """The one page for unknown, expired and revoked links alike."""
    return render(request, "consultations/case/unavailable.html", status=404)


@csrf_exempt
@private
def case_page(request, token):
    # The size-limit handler must be in place before anything reads the body, CSRF included.
    upload_guard = SizeLimitUploadHandler(request)
    if request.method == "POST":
        request.upload_handlers.insert(0, upload_guard)
    return _case_page(request, token=token, upload_guard=upload_guard)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def _case_page(request, token, upload_guard):
    link = casework.find_link(token)
    if link is None:
        return unavailable(request)
    consultation = link.consultation_request
    if not casework.session_allows(request, consultation):
        return _unlock(request, link)
    casework.touch(link)
    status = 200
    if request.method == "POST":
        form = CaseMessageForm(request.POST, request.FILES, upload_guard=upload_guard)
        if casework.post_limited(request, consultation):
            form.add_error(None, _("You have sent many messages in a short time. Please wait an hour and try again."))
            status = 429
        elif form.is_valid():
            sent = casework.add_patient_message(consultation, form.cleaned_data["body"], form.cleaned_data["reports"])
            AccessLogEntry.record(request, Action.CASE_MESSAGE, consultation)
            for report in sent.attachments:
                AccessLogEntry.record(request, Action.CASE_UPLOAD, consultation, report)
            messages.success(request, _("Thank you: your message has been sent."))
            return redirect(request.path)
        else:
            status = 400
    else:
        form = CaseMessageForm()
        AccessLogEntry.record(request, Action.CASE_VIEW, consultation)
    context = {
        "consultation": consultation,
        "status_text": STATUS_TEXT.get(Status(consultation.status), ""),
        "conversation": casework.conversation(consultation),
        "form": form,
        "token": token,
    }
    return render(request, "consultations/case/page.html", context, status=status)


def _unlock(request, link):
    consultation = link.consultation_request
    form = CodeForm()
    refused = ""
    status = 200
    if request.method == "POST" and "send_code" in request.POST:
        result = casework.send_code(request, consultation)
        if result == CodeResult.SENT:
            AccessLogEntry.record(request, Action.CASE_CODE_SENT, consultation)
            messages.success(request, _("We have sent a code to the e-mail address of the request."))
            return redirect(request.path)
        status = 429
        refused = (
            _locked_message()
            if result == CodeResult.LOCKED
            else _("Several codes have been sent in a short time. Please wait before asking for another one.")
        )
    elif request.method == "POST":
        form = CodeForm(request.POST)
        if form.is_valid():
            result = casework.check_code(consultation, form.cleaned_data["code"])
            if result == CodeResult.OK:
                AccessLogEntry.record(request, Action.CASE_CODE_OK, consultation)
                casework.open_session(request, consultation)
                return redirect(request.path)
            AccessLogEntry.record(request, Action.CASE_CODE_WRONG, consultation)
            form.add_error(
                "code",
                {
                    CodeResult.LOCKED: _locked_message(),
                    CodeResult.EXPIRED: _("This code is no longer valid. Ask for a new code."),
                }.get(result, _("This code is not right. Check the latest e-mail and try again.")),
            )
            status = 429 if result == CodeResult.LOCKED else 400
        else:
            status = 400
    return render(request, "consultations/case/unlock.html", {
        "consultation": consultation, "form": form, "refused": refused,
        "minutes": settings.CONSULTATION_CASE_CODE_MINUTES,
    }, status=status)  # fmt: skip


def _locked_message():
    minutes = settings.CONSULTATION_CASE_LOCK_MINUTES
    return _("Too many wrong codes: this page is locked for %(minutes)s minutes. Please try again later.") % {
        "minutes": minutes
    }


@require_safe
@private
def case_file(request, token, uid):
    """A file of the conversation, to the patient whose case session is open; logged."""
    link = casework.find_link(token)
    if link is None or not casework.session_allows(request, link.consultation_request):
        return unavailable(request)
    consultation = link.consultation_request
    report = MedicalReport.objects.filter(consultation_request=consultation, uid=uid, message__isnull=False).first()
    if report is None:
        raise Http404
    AccessLogEntry.record(request, Action.CASE_DOWNLOAD, consultation, report)
    try:
        chunks = open_report(report)
        first = next(chunks, b"")
    except (DecryptionError, OSError) as error:
        logger.error("Medical report %s cannot be read: %s", report.uid, error)
        return render(request, "consultations/report_unreadable.html", status=500)
    response = StreamingHttpResponse(itertools.chain([first], chunks), content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(True, report.original_name)
    response["Content-Length"] = str(report.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
