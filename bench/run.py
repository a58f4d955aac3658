"""Run the live-board benchmark: the real server against the bare floor, same workload.

    python -m bench.run --workload busy-room            # 1 room x 60 people x 0.5 notes/s
    python -m bench.run --workload region               # 20 rooms x 30 people x 0.2 notes/s
    python -m bench.run --sessions 4 --participants 20 --rate 1
    python -m bench.run --workload tiny --repeat 1 --duration 2   # a smoke test

The server under test is started here exactly as the README starts it
(``config.serve``), on a fresh SQLite database, pinned to core 0; the load
generator pins itself to core 1 (on a machine with two or more cores). Each
point runs ``--repeat`` times; the medians are reported, as absolute figures
and as ratios to the bare `websockets` broadcast server at the same load.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.loadgen import Participant, pin_to_core, run

BASE_DIR = Path(__file__).resolve().parent.parent
WORKLOADS = {
    "tiny": {"sessions": 1, "participants": 3, "rate": 1.0},
    "busy-room": {"sessions": 1, "participants": 60, "rate": 0.5},
    "region": {"sessions": 20, "participants": 30, "rate": 0.2},
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MEDIAN_KEYS = [
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "max_ms",
    "deliveries_per_s",
    "delivery_ratio",
    "cpu_us_per_delivery",
    "kb_per_socket",
    "connect_s",
]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_kb(pid: int) -> int:
    """Resident memory of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pinned(command: list[str], core: int) -> list[str]:
    """Prefix ``command`` with taskset when there is a core to spare."""
    if (os.cpu_count() or 1) > 1 and subprocess.run(
        ["which", "taskset"], capture_output=True
    ).returncode == 0:
        return ["taskset", "-c", str(core), *command]
    return command


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    """Block until something listens on ``port``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start in time")


def stop(process: subprocess.Popen) -> None:
    """Stop a server; daphne may wait for open sockets, so kill it if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def board_server(workdir: Path):
    """The real product: migrate a fresh database, start daphne via config.serve."""
    from config.serve import daphne_command

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SQLITE_PATH": str(workdir / "bench.sqlite3"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    port = free_port()
    process = subprocess.Popen(
        pinned(daphne_command(host="127.0.0.1", port=port), 0),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield {"process": process, "port": port, "env": env}
    finally:
        stop(process)


@contextmanager
def bare_server():
    """The floor: bench/bare_server.py."""
    port = free_port()
    process = subprocess.Popen(
        pinned([sys.executable, "-m", "bench.bare_server", "--port", str(port)], 0),
        cwd=BASE_DIR,
    )
    try:
        wait_for_port(port, process)
        yield {"process": process, "port": port}
    finally:
        stop(process)


def board_participants(server: dict, sessions: int, participants: int) -> list[Participant]:
    """Create rooms and devices in the server's database; return the simulated screens."""
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.setup_board",
            "--sessions",
            str(sessions),
            "--participants",
            str(participants),
        ],
        cwd=BASE_DIR,
        env=server["env"],
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(made.stdout)
    origin = f"http://127.0.0.1:{server['port']}"
    out = []
    for room, session in enumerate(data["sessions"]):
        for who in session["participants"]:
            out.append(
                Participant(
                    url=f"ws://127.0.0.1:{server['port']}/ws/live/{session['id']}/",
                    room=room,
                    index=len(out),
                    origin=origin,
                    cookie=who["cookie"],
                    chart_id=who["chart_id"],
                )
            )
    return out


def bare_participants(server: dict, sessions: int, participants: int) -> list[Participant]:
    """Simulated screens for the bare server: one path per room."""
    return [
        Participant(
            url=f"ws://127.0.0.1:{server['port']}/room/{room}",
            room=room,
            index=room * participants + p,
        )
        for room in range(sessions)
        for p in range(participants)
    ]


def measure(
    server: dict, participants: list[Participant], *, protocol: str, rate: float, duration: float
) -> dict:
    """One run: memory per socket, latency, throughput and server CPU per delivery."""
    pid = server["process"].pid
    rss_before = rss_kb(pid)
    marks = {}

    def on_ready() -> None:
        marks["rss"] = rss_kb(pid)
        marks["cpu"] = cpu_seconds(pid)

    result = asyncio.run(
        run(participants, protocol=protocol, rate=rate, duration=duration, on_ready=on_ready)
    )
    cpu = cpu_seconds(pid) - marks["cpu"]
    result["server_cpu_s"] = round(cpu, 3)
    result["cpu_us_per_delivery"] = (
        (cpu * 1e6 / result["deliveries"]) if result["deliveries"] else float("nan")
    )
    result["kb_per_socket"] = (marks["rss"] - rss_before) / len(participants)
    return result


def median_of(runs: list[dict]) -> dict:
    """Medians of the headline figures over repeated runs."""
    out = {key: statistics.median(r[key] for r in runs) for key in MEDIAN_KEYS}
    out["errors"] = sorted({e for r in runs for e in r["errors"]})
    out["runs"] = runs
    return out


def run_point(
    *, sessions: int, participants: int, rate: float, duration: float, repeat: int, modes: list[str]
) -> dict:
    """Every mode at one workload, ``repeat`` times each, fresh rooms every time."""
    pin_to_core(1)
    results = {}
    if "bare" in modes:
        with bare_server() as server:
            runs = [
                measure(
                    server,
                    bare_participants(server, sessions, participants),
                    protocol="bare",
                    rate=rate,
                    duration=duration,
                )
                for _ in range(repeat)
            ]
        results["bare"] = median_of(runs)
    if "embedded" in modes:
        with tempfile.TemporaryDirectory() as workdir, board_server(Path(workdir)) as server:
            runs = []
            for _ in range(repeat):
                screens = board_participants(server, sessions, participants)
                runs.append(
                    measure(server, screens, protocol="board", rate=rate, duration=duration)
                )
        results["embedded"] = median_of(runs)
    if "bare" in results and "embedded" in results:
        floor, board = results["bare"], results["embedded"]
        results["ratio_to_floor"] = {
            key: (board[key] / floor[key]) if floor[key] else float("nan")
            for key in ("p50_ms", "p99_ms", "cpu_us_per_delivery", "kb_per_socket")
        }
    return results


def report(point: dict, label: str) -> str:
    """A plain-text table of one workload's medians."""
    lines = [
        f"{label}",
        "mode      p50ms   p95ms   p99ms   maxms  deliv/s  ratio  cpu-us/del  KB/sock",
    ]
    for mode in ("bare", "embedded"):
        if mode in point:
            m = point[mode]
            figures = [
                f"{m['p50_ms']:6.1f}",
                f"{m['p95_ms']:7.1f}",
                f"{m['p99_ms']:7.1f}",
                f"{m['max_ms']:7.1f}",
                f"{m['deliveries_per_s']:8.0f}",
                f"{m['delivery_ratio']:6.3f}",
                f"{m['cpu_us_per_delivery']:11.1f}",
                f"{m['kb_per_socket']:8.1f}",
            ]
            lines.append(f"{mode:<8} " + " ".join(figures))
            if m["errors"]:
                lines.append(f"         errors: {', '.join(m['errors'])}")
    if "ratio_to_floor" in point:
        r = point["ratio_to_floor"]
        lines.append(
            "ratio to floor: " + ", ".join(f"{key} x{value:.2f}" for key, value in r.items())
        )
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print, and save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=sorted(WORKLOADS))
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--participants", type=int)
    parser.add_argument("--rate", type=float)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--modes", default="bare,embedded")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    point = dict(WORKLOADS[args.workload]) if args.workload else {}
    for key in ("sessions", "participants", "rate"):
        if getattr(args, key) is not None:
            point[key] = getattr(args, key)
    missing = {"sessions", "participants", "rate"} - set(point)
    if missing:
        parser.error(f"give --workload or all of: {', '.join(sorted(missing))}")
    label = f"{point['sessions']} x {point['participants']} x {point['rate']}/s for {args.duration:g}s, medians of {args.repeat}"  # noqa: E501
    result = run_point(
        **point, duration=args.duration, repeat=args.repeat, modes=args.modes.split(",")
    )
    print(report(result, label))
    if args.json_out:
        args.json_out.write_text(
            json.dumps({"workload": point, "label": label, **result}, indent=2)
        )


if __name__ == "__main__":
    main()
