"""A room to test the board's pages in: a session with three focus people at two
tables, their allies, and another session with its own facilitator and participant."""

import pytest
from django.test import Client
from django.urls import reverse

from sessions_live import access, domain, selectors, services
from sessions_live.models import Note
from tests.factories import TEST_PASSWORD
from tests.sessions_live.factories import (
    facilitator_actor,
    facilitator_make,
    focus_person_make,
    participant_actor,
    participant_make,
    session_make,
)


def remember_participant(client: Client, participant) -> None:
    """Put ``participant`` in this browser's server-side session, as joining does."""
    session = client.session
    session[access.DEVICE_KEY] = f"device-{participant.pk}"
    access.participant_remember(
        session, session_id=participant.session_id, participant_id=participant.pk
    )
    session.save()


@pytest.fixture
def room():
    """Fran's session (Amira and Ben at Table 1, Chloe at Table 2) and Olu's."""
    fran = facilitator_make("fran")
    session = session_make(facilitator=fran)
    table_1 = session.tables.get()
    table_2 = services.table_save(session=session, name="Table 2")
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    chloe = focus_person_make(session, "Chloe", table=table_2)
    other_facilitator = facilitator_make("olu")
    other_session = session_make(facilitator=other_facilitator, title="Autumn group")
    other_person = focus_person_make(other_session, "Dev")
    return {
        "fran": fran,
        "session": session,
        "table_1": table_1,
        "table_2": table_2,
        "amira": amira,
        "ben": ben,
        "chloe": chloe,
        "amira_me": participant_make(amira),
        "yusuf": participant_make(amira, "Yusuf", "family"),
        "ben_me": participant_make(ben),
        "other_facilitator": other_facilitator,
        "other_participant": participant_make(other_person),
    }


def client_as(room, role: str) -> Client:
    client = Client()
    if role == "participant_here":
        remember_participant(client, room["amira_me"])
    elif role == "participant_elsewhere":
        remember_participant(client, room["other_participant"])
    elif role == "facilitator_here":
        client.login(username="fran", password=TEST_PASSWORD)
    elif role == "facilitator_elsewhere":
        client.login(username="olu", password=TEST_PASSWORD)
    return client


def chart_of(person, position=0):
    return person.charts.get(position=position)


def add_note(room, author="amira_me", person="amira", text="Swimming with Jo", position=0):
    result = services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room[author]),
        message={
            "type": "add_note",
            "op_id": f"seed-{author}-{Note.objects.count()}",
            "chart_id": chart_of(room[person], position).pk,
            "text": text,
        },
    )
    return Note.objects.get(pk=result.ack["note_id"])


def board_url(room):
    return reverse("live:board", args=[room["session"].pk])


def two_people_room() -> dict:
    """Amira (with her own device and her brother Yusuf) and Ben (with his device) on
    one board, as actors: for the budget, costing and action plan tests."""
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    return {
        "session": session,
        "amira": amira,
        "ben": ben,
        "fran": facilitator_actor(user=session.facilitator),
        "amira_me": participant_actor(participant=participant_make(amira)),
        "yusuf": participant_actor(participant=participant_make(amira, "Yusuf", "family")),
        "ben_me": participant_actor(participant=participant_make(ben)),
    }


def assert_each_screen_folds_to_a_fresh_read(room: dict, before) -> object:
    """The invariant, for every viewer of ``two_people_room``: the board ``before``, plus
    the events that viewer is sent since, equals what a fresh read shows them now.

    ``seq`` is left out: a screen that sees no money stream is not sent those changes,
    and its welcome says the board's seq (``selectors.board_welcome``). Returns the
    fresh board.
    """
    fresh = selectors.board_load(session_id=room["session"].pk)
    for viewer in ("amira_me", "yusuf", "ben_me", "fran"):
        actor = room[viewer]
        folded = before
        for event in selectors.board_events_since(
            session_id=room["session"].pk, actor=actor, last_seq=before.seq
        ):
            folded = domain.event_apply(folded, event)
        got = selectors.board_payload(board=domain.board_visible_to(board=folded, actor=actor))
        want = selectors.board_payload(board=domain.board_visible_to(board=fresh, actor=actor))
        got.pop("seq"), want.pop("seq")
        assert got == want, viewer
    return fresh
