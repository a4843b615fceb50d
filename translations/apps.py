from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The translation workflow: per-field state, translators' workspace, exchange with agencies."""

    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        from . import signals

        signals.connect()
