"""Opening the largest guaranteed board live: how long its welcome takes, in how many frames.

The protocol guarantees (docs/live-protocol.md, section 4) that a board of 10
focus people x 14 headings (the standard ones) x 25 notes of 1,000 non-ASCII characters opens
live, and that a screen that missed 2,000 changes gets them all as events.
Both are bigger than one WebSocket message may be (64 KiB), so they come in
parts. This starts the real product server (``bench.run.board_server``,
pinned to core 0), fills that board through the real board service, and
times, from a client on core 1:

- a fresh screen's ``hello`` (a snapshot): until its last part has arrived;
- a screen back after 2,000 missed changes (a replay);

with the frames, bytes and server CPU each takes. Medians of ``--repeat``.

    python -m bench.welcome                       # the guaranteed board, daphne
    python -m bench.welcome --server uvicorn
    python -m bench.welcome --people 2 --notes-per-chart 2 --missed 20 --repeat 1  # a small one
"""

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

from bench.loadgen import pin_to_core
from bench.product_server import module_json
from bench.run import board_server, cpu_seconds


async def open_board(url: str, origin: str, cookie: str, last_seq) -> dict:
    """Say hello on a fresh socket; time until the whole welcome is in."""
    async with connect(
        url, origin=origin, additional_headers={"Cookie": cookie}, max_size=None
    ) as socket:
        started = time.perf_counter()
        await socket.send(json.dumps({"type": "hello", "last_seq": last_seq}))
        frames = sizes = largest = 0
        first = None
        while True:
            text = await socket.recv()
            frames += 1
            size = len(text.encode())
            sizes += size
            largest = max(largest, size)
            message = json.loads(text)
            if first is None:
                first = message
            parts = first.get("parts", 1)
            if first["type"] == "welcome" and (
                parts == 1 or (message["type"] == "more" and message["part"] == parts)
            ):
                elapsed = time.perf_counter() - started
                break
        return {
            "seconds": elapsed,
            "frames": frames,
            "bytes": sizes,
            "largest_frame": largest,
            "kind": "snapshot" if "snapshot" in first else "events",
        }


def measure(server: dict, board: dict, *, last_seq, repeat: int) -> dict:
    port = server["ports"][0]
    url = f"ws://127.0.0.1:{port}/ws/live/{board['session_id']}/"
    pid = server["processes"][0].pid
    runs = []
    for _ in range(repeat):
        cpu = cpu_seconds(pid)
        run = asyncio.run(open_board(url, f"http://127.0.0.1:{port}", board["cookie"], last_seq))
        run["server_cpu_seconds"] = cpu_seconds(pid) - cpu
        runs.append(run)
    return {
        "kind": runs[0]["kind"],
        "frames": runs[0]["frames"],
        "bytes": runs[0]["bytes"],
        "largest_frame": runs[0]["largest_frame"],
        "seconds_p50": statistics.median(r["seconds"] for r in runs),
        "seconds_max": max(r["seconds"] for r in runs),
        "server_cpu_seconds_p50": statistics.median(r["server_cpu_seconds"] for r in runs),
        "runs": len(runs),
    }


def main() -> None:
    """Parse arguments, fill the board, measure, print, and save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--notes-per-chart", type=int, default=25)
    parser.add_argument("--missed", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="daphne")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    pin_to_core(1)
    with (
        tempfile.TemporaryDirectory() as workdir,
        board_server(Path(workdir), server=args.server) as server,
    ):
        size = f"{args.people},{args.notes_per_chart}"
        board = module_json(server["env"], "bench.setup_board", "--big-board", size)
        fresh = measure(server, board, last_seq=None, repeat=args.repeat)
        back = measure(
            server, board, last_seq=max(0, board["seq"] - args.missed), repeat=args.repeat
        )
    result = {
        "server": args.server,
        "board": {
            "people": args.people,
            "notes": board["notes"],
            "missed": args.missed,
        },
        "fresh": fresh,
        "back": back,
    }
    for label, row in (("fresh screen (snapshot)", fresh), ("back after missed changes", back)):
        print(
            f"{label}: {row['kind']}, {row['frames']} frames, {row['bytes'] / 1e6:.2f} MB, "
            f"p50 {row['seconds_p50'] * 1000:.0f} ms (max {row['seconds_max'] * 1000:.0f}), "
            f"server CPU {row['server_cpu_seconds_p50'] * 1000:.0f} ms"
        )
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
