"""The admin home says what needs the signed-in staff member's attention, with counts linking to lists."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from consultations.models import ConsultationRequest
from news.models import Status
from tests.experts.factories import ExpertFactory, PublicationFactory
from tests.hospital.factories import PageFactory, staff_in
from tests.news.factories import EventFactory, NewsItemFactory
from tests.staff import verified_login

pytestmark = pytest.mark.django_db


def attention(html):
    """{label: (count, url)} of the admin home's attention lines."""
    lines = re.findall(r'<a href="([^"]+)"><span class="attention-count">(\d+)</span> ([^<]+)</a>', html)
    return {unescape(label.strip()): (int(count), unescape(url)) for url, count, label in lines}


def listed(client, url):
    """How many rows a filtered changelist shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def consultation(**values):
    return ConsultationRequest.objects.create(
        patient_name="Patient", phone="+6281234567890", preferred_language="id", consent_notice_version="2026-01",
        consent_language="id", consent_at=timezone.now(), **values,
    )  # fmt: skip


def test_editors_see_drafts_items_in_review_and_scheduled_ones(client, roles):
    NewsItemFactory.create_batch(2, status=Status.DRAFT)
    NewsItemFactory(status=Status.REVIEW)
    NewsItemFactory(status=Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=3))
    NewsItemFactory(status=Status.PUBLISHED)
    EventFactory(status=Status.REVIEW)
    PageFactory(published=False)
    client.force_login(staff_in("Editor"))

    html = client.get("/admin/").content.decode()
    assert "What needs your attention" in html
    sections = re.findall(r'<div class="module attention-section">\s*<h2>([^<]+)</h2>', html)
    assert sections == ["Pages", "Expert profiles", "News items", "Events"]  # coordinators' requests not shown
    pages = attention(html.split("<h2>Pages</h2>")[1].split("<h2>Expert profiles</h2>")[0])
    assert pages == {"Drafts": (1, "/admin/hospital/page/?published__exact=0")}
    assert listed(client, pages["Drafts"][1]) == 1
    news_html = html.split("<h2>News items</h2>")[1].split("<h2>Events</h2>")[0]
    news = attention(news_html)
    assert {label: count for label, (count, _url) in news.items()} == {
        "Waiting for review": 1, "Drafts": 2, "Scheduled for publication": 1}  # fmt: skip
    for count, url in news.values():
        assert listed(client, url) == count


def test_coordinators_see_overdue_and_new_requests_and_nothing_else(client, roles):
    me = staff_in("Coordinator")
    consultation()  # new, due in two business days
    late = consultation(assignee=me)
    ConsultationRequest.objects.filter(pk=late.pk).update(reply_due_at=timezone.now() - timedelta(hours=1))
    NewsItemFactory(status=Status.DRAFT)
    verified_login(client, me)

    html = client.get("/admin/").content.decode()
    lines = attention(html)
    assert lines["Overdue replies"][0] == 1 and lines["New requests"][0] == 2
    assert lines["Assigned to you, awaiting reply"][0] == 1
    assert "News items" not in html and "Drafts" not in lines
    assert 'class="attention-urgent"' in html
    for count, url in lines.values():
        assert listed(client, url) == count


def test_physicians_see_what_their_own_profile_lacks(client, roles):
    physician = staff_in("Physician")
    ExpertFactory(user=physician, biography_en="<p>Thirty years of radiotherapy.</p>")
    other = ExpertFactory()  # someone else's gaps are not the physician's business
    PublicationFactory(experts=[other])
    client.force_login(physician)

    lines = attention(client.get("/admin/").content.decode())
    assert {label: count for label, (count, _url) in lines.items()} == {
        "Missing photo": 1, "Biography missing in a language": 1, "No publications": 1}  # fmt: skip
    assert "Your profile" in client.get("/admin/").content.decode()
    for count, url in lines.values():
        assert listed(client, url) == count


def test_editors_see_incomplete_profiles_of_all_experts(client, roles):
    complete = ExpertFactory(**{f"biography_{code}": "<p>Bio</p>" for code in
                                ("en", "zh_hans", "ind", "ms", "th", "vi", "bn", "ar")})  # fmt: skip
    type(complete).objects.filter(pk=complete.pk).update(photo="experts/portrait.jpg")
    PublicationFactory(experts=[complete])
    ExpertFactory.create_batch(2)
    client.force_login(staff_in("Editor"))
    html = client.get("/admin/").content.decode()
    profiles = attention(html.split("<h2>Expert profiles</h2>")[1])
    assert {label: count for label, (count, _url) in profiles.items()} == {
        "Missing photo": 2, "Biography missing in a language": 2, "No publications": 2}  # fmt: skip


def test_the_home_page_runs_a_fixed_number_of_queries(client, roles, django_assert_max_num_queries):
    client.force_login(staff_in("Editor"))
    NewsItemFactory.create_batch(5, status=Status.DRAFT)
    ExpertFactory.create_batch(5)
    with django_assert_max_num_queries(14):
        assert client.get("/admin/").status_code == 200
