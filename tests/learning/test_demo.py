"""The demo cohort (made once, on the first course, run by the demo champion) and the
cascade before it."""

from datetime import time

import pytest

from cms.demo import demo_users_ensure
from learning.demo import CASCADE_CHAMPIONS, COHORT_NAME, demo_learning_ensure
from learning.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    MentoringLog,
    RoleAward,
    SessionFeedback,
)
from learning.selectors_roles import enablers_register, enablers_trained_by
from tests.learning.factories import course_with_modules

pytestmark = pytest.mark.django_db


def test_no_course_means_no_demo_cohort():
    demo_users_ensure()
    assert demo_learning_ensure() == []
    assert not Cohort.objects.exists()


def test_demo_cohort_timetable_people_and_records():
    demo_users_ensure()
    course = course_with_modules(required=6)
    lines = demo_learning_ensure()
    cohort = Cohort.objects.get(name=COHORT_NAME)
    assert lines == [f"Demo cohort: /training/cohorts/{cohort.pk}/ (sign in as champion)"]
    assert cohort.course.pk == course.pk
    assert [u.username for u in cohort.trainers.all()] == ["champion"]
    assert {u.username for u in cohort.learners.all()} == {
        "learner",
        "learner-amira",
        "learner-tom",
    }
    assert Enrolment.objects.filter(course=course).count() == 3
    sessions = list(CohortSession.objects.filter(cohort=cohort))
    kinds = [s.session_type for s in sessions]
    assert kinds == [
        "induction",
        "training_day",
        "training_day",
        "training_day",
        "action_learning_set",
    ]
    induction = sessions[0]
    assert (induction.start_time, induction.end_time) == (time(10), time(12))
    assert all((s.start_time, s.end_time) == (time(10), time(15, 30)) for s in sessions[1:4])
    assert Attendance.objects.filter(session__cohort=cohort).exists()
    assert SessionFeedback.objects.filter(session__cohort=cohort).count() >= 2
    assert MentoringLog.objects.filter(cohort=cohort).count() == 1


def test_demo_is_idempotent():
    demo_users_ensure()
    course_with_modules(required=3)
    demo_learning_ensure()
    counts = (
        Cohort.objects.count(),
        CohortSession.objects.count(),
        Attendance.objects.count(),
        SessionFeedback.objects.count(),
        MentoringLog.objects.count(),
    )
    demo_learning_ensure()
    assert counts == (
        Cohort.objects.count(),
        CohortSession.objects.count(),
        Attendance.objects.count(),
        SessionFeedback.objects.count(),
        MentoringLog.objects.count(),
    )


def test_the_demo_cohort_names_its_trainer_and_learners_by_their_real_names(client):
    demo_users_ensure()
    course_with_modules(required=3)
    demo_learning_ensure()
    cohort = Cohort.objects.get(name=COHORT_NAME)
    client.force_login(cohort.trainers.get())
    html = client.get(f"/training/cohorts/{cohort.pk}/").content.decode()
    assert "Trainers: Priya Shah." in html
    assert "Trainers: champion" not in html
    for name in ["Sam Taylor", "Amira Hussain", "Tom Bennett"]:
        assert name in html


def test_the_demo_shows_the_cascade_a_trained_champion_and_two_enablers():
    demo_users_ensure()
    champions = course_with_modules(
        required=2, attendance_needed="core", needs_sign_off=True, makes_role="champion"
    )
    course_with_modules(required=2, attendance_needed="all", makes_role="enabler")
    lines = demo_learning_ensure()
    assert any(line.startswith("Cascade: Lena Okoro (trained by Priya Shah)") for line in lines)

    lena = RoleAward.objects.get(role="champion", user__username="champion-lena")
    assert lena.cohort.name == CASCADE_CHAMPIONS
    assert lena.awarded_by.username == "champion"
    assert lena.enrolment.sign_off.signed_by.username == "champion"
    assert lena.enrolment.certificate.is_valid
    assert lena.user.groups.filter(name="Champions").exists()
    # The running demo group is on the first (champions) course.
    assert Cohort.objects.get(name=COHORT_NAME).course.pk == champions.pk

    register = enablers_register(query="")
    assert {entry.name for entry in register} == {"Tom Reid", "Kofi Mensah"}
    for entry in register:
        assert [t.name for t in entry.trainers] == ["Lena Okoro"]
    trained = enablers_trained_by(champion=lena.user)
    assert sorted(e.name for e in trained) == ["Kofi Mensah", "Tom Reid"]

    # Loading again adds nothing.
    assert demo_learning_ensure()
    assert RoleAward.objects.count() == 3
    assert Certificate.objects.count() == 3
