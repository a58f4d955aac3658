"""The connection-check socket, through the real ASGI stack (origin check included)."""

import json

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

# Uses the channel layer (Redis in the scale-out pass), without the database.
pytestmark = pytest.mark.channel_layer

ORIGIN = (b"origin", b"http://testserver")
PATH = "/ws/connection-check/"


async def connect(headers=(ORIGIN,)):
    communicator = WebsocketCommunicator(application, PATH, headers=list(headers))
    connected, _ = await communicator.connect()
    return communicator, connected


async def test_ping_gets_a_pong_with_the_same_id():
    communicator, connected = await connect()
    assert connected
    await communicator.send_json_to({"type": "ping", "id": "a1"})
    assert await communicator.receive_json_from() == {"type": "pong", "id": "a1"}
    await communicator.disconnect()


async def test_a_wave_reaches_the_other_device_but_not_the_sender():
    sender, _ = await connect()
    other, _ = await connect()
    await sender.send_json_to({"type": "wave"})
    assert await other.receive_json_from(timeout=2) == {"type": "wave"}
    assert await sender.receive_json_from(timeout=2) == {"type": "wave_sent"}
    assert await sender.receive_nothing(timeout=0.2)
    await sender.disconnect()
    await other.disconnect()


@pytest.mark.parametrize(
    "headers",
    [(), ((b"origin", b"http://evil.example"),), ((b"origin", b"null"),)],
    ids=["missing-origin", "other-site", "null-origin"],
)
async def test_cross_site_connections_are_refused(headers):
    communicator, connected = await connect(headers)
    assert not connected
    await communicator.disconnect()


async def test_bad_frames_get_an_error_and_the_socket_stays_usable():
    communicator, _ = await connect()
    await communicator.send_to(text_data="{oops")
    error = await communicator.receive_json_from()
    assert error["code"] == "bad_json"
    assert "could not read" in error["message"]
    await communicator.send_to(bytes_data=b"\x00\xff")
    assert (await communicator.receive_json_from())["code"] == "binary_frame"
    await communicator.send_json_to({"type": "ping", "id": "still-here"})
    assert await communicator.receive_json_from() == {"type": "pong", "id": "still-here"}
    await communicator.disconnect()


async def test_a_flood_is_slowed_down_with_a_clear_message():
    communicator, _ = await connect()
    for index in range(30):
        await communicator.send_to(text_data=json.dumps({"type": "ping", "id": str(index)}))
    replies = [await communicator.receive_json_from() for _ in range(30)]
    limited = [reply for reply in replies if reply["type"] == "error"]
    assert limited, "30 messages at once should hit the rate limit"
    assert all(reply["code"] == "rate_limited" for reply in limited)
    assert "Too many messages" in limited[0]["message"]
    await communicator.disconnect()
