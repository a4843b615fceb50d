"""Management commands and project-wide checks."""

import io
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from hospital.models import Hospital, Page, Specialty

pytestmark = pytest.mark.django_db
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


def test_load_demo_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Hospital.objects.count(), Page.objects.count(), Specialty.objects.count())
    stamps = list(Page.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("load_demo", stdout=io.StringIO())
    assert (Hospital.objects.count(), Page.objects.count(), Specialty.objects.count()) == counts
    assert list(Page.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert counts[0] == 2 and counts[1] >= 6


def test_demo_has_untranslated_content_for_fallback(client):
    call_command("load_demo", stdout=io.StringIO())
    html = client.get("/zh-hans/").text
    assert "关于我们" in html
    brachy = Page.objects.get(slug_en="brachytherapy")
    assert not brachy.title_zh_hans
    assert "fallback-notice" in client.get(brachy.get_absolute_url()).text


def test_setup_roles_creates_the_groups():
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Editor", "Translator", "Physician", "Coordinator"} <= names
    editor = Group.objects.get(name="Editor")
    assert editor.permissions.filter(codename="publish_page").exists()
    assert not Group.objects.get(name="Translator").permissions.filter(codename="publish_page").exists()


def test_ensure_admin_uses_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_USERNAME", "boss")
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "a-long-secret-1")
    call_command("ensure_admin", stdout=io.StringIO())
    user = User.objects.get(username="boss")
    assert user.is_superuser and user.check_password("a-long-secret-1")


def test_ensure_admin_prints_generated_password(monkeypatch):
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("DJANGO_ADMIN_USERNAME", "admin")
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    created = next(line for line in out.getvalue().splitlines() if line.startswith("Admin account created"))
    password = created.rsplit(" ", 1)[-1]
    assert User.objects.get(username="admin").check_password(password)


def run_manage(*args, **env):
    # What the test harness sets for itself (debug, no HTTPS redirect, the browser tests' async flag)
    # is not production.
    harness = {"DJANGO_DEBUG", "DJANGO_SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {**{k: v for k, v in os.environ.items() if k not in harness}, **env}
    return subprocess.run([sys.executable, "manage.py", *args], capture_output=True, text=True, env=environment,
                          cwd=ROOT)  # fmt: skip


def test_migrations_are_complete():
    # As anyone runs it: no secret key, debug off.
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    result = subprocess.run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
                            capture_output=True, text=True, env=environment, cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY="k3y-" + "f9a8s7d6f5g4h3j2k1l0" * 3, DJANGO_ALLOWED_HOSTS="hospital.example.org",
        DJANGO_SECURE_SSL_REDIRECT="1", EMAIL_HOST="smtp.example.org",
        CONSULTATION_FILE_KEYS="q2VhN0x5Q1pQd0ZlQmFnS2V5Rm9yVGVzdHNPbmx5ISE=", CLAMD_SOCKET="/run/clamav/clamd.ctl",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_is_clean_with_only_a_secret_key_hosts_and_a_scanner():
    """The minimum of a one-machine production: mail through the local server, reports and their key in var/."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SECRET_KEY="k3y-" + "f9a8s7d6f5g4h3j2k1l0" * 3, DJANGO_ALLOWED_HOSTS="hospital.example.org",
        CLAMD_SOCKET="/run/clamav/clamd.ctl",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_without_a_virus_scanner():
    environment = {"DJANGO_SECRET_KEY": "k3y-" + "f9a8s7d6f5g4h3j2k1l0" * 3, "DJANGO_ALLOWED_HOSTS": "h.example.org"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", CLAMD_SOCKET="", CLAMD_HOST="", **environment)
    assert result.returncode != 0 and "consultations.W002" in result.stdout + result.stderr
    accepted = run_manage("check", "--deploy", "--fail-level", "WARNING", CLAMD_SOCKET="", CLAMD_HOST="",
                          CONSULTATION_ALLOW_UNSCANNED="1", **environment)  # fmt: skip
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_debug_off_without_secret_key_refuses_to_start():
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "DJANGO_DEBUG"}}
    result = subprocess.run([sys.executable, "-c", "import hospital.wsgi"], capture_output=True, text=True,
                            env=environment, cwd=ROOT)  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_translation_status_counts_missing_languages():
    from tests.hospital.factories import PageFactory

    PageFactory(title_en="Brachytherapy", body_en="<p>x</p>")
    PageFactory(title_en="About", title_zh_hans="关于我们", body_en="<p>x</p>", body_zh_hans="<p>y</p>")
    out = io.StringIO()
    call_command("translation_status", "--language", "zh-hans", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.startswith("hospital.Page"))
    assert line.split() == ["hospital.Page", "(2)", "1/0"]  # missing/outdated
