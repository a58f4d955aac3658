"""Finishing a course: the completion rule, issuing certificates once, sign-off, withdrawing.

The rule is tested first as plain data (``completion_evaluate``, with Hypothesis for
the properties every rule must keep), then through the database: what counts,
when a certificate is made, and who may sign off or withdraw.
"""

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from cms.roles import ENABLERS
from courses.models import CoursePage, ModulePage
from learning import services
from learning.completion import (
    Rule,
    SessionMark,
    completion_evaluate,
    completion_for_enrolment,
    completions_attach,
)
from learning.models import Certificate, CohortSession, Enrolment, RoleAward, SignOff
from learning.selectors import CourseProgress, course_modules
from learning.services import LearningError
from learning.services_certificates import (
    CODE_ALPHABET,
    certificate_code_new,
    certificate_code_normalise,
    certificate_issue_if_earned,
    certificate_withdraw,
    sign_off_create,
    sign_off_remove,
)
from tests.factories import UserFactory
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    session_for,
)

TODAY = date(2026, 3, 20)
CORE, ALL = CoursePage.AttendanceNeeded.CORE, CoursePage.AttendanceNeeded.ALL
INDUCTION = CohortSession.SessionType.INDUCTION
TRAINING_DAY = CohortSession.SessionType.TRAINING_DAY
DROP_IN = CohortSession.SessionType.DROP_IN
PRESENT, ABSENT, APOLOGIES = "present", "absent", "apologies"
CODE_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _at(day: date, hour: int = 15) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 30))


def mark(kind=TRAINING_DAY, day=date(2026, 3, 12), status=PRESENT) -> SessionMark:
    label = dict(CohortSession.SessionType.choices)[kind].lower()
    return SessionMark(kind=kind, label=label, day=day, ends_at=_at(day), status=status)


def evaluate(**kwargs):
    values = {
        "rule": Rule(),
        "required_total": 3,
        "required_done": 3,
        "modules_done_at": _at(date(2026, 3, 1)),
        "groups": [],
        "signed_off_at": None,
        "today": TODAY,
    }
    values.update(kwargs)
    return completion_evaluate(**values)


def texts(evaluation) -> list[str]:
    return [need.text for need in evaluation.needs]


# --- The rule, as plain data ------------------------------------------------------------


def test_modules_only_is_complete_when_every_required_module_is_done():
    assert evaluate().is_complete
    assert evaluate().completed_at == _at(date(2026, 3, 1))
    assert texts(evaluate(required_done=0)) == ["Mark 3 more required modules as done"]
    assert texts(evaluate(required_done=2)) == ["Mark 1 more required module as done"]


def test_a_course_with_no_required_modules_is_never_complete():
    result = evaluate(required_total=0, required_done=0, modules_done_at=None)
    assert not result.is_complete
    assert [need.code for need in result.needs] == ["no_modules"]


def test_core_attendance_counts_the_induction_and_training_days_not_drop_ins():
    sessions = [mark(INDUCTION), mark(TRAINING_DAY), mark(DROP_IN, status=ABSENT)]
    assert evaluate(rule=Rule(attendance=CORE), groups=[sessions]).is_complete
    assert not evaluate(rule=Rule(attendance=ALL), groups=[sessions]).is_complete


def test_each_missed_session_is_said_in_plain_words():
    sessions = [
        mark(INDUCTION, date(2026, 3, 5), ABSENT),
        mark(TRAINING_DAY, date(2026, 3, 12), APOLOGIES),
        mark(TRAINING_DAY, date(2026, 3, 19), ""),
        mark(TRAINING_DAY, date(2026, 3, 26), ""),
        mark(TRAINING_DAY, date(2027, 1, 8), ""),
    ]
    result = evaluate(rule=Rule(attendance=CORE), groups=[sessions])
    assert texts(result) == [
        "Come to the induction on 5 March (you were marked absent)",
        "Come to the training day on 12 March (you sent apologies)",
        "Be marked present at the training day on 19 March (the register has not been taken yet)",
        "Come to the training day on 26 March",
        "Come to the training day on 8 January 2027",
    ]
    assert [need.about for need in result.needs][:2] == [
        "Induction on 5 March: absent",
        "Training day on 12 March: apologies",
    ]


def test_attendance_needed_without_a_group_asks_to_join_one():
    result = evaluate(rule=Rule(attendance=CORE), groups=[])
    assert texts(result) == ["Join a group to attend the sessions"]


def test_a_group_with_no_sessions_that_count_is_not_complete():
    result = evaluate(rule=Rule(attendance=CORE), groups=[[mark(DROP_IN)]])
    assert not result.is_complete
    assert texts(result) == [
        "Your trainer adds the induction and training days to your group\u2019s timetable"
    ]


def test_attendance_counts_from_the_group_the_learner_is_closest_to_finishing_in():
    old = [mark(TRAINING_DAY, status=ABSENT), mark(TRAINING_DAY, status=ABSENT)]
    new = [mark(TRAINING_DAY, date(2026, 3, 18))]
    result = evaluate(rule=Rule(attendance=CORE), groups=[old, new])
    assert result.is_complete
    assert result.group == 1


def test_sign_off_is_needed_where_the_course_says_and_dates_the_completion():
    assert texts(evaluate(rule=Rule(sign_off=True))) == [
        "Your trainer signs you off at the end of the course"
    ]
    signed = _at(date(2026, 3, 19))
    result = evaluate(rule=Rule(sign_off=True), signed_off_at=signed, signed_off_by="Pat")
    assert result.is_complete
    assert result.completed_at == signed
    assert "Signed off by Pat on 19 March" in result.done


def test_everything_still_needed_is_listed_in_order():
    result = evaluate(
        rule=Rule(attendance=CORE, sign_off=True),
        required_done=1,
        groups=[[mark(status=ABSENT)]],
    )
    assert [need.code for need in result.needs] == ["modules", "attend", "sign_off"]


statuses = st.sampled_from([PRESENT, ABSENT, APOLOGIES, ""])
marks = st.builds(
    mark,
    kind=st.sampled_from([INDUCTION, TRAINING_DAY, DROP_IN]),
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 6, 30)),
    status=statuses,
)
rules = st.builds(Rule, attendance=st.sampled_from(["none", CORE, ALL]), sign_off=st.booleans())


@given(
    rule=rules,
    total=st.integers(0, 6),
    done=st.integers(0, 6),
    groups=st.lists(st.lists(marks, max_size=5), max_size=3),
    signed=st.booleans(),
)
def test_properties_of_every_rule(rule, total, done, groups, signed):
    done = min(done, total)
    args = {
        "rule": rule,
        "required_total": total,
        "required_done": done,
        "modules_done_at": _at(date(2026, 1, 1)) if done else None,
        "groups": groups,
        "signed_off_at": _at(date(2026, 2, 1)) if signed else None,
    }
    result = evaluate(**args)
    # Complete exactly when nothing is still needed, and then it has a date.
    assert result.is_complete == (not result.needs)
    assert (result.completed_at is not None) == result.is_complete
    # Required modules are always needed.
    if done < total or total == 0:
        assert not result.is_complete
    # Without attendance or sign-off, it is the old rule: every required module done.
    if rule == Rule():
        assert result.is_complete == (total > 0 and done == total)
    # Being marked present more never makes anything more needed.
    better = [[replace(m, status=PRESENT) for m in g] for g in groups]
    improved = evaluate(**{**args, "groups": better})
    assert len(improved.needs) <= len(result.needs)
    assert improved.is_complete or not result.is_complete


# --- Codes ----------------------------------------------------------------------------


def test_codes_are_twelve_unambiguous_characters_in_three_groups():
    codes = {certificate_code_new() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE_PATTERN.match(code) for code in codes)
    assert not set("ILOU") & set(CODE_ALPHABET)
    assert len(CODE_ALPHABET) == 32  # 5 bits a character: 60 bits a code


@given(code=st.builds(certificate_code_new), spaced=st.booleans(), lower=st.booleans())
def test_a_code_typed_any_way_comes_back_as_stored(code, spaced, lower):
    typed = code.replace("-", " " if spaced else "")
    typed = typed.lower() if lower else typed
    assert certificate_code_normalise(f"  {typed} ") == code


def test_typed_codes_forgive_o_for_0_and_i_or_l_for_1_and_refuse_what_cannot_be_one():
    assert certificate_code_normalise("7k3q 9xwd m2pa") == "7K3Q-9XWD-M2PA"
    assert certificate_code_normalise("O1L2-IIII-0000") == "0112-1111-0000"
    assert certificate_code_normalise("7K3Q-9XWD-M2P") is None
    assert certificate_code_normalise("7K3Q-9XWD-M2PAX") is None
    assert certificate_code_normalise("UUUU-UUUU-UUUU") is None
    assert certificate_code_normalise("") is None


# --- Through the database -----------------------------------------------------------------


def _modules(course) -> list[ModulePage]:
    return list(ModulePage.objects.child_of(course).order_by("path"))


def _tick_all(person, course) -> Enrolment:
    for module in _modules(course):
        services.module_progress_mark(user=person, module=module)
    return Enrolment.objects.get(user=person, course=course)


def _champions_course(**kwargs):
    """The champions course of the seeds: required modules, the induction and three days,
    and the trainer's sign-off."""
    values = {"required": 10, "attendance_needed": CORE, "needs_sign_off": True}
    values.update(kwargs)
    return course_with_modules(**values)


def _register(session, people, status, trainer):
    services.attendance_register_save(
        session=session, statuses={p.pk: status for p in people}, recorded_by=trainer
    )


@pytest.mark.django_db
def test_ticking_every_module_of_the_champions_course_in_seconds_earns_nothing():
    course = _champions_course()
    newcomer = learner()
    services.enrolment_create(user=newcomer, course=course)
    enrolment = _tick_all(newcomer, course)
    assert not Certificate.objects.exists()
    completion = completion_for_enrolment(enrolment=enrolment)
    assert not completion.is_complete
    assert [n.text for n in completion.needs] == [
        "Join a group to attend the sessions",
        "Your trainer signs you off at the end of the course",
    ]


@pytest.mark.django_db
def test_modules_only_courses_still_issue_when_the_last_module_is_done():
    course = course_with_modules(required=2)
    person = learner()
    first, second = _modules(course)
    services.module_progress_mark(user=person, module=first)
    assert not Certificate.objects.exists()
    services.module_progress_mark(user=person, module=second)
    certificate = Certificate.objects.get(enrolment__user=person)
    assert CODE_PATTERN.match(certificate.code)
    assert certificate.is_valid


@pytest.mark.django_db
def test_the_full_rule_issues_once_when_the_last_thing_is_done():
    course = _champions_course(required=2)
    amira = learner(first_name="Amira Hussain")
    trainer = champion(first_name="Pat Trainer")
    cohort = cohort_with_learners(course=course, trainer=trainer, learners=[amira])
    induction = session_for(cohort, days_from_today=-3, session_type=INDUCTION)
    day = session_for(cohort, days_from_today=-1)
    session_for(cohort, days_from_today=-2, session_type=DROP_IN)  # does not count
    enrolment = _tick_all(amira, course)
    _register(induction, [amira], PRESENT, trainer)
    sign_off_create(cohort=cohort, learner=amira, signed_by=trainer, comment="Ran a session well.")
    assert not Certificate.objects.exists()  # the training day is not marked yet
    _register(day, [amira], ABSENT, trainer)
    assert not Certificate.objects.exists()
    services.attendance_record(session=day, learner=amira, status=PRESENT, recorded_by=trainer)
    certificate = Certificate.objects.get(enrolment=enrolment)
    # Dated when the rule was met: the sign-off, the last thing done.
    assert certificate.issued_at == SignOff.objects.get().signed_at
    # Issued once: asking again changes nothing.
    assert certificate_issue_if_earned(enrolment=enrolment) is None
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_a_register_issues_the_certificates_it_completes():
    course = course_with_modules(required=1, attendance_needed=CORE)
    people = [learner(), learner()]
    cohort = cohort_with_learners(course=course, learners=people)
    session = session_for(cohort, days_from_today=-1)
    for person in people:
        _tick_all(person, course)
    assert not Certificate.objects.exists()
    services.attendance_register_save(
        session=session,
        statuses={people[0].pk: PRESENT, people[1].pk: APOLOGIES},
        recorded_by=cohort.created_by,
    )
    assert list(Certificate.objects.values_list("enrolment__user", flat=True)) == [people[0].pk]


@pytest.mark.django_db
def test_undoing_a_module_or_a_later_absence_keeps_an_issued_certificate():
    course = course_with_modules(required=1, attendance_needed=ALL)
    person = learner()
    cohort = cohort_with_learners(course=course, learners=[person])
    first = session_for(cohort, days_from_today=-2)
    _tick_all(person, course)
    _register(first, [person], PRESENT, cohort.created_by)
    certificate = Certificate.objects.get()
    later = session_for(cohort, days_from_today=-1, session_type=DROP_IN)
    _register(later, [person], ABSENT, cohort.created_by)
    services.module_progress_undo(user=person, module=_modules(course)[0])
    certificate.refresh_from_db()
    assert certificate.is_valid
    assert Certificate.objects.count() == 1


@pytest.mark.django_db
def test_an_enablers_course_makes_an_enabler_when_the_certificate_is_issued():
    course = course_with_modules(required=1, makes_role=CoursePage.Role.ENABLER)
    person = learner()
    _tick_all(person, course)
    assert RoleAward.objects.filter(user=person, role=RoleAward.Role.ENABLER).exists()
    assert person.groups.filter(name=ENABLERS).exists()


@pytest.mark.django_db
def test_completions_for_many_courses_take_a_fixed_number_of_queries():
    person = learner()
    items = []
    for n in range(3):
        course = course_with_modules(required=2, attendance_needed=CORE)
        cohort = cohort_with_learners(course=course, learners=[person], name=f"Group {n}")
        _register(session_for(cohort), [person], PRESENT, cohort.created_by)
        enrolment = Enrolment.objects.get(user=person, course=course)
        modules = course_modules(course=course)
        items.append(CourseProgress(course=course, modules=modules, done={}, enrolment=enrolment))
    with CaptureQueriesContext(connection) as queries:
        completions_attach(progress=items)
    assert len(queries) <= 5
    assert [item.completion.needs[0].text for item in items] == [
        "Mark 2 more required modules as done"
    ] * 3


@pytest.mark.django_db
def test_attendance_in_a_group_on_another_course_does_not_count():
    course = course_with_modules(required=1, attendance_needed=CORE)
    other_course = course_with_modules(required=1)
    person = learner()
    other = cohort_with_learners(course=other_course, learners=[person], name="Other")
    _register(session_for(other), [person], PRESENT, other.created_by)
    enrolment = _tick_all(person, course)
    assert [n.code for n in completion_for_enrolment(enrolment=enrolment).needs] == ["join_group"]


# --- Sign-off -------------------------------------------------------------------------------


@pytest.fixture
def group(db):
    course = course_with_modules(required=1, needs_sign_off=True)
    amira, tom = learner(first_name="Amira Hussain"), learner(first_name="Tom Bennett")
    trainer = champion(first_name="Pat Trainer")
    cohort = cohort_with_learners(course=course, trainer=trainer, learners=[amira, tom])
    return {"course": course, "cohort": cohort, "trainer": trainer, "amira": amira, "tom": tom}


def test_sign_off_then_the_last_module_issues_the_certificate(group):
    amira = group["amira"]
    sign_off_create(
        cohort=group["cohort"], learner=amira, signed_by=group["trainer"], comment=" Great. "
    )
    assert SignOff.objects.get().comment == "Great."
    assert not Certificate.objects.exists()
    _tick_all(amira, group["course"])
    assert Certificate.objects.filter(enrolment__user=amira).exists()


@pytest.mark.parametrize(
    ("case", "code", "message"),
    [
        ("other_champion", "not_your_group", "Only a trainer of Spring champions can sign off"),
        ("not_in_group", "not_in_group", "That person is not in Spring champions."),
        ("empty_comment", "no_comment", "Write a comment on what Amira Hussain has shown"),
        ("again", "already_signed_off", "You have already signed off Amira Hussain."),
        ("other_trainer", "already_signed_off", "Amira Hussain has already been signed off by"),
    ],
)
def test_sign_off_is_refused_with_a_clear_message(group, case, code, message):
    cohort, trainer, amira = group["cohort"], group["trainer"], group["amira"]
    args = {"cohort": cohort, "learner": amira, "signed_by": trainer, "comment": "Good work."}
    if case == "other_champion":
        args["signed_by"] = champion()
    elif case == "not_in_group":
        args["learner"] = learner()
    elif case == "empty_comment":
        args["comment"] = "   "
    elif case in ("again", "other_trainer"):
        sign_off_create(**args)
        if case == "other_trainer":
            co_trainer = champion()
            services.cohort_trainer_add(cohort=cohort, user=co_trainer)
            args["signed_by"] = co_trainer
    with pytest.raises(LearningError) as raised:
        sign_off_create(**args)
    assert raised.value.code == code
    assert raised.value.message.startswith(message)
    assert SignOff.objects.count() == (1 if case in ("again", "other_trainer") else 0)


def test_a_course_without_sign_off_refuses_one(db):
    course = course_with_modules(required=1)
    amira = learner()
    cohort = cohort_with_learners(course=course, learners=[amira])
    with pytest.raises(LearningError) as raised:
        sign_off_create(cohort=cohort, learner=amira, signed_by=cohort.created_by, comment="Yes")
    assert raised.value.code == "no_sign_off"


def test_a_sign_off_can_be_taken_back_only_before_the_certificate(group):
    cohort, trainer, amira, tom = group["cohort"], group["trainer"], group["amira"], group["tom"]
    sign_off_create(cohort=cohort, learner=amira, signed_by=trainer, comment="Good.")
    sign_off_remove(cohort=cohort, learner=amira, removed_by=trainer)
    assert not SignOff.objects.exists()
    _tick_all(tom, group["course"])
    sign_off_create(cohort=cohort, learner=tom, signed_by=trainer, comment="Good.")
    assert Certificate.objects.filter(enrolment__user=tom).exists()
    with pytest.raises(LearningError) as raised:
        sign_off_remove(cohort=cohort, learner=tom, removed_by=trainer)
    assert raised.value.code == "certificate_issued"
    assert SignOff.objects.count() == 1
    with pytest.raises(LearningError) as raised:
        sign_off_remove(cohort=cohort, learner=tom, removed_by=champion())
    assert raised.value.code == "not_your_group"


# --- Withdrawing ----------------------------------------------------------------------------


def _issued(group) -> Certificate:
    amira = group["amira"]
    _tick_all(amira, group["course"])
    sign_off_create(
        cohort=group["cohort"], learner=amira, signed_by=group["trainer"], comment="Yes"
    )
    return Certificate.objects.get(enrolment__user=amira)


@pytest.mark.parametrize("who", ["trainer", "superuser"])
def test_a_trainer_or_an_admin_withdraws_a_certificate_with_a_reason(group, who):
    certificate = _issued(group)
    by = group["trainer"] if who == "trainer" else UserFactory(is_superuser=True)
    certificate_withdraw(certificate=certificate, by=by, reason=" Shared answers. ")
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert certificate.withdrawn_by == by
    assert certificate.withdrawn_reason == "Shared answers."
    # Withdrawn stays withdrawn: no new certificate is made for the same enrolment.
    assert certificate_issue_if_earned(enrolment=certificate.enrolment) is None
    with pytest.raises(LearningError) as raised:
        certificate_withdraw(certificate=certificate, by=by, reason="Again")
    assert raised.value.code == "already_withdrawn"


@pytest.mark.parametrize("who", ["other_champion", "holder", "stranger"])
def test_nobody_else_may_withdraw_a_certificate(group, who):
    certificate = _issued(group)
    by = {"other_champion": champion(), "holder": group["amira"], "stranger": learner()}[who]
    with pytest.raises(LearningError) as raised:
        certificate_withdraw(certificate=certificate, by=by, reason="No")
    assert raised.value.code == "not_yours_to_withdraw"
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_a_reason_is_needed_to_withdraw(group):
    certificate = _issued(group)
    with pytest.raises(LearningError) as raised:
        certificate_withdraw(certificate=certificate, by=group["trainer"], reason="  ")
    assert raised.value.code == "no_reason"


def test_the_certificate_date_is_never_in_the_future(db):
    course = course_with_modules(required=1)
    person = learner()
    enrolment = _tick_all(person, course)
    issued_at = Certificate.objects.get(enrolment=enrolment).issued_at
    assert timedelta(0) <= timezone.now() - issued_at < timedelta(minutes=1)
