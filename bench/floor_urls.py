"""The floor's URLconf for bench/bench_render.py: bench/floor.py's bare view inside the site's process."""

from django.http import HttpResponse
from django.urls import path


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("floor", floor)]
