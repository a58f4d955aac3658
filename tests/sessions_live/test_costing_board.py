"""A person's costing on the live board: rows of support saved through the board's own
commands (op ids, one transaction, one event), checked exactly in pounds and pence,
sent only to the person's screens and their allies', and compared with the budget
only once the person has been shown it."""

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import CostLine
from sessions_live import domain, selectors, services
from sessions_live.domain import DomainError
from sessions_live.models import BoardEvent, Participant, PlanningSession
from tests.sessions_live.factories import (
    budget_record,
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


PA = {
    "what": "A PA to help me get up",
    "who": "Jo",
    "hours_per_week": "7.5",
    "hourly_rate": "12.63",
}


def save(room, actor="yusuf", op_id="c-1", person="amira", **fields):
    message = {"type": "save_cost_line", "op_id": op_id, "focus_person_id": room[person].pk}
    return services.board_command_apply(
        session_id=room["session"].pk, actor=room[actor], message={**message, **fields}
    )


def test_an_ally_costs_a_pa_by_the_hour_and_the_table_is_sent_the_sums_in_words(room):
    result = save(room, **PA)
    line = CostLine.objects.get()
    assert result.ack["line_id"] == line.pk
    assert result.event["stream"] == domain.money_stream(focus_person_id=room["amira"].pk)
    costing = result.event["costing"]
    assert costing["lines"][0]["cost"] == "7.5 hours a week at £12.63 an hour"
    assert costing["lines"][0]["per_year"] == "£4,925.70 a year"
    assert (costing["per_week"], costing["per_year"]) == ("£94.73", "£4,925.70")
    assert costing["difference"] == ""  # no budget shown: not a word about one
    assert line.written_by.startswith("Yusuf")


def test_a_retried_save_makes_one_row_and_gets_the_first_answer(room):
    first = save(room, **PA)
    again = save(room, **PA)
    assert again.ack["duplicate"] is True
    assert again.ack["line_id"] == first.ack["line_id"]
    assert CostLine.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"what": "Swimming", "amount": "twelve", "period": "week"}, "not_a_number"),
        ({"what": "Swimming", "amount": "-5", "period": "week"}, "negative"),
        ({"what": "Swimming", "amount": "1e3", "period": "week"}, "not_a_number"),
        ({"what": "Swimming", "amount": "2000000", "period": "year"}, "too_much"),
        ({"what": "PA", "hours_per_week": "169", "hourly_rate": "12"}, "hours_too_many"),
        ({"what": "PA", "hours_per_week": "10"}, "missing_rate"),
        ({"what": "Club", "amount": "30"}, "missing_period"),
        ({"what": "Club", "amount": "30", "period": "fortnightly"}, "period_unknown"),
        ({"what": "   "}, "what_missing"),
    ],
)
def test_a_bad_row_is_refused_in_plain_words_and_nothing_changes(room, fields, code):
    with pytest.raises(DomainError) as refused:
        save(room, **fields)
    assert refused.value.code == code
    assert refused.value.message.endswith((".", "?"))
    assert not CostLine.objects.exists()
    assert not BoardEvent.objects.filter(kind="costing_shown").exists()


def test_only_the_person_their_allies_and_the_facilitator_change_a_costing(room):
    save(room, actor="amira_me", op_id="a", **PA)
    save(room, actor="fran", op_id="f", what="Laptop", amount="400", period="one_off")
    with pytest.raises(DomainError) as refused:
        save(room, actor="ben_me", op_id="b", **PA)
    assert refused.value.code == "not_your_plan"
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=room["fran"],
        message={"type": "lock_board", "op_id": "lock", "locked": True},
    )
    with pytest.raises(DomainError) as paused:
        save(room, actor="yusuf", op_id="y", **PA)
    assert paused.value.code == "board_locked"
    assert CostLine.objects.count() == 2


def test_the_difference_from_the_budget_appears_only_once_the_budget_is_revealed(room):
    budget_record(room["amira"], "350")
    save(room, **PA)
    save(room, op_id="c-2", what="My sister", who="Sam", paid=False)
    snapshot = selectors.board_snapshot(session_id=room["session"].pk, actor=room["amira_me"])
    assert snapshot["costings"][0]["difference"] == ""
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    snapshot = selectors.board_snapshot(session_id=room["session"].pk, actor=room["amira_me"])
    (costing,) = snapshot["costings"]
    assert costing["difference"] == "£255.28 a week under your budget (£13,274.30 a year)"
    assert [line["cost"] for line in costing["lines"]][1] == "Unpaid"
    for viewer in ("ben_me", "fran"):
        other = selectors.board_snapshot(session_id=room["session"].pk, actor=room[viewer])
        assert other["costings"] == []


def test_each_screens_events_fold_into_what_a_fresh_read_shows(room):
    before = selectors.board_load(session_id=room["session"].pk)
    first = save(room, **PA)
    save(room, op_id="c-2", what="Laptop", amount="400", period="one_off")
    save(
        room,
        op_id="c-3",
        line_id=first.ack["line_id"],
        what="A PA",
        hours_per_week="10",
        hourly_rate="12.63",
    )
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=room["amira_me"],
        message={
            "type": "remove_cost_line",
            "op_id": "r",
            "focus_person_id": room["amira"].pk,
            "line_id": first.ack["line_id"],
        },
    )
    budget_record(room["amira"], "100")
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    fresh = assert_each_screen_folds_to_a_fresh_read(room, before)
    assert fresh.costings[room["amira"].pk]["lines"][0]["what"] == "Laptop"


def test_the_persons_table_costs_on_the_board_and_nobody_else_sees_the_costing(room):
    save(room, **PA)
    board = reverse("live:board", args=[room["session"].pk])
    form_id = f'id="board-cost-{room["amira"].pk}"'
    save_url = reverse("live:plan_cost_line_save", args=[room["session"].pk, room["amira"].pk])

    def page_of(viewer: str, url: str = board) -> str:
        client = Client()
        if viewer == "fran":
            client.force_login(room["session"].facilitator)
        else:
            remember_participant(client, Participant.objects.get(pk=room[viewer].participant_id))
        return client.get(url).content.decode()

    for viewer in ("amira_me", "yusuf"):
        page = page_of(viewer)
        assert "How the money will be spent" in page
        assert "A PA to help me get up" in page
        assert form_id in page  # the plan page's own form, with the board's own ids
        assert f'action="{save_url}"' in page
        assert f'id="board-cost-{room["amira"].pk}-what"' in page
    ben = page_of("ben_me")
    assert form_id not in ben
    assert "A PA to help me get up" not in ben
    projector = reverse("live:projector", args=[room["session"].pk])
    for url in (board, projector):
        page = page_of("fran", url)
        assert "How the money will be spent" not in page
        assert "A PA to help me get up" not in page

    # Writing paused: the rows stay on the screen, the form goes.
    PlanningSession.objects.filter(pk=room["session"].pk).update(is_locked=True)
    paused = page_of("amira_me")
    assert "A PA to help me get up" in paused
    assert form_id not in paused
