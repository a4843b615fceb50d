"""The record of every sign-in, failure, lockout and two-factor change of staff accounts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGOUT = "logout", _("signed out")
        SESSION_EXPIRED = "session_expired", _("session expired")
        OTP_FAILED = "otp_failed", _("wrong authentication code")
        RECOVERY_CODE_USED = "recovery_code_used", _("recovery code used")
        OTP_ENABLED = "otp_enabled", _("two-factor sign-in enabled")
        OTP_DISABLED = "otp_disabled", _("two-factor sign-in removed")
        RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("recovery codes renewed")
        PASSKEY_ADDED = "passkey_added", _("passkey registered")
        PASSKEY_REMOVED = "passkey_removed", _("passkey removed")
        PASSKEY_USED = "passkey_used", _("signed in with a passkey")
        PASSKEY_FAILED = "passkey_failed", _("passkey not accepted")

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    # As typed at sign-in (kept when the account does not exist or is deleted later).
    username = models.CharField(_("username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        indexes = [models.Index(fields=["username", "-created"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or '-'}"

    @classmethod
    def record(cls, kind, request=None, user=None, username="", detail=""):
        meta = getattr(request, "META", {}) or {}
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        username = username or (user.get_username() if user else "")
        return cls.objects.create(
            kind=kind,
            user=user,
            username=str(username)[:150],
            ip_address=meta.get("REMOTE_ADDR") or None,
            detail=str(detail)[:200],
        )


class Passkey(Device):
    """A WebAuthn credential (security key, phone, laptop) that stands in for the authenticator code.

    A django-otp device, so a session signed in with it is verified like one signed in with a
    code; it never accepts a typed token. The ceremonies are in `accounts.passkeys`.
    """

    # base64url of the credential id the authenticator chose (at most 1023 bytes: 1364 characters).
    credential_id = models.CharField(_("credential id"), max_length=1400, unique=True, editable=False)
    public_key = models.BinaryField(_("public key"), editable=False)  # COSE_Key, as registered
    sign_count = models.PositiveBigIntegerField(_("signature counter"), default=0, editable=False)
    transports = models.JSONField(_("transports"), default=list, blank=True, editable=False)
    backed_up = models.BooleanField(_("synced between devices"), default=False, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")

    def verify_token(self, token):
        return False  # a passkey signs a challenge (accounts.passkeys); it has no code to type
