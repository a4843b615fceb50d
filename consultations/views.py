"""The patient's form, its confirmation page, and the coordinators' permission-checked download."""

import itertools
import logging
import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError
from django.http import Http404, StreamingHttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage

from experts.queries import experts_to_consult
from hospital.pagecache import per_visitor
from hospital.storage_errors import StorageUnavailable
from news.queries import events_to_attend

from .body import FormBody
from .encryption import DecryptionError
from .files import open_report
from .forms import ConsultationForm
from .models import AccessLogEntry, ConsultationRequest, MedicalReport
from .services import submit_consultation
from .uploads import SizeLimitUploadHandler

logger = logging.getLogger(__name__)


def submission_rate(group, request):
    return settings.CONSULTATION_RATE_LIMIT


def _too_many_submissions(request, count=False):
    """Whether this client address has sent its quota of accepted requests (`count=True` adds one).

    Only accepted submissions count: rejected POSTs cost nothing, so nobody can use up the
    quota of others who share an address; `REMOTE_ADDR` is the real client behind trusted proxies.
    """
    usage = get_usage(request, group="consultations.submit", key="ip", rate=submission_rate, method="POST",
                      increment=count)  # fmt: skip
    return usage is not None and usage["count"] >= usage["limit"]


SLUG = re.compile(r"[-\w]+")
REFERENCE = re.compile(r"[-A-Za-z0-9]{1,40}")


def _slug_parameter(request, name, limit):
    """A slug from the query string, or "" for anything else (NUL bytes never reach a query)."""
    value = request.GET.get(name, "")
    return value if len(value) <= limit and SLUG.fullmatch(value) else ""


def _initial(request):
    # Unique per visitor, also in a copy of the page from the page cache (replaces the field's own).
    initial = {"form_token": per_visitor(request)}
    if slug := _slug_parameter(request, "expert", 200):
        initial["preferred_expert"] = experts_to_consult().find_by_slug(slug)
    if slug := _slug_parameter(request, "event", 250):
        initial["preferred_event"] = events_to_attend().find_by_slug(slug)
    return initial


@csrf_exempt
def consultation_form(request):
    # The size-limit handler and the tolerant parser must be in place before anything reads the
    # body, CSRF included (csrf_protect below checks the token in what was read).
    upload_guard = SizeLimitUploadHandler(request)
    body = FormBody([*ConsultationForm.base_fields, "csrfmiddlewaretoken"])
    if request.method == "POST":
        request.upload_handlers.insert(0, upload_guard)
        request.multipart_parser_class = body.parser
        try:
            request.POST, request.FILES  # noqa: B018 - read the body now, where its errors can be answered
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, MultiPartParserError, UnreadablePostError):
            return _unreadable_submission(request)
    return _consultation_form(request, upload_guard=upload_guard, body=body)


def _unreadable_submission(request):
    """A body too large or malformed to read: the form again, with the reason in the visitor's language.

    Nothing of it can be trusted or kept, and nothing is stored; the status says why.
    """
    form = ConsultationForm(initial=_initial(request))
    form.full_clean()  # an unbound form: no field errors, but a place for this one
    form.cleaned_data = {}
    form.add_error(None, _("Your request could not be read: it was too large or damaged (too many fields, a text "
                           "that is too long, or a broken upload). Nothing was sent. Please fill in the form again; "
                           "send large scans as one ZIP file."))  # fmt: skip
    return render(request, "consultations/form.html", {"form": form}, status=400)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
@cache_control(private=True)
def _consultation_form(request, upload_guard, body):
    status = 200
    if request.method != "POST":
        form = ConsultationForm(initial=_initial(request))
    elif body.problems:
        # Read only in part: the answers that could be read, never stored, and no file kept.
        for _name, uploads in request.FILES.lists():
            for upload in uploads:
                upload.close()
        form = ConsultationForm(request.POST, upload_guard=upload_guard, partly_read=body)
        form.full_clean()
        status = 400
    else:
        form = ConsultationForm(request.POST, request.FILES, upload_guard=upload_guard)
        if _too_many_submissions(request):
            form.add_error(None, _("You have sent many requests in a short time. Please wait an hour and try "
                                   "again, or call us."))  # fmt: skip
            status = 429
        elif form.is_valid():
            try:
                submission = submit_consultation(
                    form.consultation_details(),
                    form.cleaned_data["reports"],
                    consent_language=get_language(),
                    notice_version=settings.CONSULTATION_PRIVACY_NOTICE_VERSION,
                    form_token=form.cleaned_data["form_token"],
                )
            except (DatabaseError, OSError) as error:
                # The database or the file store failed (a bucket outage is a StorageUnavailable, an
                # OSError): the service has removed what it wrote, so the patient may simply try again.
                # Only the class: a database error's text can quote the patient's answers.
                logger.error("Could not store a consultation request: %s", error.__class__.__name__)
                form.add_error(None, _("We could not save your request because of a problem on our side. "
                                       "Please try again in a few minutes."))  # fmt: skip
                status = 503
            else:
                if submission.created:  # a resent form (same form token) is not a new request
                    _too_many_submissions(request, count=True)
                return redirect(submission.consultation_request)
        else:
            status = 400
    return render(request, "consultations/form.html", {"form": form}, status=status)


@require_safe
@cache_control(private=True, no_store=True)
def received(request, reference):
    if not REFERENCE.fullmatch(reference):
        raise Http404
    consultation = get_object_or_404(ConsultationRequest, reference=reference)
    return render(request, "consultations/received.html", {
        "consultation": consultation,
        "reply_days": settings.CONSULTATION_REPLY_TARGET_BUSINESS_DAYS,
    })  # fmt: skip


@require_safe
def download_report(request, uid):
    """Decrypt and send one report to a coordinator; every download is logged."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (user.is_active and user.is_staff and user.has_perm("consultations.view_medicalreport")):
        raise PermissionDenied
    report = get_object_or_404(MedicalReport.objects.select_related("consultation_request"), uid=uid)
    AccessLogEntry.record(request, AccessLogEntry.Action.DOWNLOAD, report.consultation_request, report)
    try:
        chunks = open_report(report)
        # Check the key and the first segment before promising a file.
        first = next(chunks, b"")
    except StorageUnavailable as error:
        logger.error("Medical report %s cannot be fetched from storage: %s", report.uid, error)
        response = render(request, "consultations/report_unavailable.html", status=503)
        response["Retry-After"] = "60"
        return response
    except (DecryptionError, OSError) as error:
        logger.error("Medical report %s cannot be read: %s", report.uid, error)
        return render(request, "consultations/report_unreadable.html", status=500)
    response = StreamingHttpResponse(itertools.chain([first], chunks), content_type=report.content_type)
    response["Content-Disposition"] = content_disposition_header(True, report.original_name)
    response["Content-Length"] = str(report.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
