"""Writing and reading the audit log: the service's checks and the selectors' order."""

import pytest

from audit.models import AuditEvent
from audit.selectors import audit_for_plan_page, audit_for_subject
from audit.services import audit_record
from sessions_live import domain
from sessions_live.domain import Actor
from sessions_live.selectors import actor_words, staff_words
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _record(**changes) -> AuditEvent:
    fields = {
        "action": AuditEvent.Action.VIEWED,
        "subject": AuditEvent.Subject.PLAN,
        "subject_id": 7,
        "who": "Fran (facilitator)",
        "plan_id": 7,
        "what": "Opened the plan",
    }
    return audit_record(**{**fields, **changes})


@pytest.mark.parametrize("field", ["action", "subject"])
def test_an_unknown_action_or_subject_is_refused_not_stored(field):
    with pytest.raises(ValueError, match="Unknown audit"):
        _record(**{field: "peeked"})
    assert not AuditEvent.objects.exists()


def test_long_words_are_cut_to_fit_rather_than_failing():
    event = _record(who="W" * 500, what="x" * 500)
    event.refresh_from_db()
    assert len(event.who) == 160
    assert len(event.what) == 200


def test_an_anonymous_visitor_is_not_kept_as_an_account(client):
    from django.contrib.auth.models import AnonymousUser

    assert _record(user=AnonymousUser()).user is None
    user = UserFactory(username="jo")
    assert _record(user=user).user == user


def test_a_plans_log_is_newest_first_and_a_bad_page_number_gives_a_page_not_an_error():
    for n in range(30):
        _record(what=f"event {n}")
    _record(plan_id=8, subject_id=8, what="another plan")
    first = audit_for_plan_page(plan_id=7, page_number=None, per_page=25)
    assert [e.what for e in first][:2] == ["event 29", "event 28"]
    assert first.paginator.count == 30
    assert "another plan" not in [e.what for e in first]
    assert [e.what for e in audit_for_plan_page(plan_id=7, page_number="2", per_page=25)][-1] == (
        "event 0"
    )
    assert audit_for_plan_page(plan_id=7, page_number="nonsense", per_page=25).number == 1
    assert audit_for_plan_page(plan_id=7, page_number="99", per_page=25).number == 2
    assert audit_for_subject(subject="plan", subject_id=7).count() == 30


@pytest.mark.parametrize(
    ("actor", "words"),
    [
        (Actor(role=domain.FACILITATOR, key="u:1", name="Fran", user_id=1), "Fran (facilitator)"),
        (
            Actor(
                role=domain.PARTICIPANT, key="p:1", name="Amira", participant_id=1, relation="me"
            ),
            "Amira (themself)",
        ),
        (
            Actor(
                role=domain.PARTICIPANT,
                key="p:2",
                name="Amira",
                participant_id=2,
                relation="me",
                me_confirmed=False,
            ),
            "Amira (joined as the person, not confirmed yet)",
        ),
        (
            Actor(
                role=domain.PARTICIPANT, key="p:3", name="Sam", participant_id=3, relation="friend"
            ),
            "Sam (ally: friend)",
        ),
        (
            Actor(
                role=domain.PARTICIPANT, key="p:4", name="Kit", participant_id=4, relation="other"
            ),
            "Kit (ally)",
        ),
    ],
)
def test_who_is_named_in_words_the_server_knows(actor, words):
    assert actor_words(actor=actor) == words


def test_ulo_staff_are_named_by_their_username():
    assert staff_words(user=UserFactory(username="jo")) == "ULO staff: jo"
