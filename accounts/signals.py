"""Sign-in events and two-factor changes written to the security record (never a password or code)."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Passkey, SecurityEvent

LOGIN_AT_SESSION_KEY = "accounts_login_at"
SEEN_AT_SESSION_KEY = "accounts_seen_at"


@receiver(user_logged_in, dispatch_uid="accounts_login")
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT_SESSION_KEY] = now
        request.session[SEEN_AT_SESSION_KEY] = now
    device = getattr(user, "otp_device", None)
    detail = "password only"
    if isinstance(device, Passkey):
        detail = f"two-factor: passkey {device.pk}"
    elif device is not None:
        detail = "two-factor"
    SecurityEvent.record(SecurityEvent.Kind.LOGIN, request, user=user, detail=detail)


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    if sender == "accounts.forms":
        return  # the wrong code is already recorded as such
    SecurityEvent.record(SecurityEvent.Kind.LOGIN_FAILED, request, username=(credentials or {}).get("username", ""))


@receiver(user_logged_out, dispatch_uid="accounts_logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        SecurityEvent.record(SecurityEvent.Kind.LOGOUT, request, user=user)


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    SecurityEvent.record(SecurityEvent.Kind.LOCKED_OUT, request, username=username or "")


@receiver(post_save, sender=TOTPDevice, dispatch_uid="accounts_totp_saved")
def on_totp_saved(sender, instance, created, update_fields=None, **kwargs):
    # Every confirmation is a change, whichever door (setup page, admin, ensure_admin) made it.
    if instance.confirmed and (update_fields is None or "confirmed" in update_fields):
        if not SecurityEvent.objects.filter(
            kind=SecurityEvent.Kind.OTP_ENABLED, detail=f"device {instance.pk}"
        ).exists():
            SecurityEvent.record(SecurityEvent.Kind.OTP_ENABLED, user=instance.user, detail=f"device {instance.pk}")


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="accounts_totp_deleted")
def on_totp_deleted(sender, instance, **kwargs):
    if instance.confirmed:
        # No foreign key: the user may be being deleted in the same transaction.
        username = type(instance.user).objects.filter(pk=instance.user_id).values_list("username", flat=True).first()
        SecurityEvent.record(SecurityEvent.Kind.OTP_DISABLED, username=username or "", detail=f"device {instance.pk}")


@receiver(post_delete, sender=Passkey, dispatch_uid="accounts_passkey_deleted")
def on_passkey_deleted(sender, instance, **kwargs):
    # Both doors (the user's security page, a superuser removing a lost key) end here.
    username = type(instance.user).objects.filter(pk=instance.user_id).values_list("username", flat=True).first()
    SecurityEvent.record(SecurityEvent.Kind.PASSKEY_REMOVED, username=username or "",
                         detail=f"device {instance.pk}: {instance.name}")  # fmt: skip
