"""Erasing a participant, a person and a staff account keeps everyone else's work intact."""

import json
from datetime import date

import pytest

from audit.models import AuditEvent
from learning.models import MentoringLog
from plans.models import CostLine, Plan, PlanAction, PlanCard, PlanVersion
from sessions_live import domain, erasure, selectors, services
from sessions_live.domain import DomainError
from sessions_live.models import (
    BoardEvent,
    Chart,
    FocusPerson,
    Note,
    Participant,
    PlanningSession,
)
from tests.factories import UserFactory
from tests.sessions_live.factories import (
    facilitator_actor,
    facilitator_make,
    focus_person_make,
    focus_person_make_private,
    participant_actor,
    participant_make,
    session_make,
)

pytestmark = pytest.mark.django_db

counter = iter(range(1, 10**6))


@pytest.fixture
def room():
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    yusuf = participant_make(amira, "Yusuf", "family")
    return {
        "session": session,
        "amira": amira,
        "ben": ben,
        "yusuf_row": yusuf,
        "fran": facilitator_actor(user=session.facilitator),
        "amira_me": participant_actor(participant=participant_make(amira)),
        "yusuf": participant_actor(participant=yusuf),
        "ben_me": participant_actor(participant=participant_make(ben)),
    }


def apply(room, actor, **message):
    message.setdefault("op_id", f"op-{next(counter)}")
    return services.board_command_apply(
        session_id=room["session"].pk, actor=room[actor], message=message
    )


def write(room, actor, person, text):
    chart = room[person].charts.get(position=0)
    result = apply(room, actor, type="add_note", chart_id=chart.pk, text=text)
    return Note.objects.get(pk=result.ack["note_id"])


def history(session) -> str:
    return json.dumps(list(BoardEvent.objects.filter(session=session).values_list("payload")))


def visible(board, actor):
    return selectors.board_payload(board=domain.board_visible_to(board=board, actor=actor))


def assert_screens_match_a_fresh_board(room, before, viewers):
    """State before + the events since == a fresh read, for each viewer."""
    events = selectors.board_events_since(
        session_id=room["session"].pk, actor=room["fran"], last_seq=before.seq
    )
    folded = before
    for event in events:
        folded = domain.event_apply(folded, event)
    fresh = selectors.board_load(session_id=room["session"].pk)
    for viewer in viewers:
        assert visible(folded, room[viewer]) == visible(fresh, room[viewer]), viewer
    assert folded.seq == fresh.seq


def erase_yusuf(room, notes):
    return erasure.participant_erase(
        participant_id=room["yusuf"].participant_id, notes=notes, who="Fran (facilitator)"
    )


# --- A participant ------------------------------------------------------------------


def test_an_erased_ally_is_gone_and_their_kept_notes_say_someone_who_has_left(room):
    note = write(room, "yusuf", "amira", "Amira loves swimming")
    before = selectors.board_load(session_id=room["session"].pk)

    assert erase_yusuf(room, erasure.NOTES_KEEP) is True

    assert not Participant.objects.filter(display_name="Yusuf").exists()
    note.refresh_from_db()
    assert (note.text, note.author_name, note.is_removed) == (
        "Amira loves swimming",
        "Someone who has left",
        False,
    )
    assert "Yusuf" not in history(room["session"])
    assert_screens_match_a_fresh_board(room, before, ["fran", "amira_me", "ben_me"])


def test_an_erased_allys_removed_notes_go_from_the_note_and_its_whole_history(room):
    note = write(room, "yusuf", "amira", "my mum's diagnosis")
    before = selectors.board_load(session_id=room["session"].pk)

    erase_yusuf(room, erasure.NOTES_REMOVE)

    assert not Note.objects.filter(pk=note.pk).exists()
    saved = history(room["session"])
    assert "diagnosis" not in saved
    assert "Yusuf" not in saved
    assert_screens_match_a_fresh_board(room, before, ["fran", "amira_me", "ben_me"])


def test_the_words_an_erased_ally_replaced_are_not_kept_in_the_history(room):
    note = write(room, "yusuf", "amira", "my mum's diagnosis")
    apply(room, "yusuf", type="edit_note", note_id=note.pk, text="Mum helps on Fridays")

    erase_yusuf(room, erasure.NOTES_KEEP)

    saved = history(room["session"])
    assert "diagnosis" not in saved
    assert "Mum helps on Fridays" in saved


def test_a_note_an_ally_had_already_removed_is_erased_even_when_the_others_stay(room):
    gone = write(room, "yusuf", "amira", "written on the wrong chart")
    apply(room, "yusuf", type="remove_note", note_id=gone.pk)
    kept = write(room, "yusuf", "amira", "Amira likes the bus")

    erase_yusuf(room, erasure.NOTES_KEEP)

    kept.refresh_from_db()
    assert not Note.objects.filter(pk=gone.pk).exists()
    assert kept.text == "Amira likes the bus"
    assert "wrong chart" not in history(room["session"])


def test_an_erased_allys_name_leaves_the_saved_versions_but_their_words_stay(room):
    write(room, "yusuf", "amira", "Amira loves swimming")
    services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=room["amira_me"],
        focus_person_id=room["amira"].pk,
        label="for the panel",
        today=date(2026, 12, 2),
    )

    erase_yusuf(room, erasure.NOTES_REMOVE)

    content = json.dumps(PlanVersion.objects.get().content)
    assert "Yusuf" not in content
    assert "Amira loves swimming" in content
    assert "Someone who has left" in content


def test_an_erased_allys_name_leaves_the_costing_rows_and_actions_they_wrote(room):
    fields = {"type": "save_cost_line", "focus_person_id": room["amira"].pk}
    apply(room, "yusuf", **fields, what="Swimming", amount="30", period="month")
    apply(room, "yusuf", type="save_action", focus_person_id=room["amira"].pk, what="Swim")
    assert CostLine.objects.get().written_by.startswith("Yusuf (")

    erase_yusuf(room, erasure.NOTES_KEEP)

    for row in (CostLine.objects.get(), PlanAction.objects.get()):
        assert row.written_by.startswith("Someone who has left (")
        assert "Yusuf" not in row.written_by
    assert CostLine.objects.get().what == "Swimming"  # the plan keeps its rows


def test_erasing_a_participant_twice_is_harmless(room):
    assert erase_yusuf(room, erasure.NOTES_KEEP) is True
    seq = PlanningSession.objects.get().last_seq
    assert erase_yusuf(room, erasure.NOTES_KEEP) is False
    assert PlanningSession.objects.get().last_seq == seq


def test_the_persons_only_this_is_me_cannot_be_erased_as_a_participant(room):
    with pytest.raises(DomainError) as refused:
        erasure.participant_erase(
            participant_id=room["amira_me"].participant_id,
            notes=erasure.NOTES_KEEP,
            who="Fran (facilitator)",
        )
    assert refused.value.code == "is_the_person"
    assert Participant.objects.filter(pk=room["amira_me"].participant_id).exists()


def test_a_second_device_of_the_person_leaves_its_notes_with_the_person(room):
    second = participant_make(room["amira"], device="amira-phone")
    services.participant_me_confirm(participant=second)
    note = write({**room, "phone": participant_actor(participant=second)}, "phone", "amira", "Mine")

    erasure.participant_erase(
        participant_id=second.pk, notes=erasure.NOTES_KEEP, who="Amira (themself)"
    )

    note.refresh_from_db()
    assert note.author_participant_id == room["amira_me"].participant_id
    assert note.author_name == "Amira"


def test_an_unknown_choice_about_notes_is_refused_before_anything_changes(room):
    with pytest.raises(DomainError):
        erasure.participant_erase(
            participant_id=room["yusuf"].participant_id, notes="burn", who="Fran (facilitator)"
        )
    assert Participant.objects.filter(pk=room["yusuf"].participant_id).exists()


def test_erasing_a_participant_is_in_the_audit_log_without_their_name_or_words(room):
    write(room, "yusuf", "amira", "Amira loves swimming")
    erase_yusuf(room, erasure.NOTES_REMOVE)
    event = AuditEvent.objects.get(action="erased")
    assert event.subject == "participant"
    assert event.plan_id == room["amira"].plan_id
    assert "Yusuf" not in f"{event.who} {event.what}"
    assert "swimming" not in event.what


# --- A focus person ------------------------------------------------------------------


def erase_amira(room, notes=erasure.NOTES_KEEP):
    return erasure.plan_erase(focus_person_id=room["amira"].pk, notes=notes, who="Amira (themself)")


def test_erasing_a_person_takes_their_plan_charts_notes_versions_cards_and_allies(room):
    write(room, "amira_me", "amira", "I like trains")
    write(room, "yusuf", "amira", "Amira loves swimming")
    plan_id = room["amira"].plan_id
    services.board_plan_card_issue(
        session_id=room["session"].pk, actor=room["amira_me"], focus_person_id=room["amira"].pk
    )
    services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=room["amira_me"],
        focus_person_id=room["amira"].pk,
        label="v1",
        today=date(2026, 12, 2),
    )

    assert erase_amira(room) is True

    assert not Plan.objects.filter(pk=plan_id).exists()
    assert not PlanVersion.objects.exists()
    assert not PlanCard.objects.exists()
    assert not FocusPerson.objects.filter(first_name="Amira").exists()
    assert not Participant.objects.filter(display_name__in=["Amira", "Yusuf"]).exists()
    assert not Note.objects.filter(text__in=["I like trains", "Amira loves swimming"]).exists()
    saved = history(room["session"])
    assert "Amira" not in saved
    assert "trains" not in saved
    assert "Yusuf" not in saved


def test_the_board_carries_on_for_everyone_else_after_a_person_is_erased(room):
    write(room, "ben_me", "ben", "Ben's note")
    write(room, "amira_me", "amira", "I like trains")
    before_seq = PlanningSession.objects.get().last_seq

    erase_amira(room)

    for viewer in ("fran", "ben_me"):
        welcome = selectors.board_welcome(
            session_id=room["session"].pk, actor=room[viewer], last_seq=before_seq
        )
        # A screen resuming from before gets a fresh board, without her.
        assert "snapshot" in welcome
        fresh = selectors.board_state(session_id=room["session"].pk, actor=room[viewer])
        assert welcome["snapshot"] == fresh["snapshot"]
        assert [p["first_name"] for p in welcome["snapshot"]["focus_people"]] == ["Ben"]
    # And Ben goes on writing.
    write(room, "ben_me", "ben", "Still here")
    assert Note.objects.filter(text="Still here").exists()


def test_folding_the_erasure_event_drops_the_persons_charts_and_notes(room):
    write(room, "ben_me", "ben", "Ben's note")
    write(room, "amira_me", "amira", "I like trains")
    before = selectors.board_load(session_id=room["session"].pk)

    erase_amira(room)

    events = selectors.board_events_since(
        session_id=room["session"].pk, actor=room["ben_me"], last_seq=before.seq
    )
    folded = before
    for event in events:
        folded = domain.event_apply(folded, event)
    fresh = selectors.board_load(session_id=room["session"].pk)
    assert folded.charts == fresh.charts
    assert folded.notes == fresh.notes
    assert PlanningSession.objects.get().visibility_seq == fresh.seq


def test_a_private_persons_erasure_never_names_them_to_the_room(
    room, django_capture_on_commit_callbacks
):
    focus_person_make_private(room["amira"])
    start = PlanningSession.objects.get().last_seq

    erase_amira(room)

    public = BoardEvent.objects.filter(session=room["session"], seq__gt=start, stream="public")
    assert public.exists()
    assert "Amira" not in json.dumps(list(public.values_list("payload", flat=True)))


def test_erasing_a_person_whose_plan_moved_on_takes_every_seat(room):
    write(room, "amira_me", "amira", "I like trains")
    later = session_make(facilitator=facilitator_make("olu"), title="Autumn")
    services.focus_person_bring(session=later, plan=room["amira"].plan)

    erase_amira(room)

    assert not FocusPerson.objects.filter(first_name="Amira").exists()
    assert not Chart.objects.filter(session=later).exists()
    assert "Amira" not in history(later)


def test_a_persons_notes_on_other_plans_follow_their_choice(room):
    account = UserFactory(username="amira-account")
    services.participant_account_link(participant_id=room["amira_me"].participant_id, user=account)
    other = session_make(facilitator=facilitator_make("olu"), title="Autumn")
    dev = focus_person_make(other, "Dev")
    participant_make(dev)
    as_ally = participant_make(dev, "Amira", "friend")
    services.participant_account_link(participant_id=as_ally.pk, user=account)
    services.board_command_apply(
        session_id=other.pk,
        actor=participant_actor(participant=as_ally),
        message={
            "type": "add_note",
            "op_id": "x1",
            "chart_id": dev.charts.get(position=0).pk,
            "text": "Dev is funny",
        },
    )

    erase_amira(room, notes=erasure.NOTES_KEEP)

    note = Note.objects.get(text="Dev is funny")
    assert note.author_name == "Someone who has left"
    assert not Participant.objects.filter(pk=as_ally.pk).exists()
    assert "Amira" not in history(other)
    # Her plan account opened only her plans, so it goes too.
    assert not type(account).objects.filter(pk=account.pk).exists()


def test_erasing_a_person_twice_is_harmless(room):
    erase_amira(room)
    assert erase_amira(room) is False


def test_erasing_a_person_is_in_the_audit_log_and_their_name_leaves_it(room):
    AuditEvent.objects.create(
        action="viewed",
        subject="plan",
        subject_id=1,
        plan_id=room["amira"].plan_id,
        who="Amira (themself)",
        what="Opened the plan",
    )
    erase_amira(room)
    assert AuditEvent.objects.filter(action="erased", subject="plan").count() == 1
    assert not AuditEvent.objects.filter(who__contains="Amira (").exclude(action="erased").exists()


# --- Staff accounts ------------------------------------------------------------------


def test_what_a_facilitator_still_runs_is_said_in_plain_words(room):
    fran = room["session"].facilitator
    fran.first_name = "Fran"
    fran.save()
    held = erasure.account_holdings(user=fran)
    assert [h.says for h in held] == ["Fran runs 1 Planning Live session."]
    assert held[0].what_to_do == "Give them to another facilitator first."


def test_a_mentors_records_are_named_too(room):
    mentor = UserFactory(username="maya")
    MentoringLog.objects.create(mentor=mentor, champion=UserFactory(), met_on=date(2026, 1, 5))
    assert [h.says for h in erasure.account_holdings(user=mentor)] == [
        "maya is the mentor on 1 mentoring record."
    ]


def test_handing_over_moves_sessions_and_mentoring_then_nothing_is_held(room):
    fran = room["session"].facilitator
    MentoringLog.objects.create(mentor=fran, champion=UserFactory(), met_on=date(2026, 1, 5))
    olu = facilitator_make("olu")

    moved = erasure.planning_session_hand_over(from_user=fran, to_user=olu, who="admin")

    assert moved == 1
    assert PlanningSession.objects.get().facilitator == olu
    assert MentoringLog.objects.get().mentor == olu
    assert erasure.account_holdings(user=fran) == []


def test_sessions_cannot_be_handed_to_someone_who_is_not_a_facilitator(room):
    with pytest.raises(DomainError) as refused:
        erasure.planning_session_hand_over(
            from_user=room["session"].facilitator, to_user=UserFactory(), who="admin"
        )
    assert refused.value.code == "not_a_facilitator"
    assert PlanningSession.objects.get().facilitator == room["session"].facilitator


def test_erasing_a_staff_account_hands_over_and_can_take_their_name_off_notes(room):
    fran = room["session"].facilitator
    note = write(room, "fran", "amira", "Fran wrote this")
    name = fran.get_full_name() or fran.get_username()
    before = selectors.board_load(session_id=room["session"].pk)
    olu = facilitator_make("olu")

    erasure.staff_account_erase(user=fran, hand_to=olu, forget_name=True, who="admin")

    assert not type(fran).objects.filter(pk=fran.pk).exists()
    note.refresh_from_db()
    assert note.text == "Fran wrote this"
    assert note.author_name == "Someone who has left"
    assert f'"{name}"' not in history(room["session"])
    assert AuditEvent.objects.filter(action="erased", subject="account").exists()
    room["fran"] = facilitator_actor(user=olu)
    # The note's writer key changed with the account; the screens were told.
    assert_screens_match_a_fresh_board(room, before, ["amira_me", "ben_me"])


def test_a_staff_account_that_runs_sessions_is_not_erased_without_someone_to_take_them(room):
    fran = room["session"].facilitator
    with pytest.raises(DomainError):
        erasure.staff_account_erase(user=fran, who="admin")
    assert type(fran).objects.filter(pk=fran.pk).exists()


def test_a_kept_note_erased_later_leaves_no_words_in_the_erasure_announcement(room):
    note = write(room, "yusuf", "amira", "Amira's private worry")
    erase_yusuf(room, erasure.NOTES_KEEP)
    assert "private worry" in history(room["session"])

    apply(room, "fran", type="remove_note", note_id=note.pk)
    apply(room, "fran", type="erase_note", note_id=note.pk)

    assert "private worry" not in history(room["session"])


def test_erasing_a_person_takes_the_board_of_their_own_plan_which_bears_their_name():
    seat = services.own_plan_start(
        facilitator=facilitator_make("eve"), first_name="Zara", today=date(2026, 12, 1)
    )
    assert PlanningSession.objects.get().title == "Zara's plan"

    erasure.plan_erase(focus_person_id=seat.pk, notes=erasure.NOTES_KEEP, who="Eve (enabler)")

    assert not PlanningSession.objects.exists()
