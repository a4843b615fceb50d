"""The admin's sign-in form with the second factor, and the form that confirms a new authenticator."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import passkeys
from .models import Passkey, SecurityEvent
from .policy import confirmed_devices

TOKEN_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "size": 12}


def verify_code(user, token):
    """The confirmed device of `user` that accepts `token` (an authenticator code or a recovery code)."""
    token = "".join((token or "").split())
    if not token or len(token) > 16:
        return None
    for device in confirmed_devices(user):
        if isinstance(device, Passkey):
            continue  # signs a challenge instead (accounts.passkeys)
        with transaction.atomic():
            device = type(device).objects.select_for_update().get(pk=device.pk)
            if device.verify_token(token):
                return device
    return None


class AdminLoginForm(AdminAuthenticationForm):
    """Username and password, then the authentication code for accounts with two-factor sign-in,
    or a passkey's answer to this session's challenge in its place (static/js/passkeys.js).

    A wrong code or a refused passkey counts as a failed sign-in for the lockout (django-axes),
    like a wrong password.
    """

    otp_token = forms.CharField(
        label=_("Authentication code"), required=False, max_length=32, strip=True,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs=TOKEN_WIDGET_ATTRS),
    )  # fmt: skip
    passkey = forms.CharField(required=False, max_length=passkeys.MAX_RESPONSE_CHARS, widget=forms.HiddenInput)

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_required": _("Enter the authentication code from your authenticator app, or a recovery code."),
        "otp_invalid": _("That authentication code is not valid (codes change every 30 seconds)."),
        "passkey_required": _("Sign in with your passkey, or enter one of your recovery codes."),
        "passkey_invalid": _("That passkey was not accepted. Try again, or enter a code instead."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        devices = confirmed_devices(user)
        if not devices:
            return
        if self.cleaned_data.get("passkey"):
            user.otp_device = self._passkey(user)
            return
        token = self.cleaned_data.get("otp_token")
        device = verify_code(user, token) if token else None
        if device is None:
            code = "otp_invalid" if token else "otp_required"
            if not token and not any(isinstance(d, TOTPDevice) for d in devices):
                code = "passkey_required"
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

    def _passkey(self, user):
        try:
            passkey = passkeys.authenticate(self.request, user, self.cleaned_data["passkey"])
        except passkeys.PasskeyError as error:
            SecurityEvent.record(SecurityEvent.Kind.PASSKEY_FAILED, self.request, user=None,
                                 username=user.get_username(), detail=error.reason)  # fmt: skip
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            raise forms.ValidationError(self.error_messages["passkey_invalid"], code="passkey_invalid") from None
        SecurityEvent.record(SecurityEvent.Kind.PASSKEY_USED, self.request, user=None,
                             username=user.get_username(), detail=f"device {passkey.pk}: {passkey.name}")  # fmt: skip
        return passkey


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


class PasskeyForm(forms.Form):
    """A name for the new passkey and the browser's answer to the registration challenge."""

    name = forms.CharField(
        label=_("Name of the passkey"), max_length=64, strip=True,
        help_text=_("So you can tell your passkeys apart, for example “YubiKey” or “Work laptop”."),
    )  # fmt: skip
    credential = forms.CharField(
        max_length=passkeys.MAX_RESPONSE_CHARS, widget=forms.HiddenInput,
        error_messages={"required": _("No passkey was created. Press “Add a passkey” and follow your browser.")},
    )  # fmt: skip
