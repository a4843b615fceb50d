"""Loaded by pytest before Django (`-p tests.environment`): the environment the suite runs in."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Tests resolve static files through the finders; collectstatic output is checked separately.
os.environ.setdefault("DJANGO_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
# Media and private files of a test run go to a throwaway folder, never to var/.
_scratch = tempfile.mkdtemp(prefix="hospital-tests-")
os.environ.setdefault("DJANGO_MEDIA_ROOT", os.path.join(_scratch, "media"))
os.environ.setdefault("DJANGO_PRIVATE_MEDIA_ROOT", os.path.join(_scratch, "private"))
os.environ.setdefault("CONSULTATION_FILE_KEY_FILE", os.path.join(_scratch, "consultation-file.key"))
os.environ.setdefault("DJANGO_PAGE_CACHE_DIR", os.path.join(_scratch, "cache"))
