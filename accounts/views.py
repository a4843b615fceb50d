"""Setting up two-factor sign-in (TOTP, passkeys and recovery codes), and the lockout page."""

import segno
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import passkeys
from .forms import ConfirmDeviceForm, PasskeyForm
from .models import Passkey, SecurityEvent
from .policy import (
    TOTP_DEVICE_NAME,
    enrol_totp,
    has_totp,
    has_two_factor,
    may_remove_passkey,
    new_recovery_codes,
    passkeys_of,
    remove_two_factor,
    two_factor_required,
)

PENDING_DEVICE_SESSION_KEY = "accounts_pending_totp"


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def _pending_device(request):
    """The unconfirmed authenticator being set up in this session (a new secret per session)."""
    device = None
    pk = request.session.get(PENDING_DEVICE_SESSION_KEY)
    if pk:
        device = TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=TOTP_DEVICE_NAME, confirmed=False)
        request.session[PENDING_DEVICE_SESSION_KEY] = device.pk
    return device


def _secret_groups(device):
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def setup(request):
    """Show the QR code and secret of a new authenticator; confirm it with one code."""
    user = request.user
    if has_two_factor(user) and not user.is_verified():
        # Replacing an authenticator needs the current one: sign in with it first.
        return redirect(reverse("admin:login"))
    device = _pending_device(request)
    form = ConfirmDeviceForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device, codes = enrol_totp(user, device)
        request.session.pop(PENDING_DEVICE_SESSION_KEY, None)
        otp_login(request, device)
        return render(request, "accounts/recovery_codes.html", _context(
            request, title=_("Two-factor sign-in is on"), codes=codes, first_time=True,
        ))  # fmt: skip
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return render(request, "accounts/setup.html", _context(
        request, title=_("Set up two-factor sign-in"), form=form, qr_svg=mark_safe(qr_svg),  # noqa: S308 (segno's own SVG)
        secret=_secret_groups(device), required=two_factor_required(user), replacing=has_two_factor(user),
    ))  # fmt: skip


def _may_change(user):
    """Second factors are changed in a session verified with one, or set up when there is none."""
    return user.is_verified() or not has_two_factor(user)


@never_cache
@staff_member_required
def manage(request, passkey_form=None):
    user = request.user
    return render(request, "accounts/manage.html", _context(
        request, title=_("Two-factor sign-in"), enabled=has_two_factor(user), totp=has_totp(user),
        required=two_factor_required(user), verified=user.is_verified(), may_change=_may_change(user),
        passkeys=passkeys_of(user), passkey_form=passkey_form or PasskeyForm(),
    ), status=400 if passkey_form else 200)  # fmt: skip


@never_cache
@staff_member_required
@require_POST
def passkey_options(request):
    """A fresh registration challenge for static/js/passkeys.js (JSON)."""
    if not _may_change(request.user):
        return HttpResponseForbidden()
    return HttpResponse(passkeys.registration_options(request), content_type="application/json")


@never_cache
@require_POST
def passkey_sign_in_options(request):
    """A fresh sign-in challenge for the login page (JSON); the form's POST answers it."""
    return HttpResponse(passkeys.sign_in_options(request), content_type="application/json")


@never_cache
@staff_member_required
@require_POST
def passkey_add(request):
    user = request.user
    if not _may_change(user):
        return redirect(reverse("admin:login"))
    form = PasskeyForm(request.POST)
    if not form.is_valid():
        return manage(request, passkey_form=form)
    first = not has_two_factor(user)
    try:
        with transaction.atomic():
            passkey = passkeys.register(request, form.cleaned_data["name"], form.cleaned_data["credential"])
            codes = new_recovery_codes(user) if first else None
    except passkeys.PasskeyError as error:
        SecurityEvent.record(SecurityEvent.Kind.PASSKEY_FAILED, request, user=user,
                             detail=f"registration: {error.reason}")  # fmt: skip
        form.add_error(None, _("The passkey could not be registered. Try again, or use another passkey."))
        return manage(request, passkey_form=form)
    if first:
        otp_login(request, passkey)
        return render(request, "accounts/recovery_codes.html", _context(
            request, title=_("Two-factor sign-in is on"), codes=codes, first_time=True,
        ))  # fmt: skip
    messages.success(request, _("The passkey “%(name)s” is registered.") % {"name": passkey.name})
    return redirect("accounts:manage")


@never_cache
@staff_member_required
@require_POST
def passkey_remove(request, pk):
    user = request.user
    passkey = get_object_or_404(Passkey, pk=pk, user=user)
    if not user.is_verified():
        return redirect("accounts:manage")
    if not may_remove_passkey(user, passkey):
        messages.error(request, _("Your role requires two-factor sign-in: add another passkey or an authenticator app "
                                  "before you remove this one."))  # fmt: skip
        return redirect("accounts:manage")
    passkey.delete()
    messages.success(request, _("The passkey “%(name)s” is removed.") % {"name": passkey.name})
    return redirect("accounts:manage")


@never_cache
@staff_member_required
@require_POST
def renew_codes(request):
    user = request.user
    if not (has_two_factor(user) and user.is_verified()):
        return redirect("accounts:manage")
    codes = new_recovery_codes(user)
    SecurityEvent.record(SecurityEvent.Kind.RECOVERY_CODES_RENEWED, request, user=user)
    return render(request, "accounts/recovery_codes.html", _context(
        request, title=_("New recovery codes"), codes=codes, first_time=False,
    ))  # fmt: skip


@never_cache
@staff_member_required
@require_POST
def disable(request):
    user = request.user
    if two_factor_required(user):
        messages.error(request, _("Your role requires two-factor sign-in; it cannot be turned off."))
    elif has_two_factor(user) and user.is_verified():
        remove_two_factor(user)
        messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("accounts:manage")


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes' AXES_LOCKOUT_CALLABLE: a translated page instead of its English text."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/locked_out.html", _context(
        request, title=_("Too many failed sign-ins"), minutes=minutes,
    ), status=settings.AXES_HTTP_RESPONSE_CODE)  # fmt: skip
    response["Retry-After"] = str(minutes * 60)
    return response
