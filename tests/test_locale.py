"""Every language in LANGUAGES has a complete catalogue that covers every string in the code."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ["hospital", "experts", "news", "consultations", "backoffice", "templates"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(code, domain="django"):
    folder = code.replace("-", "_")
    folder = folder[:3] + folder[3:].title() if "_" in folder else folder  # zh_hans -> zh_Hans
    return ROOT / "locale" / folder / "LC_MESSAGES" / f"{domain}.po"


def msgids(po_path):
    """The msgids of a .po file (msgctxt-qualified), obsolete entries excluded."""
    result = subprocess.run(["msgattrib", "--no-obsolete", "--no-wrap", str(po_path)], capture_output=True, text=True,
                            check=True)  # fmt: skip
    ids, context = set(), ""
    for block in result.stdout.split("\n\n"):
        context_match = re.search(r'^msgctxt "(.*)"$', block, re.M)
        id_match = re.search(r'^msgid "(.*)"$', block, re.M)
        if id_match and id_match.group(1):
            context = context_match.group(1) if context_match else ""
            ids.add((context, id_match.group(1)))
    return ids


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_complete_and_not_fuzzy(code, domain):
    po = catalogue(code, domain)
    assert po.exists(), f"missing catalogue {po}"
    untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True,
                                  text=True, check=True).stdout  # fmt: skip
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    assert "msgid" not in untranslated, f"{code}: untranslated strings\n{untranslated[:3000]}"
    assert "msgid" not in fuzzy, f"{code}: fuzzy strings\n{fuzzy[:3000]}"
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """Extract the strings of the current code and compare them with the English catalogue."""
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hospital.settings", "DJANGO_DEBUG": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    extracted = msgids(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")
    known = msgids(catalogue("en"))
    missing = sorted(extracted - known)
    assert not missing, f"{len(missing)} strings are not in the catalogues (run `make translations`): {missing[:20]}"
