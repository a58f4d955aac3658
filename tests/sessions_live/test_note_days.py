"""On a good day, on a bad day: a note under how to support someone can say which kind of
day it is true on, through the board's own commands, the board's form and the plan page's,
and the plan carries it (every copy lays the two out side by side: tests/plans/test_days.py)."""

import pytest
from django.urls import reverse

from plans.headings import DAY_HEADINGS
from sessions_live import selectors, services
from sessions_live.domain import DomainError
from sessions_live.models import Note
from tests.sessions_live.rooms import (
    assert_each_screen_folds_to_a_fresh_read,
    board_url,
    two_people_room,
)
from tests.sessions_live.test_views_plan import READERS, plan_url

pytestmark = pytest.mark.django_db

(SUPPORT,) = DAY_HEADINGS


def support_chart(person):
    return person.charts.get(title=SUPPORT)


def add(room, actor="amira_me", op_id="d-1", **fields):
    message = {
        "type": "add_note",
        "op_id": op_id,
        "chart_id": support_chart(room["amira"]).pk,
        "text": "Give me time",
    }
    return services.board_command_apply(
        session_id=room["session"].pk, actor=room[actor], message={**message, **fields}
    )


@pytest.fixture
def actors():
    return two_people_room()


def test_a_note_says_its_day_and_every_screen_folds_to_the_same_board(actors):
    before = selectors.board_load(session_id=actors["session"].pk)
    added = add(actors, day="bad")
    assert added.event["note"]["day"] == "bad"
    note = Note.objects.get()
    assert note.day == "bad"
    changed = services.board_command_apply(
        session_id=actors["session"].pk,
        actor=actors["amira_me"],
        message={
            "type": "edit_note",
            "op_id": "d-2",
            "note_id": note.pk,
            "text": "Give me time, and speak slowly",
            "day": "good",
        },
    )
    assert changed.event["note"]["day"] == "good"
    kept = services.board_command_apply(
        session_id=actors["session"].pk,
        actor=actors["amira_me"],
        message={"type": "edit_note", "op_id": "d-3", "note_id": note.pk, "text": "Time"},
    )
    assert kept.event["note"]["day"] == "good"  # an edit without a day keeps the day
    add(actors, op_id="d-4")  # any day
    assert sorted(Note.objects.values_list("day", flat=True)) == ["", "good"]
    assert_each_screen_folds_to_a_fresh_read(actors, before)


@pytest.mark.parametrize("day", ["sometimes", "GOOD", 1, None])
def test_a_day_the_board_does_not_know_is_refused_in_plain_words(actors, day):
    with pytest.raises(DomainError) as refused:
        add(actors, day=day)
    assert refused.value.code in {"bad_day", "bad_field"}
    assert not Note.objects.exists()


def test_the_plan_carries_each_notes_day(actors):
    add(actors, day="bad", text="Stay with me")
    seat = actors["amira"]
    document = selectors.plan_document_of(seat=seat, made_on=seat.session.starts_on)
    (section,) = [s for s in document.sections if s.title == SUPPORT]
    assert [(n.text, n.day) for n in section.notes] == [("Stay with me", "bad")]


def test_the_board_and_the_plan_page_ask_the_day_only_under_how_to_support_me(room):
    amira = READERS["amira herself"](room)
    board = amira.get(board_url(room)).content.decode()
    chart = support_chart(room["amira"])
    assert f'id="day-add-{chart.pk}-bad"' in board
    assert board.count('name="day"') == 3  # one heading of Amira's own: three choices
    page = amira.get(plan_url(room)).content.decode()
    assert f'id="day-write-{chart.pk}-good"' in page
    assert page.count('name="day"') == 3


def test_a_note_written_on_the_plan_page_or_without_a_script_keeps_its_day(room):
    amira = READERS["amira herself"](room)
    chart = support_chart(room["amira"])
    amira.post(
        reverse("live:plan_note_add", args=[room["session"].pk, room["amira"].pk]),
        {"op_id": "p-1", "chart_id": chart.pk, "text": "Hold my hand", "day": "bad"},
    )
    amira.post(
        reverse("live:note_add", args=[room["session"].pk]),
        {"op_id": "p-2", "chart_id": chart.pk, "text": "Let me lead", "day": "good"},
    )
    assert dict(Note.objects.values_list("text", "day")) == {
        "Hold my hand": "bad",
        "Let me lead": "good",
    }
    board = amira.get(board_url(room)).content.decode()
    assert 'data-day="bad"' in board
    assert '<p class="note__day">On a bad day:</p>' in board
