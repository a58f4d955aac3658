""" "Make this clearer" on a costing row or an action, as on a note: the facilitator asks,
the person's table answers (in words, or by changing the row), the facilitator marks it
clear. Through the board's own commands and through the plan page's forms, by role."""

import itertools

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from plans.models import CostLine, PlanAction
from sessions_live import domain, selectors, services
from sessions_live.domain import DomainError
from tests.sessions_live.factories import (
    budget_record,
    focus_person_make_private,
)
from tests.sessions_live.rooms import (
    assert_each_screen_folds_to_a_fresh_read,
    board_url,
    two_people_room,
)
from tests.sessions_live.test_views_actions import action_seed
from tests.sessions_live.test_views_plan import MAY_READ, READERS, plan_url

pytestmark = pytest.mark.django_db

_op_ids = itertools.count()


@pytest.fixture
def actors():
    return two_people_room()


def command(room, actor: str, type: str, **fields):
    """Send one board command as ``actor`` for Amira's plan."""
    message = {
        "type": type,
        "op_id": f"op-{next(_op_ids)}",
        "focus_person_id": room["amira"].pk,
        **fields,
    }
    return services.board_command_apply(
        session_id=room["session"].pk, actor=room[actor], message=message
    )


def an_action(room, actor="amira_me", what="Try to get out more"):
    return command(room, actor, "save_action", what=what).ack["action_id"]


def a_cost_line(room, actor="amira_me", what="A personal assistant"):
    return command(room, actor, "save_cost_line", what=what, amount="120", period="week").ack[
        "line_id"
    ]


def ask(room, row_id, row="action", question="Who will do this, and when?", actor="fran"):
    return command(room, actor, "ask_row_question", row=row, row_id=row_id, question=question)


# --- The board's commands ------------------------------------------------------------------


def test_asked_answered_and_marked_clear_with_the_persons_words_untouched(actors):
    action_id = an_action(actors)
    asked = ask(actors, action_id)
    assert asked.event["kind"] == "actions_shown"
    assert asked.ack["action_id"] == action_id
    (shown,) = asked.event["actions"]
    assert shown["clarification"] == "asked"
    assert shown["clarification_question"] == "Who will do this, and when?"

    answered = command(
        actors,
        "yusuf",
        "answer_row_question",
        row="action",
        row_id=action_id,
        reply="Me, on Fridays",
    )
    (shown,) = answered.event["actions"]
    assert (shown["clarification"], shown["clarification_reply"]) == ("answered", "Me, on Fridays")
    assert shown["what"] == "Try to get out more"  # the person's words stand

    closed = command(actors, "fran", "close_row_question", row="action", row_id=action_id)
    (shown,) = closed.event["actions"]
    assert (shown["clarification"], shown["clarification_question"]) == ("", "")
    row = PlanAction.objects.get()
    assert (row.what, row.clarification, row.clarification_reply) == ("Try to get out more", "", "")


def test_changing_the_row_answers_the_question_but_the_facilitators_own_change_does_not(actors):
    action_id = an_action(actors)
    ask(actors, action_id)
    command(actors, "fran", "save_action", action_id=action_id, what="Try to get out more often")
    assert PlanAction.objects.get().clarification == "asked"
    command(actors, "amira_me", "save_action", action_id=action_id, what="Go to the Friday club")
    row = PlanAction.objects.get()
    assert (row.clarification, row.clarification_reply) == ("answered", "")
    assert row.clarification_question == "Who will do this, and when?"


def test_a_question_on_a_costing_row_goes_to_the_persons_money_stream_only(actors):
    budget_record(actors["amira"], "300")
    line_id = a_cost_line(actors)
    before = selectors.board_load(session_id=actors["session"].pk)
    asked = ask(actors, line_id, row="cost_line", question="Is this an agency or a PA?")
    assert asked.event["kind"] == "costing_shown"
    assert asked.event["stream"] == domain.money_stream(focus_person_id=actors["amira"].pk)
    assert asked.ack["line_id"] == line_id
    (line,) = asked.event["costing"]["lines"]
    assert (line["clarification"], line["clarification_question"]) == (
        "asked",
        "Is this an agency or a PA?",
    )
    command(
        actors, "amira_me", "answer_row_question", row="cost_line", row_id=line_id, reply="A PA"
    )
    assert CostLine.objects.get().clarification_reply == "A PA"
    assert_each_screen_folds_to_a_fresh_read(actors, before)


@pytest.mark.parametrize(
    ("actor", "type", "code"),
    [
        ("amira_me", "ask_row_question", "facilitator_only"),
        ("yusuf", "ask_row_question", "facilitator_only"),
        ("amira_me", "close_row_question", "facilitator_only"),
        ("ben_me", "answer_row_question", "not_your_plan"),
    ],
)
def test_only_the_facilitator_asks_and_closes_and_only_the_persons_table_answers(
    actors, actor, type, code
):
    action_id = an_action(actors)
    ask(actors, action_id)
    fields = {"question": "Why?"} if type == "ask_row_question" else {"reply": "Because"}
    with pytest.raises(DomainError) as refused:
        command(actors, actor, type, row="action", row_id=action_id, **fields)
    assert refused.value.code == code
    row = PlanAction.objects.get()
    assert (row.clarification, row.clarification_question) == (
        "asked",
        "Who will do this, and when?",
    )


def test_refusals_say_what_happened_and_change_nothing(actors):
    action_id = an_action(actors)
    ben_line = command(
        actors,
        "ben_me",
        "save_cost_line",
        focus_person_id=actors["ben"].pk,
        what="A PA",
        amount="10",
        period="week",
    ).ack["line_id"]
    cases = [
        ({"row": "action", "row_id": action_id, "question": "   "}, "empty_text"),
        ({"row": "note", "row_id": action_id, "question": "Why?"}, "bad_field"),
        # Ben's row, sent as if it were Amira's: not on her plan, so not found there.
        ({"row": "cost_line", "row_id": ben_line, "question": "Why?"}, "row_question_refused"),
        ({"row": "action", "row_id": action_id, "question": "x" * 301}, "text_too_long"),
    ]
    for fields, code in cases:
        with pytest.raises(DomainError) as refused:
            ask(actors, **{"row_id": fields.pop("row_id"), **fields})
        assert refused.value.code == code, fields
    with pytest.raises(DomainError) as nothing_asked:
        command(
            actors, "amira_me", "answer_row_question", row="action", row_id=action_id, reply="Hi"
        )
    assert "Nobody is asking about this action" in nothing_asked.value.message
    assert not PlanAction.objects.exclude(clarification="").exists()
    assert not CostLine.objects.exclude(clarification="").exists()


# --- The plan page's forms -----------------------------------------------------------------


def question_url(room) -> str:
    return reverse("live:plan_row_question", args=[room["session"].pk, room["amira"].pk])


def seed_action(room, what="Try to get out more") -> int:
    return action_seed(room, what).pk


def post(client, room, **fields):
    return client.post(question_url(room), {"op_id": f"form-{next(_op_ids)}", **fields})


def fran_asks(room, action_id: int, question: str):
    """The facilitator asks about an action from the plan page."""
    client = READERS["the facilitator"](room)
    return post(client, room, act="ask", row="action", row_id=action_id, question=question)


def question_log(room) -> int:
    return AuditEvent.objects.filter(what__contains="a row of the plan").count()


@pytest.mark.parametrize("reader", list(READERS))
def test_who_may_ask_answer_and_close_from_the_plan_page(room, reader):
    action_id = seed_action(room)
    client = READERS[reader](room)
    asked = post(client, room, act="ask", row="action", row_id=action_id, question="By when?")
    row = PlanAction.objects.get()
    if reader == "the facilitator":
        assert asked.status_code == 302
        assert asked["Location"] == plan_url(room) + "#actions"
        assert row.clarification == "asked"
        assert question_log(room) == 1
    elif reader in MAY_READ:  # the person and their ally: told, nothing changed
        assert asked.status_code == 302
        assert row.clarification == ""
        page = client.get(plan_url(room)).content.decode()
        assert "Only the facilitator can do that." in page
    else:
        assert asked.status_code == 404
        assert row.clarification == ""
        assert question_log(room) == 0


def test_the_person_sees_the_question_answers_it_and_the_facilitator_marks_it_clear(room):
    action_id = seed_action(room)
    fran = READERS["the facilitator"](room)
    page = fran.get(plan_url(room)).content.decode()
    assert "Ask to make this clearer" in page
    post(fran, room, act="ask", row="action", row_id=action_id, question="Who will go with you?")

    amira = READERS["amira herself"](room)
    page = amira.get(plan_url(room)).content.decode()
    assert "Ask to make this clearer" not in page  # only the facilitator asks
    assert "The facilitator asks:</strong> <bdi>Who will go with you?</bdi>" in page
    assert f'id="answer-action-{action_id}"' in page
    answered = post(amira, room, act="answer", row="action", row_id=action_id, reply="My brother")
    assert answered["Location"] == plan_url(room) + "#actions"

    page = fran.get(plan_url(room)).content.decode()
    assert "<strong>Answer:</strong> <bdi>My brother</bdi>" in page
    assert "Mark as clear" in page
    post(fran, room, act="close", row="action", row_id=action_id)
    row = PlanAction.objects.get()
    assert (row.what, row.clarification) == ("Try to get out more", "")
    assert question_log(room) == 3


def test_an_empty_answer_is_refused_in_plain_words(room):
    action_id = seed_action(room)
    fran_asks(room, action_id, "Who?")
    amira = READERS["amira herself"](room)
    post(amira, room, act="answer", row="action", row_id=action_id, reply="  ")
    page = amira.get(plan_url(room)).content.decode()
    assert "An answer cannot be empty. Write something first." in page
    assert PlanAction.objects.get().clarification == "asked"


def test_the_board_shows_the_question_to_the_table_but_not_on_the_projector(room):
    action_id = seed_action(room)
    fran_board = READERS["the facilitator"](room).get(board_url(room)).content.decode()
    assert f'{plan_url(room)}#action-{action_id}">Ask to make this clearer' in fran_board
    fran_asks(room, action_id, "Which club?")
    client = READERS["amira herself"](room)
    board = client.get(board_url(room)).content.decode()
    assert "The facilitator asks:</strong> <bdi>Which club?</bdi>" in board
    assert f"#question-action-{action_id}" in board
    projector_url = reverse("live:projector", args=[room["session"].pk])
    projector = READERS["the facilitator"](room).get(projector_url).content.decode()
    assert "Which club?" not in projector


def test_a_person_at_another_table_does_not_see_a_private_plans_question(room):
    focus_person_make_private(room["amira"])
    action_id = seed_action(room)
    fran_asks(room, action_id, "Which club?")
    ben = READERS["ben, at her table"](room)
    assert "Which club?" not in ben.get(board_url(room)).content.decode()
    amira = READERS["amira herself"](room)
    assert "Which club?" in amira.get(board_url(room)).content.decode()
