"""The desk counts its rows only a few pages ahead (backoffice.changelist): it says "more than N", offers the
next pages, and a later page counts further; a list within the window keeps its exact count."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from consultations.models import ConsultationRequest

from .factories import coordinator

pytestmark = pytest.mark.django_db
DESK = "/admin/consultations/consultationrequest/"


def make_requests(count, **values):
    now = timezone.now()
    ConsultationRequest.objects.bulk_create(
        ConsultationRequest(
            patient_name=f"Patient {i}", phone="+6281234567890", preferred_language="id", country="ID",
            consent_notice_version="2026-01", consent_language="id", consent_at=now,
            created_at=now - timedelta(minutes=i), reply_due_at=now + timedelta(days=2), **values,
        )
        for i in range(count)
    )  # fmt: skip


@pytest.fixture
def desk(roles, verified_login):
    return verified_login(Client(), coordinator(username="pager"))


def page_links(html):
    return {int(number) for number in re.findall(r'href="\?p=(\d+)"', html)}


def test_a_long_list_is_counted_a_window_ahead_and_offers_the_next_pages(desk, settings):
    settings.LANGUAGE_CODE = "en"
    make_requests(700)  # 50 a page, counted 10 pages beyond the one shown: 550 rows
    response = desk.get(DESK)
    html = response.content.decode()
    assert response.context["cl"].result_count == 551
    assert "more than 550 consultation requests" in html
    assert "Select all matching consultation requests (more than 550)" in html
    assert 12 in page_links(html)  # the last page the window vouches for: row 551
    assert 13 not in page_links(html)

    response = desk.get(f"{DESK}?p=11")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 50
    assert response.context["cl"].result_count == 700  # counted to the end from here: exact again
    html = response.content.decode()
    assert "700 consultation requests" in html and "more than" not in html
    assert 14 in page_links(html)
    assert len(desk.get(f"{DESK}?p=14").context["cl"].result_list) == 700 - 13 * 50


def test_a_filtered_list_within_the_window_has_its_exact_count(desk):
    make_requests(700)
    make_requests(3, status="in_review")
    response = desk.get(f"{DESK}?status__exact=in_review")
    assert response.context["cl"].result_count == 3
    html = response.content.decode()
    assert "3 consultation requests" in html and "more than" not in html


def test_a_page_beyond_the_end_is_refused_politely(desk):
    make_requests(60)
    response = desk.get(f"{DESK}?p=9")
    assert response.status_code == 302  # Django's "?e=1": the list with an error note, never a 500
    assert desk.get(f"{DESK}?p=abc").status_code in (200, 302)
