"""In the regular admin, every admin of translated content follows one rule for translators: their own
languages' text only (none until their languages are set), never the English source or structure."""

import pytest
from django.urls import reverse

from hospital.models import Department, Hospital, Specialty
from tests.backoffice.test_revisions import admin_form
from tests.hospital.factories import DepartmentFactory, HospitalFactory, SpecialtyFactory, staff_in
from tests.news.factories import NewsItemFactory

pytestmark = pytest.mark.django_db

NO_LANGUAGES = "No translation languages are set for you yet"


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_a_translator_without_languages_edits_no_language_and_is_told_whom_to_ask(client, roles):
    item = NewsItemFactory(title_en="Original")
    client.force_login(staff_in("Translator"))
    page = client.get(change_url(item)).content.decode()
    assert NO_LANGUAGES in page and "Ask an administrator to set your languages." in page
    for code in ("en", "zh_hans", "ar", "th"):
        assert f'name="title_{code}"' not in page and f'name="body_{code}"' not in page
    response = client.post(change_url(item), admin_form(item, title_en="Hacked", title_zh_hans="黑"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title_en, item.title_zh_hans) == ("Original", None)


def test_editors_and_translators_with_languages_get_no_such_message(client, roles, zh_client):
    item = NewsItemFactory()
    assert NO_LANGUAGES not in zh_client.get(change_url(item)).content.decode()
    client.force_login(staff_in("Editor"))
    page = client.get(change_url(item)).content.decode()
    assert NO_LANGUAGES not in page and 'name="title_en"' in page and 'name="title_ar"' in page


def test_hospitals_are_translated_in_the_translators_languages_only(zh_client):
    hospital = HospitalFactory(name_en="Cancer Center", name_zh_hans=None, email="info@example.org", order=1)
    page = zh_client.get(change_url(hospital)).content.decode()
    assert 'name="name_zh_hans"' in page and 'name="description_zh_hans"' in page
    for closed in ("name_en", "name_ar", "city_en", "email", "order", "time_zone", "phones"):
        assert f'name="{closed}"' not in page
    data = {"name_zh_hans": "肿瘤中心", "name_en": "Hacked", "name_ar": "مخترق", "email": "evil@example.org",
            "order": 9, "departments-TOTAL_FORMS": 0, "departments-INITIAL_FORMS": 0}  # fmt: skip
    response = zh_client.post(change_url(hospital), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    hospital.refresh_from_db()
    assert (hospital.name_zh_hans, hospital.name_en, hospital.name_ar) == ("肿瘤中心", "Cancer Center", None)
    assert (hospital.email, hospital.order) == ("info@example.org", 1)
    changelist = zh_client.get(reverse("admin:hospital_hospital_changelist")).content.decode()
    assert 'name="form-0-order"' not in changelist  # nor the list's editable column


def test_the_departments_inline_and_admin_follow_the_same_rule(zh_client):
    department = DepartmentFactory(name_en="Radiotherapy", order=3)
    inline = zh_client.get(change_url(department.hospital)).content.decode()
    assert 'name="departments-0-name_zh_hans"' in inline
    assert 'name="departments-0-name_en"' not in inline and 'name="departments-0-order"' not in inline
    other = HospitalFactory()
    page = zh_client.get(change_url(department)).content.decode()
    assert 'name="name_zh_hans"' in page and 'name="hospital"' not in page and 'name="name_en"' not in page
    response = zh_client.post(change_url(department), {"name_zh_hans": "放疗科", "name_en": "Hacked",
                                                       "hospital": other.pk, "order": 0})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    department = Department.objects.get(pk=department.pk)
    assert (department.name_zh_hans, department.name_en, department.order) == ("放疗科", "Radiotherapy", 3)
    assert department.hospital_id != other.pk


def test_specialties_follow_the_same_rule_and_their_slug_is_not_prepopulated(zh_client):
    specialty = SpecialtyFactory(name_en="Lung cancer", slug="lung-cancer")
    page = zh_client.get(change_url(specialty)).content.decode()
    assert 'name="name_zh_hans"' in page and 'name="slug"' not in page and 'name="name_en"' not in page
    response = zh_client.post(change_url(specialty), {"name_zh_hans": "肺癌", "name_en": "Hacked", "slug": "x",
                                                      "kind": "cancer", "order": 5})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    specialty = Specialty.objects.get(pk=specialty.pk)
    assert (specialty.name_zh_hans, specialty.name_en, specialty.slug, specialty.order) == (
        "肺癌",
        "Lung cancer",
        "lung-cancer",
        0,
    )
    assert Hospital.objects.count() == 0
