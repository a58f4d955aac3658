"""Cohort rules: invitations, timetable, attendance, mentoring and feedback."""

import hashlib
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.roles import LEARNERS
from courses.models import ModulePage
from learning import selectors, services
from learning.models import Attendance, CohortInvitation, Enrolment
from learning.services import LearningError
from tests.factories import UserFactory
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    register_rules_mark_present,
    session_for,
)

pytestmark = pytest.mark.django_db


# --- Cohorts and invitations -----------------------------------------------------


def test_a_champion_creates_a_cohort_and_becomes_its_trainer():
    course = course_with_modules()
    person = champion()
    cohort = services.cohort_create(course=course, name=" Walsall champions ", created_by=person)
    assert cohort.name == "Walsall champions"
    assert list(cohort.trainers.all()) == [person]


def test_someone_who_is_not_a_champion_cannot_create_a_cohort():
    with pytest.raises(LearningError) as error:
        services.cohort_create(
            course=course_with_modules(), name="Mine", created_by=UserFactory(roles=[LEARNERS])
        )
    assert error.value.code == "not_a_champion"


def test_only_champions_can_be_added_as_trainers():
    cohort = cohort_with_learners(course=course_with_modules())
    with pytest.raises(LearningError):
        services.cohort_trainer_add(cohort=cohort, user=learner())
    other = champion()
    services.cohort_trainer_add(cohort=cohort, user=other)
    assert other in cohort.trainers.all()


def test_invitation_keeps_only_the_sha256_of_the_token_and_runs_out_in_14_days():
    cohort = cohort_with_learners(course=course_with_modules())
    now = timezone.now()
    invitation, token = services.cohort_invitation_create(
        cohort=cohort, email="amira@example.org", invited_by=cohort.created_by, now=now
    )
    stored = CohortInvitation.objects.get(pk=invitation.pk)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in vars(stored).values()}
    assert len(token) >= 40
    assert stored.expires_at == now + timedelta(days=14)


def test_accepting_an_invitation_joins_the_cohort_enrols_and_makes_a_learner():
    course = course_with_modules()
    cohort = cohort_with_learners(course=course)
    _, token = services.cohort_invitation_create(
        cohort=cohort, email="amira@example.org", invited_by=cohort.created_by
    )
    person = UserFactory(email="Amira@Example.org")  # the address's account, in any case
    assert services.cohort_invitation_accept(token=token, user=person) == cohort
    assert person in cohort.learners.all()
    assert Enrolment.objects.filter(user=person, course=course).exists()
    assert person.groups.filter(name=LEARNERS).exists()
    invitation = CohortInvitation.objects.get(cohort=cohort)
    assert invitation.accepted_by == person
    assert invitation.accepted_at is not None


def test_an_invitation_works_once():
    cohort = cohort_with_learners(course=course_with_modules())
    _, token = services.cohort_invitation_create(
        cohort=cohort, email="a@example.org", invited_by=cohort.created_by
    )
    services.cohort_invitation_accept(token=token, user=UserFactory(email="a@example.org"))
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_accept(token=token, user=UserFactory(email="a@example.org"))
    assert error.value.code == "invitation_used"


def test_an_expired_invitation_is_refused():
    cohort = cohort_with_learners(course=course_with_modules())
    _, token = services.cohort_invitation_create(
        cohort=cohort, email="a@example.org", invited_by=cohort.created_by
    )
    later = timezone.now() + timedelta(days=14, seconds=1)
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_accept(
            token=token, user=UserFactory(email="a@example.org"), now=later
        )
    assert error.value.code == "invitation_expired"


@pytest.mark.parametrize("email", ["someone.else@example.org", ""])
def test_an_invitation_cannot_be_used_by_an_account_at_another_address(email):
    cohort = cohort_with_learners(course=course_with_modules())
    _, token = services.cohort_invitation_create(
        cohort=cohort, email="amira@example.org", invited_by=cohort.created_by
    )
    other = UserFactory(email=email)
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_accept(token=token, user=other)
    assert error.value.code == "invitation_not_yours"
    assert "sent to a…@example.org" in error.value.message
    assert other not in cohort.learners.all()
    # Still unused: the invited person can join with it.
    amira = UserFactory(email="amira@example.org")
    assert services.cohort_invitation_accept(token=token, user=amira) == cohort


def test_a_wrong_token_is_refused():
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_find(token="not-a-real-token")
    assert error.value.code == "invitation_not_found"


def test_inviting_the_same_address_again_stops_the_old_link():
    cohort = cohort_with_learners(course=course_with_modules())
    _, old = services.cohort_invitation_create(
        cohort=cohort, email="a@example.org", invited_by=cohort.created_by
    )
    _, new = services.cohort_invitation_create(
        cohort=cohort, email="A@example.org", invited_by=cohort.created_by
    )
    with pytest.raises(LearningError):
        services.cohort_invitation_find(token=old)
    assert services.cohort_invitation_find(token=new).cohort == cohort


def test_invitation_email_has_the_link_and_the_cohort(mailoutbox):
    cohort = cohort_with_learners(course=course_with_modules(), name="Walsall champions")
    invitation, token = services.cohort_invitation_create(
        cohort=cohort, email="amira@example.org", invited_by=cohort.created_by
    )
    services.cohort_invitation_email_send(
        invitation=invitation, link=f"https://example.org/training/join/{token}/"
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amira@example.org"]
    assert "Walsall champions" in message.subject
    assert f"https://example.org/training/join/{token}/" in message.body


# --- Timetable -------------------------------------------------------------------------


def test_a_session_must_end_after_it_starts_and_happen_somewhere():
    cohort = cohort_with_learners(course=course_with_modules())
    with pytest.raises(LearningError) as error:
        session_for(cohort, start_time=time(15), end_time=time(10))
    assert error.value.code == "ends_before_start"
    with pytest.raises(LearningError) as error:
        session_for(cohort, venue="", online_link="")
    assert error.value.code == "no_place"
    online = session_for(cohort, venue="", online_link="https://meet.example.org/x")
    assert online.online_link == "https://meet.example.org/x"


def test_a_session_covers_only_modules_of_its_own_course():
    course = course_with_modules(required=2)
    other = course_with_modules(required=1, index=course.get_parent())
    cohort = cohort_with_learners(course=course)
    own = list(ModulePage.objects.child_of(course))
    session = session_for(cohort, modules=own)
    assert set(session.modules.all()) == set(own)
    with pytest.raises(LearningError):
        session_for(cohort, modules=list(ModulePage.objects.child_of(other)))


# --- Attendance ------------------------------------------------------------------------


def test_attendance_record_is_an_upsert():
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort)
    trainer = cohort.created_by
    services.attendance_record(
        session=session, learner=person, status="absent", recorded_by=trainer
    )
    services.attendance_record(
        session=session, learner=person, status="apologies", recorded_by=trainer
    )
    assert list(Attendance.objects.values_list("status", flat=True)) == ["apologies"]


def test_attendance_only_for_people_in_the_cohort_and_known_statuses():
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort)
    with pytest.raises(LearningError) as error:
        services.attendance_record(
            session=session, learner=learner(), status="present", recorded_by=cohort.created_by
        )
    assert error.value.code == "not_in_cohort"
    with pytest.raises(LearningError) as error:
        services.attendance_record(
            session=session, learner=person, status="late", recorded_by=cohort.created_by
        )
    assert error.value.code == "bad_status"


def test_register_save_creates_updates_and_leaves_blanks_alone():
    a, b, c = learner(), learner(), learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[a, b, c])
    session = session_for(cohort)
    trainer = cohort.created_by
    services.attendance_register_save(
        session=session, statuses={a.pk: "present", b.pk: "absent"}, recorded_by=trainer
    )
    saved = services.attendance_register_save(
        session=session,
        statuses={a.pk: "", b.pk: "apologies", c.pk: "present"},
        recorded_by=trainer,
    )
    assert saved == 2
    assert dict(Attendance.objects.values_list("learner_id", "status")) == {
        a.pk: "present",
        b.pk: "apologies",
        c.pk: "present",
    }


# --- Mentoring -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_ago", "due"),
    [(None, True), (0, False), (91, False), (92, False), (93, True), (400, True)],
)
def test_due_for_mentoring_means_no_meeting_in_the_last_92_days(days_ago, due):
    today = date(2026, 6, 1)
    last = None if days_ago is None else today - timedelta(days=days_ago)
    assert selectors.mentoring_is_due(last_met_on=last, today=today) is due


def test_the_latest_meeting_with_any_mentor_counts():
    mentee = learner()
    first, second = champion(), champion()
    today = timezone.localdate()
    services.mentoring_log_create(mentor=first, champion=mentee, met_on=today - timedelta(days=200))
    services.mentoring_log_create(mentor=second, champion=mentee, met_on=today - timedelta(days=20))
    assert selectors.mentoring_last_met(champion_ids=[mentee.pk]) == {
        mentee.pk: today - timedelta(days=20)
    }


def test_mentoring_log_rules():
    mentor = champion()
    today = timezone.localdate()
    with pytest.raises(LearningError):
        services.mentoring_log_create(mentor=mentor, champion=mentor, met_on=today)
    with pytest.raises(LearningError):
        services.mentoring_log_create(
            mentor=mentor, champion=learner(), met_on=today, next_meeting_on=today
        )


# --- Feedback ------------------------------------------------------------------------------


def test_feedback_summary_gives_average_count_and_comments():
    a, b, c = learner(), learner(), learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[a, b, c])
    session = session_for(cohort)
    register_rules_mark_present(session, a, b, c)
    services.session_feedback_save(session=session, learner=a, rating=5, went_well="The stories")
    services.session_feedback_save(
        session=session, learner=b, rating=4, could_be_better="More breaks"
    )
    services.session_feedback_save(session=session, learner=c, rating=4)
    summary = selectors.feedback_summary(session=session)
    assert summary.count == 3
    assert summary.average == Decimal("4.3")
    assert summary.ratings == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert summary.went_well == ["The stories"]
    assert summary.could_be_better == ["More breaks"]
    assert summary.text == "4.3 out of 5 on average, from 3 people"


def test_feedback_again_replaces_the_first():
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort)
    register_rules_mark_present(session, person)
    services.session_feedback_save(session=session, learner=person, rating=2)
    services.session_feedback_save(session=session, learner=person, rating=5)
    summary = selectors.feedback_summary(session=session)
    assert (summary.count, summary.average) == (1, Decimal("5.0"))


def test_feedback_only_from_the_cohort_and_not_before_the_session():
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    with pytest.raises(LearningError) as error:
        services.session_feedback_save(session=session_for(cohort), learner=learner(), rating=3)
    assert error.value.code == "not_in_cohort"
    future = session_for(cohort, days_from_today=3)
    with pytest.raises(LearningError) as error:
        services.session_feedback_save(session=future, learner=person, rating=3)
    assert error.value.code == "not_yet"
    with pytest.raises(LearningError):
        services.session_feedback_save(session=session_for(cohort), learner=person, rating=6)


def test_no_feedback_yet():
    cohort = cohort_with_learners(course=course_with_modules())
    summary = selectors.feedback_summary(session=session_for(cohort))
    assert summary.count == 0
    assert summary.text == "No feedback yet"


# --- Dashboard ---------------------------------------------------------------------------


def test_dashboard_shows_attendance_progress_and_who_is_due_mentoring():
    course = course_with_modules(required=2, optional=1)
    a, b = learner(first_name="Amira Hussain"), learner(first_name="Tom Bennett")
    cohort = cohort_with_learners(course=course, learners=[a, b])
    first = session_for(cohort, days_from_today=-7)
    second = session_for(cohort, days_from_today=-1)
    trainer = cohort.created_by
    services.attendance_register_save(
        session=first, statuses={a.pk: "present", b.pk: "apologies"}, recorded_by=trainer
    )
    services.attendance_record(session=second, learner=a, status="present", recorded_by=trainer)
    modules = list(ModulePage.objects.child_of(course).order_by("path"))
    services.module_progress_mark(user=a, module=modules[0])
    services.module_progress_mark(user=a, module=modules[2])  # optional: not counted
    services.mentoring_log_create(
        mentor=trainer, champion=a, met_on=timezone.localdate() - timedelta(days=30)
    )

    dashboard = selectors.cohort_dashboard(cohort=cohort)
    rows = {row.name: row for row in dashboard.learners}
    assert rows["Amira Hussain"].attendance == ["Present", "Present"]
    assert rows["Tom Bennett"].attendance == ["Apologies", ""]
    assert rows["Amira Hussain"].progress_text == "1 of 2 required modules done"
    assert rows["Amira Hussain"].next_module == modules[1]
    assert [row.name for row in dashboard.due_for_mentoring] == ["Tom Bennett"]
    assert [(r.present, r.recorded) for r in dashboard.sessions] == [(1, 2), (1, 1)]


def test_csv_rows_escape_formulas():
    person = learner(first_name="=HYPERLINK(1)")
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    rows = selectors.attendance_csv_rows(cohort=cohort)
    assert rows[1][0] == "'=HYPERLINK(1)"
