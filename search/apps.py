from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from hospital.registry import app_modules

        from . import signals

        app_modules("search_indexes")
        signals.connect()
