"""Planning Live URLs, mounted at /live/."""

from django.urls import include, path

from sessions_live import urls_board, urls_manage, urls_panel, urls_share, views

app_name = "live"

urlpatterns = [
    path("", views.live_index, name="index"),
    path("", include(urls_manage)),
    # Before the board's: its plan downloads (.../plan/<key>/) would take .../plan/share/.
    path("", include(urls_share)),
    # The council's panel (views_panel.py): its members' pages, and sending a plan to one.
    path("", include(urls_panel)),
    path("", include(urls_board)),
]
