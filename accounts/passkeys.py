"""Passkeys (WebAuthn) as the second factor: the registration and sign-in ceremonies.

The browser side is `static/js/passkeys.js`; the cryptography is py_webauthn's. The relying
party is `PASSKEY_RP_ID` (default: the first domain name in ALLOWED_HOSTS); the origin the
browser reports must be one of `PASSKEY_ORIGINS` (default: the origin the request came to,
whose host Django has already checked against ALLOWED_HOSTS).

Each ceremony's challenge lives in the session under its purpose, is used once (taken out
before the answer is checked) and expires after PASSKEY_CHALLENGE_SECONDS.
"""

import ipaddress
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Passkey, SecurityEvent

REGISTER = "register"
SIGN_IN = "sign_in"
SESSION_KEY = "accounts_passkey_{purpose}"
# What a browser's answer may weigh (a registration with attestation certificates is the largest).
MAX_RESPONSE_CHARS = 16_000


def _bad_response():
    """The errors py_webauthn and the base64url/JSON decoding raise for a malformed or forged answer.

    py_webauthn is imported where it is used, never at start-up: with pyOpenSSL and the asn1 modules
    it costs every worker 24 MB, and no public page needs it."""
    from webauthn.helpers.exceptions import WebAuthnException

    return (WebAuthnException, ValueError, TypeError, KeyError, AttributeError)


class PasskeyError(Exception):
    """The browser's answer was not accepted; `reason` goes to the security record (never shown)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = str(reason)[:150]


def rp_id():
    """The relying party: PASSKEY_RP_ID, or the first domain name (not an address) in ALLOWED_HOSTS."""
    if settings.PASSKEY_RP_ID:
        return settings.PASSKEY_RP_ID
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".").strip("[]")
        if not host or "*" in host:
            continue
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return host
    return "localhost"


def expected_origins(request):
    return list(settings.PASSKEY_ORIGINS) or [f"{request.scheme}://{request.get_host()}"]


def _user_handle(user):
    # Stable per account, says nothing about it (the specification asks for no personal data).
    return salted_hmac("accounts.passkeys.user_handle", str(user.pk), algorithm="sha256").digest()[:32]


def _descriptors(passkeys):
    from webauthn.helpers import base64url_to_bytes
    from webauthn.helpers.structs import AuthenticatorTransport, PublicKeyCredentialDescriptor

    return [
        PublicKeyCredentialDescriptor(
            id=base64url_to_bytes(passkey.credential_id),
            transports=[AuthenticatorTransport(t) for t in passkey.transports if t in AuthenticatorTransport],
        )
        for passkey in passkeys
    ]


def _remember(request, purpose, challenge):
    from webauthn.helpers import bytes_to_base64url

    request.session[SESSION_KEY.format(purpose=purpose)] = {
        "challenge": bytes_to_base64url(challenge),
        "expires": int(time.time()) + settings.PASSKEY_CHALLENGE_SECONDS,
    }


def _take_challenge(request, purpose):
    """The pending challenge of `purpose`, removed from the session: an answer is checked once."""
    from webauthn.helpers import base64url_to_bytes

    pending = request.session.pop(SESSION_KEY.format(purpose=purpose), None)
    if not isinstance(pending, dict) or not isinstance(pending.get("expires"), int):
        raise PasskeyError("no challenge pending")
    if pending["expires"] < time.time():
        raise PasskeyError("challenge expired")
    try:
        return base64url_to_bytes(pending["challenge"])
    except _bad_response() as error:
        raise PasskeyError("challenge unreadable") from error


def _checked_size(response):
    if not response or len(response) > MAX_RESPONSE_CHARS:
        raise PasskeyError("empty or oversized answer")
    return response


def registration_options(request):
    """Options for `navigator.credentials.create()` (JSON), for the signed-in user."""
    from webauthn import generate_registration_options, options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    user = request.user
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=str(settings.SITE_NAME),
        user_id=_user_handle(user),
        user_name=user.get_username(),
        user_display_name=user.get_full_name() or user.get_username(),
        timeout=settings.PASSKEY_CHALLENGE_SECONDS * 1000,
        # Discoverable credentials: sign-in asks for "a passkey of this site" without naming the
        # account's credentials, so the page tells nobody which accounts have which keys.
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(Passkey.objects.filter(user=user)),
    )
    _remember(request, REGISTER, options.challenge)
    return options_to_json(options)


def register(request, name, response):
    """Check the browser's answer to the registration challenge and store the passkey."""
    from webauthn import verify_registration_response
    from webauthn.helpers import bytes_to_base64url, parse_registration_credential_json

    challenge = _take_challenge(request, REGISTER)
    try:
        credential = parse_registration_credential_json(_checked_size(response))
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=expected_origins(request),
        )
    except _bad_response() as error:
        raise PasskeyError(error) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise PasskeyError("credential already registered")
    transports = [transport.value for transport in credential.response.transports or []][:8]
    passkey = Passkey.objects.create(
        user=request.user,
        name=name,
        confirmed=True,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=transports,
        backed_up=verified.credential_backed_up,
    )
    SecurityEvent.record(SecurityEvent.Kind.PASSKEY_ADDED, request, user=request.user,
                         detail=f"device {passkey.pk}: {name}")  # fmt: skip
    return passkey


def sign_in_options(request):
    """Options for `navigator.credentials.get()` (JSON): any passkey of this site; the password
    names the account."""
    from webauthn import generate_authentication_options, options_to_json
    from webauthn.helpers.structs import UserVerificationRequirement

    options = generate_authentication_options(
        rp_id=rp_id(),
        timeout=settings.PASSKEY_CHALLENGE_SECONDS * 1000,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _remember(request, SIGN_IN, options.challenge)
    return options_to_json(options)


def authenticate(request, user, response):
    """The passkey of `user` that signed this sign-in's challenge; raises PasskeyError otherwise.

    The signature counter must grow (unless the authenticator keeps none: always 0), so a
    cloned authenticator is refused once the original has been used after the copy was made.
    """
    from webauthn import verify_authentication_response
    from webauthn.helpers import bytes_to_base64url, parse_authentication_credential_json

    challenge = _take_challenge(request, SIGN_IN)
    try:
        credential = parse_authentication_credential_json(_checked_size(response))
    except _bad_response() as error:
        raise PasskeyError(error) from error
    credential_id = bytes_to_base64url(credential.raw_id)
    with transaction.atomic():
        passkey = Passkey.objects.select_for_update().filter(
            user=user, confirmed=True, credential_id=credential_id
        ).first()  # fmt: skip
        if passkey is None:
            raise PasskeyError("not a passkey of this account")
        try:
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=rp_id(),
                expected_origin=expected_origins(request),
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
            )
        except _bad_response() as error:
            raise PasskeyError(f"device {passkey.pk}: {error}") from error
        passkey.sign_count = verified.new_sign_count
        passkey.backed_up = verified.credential_backed_up
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "backed_up", "last_used_at"])
    return passkey
