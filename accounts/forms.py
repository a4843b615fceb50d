"""The admin's sign-in form with the second factor, and the form that confirms a new authenticator."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice

from .models import SecurityEvent
from .policy import confirmed_devices

TOKEN_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "size": 12}


def verify_code(user, token):
    """The confirmed device of `user` that accepts `token` (an authenticator code or a recovery code)."""
    token = "".join((token or "").split())
    if not token or len(token) > 16:
        return None
    for device in confirmed_devices(user):
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_token(token):
                return device
    return None


class AdminLoginForm(AdminAuthenticationForm):
    """Username and password, then the authentication code for accounts with two-factor sign-in.

    A wrong code counts as a failed sign-in for the lockout (django-axes), like a wrong password.
    """

    otp_token = forms.CharField(
        label=_("Authentication code"), required=False, max_length=32, strip=True,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs=TOKEN_WIDGET_ATTRS),
    )  # fmt: skip

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_required": _("Enter the authentication code from your authenticator app, or a recovery code."),
        "otp_invalid": _("That authentication code is not valid (codes change every 30 seconds)."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        devices = confirmed_devices(user)
        if not devices:
            return
        token = self.cleaned_data.get("otp_token")
        device = verify_code(user, token) if token else None
        if device is None:
            code = "otp_invalid" if token else "otp_required"
            if token:
                SecurityEvent.record(SecurityEvent.Kind.OTP_FAILED, self.request, user=None,
                                     username=user.get_username())  # fmt: skip
                # Counted by django-axes like a wrong password (per account and per address).
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.get_username()}, request=self.request
                )
            raise forms.ValidationError(self.error_messages[code], code=code)
        if isinstance(device, StaticDevice):
            SecurityEvent.record(SecurityEvent.Kind.RECOVERY_CODE_USED, self.request, user=None,
                                 username=user.get_username(), detail=f"{device.token_set.count()} left")  # fmt: skip
        # django_otp's user_logged_in handler marks the session as verified with this device.
        user.otp_device = device


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"), max_length=16, strip=True, widget=forms.TextInput(attrs=TOKEN_WIDGET_ATTRS)
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("That code does not match. Check the time on your phone and enter the newest code."),
                code="otp_invalid",
            )
        return token
