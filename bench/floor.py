"""The floor: a bare Django view returning a short string, served by gunicorn like the site.

gunicorn bench.floor:application
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"], ROOT_URLCONF=__name__, MIDDLEWARE=[], INSTALLED_APPS=[],
        SECRET_KEY="bench-floor-only", USE_I18N=False,
    )  # fmt: skip

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("floor", floor)]
application = get_wsgi_application()
