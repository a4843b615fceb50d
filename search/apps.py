from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from hospital import pagecache
        from hospital.registry import app_modules

        from . import signals
        from .models import SearchEntry

        app_modules("search_indexes")
        signals.connect()
        # SQLite's full-text indexes of the search rows (migration 0003), kept by triggers.
        for table in ("search_entry_words", "search_entry_chars"):
            pagecache.register_derived_table(table, SearchEntry._meta.db_table)
