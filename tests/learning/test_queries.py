"""Pages that list learners, modules or sessions use a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import ModulePage
from learning import services
from tests.learning.factories import (
    cohort_with_learners,
    course_with_modules,
    learner,
    register_rules_mark_present,
    session_for,
)

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _busy_cohort(*, learners: int, sessions: int, modules: int, name: str):
    course = course_with_modules(required=modules, optional=1)
    people = [learner() for _ in range(learners)]
    cohort = cohort_with_learners(course=course, learners=people, name=name)
    module_pages = list(ModulePage.objects.child_of(course).order_by("path"))
    trainer = cohort.created_by
    for number in range(sessions):
        session = session_for(
            cohort, days_from_today=-number - 1, modules=module_pages[: number + 1]
        )
        services.attendance_register_save(
            session=session,
            statuses={
                p.pk: ("present", "absent", "apologies")[i % 3] for i, p in enumerate(people)
            },
            recorded_by=trainer,
        )
        # Feedback comes from people marked present (every third person, above).
        for person in people[::3][:2]:
            services.session_feedback_save(session=session, learner=person, rating=4)
    for i, person in enumerate(people):
        for module in module_pages[: i % (modules + 1)]:
            services.module_progress_mark(user=person, module=module)
        services.mentoring_log_create(
            mentor=trainer, champion=person, met_on=timezone.localdate() - timedelta(days=i * 30)
        )
    return cohort, people


def test_dashboard_queries_do_not_grow_with_learners_sessions_or_modules(
    client, django_assert_max_num_queries
):
    small, _ = _busy_cohort(learners=1, sessions=1, modules=1, name="Small")
    client.force_login(small.created_by)
    small_count = _count(client, reverse("training:cohort_dashboard", args=[small.pk]))

    large, _ = _busy_cohort(learners=9, sessions=5, modules=8, name="Large")
    client.force_login(large.created_by)
    with django_assert_max_num_queries(small_count):
        client.get(reverse("training:cohort_dashboard", args=[large.pk]))


def test_csv_and_register_queries_do_not_grow(client, django_assert_max_num_queries):
    small, _ = _busy_cohort(learners=1, sessions=1, modules=1, name="Small")
    large, _ = _busy_cohort(learners=9, sessions=5, modules=8, name="Large")
    pages = [
        ("training:attendance_csv", lambda c: [c.pk]),
        ("training:register", lambda c: [c.pk, c.sessions.first().pk]),
        ("training:mentoring", lambda c: [c.pk]),
    ]
    for name, args in pages:
        client.force_login(small.created_by)
        small_count = _count(client, reverse(name, args=args(small)))
        client.force_login(large.created_by)
        large_url = reverse(name, args=args(large))
        with django_assert_max_num_queries(small_count):
            client.get(large_url)


def test_my_learning_queries_do_not_grow_with_courses_modules_or_sessions(
    client, django_assert_max_num_queries
):
    one = learner()
    course = course_with_modules(required=1)
    services.enrolment_create(user=one, course=course)
    cohort = cohort_with_learners(course=course, learners=[one], name="One")
    session_for(cohort)
    client.force_login(one)
    small_count = _count(client, reverse("training:my_learning"))

    many = learner()
    for n in range(4):
        course = course_with_modules(required=6, optional=2)
        modules = list(ModulePage.objects.child_of(course).order_by("path"))
        for module in modules[: n + 1]:
            services.module_progress_mark(user=many, module=module)
        cohort = cohort_with_learners(course=course, learners=[many], name=f"Group {n}")
        for days in (-3, -1, 5):
            session = session_for(cohort, days_from_today=days)
            if days < 0:
                register_rules_mark_present(session, many)
                services.session_feedback_save(session=session, learner=many, rating=5)
    client.force_login(many)
    with django_assert_max_num_queries(small_count):
        response = client.get(reverse("training:my_learning"))
    assert response.content.decode().count("<progress") == 4
