"""Responses from the production settings carry every security header, and cookies are __Host-."""

import pytest

pytestmark = pytest.mark.django_db


def test_public_page_headers(client, settings):
    assert not settings.DEBUG
    response = client.get("/en/")
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "publickey-credentials-get"):
        assert f"{feature}=()" in policy
    assert "web-share=(self)" in policy  # the share button (static/js/share.js)
    assert "web-share=()" in client.get("/admin/login/")["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "style-src 'self';" in csp and "unsafe-inline" not in csp
    assert "script-src 'self'" in csp  # plus the request's nonce where a page has a script


def test_admin_keeps_inline_style_attributes_only(client):
    csp = client.get("/admin/login/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_cookies_carry_the_host_prefix_and_are_secure(client, settings):
    response = client.get("/en/consultation/")
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid" and settings.SESSION_COOKIE_SECURE


def test_public_templates_have_no_inline_style(client):
    """The strict style-src would drop inline styles: the pages must not depend on any."""
    import re

    for url in ("/en/", "/ar/", "/en/consultation/", "/en/news/", "/en/experts/", "/en/events/", "/en/search/?q=x"):
        html = client.get(url).content.decode()
        assert not re.search(r"<style(?![^>]*nonce)|\sstyle=\"", html), url
