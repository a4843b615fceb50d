"""`make screenshots`: every public page type as a PNG, at phone and desktop width, in en, zh-hans and ar.

    .venv/bin/python tools/screenshots.py                    # everything, into var/screenshots/
    .venv/bin/python tools/screenshots.py --languages ar --widths 390 --pages home,news-item

Serves the database of `make run` (var/db.sqlite3 with the demo content, which `make screenshots`
loads first) through gunicorn with debug off on a free port, then opens each page in Debian's
Chromium through Playwright (no browser download) and saves a full-page screenshot as
var/screenshots/<language>/<page>-<width>.png. Requests to any other host are refused, so a page
that depends on a CDN shows it. `make screenshots` installs Debian's Noto fonts (CJK, Thai, Bengali,
Arabic) when they are missing, so every script is drawn with real glyphs rather than boxes.

`capture()` does the drawing for a site already running (the tests call it on their live server).
"""

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]  # fmt: skip
LANGUAGES = ["en", "zh-hans", "ar"]
WIDTHS = [390, 1280]
HEIGHTS = {390: 844, 1280: 800}  # first screen; the picture is of the whole page
BROWSER_LOCALES = {"en": "en-GB", "zh-hans": "zh-CN", "ar": "ar"}
# Families fontconfig must know for every script of the eight languages to have glyphs.
REQUIRED_FONTS = ["Noto Sans CJK SC", "Noto Sans Thai", "Noto Sans Bengali", "Noto Sans Arabic"]


@dataclass(frozen=True)
class PageType:
    name: str  # file name: news-item-1280.png
    path: object  # callable: the path in the active language (ORM lookups, never guessed slugs)
    action: object = None  # callable(page): what a visitor does before the picture


def _reverse(name, query=""):
    def path():
        from django.urls import reverse

        return reverse(name) + query

    return path


def _object(model_path, **lookup):
    def path():
        from django.utils.module_loading import import_string

        return import_string(model_path).objects.get(**lookup).get_absolute_url()

    return path


def _submit_with_mistakes(page):
    """The consultation form sent with a wrong phone number: the page the server answers with errors."""
    page.locator("#id_patient_name").fill("Siti Rahmawati")
    page.locator("#id_cancer_type").select_option(index=1)
    page.locator("#id_phone").fill("12345")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator("#consultation-form [type=submit]").click()


# English slugs of the demo content (news/demo.py)
CONFERENCE_REPORT = "wuwei-team-at-the-2025-brachytherapy-and-intelligent-radiotherapy-conference"
PAST_EVENT = "2025-brachytherapy-and-intelligent-radiotherapy-conference"
PAGE_TYPES = [
    PageType("home", _reverse("hospital:home")),
    PageType("expert-directory", _reverse("experts:list")),
    PageType("expert-directory-without-results", _reverse("experts:list", "?q=xylophone")),
    PageType("expert-profile", _object("experts.models.Expert", slug_en="wang-ligen")),
    PageType("news-list", _reverse("news:list")),
    PageType("news-item", _object("news.models.NewsItem", slug_en="clinical-efficacy-of-heavy-ion-therapy-in-china")),
    PageType("conference-report", _object("news.models.NewsItem", slug_en=CONFERENCE_REPORT)),
    PageType("event-list", _reverse("events:list")),
    PageType("event", _object("news.models.Event", slug_en="minimally-invasive-technology-sharing-session")),
    PageType("past-event", _object("news.models.Event", slug_en=PAST_EVENT)),
    PageType("cms-page", _object("hospital.models.Page", slug_en="treatments", parent=None)),
    PageType("search-results", _reverse("search:results", "?q=heavy")),
    PageType("search-without-results", _reverse("search:results", "?q=xylophone")),
    PageType("consultation-form", _reverse("consultations:form")),
    PageType("consultation-form-with-errors", _reverse("consultations:form"), _submit_with_mistakes),
    PageType("page-not-found", _reverse("news:list", "no-such-report/")),
]  # fmt: skip

# Every image, lazy or not, is in the picture; fonts are drawn before the shot.
SETTLE = """async () => {
    document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; });
    await Promise.all(Array.from(document.images).filter(img => !img.complete)
        .map(img => new Promise(done => { img.onload = img.onerror = done; })));
    await document.fonts.ready;
}"""


def missing_fonts():
    try:
        listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return list(REQUIRED_FONTS)
    return [family for family in REQUIRED_FONTS if family not in listed]


def capture(browser, base_url, out_dir, languages=LANGUAGES, widths=WIDTHS, pages=PAGE_TYPES):
    """Save one PNG per page type, language and width under `out_dir`; returns the files written."""
    from django.utils import translation

    out_dir = Path(out_dir)
    origin = base_url.rstrip("/")
    written = []
    for language in languages:
        (out_dir / language).mkdir(parents=True, exist_ok=True)
        with translation.override(language):
            paths = {page_type.name: page_type.path() for page_type in pages}
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, 800)},
                                          locale=BROWSER_LOCALES.get(language, language),
                                          is_mobile=width < 600, has_touch=width < 600)  # fmt: skip
            # Only the site itself: anything from another host would be a defect, and shows as missing.
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                          else route.abort())  # fmt: skip
            page = context.new_page()
            for page_type in pages:
                page.goto(origin + paths[page_type.name], wait_until="load")
                if page_type.action:
                    page_type.action(page)
                page.evaluate(SETTLE)
                target = out_dir / language / f"{page_type.name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
    return written


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(port):
    """The site as visitors get it (debug off, so the real error pages), through gunicorn on `port`.

    Static files come from var/static (collected by `make setup`) through WhiteNoise, media from
    var/media; no HTTPS redirect on 127.0.0.1.
    """
    secret = os.environ.get("DJANGO_SECRET_KEY") or "screenshots-" + secrets.token_hex(16)
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "0",
           "DJANGO_SECRET_KEY": secret}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "hospital.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--log-level", "warning"], env=env, cwd=ROOT)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The site did not start: run `make demo` first (see gunicorn's message above).")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("The site did not answer within 60 s.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "var" / "screenshots"), help="folder for the PNG files")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--pages", default="", help="page names (comma-separated); all by default")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    # Playwright's sync API runs an event loop in this thread; the ORM lookups of capture() are
    # still synchronous and safe here (as in tests/e2e/conftest.py).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    wanted = {name.strip() for name in args.pages.split(",") if name.strip()}
    pages = [page_type for page_type in PAGE_TYPES if not wanted or page_type.name in wanted]
    if wanted - {page_type.name for page_type in pages}:
        parser.error(f"unknown page(s): {', '.join(sorted(wanted - {p.name for p in pages}))}; "
                     f"known: {', '.join(p.name for p in PAGE_TYPES)}")  # fmt: skip
    if missing := missing_fonts():
        print(f"warning: fonts missing ({', '.join(missing)}): some scripts will show boxes. "
              "`make screenshots` installs fonts-noto-cjk and fonts-noto-core.", file=sys.stderr)  # fmt: skip
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    widths = [int(width) for width in args.widths.split(",") if width.strip()]

    port = _free_port()
    server = _serve(port)
    started = time.monotonic()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            written = capture(browser, f"http://127.0.0.1:{port}", args.out, languages, widths, pages)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{len(written)} screenshots in {args.out} ({time.monotonic() - started:.0f} s): "
          f"{len(pages)} page types x {len(languages)} languages x {len(widths)} widths")  # fmt: skip


if __name__ == "__main__":
    main()
