"""The back office speaks each staff member's chosen language, whatever the browser sends."""

import pytest

from backoffice.models import StaffPreference
from news.models import Status
from tests.hospital.factories import staff_in
from tests.news.factories import NewsItemFactory
from tests.staff import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_editor(roles):
    editor = staff_in("Editor")
    StaffPreference.objects.create(user=editor, admin_language="zh-hans")
    return editor


def test_a_chinese_speaking_editor_sees_the_admin_in_chinese_whatever_the_browser_sends(client, chinese_editor):
    client.force_login(chinese_editor)
    item = NewsItemFactory(status=Status.DRAFT)
    for accept in ("en-GB,en;q=0.9", "ar", "th,en;q=0.5", ""):
        home = client.get("/admin/", headers={"accept-language": accept})
        html = home.content.decode()
        assert home["Content-Language"] == "zh-hans"
        assert '<html lang="zh-hans" dir="ltr"' in html
        assert "需要您关注的事项" in html  # our "What needs your attention"
        assert "新闻" in html  # our model names
        assert "注销" in html or "登出" in html  # Django's own catalogue: "Log out"
    form = client.get(f"/admin/news/newsitem/{item.pk}/change/", headers={"accept-language": "en"}).content.decode()
    assert "保存并继续编辑" in form  # Django's "Save and continue editing"
    assert "草稿" in form  # our "Draft" status
    assert "Save and continue editing" not in form


def test_an_arabic_speaking_coordinator_gets_a_right_to_left_admin(client, roles):
    coordinator = staff_in("Coordinator")
    StaffPreference.objects.create(user=coordinator, admin_language="ar")
    verified_login(client, coordinator)
    html = client.get("/admin/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_without_a_preference_the_admin_follows_the_browser(client, roles):
    client.force_login(staff_in("Editor"))
    assert client.get("/admin/", headers={"accept-language": "zh-hans"})["Content-Language"] == "zh-hans"
    assert client.get("/admin/", headers={"accept-language": "en"})["Content-Language"] == "en"


def test_the_preference_does_not_change_public_pages(client, chinese_editor):
    client.force_login(chinese_editor)
    response = client.get("/en/", headers={"accept-language": "en"})
    assert response.status_code == 200 and response["Content-Language"] == "en"


def test_staff_choose_their_language_on_the_preferences_page(client, roles):
    editor = staff_in("Editor")
    client.force_login(editor)
    page = client.get("/admin/preferences/")
    assert page.status_code == 200 and "ไทย" in page.content.decode()
    response = client.post("/admin/preferences/", {"admin_language": "th"})
    assert response.status_code == 302
    assert StaffPreference.objects.get(user=editor).admin_language == "th"
    # The next page already speaks Thai (the cached choice was forgotten).
    assert client.get("/admin/", headers={"accept-language": "en"})["Content-Language"] == "th"
    client.post("/admin/preferences/", {"admin_language": ""})
    assert client.get("/admin/", headers={"accept-language": "en"})["Content-Language"] == "en"


def test_an_unknown_language_is_refused_and_nothing_is_stored(client, roles):
    editor = staff_in("Editor")
    client.force_login(editor)
    response = client.post("/admin/preferences/", {"admin_language": "xx"}, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not StaffPreference.objects.filter(user=editor).exists()


def test_the_preferences_page_needs_a_staff_sign_in(client):
    assert client.get("/admin/preferences/").status_code == 302
