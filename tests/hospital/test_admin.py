"""The back office for pages and hospitals, by role."""

import pytest

from hospital.models import Page

from .factories import PageFactory, staff_in, translator_for

pytestmark = pytest.mark.django_db


def test_page_list_shows_the_tree_in_order(admin_client):
    parent = PageFactory(title_en="Treatments", order=2)
    PageFactory(title_en="About", order=1)
    PageFactory(title_en="Proton therapy", parent=parent)
    html = admin_client.get("/admin/hospital/page/").text
    assert html.index("About") < html.index("Treatments") < html.index("Proton therapy")
    assert "└ Proton therapy" in html


def test_page_form_has_a_tab_per_language_and_no_cdn(admin_client):
    html = admin_client.get("/admin/hospital/page/add/").text
    for field in ("title_en", "title_zh_hans", "title_ind", "title_ar"):
        assert f'name="{field}"' in html
    assert "googleapis" not in html
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in html


def test_editor_creates_and_publishes_a_page(client, roles):
    client.force_login(staff_in("Editor"))
    response = client.post("/admin/hospital/page/add/", {
        "title_en": "Proton therapy", "title_zh_hans": "质子治疗", "body_en": "<p>Text</p>",
        "order": 1, "in_menu": "on", "published": "on", "seo_title_en": "", "seo_description_en": "",
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    page = Page.objects.get(slug_en="proton-therapy")
    assert page.published and page.slug_zh_hans == "质子治疗"


def test_translator_edits_text_but_cannot_publish_move_or_delete(client, roles):
    page = PageFactory(title_en="About", published=False)
    client.force_login(translator_for("zh-hans"))
    assert client.get("/admin/hospital/page/add/").status_code == 403
    response = client.post(f"/admin/hospital/page/{page.pk}/change/", {
        "title_en": "About", "title_zh_hans": "关于我们", "body_en": "<p>x</p>", "published": "on", "order": 9,
    })  # fmt: skip
    assert response.status_code == 302, response.text[:2000]
    page.refresh_from_db()
    assert page.title_zh_hans == "关于我们"
    assert page.published is False
    assert page.order == 0
    assert client.post(f"/admin/hospital/page/{page.pk}/delete/", {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/hospital/page/").text
    assert 'value="publish"' not in changelist


def test_coordinator_cannot_see_pages(client, roles, verified_login):
    verified_login(client, staff_in("Coordinator"))
    assert client.get("/admin/hospital/page/").status_code == 403


def test_publish_action(admin_client):
    page = PageFactory(published=False)
    admin_client.post("/admin/hospital/page/", {"action": "publish", "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.published
