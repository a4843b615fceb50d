from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
    path("<int:year>/", views.news_list, name="archive"),
    path("feed/", feeds.LatestNewsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestNewsAtomFeed(), name="feed_atom"),
    path("preview/<int:pk>/", views.news_preview, name="preview"),
    path("<uslug:slug>/", views.news_detail, name="detail"),
]
