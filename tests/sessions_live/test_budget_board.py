"""A person's revealed budget on the live board: in their money stream, so only their
own screens and their allies' ever hold it (never another table, never the
facilitator's board screens, one of which is the projector), and every screen's
state plus its events equals a fresh read."""

import pytest
from django.test import Client
from django.urls import reverse

from sessions_live import domain, selectors, services
from sessions_live.models import BoardEvent, Participant
from tests.sessions_live.factories import (
    budget_record,
    participant_actor,
    session_make,
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


def seen(room, viewer) -> dict:
    """What ``viewer``'s screen is given of the board now."""
    return selectors.board_snapshot(session_id=room["session"].pk, actor=room[viewer])


def test_sealed_the_budget_is_on_no_screen_and_in_no_event(room):
    budget_record(room["amira"])
    for viewer in ("amira_me", "yusuf", "ben_me", "fran"):
        assert seen(room, viewer)["budgets"] == []
    assert not BoardEvent.objects.filter(kind="budget_shown").exists()


def test_revealed_it_reaches_the_person_and_their_ally_only(room):
    budget_record(room["amira"])
    assert services.budget_reveal(session=room["session"], focus_person=room["amira"]) == 1
    expected = [
        {
            "focus_person_id": room["amira"].pk,
            "per_week": "£350.00",
            "per_year": "£18,200.00",
            "parts": [
                {
                    "amount": "£350.00 a week",
                    "source": "The council",
                    "managed_as": "Direct payment",
                }
            ],
        }
    ]
    assert seen(room, "amira_me")["budgets"] == expected
    assert seen(room, "yusuf")["budgets"] == expected
    assert seen(room, "ben_me")["budgets"] == []
    assert seen(room, "fran")["budgets"] == []
    event = BoardEvent.objects.get(kind="budget_shown")
    assert event.stream == domain.money_stream(focus_person_id=room["amira"].pk)
    # Replays: the person's screens get it; another table's and the facilitator's never.
    for viewer, gets in (("amira_me", True), ("yusuf", True), ("ben_me", False), ("fran", False)):
        events = selectors.board_events_since(
            session_id=room["session"].pk, actor=room[viewer], last_seq=0
        )
        assert any(e["kind"] == "budget_shown" for e in events) == gets
        heads = selectors.board_heads(session_id=room["session"].pk, actor=room[viewer])
        assert (event.stream in heads) == gets


def test_the_events_of_each_screen_fold_into_what_a_fresh_read_shows(room):
    budget_record(room["amira"], amount="100")
    before = selectors.board_load(session_id=room["session"].pk)
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    second = budget_record(room["amira"], amount="5200", period="year")  # sealed: no event
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    services.budget_part_remove(
        session=room["session"], focus_person=room["amira"], part_id=second.pk
    )
    fresh = assert_each_screen_folds_to_a_fresh_read(room, before)
    assert fresh.budgets[room["amira"].pk]["per_week"] == "£100.00"


def test_removing_the_only_revealed_part_takes_the_budget_off_the_screens(room):
    part = budget_record(room["amira"])
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    services.budget_part_remove(
        session=room["session"], focus_person=room["amira"], part_id=part.pk
    )
    last = BoardEvent.objects.filter(kind="budget_shown").order_by("-seq").first()
    assert last.payload["budget"] is None
    assert seen(room, "amira_me")["budgets"] == []


def test_a_plan_brought_to_a_later_board_takes_its_budget_there(room):
    budget_record(room["amira"])
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    later = session_make(facilitator=room["session"].facilitator, title="Meeting 2")
    seat = services.focus_person_bring(session=later, plan=room["amira"].plan)
    amira_me = participant_actor(
        participant=Participant.objects.get(pk=room["amira_me"].participant_id)
    )
    new = selectors.board_snapshot(session_id=later.pk, actor=amira_me)
    assert [b["focus_person_id"] for b in new["budgets"]] == [seat.pk]
    old = selectors.board_load(session_id=room["session"].pk)
    assert room["amira"].pk not in old.budgets


def test_the_board_page_shows_it_to_the_person_and_ally_and_never_on_the_projector(room):
    budget_record(room["amira"])
    services.budget_reveal(session=room["session"], focus_person=room["amira"])
    board = reverse("live:board", args=[room["session"].pk])
    for viewer, shown in (
        ("amira_me", "Your indicative budget: £350.00 a week"),
        ("yusuf", "<bdi>Amira</bdi>\u2019s indicative budget: £350.00 a week"),
    ):
        client = Client()
        remember_participant(client, Participant.objects.get(pk=room[viewer].participant_id))
        assert shown in client.get(board).content.decode()
    for viewer in ("ben_me",):
        client = Client()
        remember_participant(client, Participant.objects.get(pk=room[viewer].participant_id))
        assert "indicative budget" not in client.get(board).content.decode()
    fran = Client()
    fran.force_login(room["session"].facilitator)
    for url in (board, reverse("live:projector", args=[room["session"].pk])):
        page = fran.get(url).content.decode()
        assert "Amira" in page
        assert "350" not in page
