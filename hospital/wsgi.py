"""WSGI entry point (gunicorn hospital.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from hospital.startup import require_secret_key, tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
application = get_wsgi_application()
require_secret_key()
tune_garbage_collection()
