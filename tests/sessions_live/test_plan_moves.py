"""A person's plan outlives a session: brought to a later board, its charts and notes
move there (one copy, never two), its people come with it, and every screen of both
boards ends up right."""

import pytest

from plans.headings import STANDARD_HEADINGS
from sessions_live import domain, selectors, services
from sessions_live.domain import DomainError
from sessions_live.models import Chart, Note, Participant
from tests.sessions_live.factories import (
    facilitator_actor,
    focus_person_make,
    focus_person_make_private,
    participant_actor,
    participant_make,
    session_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_boards():
    first = session_make(title="Meeting 1")
    second = session_make(facilitator=first.facilitator, title="Meeting 2")
    amira = focus_person_make(first, "Amira")
    ben = focus_person_make(first, "Ben")
    carl = focus_person_make(second, "Carl")
    fran = facilitator_actor(user=first.facilitator)
    amira_me = participant_make(amira)
    yusuf = participant_make(amira, "Yusuf", "family")
    written = {}
    for who, text in ((amira_me, "Swimming with Jo"), (yusuf, "Amira loves the cinema")):
        ack = services.board_command_apply(
            session_id=first.pk,
            actor=participant_actor(participant=who),
            message={
                "type": "add_note",
                "op_id": f"w-{who.pk}",
                "chart_id": amira.charts.first().pk,
                "text": text,
            },
        ).ack
        written[text] = ack["note_id"]
    return {
        "first": first,
        "second": second,
        "amira": amira,
        "ben": ben,
        "carl": carl,
        "fran": fran,
        "amira_me": amira_me,
        "yusuf": yusuf,
        "written": written,
    }


def board_texts(session_id: int) -> set[str]:
    board = selectors.board_load(session_id=session_id)
    return {note.text for note in board.notes.values()}


def test_a_plan_brought_to_a_later_board_moves_there_with_its_notes_and_its_people(two_boards):
    plan = two_boards["amira"].plan
    charts_before = set(Chart.objects.filter(focus_person__plan=plan).values_list("pk", flat=True))
    ben = services.focus_person_bring(session=two_boards["second"], plan=two_boards["ben"].plan)
    assert ben.colour == two_boards["ben"].colour  # his own, free on this board
    seat = services.focus_person_bring(session=two_boards["second"], plan=plan)
    # The same chart and note rows, now on the new seat: nothing copied.
    assert set(seat.charts.values_list("pk", flat=True)) == charts_before
    assert Chart.objects.filter(focus_person__plan=plan).count() == len(charts_before)
    assert Note.objects.filter(chart__focus_person__plan=plan).count() == 2
    assert board_texts(two_boards["second"].pk) == {"Swimming with Jo", "Amira loves the cinema"}
    assert board_texts(two_boards["first"].pk) == set()
    # Carl has Amira's old colour on this board, so she gets one nobody here has.
    assert seat.first_name == "Amira"
    assert seat.colour not in {two_boards["carl"].colour, ben.colour}
    # Amira and Yusuf come too, as themselves: Amira can still change her own words.
    assert set(Participant.objects.filter(focus_person=seat).values_list("pk", flat=True)) == {
        two_boards["amira_me"].pk,
        two_boards["yusuf"].pk,
    }
    amira_me = Participant.objects.get(pk=two_boards["amira_me"].pk)
    services.board_command_apply(
        session_id=two_boards["second"].pk,
        actor=participant_actor(participant=amira_me),
        message={
            "type": "edit_note",
            "op_id": "later",
            "note_id": two_boards["written"]["Swimming with Jo"],
            "text": "Swimming with Jo on Saturdays",
        },
    )
    assert "Swimming with Jo on Saturdays" in board_texts(two_boards["second"].pk)


def test_the_plan_reads_the_same_from_its_old_seat_and_its_new_one(two_boards):
    old = two_boards["amira"]
    new = services.focus_person_bring(session=two_boards["second"], plan=old.plan)
    made_on = two_boards["first"].starts_on
    old.refresh_from_db()
    from_old = selectors.plan_document_of(seat=old, made_on=made_on)
    from_new = selectors.plan_document_of(seat=new, made_on=made_on)
    assert from_old == from_new
    assert [n.text for s in from_new.sections for n in s.notes] == [
        "Swimming with Jo",
        "Amira loves the cinema",
    ]


@pytest.mark.parametrize("private", [False, True])
def test_both_boards_events_fold_into_what_a_fresh_read_shows(two_boards, private):
    if private:
        focus_person_make_private(two_boards["amira"])
    first, second = two_boards["first"], two_boards["second"]
    before = {s.pk: selectors.board_load(session_id=s.pk) for s in (first, second)}
    seat = services.focus_person_bring(session=second, plan=two_boards["amira"].plan)
    amira_me = Participant.objects.get(pk=two_boards["amira_me"].pk)
    services.board_command_apply(
        session_id=second.pk,
        actor=participant_actor(participant=amira_me),
        message={
            "type": "edit_note",
            "op_id": "after",
            "note_id": two_boards["written"]["Swimming with Jo"],
            "text": "Swimming on Saturdays",
        },
    )
    carl_me = participant_actor(participant=participant_make(two_boards["carl"]))
    ben_me = participant_actor(participant=participant_make(two_boards["ben"]))
    viewers = {
        first.pk: [two_boards["fran"], ben_me],
        second.pk: [two_boards["fran"], carl_me, participant_actor(participant=amira_me)],
    }
    for session in (first, second):
        events = selectors.board_events_since(
            session_id=session.pk, actor=two_boards["fran"], last_seq=before[session.pk].seq
        )
        folded = before[session.pk]
        for event in events:
            folded = domain.event_apply(folded, event)
        fresh = selectors.board_load(session_id=session.pk)
        for viewer in viewers[session.pk]:
            visible = selectors.board_payload(
                board=domain.board_visible_to(board=fresh, actor=viewer)
            )
            got = selectors.board_payload(board=domain.board_visible_to(board=folded, actor=viewer))
            assert got == visible
    assert seat.is_private == private


def test_the_old_boards_link_and_code_stop_when_the_plan_moves_on(two_boards):
    token = services.focus_person_invite_create(focus_person=two_boards["amira"])
    code = services.focus_person_code_create(focus_person=two_boards["amira"])
    services.focus_person_bring(session=two_boards["second"], plan=two_boards["amira"].plan)
    assert selectors.focus_person_for_invite(token_hash=services.token_hash(token)) is None
    assert selectors.focus_person_for_code(code=code) is None


def test_a_plan_already_on_this_board_is_not_brought_twice(two_boards):
    plan = two_boards["amira"].plan
    services.focus_person_bring(session=two_boards["second"], plan=plan)
    with pytest.raises(DomainError) as caught:
        services.focus_person_bring(session=two_boards["second"], plan=plan)
    assert caught.value.code == "already_here"
    with pytest.raises(DomainError) as caught:
        services.focus_person_bring(session=two_boards["second"], plan=two_boards["carl"].plan)
    assert caught.value.code == "no_plan"


def test_a_plan_started_on_its_own_is_brought_into_a_group_later(two_boards):
    seat = services.own_plan_start(
        facilitator=two_boards["first"].facilitator,
        first_name="Dev",
        today=two_boards["first"].starts_on,
    )
    assert seat.session.is_own_plan
    assert [p.first_name for p in seat.session.focus_people.all()] == ["Dev"]
    assert seat.charts.count() == len(STANDARD_HEADINGS)
    services.board_command_apply(
        session_id=seat.session_id,
        actor=two_boards["fran"],
        message={
            "type": "add_note",
            "op_id": "one-to-one",
            "chart_id": seat.charts.first().pk,
            "text": "Written at home with my enabler",
        },
    )
    brought = services.focus_person_bring(session=two_boards["second"], plan=seat.plan)
    assert brought.first_name == "Dev"
    assert "Written at home with my enabler" in board_texts(two_boards["second"].pk)
