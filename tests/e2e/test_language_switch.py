"""Smoke test in a real browser: switching language keeps the visitor on the same page."""

from urllib.parse import quote

import pytest

from tests.hospital.factories import HospitalFactory, PageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_switching_to_chinese_arrives_on_the_same_page(live_server, page):
    HospitalFactory()
    treatments = PageFactory(title_en="Treatments", title_zh_hans="治疗技术")
    PageFactory(parent=treatments, title_en="Heavy-ion therapy", title_zh_hans="重离子治疗",
                body_en="<p>Carbon ions stop in the tumour.</p>", body_zh_hans="<p>碳离子停在肿瘤内。</p>")  # fmt: skip

    page.goto(f"{live_server.url}/en/treatments/heavy-ion-therapy/")
    assert page.locator("h1").inner_text() == "Heavy-ion therapy"

    page.locator(".language-switcher").get_by_role("link", name="简体中文").click()
    page.wait_for_load_state()

    assert page.url == live_server.url + quote("/zh-hans/治疗技术/重离子治疗/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "重离子治疗"
    assert "碳离子停在肿瘤内" in page.locator("main").inner_text()


def test_arabic_layout_is_mirrored(live_server, page):
    PageFactory(title_en="About", title_ar="من نحن")
    page.goto(f"{live_server.url}/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
