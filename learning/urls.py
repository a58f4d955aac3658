"""Learning URLs, included under /training/ before Wagtail's catch-all.

They only claim the paths below /training/ that start with these words, so no
course may have the slug "account", "my-learning", "join", "cohorts", "enablers",
"champions" or "certificates".
"""

from django.urls import path

from learning import views, views_certificates, views_roles

app_name = "training"

urlpatterns = [
    path("account/sign-up/", views.sign_up, name="sign_up"),
    path("join/<str:token>/", views.join, name="join"),
    path("my-learning/", views.my_learning, name="my_learning"),
    path("my-learning/courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("my-learning/modules/<int:module_id>/done/", views.module_done, name="module_done"),
    path("my-learning/modules/<int:module_id>/undo/", views.module_undo, name="module_undo"),
    path(
        "my-learning/certificates/<int:enrolment_id>/",
        views.certificate,
        name="certificate",
    ),
    path(
        "my-learning/certificates/<int:enrolment_id>/certificate.pdf",
        views.certificate_download,
        name="certificate_pdf",
    ),
    path("my-learning/sessions/<int:session_id>/feedback/", views.feedback, name="feedback"),
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:cohort_id>/", views.cohort_dashboard, name="cohort_dashboard"),
    path("cohorts/<int:cohort_id>/invite/", views.cohort_invite, name="cohort_invite"),
    path(
        "cohorts/<int:cohort_id>/invite/link/", views.cohort_invite_link, name="cohort_invite_link"
    ),
    path(
        "cohorts/<int:cohort_id>/invitations/<int:invitation_id>/",
        views.invitation_made,
        name="invitation_made",
    ),
    path(
        "cohorts/<int:cohort_id>/learners/add/",
        views.cohort_learner_add,
        name="cohort_learner_add",
    ),
    path("cohorts/<int:cohort_id>/trainers/", views.cohort_trainer_add, name="cohort_trainer_add"),
    path("cohorts/<int:cohort_id>/attendance.csv", views.attendance_csv, name="attendance_csv"),
    path("cohorts/<int:cohort_id>/mentoring/", views.mentoring, name="mentoring"),
    path("cohorts/<int:cohort_id>/sessions/new/", views.session_create, name="session_create"),
    path(
        "cohorts/<int:cohort_id>/sessions/<int:session_id>/edit/",
        views.session_edit,
        name="session_edit",
    ),
    path(
        "cohorts/<int:cohort_id>/sessions/<int:session_id>/register/",
        views.register,
        name="register",
    ),
    path(
        "cohorts/<int:cohort_id>/sessions/<int:session_id>/feedback/",
        views.feedback_summary,
        name="feedback_summary",
    ),
    path(
        "cohorts/<int:cohort_id>/sessions/<int:session_id>/calendar.ics",
        views.session_calendar_file,
        name="session_ics",
    ),
    # The cascade: champions train enablers (learning/views_roles.py).
    path(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/make-champion/",
        views_roles.cohort_champion_make,
        name="champion_make",
    ),
    path("enablers/", views_roles.enablers_register, name="enablers_register"),
    path("champions/<int:champion_id>/", views_roles.champion_page, name="champion_page"),
    path("my-learning/role/", views_roles.my_role, name="my_role"),
    # Finishing a course: sign-off, withdrawing, and the public check (views_certificates.py).
    path(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/sign-off/",
        views_certificates.sign_off,
        name="sign_off",
    ),
    path(
        "cohorts/<int:cohort_id>/learners/<int:learner_id>/sign-off/remove/",
        views_certificates.sign_off_remove,
        name="sign_off_remove",
    ),
    path(
        "certificates/<int:certificate_id>/withdraw/",
        views_certificates.certificate_withdraw,
        name="certificate_withdraw",
    ),
    path("certificates/check/", views_certificates.certificate_check, name="certificate_check"),
    path(
        "certificates/check/<str:code>/",
        views_certificates.certificate_check_code,
        name="certificate_check_code",
    ),
]
