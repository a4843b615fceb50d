"""An editor writes a news item with the rich-text editor in Chromium, previews and publishes it."""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from backoffice.models import StaffPreference
from hospital.richtext import sanitize_html
from news.models import NewsItem, Status
from tests.hospital.factories import staff_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STUDY = "https://pubmed.ncbi.nlm.nih.gov/31234567/"
ENGLISH = (
    "<h2>Results</h2><ul><li><p>Median survival 28 months</p></li><li><p>No grade 4 toxicity</p></li></ul>"
    f'<p><a href="{STUDY}" rel="noopener noreferrer">Read the study</a></p>'
)
ARABIC = "<h2>النتائج</h2><ul><li><p>متوسط البقاء ٢٨ شهرًا</p></li></ul><p>اقرأ الدراسة</p>"


@pytest.fixture
def editor_page(live_server, page, roles):
    """The browser signed in as an editor (the session made by Django's test client)."""
    client = Client()
    client.force_login(staff_in("Editor"))
    name = settings.SESSION_COOKIE_NAME
    # A `__Host-` cookie: secure, host-only, path "/" (Chromium treats http://localhost as secure).
    cookie = {"name": name, "value": client.cookies[name].value, "domain": urlsplit(live_server.url).hostname}
    page.context.add_cookies([{**cookie, "path": "/", "secure": True}])
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # CSP violations are reported on the console; failed loads are checked by address below.
    page.on("console", lambda m: m.type == "error" and "Failed to load" not in m.text and errors.append(m.text))
    page.on("response", lambda r: r.status >= 400 and "favicon" not in r.url and errors.append(f"{r.status} {r.url}"))
    page.csp_and_script_errors = errors
    return page


def editable(page, field):
    return page.locator(f".prose-editor:has(> #id_{field}) .ProseMirror[contenteditable]")


def click_link_button(menu):
    """The link button acts only once ProseMirror has read the new selection (it reads it on the
    browser's `selectionchange`, after the key press returns); until then it is marked disabled."""
    button = menu.locator("button[data-name=link]")
    expect(button).not_to_have_class(re.compile(r"\bdisabled\b"))
    button.click()


def add_link(page, field, url):
    click_link_button(page.locator(f".prose-editor:has(> #id_{field})"))
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.locator("input[name=href]").fill(url)
    dialog.locator("button[type=submit]").click()


def public_body(page, url):
    page.goto(url)
    return page.locator("main .prose").first.evaluate("element => element.innerHTML")


def test_editor_writes_previews_and_publishes_a_news_item(live_server, editor_page):
    page = editor_page
    page.goto(f"{live_server.url}/admin/news/newsitem/add/")
    page.fill("#id_title_en", "Heavy-ion therapy results")

    body = editable(page, "body_en")
    body.click()
    page.keyboard.type("## Results\n")  # the editor's input rules: "## " makes a heading,
    page.keyboard.type("- Median survival 28 months\nNo grade 4 toxicity\n\n")  # "- " a list
    page.keyboard.type("Read the study")
    page.keyboard.press("Shift+Home")
    add_link(page, "body_en", STUDY)
    made_in_english = page.locator("#id_body_en").input_value()

    page.click("a[href='#tab_id_title_ar']")
    page.fill("#id_title_ar", "نتائج العلاج بالأيونات الثقيلة")
    page.click("a[href='#tab_id_body_ar']")
    arabic = editable(page, "body_ar")
    assert arabic.get_attribute("dir") == "rtl" and arabic.get_attribute("lang") == "ar"
    assert arabic.evaluate("element => getComputedStyle(element).direction") == "rtl"
    arabic.click()
    page.keyboard.type("## النتائج\n- متوسط البقاء ٢٨ شهرًا\n\nاقرأ الدراسة")
    made_in_arabic = page.locator("#id_body_ar").input_value()

    page.click("input[name=_continue]")
    page.wait_for_load_state()
    item = NewsItem.objects.get()
    assert item.status == Status.DRAFT
    assert item.body_en == sanitize_html(made_in_english) == ENGLISH
    assert item.body_ar == sanitize_html(made_in_arabic) == ARABIC

    with page.context.expect_page() as preview_tab:
        page.locator(".field-preview_links a[hreflang=en]").click()
    preview = preview_tab.value
    preview.wait_for_load_state()
    assert preview.locator("main .prose").first.evaluate("element => element.innerHTML") == ENGLISH
    preview.close()

    page.select_option("#id_status", Status.PUBLISHED)
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert NewsItem.objects.get().is_public

    assert public_body(page, f"{live_server.url}/en/news/heavy-ion-therapy-results/") == ENGLISH
    item.refresh_from_db()
    public_body(page, live_server.url + quote(f"/ar/news/{item.slug_ar}/"))
    prose = page.locator("main .prose").first
    assert prose.evaluate("element => element.innerHTML") == ARABIC
    assert prose.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert page.csp_and_script_errors == []


def test_pasting_from_word_keeps_only_the_markup_the_site_renders(live_server, editor_page):
    page = editor_page
    page.goto(f"{live_server.url}/admin/news/newsitem/add/")
    body = editable(page, "body_en")
    body.click()
    word = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><!--StartFragment-->'
        '<p class="MsoNormal" style="margin:0cm;font-family:Calibri"><b><span style="color:red">Carbon</span></b>'
        ' <span style="mso-spacerun:yes">ions</span><o:p></o:p></p>'
        '<h1 style="font-size:24pt">Big title</h1><script>alert(1)</script>'
        '<img src="file:///C:/Users/x/clip_image001.png"><!--EndFragment--></body></html>'
    )
    body.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Carbon ions");
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        word,
    )
    pasted = page.locator("#id_body_en").input_value()
    # Word's classes, styles, spans, comments, scripts and local images are gone; its h1 (the page's
    # own title level) becomes a paragraph, since the editor offers h2-h4 only.
    assert pasted == "<p><strong>Carbon</strong> ions</p><p>Big title</p>"
    assert page.csp_and_script_errors == []


def test_the_editor_speaks_the_staff_members_language(live_server, editor_page):
    StaffPreference.objects.create(user=get_user_model().objects.get(), admin_language="zh-hans")
    page = editor_page
    page.goto(f"{live_server.url}/admin/news/newsitem/add/")
    menu = page.locator(".prose-editor:has(> #id_body_zh_hans) .prose-menubar")
    assert menu.locator("button[data-name=bold]").get_attribute("title") == "加粗"
    assert menu.locator("button[data-name=bulletList]").get_attribute("aria-label") == "项目符号列表"
    assert menu.locator("button[data-name=heading2]").inner_text() == "标题 2"
    editable(page, "body_zh_hans").click()  # the tab of the admin's language is open
    page.keyboard.type("链接")
    page.keyboard.press("Shift+Home")
    click_link_button(menu)
    assert page.locator("dialog.prose-editor-dialog[open] h3").inner_text() == "编辑链接"
    assert page.csp_and_script_errors == []


def test_the_editor_works_from_the_keyboard(live_server, editor_page):
    page = editor_page
    page.goto(f"{live_server.url}/admin/news/newsitem/add/")
    page.focus("#id_title_en")
    page.keyboard.type("Keyboard only")
    bold = page.locator(".prose-editor:has(> #id_editors_note_en) button[data-name=bold]")
    for _ in range(60):  # Tab through the form until the editor's menu, then into the text
        page.keyboard.press("Tab")
        if bold.evaluate("element => element === document.activeElement"):
            break
    assert bold.evaluate("element => element === document.activeElement"), "the menu is reachable with Tab"
    note = editable(page, "editors_note_en")
    for _ in range(40):
        if note.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Control+b")
    page.keyboard.type("Important")
    assert page.locator("#id_editors_note_en").input_value() == "<p><strong>Important</strong></p>"
