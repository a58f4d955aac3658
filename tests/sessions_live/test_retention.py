"""`manage.py retention`: old sessions go, plans kept by their owners stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from plans.models import Plan
from plans.services import plan_card_issue
from sessions_live import services
from sessions_live.models import BoardEvent, FocusPerson, Note, Participant, PlanningSession
from tests.factories import UserFactory
from tests.sessions_live.factories import (
    facilitator_actor,
    focus_person_make,
    participant_make,
    session_make,
)

pytestmark = pytest.mark.django_db

DAYS = 365


def age(session: PlanningSession, days_ago: int) -> None:
    """Make ``session`` look last used ``days_ago`` days ago: its dates, changes and notes."""
    then = timezone.now() - timedelta(days=days_ago)
    day = then.date()
    PlanningSession.objects.filter(pk=session.pk).update(starts_on=day, ends_on=day)
    BoardEvent.objects.filter(session=session).update(created_at=then)
    Note.objects.filter(session=session).update(created_at=then, updated_at=then)


def write(session, person, text):
    services.board_command_apply(
        session_id=session.pk,
        actor=facilitator_actor(user=session.facilitator),
        message={
            "type": "add_note",
            "op_id": f"r-{Note.objects.count()}",
            "chart_id": person.charts.first().pk,
            "text": text,
        },
    )


def run(*args) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def database_now() -> dict:
    return {
        "sessions": sorted(PlanningSession.objects.values_list("pk", flat=True)),
        "people": sorted(FocusPerson.objects.values_list("pk", flat=True)),
        "plans": sorted(Plan.objects.values_list("pk", flat=True)),
        "participants": sorted(Participant.objects.values_list("pk", flat=True)),
        "notes": sorted(Note.objects.values_list("pk", "text")),
    }


@pytest.fixture
def old_session():
    """A session last used 400 days ago: Amira's plan nobody kept, Ben's kept with a card."""
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    participant_make(amira)
    participant_make(ben)
    write(session, amira, "Amira's words")
    write(session, ben, "Ben's words")
    plan_card_issue(plan=ben.plan)
    age(session, 400)
    return {"session": session, "amira": amira, "ben": ben}


def test_a_dry_run_lists_what_it_would_do_and_changes_nothing(old_session):
    before = database_now()
    out = run("--dry-run")
    assert "Dry run: nothing has been changed." in out
    assert f"Session {old_session['session'].pk}" in out
    assert "would delete 1 plan nobody kept" in out
    assert "Amira" not in out  # numbers only: a log is no place for names
    assert database_now() == before
    assert not AuditEvent.objects.exists()


def test_an_old_session_keeps_the_plan_its_owner_kept_and_loses_the_other(old_session):
    run()
    assert PlanningSession.objects.filter(pk=old_session["session"].pk).exists()
    assert not FocusPerson.objects.filter(pk=old_session["amira"].pk).exists()
    assert not Plan.objects.filter(pk=old_session["amira"].plan_id).exists()
    assert list(Note.objects.values_list("text", flat=True)) == ["Ben's words"]
    assert FocusPerson.objects.filter(pk=old_session["ben"].pk).exists()
    assert Participant.objects.filter(focus_person=old_session["ben"]).exists()
    assert AuditEvent.objects.filter(action="erased", subject="plan").count() == 1


def test_running_twice_is_the_same_as_running_once(old_session):
    run()
    once = database_now()
    out = run()
    assert database_now() == once
    assert "Nothing to do" in out


def test_a_session_with_no_kept_plan_goes_altogether(old_session):
    Plan.objects.get(pk=old_session["ben"].plan_id).cards.all().delete()
    run()
    assert not PlanningSession.objects.exists()
    assert not Plan.objects.exists()
    assert not Note.objects.exists()
    assert AuditEvent.objects.filter(action="erased", subject="session").count() == 1


def test_nothing_within_the_age_is_touched(old_session):
    recent = session_make(title="Recent")
    person = focus_person_make(recent, "Chloe")
    write(recent, person, "Chloe's words")
    age(recent, DAYS - 5)
    run()
    assert PlanningSession.objects.filter(pk=recent.pk).exists()
    assert Note.objects.filter(text="Chloe's words").exists()


def test_a_board_written_on_lately_has_not_ended_whatever_its_dates(old_session):
    write(old_session["session"], old_session["amira"], "Still writing")
    run()
    assert FocusPerson.objects.filter(pk=old_session["amira"].pk).exists()


@pytest.mark.parametrize(
    "keep",
    ["an account", "a saved version", "a note changed lately"],
)
def test_what_counts_as_a_plan_kept_by_its_owner(old_session, keep):
    amira = old_session["amira"]
    if keep == "an account":
        me = Participant.objects.get(focus_person=amira)
        services.participant_account_link(participant_id=me.pk, user=UserFactory())
    elif keep == "a saved version":
        amira.plan.versions.create(label="v1", saved_by="Amira (themself)", content={})
    else:
        Note.objects.filter(chart__focus_person=amira).update(updated_at=timezone.now())
    run()
    assert Plan.objects.filter(pk=amira.plan_id).exists()


def test_a_stopped_card_does_not_keep_a_plan(old_session):
    ben_plan = Plan.objects.get(pk=old_session["ben"].plan_id)
    ben_plan.cards.update(stopped_at=timezone.now())
    run()
    assert not Plan.objects.filter(pk=ben_plan.pk).exists()


def test_a_plan_that_moved_on_to_a_newer_session_lives_on_there(old_session):
    newer = session_make(title="Newer")
    services.focus_person_bring(session=newer, plan=old_session["amira"].plan)
    age(old_session["session"], 400)
    run()
    assert not FocusPerson.objects.filter(pk=old_session["amira"].pk).exists()
    assert Plan.objects.filter(pk=old_session["amira"].plan_id).exists()
    assert Note.objects.filter(text="Amira's words", session=newer).exists()


def test_participants_removed_long_ago_from_a_kept_plan_go(old_session):
    ally = participant_make(old_session["ben"], "Sam", "friend")
    Participant.objects.filter(pk=ally.pk).update(removed_at=timezone.now() - timedelta(days=400))
    run()
    assert not Participant.objects.filter(pk=ally.pk).exists()
    assert Participant.objects.filter(focus_person=old_session["ben"]).exists()


def test_the_age_comes_from_the_setting(old_session, settings):
    settings.RETENTION_DAYS = 500
    assert "Nothing to do" in run()
    assert Plan.objects.filter(pk=old_session["amira"].plan_id).exists()


def test_days_below_one_are_refused():
    with pytest.raises(CommandError):
        run("--days", "0")
