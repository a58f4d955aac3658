"""Open-loop load generator for the live board and for the bare floor.

Every participant sends notes on a schedule made in advance, whether or not
earlier sends have finished, so queueing in the server shows up as latency
instead of being hidden. The schedule is random, like people writing:
Poisson arrivals at r per second per participant (seeded, so every run and
every server gets the same schedule). Each message carries its scheduled send
time; latency is receive time minus scheduled time, at every other
participant of the same room.
"""

import asyncio
import json
import os
import random
import resource
import statistics
import time
from dataclasses import dataclass, field

from websockets.asyncio.client import connect


@dataclass
class Participant:
    """One simulated screen: where it connects and, for the board, its chart."""

    url: str
    room: int
    index: int
    origin: str = ""
    cookie: str = ""
    chart_id: int | None = None


@dataclass
class Tally:
    """What the run saw."""

    latencies_ns: list[int] = field(default_factory=list)
    # Board only: scheduled send time to the sender's own "ack" (the "Saved" on its screen).
    ack_latencies_ns: list[int] = field(default_factory=list)
    # How late the load generator itself sent, against the schedule: it must stay small.
    send_lags_ns: list[int] = field(default_factory=list)
    sent: dict[int, int] = field(default_factory=dict)  # room -> messages sent
    received: int = 0
    errors: list[str] = field(default_factory=list)


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` fall (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def _participant(
    who: Participant,
    *,
    protocol: str,
    rate: float,
    duration: float,
    start: asyncio.Event,
    ready: asyncio.Queue,
    t0_holder: list[int],
    tally: Tally,
    drain: float,
    handshakes: asyncio.Semaphore,
) -> None:
    headers = {"Cookie": who.cookie} if who.cookie else None
    async with handshakes:
        socket = await connect(
            who.url,
            origin=who.origin or None,
            additional_headers=headers,
            max_size=None,
            compression=None,
            open_timeout=120,
            ping_interval=None,
            close_timeout=1,
        )
        if protocol == "board":
            await socket.send(json.dumps({"type": "hello"}))
            # Ready once the board and the first "who is here" list have arrived.
            while json.loads(await socket.recv())["type"] != "welcome":
                pass
            while json.loads(await socket.recv())["type"] != "presence":
                pass
    async with socket:
        await ready.put(who.index)
        await start.wait()
        t0 = t0_holder[0]

        scheduled_at: dict[int, int] = {}

        async def receive() -> None:
            while True:
                raw = await socket.recv()
                now = time.monotonic_ns()
                if protocol == "board":
                    message = json.loads(raw)
                    if message.get("type") != "event":
                        if message.get("type") == "ack":
                            k = int(message["op_id"].rsplit("-", 1)[1])
                            tally.ack_latencies_ns.append(now - scheduled_at.pop(k, now))
                        elif message.get("type") == "error":
                            tally.errors.append(message["code"])
                        continue
                    parts = message["event"]["note"]["text"].split()
                    sender, scheduled = int(parts[1]), int(parts[3])
                else:
                    data = json.loads(raw)
                    sender, scheduled = data["i"], data["t"]
                if sender != who.index:
                    tally.received += 1
                    tally.latencies_ns.append(now - scheduled)

        receiver = asyncio.create_task(receive())
        schedule = random.Random(who.index)
        k = 0
        end = t0 + int(duration * 1e9)
        scheduled = t0
        while True:
            scheduled += int(schedule.expovariate(rate) * 1e9)
            if scheduled >= end:
                break
            delay = (scheduled - time.monotonic_ns()) / 1e9
            if delay > 0:
                await asyncio.sleep(delay)
            if protocol == "board":
                text = f"bench {who.index} {k} {scheduled}"
                scheduled_at[k] = scheduled
                payload = {
                    "type": "add_note",
                    "op_id": f"{who.index}-{k}",
                    "chart_id": who.chart_id,
                    "text": text,
                }
            else:
                payload = {"i": who.index, "k": k, "t": scheduled}
            tally.send_lags_ns.append(time.monotonic_ns() - scheduled)
            await socket.send(json.dumps(payload))
            tally.sent[who.room] = tally.sent.get(who.room, 0) + 1
            k += 1
        await asyncio.sleep(max(0.0, (end - time.monotonic_ns()) / 1e9) + drain)
        receiver.cancel()


async def run(
    participants: list[Participant],
    *,
    protocol: str,
    rate: float,
    duration: float,
    drain: float = 3.0,
    settle: float = 1.0,
    on_ready=None,
    connect_concurrency: int = 100,
) -> dict:
    """Connect everyone, send for ``duration`` seconds at ``rate`` each, then report."""
    tally = Tally()
    start = asyncio.Event()
    ready: asyncio.Queue = asyncio.Queue()
    t0_holder = [0]
    room_sizes: dict[int, int] = {}
    for who in participants:
        room_sizes[who.room] = room_sizes.get(who.room, 0) + 1
    # Opening thousands of sockets at once would overflow the server's listen
    # queue; real rooms arrive over seconds, not in one instant.
    handshakes = asyncio.Semaphore(connect_concurrency)
    tasks = []
    for who in participants:
        tasks.append(
            asyncio.create_task(
                _participant(
                    who,
                    protocol=protocol,
                    rate=rate,
                    duration=duration,
                    start=start,
                    ready=ready,
                    t0_holder=t0_holder,
                    tally=tally,
                    drain=drain,
                    handshakes=handshakes,
                )
            )
        )
    connect_started = time.monotonic()
    for _ in participants:
        await ready.get()
    connect_seconds = time.monotonic() - connect_started
    # Let the arrivals settle (the last "who is here" lists go out) before sending.
    await asyncio.sleep(settle)
    if on_ready is not None:
        on_ready()
    t0_holder[0] = time.monotonic_ns() + 200_000_000
    own_cpu_before = _own_cpu_seconds()
    start.set()
    await asyncio.gather(*tasks)
    own_cpu = _own_cpu_seconds() - own_cpu_before
    expected = sum(sent * (room_sizes[room] - 1) for room, sent in tally.sent.items())
    latencies_ms = [ns / 1e6 for ns in tally.latencies_ns]
    return {
        "participants": len(participants),
        "rooms": len(room_sizes),
        "rate": rate,
        "duration_s": duration,
        "connect_s": round(connect_seconds, 2),
        "sent": sum(tally.sent.values()),
        "expected_deliveries": expected,
        "deliveries": tally.received,
        "delivery_ratio": (tally.received / expected) if expected else 1.0,
        "deliveries_per_s": tally.received / duration,
        "p50_ms": percentile(latencies_ms, 0.50),
        "p95_ms": percentile(latencies_ms, 0.95),
        "p99_ms": percentile(latencies_ms, 0.99),
        "max_ms": max(latencies_ms) if latencies_ms else float("nan"),
        "mean_ms": statistics.fmean(latencies_ms) if latencies_ms else float("nan"),
        "send_lag_p99_ms": percentile([ns / 1e6 for ns in tally.send_lags_ns], 0.99),
        "ack_p50_ms": percentile([ns / 1e6 for ns in tally.ack_latencies_ns], 0.50),
        "ack_p99_ms": percentile([ns / 1e6 for ns in tally.ack_latencies_ns], 0.99),
        "errors": sorted(set(tally.errors)),
        # Above ~0.8 the load generator itself limits the result: say so.
        "loadgen_busy": own_cpu / (duration + drain),
    }


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pin_to_core(core: int) -> None:
    """Keep this process on one core (where the machine has more than one)."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {core})
