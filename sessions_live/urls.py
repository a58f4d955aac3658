"""Planning Live URLs, mounted at /live/."""

from django.urls import path

from sessions_live import views

app_name = "live"

urlpatterns = [
    path("", views.live_index, name="index"),
]
