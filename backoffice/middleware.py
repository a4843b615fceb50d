"""The back office in each staff member's own language (public pages keep their URL's language)."""

from django.urls import reverse
from django.utils import translation

from .preferences import admin_language


class AdminLanguageMiddleware:
    """Activates the signed-in staff member's preferred language for /admin/ (after LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        if self._prefix is None:
            self._prefix = reverse("admin:index")
        if request.path_info.startswith(self._prefix) and (language := admin_language(request.user)):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
