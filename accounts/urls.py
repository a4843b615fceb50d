from django.urls import path
from django.views.i18n import JavaScriptCatalog

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.renew_codes, name="renew_codes"),
    path("disable/", views.disable, name="disable"),
    path("passkeys/options/", views.passkey_options, name="passkey_options"),
    path("passkeys/", views.passkey_add, name="passkey_add"),
    path("passkeys/<int:pk>/remove/", views.passkey_remove, name="passkey_remove"),
    path("passkeys/sign-in-options/", views.passkey_sign_in_options, name="passkey_sign_in_options"),
    # The strings of static/js/passkeys.js for the sign-in page (the admin's own catalogue is for
    # signed-in staff only); LOCALE_PATHS' djangojs catalogues are always included.
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django.contrib.admin"]), name="jsi18n"),
]
