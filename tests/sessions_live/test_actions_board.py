"""A person's action plan on the live board: rows saved through the board's own commands,
seen by whoever sees the person's charts, in the person's words, with the helper's
suggestions shown to the person's own table and the facilitator."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import PlanAction
from plans.selectors import action_lines
from sessions_live import domain, selectors, services
from sessions_live.domain import DomainError
from sessions_live.models import Participant
from tests.sessions_live.factories import (
    focus_person_make_private,
)
from tests.sessions_live.rooms import (
    assert_each_screen_folds_to_a_fresh_read,
    remember_participant,
    two_people_room,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return two_people_room()


def save(room, actor="amira_me", op_id="a-1", **fields):
    message = {"type": "save_action", "op_id": op_id, "focus_person_id": room["amira"].pk}
    return services.board_command_apply(
        session_id=room["session"].pk, actor=room[actor], message={**message, **fields}
    )


NO_QUESTION = {"clarification": "", "clarification_question": "", "clarification_reply": ""}
CLEAR = {
    "what": "Go swimming at Redcar leisure centre on Tuesdays",
    "who": "Me and Sam",
    "when": "every week",
    "how_we_know": "I have been 4 times by March",
}


def test_an_action_is_kept_as_written_and_sent_with_the_persons_charts(room):
    result = save(room, **CLEAR)
    row = PlanAction.objects.get()
    assert result.ack["action_id"] == row.pk
    assert result.event["stream"] == domain.PUBLIC_STREAM  # Amira's charts are public
    assert result.event["actions"] == [{"id": row.pk, **CLEAR, **NO_QUESTION}]
    again = save(room, **CLEAR)
    assert again.ack["duplicate"] is True
    assert PlanAction.objects.count() == 1


def test_a_private_persons_actions_stay_in_their_stream(room):
    focus_person_make_private(room["amira"])
    result = save(room, **CLEAR)
    assert result.event["stream"] == domain.private_stream(focus_person_id=room["amira"].pk)
    ben_sees = selectors.board_snapshot(session_id=room["session"].pk, actor=room["ben_me"])
    assert ben_sees["actions"] == []


def test_the_helper_suggests_but_never_blocks(room):
    save(room, what="Try to get out more", when="soon")
    (row,) = PlanAction.objects.all()
    assert row.what == "Try to get out more"  # the person's words stand
    (line,) = action_lines(
        actions=[{"id": row.pk, "what": row.what, "who": "", "when": "soon", "how_we_know": ""}],
        today=date(2027, 1, 4),
    )
    parts = {hint.part for hint in line.hints}
    assert {"who", "when", "know"} <= parts
    assert any("“try”" in hint.words for hint in line.hints)


def test_only_the_person_their_allies_and_the_facilitator_write_actions(room):
    save(room, actor="yusuf", op_id="y", what="Find a club")
    save(room, actor="fran", op_id="f", what="Ask the council about transport")
    with pytest.raises(DomainError) as refused:
        save(room, actor="ben_me", op_id="b", what="Something")
    assert refused.value.code == "not_your_plan"
    with pytest.raises(DomainError) as empty:
        save(room, op_id="e", what="   ")
    assert empty.value.code == "empty_text"
    assert PlanAction.objects.count() == 2


def test_each_screens_events_fold_into_what_a_fresh_read_shows(room):
    before = selectors.board_load(session_id=room["session"].pk)
    first = save(room, **CLEAR)
    save(room, op_id="a-2", what="Find a club", who="Yusuf")
    save(room, op_id="a-3", action_id=first.ack["action_id"], what="Swim on Thursdays")
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=room["yusuf"],
        message={
            "type": "remove_action",
            "op_id": "r",
            "focus_person_id": room["amira"].pk,
            "action_id": first.ack["action_id"],
        },
    )
    fresh = assert_each_screen_folds_to_a_fresh_read(room, before)
    assert [a["what"] for a in fresh.actions[room["amira"].pk]] == ["Find a club"]


def test_the_board_shows_suggestions_to_the_persons_table_and_not_to_another(room):
    save(room, what="Try to get out more")
    board = reverse("live:board", args=[room["session"].pk])
    pages = {}
    for viewer in ("amira_me", "ben_me"):
        client = Client()
        remember_participant(client, Participant.objects.get(pk=room[viewer].participant_id))
        pages[viewer] = client.get(board).content.decode()
    assert "Try to get out more" in pages["amira_me"]
    assert "Who will do this?" in pages["amira_me"]
    assert "Try to get out more" in pages["ben_me"]  # public charts, public actions
    assert "Who will do this?" not in pages["ben_me"]


def test_a_fresh_board_reads_money_and_actions_in_the_same_queries_however_many(room):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.board_snapshot(session_id=room["session"].pk, actor=room["amira_me"])
        return len(captured.captured_queries)

    save(room, **CLEAR)
    few = queries()
    for person, actor in (("amira", "amira_me"), ("ben", "ben_me")):
        for n in range(5):
            services.board_command_apply(
                session_id=room["session"].pk,
                actor=room[actor],
                message={
                    "type": "save_cost_line",
                    "op_id": f"{person}-c{n}",
                    "focus_person_id": room[person].pk,
                    "what": f"Row {n}",
                    "amount": "10",
                    "period": "week",
                },
            )
            services.board_command_apply(
                session_id=room["session"].pk,
                actor=room[actor],
                message={
                    "type": "save_action",
                    "op_id": f"{person}-a{n}",
                    "focus_person_id": room[person].pk,
                    "what": f"Action {n}",
                },
            )
    assert queries() == few
