"""Passkeys (WebAuthn) as the second factor: real ceremonies with a software authenticator."""

import json

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Passkey, SecurityEvent
from accounts.policy import enrol_totp
from tests.accounts.authenticator import SoftwareAuthenticator
from tests.accounts.test_sign_in import LOGIN, PASSWORD, code_for, staff_user
from tests.hospital.factories import staff_in

pytestmark = pytest.mark.django_db

MANAGE = "/admin/security/"
REGISTER_OPTIONS = "/admin/security/passkeys/options/"
ADD = "/admin/security/passkeys/"
SIGN_IN_OPTIONS = "/admin/security/passkeys/sign-in-options/"
REPORTS = "/admin/consultations/consultationrequest/"


@pytest.fixture
def coordinator_user(roles):
    return staff_in("Coordinator", username="desk", password=PASSWORD)


def sign_in(client, username, password=PASSWORD, address="203.0.113.7", **fields):
    """The admin's sign-in form; `passkey` or `otp_token` as the second factor."""
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/", **fields},
                       REMOTE_ADDR=address)  # fmt: skip


def register(client, authenticator, name="YubiKey", **bend):
    options = client.post(REGISTER_OPTIONS)
    assert options.status_code == 200 and options["Content-Type"] == "application/json"
    return client.post(ADD, {"name": name, "credential": authenticator.register(options.content, **bend)})


def sign_in_with_passkey(client, username, authenticator, address="203.0.113.7", **bend):
    options = client.post(SIGN_IN_OPTIONS)
    assert options.status_code == 200
    return sign_in(client, username, address=address, passkey=authenticator.sign_in(options.content, **bend))


def enrolled(user, verified_login):
    """`user` with a TOTP device and one passkey registered through the security page."""
    authenticator = SoftwareAuthenticator()
    client = verified_login(Client(), user)
    assert register(client, authenticator).status_code == 302
    return authenticator


def test_registration_options_ask_for_a_discoverable_passkey_of_this_site(client, coordinator_user, verified_login):
    verified_login(client, coordinator_user)
    options = json.loads(client.post(REGISTER_OPTIONS).content)
    assert options["rp"]["id"] == "localhost"  # the first domain name in ALLOWED_HOSTS
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["user"]["name"] == "desk" and "desk" not in options["user"]["id"]
    assert options["attestation"] == "none"
    assert client.get(REGISTER_OPTIONS).status_code == 405


def test_rp_id_comes_from_the_setting(client, coordinator_user, verified_login, settings):
    settings.PASSKEY_RP_ID = "hospital.example.org"
    verified_login(client, coordinator_user)
    assert json.loads(client.post(REGISTER_OPTIONS).content)["rp"]["id"] == "hospital.example.org"
    assert json.loads(Client().post(SIGN_IN_OPTIONS).content)["rpId"] == "hospital.example.org"


def test_register_two_named_passkeys_then_sign_in_with_one_instead_of_the_code(client, coordinator_user,
                                                                               verified_login):  # fmt: skip
    verified_login(client, coordinator_user)
    yubikey, laptop = SoftwareAuthenticator(), SoftwareAuthenticator()
    response = register(client, yubikey, name="YubiKey")
    assert response.status_code == 302 and response["Location"] == MANAGE
    assert register(client, laptop, name="Work laptop").status_code == 302
    page = client.get(MANAGE).content.decode()
    assert "YubiKey" in page and "Work laptop" in page
    names = Passkey.objects.filter(user=coordinator_user).values_list("name", flat=True)
    assert list(names) == ["YubiKey", "Work laptop"]
    assert SecurityEvent.objects.filter(kind="passkey_added", user=coordinator_user).count() == 2

    desk = Client()
    response = sign_in_with_passkey(desk, "desk", laptop)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert desk.get(REPORTS).status_code == 200
    assert Passkey.objects.get(name="Work laptop").sign_count == 1
    assert Passkey.objects.get(name="Work laptop").last_used_at is not None
    assert SecurityEvent.objects.filter(kind="passkey_used", username="desk").count() == 1
    assert "passkey" in SecurityEvent.objects.get(kind="login", ip_address="203.0.113.7").detail
    # The authenticator code still works for the same account.
    device = TOTPDevice.objects.get(user=coordinator_user)
    assert sign_in(Client(), "desk", otp_token=code_for(device)).status_code == 302


def test_a_passkey_alone_satisfies_the_two_factor_requirement(coordinator_user):
    client = Client()
    assert sign_in(client, "desk").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/security/setup/")
    assert "/admin/security/#passkeys" in client.get("/admin/security/setup/?required=1").content.decode()
    # The first second factor is a passkey: recovery codes come with it, the session is verified.
    response = register(client, SoftwareAuthenticator(), name="MacBook")
    html = response.content.decode()
    codes = list(StaticToken.objects.filter(device__user=coordinator_user).values_list("token", flat=True))
    assert response.status_code == 200 and len(codes) == 10 and all(code in html for code in codes)
    assert client.get(REPORTS).status_code == 200
    # Signing in again needs the passkey (or a recovery code): the password alone is not enough.
    response = sign_in(Client(), "desk")
    assert response.status_code == 200 and "Sign in with your passkey" in response.content.decode()
    assert sign_in(Client(), "desk", otp_token=codes[0]).status_code == 302


def test_superuser_signs_in_with_a_passkey(verified_login):
    root = staff_user("root", is_superuser=True)
    authenticator = enrolled(root, verified_login)
    client = Client()
    assert sign_in_with_passkey(client, "root", authenticator).status_code == 302
    assert client.get("/admin/accounts/securityevent/").status_code == 200


def refused(response):
    return response.status_code == 200 and "passkey was not accepted" in response.content.decode()


def test_wrong_origin_is_refused_at_sign_in_and_registration(client, coordinator_user, verified_login):
    authenticator = enrolled(coordinator_user, verified_login)
    assert refused(sign_in_with_passkey(client, "desk", authenticator, origin="https://evil.example"))
    event = SecurityEvent.objects.get(kind="passkey_failed")
    assert event.username == "desk" and "origin" in event.detail
    assert not SecurityEvent.objects.filter(kind="login", ip_address="203.0.113.7").exists()

    other = verified_login(Client(), coordinator_user)
    response = register(other, SoftwareAuthenticator(), origin="https://evil.example")
    assert response.status_code == 400 and "could not be registered" in response.content.decode()
    assert Passkey.objects.count() == 1


def test_wrong_relying_party_is_refused(client, coordinator_user, verified_login):
    authenticator = enrolled(coordinator_user, verified_login)
    assert refused(sign_in_with_passkey(client, "desk", authenticator, rp_id="evil.example"))
    assert "RP ID" in SecurityEvent.objects.get(kind="passkey_failed").detail


def test_a_challenge_is_used_once(client, coordinator_user, verified_login):
    authenticator = enrolled(coordinator_user, verified_login)
    options = client.post(SIGN_IN_OPTIONS).content
    answer = authenticator.sign_in(options)
    assert sign_in(client, "desk", passkey=answer).status_code == 302
    # The same answer again, on the session that got the challenge ...
    client.logout()
    assert refused(sign_in(client, "desk", passkey=answer))
    # ... or after asking for a new challenge.
    other = Client()
    other.post(SIGN_IN_OPTIONS)
    assert refused(sign_in(other, "desk", passkey=answer))
    details = list(SecurityEvent.objects.filter(kind="passkey_failed").values_list("detail", flat=True))
    assert details[1] == "no challenge pending" and "challenge" in details[0]


def test_an_expired_challenge_is_refused(client, coordinator_user, verified_login, settings):
    authenticator = enrolled(coordinator_user, verified_login)
    settings.PASSKEY_CHALLENGE_SECONDS = -1
    assert refused(sign_in_with_passkey(client, "desk", authenticator))
    assert SecurityEvent.objects.get(kind="passkey_failed").detail == "challenge expired"


def test_wrong_signature_is_refused(client, coordinator_user, verified_login):
    authenticator = enrolled(coordinator_user, verified_login)
    assert refused(sign_in_with_passkey(client, "desk", authenticator, bad_signature=True))
    assert "signature" in SecurityEvent.objects.get(kind="passkey_failed").detail
    assert Passkey.objects.get().sign_count == 0


def test_a_counter_that_goes_back_is_refused(client, coordinator_user, verified_login):
    """A cloned authenticator: the copy's counter lags behind the original's."""
    authenticator = enrolled(coordinator_user, verified_login)
    assert sign_in_with_passkey(Client(), "desk", authenticator, count=7).status_code == 302
    assert refused(sign_in_with_passkey(client, "desk", authenticator, count=7))
    assert refused(sign_in_with_passkey(client, "desk", authenticator, count=3))
    assert Passkey.objects.get().sign_count == 7
    assert sign_in_with_passkey(Client(), "desk", authenticator, count=8).status_code == 302


def test_a_passkey_of_another_account_is_refused(client, coordinator_user, verified_login):
    other = staff_in("Coordinator", username="other")
    other.set_password(PASSWORD)
    other.save()
    enrolled(coordinator_user, verified_login)
    theirs = enrolled(other, verified_login)
    assert refused(sign_in_with_passkey(client, "desk", theirs))
    assert SecurityEvent.objects.get(kind="passkey_failed").detail == "not a passkey of this account"


def test_refused_passkeys_count_towards_the_lockout(coordinator_user, verified_login):
    authenticator = enrolled(coordinator_user, verified_login)
    device = TOTPDevice.objects.get(user=coordinator_user)
    for attempt in range(5):
        response = sign_in_with_passkey(Client(), "desk", authenticator, bad_signature=True,
                                        address=f"198.51.100.{attempt}")  # fmt: skip
        assert response.status_code in (200, 429)
    assert sign_in(Client(), "desk", otp_token=code_for(device), address="192.0.2.8").status_code == 429
    assert SecurityEvent.objects.filter(kind="passkey_failed").count() >= 4
    assert SecurityEvent.objects.filter(kind="locked_out", username="desk").exists()


def test_wrong_password_with_a_good_passkey_does_not_sign_in(client, coordinator_user, verified_login):
    authenticator = enrolled(coordinator_user, verified_login)
    options = client.post(SIGN_IN_OPTIONS).content
    response = sign_in(client, "desk", password="wrong", passkey=authenticator.sign_in(options))
    assert response.status_code == 200 and "_auth_user_id" not in client.session


MALFORMED = ["x", "{}", "[]", "null", '{"rawId": "%%%", "response": {}}', "é" * 20000,
             '{"id": "AA", "rawId": "AA", "type": "public-key", "response": {"clientDataJSON": 5}}']  # fmt: skip


@pytest.mark.parametrize("answer", MALFORMED)
def test_malformed_answers_are_refused_without_an_error(client, coordinator_user, verified_login, answer):
    enrolled(coordinator_user, verified_login)
    client.post(SIGN_IN_OPTIONS)
    response = sign_in(client, "desk", passkey=answer)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    staff = verified_login(Client(), coordinator_user)
    staff.post(REGISTER_OPTIONS)
    response = staff.post(ADD, {"name": "Key", "credential": answer})
    assert response.status_code == 400 and Passkey.objects.count() == 1


def test_registration_needs_a_name_and_an_answer(client, coordinator_user, verified_login):
    verified_login(client, coordinator_user)
    response = client.post(ADD, {"name": "", "credential": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "No passkey was created" in html and "This field is required" in html
    # An answer without a pending challenge (options never asked for) is refused too.
    answer = SoftwareAuthenticator().register({"challenge": "AAAA", "rp": {"id": "localhost"}, "user": {"id": "AA"}})
    assert client.post(ADD, {"name": "Key", "credential": answer}).status_code == 400
    assert SecurityEvent.objects.get(kind="passkey_failed").detail == "registration: no challenge pending"


def test_the_same_authenticator_cannot_be_registered_twice(client, coordinator_user, verified_login):
    authenticator = enrolled(coordinator_user, verified_login)
    verified_login(client, coordinator_user)
    assert register(client, authenticator).status_code == 400
    assert Passkey.objects.count() == 1


def test_an_unverified_session_cannot_add_a_passkey_to_an_account_that_has_a_second_factor(coordinator_user):
    enrol_totp(coordinator_user)
    client = Client()
    client.force_login(coordinator_user)  # password only
    assert client.post(REGISTER_OPTIONS).status_code == 403
    assert client.post(ADD, {"name": "Thief", "credential": "{}"})["Location"].startswith("/admin/login/")
    assert not Passkey.objects.exists()


def test_remove_a_passkey_but_not_the_last_second_factor_of_a_coordinator(client, roles, verified_login):
    staff_in("Coordinator", username="solo", password=PASSWORD)
    client = Client()
    sign_in(client, "solo")
    register(client, SoftwareAuthenticator(), name="Only key")
    register(client, SoftwareAuthenticator(), name="Spare key")
    only, spare = Passkey.objects.order_by("pk")
    assert client.post(f"/admin/security/passkeys/{spare.pk}/remove/").status_code == 302
    assert not Passkey.objects.filter(pk=spare.pk).exists()
    event = SecurityEvent.objects.get(kind="passkey_removed")
    assert event.username == "solo" and "Spare key" in event.detail
    response = client.post(f"/admin/security/passkeys/{only.pk}/remove/", follow=True)
    assert "requires two-factor sign-in" in response.content.decode()
    assert Passkey.objects.filter(pk=only.pk).exists()


def test_nobody_removes_someone_elses_passkey(client, coordinator_user, verified_login, roles):
    enrolled(coordinator_user, verified_login)
    passkey = Passkey.objects.get()
    eddie = verified_login(Client(), staff_in("Editor", username="eddie"))
    assert eddie.post(f"/admin/security/passkeys/{passkey.pk}/remove/").status_code == 404
    assert eddie.post("/admin/security/passkeys/99999999999999999999/remove/").status_code == 404
    assert Passkey.objects.filter(pk=passkey.pk).exists()


def test_turning_two_factor_off_removes_the_passkeys_too(client, roles, verified_login):
    editor = staff_in("Editor", username="eddie")
    enrolled(editor, verified_login)
    verified_login(client, editor)
    client.post("/admin/security/disable/")
    assert not Passkey.objects.exists()
    assert SecurityEvent.objects.filter(kind="passkey_removed", username="eddie").exists()


def test_superuser_removes_a_lost_passkey_in_the_admin(client, coordinator_user, verified_login):
    enrolled(coordinator_user, verified_login)
    passkey = Passkey.objects.get()
    root = verified_login(client, staff_user("root", is_superuser=True))
    listing = root.get("/admin/accounts/passkey/").content.decode()
    assert "YubiKey" in listing and passkey.public_key.hex() not in listing
    root.post(f"/admin/accounts/passkey/{passkey.pk}/delete/", {"post": "yes"})
    assert not Passkey.objects.exists()
    assert SecurityEvent.objects.filter(kind="passkey_removed", username="desk").exists()


def test_admin_pages_may_use_webauthn_and_public_pages_may_not(client, coordinator_user, verified_login):
    login = client.get("/admin/login/")
    assert "publickey-credentials-get=(self)" in login["Permissions-Policy"]
    html = login.content.decode()
    assert "js/passkeys" in html and 'data-passkey="sign-in"' in html and "data-passkey-button hidden" in html
    verified_login(client, coordinator_user)
    assert "publickey-credentials-create=(self)" in client.get(MANAGE)["Permissions-Policy"]
    assert "publickey-credentials-get=()" in client.get("/en/")["Permissions-Policy"]


def test_the_scripts_strings_are_served_to_the_sign_in_page_in_its_language(client):
    catalogue = client.get("/admin/security/jsi18n/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert catalogue.status_code == 200
    assert "Follow your browser to use your passkey" in catalogue.content.decode()
