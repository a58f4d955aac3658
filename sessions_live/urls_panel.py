"""The council's panel, under /live/ (namespace "live"): its members' pages, and sending a
plan to a panel from the person's plan page (sessions_live/views_panel.py)."""

from django.urls import path

from sessions_live import views_panel as views

SENT = "panels/sent/<int:submission_id>/"
PLAN = "s/<int:session_id>/people/<int:person_id>/plan/"

urlpatterns = [
    path("panels/", views.panel_queue, name="panel_queue"),
    path(SENT, views.panel_submission, name="panel_submission"),
    # Before the download pattern, so "decide" is never read as a format.
    path(SENT + "decide/", views.panel_decide, name="panel_decide"),
    path(SENT + "<slug:key>/", views.panel_download, name="panel_download"),
    path(PLAN + "panel/send/", views.plan_panel_send, name="plan_panel_send"),
    path(
        PLAN + "panel/<int:submission_id>/send-again/",
        views.plan_panel_send_again,
        name="plan_panel_send_again",
    ),
]
