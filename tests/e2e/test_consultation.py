"""The free-consultation form in a real browser (Chromium), as a patient uses it.

The form must work without JavaScript: a patient on an old phone or a locked-down browser can
still send reports. Errors are shown in the page's language, next to the field they concern,
and the answers already typed are kept (only the chosen files are lost: browsers never keep them).
"""

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from consultations.files import open_report
from consultations.models import ConsultationRequest, MedicalReport
from tests.consultations.factories import PDF, PNG, CancerTypeFactory, stored_files
from tests.experts.factories import ExpertFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("consultation_settings"),
]

REFERENCE = r"HC-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"
INVALID_PHONE_MESSAGE = "Enter a valid phone number with its country code, for example +62 812 3456 7890."
FILES_AGAIN_MESSAGE = (
    "Your other answers are kept, but browsers do not keep chosen files: please choose your medical "
    "reports again before sending."
)


def translated(language, message):
    """`message` as the catalogue of `language` has it (what the page must show)."""
    with translation.override(language):
        return gettext(message)


# Fixtures


@pytest.fixture
def lung(transactional_db):
    return CancerTypeFactory(name="Lung cancer", slug="lung-cancer")


@pytest.fixture
def reports(tmp_path):
    """Two real small files on the patient's disk: a PDF report and a PNG scan."""
    folder = tmp_path / "on-the-patients-computer"
    folder.mkdir()
    pdf, png = folder / "ct-report.pdf", folder / "scan.png"
    pdf.write_bytes(PDF)
    png.write_bytes(PNG)
    return [pdf, png]


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


# What the patient does


def fill_in(page, *, name, cancer_type, phone, message="", files=()):
    page.locator("#id_patient_name").fill(name)
    page.locator("#id_cancer_type").select_option(label=cancer_type)
    page.locator("#id_phone").fill(phone)
    page.locator("#id_message").fill(message)
    if files:
        page.locator("#id_reports").set_input_files(files)
    page.locator("#id_consent").check()


def send(page, language):
    """Click the (translated) send button; returns the response to the form's POST."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name=translated(language, "Send my request")).click()
    return posted.value


# 1. The happy path, without JavaScript


def test_patient_without_javascript_submits_reports_and_gets_a_reference(
    live_server, page_without_javascript, lung, reports, private_dir
):
    page = page_without_javascript
    page.goto(f"{live_server.url}/en/consultation/")
    fill_in(page, name="Siti Rahmawati", cancer_type="Lung cancer", phone="+62 812-3456-7890", files=reports)

    assert page.evaluate("typeof window.bootstrap") == "undefined"  # the page's scripts did not run
    response = send(page, "en")
    page.wait_for_url(re.compile(rf"/en/consultation/received/{REFERENCE}/$"))

    # Post/redirect/get: the form answers with a redirect to a confirmation page.
    assert response.status == 302
    consultation = ConsultationRequest.objects.get()
    assert page.url == f"{live_server.url}/en/consultation/received/{consultation.reference}/"
    expect(page.locator("#reference")).to_have_text(consultation.reference)
    # Neither the address nor the page gives away who the patient is or what they have.
    address, shown = unquote(page.url), page.locator("main").inner_text()
    for personal in ("Siti", "Rahmawati", "+62 812-3456-7890", "6281234567890"):
        assert personal not in address and personal not in shown
    assert "lung" not in address.lower()

    # What was stored is what was sent, byte for byte.
    assert consultation.patient_name == "Siti Rahmawati"
    assert consultation.phone == "+6281234567890"
    assert consultation.cancer_type == lung
    assert consultation.consent_language == "en"
    stored = MedicalReport.objects.filter(consultation_request=consultation)
    assert stored.count() == 2
    sent = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in reports}
    assert {report.original_name: report.sha256 for report in stored} == sent
    for report in stored:
        assert hashlib.sha256(b"".join(open_report(report))).hexdigest() == sent[report.original_name]
    blobs = [Path(name).read_bytes() for name in stored_files(private_dir)]
    assert len(blobs) == 2
    assert not any(PDF[:64] in blob or PNG[:64] in blob for blob in blobs)  # encrypted, never kept as sent

    # Reloading the confirmation page sends nothing a second time.
    page.reload()
    expect(page.locator("#reference")).to_have_text(consultation.reference)
    assert ConsultationRequest.objects.count() == 1
    assert MedicalReport.objects.count() == 2


# 2. A mistake, in the patient's language


PATIENTS = {
    "en": ("Siti Rahmawati", "Is heavy-ion therapy possible for stage III?\nThank you."),
    "id": ("Siti Rahmawati", "Apakah terapi ion berat mungkin untuk stadium III?\nTerima kasih."),
    "zh-hans": ("王丽华", "三期可以做重离子治疗吗？\n谢谢。"),
}


@pytest.mark.parametrize("language", list(PATIENTS))
def test_invalid_phone_is_explained_next_to_the_field_in_the_page_language(
    live_server, page_without_javascript, lung, reports, private_dir, language
):
    page = page_without_javascript
    name, message = PATIENTS[language]
    error = translated(language, INVALID_PHONE_MESSAGE)
    if language != "en":
        assert error != INVALID_PHONE_MESSAGE, f"the {language} catalogue must translate the phone error"
    form_url = f"{live_server.url}/{language}/consultation/"
    page.goto(form_url)
    fill_in(page, name=name, cancer_type="Lung cancer", phone="12345", message=message, files=reports)

    response = send(page, language)

    assert response.status == 400
    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    assert page.url == form_url
    # The error sits with the phone field, and assistive technology reads it with the field.
    phone = page.locator("#id_phone")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_accessible_description(re.compile(re.escape(error)))
    described_by = phone.get_attribute("aria-describedby").split()
    error_element = page.locator("#div_id_phone .invalid-feedback")
    expect(error_element).to_be_visible()
    expect(error_element).to_have_text(error)
    assert error_element.get_attribute("id") in described_by
    # The summary at the top names the field, links to it and says the same, translated.
    summary_link = summary.get_by_role("link", name=translated(language, "Phone number / WhatsApp"))
    expect(summary_link).to_have_attribute("href", "#id_phone")
    expect(summary).to_contain_text(error)
    expect(summary).to_contain_text(translated(language, FILES_AGAIN_MESSAGE))
    # The other answers are kept; the chosen files are not (and the page said so).
    expect(page.locator("#id_patient_name")).to_have_value(name)
    expect(page.locator("#id_message")).to_have_value(message)
    expect(page.locator("#id_cancer_type")).to_have_value(str(lung.pk))
    expect(page.locator("#id_consent")).to_be_checked()
    expect(phone).to_have_value("12345")
    expect(page.locator("#id_reports")).to_have_value("")
    # Nothing was stored.
    assert ConsultationRequest.objects.count() == 0
    assert MedicalReport.objects.count() == 0
    assert stored_files(private_dir) == []

    # Correcting the number and choosing the files again is enough to send it.
    phone.fill("+62 812-3456-7890")
    page.locator("#id_reports").set_input_files(reports)
    assert send(page, language).status == 302
    page.wait_for_url(re.compile(rf"/{language}/consultation/received/{REFERENCE}/$"))
    consultation = ConsultationRequest.objects.get()
    assert (consultation.patient_name, consultation.phone) == (name, "+6281234567890")
    assert consultation.message.replace("\r\n", "\n") == message
    assert consultation.preferred_language == consultation.consent_language == language
    assert consultation.reports.count() == 2


# 3. Arabic


def test_arabic_form_is_right_to_left_with_translated_labels(live_server, page, lung):
    page.goto(f"{live_server.url}/ar/consultation/")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.evaluate("getComputedStyle(document.querySelector('#consultation-form')).direction") == "rtl"
    expect(page.locator("h1")).to_have_text(translated("ar", "Free online consultation"))
    labels = {
        "patient_name": "Patient's name",
        "cancer_type": "Cancer type",
        "phone": "Phone number / WhatsApp",
        "message": "Message",
        "reports": "Medical reports",
        "consent": "I agree to the privacy notice",
    }
    for field, english in labels.items():
        arabic = translated("ar", english)
        assert arabic != english, f"{english!r} has no Arabic translation"
        expect(page.locator(f"label[for=id_{field}]")).to_contain_text(arabic)
    expect(page.get_by_role("button", name=translated("ar", "Send my request"))).to_be_visible()
    # The reply language defaults to the page's.
    expect(page.locator("#id_preferred_language")).to_have_value("ar")


# 4. Coming from an expert's profile


def test_link_with_an_expert_preselects_that_expert(live_server, page, lung):
    ExpertFactory(name_en="Li Qiang", order=1)
    wang = ExpertFactory(name_en="Wang Ligen", order=2)
    assert wang.slug_en == "wang-ligen"

    page.goto(f"{live_server.url}/en/consultation/?expert={wang.slug_en}")

    expert_choice = page.locator("#id_preferred_expert")
    expect(expert_choice).to_have_value(str(wang.pk))
    expect(expert_choice.locator("option:checked")).to_have_text("Wang Ligen")


@pytest.mark.parametrize(
    "language",
    ["en", "zh-hans"],
)
def test_consultation_button_on_an_experts_profile_preselects_that_expert(live_server, page, lung, language):
    wang = ExpertFactory(name_en="Wang Ligen", name_zh_hans="王立根")
    with translation.override(language):
        page.goto(live_server.url + wang.get_absolute_url())

        page.get_by_role("link", name=gettext("Request a consultation with this expert")).click()

    page.wait_for_url(re.compile(rf"/{language}/consultation/"))
    expect(page.locator("#id_preferred_expert")).to_have_value(str(wang.pk))


def test_link_with_an_unpublished_or_unknown_expert_preselects_nobody(live_server, page, lung):
    draft = ExpertFactory(name_en="Zhang Draft", published=False)

    for slug in (draft.slug_en, "no-such-expert"):
        page.goto(f"{live_server.url}/en/consultation/?expert={slug}")
        expert_choice = page.locator("#id_preferred_expert")
        expect(expert_choice).to_have_value("")
        expect(expert_choice.locator("option:checked")).to_have_text(translated("en", "No preference"))
        assert "Zhang Draft" not in expert_choice.inner_text()
