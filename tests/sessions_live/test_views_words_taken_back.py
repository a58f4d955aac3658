"""Pages for words taken back (issue 11, items 7 and 9): a removed note shows only to
its writer and the facilitator, "Erase for good" on the note's own page, and a person
added as private from the set-up page."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from sessions_live import services
from sessions_live.models import BoardEvent, FocusPerson, Note
from tests.sessions_live.factories import participant_actor
from tests.sessions_live.rooms import add_note, board_url, client_as, remember_participant

pytestmark = pytest.mark.django_db

SECRET = "my mum's diagnosis"


def as_participant(room, name: str) -> Client:
    client = Client()
    remember_participant(client, room[name])
    return client


def note_page(room, note) -> str:
    return reverse("live:note_actions", args=[room["session"].pk, note.pk])


def remove(room, note, author="amira_me"):
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room[author]),
        message={"type": "remove_note", "op_id": f"rm-{note.pk}", "note_id": note.pk},
    )


def test_a_removed_note_shows_as_removed_only_to_its_writer_and_the_facilitator(room):
    note = add_note(room, text=SECRET)
    remove(room, note)
    for name, client in {
        "amira": as_participant(room, "amira_me"),
        "fran": client_as(room, "facilitator_here"),
    }.items():
        page = client.get(board_url(room)).content.decode()
        assert f'data-removed-note="{note.pk}"' in page, name
        assert "Erase for good" in page, name
        assert "my mum&#x27;s diagnosis" in page or "my mum&#39;s diagnosis" in page, name
    for name in ("yusuf", "ben_me"):
        page = as_participant(room, name).get(board_url(room)).content.decode()
        assert "diagnosis" not in page, name
        assert f'data-removed-note="{note.pk}"' not in page, name
        assert as_participant(room, name).get(note_page(room, note)).status_code == 404


def test_the_projector_never_shows_a_removed_note(room):
    note = add_note(room, text=SECRET)
    remove(room, note)
    page = client_as(room, "facilitator_here").get(
        reverse("live:projector", args=[room["session"].pk])
    )
    assert "diagnosis" not in page.content.decode()


def test_the_plan_page_and_its_downloads_leave_a_removed_note_out(room):
    note = add_note(room, text=SECRET)
    remove(room, note)
    client = client_as(room, "facilitator_here")
    args = [room["session"].pk, room["amira"].pk]
    assert "diagnosis" not in client.get(reverse("live:plan", args=args)).content.decode()
    text = client.get(reverse("live:plan_download", args=[*args, "text"])).content.decode()
    assert "diagnosis" not in text


def test_the_writer_erases_a_removed_note_for_good_from_its_own_page(room):
    note = add_note(room, text=SECRET)
    remove(room, note)
    client = as_participant(room, "amira_me")
    page = client.get(note_page(room, note)).content.decode()
    assert "Versions saved before you removed it still have it." in page
    assert 'value="erase"' in page
    response = client.post(note_page(room, note), {"op_id": "erase-1", "action": "erase"})
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(room)}#chart-{note.chart_id}"
    assert not Note.objects.filter(pk=note.pk).exists()
    stored = json.dumps([e.payload for e in BoardEvent.objects.all()], ensure_ascii=False)
    assert "diagnosis" not in stored
    assert AuditEvent.objects.filter(action="erased", plan_id=room["amira"].plan_id).count() == 1
    board = client.get(response["Location"]).content.decode()
    assert "Note erased for good." in board
    assert "diagnosis" not in board


@pytest.mark.parametrize("name", ["yusuf", "ben_me", "participant_elsewhere"])
def test_nobody_else_can_erase_a_note(room, name):
    note = add_note(room, text=SECRET)
    remove(room, note)
    client = (
        client_as(room, "participant_elsewhere")
        if name == "participant_elsewhere"
        else as_participant(room, name)
    )
    response = client.post(note_page(room, note), {"op_id": "erase-x", "action": "erase"})
    assert response.status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()


def test_a_note_on_the_board_cannot_be_erased_without_removing_it_first(room):
    note = add_note(room, text=SECRET)
    client = as_participant(room, "amira_me")
    response = client.post(note_page(room, note), {"op_id": "erase-2", "action": "erase"})
    assert response.status_code == 400
    assert "Remove the note first." in response.content.decode()
    assert Note.objects.filter(pk=note.pk).exists()


def test_the_writer_puts_a_removed_note_back_from_its_own_page(room):
    note = add_note(room, text=SECRET)
    remove(room, note)
    client = as_participant(room, "amira_me")
    response = client.post(note_page(room, note), {"op_id": "back-1", "action": "restore"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert not note.is_removed


def test_the_add_person_form_offers_privacy_and_a_private_person_is_private_from_the_start(
    room,
):
    client = client_as(room, "facilitator_here")
    setup = reverse("live:session_setup", args=[room["session"].pk])
    page = client.get(setup).content.decode()
    assert "Private: only them, their allies and the facilitator see their charts" in page
    response = client.post(
        reverse("live:focus_person_add", args=[room["session"].pk]),
        {
            "person-new-first_name": "Zainab",
            "person-new-table": room["table_1"].pk,
            "person-new-is_private": "on",
        },
    )
    assert response.status_code == 302
    zainab = FocusPerson.objects.get(first_name="Zainab")
    assert zainab.is_private
    public = BoardEvent.objects.filter(session=room["session"], stream="public")
    assert "Zainab" not in json.dumps([e.payload for e in public])
    page = as_participant(room, "ben_me").get(board_url(room)).content.decode()
    assert "Zainab" not in page
