"""Factories for learning tests: courses with modules, cohorts and their sessions."""

import datetime
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from cms.roles import CHAMPIONS, LEARNERS
from courses.models import CoursePage, ModulePage, TrainingIndexPage
from learning import services
from learning.models import Cohort, CohortSession
from tests.factories import TrainingIndexPageFactory, UserFactory, site_with_home_page


class LearningCourseFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Support planning for champions {n}")
    slug = factory.Sequence(lambda n: f"learning-course-{n}")
    summary = "Learn to help people plan their support."
    audience = CoursePage.Audience.CHAMPIONS
    delivery_format = "2-hour induction then three short days, 10:00 to 15:30"
    total_hours = Decimal("17.5")
    learning_outcomes = "Explain what a personal budget is\nWrite SMART actions"


class LearningModuleFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"learning-module-{n}")
    summary = "What this module is about."
    duration_minutes = 60
    is_required = True
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Read Helen's story, then fill in what is working.</p>")]
    )


def course_with_modules(*, required: int = 3, optional: int = 0, index=None, **course_kwargs):
    """A live course under the training index, with required then optional modules."""
    if index is None:
        index = TrainingIndexPage.objects.first() or TrainingIndexPageFactory(
            parent=site_with_home_page()
        )
    course = LearningCourseFactory(parent=index, **course_kwargs)
    for number in range(required):
        LearningModuleFactory(parent=course, title=f"Required module {number + 1}")
    for number in range(optional):
        LearningModuleFactory(
            parent=course, title=f"Optional module {number + 1}", is_required=False
        )
    return course


def learner(**kwargs):
    kwargs.setdefault("roles", [LEARNERS])
    return UserFactory(**kwargs)


def champion(**kwargs):
    kwargs.setdefault("roles", [CHAMPIONS])
    return UserFactory(**kwargs)


def cohort_with_learners(*, course, trainer=None, learners=(), name="Spring champions") -> Cohort:
    """A cohort run by ``trainer`` (a new champion if not given) with these learners in it."""
    trainer = trainer or champion()
    cohort = services.cohort_create(course=course, name=name, created_by=trainer)
    for person in learners:
        _, token = services.cohort_invitation_create(
            cohort=cohort, email=person.email, invited_by=trainer
        )
        services.cohort_invitation_accept(token=token, user=person)
    return cohort


def session_for(cohort, *, days_from_today: int = -1, **kwargs) -> CohortSession:
    """A training day on the cohort's timetable, relative to today."""
    values = {
        "session_type": CohortSession.SessionType.TRAINING_DAY,
        "date": timezone.localdate() + datetime.timedelta(days=days_from_today),
        "start_time": datetime.time(10, 0),
        "end_time": datetime.time(15, 30),
        "venue": "Community Centre, Room 2",
    }
    values.update(kwargs)
    return services.cohort_session_save(cohort=cohort, **values)


def roles_certificate(*, user, cohort, signed_by=None, issued_at=None, withdrawn=False):
    """A certificate for ``user`` on ``cohort``'s course, made directly (the completion
    rules are tested elsewhere), with a sign-off by ``signed_by`` if given."""
    from learning.models import Certificate, Enrolment, SignOff

    enrolment, _ = Enrolment.objects.get_or_create(user=user, course=cohort.course)
    if signed_by is not None:
        SignOff.objects.create(
            enrolment=enrolment, cohort=cohort, signed_by=signed_by, comment="Ready."
        )
    return Certificate.objects.create(
        enrolment=enrolment,
        code=f"R{enrolment.pk:08d}",
        issued_at=issued_at or timezone.now(),
        withdrawn_at=timezone.now() if withdrawn else None,
    )


def register_rules_mark_present(session, *people) -> None:
    """Mark these learners present at a session that has started (feedback needs it)."""
    services.attendance_register_save(
        session=session,
        statuses={person.pk: "present" for person in people},
        recorded_by=session.cohort.created_by,
    )
