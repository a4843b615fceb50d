"""The consultation form's long option lists (2,000 experts) are built once per change, not per view."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.experts.factories import ExpertFactory

from .factories import FORM_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def rendered_every_time(settings):
    """The page itself is rendered on every request; its fragments and option lists may be kept."""
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


def expert_queries(client, url=FORM_URL):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries if '"experts_expert"' in q["sql"]]


def expert_options(html):
    select = re.search(r'<select name="preferred_expert".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d*)"( selected)?[^>]*>([^<]*)</option>', select)


def test_expert_options_are_read_once_until_an_expert_changes(client, rendered_every_time, lung):
    first = ExpertFactory(name_en="Wang Ligen", order=1)
    html, queries = expert_queries(client)
    assert queries and [label for _, _, label in expert_options(html)] == ["No preference", "Wang Ligen"]
    html_again, queries_again = expert_queries(client)
    assert queries_again == [] and html_again.count("Wang Ligen") == html.count("Wang Ligen")
    ExpertFactory(name_en="Lee Jiwoo", order=2)
    first.name_en = "Wang Ligen (Shanghai)"
    first.save()
    html, queries = expert_queries(client)
    assert queries and [label for _, _, label in expert_options(html)] == [
        "No preference", "Wang Ligen (Shanghai)", "Lee Jiwoo"
    ]  # fmt: skip


def test_kept_options_mark_the_chosen_expert_only(client, rendered_every_time, lung):
    experts = [ExpertFactory(name_en=f"Doctor {n}", order=n) for n in (1, 2, 12)]
    expert_queries(client)  # the options are kept now
    html = client.get(f"{FORM_URL}?expert={experts[0].default_slug}").content.decode()
    selected = [label for _, is_selected, label in expert_options(html) if is_selected]
    assert selected == ["Doctor 1"]  # not "Doctor 12", whose value starts the same
    html = client.get(FORM_URL).content.decode()
    assert [label for _, is_selected, label in expert_options(html) if is_selected] == ["No preference"]


def test_kept_options_are_per_language_with_fallback_marked(client, rendered_every_time, lung):
    ExpertFactory(name_en="Wang Ligen", name_th="หวัง ลี่เกิน")
    ExpertFactory(name_en="Lee Jiwoo")
    expert_queries(client)
    html = client.get(FORM_URL.replace("/en/", "/th/", 1)).content.decode()
    assert ">หวัง ลี่เกิน</option>" in html
    assert re.search(r'<option value="\d+" lang="en">Lee Jiwoo</option>', html)
