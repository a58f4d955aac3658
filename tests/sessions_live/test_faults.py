"""Faults, on real server processes: crashes, dropped sockets, Redis outages, races.

Each test drives screens with the client written from the protocol document
(``live_client.py``) and ends with the same two checks: every change the
screens asked for is stored exactly once, and every screen shows exactly what
a fresh snapshot for its viewer holds. They run on both setups: SQLite with
the in-process channel layer, and PostgreSQL with Redis (the Redis outage
test only there).
"""

import asyncio
import json
import os
import signal
import socket
import subprocess
import time
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from sessions_live import selectors
from sessions_live.models import BoardEvent, Note
from tests.servers import ServerProcess, database_env, free_port
from tests.sessions_live.factories import (
    device_cookie,
    facilitator_actor,
    focus_person_make,
    focus_person_make_private,
    participant_actor,
    participant_make,
    session_make,
)
from tests.sessions_live.live_client import LiveClient, snapshot_view

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.channel_layer]


@pytest.fixture(autouse=True)
async def close_worker_thread_connections():
    """Close the database connection ``sync_to_async`` opened in its worker thread.

    The thread outlives the test, and a later test without the database that
    uses the same thread would otherwise find a live connection there.
    """
    yield
    await sync_to_async(connections.close_all)()


@pytest.fixture
def room():
    """A committed session: Amira and Ben, each with a device, and Fran facilitating."""
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    amira_device, ben_device = participant_make(amira), participant_make(ben)
    return {
        "session_id": session.pk,
        "charts": {
            "amira": amira.charts.order_by("position").first().pk,
            "ben": ben.charts.order_by("position").first().pk,
        },
        "cookies": {
            "amira": device_cookie(amira_device),
            "ben": device_cookie(ben_device),
            "fran": device_cookie(user=session.facilitator),
        },
        "actors": {
            "amira": participant_actor(participant=amira_device),
            "ben": participant_actor(participant=ben_device),
            "fran": facilitator_actor(user=session.facilitator),
        },
    }


def server_env(**extra) -> dict[str, str]:
    """Point a server at the test database (and, in the scale-out pass, Redis)."""
    return {**database_env(), "CHANNELS_PREFIX": f"faults-{uuid.uuid4().hex[:8]}", **extra}


def screen(room, who: str, server: ServerProcess) -> LiveClient:
    return LiveClient(
        base_url=server.url, session_id=room["session_id"], cookie=room["cookies"][who]
    )


async def assert_every_screen_matches_a_fresh_snapshot(room, screens: dict[str, LiveClient]):
    for who, client in screens.items():
        await client.sync()
        fresh = await sync_to_async(selectors.board_snapshot)(
            session_id=room["session_id"], actor=room["actors"][who]
        )
        assert client.model.view() == snapshot_view(fresh), f"{who}'s screen differs"


async def assert_stored_exactly_once(texts: list[str]):
    counts = await sync_to_async(lambda: {t: Note.objects.filter(text=t).count() for t in texts})()
    assert counts == dict.fromkeys(texts, 1)


async def test_a_server_killed_mid_burst_loses_nothing_and_doubles_nothing(room, tmp_path):
    server = ServerProcess(env_overrides=server_env(), log_path=tmp_path / "server.log").start()
    screens = {who: screen(room, who, server) for who in ("amira", "ben", "fran")}
    try:
        for client in screens.values():
            await client.connect()
        texts = []
        for n in range(25):
            for who in ("amira", "ben"):
                text = f"{who} burst {n}"
                texts.append(text)
                await screens[who].command(type="add_note", chart_id=room["charts"][who], text=text)
        # Kill the server while the burst is being written: some commands are
        # acknowledged, some stored but not yet acknowledged, some never read.
        for _ in range(100):
            if len(screens["amira"].acks) >= 5:
                break
            await asyncio.sleep(0.02)
        server.kill()
        assert screens["amira"].unanswered or screens["ben"].unanswered, "killed too late"
        acked_before = {op for client in screens.values() for op in client.acks}
        server.start()
        for client in screens.values():
            await client.reconnect()
        await assert_every_screen_matches_a_fresh_snapshot(room, screens)
        for client in screens.values():
            assert (client.unanswered, client.errors) == ({}, {})
        await assert_stored_exactly_once(texts)
        stored_ops = await sync_to_async(
            lambda: list(BoardEvent.objects.exclude(op_id="").values_list("op_id", flat=True))
        )()
        assert acked_before <= set(stored_ops)
        assert len(stored_ops) == len(set(stored_ops)) == len(texts)
    finally:
        for client in screens.values():
            await client.close()
        server.close()


async def test_commands_lost_with_a_dropped_socket_are_sent_again_and_stored_once(room, tmp_path):
    server = ServerProcess(env_overrides=server_env(), log_path=tmp_path / "server.log").start()
    amira, ben = screen(room, "amira", server), screen(room, "ben", server)
    try:
        await amira.connect()
        await ben.connect()
        texts = [f"written as the Wi-Fi dropped {n}" for n in range(10)]
        for text in texts:
            await amira.command(type="add_note", chart_id=room["charts"]["amira"], text=text)
        await amira.drop()  # before reading a single reply
        assert len(amira.unanswered) == len(texts)
        await amira.reconnect()
        await assert_every_screen_matches_a_fresh_snapshot(room, {"amira": amira, "ben": ben})
        await assert_stored_exactly_once(texts)
        assert len(amira.acks) == len(texts)
    finally:
        await amira.close()
        await ben.close()
        server.close()


async def test_the_same_operation_on_two_server_processes_at_once_is_stored_once(room, tmp_path):
    env = server_env()
    first = ServerProcess(env_overrides=env, log_path=tmp_path / "first.log").start()
    second = ServerProcess(env_overrides=env, log_path=tmp_path / "second.log").start()
    on_first, on_second = screen(room, "amira", first), screen(room, "amira", second)
    try:
        await on_first.connect()
        await on_second.connect()
        commands = [
            {
                "type": "add_note",
                "op_id": f"race-{n}",
                "chart_id": room["charts"]["amira"],
                "text": f"Sent twice {n}",
            }
            for n in range(15)
        ]
        for command in commands:
            for client in (on_first, on_second):
                client.unanswered[command["op_id"]] = command
            await asyncio.gather(*(c.socket.send(_json(command)) for c in (on_first, on_second)))
        for client in (on_first, on_second):
            await client.sync()
        assert on_first.closed_codes == on_second.closed_codes == []
        for command in commands:
            pair = [on_first.acks[command["op_id"]], on_second.acks[command["op_id"]]]
            assert sorted(ack["duplicate"] for ack in pair) == [False, True], pair
            assert pair[0]["seq"] == pair[1]["seq"]
            assert pair[0]["note_id"] == pair[1]["note_id"]
        await assert_stored_exactly_once([command["text"] for command in commands])
        assert "Traceback" not in first.log() + second.log()
    finally:
        await on_first.close()
        await on_second.close()
        first.close()
        second.close()


def _json(value) -> str:
    return json.dumps(value)


async def seen_live(client: LiveClient, text: str, *, within: float) -> bool:
    """Did ``client`` receive a note with ``text`` as a live event (not a repair)?"""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for frame in client.frames:
            note = frame.get("event", {}).get("note") if frame["type"] == "event" else None
            if note and note["text"] == text:
                return True
        await asyncio.sleep(0.05)
    return False


class RedisProcess:
    """A Redis of the test's own, on its own port, so the test can stop and restart it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "RedisProcess":
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.mark.scaleout
async def test_changes_made_while_redis_is_down_reach_every_screen_once_it_is_back(room, tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.fail("This scale-out test needs REDIS_URL (scripts/test.sh --scale-out sets it).")
    redis = RedisProcess().start()
    env = server_env(REDIS_URL=redis.url)
    first = ServerProcess(env_overrides=env, log_path=tmp_path / "first.log").start()
    second = ServerProcess(env_overrides=env, log_path=tmp_path / "second.log").start()
    amira = screen(room, "amira", first)
    screens = {
        "amira": amira,
        "ben": screen(room, "ben", second),
        "fran": screen(room, "fran", second),
    }
    try:
        for client in screens.values():
            await client.connect()
        await amira.command(type="add_note", chart_id=room["charts"]["amira"], text="Before")
        await assert_every_screen_matches_a_fresh_snapshot(room, screens)

        redis.kill()
        during = [f"While Redis was down {n}" for n in range(5)]
        for text in during:
            await amira.command(type="add_note", chart_id=room["charts"]["amira"], text=text)
        for _ in range(50):  # stored and acknowledged, though no screen hears of them
            if not amira.unanswered:
                break
            await asyncio.sleep(0.1)
        assert not amira.unanswered
        await asyncio.sleep(3)
        redis.start()

        # Live delivery comes back, and the next change shows the others the gap.
        for attempt in range(20):
            text = f"After Redis came back {attempt}"
            await amira.command(type="add_note", chart_id=room["charts"]["amira"], text=text)
            if await seen_live(screens["ben"], text, within=1.0):
                break
        else:
            raise AssertionError("live delivery never came back after Redis restarted")
        assert screens["ben"].model.gaps_found > 0
        await assert_every_screen_matches_a_fresh_snapshot(room, screens)
        await assert_stored_exactly_once(during)
    finally:
        for client in screens.values():
            await client.close()
        first.close()
        second.close()
        if redis.process.poll() is None:
            redis.kill()


async def test_a_screen_away_while_someone_was_made_private_stops_showing_them(room, tmp_path):
    server = ServerProcess(env_overrides=server_env(), log_path=tmp_path / "server.log").start()
    ben = screen(room, "ben", server)
    try:
        await ben.connect()
        amira_notes = [f"Amira's words {n}" for n in range(3)]
        amira = screen(room, "amira", server)
        await amira.connect()
        for text in amira_notes:
            await amira.command(type="add_note", chart_id=room["charts"]["amira"], text=text)
        await amira.sync()
        await ben.sync()
        assert {n["text"] for n in ben.model.view()["notes"].values()} >= set(amira_notes)
        await ben.drop()

        from sessions_live.models import FocusPerson

        def make_amira_private():
            person = FocusPerson.objects.get(first_name="Amira", session_id=room["session_id"])
            focus_person_make_private(person)

        await sync_to_async(make_amira_private)()
        await ben.reconnect()
        shown = ben.model.view()
        assert not {n["text"] for n in shown["notes"].values()} & set(amira_notes)
        assert "Amira" not in {p["first_name"] for p in shown["focus_people"].values()}
        await assert_every_screen_matches_a_fresh_snapshot(room, {"ben": ben, "amira": amira})
        await amira.close()
    finally:
        await ben.close()
        server.close()
