from django.urls import path

from . import case_views, views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_form, name="form"),
    path("received/<str:reference>/", views.received, name="received"),
    path("reports/<uuid:uid>/", views.download_report, name="download"),
    path("case/<str:token>/", case_views.case_page, name="case"),
    path("case/<str:token>/files/<uuid:uid>/", case_views.case_file, name="case_file"),
]
