"""Coordinators answer from the admin; the patient reads, answers and uploads; everything is logged."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from consultations.models import (
    AccessLogEntry,
    CaseAccess,
    CaseLink,
    CaseMessage,
    ConsultationRequest,
    InternalNote,
    MedicalReport,
    ReplyTemplate,
)
from tests.staff import verified_login

from .factories import PDF, coordinator, stored_files, upload
from .test_case_page import LINK, ask_code, submit, unlocked

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk(roles):
    return verified_login(Client(), coordinator(username="desk", first_name="Dr", last_name="Wang"))


@pytest.fixture
def options_template(db):
    return ReplyTemplate.objects.create(
        name_en="Treatment options", body_en="Dear {patient_name}, about {reference}: heavy-ion therapy is possible.",
        body_ind="Yth. {patient_name}, tentang {reference}: terapi ion berat dapat dilakukan. {coordinator}",
        body_ar="السيد {patient_name}، بخصوص {reference}: العلاج بالأيونات الثقيلة ممكن.",
        status_after="replied",
    )  # fmt: skip


def reply_url(consultation):
    return f"/admin/consultations/consultationrequest/{consultation.pk}/reply/"


@pytest.mark.parametrize("language", ["en", "id", "ar"])
def test_the_whole_conversation(form_data, desk, options_template, language):
    patient, consultation, path = unlocked(form_data, language)
    # The coordinator fills the reply from the template, in the patient's language.
    filled = desk.post(reply_url(consultation), {"template": options_template.pk, "_use_template": "1"})
    assert filled.status_code == 200
    text = options_template.render(consultation, None, language)
    assert consultation.patient_name in text and consultation.reference in text
    body = filled.context["form"].initial["body"]
    assert body.startswith({"en": "Dear", "id": "Yth.", "ar": "السيد"}[language])
    assert filled.context["form"].initial["status"] == "replied"
    mail.outbox.clear()
    sent = desk.post(reply_url(consultation), {
        "template": options_template.pk, "body": body, "status": "replied",
        "reports": [upload("treatment-plan.pdf", PDF)], "_send": "1",
    })  # fmt: skip
    assert sent.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "replied" and consultation.first_replied_at is not None
    reply = CaseMessage.objects.get(consultation_request=consultation, author_kind="coordinator")
    assert reply.attachments.get().original_name == "treatment-plan.pdf"
    # The patient is told there is news: the reference and a link, nothing else, in their language.
    (news,) = mail.outbox
    assert consultation.reference in news.subject + news.body and LINK.search(news.body)
    assert f"/{language}/consultation/case/" in news.body
    assert body not in news.body and "heavy-ion" not in news.body and not news.attachments
    # The patient reads the reply and the plan, answers and uploads a PDF.
    page = patient.get(path).content.decode()
    assert consultation.reference in page and "treatment-plan.pdf" in page
    plan = reply.attachments.get()
    download = patient.get(f"/{language}/consultation/case/{path.rstrip('/').rsplit('/', 1)[-1]}/files/{plan.uid}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    mail.outbox.clear()
    assert patient.post(path, {"body": "Terima kasih", "reports": [upload("latest-ct.pdf", PDF)]}).status_code == 302
    assert all("Terima kasih" not in m.body and not m.attachments for m in mail.outbox)
    # The coordinator downloads it from the admin; the download is logged.
    report = MedicalReport.objects.get(original_name="latest-ct.pdf")
    translation.activate("en")  # the admin's language; the patient's request left theirs active
    assert report.get_download_url() in desk.get(consultation.get_admin_url()).content.decode()
    assert b"".join(desk.get(report.get_download_url()).streaming_content) == PDF
    actions = list(AccessLogEntry.objects.filter(consultation_request=consultation).order_by("pk")
                   .values_list("action", "ip_address"))  # fmt: skip
    names = [action for action, _ip in actions]
    for step in ("case_code_sent", "case_code_ok", "case_view", "reply", "case_download", "case_message",
                 "case_upload", "download"):  # fmt: skip
        assert step in names
    assert all(ip == "127.0.0.1" for _action, ip in actions)


def test_records_requested_sends_the_records_template(form_data, desk):
    _patient, consultation, _path = unlocked(form_data, "en")
    proposed = desk.get(reply_url(consultation) + "?records=1")
    form = proposed.context["form"]
    assert form.initial["status"] == "records_requested"
    assert consultation.patient_name in form.initial["body"] and consultation.reference in form.initial["body"]
    assert "Dr Wang" in form.initial["body"]
    response = desk.post(reply_url(consultation), {"body": form.initial["body"], "status": "records_requested",
                                                   "_send": "1"})  # fmt: skip
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "records_requested" and consultation.first_replied_at


def test_a_step_the_workflow_refuses_stores_nothing(form_data, desk):
    _patient, consultation, _path = unlocked(form_data)
    response = desk.post(reply_url(consultation), {"body": "Hello", "status": "appointment_scheduled", "_send": "1"})
    assert response.status_code == 200 and response.context["form"].errors["status"]
    assert not CaseMessage.objects.exists()


def test_internal_notes_stay_internal(form_data):
    patient, consultation, path = unlocked(form_data)
    InternalNote.objects.create(consultation_request=consultation, text="Probably not eligible")
    assert "Probably not eligible" not in patient.get(path).content.decode()


def test_a_request_without_email_says_it_has_no_case_page(client, form_data, desk):
    client.post("/en/consultation/", form_data(email=""))
    consultation = ConsultationRequest.objects.get()
    assert "No case page: this request has no e-mail address" in desk.get(consultation.get_admin_url()).content.decode()
    assert desk.get(reply_url(consultation)).status_code == 302
    assert not CaseMessage.objects.exists()


def test_revoke_and_renew_from_the_admin(client, form_data, desk):
    consultation, path = submit(client, form_data)
    changelist = "/admin/consultations/consultationrequest/"
    desk.post(changelist, {"action": "revoke_case_links", "_selected_action": [consultation.pk]})
    assert client.get(path).status_code == 404
    mail.outbox.clear()
    desk.post(changelist, {"action": "send_case_link", "_selected_action": [consultation.pk]})
    new_path = LINK.search(mail.outbox[0].body).group(1)
    assert new_path != path and client.get(new_path).status_code == 200
    assert client.get(path).status_code == 404
    actions = set(AccessLogEntry.objects.values_list("action", flat=True))
    assert {"link_revoked", "link_sent"} <= actions


def test_coordinators_without_the_role_cannot_reply(form_data, roles):
    _patient, consultation, _path = unlocked(form_data)
    from tests.hospital.factories import UserFactory

    other = Client()
    other.force_login(UserFactory(username="staff", is_staff=True))
    assert other.post(reply_url(consultation), {"body": "x", "_send": "1"}).status_code in (302, 403)
    assert not CaseMessage.objects.exists()


def test_the_purge_removes_messages_attachments_and_links(form_data, desk, private_dir):
    patient, consultation, path = unlocked(form_data)
    patient.post(path, {"body": "More records", "reports": [upload("more.pdf", PDF)]})
    desk.post(reply_url(consultation), {"body": "Thanks", "status": "closed", "_send": "1"})
    ConsultationRequest.objects.filter(pk=consultation.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=400)
    )
    call_command("purge_consultations", "--older-than", "365")
    for model in (ConsultationRequest, CaseMessage, MedicalReport, CaseLink, CaseAccess):
        assert not model.objects.exists()
    assert stored_files(private_dir) == []
    assert patient.get(path).status_code == 404


def test_the_csv_export_has_no_message_bodies(form_data, desk):
    patient, consultation, path = unlocked(form_data)
    patient.post(path, {"body": "Secret symptom details"})
    response = desk.post("/admin/consultations/consultationrequest/",
                         {"action": "export_csv", "_selected_action": [consultation.pk]})  # fmt: skip
    assert consultation.reference in response.content.decode()
    assert "Secret symptom details" not in response.content.decode()


def test_ask_code_helper_is_used(form_data, client):
    _consultation, path = submit(client, form_data)
    assert len(ask_code(client, path)) == 6
