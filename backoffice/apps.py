from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class BackOfficeConfig(AppConfig):
    """The editors' workplace around the admin: language preference, dashboard, revisions."""

    name = "backoffice"
    default = True
    verbose_name = _("Back office")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import history, preferences

        preferences.connect_signals()
        history.register_models()
        # Each app's attention.py registers what the admin home shows (see backoffice.dashboard).
        autodiscover_modules("attention")


class BackOfficeAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site as `admin.site` (dashboard home, preferences page)."""

    default = False
    default_site = "backoffice.site.BackOfficeSite"
