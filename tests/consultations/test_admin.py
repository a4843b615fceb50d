"""The coordinators' desk in the admin: filters, workflow, notes, export and the access log."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from consultations.models import AccessLogEntry, ConsultationRequest, InternalNote
from tests.hospital.factories import UserFactory

from .factories import FORM_URL, coordinator

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/consultations/consultationrequest/"


@pytest.fixture
def requests_(client, form_data):
    for name, country, language in (("Siti", "ID", "id"), ("An", "VN", "vi"), ("Ahmed", "AE", "ar")):
        client.post(FORM_URL, form_data(patient_name=name, country=country, preferred_language=language,
                                        phone={"ID": "+6281234567890", "VN": "+84912345678",
                                               "AE": "+971501234567"}[country]))  # fmt: skip
    return list(ConsultationRequest.objects.order_by("pk"))


@pytest.fixture
def desk(roles, verified_login):
    return verified_login(Client(), coordinator(username="desk"))


@pytest.fixture
def superuser_client(db, verified_login):
    return verified_login(Client(), UserFactory(username="root", is_superuser=True))


def change_url(consultation):
    return f"{CHANGELIST}{consultation.pk}/change/"


def test_changelist_with_every_filter(desk, requests_, lung, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = desk.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for consultation in requests_:
        assert consultation.reference in html
    for query in ("status__exact=new", "overdue=yes", "overdue=no", f"cancer_type__id__exact={lung.pk}",
                  "country=VN", "preferred_language__exact=ar", f"created_at__year={timezone.now().year}",
                  "q=Siti", f"q={requests_[0].reference}", "q=%2B84912345678"):  # fmt: skip
        assert desk.get(f"{CHANGELIST}?{query}").status_code == 200, query
    assert desk.get(f"{CHANGELIST}?country=VN").context["cl"].result_count == 1
    assert desk.get(f"{CHANGELIST}?q=Ahmed").context["cl"].result_count == 1


def test_changelist_queries_do_not_grow_with_requests(desk, requests_, client, form_data, django_assert_num_queries):
    desk.get(CHANGELIST)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        desk.get(CHANGELIST)
    for _n in range(3):
        client.post(FORM_URL, form_data())
    with CaptureQueriesContext(connection) as after:
        desk.get(CHANGELIST)
    assert len(after) == len(before)


def test_overdue_requests_are_highlighted_and_filtered(desk, requests_):
    late = requests_[0]
    ConsultationRequest.objects.filter(pk=late.pk).update(reply_due_at=timezone.now() - datetime.timedelta(hours=1))
    response = desk.get(f"{CHANGELIST}?overdue=yes")
    assert response.context["cl"].result_count == 1
    assert "⚠ overdue" in response.content.decode()
    ConsultationRequest.objects.filter(pk=late.pk).update(status="replied")
    assert desk.get(f"{CHANGELIST}?overdue=yes").context["cl"].result_count == 0


def test_reply_target_counts_business_days(requests_, settings):
    consultation = requests_[0]
    received = timezone.make_aware(datetime.datetime(2026, 1, 9, 15, 0))  # a Friday
    consultation.created_at, consultation.reply_due_at = received, None
    consultation.save()
    due = timezone.localtime(consultation.reply_due_at)
    assert (due.weekday(), due.day) == (1, 13)  # Tuesday 13th: the weekend does not count


def test_viewing_a_request_is_logged(desk, requests_):
    consultation = requests_[0]
    response = desk.get(change_url(consultation))
    assert response.status_code == 200
    assert "Siti" in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.username, entry.reference) == ("view", "desk", consultation.reference)


def test_status_workflow(desk, requests_):
    consultation = requests_[0]
    data = {"status": "in_review", "assignee": "", "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0",
            "notes-2-TOTAL_FORMS": "0", "notes-2-INITIAL_FORMS": "0",
            "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"}  # fmt: skip
    response = desk.post(change_url(consultation), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    consultation.refresh_from_db()
    assert consultation.status == "in_review"
    # From "in review" a request cannot jump to "appointment scheduled".
    response = desk.post(change_url(consultation), {**data, "status": "appointment_scheduled"})
    assert response.status_code == 200
    consultation.refresh_from_db()
    assert consultation.status == "in_review"
    desk.post(change_url(consultation), {**data, "status": "replied"})
    consultation.refresh_from_db()
    assert consultation.status == "replied" and consultation.first_replied_at is not None


def test_actions_follow_the_workflow(desk, requests_):
    first, second, third = requests_
    ConsultationRequest.objects.filter(pk=third.pk).update(status="closed")
    response = desk.post(CHANGELIST, {"action": "mark_spam", "_selected_action": [first.pk, third.pk]}, follow=True)
    assert "Not changed" in response.content.decode() and third.reference in response.content.decode()
    assert ConsultationRequest.objects.get(pk=first.pk).status == "spam"
    assert ConsultationRequest.objects.get(pk=third.pk).status == "closed"
    desk.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [second.pk]})
    assert ConsultationRequest.objects.get(pk=second.pk).assignee.username == "desk"


def test_internal_notes_have_author_and_time_and_stay_read_only(desk, requests_):
    consultation = requests_[0]
    data = {"status": "new", "assignee": "", "notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0",
            "notes-2-TOTAL_FORMS": "1", "notes-2-INITIAL_FORMS": "0", "notes-2-0-text": "Called the daughter.",
            "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"}  # fmt: skip
    response = desk.post(change_url(consultation), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    note = InternalNote.objects.get()
    assert note.author.username == "desk" and note.created_at is not None
    page = desk.get(change_url(consultation)).content.decode()
    assert "Called the daughter." in page
    assert 'name="notes-0-text"' not in page  # shown, not editable


def test_coordinators_cannot_add_or_delete_requests(desk, requests_):
    assert desk.get(f"{CHANGELIST}add/").status_code == 403
    assert desk.get(f"{change_url(requests_[0])[:-7]}delete/").status_code == 403


def test_csv_export_has_no_names_contacts_messages_or_files(desk, requests_):
    ConsultationRequest.objects.filter(pk=requests_[0].pk).update(cancer_type_other="=HYPERLINK(1)")
    response = desk.post(CHANGELIST, {"action": "export_csv", "_selected_action": [c.pk for c in requests_]})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4 and rows[0][0] == "reference"
    for secret in ("Siti", "Ahmed", "+62", "siti@example.com", "heavy-ion", "ct-report.pdf"):
        assert secret not in text
    assert AccessLogEntry.objects.filter(action="export").count() == 1


def test_access_log_is_read_by_superusers_and_edited_by_nobody(desk, superuser_client, requests_):
    desk.get(change_url(requests_[0]))
    entry = AccessLogEntry.objects.get()
    log_url = "/admin/consultations/accesslogentry/"
    assert desk.get(log_url).status_code == 403
    assert superuser_client.get(log_url).status_code == 200
    assert superuser_client.get(f"{log_url}{entry.pk}/change/").status_code == 200  # a read-only view
    assert superuser_client.post(f"{log_url}{entry.pk}/change/", {"username": "x"}).status_code == 403
    assert superuser_client.get(f"{log_url}{entry.pk}/delete/").status_code == 403
    assert superuser_client.get(f"{log_url}add/").status_code == 403
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().update(username="x")
