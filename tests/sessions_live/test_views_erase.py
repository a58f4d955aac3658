"""The erasure pages: who may open them, what they say, and that they never fail."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from sessions_live.models import FocusPerson, Note, Participant
from tests.sessions_live.rooms import add_note, client_as, remember_participant

pytestmark = pytest.mark.django_db


def as_participant(room, name: str) -> Client:
    client = Client()
    remember_participant(client, room[name])
    return client


WHO = {
    "anonymous": lambda room: Client(),
    "amira herself": lambda room: as_participant(room, "amira_me"),
    "yusuf, her ally": lambda room: as_participant(room, "yusuf"),
    "ben, at her table": lambda room: as_participant(room, "ben_me"),
    "a participant of another session": lambda room: client_as(room, "participant_elsewhere"),
    "the facilitator": lambda room: client_as(room, "facilitator_here"),
    "another session's facilitator": lambda room: client_as(room, "facilitator_elsewhere"),
}


def person_url(room, person="amira"):
    return reverse("live:person_erase", args=[room["session"].pk, room[person].pk])


def participant_url(room, name="yusuf"):
    return reverse("live:participant_erase", args=[room["session"].pk, room[name].pk])


@pytest.mark.parametrize("who", list(WHO))
def test_only_the_person_and_the_facilitator_open_the_page_to_erase_a_person(room, who):
    answer = WHO[who](room).get(person_url(room))
    may = who in {"amira herself", "the facilitator"}
    assert answer.status_code == (200 if may else 404)
    assert "no-store" in answer["Cache-Control"]


@pytest.mark.parametrize("who", list(WHO))
def test_the_ally_the_person_and_the_facilitator_open_the_page_to_erase_an_ally(room, who):
    answer = WHO[who](room).get(participant_url(room))
    may = who in {"amira herself", "yusuf, her ally", "the facilitator"}
    assert answer.status_code == (200 if may else 404)


@pytest.mark.parametrize("who", list(WHO))
def test_nobody_but_those_erases_anyone_by_posting(room, who):
    if who in {"amira herself", "yusuf, her ally", "the facilitator"}:
        return
    client = WHO[who](room)
    assert client.post(participant_url(room), {"notes": "keep"}).status_code == 404
    assert client.post(person_url(room), {"notes": "keep"}).status_code == 404
    assert Participant.objects.filter(pk=room["yusuf"].pk).exists()
    assert FocusPerson.objects.filter(pk=room["amira"].pk).exists()


def test_ids_that_are_not_on_this_board_are_not_found(room):
    client = client_as(room, "facilitator_here")
    elsewhere = room["other_participant"]
    session = room["session"].pk
    for url in (
        reverse("live:participant_erase", args=[session, elsewhere.pk]),
        reverse("live:participant_erase", args=[session, 999999]),
        reverse("live:person_erase", args=[session, elsewhere.focus_person_id]),
        reverse("live:person_erase", args=[session, 999999]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"notes": "keep"}).status_code == 404
    assert Participant.objects.filter(pk=elsewhere.pk).exists()


def test_the_page_says_what_goes_and_what_stays_and_asks_about_the_notes(room):
    add_note(room, author="yusuf", text="Amira loves swimming")
    text = client_as(room, "facilitator_here").get(participant_url(room)).content.decode()
    assert "What goes" in text
    assert "What stays" in text
    assert "They wrote 1 note on the charts now." in text
    assert "written by “Someone who has left”" in text


def test_no_choice_about_the_notes_erases_nothing_and_says_so(room):
    add_note(room, author="yusuf", text="Amira loves swimming")
    answer = client_as(room, "facilitator_here").post(participant_url(room), {})
    assert answer.status_code == 400
    assert "You did not choose what happens to the notes" in answer.content.decode()
    assert Participant.objects.filter(pk=room["yusuf"].pk).exists()


def test_the_facilitator_erases_an_ally_and_a_second_press_is_harmless(room):
    add_note(room, author="yusuf", text="Amira loves swimming")
    client = client_as(room, "facilitator_here")

    answer = client.post(participant_url(room), {"notes": "remove"})

    assert answer.status_code == 200
    assert "Yusuf has been erased" in answer.content.decode()
    assert not Participant.objects.filter(pk=room["yusuf"].pk).exists()
    assert not Note.objects.filter(chart__focus_person=room["amira"]).exists()
    assert AuditEvent.objects.filter(action="erased", subject="participant").count() == 1
    assert client.post(participant_url(room), {"notes": "remove"}).status_code == 404
    assert AuditEvent.objects.filter(action="erased").count() == 1


def test_an_ally_erases_themself_from_their_own_device(room):
    add_note(room, author="yusuf", text="Amira loves swimming")
    client = as_participant(room, "yusuf")
    own = reverse("live:participant_erase_me", args=[room["session"].pk])

    assert "Erase me from this board" in client.get(own).content.decode()
    answer = client.post(own, {"notes": "keep"})

    assert "You have been erased from this board" in answer.content.decode()
    assert Note.objects.get(text="Amira loves swimming").author_name == "Someone who has left"
    assert client.get(own).status_code == 404


def test_the_persons_own_place_cannot_be_erased_as_an_ally(room):
    answer = client_as(room, "facilitator_here").post(
        participant_url(room, "amira_me"), {"notes": "keep"}
    )
    assert answer.status_code == 409
    assert "erase their plan and everything about them instead" in answer.content.decode()
    assert Participant.objects.filter(pk=room["amira_me"].pk).exists()


def test_the_person_erases_their_plan_and_everything_about_them(room):
    add_note(room, author="amira_me", text="I like trains")
    client = as_participant(room, "amira_me")

    answer = client.post(person_url(room), {})

    assert answer.status_code == 200
    assert "Your plan and everything about you have been erased" in answer.content.decode()
    assert not FocusPerson.objects.filter(pk=room["amira"].pk).exists()
    assert FocusPerson.objects.filter(pk=room["ben"].pk).exists()
    assert client.post(person_url(room), {}).status_code == 404


def test_the_set_up_page_offers_to_erase_each_participant_and_person(room):
    url = reverse("live:session_setup", args=[room["session"].pk])
    text = client_as(room, "facilitator_here").get(url).content.decode()
    assert participant_url(room) in text
    assert person_url(room) in text


def test_the_plan_page_offers_the_person_to_erase_everything_and_an_ally_to_erase_themself(room):
    plan = reverse("live:plan", args=[room["session"].pk, room["amira"].pk])
    mine = as_participant(room, "amira_me").get(plan).content.decode()
    assert "Erase my plan and everything about me" in mine
    assert person_url(room) in mine
    theirs = as_participant(room, "yusuf").get(plan).content.decode()
    assert "Erase my plan and everything about me" not in theirs
    assert reverse("live:participant_erase_me", args=[room["session"].pk]) in theirs
    facilitator = client_as(room, "facilitator_here").get(plan).content.decode()
    assert "Erase my plan and everything about me" not in facilitator
