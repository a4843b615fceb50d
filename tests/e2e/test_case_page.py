"""The conversation after the form, in Chromium without JavaScript: link by mail, code, reply, answer, upload."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from consultations.models import AccessLogEntry, CaseMessage, ConsultationRequest, MedicalReport, ReplyTemplate
from tests.consultations.factories import PDF, CancerTypeFactory, coordinator
from tests.staff import verified_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("consultation_settings"),
]

LINK = re.compile(r"https?://[^/\s]+(/[a-z-]+/consultation/case/[A-Za-z0-9_-]+/)")
CODE = re.compile(r"\b(\d{6})\b")
REPLY = {
    "en": "Dear {patient_name}, heavy-ion therapy is possible for {reference}.",
    "id": "Yth. {patient_name}, terapi ion berat dapat dilakukan untuk {reference}.",
    "ar": "السيد {patient_name}، العلاج بالأيونات الثقيلة ممكن للطلب {reference}.",
}
ANSWER = {"en": "Thank you, here is my latest CT.", "id": "Terima kasih, ini CT terbaru saya.",
          "ar": "شكرًا، هذه أحدث أشعة مقطعية لي."}  # fmt: skip


def button(page, language, label):
    with translation.override(language):
        return page.get_by_role("button", name=gettext(label))


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["en", "id", "ar"])
def test_patient_and_coordinator_talk_through_the_case_page(live_server, no_js_page, roles, tmp_path, language):
    page = no_js_page
    CancerTypeFactory(name="Lung cancer", slug="lung-cancer")
    template = ReplyTemplate.objects.create(name_en="Options", body_en=REPLY["en"], body_ind=REPLY["id"],
                                            body_ar=REPLY["ar"], status_after="replied")  # fmt: skip
    mail.outbox.clear()
    # The patient sends the form.
    page.goto(f"{live_server.url}/{language}/consultation/")
    page.locator("#id_patient_name").fill("Siti Rahmawati")
    page.locator("#id_cancer_type").select_option(label="Lung cancer")
    page.locator("#id_phone").fill("+62 812-3456-7890")
    page.locator("#id_email").fill("siti@example.com")
    page.locator("#id_preferred_language").select_option(language)
    pdf = tmp_path / "ct-report.pdf"
    pdf.write_bytes(PDF)
    page.locator("#id_reports").set_input_files([pdf])
    page.locator("#id_consent").check()
    button(page, language, "Send my request").click()
    page.wait_for_url(re.compile(r"/consultation/received/"))
    consultation = ConsultationRequest.objects.get()
    (acknowledgement,) = [m for m in mail.outbox if "siti@example.com" in m.to]
    path = LINK.search(acknowledgement.body).group(1)
    assert path.startswith(f"/{language}/")

    # The link alone asks for a code; the code arrives by mail and opens the page.
    page.goto(live_server.url + path)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    mail.outbox.clear()
    button(page, language, "Send me a code").click()
    code = CODE.search(mail.outbox[-1].body).group(1)
    page.locator("#id_code").fill(code)
    button(page, language, "Open my case page").click()
    expect(page.locator("#case-message-form")).to_be_visible()
    expect(page.locator("#reference")).to_have_text(consultation.reference)

    # A coordinator replies in the admin from the template (in the patient's language).
    desk = verified_login(Client(), coordinator(username="desk"))
    reply_url = f"/admin/consultations/consultationrequest/{consultation.pk}/reply/"
    filled = desk.post(reply_url, {"template": template.pk, "_use_template": "1"}).context["form"].initial
    mail.outbox.clear()
    assert desk.post(reply_url, {"body": filled["body"], "status": filled["status"], "_send": "1"}).status_code == 302
    (news,) = mail.outbox
    assert consultation.reference in news.body and "heavy-ion" not in news.body and "ion berat" not in news.body

    # The patient reads it, answers and uploads a PDF.
    page.reload()
    expected = REPLY[language].format(patient_name="Siti Rahmawati", reference=consultation.reference)
    expect(page.locator("#conversation")).to_contain_text(expected)
    page.locator("#id_body").fill(ANSWER[language])
    plan = tmp_path / "latest-ct.pdf"
    plan.write_bytes(PDF)
    mail.outbox.clear()
    page.locator("#id_reports").set_input_files([plan])
    button(page, language, "Send").click()
    expect(page.locator("#conversation")).to_contain_text(ANSWER[language])
    expect(page.locator("#conversation")).to_contain_text("latest-ct.pdf")
    assert all(ANSWER[language] not in m.body and not m.attachments for m in mail.outbox)

    # The coordinator downloads it; every step is in the access log.
    report = MedicalReport.objects.get(original_name="latest-ct.pdf")
    assert CaseMessage.objects.get(attachments=report).from_patient
    assert b"".join(desk.get(f"/en/consultation/reports/{report.uid}/").streaming_content) == PDF
    steps = set(AccessLogEntry.objects.filter(consultation_request=consultation).values_list("action", flat=True))
    assert {"case_code_sent", "case_code_ok", "case_view", "reply", "case_message", "case_upload",
            "download"} <= steps  # fmt: skip
