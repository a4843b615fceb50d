from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HospitalConfig(AppConfig):
    name = "hospital"
    verbose_name = _("Hospitals and pages")

    def ready(self):
        from . import checks, converters, pagecache  # noqa: F401  (checks registers the system checks)

        converters.register()
        pagecache.connect()
