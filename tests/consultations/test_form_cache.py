"""The consultation form from the anonymous page cache: a valid CSRF token and double-submit token for
every visitor, without JavaScript."""

import gzip
import re

import pytest
from django.conf import settings
from django.test import Client

from .factories import FORM_URL

pytestmark = pytest.mark.django_db
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')
FORM_TOKEN_RE = re.compile(r'name="form_token" value="([0-9a-f-]+)"')


def test_consultation_form_is_cached_with_a_valid_token_per_visitor(form_data):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one = first.get(FORM_URL)
    two = second.get(FORM_URL, headers={"accept-encoding": "gzip"})
    assert one.status_code == two.status_code == 200
    assert one["X-Page-Cache"] == "miss" and two["X-Page-Cache"] == "hit"
    assert two["Content-Encoding"] == "gzip"
    html_one, html_two = one.content.decode(), gzip.decompress(two.content).decode()
    assert CSRF_RE.search(html_one).group(1) != CSRF_RE.search(html_two).group(1)
    assert FORM_TOKEN_RE.search(html_one).group(1) != FORM_TOKEN_RE.search(html_two).group(1)
    assert settings.CSRF_COOKIE_NAME in two.cookies and "\x00" not in html_two
    # The visitor who got the cached copy submits it as a browser without JavaScript would.
    data = form_data(csrfmiddlewaretoken=CSRF_RE.search(html_two).group(1),
                     form_token=FORM_TOKEN_RE.search(html_two).group(1))  # fmt: skip
    response = second.post(FORM_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_visitor_with_a_csrf_cookie_keeps_it(form_data):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(FORM_URL)
    cookie = visitor.cookies[settings.CSRF_COOKIE_NAME].value
    cached = visitor.get(FORM_URL)
    assert cached["X-Page-Cache"] == "hit"
    token = CSRF_RE.search(cached.content.decode()).group(1)
    response = visitor.post(FORM_URL, form_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert visitor.cookies[settings.CSRF_COOKIE_NAME].value == cookie
