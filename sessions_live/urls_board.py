"""Board pages: participant board, room and table views, projector, no-JS note forms."""

from django.urls import path

from sessions_live import views_board, views_card, views_erase, views_plan

urlpatterns: list = [
    path("s/<int:session_id>/", views_board.board, name="board"),
    path(
        "s/<int:session_id>/tables/<int:table_id>/",
        views_board.board_table,
        name="board_table",
    ),
    path("s/<int:session_id>/projector/", views_board.projector, name="projector"),
    path("s/<int:session_id>/leave/", views_board.board_leave, name="board_leave"),
    path("s/<int:session_id>/notes/add/", views_board.note_add, name="note_add"),
    path(
        "s/<int:session_id>/notes/<int:note_id>/",
        views_board.note_actions,
        name="note_actions",
    ),
    path(
        "s/<int:session_id>/notes/<int:note_id>/edit/",
        views_board.note_edit,
        name="note_edit",
    ),
    path(
        "s/<int:session_id>/notes/<int:note_id>/remove/",
        views_board.note_remove,
        name="note_remove",
    ),
    path(
        "s/<int:session_id>/notes/<int:note_id>/restore/",
        views_board.note_restore,
        name="note_restore",
    ),
    path(
        "s/<int:session_id>/notes/<int:note_id>/answer/",
        views_board.note_answer,
        name="note_answer",
    ),
    path(
        "s/<int:session_id>/notes/<int:note_id>/wording/",
        views_board.note_wording,
        name="note_wording",
    ),
    path("s/<int:session_id>/facilitate/", views_board.note_facilitate, name="note_facilitate"),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/",
        views_plan.plan_page,
        name="plan",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/versions/save/",
        views_plan.plan_version_save,
        name="plan_version_save",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/review/",
        views_plan.plan_review,
        name="plan_review",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/card/",
        views_card.plan_card,
        name="plan_card",
    ),
    path("card/", views_card.card_use, name="card_use"),
    path("card/who/", views_card.card_who, name="card_who"),
    path("plans/cards/", views_card.plan_cards, name="plan_cards"),
    path("plans/start/", views_card.plan_start_alone, name="plan_start_alone"),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/write/",
        views_plan.plan_note_add,
        name="plan_note_add",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/costing/save/",
        views_plan.plan_cost_line_save,
        name="plan_cost_line_save",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/costing/remove/",
        views_plan.plan_cost_line_remove,
        name="plan_cost_line_remove",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/actions/save/",
        views_plan.plan_action_save,
        name="plan_action_save",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/actions/remove/",
        views_plan.plan_action_remove,
        name="plan_action_remove",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/rows/question/",
        views_plan.plan_row_question,
        name="plan_row_question",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/invite/",
        views_plan.plan_invite,
        name="plan_invite",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/my-card/",
        views_card.plan_ally_card,
        name="plan_ally_card",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/account/",
        views_plan.plan_account,
        name="plan_account",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/privacy/",
        views_plan.plan_privacy,
        name="plan_privacy",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/allies/remove/",
        views_plan.plan_ally_remove,
        name="plan_ally_remove",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/allies/confirm/",
        views_plan.plan_me_claim_confirm,
        name="plan_me_claim_confirm",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/log/",
        views_plan.plan_log,
        name="plan_log",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/everything/<slug:kind>/",
        views_plan.plan_everything,
        name="plan_everything",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/compare/",
        views_plan.plan_compare_page,
        name="plan_compare",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/versions/<int:version_id>/",
        views_plan.plan_version,
        name="plan_version",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/versions/<int:version_id>/<slug:key>/",
        views_plan.plan_version_download,
        name="plan_version_download",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/plan/<slug:key>/",
        views_plan.plan_download,
        name="plan_download",
    ),
]

# Erasing someone (sessions_live/views_erase.py): confirmation pages that say what goes.
urlpatterns += [
    path(
        "s/<int:session_id>/participants/<int:participant_id>/erase/",
        views_erase.participant_erase,
        name="participant_erase",
    ),
    path(
        "s/<int:session_id>/me/erase/",
        views_erase.participant_erase_me,
        name="participant_erase_me",
    ),
    path(
        "s/<int:session_id>/people/<int:person_id>/erase/",
        views_erase.person_erase,
        name="person_erase",
    ),
]
