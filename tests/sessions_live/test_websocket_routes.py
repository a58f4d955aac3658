"""A WebSocket address with no route is refused with 404, not a server error.

In process through the real ASGI stack (origin check included), and on both real
servers: uvicorn implements the ASGI WebSocket Denial Response extension, daphne
gets it from config.daphne_server.
"""

import asyncio
import json

import pytest
from channels.testing import WebsocketCommunicator
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from config.asgi import application
from tests.servers import database_env, running_server

# Uses the channel layer (Redis in the scale-out pass), without the database.
pytestmark = pytest.mark.channel_layer

ORIGIN = (b"origin", b"http://testserver")
UNKNOWN_PATHS = ["/ws/live/abc/", "/ws/nothing/"]
DENIAL_RESPONSE = {"websocket.http.response": {}}


def communicator_for(path: str, *, extensions: dict | None = None, origin=ORIGIN):
    communicator = WebsocketCommunicator(application, path, headers=[origin])
    if extensions is not None:
        # What a server that implements the extension puts in the scope.
        communicator.scope["extensions"] = extensions
    return communicator


# No database fixture: pytest-django would fail these tests on any query.
@pytest.mark.parametrize("path", [*UNKNOWN_PATHS, "/ws/live/1/more/", "/"])
async def test_an_unknown_address_gets_a_404_response_when_the_server_offers_one(path):
    communicator = communicator_for(path, extensions=DENIAL_RESPONSE)
    await communicator.send_input({"type": "websocket.connect"})
    start = await communicator.receive_output()
    body = await communicator.receive_output()
    assert start["type"] == "websocket.http.response.start"
    assert start["status"] == 404
    assert (b"content-type", b"text/plain; charset=utf-8") in start["headers"]
    assert body == {
        "type": "websocket.http.response.body",
        "body": b"No live board at this address.",
    }
    await communicator.wait()  # re-raises anything the application raised


@pytest.mark.parametrize("path", UNKNOWN_PATHS)
async def test_an_unknown_address_is_closed_when_the_server_offers_no_http_response(path):
    communicator = communicator_for(path)
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.wait()


async def test_the_origin_check_still_comes_before_the_fallback():
    communicator = communicator_for(
        "/ws/nothing/", extensions=DENIAL_RESPONSE, origin=(b"origin", b"http://evil.example")
    )
    connected, _ = await communicator.connect()
    assert not connected  # refused by the origin check (403), not answered with 404
    await communicator.disconnect()


@pytest.mark.parametrize("server", ["daphne", "uvicorn"])
async def test_a_real_server_answers_404_for_an_unknown_address_and_logs_no_traceback(
    django_db_setup, tmp_path, server
):
    log_path = tmp_path / "server.log"
    with running_server(env_overrides=database_env(), server=server, log_path=log_path) as url:
        socket_base = url.replace("http://", "ws://")
        for path in UNKNOWN_PATHS:
            with pytest.raises(InvalidStatus) as refused:
                async with connect(socket_base + path, origin=url):
                    pass
            assert refused.value.response.status_code == 404, path
        # A real route still opens.
        async with connect(socket_base + "/ws/connection-check/", origin=url) as socket:
            await socket.send(json.dumps({"type": "ping", "id": "still-routed"}))
            reply = json.loads(await asyncio.wait_for(socket.recv(), 5))
            assert reply == {"type": "pong", "id": "still-routed"}
    log = log_path.read_text()
    assert "Traceback" not in log, log
