"""The international desk's WhatsApp number: validated E.164, a plain click-to-chat link."""

import pytest
from django.db import IntegrityError

from hospital.models import Hospital

from .factories import HospitalFactory

pytestmark = pytest.mark.django_db


def hospital_form(**overrides):
    data = {
        "name_en": "Modern Cancer Hospital Guangzhou", "city_en": "Guangzhou", "country_en": "China",
        "time_zone": "Asia/Shanghai", "order": "1", "whatsapp": "",
        "departments-TOTAL_FORMS": "0", "departments-INITIAL_FORMS": "0",
        "departments-MIN_NUM_FORMS": "0", "departments-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_admin_stores_the_number_in_e164(admin_client):
    response = admin_client.post("/admin/hospital/hospital/add/", hospital_form(whatsapp="+86 139 2229 1866"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Hospital.objects.get().whatsapp == "+8613922291866"


COUNTRY_CODE = "Enter a valid phone number with its country code"
# hospital.phones (shared with the patients' form) names letters as the reason, not the country code.
LETTERS = "A phone number cannot contain letters"


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("13922291866", COUNTRY_CODE),
        ("+86 123", COUNTRY_CODE),
        ("WhatsApp me", LETTERS),
        ("+0 800 123 4567", COUNTRY_CODE),
    ],
)
def test_admin_refuses_a_number_that_is_not_international(admin_client, number, error):
    response = admin_client.post("/admin/hospital/hospital/add/", hospital_form(whatsapp=number))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Hospital.objects.exists()


def test_no_write_path_stores_a_malformed_number():
    hospital = HospitalFactory()
    with pytest.raises(IntegrityError):
        Hospital.objects.filter(pk=hospital.pk).update(whatsapp="+86 139 2229 1866")


def test_footer_and_consultation_page_link_each_desk(client):
    HospitalFactory(name_en="Guangzhou", whatsapp="+8613922291866")
    HospitalFactory(name_en="Without desk", whatsapp="")
    for path in ("/en/", "/en/consultation/", "/ar/consultation/"):
        html = client.get(path).content.decode()
        assert 'href="https://wa.me/8613922291866"' in html
        assert html.count("https://wa.me/") == (2 if "consultation" in path else 1)
        assert "+86 139 2229 1866" in html


def test_link_never_carries_what_the_patient_typed(client, settings):
    HospitalFactory(whatsapp="+8613922291866")
    response = client.post("/en/consultation/", {"patient_name": "Siti Rahmawati", "phone": "+62 812 3456 7890",
                                                 "message": "secret history"})  # fmt: skip
    html = response.content.decode()
    links = [part.split('"', 1)[0] for part in html.split('href="https://wa.me/')[1:]]
    assert links and all(link == "8613922291866" for link in links)


def test_without_any_desk_there_is_no_whatsapp_box(client):
    HospitalFactory(whatsapp="")
    assert "wa.me" not in client.get("/en/consultation/").content.decode()
