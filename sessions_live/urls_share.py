"""Sharing a plan: the person's share and stop forms, and the recipient's pages."""

from django.urls import path

from sessions_live import views_share

urlpatterns = [
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/share/",
        views_share.plan_share_create,
        name="plan_share_create",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/share/stop/",
        views_share.plan_share_stop,
        name="plan_share_stop",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/share/ally/",
        views_share.plan_ally_share,
        name="plan_ally_share",
    ),
    path("shared/<str:token>/", views_share.shared_plan, name="shared_plan"),
    path(
        "shared/<str:token>/download/<slug:key>/",
        views_share.shared_download,
        name="shared_download",
    ),
    path("shared/<str:token>/comment/", views_share.shared_comment, name="shared_comment"),
    path("shared/<str:token>/status/", views_share.shared_status, name="shared_status"),
]
