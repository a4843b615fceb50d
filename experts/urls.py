from django.urls import path

from . import views

app_name = "experts"
urlpatterns = [
    path("", views.expert_list, name="list"),
    path("<uslug:slug>/", views.expert_detail, name="detail"),
    path("<uslug:slug>/publications.<str:format>", views.publication_export, name="export"),
    path("<uslug:slug>/publications/<int:pk>/cite.<str:style>", views.publication_citation, name="cite"),
]
