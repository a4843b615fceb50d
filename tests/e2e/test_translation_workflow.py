"""A translator works through the zh-hans queue in Chromium; English changes make it outdated; XLIFF round trip."""

import io
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from news.models import NewsItem, Status
from tests.hospital.factories import staff_in
from tests.news.factories import NewsItemFactory
from translations.formats import XLIFF_NS
from translations.models import TranslationState, TranslatorLanguages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    name = settings.SESSION_COOKIE_NAME
    # A `__Host-` cookie: secure, host-only, path "/" (Chromium treats http://localhost as secure).
    cookie = {"name": name, "value": client.cookies[name].value, "domain": urlsplit(live_server.url).hostname}
    context.add_cookies([{**cookie, "path": "/", "secure": True}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status >= 500 and errors.append(f"{r.status} {r.url}"))
    page.errors = errors
    return page


def editable(page, field_id):
    return page.locator(f".prose-editor:has(> #{field_id}) .ProseMirror[contenteditable]")


def translation_status():
    out = io.StringIO()
    call_command("translation_status", "--language", "zh-hans", stdout=out)
    return next(row for row in out.getvalue().splitlines() if row.startswith("news.NewsItem")).split()[-1]


def body_state(item):
    return TranslationState.objects.for_object(item).get(field="body", language="zh-hans").status


def test_translate_publish_outdate_and_exchange(live_server, browser, roles):
    translator = staff_in("Translator", username="li")
    TranslatorLanguages.objects.create(user=translator, languages=["zh-hans"])
    editor = staff_in("Editor", username="ed")
    item = NewsItemFactory(title_en="Carbon-ion therapy for pancreatic cancer", summary_en="New results.",
                           body_en="<p>Median survival was 20 months.</p>", status=Status.DRAFT)  # fmt: skip

    # The translator finds the new item in the zh-hans queue and translates it beside the source.
    tpage = signed_in(browser, live_server, translator)
    tpage.goto(f"{live_server.url}/admin/translations/translationstate/queue/?language=zh-hans")
    tpage.get_by_role("link", name="Carbon-ion therapy for pancreatic cancer").click()
    assert "Median survival was 20 months." in tpage.locator("#field-body .translate-source").inner_text()
    tpage.fill("#id_t-title", "碳离子治疗胰腺癌")
    tpage.fill("#id_t-summary", "新的结果。")
    editable(tpage, "id_t-body").click()
    tpage.keyboard.type("中位生存期为20个月。")
    tpage.get_by_role("button", name="Save translation").click()
    tpage.wait_for_load_state()
    item.refresh_from_db()
    assert item.title_zh_hans == "碳离子治疗胰腺癌" and item.body_zh_hans == "<p>中位生存期为20个月。</p>"
    assert item.status == Status.DRAFT and body_state(item) == "current"

    # The editor publishes it; it appears on /zh-hans/news/.
    epage = signed_in(browser, live_server, editor)
    epage.goto(f"{live_server.url}/admin/news/newsitem/{item.pk}/change/")
    epage.select_option("#id_status", Status.PUBLISHED)
    epage.click("input[name=_continue]")
    epage.wait_for_load_state()
    assert NewsItem.objects.get(pk=item.pk).is_public
    epage.goto(f"{live_server.url}/zh-hans/news/")
    assert epage.get_by_text("碳离子治疗胰腺癌").count() >= 1

    # The editor changes the English body: outdated in the queue, the command and on the public page.
    epage.goto(f"{live_server.url}/admin/news/newsitem/{item.pk}/change/")
    body = editable(epage, "id_body_en")
    body.click()
    epage.keyboard.press("Control+End")
    epage.keyboard.type(" Updated: 28 months in the 2026 cohort.")
    epage.click("input[name=_continue]")
    epage.wait_for_load_state()
    item.refresh_from_db()
    assert "28 months" in item.body_en
    assert body_state(item) == "outdated"
    assert translation_status() == "0/1"
    tpage.goto(f"{live_server.url}/admin/translations/translationstate/queue/?language=zh-hans")
    row = tpage.locator("tr.is-outdated", has_text="Carbon-ion therapy for pancreatic cancer")
    assert row.count() == 1
    epage.goto(live_server.url + quote(f"/zh-hans/news/{item.slug_zh_hans}/"))
    notice = epage.locator(".outdated-notice")
    assert notice.get_attribute("lang") == "zh-Hans"
    assert "英文版" in notice.inner_text()
    assert notice.locator("a[hreflang=en]").get_attribute("href") == f"/en/news/{item.slug_en}/"

    # An XLIFF export, translated by a script, imports back after a preview and clears the flag.
    tpage.goto(f"{live_server.url}/admin/translations/translationstate/export/")
    tpage.select_option("#id_language", "zh-hans")
    tpage.select_option("#id_format", "xliff")
    with tpage.expect_download() as download:
        tpage.get_by_role("button", name="Download").click()
    exported = open(download.value.path(), "rb").read()
    root = ET.fromstring(exported)
    for unit in root.iter(f"{{{XLIFF_NS}}}unit"):
        if unit.get("id") == f"news.newsitem.{item.pk}.body":
            unit.find(
                f"{{{XLIFF_NS}}}segment/{{{XLIFF_NS}}}target"
            ).text = "<p>中位生存期为20个月。更新：2026年队列为28个月。</p>"
    returned = ET.tostring(root, encoding="utf-8", xml_declaration=True)

    def import_file(content):
        tpage.goto(f"{live_server.url}/admin/translations/translationstate/import/")
        tpage.select_option("#id_language", "zh-hans")
        tpage.set_input_files("#id_file", {"name": "back.xlf", "mimeType": "application/xliff+xml", "buffer": content})
        tpage.get_by_role("button", name="Preview").click()
        tpage.wait_for_load_state()

    import_file(returned)
    assert tpage.locator("tr.outcome-apply").count() == 1
    assert body_state(item) == "outdated"  # nothing written before confirming
    tpage.get_by_role("button", name="Apply these translations").click()
    tpage.wait_for_load_state()
    item.refresh_from_db()
    assert "28个月" in item.body_zh_hans and body_state(item) == "current"
    assert translation_status() == "0/0"

    # An import against a source that changed after export is refused as stale.
    item.body_en = "<p>Median survival was 30 months.</p>"
    item.save()
    import_file(returned.replace("2026年队列".encode(), "旧".encode()))
    assert tpage.locator("tr.outcome-stale").count() >= 1
    assert tpage.locator("tr.outcome-apply").count() == 0
    assert tpage.get_by_role("button", name="Apply these translations").count() == 0
    item.refresh_from_db()
    assert "旧" not in item.body_zh_hans and body_state(item) == "outdated"
    assert tpage.errors == [] and epage.errors == []
