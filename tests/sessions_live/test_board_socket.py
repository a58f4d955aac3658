"""The board socket through the real ASGI stack: origin check, session auth, channel layer."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from sessions_live import services
from sessions_live.models import Note
from tests.sessions_live.factories import (
    device_cookie,
    facilitator_make,
    focus_person_make,
    focus_person_make_private,
    participant_make,
    session_make,
)

# The consumer reads the database from worker threads, so the test data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


async def open_board(session_id: int, cookie: str | None, last_seq=None, hello=True):
    headers = [(b"origin", b"http://testserver")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    socket = WebsocketCommunicator(application, f"/ws/live/{session_id}/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    welcome = None
    if hello:
        await socket.send_json_to({"type": "hello", "last_seq": last_seq})
        welcome = await socket.receive_json_from(timeout=3)
        presence = await socket.receive_json_from(timeout=3)
        assert presence["type"] == "presence"
    return socket, welcome


async def next_of_type(socket, kind: str, timeout=3):
    """Skip presence updates; return the next message of ``kind``."""
    while True:
        message = await socket.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


@pytest.fixture
def room():
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    chloe = focus_person_make(session, "Chloe")
    return {
        "session": session,
        "amira": amira,
        "ben": ben,
        "chloe": chloe,
        "amira_cookie": device_cookie(participant_make(amira)),
        "ben_cookie": device_cookie(participant_make(ben)),
        "chloe_cookie": device_cookie(participant_make(chloe)),
        "fran_cookie": device_cookie(user=session.facilitator),
    }


def first_chart(person):
    return person.charts.order_by("position").first()


async def test_two_participants_see_each_others_notes_arrive(room):
    amira, welcome = await open_board(room["session"].pk, room["amira_cookie"])
    assert welcome["you"]["name"] == "Amira"
    assert {p["first_name"] for p in welcome["snapshot"]["focus_people"]} == {
        "Amira",
        "Ben",
        "Chloe",
    }
    ben, _ = await open_board(room["session"].pk, room["ben_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    await amira.send_json_to(
        {"type": "add_note", "op_id": "a-1", "chart_id": chart.pk, "text": "Swimming"}
    )
    ack = await next_of_type(amira, "ack")
    assert ack["op_id"] == "a-1"
    seen_by_ben = await next_of_type(ben, "event")
    assert seen_by_ben["event"]["kind"] == "note_added"
    assert seen_by_ben["event"]["note"]["text"] == "Swimming"
    assert seen_by_ben["event"]["note"]["author_name"] == "Amira"
    assert seen_by_ben["event"]["seq"] == ack["seq"]
    await amira.disconnect()
    await ben.disconnect()


async def next_two(socket) -> list[dict]:
    """The next two messages that are not "who is here" updates."""
    answers = []
    while len(answers) < 2:
        message = await socket.receive_json_from(timeout=3)
        if message["type"] != "presence":
            answers.append(message)
    return answers


async def test_the_writer_hears_saved_before_it_sees_its_own_change(room):
    # Its screen offers "Undo" from the ack; the change's own event must not overtake it.
    amira, _ = await open_board(room["session"].pk, room["amira_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    await amira.send_json_to(
        {"type": "add_note", "op_id": "a-1", "chart_id": chart.pk, "text": "Swimming"}
    )
    ack, event = await next_two(amira)
    assert (ack["type"], event["type"]) == ("ack", "event")
    await amira.send_json_to({"type": "remove_note", "op_id": "a-2", "note_id": ack["note_id"]})
    ack, event = await next_two(amira)
    assert (ack["type"], event["type"], event["event"]["kind"]) == ("ack", "event", "note_removed")
    await amira.disconnect()


async def test_a_reconnecting_screen_gets_exactly_the_changes_it_missed(room):
    ben, welcome = await open_board(room["session"].pk, room["ben_cookie"])
    last_seen = welcome["seq"]
    await ben.disconnect()
    amira, _ = await open_board(room["session"].pk, room["amira_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    for n in range(3):
        await amira.send_json_to(
            {"type": "add_note", "op_id": f"m-{n}", "chart_id": chart.pk, "text": f"Missed {n}"}
        )
        await next_of_type(amira, "ack")
    ben, welcome = await open_board(room["session"].pk, room["ben_cookie"], last_seq=last_seen)
    assert "snapshot" not in welcome
    assert [e["note"]["text"] for e in welcome["events"]] == ["Missed 0", "Missed 1", "Missed 2"]
    assert welcome["seq"] == welcome["events"][-1]["seq"]
    await amira.disconnect()
    await ben.disconnect()


async def test_a_retried_operation_makes_one_note(room):
    amira, _ = await open_board(room["session"].pk, room["amira_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    message = {"type": "add_note", "op_id": "retry-me", "chart_id": chart.pk, "text": "Only once"}
    await amira.send_json_to(message)
    first = await next_of_type(amira, "ack")
    await amira.disconnect()
    amira, _ = await open_board(room["session"].pk, room["amira_cookie"], last_seq=first["seq"])
    await amira.send_json_to(message)
    second = await next_of_type(amira, "ack")
    assert second["duplicate"] is True
    assert second["note_id"] == first["note_id"]
    assert await sync_to_async(Note.objects.filter(text="Only once").count)() == 1
    await amira.disconnect()


async def test_a_private_persons_notes_never_reach_another_table(room):
    ben_person = room["ben"]
    await sync_to_async(focus_person_make_private)(ben_person)
    chloe, welcome = await open_board(room["session"].pk, room["chloe_cookie"])
    assert "Ben" not in {p["first_name"] for p in welcome["snapshot"]["focus_people"]}
    fran, _ = await open_board(room["session"].pk, room["fran_cookie"])
    ben, _ = await open_board(room["session"].pk, room["ben_cookie"])
    chart = await sync_to_async(first_chart)(ben_person)
    await ben.send_json_to(
        {"type": "add_note", "op_id": "b-1", "chart_id": chart.pk, "text": "My money worries"}
    )
    await next_of_type(ben, "ack")
    seen_by_fran = await next_of_type(fran, "event")
    assert seen_by_fran["event"]["note"]["text"] == "My money worries"
    # Chloe's screen must get nothing about it, now or on reconnect.
    while not await chloe.receive_nothing(timeout=0.5):
        message = await chloe.receive_json_from()
        assert message["type"] == "presence", message
        assert "Ben" not in str(message)
    await chloe.disconnect()
    chloe, welcome = await open_board(room["session"].pk, room["chloe_cookie"], last_seq=0)
    assert "My money worries" not in str(welcome)
    for socket in (chloe, fran, ben):
        await socket.disconnect()


async def test_a_participant_cannot_write_on_another_persons_chart(room):
    ben, _ = await open_board(room["session"].pk, room["ben_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    await ben.send_json_to(
        {"type": "add_note", "op_id": "x-1", "chart_id": chart.pk, "text": "Sneaky"}
    )
    error = await next_of_type(ben, "error")
    assert (error["code"], error["op_id"]) == ("not_your_chart", "x-1")
    assert not await sync_to_async(Note.objects.filter(text="Sneaky").exists)()
    await ben.disconnect()


@pytest.mark.parametrize("who", ["nobody", "other_session_participant", "other_facilitator"])
async def test_screens_with_no_place_in_the_session_are_refused(room, who):
    other_facilitator = await sync_to_async(facilitator_make)("olu")
    other = await sync_to_async(session_make)(facilitator=other_facilitator, title="Another group")
    if who == "nobody":
        cookie = None
    elif who == "other_session_participant":
        stranger = await sync_to_async(focus_person_make)(other, "Zed")
        cookie = await sync_to_async(device_cookie)(await sync_to_async(participant_make)(stranger))
    else:
        cookie = await sync_to_async(device_cookie)(user=other.facilitator)
    socket, _ = await open_board(room["session"].pk, cookie, hello=False)
    error = await socket.receive_json_from()
    assert error["code"] == "not_allowed"
    assert (await socket.receive_output())["code"] == 4403


async def test_bad_frames_get_errors_and_leave_the_board_unchanged(room):
    amira, _welcome = await open_board(room["session"].pk, room["amira_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    add = {"type": "add_note", "op_id": "1", "chart_id": chart.pk, "text": "x"}
    bad = [
        ("{nope", "bad_json"),
        (json.dumps({"type": "drop_table"}), "unknown_type"),
        (json.dumps({k: v for k, v in add.items() if k != "text"}), "missing_field"),
        (json.dumps({**add, "author": "Fran"}), "unexpected_field"),
        (json.dumps({**add, "chart_id": str(chart.pk)}), "bad_field"),
        (json.dumps({**add, "chart_id": -1}), "bad_field"),
        (json.dumps({**add, "chart_id": 10**30}), "bad_field"),
        (json.dumps({**add, "text": "y" * 1001}), "text_too_long"),
        # Longer than the decoder's old 20,000 limit, still under the frame cap.
        (json.dumps({**add, "text": "y" * 60_000}), "text_too_long"),
        (json.dumps({**add, "text": 5}), "bad_text"),
        (json.dumps({**add, "text": "a\u0000b"}), "control_characters"),
        # A lone surrogate can be written in JSON but not stored or sent as UTF-8.
        (json.dumps({**add, "text": "a\ud800b"}), "control_characters"),
        (json.dumps({**add, "op_id": "a\ud800b"}), "bad_field"),
        # PostgreSQL refuses NUL in text columns; the op id is refused first.
        (json.dumps({**add, "op_id": "a\u0000b"}), "bad_field"),
        (json.dumps({**add, "op_id": "has space"}), "bad_field"),
        (json.dumps({"type": "ping", "id": "\ud800"}), "bad_field"),
        (json.dumps({"type": "lock_board", "op_id": "2", "locked": True}), "facilitator_only"),
    ]
    for frame, code in bad:
        await amira.send_to(text_data=frame)
        error = await next_of_type(amira, "error")
        assert error["code"] == code, frame[:120]
        # Plain words about what did not happen, never a protocol field's name.
        assert not any(name in error["message"] for name in ("chart_id", "op_id", "'text'"))
        error["message"].encode()  # always sendable as UTF-8
    await amira.send_to(bytes_data=b"\x00\x01")
    assert (await next_of_type(amira, "error"))["code"] == "binary_frame"
    assert await sync_to_async(Note.objects.count)() == 0
    await amira.send_json_to({"type": "ping", "id": "still-open"})
    assert (await next_of_type(amira, "pong"))["id"] == "still-open"
    await amira.disconnect()


async def test_a_refused_op_id_is_not_echoed_but_a_readable_one_is(room):
    amira, _ = await open_board(room["session"].pk, room["amira_cookie"])
    chart = await sync_to_async(first_chart)(room["amira"])
    await amira.send_to(
        text_data=json.dumps({"type": "add_note", "op_id": "a\ud800", "chart_id": 1, "text": 1})
    )
    assert "op_id" not in await next_of_type(amira, "error")
    await amira.send_json_to({"type": "add_note", "op_id": "ok-1", "chart_id": chart.pk, "text": 1})
    assert (await next_of_type(amira, "error"))["op_id"] == "ok-1"
    await amira.disconnect()


async def test_a_flood_is_refused_with_a_clear_message_and_the_socket_survives(room):
    amira, _ = await open_board(room["session"].pk, room["amira_cookie"])
    for n in range(60):
        await amira.send_json_to({"type": "ping", "id": str(n)})
    replies = []
    for _ in range(60):
        replies.append(await amira.receive_json_from(timeout=3))
    limited = [r for r in replies if r["type"] == "error"]
    assert limited
    assert {r["code"] for r in limited} == {"rate_limited"}
    await amira.disconnect()


async def test_a_removed_participant_who_comes_back_is_told_they_were_removed(room):
    from sessions_live.models import Participant

    participant = await sync_to_async(Participant.objects.get)(display_name="Amira")
    await sync_to_async(services.participant_remove)(participant=participant)
    amira, _ = await open_board(room["session"].pk, room["amira_cookie"], hello=False)
    error = await amira.receive_json_from()
    assert error["code"] == "removed"
    assert (await amira.receive_output())["code"] == 4403


async def test_a_screen_resuming_after_someone_was_made_private_gets_a_fresh_board(room):
    chart = await sync_to_async(first_chart)(room["ben"])
    ben, _ = await open_board(room["session"].pk, room["ben_cookie"])
    await ben.send_json_to(
        {"type": "add_note", "op_id": "b-1", "chart_id": chart.pk, "text": "My money worries"}
    )
    await next_of_type(ben, "ack")
    chloe, welcome = await open_board(room["session"].pk, room["chloe_cookie"])
    assert "My money worries" in str(welcome)
    await chloe.disconnect()  # away while Ben is made private
    ben_person = room["ben"]
    await sync_to_async(focus_person_make_private)(ben_person)
    chloe, welcome = await open_board(
        room["session"].pk, room["chloe_cookie"], last_seq=welcome["seq"]
    )
    # A replay cannot take Ben's charts off Chloe's screen; a fresh board does.
    assert "events" not in welcome
    assert "Ben" not in {p["first_name"] for p in welcome["snapshot"]["focus_people"]}
    assert "My money worries" not in str(welcome)
    for socket in (ben, chloe):
        await socket.disconnect()


async def test_removing_a_participant_closes_their_screen(room):
    from sessions_live.models import Participant

    amira, _ = await open_board(room["session"].pk, room["amira_cookie"])
    participant = await sync_to_async(Participant.objects.get)(display_name="Amira")
    await sync_to_async(services.participant_remove)(participant=participant)
    error = await next_of_type(amira, "error")
    assert error["code"] == "removed"
    assert (await amira.receive_output())["type"] == "websocket.close"


@pytest.mark.parametrize("origin", [None, b"http://evil.example", b"null"])
async def test_a_cross_site_page_cannot_open_a_board_even_with_the_cookie(room, origin):
    headers = [(b"cookie", room["amira_cookie"].encode())]
    if origin is not None:
        headers.append((b"origin", origin))
    socket = WebsocketCommunicator(application, f"/ws/live/{room['session'].pk}/", headers=headers)
    connected, _ = await socket.connect()
    assert not connected
    await socket.disconnect()


def test_deliveries_go_to_the_servers_send_from_under_the_session_wrapper():
    from channels.sessions import InstanceSessionWrapper

    from sessions_live.consumers import socket_send_of

    async def server_send(message: dict) -> None:
        return None

    wrapper = InstanceSessionWrapper({"type": "websocket", "cookies": {}}, server_send)
    assert socket_send_of(wrapper.send) is server_send
    assert socket_send_of(server_send) is server_send


async def test_sending_to_a_screen_that_has_just_gone_is_not_an_error():
    # daphne raises Disconnected when a send races the client's close; uvicorn
    # raises an OSError. Either way the screen has gone and disconnect() follows.
    from autobahn.exception import Disconnected

    from sessions_live.consumers import BoardConsumer

    async def closing(message: dict) -> None:
        raise Disconnected("Attempt to send on a closed protocol")

    async def gone(message: dict) -> None:
        raise ConnectionResetError

    consumer = BoardConsumer()
    consumer.session_id = 1
    for send in (closing, gone):
        consumer.base_send = consumer.socket_send = send
        await consumer.send_event({"type": "pong", "id": "1"})
        await consumer.send_frames(['{"type":"event"}', '{"type":"more"}'])
