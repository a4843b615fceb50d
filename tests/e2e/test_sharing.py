"""The share action in Chromium: plain links without JavaScript, native sheet and copy link with it."""

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from tests.news.factories import NewsItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Chromium on Linux has no native share sheet: the page gets a stand-in that records its calls.
RECORDING_SHARE = (
    "window.shared = []; navigator.share = data => { window.shared.push(data); return Promise.resolve(); };"
)


@pytest.fixture
def item_url(live_server):
    item = NewsItemFactory(title_en="Heavy-ion therapy for glioma")
    return live_server.url + item.get_absolute_url()


def test_without_javascript_every_target_is_a_link(browser, item_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(item_url)
    share = page.locator("[data-share]")
    text = urlencode({"text": f"Heavy-ion therapy for glioma {item_url}"})
    expect(share.get_by_role("link", name="WhatsApp")).to_have_attribute("href", f"https://wa.me/?{text}")
    for name in ("Facebook", "LINE", "X", "E-mail", "Copy link"):
        expect(share.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(share.get_by_role("button")).to_be_hidden()  # the native sheet needs JavaScript
    context.close()


def test_native_share_sheet_gets_title_and_address(browser, item_url):
    context = browser.new_context()
    context.add_init_script(RECORDING_SHARE)
    page = context.new_page()
    page.goto(item_url)
    page.get_by_role("button", name="Share…").click()
    assert page.evaluate("window.shared") == [{"title": "Heavy-ion therapy for glioma", "url": item_url}]
    context.close()


def test_copy_link_copies_the_address_and_says_so(browser, item_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=item_url.split("/en/")[0])
    page = context.new_page()
    page.goto(item_url)
    expect(page.get_by_role("button", name="Share…")).to_be_hidden()  # no native sheet here
    page.get_by_role("link", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Link copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == item_url
    assert page.url == item_url  # copied, not followed
    context.close()
