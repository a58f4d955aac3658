"""Learning URLs, included under /training/ before Wagtail's catch-all.

They only claim the paths below /training/ that start with these words, so no
course may have the slug "account", "my-learning", "join" or "cohorts".
"""

from django.urls import path

from learning import views

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
]
