"""Every public page type is valid HTML, as the Nu HTML Checker (the W3C validator) reads it.

The checker is `vnu-jar` from npm (a devDependency in package.json) and runs on Java from
Debian's packages (`make test` installs `default-jre-headless` when `java` is missing). A JVM
takes seconds to start, so the server HTML of every page type in English, Chinese and Arabic
(right to left) is collected first and checked in one run; each page is then its own test.
Errors fail; warnings ("info" messages) do not.
"""

import json
import shutil
import subprocess
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from consultations.models import ConsultationRequest
from experts.models import Expert
from hospital.models import Page
from news.models import Event, NewsItem
from tests.consultations.factories import TEST_KEY

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ["en", "zh-hans", "ar"]
# The mark makes pytest-django create the test database; the pages are collected once per module.
pytestmark = pytest.mark.django_db


def _get(path):
    return lambda client: client.get(path() if callable(path) else path)


def _with_errors(client):
    """The consultation form sent with mistakes: the server answers 400 with the errors shown."""
    return client.post(reverse("consultations:form"), {"patient_name": "", "phone": "12345",
                                                       "form_token": str(uuid.uuid4())})  # fmt: skip


def _received(client):
    consultation = ConsultationRequest.objects.order_by("pk").first()
    return client.get(reverse("consultations:received", args=[consultation.reference]))


def _url(model, **lookup):
    return lambda: model.objects.get(**lookup).get_absolute_url()


# page type -> (how to fetch it in the active language, expected status)
PAGE_TYPES = {
    "home": (_get(lambda: reverse("hospital:home")), 200),
    "expert directory": (_get(lambda: reverse("experts:list")), 200),
    "expert directory filtered": (_get(lambda: reverse("experts:list") + "?specialty=heavy-ion-therapy"), 200),
    "expert directory without results": (_get(lambda: reverse("experts:list") + "?q=xylophone"), 200),
    "expert profile": (_get(_url(Expert, slug_en="wang-ligen")), 200),
    "expert profile with 300 papers": (_get(_url(Expert, slug_en="huang-jun")), 200),
    "news list": (_get(lambda: reverse("news:list")), 200),
    "news list second page": (_get(lambda: reverse("news:list") + "?page=2"), 200),
    "news category": (_get(lambda: reverse("news:list") + "?category=conference"), 200),
    "news tag": (_get(lambda: reverse("news:list") + "?tag=glioma"), 200),
    "empty news archive": (_get(lambda: reverse("news:archive", args=[2001])), 200),
    "news item": (_get(_url(NewsItem, slug_en="clinical-efficacy-of-heavy-ion-therapy-in-china")), 200),
    "conference report": (
        _get(_url(NewsItem, slug_en="wuwei-team-at-the-2025-brachytherapy-and-intelligent-radiotherapy-conference")),
        200,
    ),
    "event list": (_get(lambda: reverse("events:list")), 200),
    "past events": (_get(lambda: reverse("events:past")), 200),
    "upcoming online event": (_get(_url(Event, slug_en="minimally-invasive-technology-sharing-session")), 200),
    "past event": (_get(_url(Event, slug_en="2025-brachytherapy-and-intelligent-radiotherapy-conference")), 200),
    "cms page with sub-pages": (_get(lambda: Page.objects.get(slug_en="treatments").get_absolute_url()), 200),
    "cms page": (_get(lambda: Page.objects.get(slug_en="contact").get_absolute_url()), 200),
    "search results": (_get(lambda: reverse("search:results") + "?q=heavy"), 200),
    "search without results": (_get(lambda: reverse("search:results") + "?q=xylophone"), 200),
    "empty search": (_get(lambda: reverse("search:results")), 200),
    "consultation form": (_get(lambda: reverse("consultations:form")), 200),
    "consultation form for an expert": (_get(lambda: reverse("consultations:form") + "?expert=wang-ligen"), 200),
    "consultation form with errors": (_with_errors, 400),
    "consultation received": (_received, 200),
    "page not found": (_get(lambda: reverse("news:list") + "no-such-item/"), 404),
}
# Checked with the pages, so a checker that silently checks nothing fails the suite.
CANARY = "canary-with-known-errors.html"
BROKEN_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Known errors</title></head><body>'
    "<dl><div><dd>28 months</dd><dt>Median survival</dt></div></dl>"
    '<time datetime="2026-12-01T16:26:40.344565+08:00">1 December</time></body></html>'
)
CASES = [(language, page_type) for language in LANGUAGES for page_type in PAGE_TYPES]


def _file_name(language, page_type):
    return f"{language}--{page_type.replace(' ', '-')}.html"


def _sandbox(tmp):
    """Where the demo's consultation requests put their encrypted reports during this module."""
    return override_settings(
        STORAGES={**settings.STORAGES, "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                   "OPTIONS": {"location": tmp / "private", "base_url": None}}},
        CONSULTATION_FILE_KEYS=[TEST_KEY], CONSULTATION_FILE_KEY_FILE=tmp / "consultation-file.key",
        CLAMD_SOCKET="", CLAMD_HOST="", CONSULTATION_RATE_LIMIT="1000/h",
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    )  # fmt: skip


def _collect_pages(folder):
    """Load the demo, save every page type in every checked language; nothing stays in the database."""
    statuses = {}
    with transaction.atomic():
        call_command("setup_roles", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())
        client = Client()
        for language, page_type in CASES:
            fetch, _expected = PAGE_TYPES[page_type]
            with translation.override(language):
                response = fetch(client)
            statuses[language, page_type] = (response.status_code, response.wsgi_request.path)
            (folder / _file_name(language, page_type)).write_bytes(response.content)
        transaction.set_rollback(True)
    return statuses


def run_checker(paths):
    """Run the Nu checker once over `paths`: {file name: [error messages]}."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: run `make test` (it installs Debian's default-jre-headless).")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `npm ci` (vnu-jar is a devDependency).")
    result = subprocess.run(
        [java, "-Xss2m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, paths)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    # vnu writes its JSON report to stderr.
    report = json.loads(result.stderr or result.stdout)
    errors = {path.name: [] for path in paths}
    for message in report["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "").removeprefix("file:")).name
            errors.setdefault(name, []).append(message)
    return errors


@pytest.fixture(scope="module")
def validation(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nu-checker")
    with django_db_blocker.unblock(), _sandbox(folder):
        statuses = _collect_pages(folder)
    (folder / CANARY).write_text(BROKEN_PAGE, encoding="utf-8")
    errors = run_checker(sorted(folder.glob("*.html")))
    return statuses, errors


def describe(messages, limit=10):
    lines = [f"  line {m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}"
             for m in messages[:limit]]  # fmt: skip
    more = f"\n  … and {len(messages) - limit} more" if len(messages) > limit else ""
    return "\n".join(lines) + more


@pytest.mark.parametrize(("language", "page_type"), CASES)
def test_page_is_valid_html(validation, language, page_type):
    statuses, errors = validation
    status, path = statuses[language, page_type]
    assert status == PAGE_TYPES[page_type][1], f"{path} answered {status}"
    messages = errors[_file_name(language, page_type)]
    assert not messages, f"{len(messages)} HTML errors on {path} ({language}):\n{describe(messages)}"


def test_the_checker_really_runs(validation):
    """A page with the two errors once found on news items, checked in the same run, fails."""
    _statuses, errors = validation
    messages = errors[CANARY]
    assert any("<dt>" in m["message"] or "dt" in m["message"] for m in messages), describe(messages)
    assert any("datetime" in m["message"] for m in messages), describe(messages)
