"""Real server processes (daphne, and uvicorn as the faster option): the message-size
cap, live delivery, and delivery between processes via Redis."""

import asyncio
import json
import os
import uuid

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.servers import database_env, running_server


def socket_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://") + "/ws/connection-check/"


async def test_a_message_over_64_kib_closes_the_socket_but_one_under_is_answered(
    live_server_url,
):
    async with connect(socket_url(live_server_url), origin=live_server_url) as socket:
        await socket.send(json.dumps({"type": "ping", "id": "x", "pad": "y" * 60_000}))
        reply = json.loads(await asyncio.wait_for(socket.recv(), 5))
        assert reply["code"] == "unexpected_field"
    async with connect(
        socket_url(live_server_url), origin=live_server_url, max_size=None
    ) as socket:
        await socket.send("z" * (70 * 1024))
        # The server drops the connection rather than buffer an oversized message.
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(socket.recv(), 5)
    async with connect(socket_url(live_server_url), origin=live_server_url) as socket:
        await socket.send(json.dumps({"type": "ping", "id": "after"}))
        assert json.loads(await asyncio.wait_for(socket.recv(), 5)) == {
            "type": "pong",
            "id": "after",
        }


def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("This scale-out test needs REDIS_URL (scripts/test.sh --scale-out sets it).")
    return url


async def wave_between_two_servers(*, prefix_a: str, prefix_b: str) -> dict | None:
    """Start two servers, wave from a client on the first; return what the second one got."""
    common = {"REDIS_URL": redis_url()}
    with (
        running_server(env_overrides={**common, "CHANNELS_PREFIX": prefix_a}) as server_a,
        running_server(env_overrides={**common, "CHANNELS_PREFIX": prefix_b}) as server_b,
    ):
        async with (
            connect(socket_url(server_a), origin=server_a) as on_a,
            connect(socket_url(server_b), origin=server_b) as on_b,
        ):
            await on_a.send(json.dumps({"type": "wave"}))
            assert json.loads(await asyncio.wait_for(on_a.recv(), 5)) == {"type": "wave_sent"}
            try:
                return json.loads(await asyncio.wait_for(on_b.recv(), 3))
            except TimeoutError:
                return None


@pytest.mark.scaleout
async def test_two_server_processes_sharing_redis_deliver_to_each_others_clients():
    prefix = f"xproc-{uuid.uuid4().hex}"
    assert await wave_between_two_servers(prefix_a=prefix, prefix_b=prefix) == {"type": "wave"}


@pytest.mark.scaleout
async def test_servers_on_separate_redis_namespaces_do_not_reach_each_other():
    # The control for the test above: delivery really goes through the shared Redis.
    received = await wave_between_two_servers(
        prefix_a=f"xproc-{uuid.uuid4().hex}", prefix_b=f"xproc-{uuid.uuid4().hex}"
    )
    assert received is None


@pytest.fixture
def two_tables(transactional_db):
    """A session with two focus people, each with a participant device (committed)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from sessions_live import access
    from tests.sessions_live.factories import focus_person_make, participant_make, session_make

    session = session_make()
    people = [focus_person_make(session, "Amira"), focus_person_make(session, "Ben")]
    cookies = []
    for person in people:
        participant = participant_make(person)
        store = SessionStore()
        access.participant_remember(store, session_id=session.pk, participant_id=participant.pk)
        store.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={store.session_key}")
    chart_id = people[0].charts.order_by("position").first().pk
    return {"session_id": session.pk, "cookies": cookies, "chart_id": chart_id}


async def note_from_a_reaches_b(two_tables: dict, server_a: str, server_b: str) -> dict:
    """Amira (on ``server_a``) adds a note; return the event Ben (on ``server_b``) gets."""
    path = f"/ws/live/{two_tables['session_id']}/"
    async with (
        connect(
            server_a.replace("http", "ws") + path,
            origin=server_a,
            additional_headers={"Cookie": two_tables["cookies"][0]},
        ) as amira,
        connect(
            server_b.replace("http", "ws") + path,
            origin=server_b,
            additional_headers={"Cookie": two_tables["cookies"][1]},
        ) as ben,
    ):
        for socket in (amira, ben):
            await socket.send(json.dumps({"type": "hello"}))
        await amira.send(
            json.dumps(
                {
                    "type": "add_note",
                    "op_id": "cross-1",
                    "chart_id": two_tables["chart_id"],
                    "text": "Written on server A",
                }
            )
        )
        while True:
            message = json.loads(await asyncio.wait_for(ben.recv(), 10))
            if message["type"] == "event":
                return message


async def test_the_uvicorn_option_serves_the_board_live_and_caps_messages(two_tables):
    with running_server(env_overrides=database_env(), server="uvicorn") as server:
        message = await note_from_a_reaches_b(two_tables, server, server)
        assert message["event"]["note"]["text"] == "Written on server A"
        async with connect(socket_url(server), origin=server, max_size=None) as socket:
            await socket.send("z" * (70 * 1024))
            with pytest.raises(ConnectionClosed):
                await asyncio.wait_for(socket.recv(), 5)


@pytest.mark.scaleout
@pytest.mark.parametrize(("first", "second"), [("daphne", "daphne"), ("daphne", "uvicorn")])
async def test_a_note_added_on_one_server_process_appears_on_a_screen_on_another(
    two_tables, first, second
):
    env = {
        "REDIS_URL": redis_url(),
        "CHANNELS_PREFIX": f"xproc-{uuid.uuid4().hex}",
        **database_env(),
    }
    with (
        running_server(env_overrides=env, server=first) as server_a,
        running_server(env_overrides=env, server=second) as server_b,
    ):
        message = await note_from_a_reaches_b(two_tables, server_a, server_b)
    assert message["event"]["note"]["text"] == "Written on server A"
    assert message["event"]["note"]["author_name"] == "Amira"
