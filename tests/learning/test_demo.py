"""The demo cohort: made once, on the first course, run by the demo champion."""

from datetime import time

import pytest

from cms.demo import demo_users_ensure
from learning.demo import COHORT_NAME, demo_learning_ensure
from learning.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    MentoringLog,
    SessionFeedback,
)
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
