"""Loaded by pytest before Django (`-p tests.environment`): the environment the suite runs in."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Tests resolve static files through the finders; collectstatic output is checked separately.
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Media, private files and the page cache of a test run go to a throwaway folder, never to var/.
# Each pytest-xdist worker gets its own: workers inherit the controller's environment, and one
# worker's cache.clear() must not empty the page cache another worker is testing.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_scratch = tempfile.mkdtemp(prefix=f"hospital-tests-{_worker}-" if _worker else "hospital-tests-")
_folders = {
    "DJANGO_MEDIA_ROOT": "media",
    "DJANGO_PRIVATE_MEDIA_ROOT": "private",
    "CONSULTATION_FILE_KEY_FILE": "consultation-file.key",
    "DJANGO_PAGE_CACHE_DIR": "cache",
}
for _name, _folder in _folders.items():
    if _worker and os.environ.get("HOSPITAL_TESTS_SCRATCH") == os.path.dirname(os.environ.get(_name, "")):
        del os.environ[_name]  # the controller's folder: take this worker's own
    os.environ.setdefault(_name, os.path.join(_scratch, _folder))
os.environ.setdefault("HOSPITAL_TESTS_SCRATCH", _scratch)
