"""The protocol's promises, as properties of a real session's history (Hypothesis).

A history of every kind of change is made once through the real services.
Then, for any order, any repeats and any losses of its events:

- a screen that applies them by the rules of docs/live-protocol.md (3.2)
  ends showing exactly a fresh snapshot, and so does the server's own fold
  (``domain.event_apply``);
- a screen that lost some of them finds out (3.4) and, after asking with
  ``hello`` from where it says, shows exactly a fresh snapshot again.
"""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.headings import STANDARD_HEADINGS
from sessions_live import domain, selectors, services
from tests.sessions_live.factories import (
    facilitator_actor,
    focus_person_make,
    focus_person_make_private,
    participant_actor,
    participant_make,
    session_make,
)
from tests.sessions_live.live_client import NOTE_KINDS, BoardModel, snapshot_view

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture
def history():
    """A session's starting board for three viewers, then ~40 changes of every kind after it.

    Ben is private from the start, so the history has a private stream that
    only Ben's device and the facilitator see.
    """
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    focus_person_make_private(ben)
    viewers = {
        "fran": facilitator_actor(user=session.facilitator),
        "amira": participant_actor(participant=participant_make(amira)),
        "ben": participant_actor(participant=participant_make(ben)),
    }
    ops = iter(range(1, 1000))

    def do(who: str, **message):
        return services.board_command_apply(
            session_id=session.pk, actor=viewers[who], message={"op_id": f"o{next(ops)}", **message}
        ).ack

    charts = {
        name: list(person.charts.order_by("position").values_list("pk", flat=True))
        for name, person in (("amira", amira), ("ben", ben))
    }
    session.refresh_from_db()
    start = {
        who: selectors.board_state(session_id=session.pk, actor=actor)
        for who, actor in viewers.items()
    }
    start_board = selectors.board_load(session_id=session.pk)

    first = do("amira", type="add_note", chart_id=charts["amira"][0], text="Swimming")
    second = do("amira", type="add_note", chart_id=charts["amira"][1], text="Cinema")
    private = do("ben", type="add_note", chart_id=charts["ben"][0], text="Money worries")
    do("amira", type="edit_note", note_id=first["note_id"], text="Swimming with Jo")
    do("fran", type="star_note", note_id=first["note_id"], starred=True)
    do("fran", type="ask_clarification", note_id=second["note_id"], question="Which one?")
    do("amira", type="answer_clarification", note_id=second["note_id"], reply="The Odeon")
    do("fran", type="accept_clarification", note_id=second["note_id"])
    do("fran", type="suggest_wording", note_id=second["note_id"], text="The Odeon cinema")
    do("amira", type="accept_wording", note_id=second["note_id"])
    do("fran", type="suggest_wording", note_id=private["note_id"], text="Worried about money")
    do("ben", type="decline_wording", note_id=private["note_id"])
    do("fran", type="move_note", note_id=second["note_id"], chart_id=charts["amira"][4])
    do("amira", type="remove_note", note_id=first["note_id"])
    do("amira", type="restore_note", note_id=first["note_id"])
    do("ben", type="edit_note", note_id=private["note_id"], text="Money worries, rent")
    do("ben", type="remove_note", note_id=private["note_id"])
    do("fran", type="lock_chart", chart_id=charts["amira"][2], locked=True)
    do("fran", type="lock_board", locked=True)
    do("fran", type="lock_chart", chart_id=charts["amira"][2], locked=False)
    do("fran", type="lock_board", locked=False)
    table = services.table_save(session=session, name="Table 2")
    chloe = focus_person_make(session, "Chloe", table=table)
    services.table_save(session=session, name="Window table", table=table)
    chloe_chart = chloe.charts.order_by("position").first().pk
    added = do("fran", type="add_note", chart_id=chloe_chart, text="Likes music")
    do("fran", type="edit_note", note_id=added["note_id"], text="Likes loud music")
    for n in range(8):
        do(
            "amira",
            type="add_note",
            chart_id=charts["amira"][n % len(STANDARD_HEADINGS)],
            text=f"More {n}",
        )
        do(
            "ben",
            type="add_note",
            chart_id=charts["ben"][n % len(STANDARD_HEADINGS)],
            text=f"Private {n}",
        )
    # Words taken back: written, changed, removed, then erased for good.
    gone = do("amira", type="add_note", chart_id=charts["amira"][3], text="Wrong chart")
    do("amira", type="edit_note", note_id=gone["note_id"], text="Wrong chart, sorry")
    do("amira", type="remove_note", note_id=gone["note_id"])
    do("amira", type="erase_note", note_id=gone["note_id"])
    return {
        "session_id": session.pk,
        "viewers": viewers,
        "start": start,
        "start_board": start_board,
        "events": {
            who: selectors.board_events_since(
                session_id=session.pk, actor=actor, last_seq=start[who]["seq"]
            )
            for who, actor in viewers.items()
        },
        "fresh": {
            who: selectors.board_state(session_id=session.pk, actor=actor)
            for who, actor in viewers.items()
        },
    }


def you(history, who: str) -> dict:
    """The welcome's ``you``: a screen shows removed notes only if they are its own."""
    actor = history["viewers"][who]
    return {"role": actor.role, "key": actor.key}


def screen_at_start(history, who: str) -> BoardModel:
    model = BoardModel()
    model.apply({"type": "welcome", "you": you(history, who), **history["start"][who]})
    return model


VIEWERS = st.sampled_from(["fran", "amira", "ben"])


def test_the_history_covers_every_kind_of_change_and_both_streams(history):
    kinds = {event["kind"] for event in history["events"]["fran"]}
    others = {"chart_locked", "board_locked", "focus_person_added", "table_saved", "note_erased"}
    assert kinds >= NOTE_KINDS | others
    streams = {event["stream"] for event in history["events"]["fran"]}
    assert streams == {"public", f"private-{history['viewers']['ben'].focus_person_id}"}
    assert "Money worries" not in str(history["events"]["amira"])
    assert "Wrong chart" not in str(history["events"]), "erased words are in no event"


def test_events_in_any_order_and_repeated_end_in_the_same_board(history):
    @PROPERTY
    @given(who=VIEWERS, data=st.data())
    def check(who, data):
        events = history["events"][who]
        repeats = data.draw(st.lists(st.sampled_from(events), max_size=len(events)))
        order = data.draw(st.permutations(events + repeats))
        model = screen_at_start(history, who)
        for event in order:
            model.apply({"type": "event", "event": event})
        assert model.view() == snapshot_view(history["fresh"][who]["snapshot"])

        board = history["start_board"]
        for event in order:
            board = domain.event_apply(board, event)
        seen = domain.board_visible_to(board=board, actor=history["viewers"][who])
        assert selectors.board_payload(board=seen) | {"seq": 0} == history["fresh"][who][
            "snapshot"
        ] | {"seq": 0}

    check()


def test_a_screen_that_lost_any_changes_finds_out_and_repairs_its_board(history):
    @PROPERTY
    @given(who=VIEWERS, data=st.data())
    def check(who, data):
        events = history["events"][who]
        lost = data.draw(st.sets(st.sampled_from([e["seq"] for e in events])))
        model = screen_at_start(history, who)
        for event in events:
            if event["seq"] not in lost:
                model.apply({"type": "event", "event": event})
        # Rule 3: the pong's heads, once nothing more is on its way.
        fresh = history["fresh"][who]
        pong = {"heads": fresh["heads"], "visibility_seq": fresh["visibility_seq"]}
        model.apply({"type": "pong", "id": "1", **pong})
        model.check_pong()
        assert model.needs_repair == bool(lost)
        if not lost:
            return
        assert model.gap_from < min(lost)
        last_seq = model.resume_from()
        model.pending_hellos.append(last_seq)
        answer = selectors.board_welcome(
            session_id=history["session_id"], actor=history["viewers"][who], last_seq=last_seq
        )
        model.apply({"type": "welcome", "you": you(history, who), **answer})
        assert model.gap_from == math.inf
        assert model.view() == snapshot_view(fresh["snapshot"])

    check()
