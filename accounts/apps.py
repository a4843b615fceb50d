from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts and sign-in")

    def ready(self):
        from django.contrib import admin

        from . import checks, signals  # noqa: F401  (registers the system checks and signal handlers)
        from .forms import AdminLoginForm

        # The admin's sign-in asks for the authentication code of accounts that have one.
        admin.site.login_form = AdminLoginForm
        admin.site.login_template = "accounts/login.html"
