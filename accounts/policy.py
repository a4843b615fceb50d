"""Who must, and who may, use two-factor sign-in; what their devices are."""

from django.conf import settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Passkey

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def two_factor_required(user):
    """Superusers and members of TWO_FACTOR_REQUIRED_GROUPS (Coordinators) must use a second factor."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if user.is_superuser:
        return True
    required = settings.TWO_FACTOR_REQUIRED_GROUPS
    return bool(required) and user.groups.filter(name__in=required).exists()


def two_factor_offered(user):
    return user.is_authenticated and user.is_active and user.is_staff


def has_two_factor(user):
    """An authenticator app or a passkey (recovery codes alone are not a second factor)."""
    return any(isinstance(device, (TOTPDevice, Passkey)) for device in devices_for_user(user, confirmed=True))


def has_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def passkeys_of(user):
    return Passkey.objects.filter(user=user, confirmed=True)


def may_remove_passkey(user, passkey):
    """Not the last second factor of an account whose role requires one."""
    if not two_factor_required(user):
        return True
    return has_totp(user) or passkeys_of(user).exclude(pk=passkey.pk).exists()


def confirmed_devices(user):
    """TOTP first, then the recovery codes."""
    devices = list(devices_for_user(user, confirmed=True))
    return sorted(devices, key=lambda device: isinstance(device, StaticDevice))


def new_recovery_codes(user):
    """Replace the user's recovery codes by a new set; returns the codes (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.confirmed = True
    device.save()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def enrol_totp(user, device=None):
    """Confirm a TOTP device (new if not given) and make fresh recovery codes: `(device, codes)`."""
    device = device or TOTPDevice(user=user, name=TOTP_DEVICE_NAME)
    device.confirmed = True
    device.save()
    # One authenticator per account: an older one stops working when a new one is set up.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device, new_recovery_codes(user)


def remove_two_factor(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    for passkey in Passkey.objects.filter(user=user):
        passkey.delete()  # one by one: each removal is recorded (accounts.signals)
