"""Database faults: a localized 503 with Retry-After, the typed answers kept, recovery without restart.

The faults are real: the database is made read-only (SQLite's query_only, PostgreSQL's read-only
transactions), and on PostgreSQL it is taken away under a running server (connections refused
and the open ones terminated), then given back.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

import psycopg
import pytest
from django.db import connection

from consultations.models import ConsultationRequest
from tests.consultations.factories import PDF, CancerTypeFactory, upload

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server to take away")


def answers(cancer_type, **overrides):
    return {
        "patient_name": "Nguyễn Thị Lan", "cancer_type": str(cancer_type.pk), "phone": "+84 912 345 678",
        "preferred_language": "vi", "consent": "on", "website": "", "form_token": str(uuid.uuid4()),
        "message": "Xin tư vấn về xạ trị ion nặng", **overrides,
    }  # fmt: skip


def set_read_only(on):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
        else:
            cursor.execute(f"SET SESSION CHARACTERISTICS AS TRANSACTION READ {'ONLY' if on else 'WRITE'}")


@pytest.mark.django_db(transaction=True)
def test_read_only_database(client, consultation_settings):
    cancer_type = CancerTypeFactory(name="Liver cancer", slug="liver-cancer")
    set_read_only(True)
    try:
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["status"] == "read-only" and health.json()["reason"]
        assert client.get("/vi/").status_code == 200  # reading still works
        response = client.post("/vi/consultation/", {**answers(cancer_type), "reports": [upload("r.pdf", PDF)]})
        html = response.content.decode()
        assert response.status_code == 503
        assert 'lang="vi"' in html and "Nguyễn Thị Lan" in html and "Traceback" not in html
    finally:
        set_read_only(False)
    assert client.get("/healthz").json()["status"] == "up"
    response = client.post("/vi/consultation/", {**answers(cancer_type), "reports": [upload("r.pdf", PDF)]})
    assert response.status_code == 302 and ConsultationRequest.objects.count() == 1


def _get(url, data=None, language="en"):
    request = urllib.request.Request(url, data=data, headers={"Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_database_down_under_a_running_server_and_back(live_server, consultation_settings, settings):
    import http.cookiejar

    # Pages the page cache already holds stay readable in an outage; this test is about the pages
    # that must be rendered, so every request here reaches the view.
    settings.PAGE_CACHE_ENABLED = False

    name = connection.settings_dict["NAME"]
    admin_dsn = {k: v for k, v in connection.get_connection_params().items() if k in {"host", "port", "user",
                                                                                      "password"}}  # fmt: skip
    cancer_type = CancerTypeFactory(name="Liver cancer", slug="liver-cancer")
    assert _get(f"{live_server.url}/en/")[0] == 200
    # The form's CSRF cookie and token, fetched while the database is up.
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form_html = opener.open(f"{live_server.url}/en/consultation/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html).group(1)
    # The production-like cookies are Secure (and `__Host-`): a browser on http://localhost sends
    # them back, urllib's cookie jar does not, so they travel in the header by hand.
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    with psycopg.connect(dbname="postgres", autocommit=True, **admin_dsn) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                      "AND pid <> pg_backend_pid()", [name])  # fmt: skip
        try:
            for path, language in (("/en/", "en"), ("/zh-hans/", "zh-hans"), ("/ar/consultation/", "ar"),
                                   ("/en/news/", "en"), ("/en/experts/", "en")):  # fmt: skip
                status, headers, html = _get(live_server.url + path, language=language)
                assert status == 503, (path, html[:300])
                assert headers.get("Retry-After") and f'lang="{language}"' in html and "Traceback" not in html
            status, _headers, body = _get(f"{live_server.url}/healthz")
            assert status == 503 and '"down"' in body
            data = urllib.parse.urlencode({**answers(cancer_type), "csrfmiddlewaretoken": token}).encode()
            request = urllib.request.Request(f"{live_server.url}/en/consultation/", data=data,
                                             headers={"Referer": live_server.url + "/", "Cookie": cookies})  # fmt: skip
            try:
                response = opener.open(request, timeout=30)
                status, html = response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                status, html = error.code, error.read().decode()
            assert status == 503 and "Nguyễn Thị Lan" in html and "Xin tư vấn" in html
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    connection.close()  # this test's own connection was terminated too
    assert _get(f"{live_server.url}/en/")[0] == 200
    assert _get(f"{live_server.url}/healthz")[0] == 200


def _signed_in_staff(django_user_model, language="th"):
    """A staff member's client whose session is due to be written again ("last seen" a while ago)."""
    import time

    from django.test import Client

    from accounts.signals import SEEN_AT_SESSION_KEY

    user = django_user_model.objects.create_user("editor", "editor@example.com", "x-Long-pass-9", is_staff=True)
    # A real server never raises into the client: the handler's answer is what the visitor gets.
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    session = client.session
    session[SEEN_AT_SESSION_KEY] = int(time.time()) - 120
    session.save()
    return client


def _assert_outage_page(response, language):
    html = response.content.decode()
    assert response.status_code == 503, html[:300]
    assert response["Retry-After"] and "no-store" in response["Cache-Control"]
    assert f'lang="{language}"' in html and "Traceback" not in html and "Server Error" not in html


@pytest.mark.django_db(transaction=True)
def test_session_saved_by_a_middleware_while_the_database_is_read_only(django_user_model):
    # The page itself only reads; SessionMiddleware.process_response then writes the session.
    client = _signed_in_staff(django_user_model)
    set_read_only(True)
    try:
        _assert_outage_page(client.get("/th/"), "th")
    finally:
        set_read_only(False)
    assert client.get("/th/").status_code == 200


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_session_read_by_a_middleware_while_the_database_is_gone(django_user_model):
    # The staff-session middleware reads the session (and the user) before any view runs.
    client = _signed_in_staff(django_user_model, language="ar")
    name = connection.settings_dict["NAME"]
    admin_dsn = {k: v for k, v in connection.get_connection_params().items() if k in {"host", "port", "user",
                                                                                      "password"}}  # fmt: skip
    with psycopg.connect(dbname="postgres", autocommit=True, **admin_dsn) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                      "AND pid <> pg_backend_pid()", [name])  # fmt: skip
        try:
            _assert_outage_page(client.get("/ar/"), "ar")
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    connection.close()
    assert client.get("/ar/").status_code == 200
