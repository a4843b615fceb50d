"""Signing staff in on a test client as after the admin's full two-factor sign-in."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_login(client, user):
    """Give `user` a confirmed TOTP device (and recovery codes) if they have none, sign them in
    with `force_login` and mark the session as verified with that device. Returns the client.

    Coordinators and superusers need this to reach the admin and the report downloads;
    `client.force_login(user)` alone sends them to the two-factor set-up page.
    """
    from accounts.policy import enrol_totp

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrol_totp(user)[0]
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
