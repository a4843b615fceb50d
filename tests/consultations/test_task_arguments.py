"""What the mail tasks leave at rest: django-tasks-db keeps every task's arguments in a table (and
keeps the row after the task ran), so they are references only; the one-time code travels sealed.
Neither the table nor the logs ever hold the code, a message, a name or an address in clear."""

import io
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import translation

from consultations import tasks
from consultations.models import CaseMessage, ConsultationRequest
from tests.staff import verified_login

from .factories import PDF, coordinator, upload
from .test_case_page import CODE, LINK

pytestmark = pytest.mark.django_db(transaction=True)

PATIENT_TEXT = "My latest CT shows a 3 cm lesion near the left hilum."
REPLY_TEXT = "Heavy-ion therapy looks possible; please send the PET-CT from March."


@pytest.fixture
def task_table(settings):
    """Tasks stored as in production (django-tasks-db) and run by its worker, in this process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return TaskTable()


class TaskTable:
    def __init__(self):
        self.worker_output = io.StringIO()

    def rows(self):
        """Every stored column of every task row, as the database holds it."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM django_tasks_database_dbtaskresult")
            return [" ".join(str(value) for value in row) for row in cursor.fetchall()]

    def run(self):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=2,
                     stdout=self.worker_output)  # fmt: skip


def test_the_task_table_and_the_logs_never_hold_the_code_or_the_conversation(form_data, task_table, roles, caplog):
    caplog.set_level(logging.DEBUG)
    patient = Client()
    assert patient.post("/en/consultation/", form_data(preferred_language="en")).status_code == 302
    task_table.run()
    consultation_mail = next(m for m in mail.outbox if "siti@example.com" in m.to)
    path = LINK.search(consultation_mail.body).group(1)

    mail.outbox.clear()
    assert patient.post(path, {"send_code": "1"}).status_code == 302
    assert not mail.outbox  # queued, not sent: the row is all there is until the worker runs
    (queued,) = [row for row in task_table.rows() if "send_case_code" in row]
    task_table.run()
    code = CODE.search(mail.outbox[-1].body).group(1)
    assert code not in queued
    assert patient.post(path, {"code": code}).status_code == 302

    assert patient.post(path, {"body": PATIENT_TEXT, "reports": [upload("ct.pdf", PDF)]}).status_code == 302
    desk = verified_login(Client(), coordinator(username="desk"))
    translation.activate("en")
    consultation = CaseMessage.objects.get().consultation_request
    reply_url = f"/admin/consultations/consultationrequest/{consultation.pk}/reply/"
    assert desk.post(reply_url, {"body": REPLY_TEXT, "status": "", "_send": "1"}).status_code == 302
    task_table.run()

    rows = task_table.rows()
    for name in ("send_case_code", "notify_coordinators_of_news", "send_case_news"):
        assert any(name in row for row in rows), name
    secrets = [code, PATIENT_TEXT, REPLY_TEXT, consultation.patient_name, consultation.email, consultation.phone]
    for row in rows:
        for secret in secrets:
            assert secret not in row, (secret, row)
    logged = "\n".join([record.getMessage() for record in caplog.records] + [task_table.worker_output.getvalue()])
    assert "send_case_code" in logged  # the worker did log its tasks
    for secret in [code, PATIENT_TEXT, REPLY_TEXT]:
        assert secret not in logged


def test_a_sealed_code_opens_only_for_its_own_request(form_data, task_table, caplog):
    patient = Client()
    patient.post("/en/consultation/", form_data(preferred_language="en", patient_name="Siti One"))
    patient.post("/en/consultation/", form_data(preferred_language="en", patient_name="Siti Two"))
    first, second = ConsultationRequest.objects.order_by("pk")
    sealed = tasks.sealed_code(first.pk, "123456")
    assert "123456" not in sealed
    tampered = sealed[:30] + ("B" if sealed[30] == "A" else "A") + sealed[31:]
    mail.outbox.clear()
    assert tasks.send_case_code.call(second.pk, sealed) == "code unreadable"
    assert tasks.send_case_code.call(first.pk, tampered) == "code unreadable"
    assert not mail.outbox and second.reference in caplog.text
    assert tasks.send_case_code.call(first.pk, sealed) == "sent"
    assert "123456" in mail.outbox[0].body and mail.outbox[0].to == [first.email]
