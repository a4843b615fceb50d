from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_form, name="form"),
    path("received/<str:reference>/", views.received, name="received"),
    path("reports/<uuid:uid>/", views.download_report, name="download"),
]
