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


@pytest.fixture
def fragments_only(settings):
    """Pages rendered every time (no page cache), their costly parts kept as in production."""
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


def test_the_blank_form_is_rendered_once_and_every_visitor_gets_own_tokens(fragments_only, form_data):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(3)]
    responses = [visitor.get(FORM_URL) for visitor in visitors]
    fields = [sum(template.name == "bootstrap5/field.html" for template in r.templates) for r in responses]
    assert fields[0] > 10 and fields[1:] == [0, 0]  # crispy-forms rendered the fields for the first only
    pages = [response.content.decode() for response in responses]
    csrf = [CSRF_RE.search(page).group(1) for page in pages]
    tokens = [FORM_TOKEN_RE.search(page).group(1) for page in pages]
    assert len(set(csrf)) == len(set(tokens)) == 3 and not any("\x00" in page for page in pages)
    # The same markup but for the tokens: the kept fragment.
    assert len({FORM_TOKEN_RE.sub("", CSRF_RE.sub("", page)) for page in pages}) == 1
    for visitor, token, form_token in zip(visitors, csrf, tokens, strict=True):
        response = visitor.post(FORM_URL, form_data(csrfmiddlewaretoken=token, form_token=form_token))
        assert response.status_code == 302, response.content.decode()[:2000]


def test_a_kept_form_shows_a_new_expert_at_once_and_the_chosen_one_apart(fragments_only):
    from tests.experts.factories import ExpertFactory

    before = Client().get(FORM_URL).content.decode()
    expert = ExpertFactory(name_en="Kenji Watanabe", slug_en="kenji-watanabe")
    assert "Kenji Watanabe" not in before and "Kenji Watanabe" in Client().get(FORM_URL).content.decode()
    chosen = Client().get(FORM_URL, {"expert": "kenji-watanabe"}).content.decode()
    assert re.search(rf'<option value="{expert.pk}" selected>', chosen)
    assert not re.search(r"<option [^>]*selected>Kenji", Client().get(FORM_URL).content.decode())


def test_a_form_with_answers_or_errors_is_never_kept(fragments_only, form_data):
    visitor = Client()
    answered = visitor.post(FORM_URL, form_data(email="not an address"))
    assert answered.status_code == 400 and "not an address" in answered.content.decode()
    blank = Client().get(FORM_URL).content.decode()
    assert "not an address" not in blank and 'id="form-errors"' not in blank


def test_the_privacy_notice_link_follows_its_page(fragments_only):
    from tests.hospital.factories import PageFactory

    assert "read the privacy notice" not in Client().get(FORM_URL).content.decode()
    notice = PageFactory(title_en="Privacy notice", slug_en="privacy", title_zh_hans="隐私声明", slug_zh_hans="隐私")
    assert 'href="/en/privacy/"' in Client().get(FORM_URL).content.decode()
    assert 'href="/zh-hans/%E9%9A%90%E7%A7%81/"' in Client().get("/zh-hans/consultation/").content.decode()
    notice.published = False
    notice.save()
    assert "read the privacy notice" not in Client().get(FORM_URL).content.decode()


def test_each_visitor_of_the_form_gets_a_working_token_in_the_joined_page(fragments_only, form_data, referenced_pieces):
    Client().get(FORM_URL)  # the form is kept
    referenced_pieces.clear()
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(FORM_URL, headers={"accept-encoding": "gzip"})
    pieces = referenced_pieces  # what hospital.compression joined, as they were compressed
    assert response["Content-Encoding"] == "gzip" and pieces
    assert all(piece.deflated in response.content for piece in pieces)
    html = gzip.decompress(response.content).decode()
    token = CSRF_RE.search(html).group(1)
    assert all(token not in piece.text for piece in pieces)  # secrets stay out of kept pieces
    assert visitor.post(FORM_URL, form_data(csrfmiddlewaretoken=token)).status_code == 302
