"""When the database is unreachable or read-only: a localized 503 page, never a traceback.

The middleware turns a database error that escapes a view into a 503 page with `Retry-After`
in the visitor's language, rendered without touching the database. One raised in a middleware
(a session saved while the database is read-only, a session read while it is gone) never
reaches a `process_exception`: the site's 400 and 500 handlers give the same page
(`answer_outage`). A POST keeps what was typed: the page carries the answers in a form that
sends them again (files must be chosen again, a browser never lets a page refill them).
Nothing is cached and the next request simply tries the database again (Django reconnects),
so the site recovers without a restart.
`database_state()` is what /healthz reports: "up", "read-only" or "down".
"""

import logging
import os

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.shortcuts import render
from django.utils import translation

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
# Fields never echoed back into the page.
NOT_RESENT = {"csrfmiddlewaretoken", "password", "otp_token"}


def database_state():
    """("up" | "read-only" | "down", reason) for the default database."""
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')")
                in_recovery, read_only = cursor.fetchone()
                if in_recovery:
                    return "read-only", "the database server is a standby (in recovery)"
                if read_only == "on":
                    return "read-only", "the database only accepts read-only transactions"
            elif connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only")
                if cursor.fetchone()[0]:
                    return "read-only", "the database is in query-only mode"
                name = connection.settings_dict["NAME"]
                if not connection.is_in_memory_db() and not os.access(name, os.W_OK):
                    return "read-only", "the database file cannot be written"
            else:
                cursor.execute("SELECT 1")
    except DatabaseError as error:
        return "down", error.__class__.__name__
    return "up", ""


def is_outage(exception):
    """A database that cannot be reached or written, as opposed to a programming error."""
    if isinstance(exception, OperationalError | InterfaceError):
        return True
    # psycopg: "cannot execute INSERT in a read-only transaction" (SQLSTATE 25006)
    cause = getattr(exception, "__cause__", None)
    return isinstance(exception, DatabaseError) and getattr(cause, "sqlstate", "") == "25006"


def outage_cause(exception):
    """The database outage behind `exception`, or None: Django re-raises some as its own errors
    (a session that cannot be saved becomes SessionInterrupted, a 400), chained to the cause."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if is_outage(exception):
            return exception
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return None


def outage_response(request):
    # Before LocaleMiddleware has run (a fault in a middleware above it), the path says the language.
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_path(request.path_info)
    with translation.override(language or translation.get_language()):
        return _outage_page(request)


def _outage_page(request):
    answers = []
    if request.method == "POST":
        try:
            answers = [(name, value) for name, values in request.POST.lists() if name not in NOT_RESENT
                       for value in values]  # fmt: skip
        except Exception:  # the body itself may be what failed; the page is still shown
            answers = []
    response = render(request, "503.html", {
        "answers": answers, "had_files": request.method == "POST" and bool(request.FILES),
        "action": request.get_full_path(),
    }, status=503)  # fmt: skip
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return answer_outage(request, exception)
        return None


def answer_outage(request, error):
    # Only the class: a database error's text can quote what the patient typed.
    logger.error("Database unavailable for %s %s: %s", request.method, request.path, error.__class__.__name__)
    return outage_response(request)
