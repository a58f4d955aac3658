"""Planning Live URLs, mounted at /live/."""

from django.urls import include, path

from sessions_live import urls_board, urls_manage, views

app_name = "live"

urlpatterns = [
    path("", views.live_index, name="index"),
    path("", include(urls_manage)),
    path("", include(urls_board)),
]
