"""Reconnect storm: every screen drops at once and comes back within a few seconds.

Venue Wi-Fi fails for a whole room at once, and a region's server restarts
with every room connected. This connects ``--sockets`` screens (rooms of
``--participants``), keeps everyone writing notes, then drops every socket
within one second and brings each back at a random moment in the next
``--window`` seconds. Each screen behaves as the real client does: it keeps
the notes it wrote while offline and sends them again (same op ids) when it
is back, and it says ``hello`` with the last change number it saw.

Reported: how long until every screen was back and caught up (its
``welcome`` arrived, with the changes it missed), the spread of reconnect
times, server CPU and memory; and checked against the database at the end:
every note written exists exactly once, and every screen shows exactly the
notes the database holds.

    python -m bench.storm                          # 1,000 sockets, embedded, daphne
    python -m bench.storm --sockets 100 --window 2 # a small one
    python -m bench.storm --server uvicorn --mode scale-out
"""

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from bench.loadgen import Participant, percentile, pin_to_core
from bench.run import (
    BASE_DIR,
    board_participants,
    board_server,
    cpu_seconds,
    raise_open_file_limit,
    rss_kb,
)


class Screen:
    """One simulated screen: its view of the board and its unacknowledged notes."""

    def __init__(self, who: Participant) -> None:
        self.who = who
        self.notes: set[int] = set()
        self.last_seq: int | None = None
        self.pending: dict[str, dict] = {}
        self.written = 0
        self.socket = None
        self.online = False
        self.reader: asyncio.Task | None = None
        self.errors: list[str] = []
        self.snapshots = 0

    async def join(self, handshakes: asyncio.Semaphore) -> float:
        """Connect, say hello, apply the welcome, send what is pending; return when."""
        headers = {"Cookie": self.who.cookie}
        async with handshakes:
            self.socket = await connect(
                self.who.url,
                origin=self.who.origin,
                additional_headers=headers,
                max_size=None,
                compression=None,
                open_timeout=120,
                ping_interval=None,
                close_timeout=1,
            )
            await self.socket.send(json.dumps({"type": "hello", "last_seq": self.last_seq}))
            while True:
                message = json.loads(await self.socket.recv())
                if message["type"] == "welcome":
                    break
                self.apply(message)
        welcomed = time.monotonic()
        self.apply_welcome(message)
        self.online = True
        self.reader = asyncio.create_task(self.read())
        for payload in list(self.pending.values()):
            await self.send(payload)
        return welcomed

    def apply_welcome(self, message: dict) -> None:
        if "snapshot" in message:
            self.snapshots += 1
            self.notes = {n["id"] for n in message["snapshot"]["notes"] if not n["is_removed"]}
        for event in message.get("events", []):
            self.apply_event(event)
        self.last_seq = max(self.last_seq or 0, message["seq"])

    def apply_event(self, event: dict) -> None:
        note = event.get("note")
        if note is not None:
            if note["is_removed"]:
                self.notes.discard(note["id"])
            else:
                self.notes.add(note["id"])
        self.last_seq = max(self.last_seq or 0, event["seq"])

    def apply(self, message: dict) -> None:
        kind = message["type"]
        if kind == "event":
            self.apply_event(message["event"])
        elif kind == "ack":
            self.pending.pop(message["op_id"], None)
        elif kind == "error":
            self.errors.append(message["code"])

    async def read(self) -> None:
        socket = self.socket
        try:
            async for raw in socket:
                self.apply(json.loads(raw))
        except ConnectionClosed:
            pass
        finally:
            if self.socket is socket:  # not a newer connection's flag
                self.online = False

    def drop(self) -> None:
        """Cut the connection the way a Wi-Fi drop does: no closing handshake."""
        self.online = False
        if self.socket is not None:
            self.socket.transport.abort()

    async def send(self, payload: dict) -> None:
        if not self.online:
            return
        try:
            await self.socket.send(json.dumps(payload))
        except ConnectionClosed:
            self.online = False

    async def write(self, text: str) -> None:
        """Write a note: kept until acknowledged, sent now if online."""
        self.written += 1
        payload = {
            "type": "add_note",
            "op_id": f"storm-{self.who.index}-{self.written}",
            "chart_id": self.who.chart_id,
            "text": text,
        }
        self.pending[payload["op_id"]] = payload
        await self.send(payload)


async def storm(
    participants: list[Participant], *, rate: float, window: float, warm: float, after: float
) -> dict:
    """Connect, write, drop everyone, bring everyone back, write on, then settle."""
    screens = [Screen(who) for who in participants]
    handshakes = asyncio.Semaphore(100)
    await asyncio.gather(*(s.join(handshakes) for s in screens))
    writing = asyncio.Event()
    writing.set()

    async def keep_writing(screen: Screen) -> None:
        await asyncio.sleep(random.uniform(0, 1 / rate))
        while writing.is_set():
            await screen.write(f"Storm note {screen.written + 1} by {screen.who.index}")
            await asyncio.sleep(1 / rate)

    writers = [asyncio.create_task(keep_writing(s)) for s in screens]
    await asyncio.sleep(warm)

    storm_at = time.monotonic()
    back_at: list[float] = []
    reconnect_s: list[float] = []

    async def drop_and_return(screen: Screen) -> None:
        drop_in = random.uniform(0, 1.0)
        back_in = random.uniform(drop_in, window)
        await asyncio.sleep(drop_in)
        screen.drop()
        await asyncio.sleep(back_in - drop_in)
        started = time.monotonic()
        welcomed = await screen.join(handshakes)
        reconnect_s.append(welcomed - started)
        back_at.append(welcomed - storm_at)

    await asyncio.gather(*(drop_and_return(s) for s in screens))
    await asyncio.sleep(after)
    writing.clear()
    await asyncio.gather(*writers)
    deadline = time.monotonic() + 60
    while any(s.pending for s in screens) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(2)  # the last events reach every screen
    for screen in screens:
        await screen.socket.close()
    return {
        "screens": screens,
        "all_back_s": max(back_at),
        "reconnect_p50_s": statistics.median(reconnect_s),
        "reconnect_p99_s": percentile(reconnect_s, 0.99),
        "reconnect_max_s": max(reconnect_s),
        "unacknowledged": sum(len(s.pending) for s in screens),
        "errors": sorted({e for s in screens for e in s.errors}),
        # Every screen's first welcome is a fresh board; a reconnect should resume.
        "snapshots_on_return": sum(s.snapshots for s in screens) - len(screens),
    }


def database_notes(server: dict, session_ids: list[int]) -> dict:
    """The notes and op ids the database holds per session."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.setup_board", "--notes-of", ",".join(map(str, session_ids))],
        cwd=BASE_DIR,
        env=server["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def check(result: dict, truth: dict) -> dict:
    """Every note written exists once; every screen shows exactly the database's notes."""
    screens = result["screens"]
    written = sum(s.written for s in screens)
    ops = [tuple(op) for session in truth.values() for op in session["ops"]]
    stored = sum(len(session["notes"]) for session in truth.values())
    wrong_screens = 0
    for screen in screens:
        session_id = screen.who.url.rstrip("/").rsplit("/", 1)[1]
        if screen.notes != set(truth[session_id]["notes"]):
            wrong_screens += 1
    return {
        "notes_written": written,
        "notes_stored": stored,
        "duplicate_ops": len(ops) - len(set(ops)),
        "lost_notes": written - len(set(ops)),
        "screens_out_of_step": wrong_screens,
    }


def main() -> None:
    """Run one storm and print what happened."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--participants", type=int, default=20, help="screens per room")
    parser.add_argument("--rate", type=float, default=0.1, help="notes per second per screen")
    parser.add_argument("--window", type=float, default=10.0, help="seconds to come back in")
    parser.add_argument("--warm", type=float, default=5.0)
    parser.add_argument("--after", type=float, default=5.0)
    parser.add_argument("--server", default="daphne", choices=["daphne", "uvicorn"])
    parser.add_argument("--mode", default="embedded", choices=["embedded", "scale-out"])
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    pin_to_core(1)
    raise_open_file_limit()
    sessions = max(1, args.sockets // args.participants)
    with (
        tempfile.TemporaryDirectory() as workdir,
        board_server(Path(workdir), mode=args.mode, server=args.server) as server,
    ):
        participants = board_participants(server, sessions, args.participants)
        pids = [p.pid for p in server["processes"]]
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        rss_before = sum(rss_kb(pid) for pid in pids)
        started = time.monotonic()
        result = asyncio.run(
            storm(
                participants, rate=args.rate, window=args.window, warm=args.warm, after=args.after
            )
        )
        elapsed = time.monotonic() - started
        session_ids = sorted({int(p.url.rstrip("/").rsplit("/", 1)[1]) for p in participants})
        verdict = check(result, database_notes(server, session_ids))
        summary = {
            "sockets": len(participants),
            "rooms": sessions,
            "server": args.server,
            "mode": args.mode,
            "window_s": args.window,
            **{k: v for k, v in result.items() if k != "screens"},
            **verdict,
            "server_cpu_share": (sum(cpu_seconds(pid) for pid in pids) - cpu_before) / elapsed,
            "server_rss_mb": sum(rss_kb(pid) for pid in pids) / 1024,
            "server_rss_rise_mb": (sum(rss_kb(pid) for pid in pids) - rss_before) / 1024,
        }
    for key, value in summary.items():
        print(f"{key:>22}: {value:.3f}" if isinstance(value, float) else f"{key:>22}: {value}")
    if args.json_out:
        args.json_out.write_text(json.dumps(summary, indent=2))
    ok = (
        summary["lost_notes"] == 0
        and summary["duplicate_ops"] == 0
        and summary["screens_out_of_step"] == 0
        and summary["unacknowledged"] == 0
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
