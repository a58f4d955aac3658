"""A Planning Live client written from docs/live-protocol.md alone.

It uses the standard library and the ``websockets`` package, none of the
project's code, so the fault tests check the protocol as an outside client
meets it: messages in parts (section 4), applying events in any order (3.2),
operation ids (3.3) and finding and repairing gaps (3.4).

``BoardModel`` is the pure part: frames in, a board out, and what to ask the
server for when something was missed. ``LiveClient`` drives it over a real
socket: it re-sends unanswered commands after reconnecting, pings, and
repairs gaps.
"""

import asyncio
import contextlib
import json
import math
import secrets
from dataclasses import dataclass, field

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

LISTS = ("tables", "focus_people", "charts", "notes")
NOTE_KINDS = {
    "note_added",
    "note_edited",
    "note_removed",
    "note_restored",
    "note_starred",
    "note_moved",
    "clarification_asked",
    "clarification_answered",
    "clarification_accepted",
    "wording_suggested",
    "wording_accepted",
    "wording_declined",
}


def join(first: dict, more: dict) -> None:
    """Add each list in a ``more`` frame to the end of the list at the same place (section 4)."""
    for key, value in more.items():
        if key in {"type", "part", "parts"}:
            continue
        if isinstance(value, list):
            first[key] = [*first.get(key, []), *value]
        elif isinstance(value, dict):
            inner = dict(first.get(key, {}))
            join(inner, value)
            first[key] = inner


@dataclass
class BoardModel:
    """One screen's board, kept by the rules of the protocol document."""

    things: dict[tuple, dict] = field(default_factory=dict)
    versions: dict[tuple, int] = field(default_factory=dict)
    base: int = 0  # the last snapshot's seq: everything counts as set then
    is_locked: bool = False
    last_seq: int | None = None
    heads: dict[str, int] = field(default_factory=dict)
    visibility_seq: int = 0
    gap_from: float = math.inf  # the lowest head held before an unrepaired gap
    wants_snapshot: bool = False
    pending_hellos: list = field(default_factory=list)  # last_seq of each unanswered hello
    partial: list[dict] = field(default_factory=list)
    pong: dict | None = None
    you: dict | None = None
    gaps_found: int = 0

    # --- Frames in ----------------------------------------------------------------------

    def receive(self, message: dict) -> dict | None:
        """Take one frame; return the whole message once all its parts are in."""
        if message["type"] == "more":
            first = self.partial[0]
            join(first, message)
            self.partial.append(message)
            if message["part"] == message["parts"]:
                self.partial = []
                first.pop("parts", None)
                return first
            return None
        if message.get("parts", 1) > 1:
            self.partial = [message]
            return None
        return message

    def apply(self, message: dict) -> None:
        """Apply a whole message from the server."""
        kind = message["type"]
        if kind == "welcome":
            self.you = message["you"]
            asked = self.pending_hellos.pop(0) if self.pending_hellos else None
            if "snapshot" in message:
                self.apply_snapshot(message)
            else:
                if asked is not None and asked <= self.gap_from:
                    self.gap_from = math.inf
                for event in message["events"]:
                    self.apply_event(event)
                self.last_seq = max(self.last_seq or 0, message["seq"])
                self.visibility_seq = message["visibility_seq"]
                # Rule 2: a head above ours means we missed changes before our last_seq.
                for stream, head in message["heads"].items():
                    if head > self.heads.get(stream, 0):
                        self.note_gap(stream)
                        self.heads[stream] = head
        elif kind == "snapshot":
            self.apply_snapshot(message)
        elif kind == "event":
            self.apply_event(message["event"])
        elif kind == "pong":
            self.pong = message

    def apply_snapshot(self, message: dict) -> None:
        snapshot = message["snapshot"]
        self.things = {}
        for name in LISTS:
            for item in snapshot[name]:
                self.things[(name, item["id"])] = item
        self.versions = {}
        self.base = snapshot["seq"]
        self.is_locked = snapshot["is_locked"]
        self.last_seq = message.get("seq", snapshot["seq"])
        self.heads = dict(message["heads"])
        self.visibility_seq = message["visibility_seq"]
        self.gap_from = math.inf
        self.wants_snapshot = False

    def newer(self, key: tuple, seq: int, floor: int = 0) -> bool:
        """Rule 3.2: change a thing only with an event newer than what set it."""
        held = max(self.versions.get(key, self.base), floor)
        if seq <= held:
            return False
        self.versions[key] = seq
        return True

    def apply_event(self, event: dict) -> None:
        stream, seq = event["stream"], event["seq"]
        held = self.heads.get(stream, 0)
        if event["prev"] > held:  # rule 1
            self.note_gap(stream)
        kind = event["kind"]
        if kind in NOTE_KINDS:
            note = event["note"]
            current = self.things.get(("notes", note["id"]))
            floor = current["updated_seq"] if current else 0
            if self.newer(("notes", note["id"]), seq, floor):
                self.things[("notes", note["id"])] = note
        elif kind == "note_erased":
            # Erased for good: gone, and older news of it must not bring it back.
            current = self.things.get(("notes", event["note_id"]))
            floor = current["updated_seq"] if current else 0
            if self.newer(("notes", event["note_id"]), seq, floor):
                self.things.pop(("notes", event["note_id"]), None)
        elif kind == "chart_locked":
            if self.newer(("charts", event["chart"]["id"]), seq):
                self.things[("charts", event["chart"]["id"])] = event["chart"]
        elif kind == "board_locked":
            if self.newer(("board",), seq):
                self.is_locked = event["is_locked"]
        elif kind in {"focus_person_added", "focus_person_updated"}:
            person = event["focus_person"]
            if self.newer(("focus_people", person["id"]), seq):
                self.things[("focus_people", person["id"])] = person
            for chart in event.get("charts", []):
                if self.newer(("charts", chart["id"]), seq):
                    self.things[("charts", chart["id"])] = chart
            for note in event.get("notes", []):  # a plan brought from an earlier board
                current = self.things.get(("notes", note["id"]))
                floor = current["updated_seq"] if current else 0
                if self.newer(("notes", note["id"]), seq, floor):
                    self.things[("notes", note["id"])] = note
        elif kind == "plan_moved":
            for chart_id in event["chart_ids"]:
                self.newer(("charts", chart_id), seq)  # older news of it must not bring it back
                self.things.pop(("charts", chart_id), None)
        elif kind == "table_saved" and self.newer(("tables", event["table"]["id"]), seq):
            self.things[("tables", event["table"]["id"])] = event["table"]
        self.heads[stream] = max(held, seq)
        self.last_seq = max(self.last_seq or 0, seq)

    def note_gap(self, stream: str) -> None:
        self.gap_from = min(self.gap_from, self.heads.get(stream, 0))
        self.gaps_found += 1

    def check_pong(self) -> None:
        """Rule 3: a pong's heads, some time after it came, against ours."""
        pong, self.pong = self.pong, None
        if pong is None:
            return
        for stream, head in pong["heads"].items():
            if head > self.heads.get(stream, 0):
                self.note_gap(stream)
        if pong["visibility_seq"] > self.visibility_seq:
            self.wants_snapshot = True

    # --- What to ask for ------------------------------------------------------------------

    def resume_from(self) -> int | None:
        """``last_seq`` for the next ``hello``: null for a fresh board."""
        if self.wants_snapshot or self.last_seq is None:
            return None
        return int(min(self.gap_from, self.last_seq))

    @property
    def needs_repair(self) -> bool:
        return self.wants_snapshot or self.gap_from != math.inf

    # --- The board it shows -----------------------------------------------------------------

    def mine(self, note: dict) -> bool:
        """A removed note this screen still shows: its writer's or the facilitator's."""
        you = self.you or {}
        return you.get("role") == "facilitator" or note["author_key"] == you.get("key")

    def view(self) -> dict:
        """What the screen shows: things whose parents it holds, and removed notes only
        for their writer and the facilitator (who may undo or erase them)."""
        people = {i: p for (kind, i), p in self.things.items() if kind == "focus_people"}
        charts = {
            i: c
            for (kind, i), c in self.things.items()
            if kind == "charts" and c["focus_person_id"] in people
        }
        notes = {
            i: n
            for (kind, i), n in self.things.items()
            if kind == "notes" and n["chart_id"] in charts and (not n["is_removed"] or self.mine(n))
        }
        tables = {i: t for (kind, i), t in self.things.items() if kind == "tables"}
        return {
            "is_locked": self.is_locked,
            "tables": tables,
            "focus_people": people,
            "charts": charts,
            "notes": notes,
        }


def snapshot_view(snapshot: dict) -> dict:
    """A server snapshot in the shape of ``BoardModel.view``."""
    return {
        "is_locked": snapshot["is_locked"],
        **{name: {item["id"]: item for item in snapshot[name]} for name in LISTS},
    }


class LiveClient:
    """A screen on a real server: connects, writes, survives drops, repairs gaps."""

    def __init__(self, *, base_url: str, session_id: int, cookie: str, grace: float = 0.5):
        self.base_url = base_url
        self.url = base_url.replace("http", "ws", 1) + f"/ws/live/{session_id}/"
        self.cookie = cookie
        self.grace = grace
        self.model = BoardModel()
        self.socket = None
        self.reader = None
        self.unanswered: dict[str, dict] = {}  # op_id -> command, until its ack or error
        self.acks: dict[str, dict] = {}
        self.errors: dict[str, dict] = {}
        self.frames: list[dict] = []  # every frame received, for the tests to inspect
        self.welcomed = asyncio.Event()
        self.ponged = asyncio.Event()
        self.closed_codes: list[int] = []
        self.retries: set[asyncio.Task] = set()
        self.failure: Exception | None = None

    async def connect(self) -> None:
        """Open the socket, say hello from where the board left off, re-send what is unanswered."""
        self.welcomed.clear()
        self.socket = await connect(
            self.url,
            origin=self.base_url,
            additional_headers={"Cookie": self.cookie},
            max_size=None,
        )
        self.reader = asyncio.create_task(self.read(self.socket))
        await self.hello(self.model.resume_from())
        await asyncio.wait_for(self.welcomed.wait(), 30)
        for command in list(self.unanswered.values()):
            await self.socket.send(json.dumps(command))

    async def hello(self, last_seq: int | None) -> None:
        self.model.pending_hellos.append(last_seq)
        await self.socket.send(json.dumps({"type": "hello", "last_seq": last_seq}))

    async def read(self, socket) -> None:
        try:
            async for text in socket:
                frame = json.loads(text)
                self.frames.append(frame)
                message = self.model.receive(frame)
                if message is None:
                    continue
                self.model.apply(message)
                kind = message["type"]
                if kind == "welcome":
                    self.welcomed.set()
                elif kind == "ack":
                    self.acks[message["op_id"]] = message
                    self.unanswered.pop(message["op_id"], None)
                elif kind == "error" and message.get("op_id") in self.unanswered:
                    if message["code"] == "rate_limited":
                        self.retries.add(
                            asyncio.create_task(self.send_again_later(message["op_id"]))
                        )
                    else:
                        self.errors[message["op_id"]] = message
                        self.unanswered.pop(message["op_id"], None)
                elif kind == "pong":
                    self.ponged.set()
        except ConnectionClosed as closed:
            if closed.rcvd is not None:
                self.closed_codes.append(closed.rcvd.code)
        except Exception as error:
            # A client bug must fail the test, not leave it waiting for ever.
            self.failure = error
            raise

    async def command(self, **fields) -> str:
        """Send a command with a fresh op id (kept until answered); return the op id."""
        op_id = secrets.token_hex(16)
        command = {**fields, "op_id": op_id}
        self.unanswered[op_id] = command
        with contextlib.suppress(ConnectionClosed):  # if closed, re-sent on reconnect
            await self.socket.send(json.dumps(command))
        return op_id

    async def send_again_later(self, op_id: str) -> None:
        """After ``rate_limited``: wait, then re-send with the same op id (checklist 7)."""
        await asyncio.sleep(1.0)
        command = self.unanswered.get(op_id)
        if command is not None:
            with contextlib.suppress(ConnectionClosed):
                await self.socket.send(json.dumps(command))

    async def drop(self) -> None:
        """Lose the connection without a goodbye, as venue Wi-Fi does."""
        self.socket.transport.abort()
        await asyncio.gather(self.reader, return_exceptions=True)

    async def reconnect(self, *, attempts: int = 100) -> None:
        """Connect again (the server may still be starting)."""
        for _ in range(attempts):
            try:
                await self.connect()
                return
            except (OSError, TimeoutError, ConnectionClosed):
                await asyncio.sleep(0.2)
        raise AssertionError(f"could not reconnect to {self.url}")

    async def sync(self, *, rounds: int = 10) -> None:
        """Ping, wait the grace period, and repair any gap, until nothing is missing.

        Also waits for every command to be answered.
        """
        for _ in range(rounds * 30):
            if not self.unanswered:
                break
            await asyncio.sleep(0.1)
        for _ in range(rounds):
            if self.failure is not None:
                raise AssertionError("the client failed reading a message") from self.failure
            await self.ping()
            await asyncio.sleep(self.grace)
            self.model.check_pong()
            if not self.model.needs_repair:
                return
            self.welcomed.clear()
            await self.hello(self.model.resume_from())
            await asyncio.wait_for(self.welcomed.wait(), 30)
        raise AssertionError("the screen still had a gap after repeated repairs")

    async def ping(self, *, tries: int = 10) -> None:
        """Ping until a pong comes (a busy connection's ping can be rate limited)."""
        for _ in range(tries):
            self.ponged.clear()
            await self.socket.send(json.dumps({"type": "ping", "id": "sync"}))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.ponged.wait(), 2)
                return
        raise AssertionError("no pong")

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            await asyncio.gather(self.reader, return_exceptions=True)
