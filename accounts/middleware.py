"""Staff sessions: idle and absolute time limits, and the second factor where it is required."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import SecurityEvent
from .policy import has_two_factor, two_factor_required
from .signals import LOGIN_AT_SESSION_KEY, SEEN_AT_SESSION_KEY

# The session's "last seen" time is written at most this often (not on every request).
SEEN_RESOLUTION_SECONDS = 60


class StaffSessionMiddleware:
    """A staff session ends after STAFF_SESSION_IDLE_SECONDS without a request, and
    STAFF_SESSION_MAX_SECONDS after sign-in, whatever the activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            expired = self._expired(request.session)
            if expired:
                SecurityEvent.record(SecurityEvent.Kind.SESSION_EXPIRED, request, user=user, detail=expired)
                logout(request)
                if request.path_info.startswith("/admin/"):
                    messages.warning(request, _("Your session has ended. Please sign in again."))
                    return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return self.get_response(request)

    @staticmethod
    def _expired(session):
        now = int(time.time())
        login_at = session.get(LOGIN_AT_SESSION_KEY)
        seen_at = session.get(SEEN_AT_SESSION_KEY)
        if not isinstance(login_at, int) or not isinstance(seen_at, int):
            # A session from before these limits (or forged): start counting now.
            session[LOGIN_AT_SESSION_KEY] = login_at if isinstance(login_at, int) else now
            session[SEEN_AT_SESSION_KEY] = now
            return ""
        if now - login_at > settings.STAFF_SESSION_MAX_SECONDS:
            return "absolute limit"
        if now - seen_at > settings.STAFF_SESSION_IDLE_SECONDS:
            return "idle"
        if now - seen_at >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_AT_SESSION_KEY] = now
        return ""


def _guarded(request):
    """The admin and the medical-report download need a verified second factor."""
    match = request.resolver_match
    if match is None:
        return False
    return "admin" in match.namespaces or match.view_name == "consultations:download"


OPEN_VIEWS = {"admin:login", "admin:logout", "admin:jsi18n", "accounts:setup", "accounts:locked_out"}


class TwoFactorRequiredMiddleware:
    """Coordinators and superusers reach the back office only with a verified second factor.

    Without a device they are sent to set one up; a session that was not verified with the
    device the account has (an old session, a forced login) is ended.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not _guarded(request):
            return None
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if has_two_factor(user):
            logout(request)
            messages.info(request, _("Please sign in again with your authentication code."))
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if two_factor_required(user):
            return redirect(f"{reverse('accounts:setup')}?required=1")
        return None
