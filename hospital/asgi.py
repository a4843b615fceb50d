"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from hospital.startup import require_secret_key, tune_garbage_collection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hospital.settings")
application = get_asgi_application()
require_secret_key()
tune_garbage_collection()
