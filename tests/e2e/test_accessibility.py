"""Automated accessibility checks: axe-core in a real browser (Chromium) on every public page type.

axe-core is a development dependency from npm (package.json "devDependencies"); the site never
serves it. The test reads node_modules/axe-core/axe.min.js from disk and injects it into the page.

Every page type is checked against WCAG 2.0 and 2.1, levels A and AA, in English, in Arabic
(right to left) and in Thai (a language with few translated texts, so the English fallbacks
and their `lang` attributes are on the page too). Any violation, whatever its impact, fails.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from experts.models import Expert
from hospital.models import Page
from news.models import Event, NewsItem

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("consultation_settings"),  # load_demo creates consultation requests
]

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["en", "ar", "th"]
PAGE_TYPES = [
    "home",
    "expert directory",
    "expert profile",
    "news list",
    "news item",
    "event list",
    "event",
    "cms page",
    "search results",
    "search without results",
    "consultation form",
    "consultation form with errors",
]
# English slugs of demo content (hospital/demo.py, news/demo.py)
DEMO_NEWS_ITEM = "clinical-efficacy-of-heavy-ion-therapy-in-china"
DEMO_EVENT = "minimally-invasive-technology-sharing-session"


# Fixtures


@pytest.fixture
def demo(transactional_db):
    """The demo content (`manage.py load_demo`), as the live server sees it."""
    call_command("setup_roles", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def axe_page(browser):
    """A page that can run axe-core.

    The site's Content-Security-Policy only allows scripts from the site itself or carrying the
    response's nonce, so Chromium refuses the inline <script> that add_script_tag(content=...)
    inserts. The audit context therefore bypasses the CSP (bypass_csp=True): this only lets the
    test's own script in; the site's markup and styles are audited exactly as they are served.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (axe-core is a devDependency).")
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


# Helpers


def url_of(page_type, language):
    """The path of one page of `page_type` in `language`, from the demo content."""
    with translation.override(language):
        match page_type:
            case "home":
                return reverse("hospital:home")
            case "expert directory":
                return reverse("experts:list")
            case "expert profile":
                return Expert.objects.get(slug_en="wang-ligen").get_absolute_url()
            case "news list":
                return reverse("news:list")
            case "news item":
                return NewsItem.objects.get(slug_en=DEMO_NEWS_ITEM).get_absolute_url()
            case "event list":
                return reverse("events:list")
            case "event":
                return Event.objects.get(slug_en=DEMO_EVENT).get_absolute_url()
            case "cms page":  # has a body, sub-pages and, outside en/zh-hans, an English fallback
                return Page.objects.get(slug_en="treatments", parent=None).get_absolute_url()
            case "search results":
                return reverse("search:results") + "?q=heavy"
            case "search without results":  # the advice is an alert with a link in it
                return reverse("search:results") + "?q=xylophone"
            case "consultation form" | "consultation form with errors":
                return reverse("consultations:form")
    raise ValueError(page_type)


def submit_with_a_mistake(page):
    """Send the consultation form with an invalid phone number: the server answers with errors."""
    page.locator("#id_patient_name").fill("Siti Rahmawati")
    page.locator("#id_cancer_type").select_option(index=1)
    page.locator("#id_phone").fill("12345")
    page.locator("#id_consent").check()
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("#consultation-form [type=submit]").click()
    assert posted.value.status == 400
    page.wait_for_load_state()
    expect(page.locator("#form-errors")).to_be_visible()


# axe's color-contrast skips text it takes for an icon font: it draws the first character alone and
# the whole text on a canvas and calls the text a ligature when the two differ. Arabic letters change
# shape with their neighbours, so every Arabic text "differs", and after three such texts axe marks
# the whole font-family as an icon font and skips every text set in it: on an Arabic page the rule
# then checks almost nothing (2 elements instead of ~75). The site uses no icon font, so the audit
# tells axe, through its per-run font cache, that no font is one (every font counts as already seen
# with no ligature). This only turns checks back on; test_axe_checks_the_contrast_of_arabic_text
# proves it still works with the pinned axe-core version.
NO_ICON_FONTS = "axe._cache.set('fonts', new Proxy({}, {get: () => ({occurrences: Infinity, numLigatures: 0})}))"


def run_axe(page):
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    page.evaluate(NO_ICON_FONTS)
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                   .then(results => results.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                       nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
                   })))""",
        WCAG_TAGS,
    )


def summary(violations, where, limit=8):
    """One readable block per rule: id, impact, help, and the selectors of the failing elements."""
    lines = [f"{len(violations)} axe rule(s) violated on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}, {len(violation['nodes'])} element(s)): "
                     f"{violation['help']} <{violation['helpUrl']}>")  # fmt: skip
        for node in violation["nodes"][:limit]:
            target = " ".join(" >> ".join(part) if isinstance(part, list) else part for part in node["target"])
            detail = re.sub(r"\s+", " ", node["summary"] or "")[:300]
            lines.append(f"    {target}\n      {detail}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    … and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


# Tests


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_has_no_axe_violations(live_server, axe_page, demo, page_type, language):
    url = live_server.url + url_of(page_type, language)
    response = axe_page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    if page_type == "consultation form with errors":
        submit_with_a_mistake(axe_page)
    expect(axe_page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")

    violations = run_axe(axe_page)

    assert not violations, summary(violations, f"{page_type} ({language}) {url}")


def test_axe_finds_a_violation(live_server, axe_page, demo):
    """The check itself works: a broken page makes it fail (so a silent axe cannot pass the suite)."""
    axe_page.goto(live_server.url + reverse("hospital:home"))
    axe_page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png>')")
    assert "image-alt" in {violation["id"] for violation in run_axe(axe_page)}


def test_axe_checks_the_contrast_of_arabic_text(live_server, axe_page, demo):
    """Arabic text is not mistaken for an icon font (see NO_ICON_FONTS): its poor contrast is reported."""
    with translation.override("ar"):
        axe_page.goto(live_server.url + reverse("hospital:home"))
    axe_page.evaluate("document.querySelector('h1').style.color = '#aaa'")
    violations = {violation["id"]: violation for violation in run_axe(axe_page)}
    assert "color-contrast" in violations
    assert ["#hero-heading"] in [node["target"] for node in violations["color-contrast"]["nodes"]]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_skip_link_moves_keyboard_focus_to_the_main_content(live_server, page, demo, language):
    with translation.override(language):
        page.goto(live_server.url + reverse("experts:list"))

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # shown when focused, hidden otherwise
    expect(skip_link).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()
    # The next Tab goes to the first link inside the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
