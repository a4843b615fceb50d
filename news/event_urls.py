from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("past/", views.event_list, {"past": True}, name="past"),
    path("preview/<int:pk>/", views.event_preview, name="preview"),
    path("<uslug:slug>/", views.event_detail, name="detail"),
    path("<uslug:slug>/calendar.ics", views.event_ical, name="ical"),
]
