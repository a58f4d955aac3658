"""Facilitator set-up pages and the join flow, under /live/ (namespace "live")."""

from django.urls import path

from sessions_live import views_manage as views

SESSION = "sessions/<int:session_id>/"
PERSON = SESSION + "people/<int:focus_person_id>/"
PARTICIPANT = SESSION + "participants/<int:participant_id>/"

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("plans/new/", views.own_plan_start, name="own_plan_start"),
    path(SESSION + "setup/", views.session_setup, name="session_setup"),
    path(SESSION + "details/", views.session_details_save, name="session_details"),
    path(SESSION + "tables/", views.table_add, name="table_add"),
    path(SESSION + "tables/<int:table_id>/", views.table_rename, name="table_rename"),
    path(SESSION + "people/", views.focus_person_add, name="focus_person_add"),
    path(SESSION + "people/bring/", views.focus_person_bring, name="focus_person_bring"),
    path(PERSON, views.focus_person_edit, name="focus_person_edit"),
    path(PERSON + "invite/", views.invite_create, name="invite_create"),
    path(PERSON + "code/", views.code_create, name="code_create"),
    path(PERSON + "code/wrong/clear/", views.code_guesses_clear, name="code_guesses_clear"),
    path(PERSON + "stop/", views.invite_revoke, name="invite_revoke"),
    path(PERSON + "budget/", views.budget_part_add, name="budget_part_add"),
    path(
        PERSON + "budget/<int:part_id>/remove/",
        views.budget_part_remove,
        name="budget_part_remove",
    ),
    path(PERSON + "budget/reveal/", views.budget_reveal, name="budget_reveal"),
    path(SESSION + "budgets/reveal/", views.budget_reveal_all, name="budget_reveal_all"),
    path(PARTICIPANT + "remove/", views.participant_remove, name="participant_remove"),
    path(PARTICIPANT + "readmit/", views.participant_readmit, name="participant_readmit"),
    path(PARTICIPANT + "confirm/", views.participant_me_confirm, name="participant_me_confirm"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_create, name="template_create"),
    path("templates/<int:template_set_id>/edit/", views.template_edit, name="template_edit"),
    path("join/", views.join_code, name="join_code"),
    # Before the token pattern, so "details" is never read as a token.
    path("join/details/", views.join_details, name="join_details"),
    path("join/<slug:token>/", views.join_link, name="join_link"),
]
