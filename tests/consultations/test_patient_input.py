"""What the patient typed is stored as typed or refused with a reason, never silently changed."""

import pytest

from consultations.models import ConsultationRequest

from .factories import FORM_URL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("phone", "message"),
    [
        ("+62 812 ABCD EFGH", "cannot contain letters"),
        ("+62 812 3456 7890 ext. 1234", "without an extension"),
        ("+62 812 3456 7890 x1234", "without an extension"),
        ("+62 812 3456 7890 #12", "without an extension"),
        ("+62 812 3456 7890;ext=12", "without an extension"),
        ("1-800-FLOWERS", "cannot contain letters"),
        ("+62 812\r\n3456 7890", "valid phone number"),
        ("+62\x00812", "Null characters are not allowed"),
        ("+62 812 3456 789٠*", "valid phone number"),
        ("+١", "valid phone number"),
    ],
)
def test_phone_numbers_that_would_be_changed_are_refused(client, form_data, phone, message):
    response = client.post(FORM_URL, form_data(phone=phone))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert ConsultationRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("phone", "stored"),
    [("+62 812-3456-7890", "+6281234567890"), ("(+84) 912.345.678", "+84912345678"),
     ("+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", "+971501234567")],
)  # fmt: skip
def test_formatting_is_normalised_to_e164(client, form_data, phone, stored):
    assert client.post(FORM_URL, form_data(phone=phone)).status_code == 302
    assert ConsultationRequest.objects.get().phone == stored


@pytest.mark.parametrize("name", ["Siti\r\nRahmawati", "Siti\nX-Injected: yes", "Siti\tR", "Siti\u2028R"])
def test_line_breaks_in_the_name_are_refused(client, form_data, name):
    response = client.post(FORM_URL, form_data(patient_name=name))
    assert response.status_code == 400 and "on one line" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0


def test_message_keeps_its_line_breaks(client, form_data):
    assert client.post(FORM_URL, form_data(message="Line one\r\nLine two")).status_code == 302
    assert "Line one" in ConsultationRequest.objects.get().message
