"""Words taken back, through the real socket: a removed note's words and an edit's
``previous`` reach only the writer and the facilitator, live and on resume; an erased
note goes; a person added as private never reaches another table (issue 11, 7 and 9)."""

import pytest
from asgiref.sync import sync_to_async

from sessions_live import services
from sessions_live.models import PlanningSession
from tests.sessions_live.factories import (
    device_cookie,
    focus_person_make,
    participant_make,
    session_make,
)
from tests.sessions_live.test_board_socket import first_chart, next_of_type, open_board

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "my mum's diagnosis"


@pytest.fixture
def room():
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    return {
        "session": session,
        "amira": amira,
        "ben": ben,
        # Amira writes; Yusuf is her ally; Ben sits at another table.
        "amira_cookie": device_cookie(participant_make(amira)),
        "yusuf_cookie": device_cookie(participant_make(amira, "Yusuf", "family")),
        "ben_cookie": device_cookie(participant_make(ben)),
        "fran_cookie": device_cookie(user=session.facilitator),
    }


WHO = ("amira", "fran", "yusuf", "ben")
SHOWN = {"amira": True, "fran": True, "yusuf": False, "ben": False}


async def open_all(room) -> dict:
    return {who: (await open_board(room["session"].pk, room[f"{who}_cookie"]))[0] for who in WHO}


async def close_all(sockets: dict) -> None:
    for socket in sockets.values():
        await socket.disconnect()


async def command(socket, **message):
    await socket.send_json_to(message)
    return await next_of_type(socket, "ack")


async def test_a_removal_reaches_other_tables_and_allies_without_its_words(room):
    sockets = await open_all(room)
    chart = await sync_to_async(first_chart)(room["amira"])
    ack = await command(
        sockets["amira"], type="add_note", op_id="a-1", chart_id=chart.pk, text=SECRET
    )
    for who in WHO:
        await next_of_type(sockets[who], "event")
    await command(sockets["amira"], type="remove_note", op_id="a-2", note_id=ack["note_id"])
    for who in WHO:
        event = (await next_of_type(sockets[who], "event"))["event"]
        assert event["kind"] == "note_removed"
        assert event["note"]["is_removed"] is True
        assert (event["note"]["text"] == SECRET) is SHOWN[who], who
    await close_all(sockets)


async def test_previous_reaches_only_the_writer_and_the_facilitator(room):
    sockets = await open_all(room)
    chart = await sync_to_async(first_chart)(room["amira"])
    ack = await command(
        sockets["amira"], type="add_note", op_id="a-1", chart_id=chart.pk, text=SECRET
    )
    for who in WHO:
        await next_of_type(sockets[who], "event")
    await command(
        sockets["fran"], type="edit_note", op_id="f-1", note_id=ack["note_id"], text="Hospital"
    )
    for who in WHO:
        event = (await next_of_type(sockets[who], "event"))["event"]
        assert event["kind"] == "note_edited"
        assert ("previous" in event) is SHOWN[who], who
        assert SECRET not in str(event) or SHOWN[who]
    await close_all(sockets)


async def test_a_screen_resuming_after_a_removal_gets_no_words_in_the_replay(room):
    session = room["session"]
    start = await sync_to_async(lambda: PlanningSession.objects.get(pk=session.pk).last_seq)()
    amira, _ = await open_board(session.pk, room["amira_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    ack = await command(amira, type="add_note", op_id="a-1", chart_id=chart.pk, text=SECRET)
    await command(amira, type="remove_note", op_id="a-2", note_id=ack["note_id"])
    await amira.disconnect()
    for who in WHO:
        socket, welcome = await open_board(session.pk, room[f"{who}_cookie"], last_seq=start)
        assert [e["kind"] for e in welcome["events"]] == ["note_added", "note_removed"]
        assert (SECRET in str(welcome)) is SHOWN[who], who
        await socket.disconnect()


async def test_an_erased_note_goes_from_every_screen(room):
    sockets = await open_all(room)
    chart = await sync_to_async(first_chart)(room["amira"])
    ack = await command(
        sockets["amira"], type="add_note", op_id="a-1", chart_id=chart.pk, text=SECRET
    )
    await command(sockets["amira"], type="remove_note", op_id="a-2", note_id=ack["note_id"])
    erased = await command(sockets["amira"], type="erase_note", op_id="a-3", note_id=ack["note_id"])
    assert erased["note_id"] == ack["note_id"]
    for who in WHO:
        event = {}
        while event.get("kind") != "note_erased":
            event = (await next_of_type(sockets[who], "event"))["event"]
        assert event == {
            "seq": erased["seq"],
            "stream": "public",
            "prev": erased["seq"] - 1,
            "kind": "note_erased",
            "note_id": ack["note_id"],
            "chart_id": chart.pk,
        }
    await close_all(sockets)


async def test_a_person_added_as_private_never_reaches_another_tables_socket(room):
    ben, _ = await open_board(room["session"].pk, room["ben_cookie"])
    fran, _ = await open_board(room["session"].pk, room["fran_cookie"])
    await sync_to_async(services.focus_person_add)(
        session=room["session"], first_name="Zainab", is_private=True
    )
    added = await next_of_type(fran, "event")
    assert added["event"]["focus_person"]["first_name"] == "Zainab"
    # Ben's screen gets nothing at all: no event, no fresh board naming her.
    await ben.send_json_to({"type": "ping", "id": "p1"})
    while True:
        message = await ben.receive_json_from(timeout=3)
        assert "Zainab" not in str(message)
        if message["type"] == "pong":
            break
    assert await ben.receive_nothing(timeout=0.5)
    await ben.disconnect()
    await fran.disconnect()
