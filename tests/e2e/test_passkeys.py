"""Passkeys in Chromium: register one in the admin and sign in with it, on Chrome's virtual authenticator.

http://localhost is a secure context, so WebAuthn works on the live server without TLS; the
relying party is "localhost" (the first domain name in ALLOWED_HOSTS).
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.models import Passkey, SecurityEvent
from accounts.policy import enrol_totp
from tests.accounts.test_sign_in import PASSWORD, code_for
from tests.hospital.factories import staff_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADMIN_HOME = re.compile(r"^http://localhost:\d+/admin/$")  # not the login page's ?next=/admin/
VIRTUAL_AUTHENTICATOR = {"protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
                         "hasUserVerification": True, "isUserVerified": True}  # fmt: skip


def label(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def coordinator(roles):
    return staff_in("Coordinator", username="desk", password=PASSWORD)


def fill_login(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_register_a_passkey_and_sign_in_with_it(browser, live_server, coordinator, language):
    assert live_server.url.startswith("http://localhost:")
    device, _codes = enrol_totp(coordinator)
    context = browser.new_context(locale=language)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})["authenticatorId"]
    try:
        # The authenticator-app path still works: sign in with the code.
        fill_login(page, live_server, "desk")
        page.locator("#id_otp_token").fill(code_for(device))
        page.get_by_role("button", name=label(language, "Log in")).click()
        page.wait_for_url(ADMIN_HOME)

        page.goto(f"{live_server.url}/admin/security/")
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        page.get_by_label(label(language, "Name of the passkey")).fill("Virtual key")
        add = page.get_by_role("button", name=label(language, "Add a passkey"))
        expect(add).to_be_visible()
        add.focus()
        page.keyboard.press("Enter")  # keyboard only
        expect(page.get_by_text(label(language, "The passkey “%(name)s” is registered.") % {"name": "Virtual key"}))\
            .to_be_visible()  # fmt: skip
        passkey = Passkey.objects.get(user=coordinator)
        assert passkey.name == "Virtual key"
        credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
        assert len(credentials) == 1 and credentials[0]["isResidentCredential"]

        # Signed out, back in with the password and the passkey instead of the code.
        context.clear_cookies()
        fill_login(page, live_server, "desk")
        page.get_by_role("button", name=label(language, "Sign in with a passkey")).click()
        page.wait_for_url(ADMIN_HOME)
        page.goto(f"{live_server.url}/admin/consultations/consultationrequest/")
        expect(page.locator("#changelist")).to_be_visible()
        assert SecurityEvent.objects.filter(kind="passkey_used", username="desk").count() == 1
        passkey.refresh_from_db()
        assert passkey.last_used_at is not None
    finally:
        context.close()


def test_a_browser_without_webauthn_is_told_so(browser, live_server):
    context = browser.new_context(locale="en-GB")
    context.add_init_script("delete window.PublicKeyCredential;")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        expect(page.get_by_text("This browser cannot use passkeys here.")).to_be_visible()
        expect(page.get_by_role("button", name="Sign in with a passkey")).to_be_hidden()
        expect(page.locator("#id_otp_token")).to_be_visible()
    finally:
        context.close()
