from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("setup/", views.setup, name="setup"),
    path("recovery-codes/", views.renew_codes, name="renew_codes"),
    path("disable/", views.disable, name="disable"),
]
