"""Staff sign-in: lockout, Argon2, two-factor sign-in, session limits and the security record."""

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from accounts.policy import enrol_totp
from tests.hospital.factories import UserFactory, staff_in

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct-horse-battery-9"


def code_for(device):
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(device.digits)


def sign_in(client, username, password=PASSWORD, token="", address="203.0.113.7", **extra):
    data = {"username": username, "password": password, "next": "/admin/"}
    if token:
        data["otp_token"] = token
    return client.post(LOGIN, data, REMOTE_ADDR=address, **extra)


def staff_user(username, **kwargs):
    user = UserFactory(username=username, is_staff=True, **kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def forget_failures():
    """django-otp makes a device wait a moment after a wrong code; tests do not wait."""
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


@pytest.fixture
def editor_user(roles):
    return staff_in("Editor", username="eddie", password=PASSWORD)


@pytest.fixture
def coordinator_user(roles):
    return staff_in("Coordinator", username="desk", password=PASSWORD)


def test_password_hashes_are_argon2_and_old_ones_upgrade_on_login(client, editor_user):
    assert editor_user.password.startswith("argon2$")
    editor_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    editor_user.save()
    assert sign_in(client, "eddie").status_code == 302
    editor_user.refresh_from_db()
    assert editor_user.password.startswith("argon2$")


def test_five_wrong_passwords_lock_the_account_for_everyone(editor_user, settings):
    for attempt in range(5):
        response = sign_in(Client(), "eddie", password=f"wrong-{attempt}", address=f"198.51.100.{attempt}")
        assert response.status_code in (200, 429)
    # The right password, from yet another address, is refused during the cool-off.
    response = sign_in(Client(), "eddie", address="192.0.2.50")
    assert response.status_code == 429
    html = response.content.decode()
    assert "too many failed sign-ins" in html and "15 minutes" in html
    assert response["Retry-After"] == "900"
    assert SecurityEvent.objects.filter(kind="locked_out", username="eddie").exists()
    assert SecurityEvent.objects.filter(kind="login_failed", username="eddie").count() >= 5
    assert not SecurityEvent.objects.filter(kind="login").exists()


def test_lockout_message_is_translated(editor_user):
    for attempt in range(6):
        response = Client().post("/admin/login/", {"username": "eddie", "password": f"x{attempt}"},
                                 HTTP_ACCEPT_LANGUAGE="zh-hans", REMOTE_ADDR=f"198.51.100.{attempt}")  # fmt: skip
    assert response.status_code == 429
    assert 'lang="zh-hans"' in response.content.decode()
    assert "too many failed sign-ins" not in response.content.decode()


def test_one_address_guessing_many_accounts_is_locked(roles):
    for number in range(5):
        sign_in(Client(), f"nobody{number}", password="guess", address="198.51.100.9")
    staff_user("victim")
    assert sign_in(Client(), "victim", address="198.51.100.9").status_code == 429
    # ... but the account itself is not locked for someone else.
    assert sign_in(Client(), "victim", address="192.0.2.1").status_code == 302


def test_cool_off_ends(editor_user, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    for attempt in range(5):
        sign_in(Client(), "eddie", password=f"wrong-{attempt}")
    assert sign_in(Client(), "eddie").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    assert sign_in(Client(), "eddie").status_code == 302


def test_successful_login_is_recorded_with_the_client_address(client, editor_user):
    sign_in(client, "eddie", address="203.0.113.99")
    event = SecurityEvent.objects.get(kind="login")
    assert event.user == editor_user and event.ip_address == "203.0.113.99" and "password only" in event.detail


# Two-factor sign-in


def test_coordinator_without_device_must_set_one_up_before_the_admin(client, coordinator_user):
    assert sign_in(client, "desk").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/security/setup/")
    response = client.get("/admin/consultations/consultationrequest/")
    assert response["Location"].startswith("/admin/security/setup/")
    page = client.get("/admin/security/setup/?required=1")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "requires two-factor sign-in" in html
    device = TOTPDevice.objects.get(user=coordinator_user, confirmed=False)
    assert client.post("/admin/security/setup/", {"token": "000000"}).status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    forget_failures()
    response = client.post("/admin/security/setup/", {"token": code_for(device)})
    html = response.content.decode()
    assert "recovery codes" in html
    codes = list(StaticToken.objects.filter(device__user=coordinator_user).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in html for code in codes)
    assert client.get("/admin/consultations/consultationrequest/").status_code == 200
    assert SecurityEvent.objects.filter(kind="otp_enabled", user=coordinator_user).exists()


def test_login_with_a_device_needs_the_code(coordinator_user):
    device, codes = enrol_totp(coordinator_user)
    response = sign_in(Client(), "desk")
    assert response.status_code == 200 and "Enter the authentication code" in response.content.decode()
    response = sign_in(Client(), "desk", token="123456")
    assert response.status_code == 200 and "not valid" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="otp_failed", username="desk").count() == 1
    forget_failures()
    client = Client()
    assert sign_in(client, "desk", token=code_for(device)).status_code == 302
    assert client.get("/admin/consultations/consultationrequest/").status_code == 200
    assert "two-factor" in SecurityEvent.objects.get(kind="login").detail


def test_recovery_code_works_once(coordinator_user):
    _device, codes = enrol_totp(coordinator_user)
    assert sign_in(Client(), "desk", token=codes[0]).status_code == 302
    assert sign_in(Client(), "desk", token=codes[0]).status_code == 200
    assert SecurityEvent.objects.filter(kind="recovery_code_used").count() == 1


def test_wrong_codes_count_towards_the_lockout(coordinator_user):
    device, _codes = enrol_totp(coordinator_user)
    for attempt in range(5):
        sign_in(Client(), "desk", token=f"00000{attempt}", address=f"198.51.100.{attempt}")
        forget_failures()
    assert sign_in(Client(), "desk", token=code_for(device), address="192.0.2.8").status_code == 429


def test_session_without_verification_is_ended_for_accounts_with_a_device(client, coordinator_user):
    enrol_totp(coordinator_user)
    client.force_login(coordinator_user)  # a password-only session (as before two-factor existed)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_superuser_needs_two_factor_too(client):
    staff_user("root", is_superuser=True)
    sign_in(client, "root")
    assert client.get("/admin/")["Location"].startswith("/admin/security/setup/")


def test_two_factor_is_offered_not_forced_to_editors(client, editor_user):
    sign_in(client, "eddie")
    page = client.get("/admin/")
    assert page.status_code == 200 and "/admin/security/" in page.content.decode()
    assert "is off" in client.get("/admin/security/").content.decode()


def test_editor_can_turn_it_on_and_off_but_a_coordinator_cannot_turn_it_off(client, editor_user, coordinator_user,
                                                                             verified_login):  # fmt: skip
    verified_login(client, editor_user)
    client.post("/admin/security/disable/")
    assert not TOTPDevice.objects.filter(user=editor_user).exists()
    assert SecurityEvent.objects.filter(kind="otp_disabled", username="eddie").exists()
    desk = verified_login(Client(), coordinator_user)
    desk.post("/admin/security/disable/")
    assert TOTPDevice.objects.filter(user=coordinator_user, confirmed=True).exists()


def test_renewed_recovery_codes_replace_the_old_ones(client, coordinator_user, verified_login):
    verified_login(client, coordinator_user)
    old = set(StaticToken.objects.filter(device__user=coordinator_user).values_list("token", flat=True))
    html = client.post("/admin/security/recovery-codes/").content.decode()
    new = set(StaticToken.objects.filter(device__user=coordinator_user).values_list("token", flat=True))
    assert len(new) == 10 and not old & new and all(code in html for code in new)
    assert SecurityEvent.objects.filter(kind="recovery_codes_renewed").exists()


def test_report_download_needs_two_factor(client, coordinator_user):
    import uuid

    client.force_login(coordinator_user)
    response = client.get(f"/en/consultation/reports/{uuid.uuid4()}/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/security/setup/")


# Session limits


def _age_session(client, idle=0, since_login=0):
    session = client.session
    now = int(time.time())
    session["accounts_seen_at"] = now - idle
    session["accounts_login_at"] = now - since_login
    session.save()


def test_idle_staff_session_ends_after_30_minutes(client, editor_user, settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    sign_in(client, "eddie")
    _age_session(client, idle=29 * 60, since_login=29 * 60)
    assert client.get("/admin/").status_code == 200
    _age_session(client, idle=31 * 60, since_login=31 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert SecurityEvent.objects.filter(kind="session_expired", detail="idle").exists()


def test_active_staff_session_ends_after_12_hours(client, editor_user, settings):
    assert settings.STAFF_SESSION_MAX_SECONDS == 12 * 60 * 60
    sign_in(client, "eddie")
    _age_session(client, idle=60, since_login=12 * 60 * 60 + 1)
    assert client.get("/admin/").status_code == 302
    assert SecurityEvent.objects.filter(kind="session_expired", detail="absolute limit").exists()


def test_login_redirect_url_is_set(settings):
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_REDIRECT_URL) == "/admin/"


def test_foreign_next_ends_in_the_admin(client, editor_user):
    response = client.post("/admin/login/?next=https://evil.example/", {
        "username": "eddie", "password": PASSWORD, "next": "https://evil.example/"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_security_record_is_read_only_and_for_superusers(client, editor_user, verified_login):
    SecurityEvent.objects.create(kind="login", username="x")
    eddie = verified_login(Client(), editor_user)
    assert eddie.get("/admin/accounts/securityevent/").status_code == 403
    root = verified_login(client, UserFactory(username="root", is_superuser=True, is_staff=True))
    assert root.get("/admin/accounts/securityevent/").status_code == 200
    assert root.get("/admin/accounts/securityevent/add/").status_code == 403


def test_ensure_admin_enrols_two_factor_in_debug_only(settings, monkeypatch):
    import io

    from django.core.management import call_command
    from django.test import override_settings

    monkeypatch.setenv("DJANGO_ADMIN_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", PASSWORD)
    with override_settings(DEBUG=False):
        out = io.StringIO()
        call_command("ensure_admin", stdout=out)
    assert not TOTPDevice.objects.exists()
    with override_settings(DEBUG=True):
        out = io.StringIO()
        call_command("ensure_admin", stdout=out)
    codes = out.getvalue().strip().split(": ")[-1].split()
    assert len(codes) == 10
    client = Client()
    assert sign_in(client, "admin", token=codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200
