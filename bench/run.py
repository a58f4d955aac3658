"""Run the live-board benchmark: the real server against the bare floor, same workload.

    python -m bench.run --workload busy-room              # 1 room x 60 people x 0.5 notes/s
    python -m bench.run --workload region                 # 20 rooms x 30 people x 0.2 notes/s
    python -m bench.run --workload ceiling                # P = 20, r = 1, more rooms until it fails
    python -m bench.run --workload memory                 # 3,000 open sockets in one process
    python -m bench.run --workload growth                 # cost as rooms grow, and as rooms add
    python -m bench.run --sessions 4 --participants 20 --rate 1
    python -m bench.run --workload tiny --repeat 1 --duration 2   # a smoke test
    python -m bench.run --workload busy-room --servers daphne,uvicorn \
        --modes bare,embedded,scale-out-1,scale-out

Modes:
- ``bare``: the floor, ``bench/bare_server.py`` (the `websockets` library, rooms by path).
- ``embedded``: the product as the README runs it: one process, SQLite, in-process layer.
- ``postgres``: one process on PostgreSQL with the in-process layer (to separate
  PostgreSQL's cost from Redis's).
- ``scale-out-1``: one process on PostgreSQL and Redis.
- ``scale-out``: two processes behind the same Redis and PostgreSQL, clients spread
  across both.

Every product server is started the way the README starts it (``config.serve``),
with production settings, on a fresh database. Servers are pinned to core 0 (a
second scale-out process to core 1) and the load generator to core 1, on a
machine with two or more cores. Each point runs ``--repeat`` times; medians are
reported, as absolute figures and as ratios to the floor at the same load.
"""

import argparse
import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.loadgen import Participant, pin_to_core, run

BASE_DIR = Path(__file__).resolve().parent.parent
WORKLOADS = {
    "tiny": {"sessions": 1, "participants": 3, "rate": 1.0},
    "busy-room": {"sessions": 1, "participants": 60, "rate": 0.5},
    "region": {"sessions": 20, "participants": 30, "rate": 0.2},
    # Memory: 3,000 sockets in one process, with light traffic to show they all work.
    "memory": {"sessions": 100, "participants": 30, "rate": 0.02},
}
CEILING = {
    "participants": 20,
    "rate": 1.0,
    "sessions": [10, 20, 25, 27, 30, 35, 40, 50, 60, 70, 80, 90, 100],
}
CEILING_P99_MS = 100.0
# How cost grows: more people in one room, then more rooms of 30.
GROWTH = {
    "participants": {"sessions": 1, "rate": 0.5, "values": [10, 20, 40, 60, 120]},
    "sessions": {"participants": 30, "rate": 0.2, "values": [1, 5, 10, 20, 40]},
}
PRODUCT_MODES = ("embedded", "postgres", "scale-out-1", "scale-out")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
POSTGRES_ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
MEDIAN_KEYS = [
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "max_ms",
    "deliveries_per_s",
    "delivery_ratio",
    "cpu_us_per_delivery",
    "cpu_us_per_note",
    "kb_per_socket",
    "connect_s",
    "loadgen_busy",
    "ack_p50_ms",
    "ack_p99_ms",
    "send_lag_p99_ms",
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
    cores = os.cpu_count() or 1
    if cores > 1 and subprocess.run(["which", "taskset"], capture_output=True).returncode == 0:
        return ["taskset", "-c", str(core % cores), *command]
    return command


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
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
    """Stop a server; it may wait for open sockets, so kill it if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def raise_open_file_limit() -> None:
    """Thousands of sockets need thousands of file descriptors (servers inherit this)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@contextmanager
def postgres_database():
    """A fresh, empty PostgreSQL database for one benchmark mode; dropped afterwards."""
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def product_env(workdir: Path, *, database_url: str = "", redis: bool = False) -> dict:
    """Production settings on a fresh database; PostgreSQL and Redis when asked."""
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
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis:
        env["REDIS_URL"] = REDIS_URL
        env["CHANNELS_PREFIX"] = f"bench{uuid.uuid4().hex[:8]}"
    return env


@contextmanager
def board_server(workdir: Path, *, mode: str = "embedded", server: str = "daphne"):
    """The real product in ``mode``: migrate a fresh database, start ``config.serve``.

    Yields ``{"processes", "ports", "env"}`` (one process, or two for scale-out).
    """
    from config.serve import server_command

    with ExitStack() as stack:
        database_url = ""
        if mode != "embedded":
            database_url = stack.enter_context(postgres_database())
        env = product_env(
            workdir, database_url=database_url, redis=mode in ("scale-out-1", "scale-out")
        )
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
        processes, ports = [], []
        for core in range(2 if mode == "scale-out" else 1):
            port = free_port()
            process = subprocess.Popen(
                pinned(server_command(server=server, host="127.0.0.1", port=port), core),
                cwd=BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            stack.callback(stop, process)
            wait_for_port(port, process)
            processes.append(process)
            ports.append(port)
        yield {"processes": processes, "ports": ports, "env": env}


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
        yield {"processes": [process], "ports": [port]}
    finally:
        stop(process)


def board_participants(server: dict, sessions: int, participants: int) -> list[Participant]:
    """Create rooms and devices in the server's database; return the simulated screens.

    With two server processes, screens alternate between them, so every room
    has people on both and each change must cross Redis.
    """
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
    ports = server["ports"]
    out = []
    for room, session in enumerate(data["sessions"]):
        for who in session["participants"]:
            port = ports[len(out) % len(ports)]
            out.append(
                Participant(
                    url=f"ws://127.0.0.1:{port}/ws/live/{session['id']}/",
                    room=room,
                    index=len(out),
                    origin=f"http://127.0.0.1:{port}",
                    cookie=who["cookie"],
                    chart_id=who["chart_id"],
                )
            )
    return out


def bare_participants(server: dict, sessions: int, participants: int) -> list[Participant]:
    """Simulated screens for the bare server: one path per room."""
    port = server["ports"][0]
    return [
        Participant(
            url=f"ws://127.0.0.1:{port}/room/{room}",
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
    pids = [process.pid for process in server["processes"]]
    rss_before = sum(rss_kb(pid) for pid in pids)
    marks = {}

    def on_ready() -> None:
        marks["rss"] = sum(rss_kb(pid) for pid in pids)
        marks["cpu"] = sum(cpu_seconds(pid) for pid in pids)

    result = asyncio.run(
        run(participants, protocol=protocol, rate=rate, duration=duration, on_ready=on_ready)
    )
    cpu = sum(cpu_seconds(pid) for pid in pids) - marks["cpu"]
    result["server_cpu_s"] = round(cpu, 3)
    result["server_busy"] = cpu / (duration + 3.0) / len(pids)
    result["cpu_us_per_delivery"] = (
        (cpu * 1e6 / result["deliveries"]) if result["deliveries"] else float("nan")
    )
    result["cpu_us_per_note"] = (cpu * 1e6 / result["sent"]) if result["sent"] else float("nan")
    result["kb_per_socket"] = (marks["rss"] - rss_before) / len(participants)
    return result


def warm_up(server: dict, participants: list[Participant], *, protocol: str) -> None:
    """An untimed run first: a fresh process loads code and opens connections on first use,
    which would otherwise count as memory per socket and as latency."""
    asyncio.run(run(participants, protocol=protocol, rate=2.0, duration=1.0, drain=0.5))


def median_of(runs: list[dict]) -> dict:
    """Medians of the headline figures over repeated runs."""
    out = {key: statistics.median(r[key] for r in runs) for key in MEDIAN_KEYS}
    out["errors"] = sorted({e for r in runs for e in r["errors"]})
    out["runs"] = runs
    return out


def run_mode(
    mode: str,
    *,
    server: str,
    sessions: int,
    participants: int,
    rate: float,
    duration: float,
    repeat: int,
) -> dict:
    """``repeat`` runs of one mode at one workload, fresh rooms every time."""
    if mode == "bare":
        with bare_server() as bare:
            warm_up(bare, bare_participants(bare, 1, 2), protocol="bare")
            runs = [
                measure(
                    bare,
                    bare_participants(bare, sessions, participants),
                    protocol="bare",
                    rate=rate,
                    duration=duration,
                )
                for _ in range(repeat)
            ]
        return median_of(runs)
    with (
        tempfile.TemporaryDirectory() as workdir,
        board_server(Path(workdir), mode=mode, server=server) as board,
    ):
        warm_up(board, board_participants(board, 1, 2), protocol="board")
        runs = []
        for _ in range(repeat):
            screens = board_participants(board, sessions, participants)
            runs.append(measure(board, screens, protocol="board", rate=rate, duration=duration))
        return median_of(runs)


def run_point(
    *,
    sessions: int,
    participants: int,
    rate: float,
    duration: float,
    repeat: int,
    modes: list[str],
    servers: list[str] | None = None,
) -> dict:
    """Every mode (and server) at one workload; ratios to the floor when it ran."""
    pin_to_core(1)
    raise_open_file_limit()
    results = {}
    for mode in modes:
        for server in servers or ["daphne"]:
            if mode == "bare" and "bare" in results:
                continue
            label = mode if mode == "bare" or not servers else f"{mode}/{server}"
            results[label] = run_mode(
                mode,
                server=server,
                sessions=sessions,
                participants=participants,
                rate=rate,
                duration=duration,
                repeat=repeat,
            )
    if "bare" in results:
        floor = results["bare"]
        results["ratio_to_floor"] = {
            label: {
                key: (m[key] / floor[key]) if floor[key] else float("nan")
                for key in ("p50_ms", "p99_ms", "cpu_us_per_delivery", "kb_per_socket")
            }
            for label, m in results.items()
            if label != "bare"
        }
        # Kept for older readers of the JSON (and the smoke test).
        if "embedded" in results["ratio_to_floor"]:
            results["ratio_to_floor"].update(results["ratio_to_floor"]["embedded"])
    return results


def run_ceiling(*, duration: float, repeat: int, modes: list[str], servers: list[str]) -> dict:
    """P = 20, r = 1: add rooms until p99 passes 100 ms or a message is lost."""
    points = []
    for sessions in CEILING["sessions"]:
        point = run_point(
            sessions=sessions,
            participants=CEILING["participants"],
            rate=CEILING["rate"],
            duration=duration,
            repeat=repeat,
            modes=modes,
            servers=servers,
        )
        print(report(point, f"ceiling: {sessions} rooms x 20 x 1/s"), flush=True)
        points.append({"sessions": sessions, **point})
        product = [m for label, m in point.items() if label not in ("bare", "ratio_to_floor")]
        if all(m["p99_ms"] > CEILING_P99_MS or m["delivery_ratio"] < 1.0 for m in product):
            break
    best = {}
    for point in points:
        for label, m in point.items():
            if not isinstance(m, dict) or "p99_ms" not in m:
                continue
            passed = m["p99_ms"] <= CEILING_P99_MS and m["delivery_ratio"] == 1.0
            if passed and m["deliveries_per_s"] > best.get(label, {}).get("deliveries_per_s", 0):
                best[label] = {"sessions": point["sessions"], **m}
    return {"points": points, "ceiling": best}


def run_growth(*, duration: float, repeat: int, modes: list[str], servers: list[str]) -> dict:
    """CPU per note and per delivery as rooms get bigger, and as rooms are added."""
    sweeps = {}
    for varied, sweep in GROWTH.items():
        rows = []
        for value in sweep["values"]:
            workload = {k: v for k, v in sweep.items() if k != "values"} | {varied: value}
            point = run_point(
                **workload,
                duration=duration,
                repeat=repeat,
                modes=modes,
                servers=servers,
            )
            print(report(point, f"growth: {workload}"), flush=True)
            rows.append({"workload": workload, **point})
        sweeps[varied] = rows
    return sweeps


def report(point: dict, label: str) -> str:
    """A plain-text table of one workload's medians."""
    lines = [
        f"{label}",
        "mode                  p50ms   p95ms   p99ms   maxms  deliv/s  ratio  cpu-us/del"
        "  cpu-us/note  KB/sock  loadgen",
    ]
    for mode, m in point.items():
        if mode == "ratio_to_floor" or not isinstance(m, dict) or "p50_ms" not in m:
            continue
        figures = [
            f"{m['p50_ms']:6.1f}",
            f"{m['p95_ms']:7.1f}",
            f"{m['p99_ms']:7.1f}",
            f"{m['max_ms']:7.1f}",
            f"{m['deliveries_per_s']:8.0f}",
            f"{m['delivery_ratio']:6.3f}",
            f"{m['cpu_us_per_delivery']:11.1f}",
            f"{m['cpu_us_per_note']:12.0f}",
            f"{m['kb_per_socket']:8.1f}",
            f"{m['loadgen_busy']:7.2f}",
        ]
        lines.append(f"{mode:<20} " + " ".join(figures))
        if m["errors"]:
            lines.append(f"         errors: {', '.join(m['errors'])}")
    for mode, ratios in point.get("ratio_to_floor", {}).items():
        if isinstance(ratios, dict):
            lines.append(
                f"{mode} / floor: "
                + ", ".join(f"{key} x{value:.2f}" for key, value in ratios.items())
            )
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, run, print, and save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=[*sorted(WORKLOADS), "ceiling", "growth"])
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--participants", type=int)
    parser.add_argument("--rate", type=float)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--modes", default="bare,embedded", help=f"bare and any of {', '.join(PRODUCT_MODES)}"
    )
    parser.add_argument(
        "--servers", help="daphne, uvicorn or both (comma-separated); default daphne"
    )
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    modes = args.modes.split(",")
    unknown = set(modes) - {"bare", *PRODUCT_MODES}
    if unknown:
        parser.error(f"unknown mode(s): {', '.join(sorted(unknown))}")
    servers = args.servers.split(",") if args.servers else None
    if args.workload == "ceiling":
        result = run_ceiling(
            duration=args.duration, repeat=args.repeat, modes=modes, servers=servers or ["daphne"]
        )
        for label, best in result["ceiling"].items():
            print(
                f"ceiling {label}: {best['deliveries_per_s']:,.0f} deliveries/s "
                f"({best['sessions']} rooms), p99 {best['p99_ms']:.1f} ms"
            )
        if args.json_out:
            args.json_out.write_text(json.dumps({"workload": "ceiling", **result}, indent=2))
        return
    if args.workload == "growth":
        result = run_growth(
            duration=args.duration, repeat=args.repeat, modes=modes, servers=servers or ["daphne"]
        )
        if args.json_out:
            args.json_out.write_text(json.dumps({"workload": "growth", **result}, indent=2))
        return
    point = dict(WORKLOADS[args.workload]) if args.workload else {}
    for key in ("sessions", "participants", "rate"):
        if getattr(args, key) is not None:
            point[key] = getattr(args, key)
    missing = {"sessions", "participants", "rate"} - set(point)
    if missing:
        parser.error(f"give --workload or all of: {', '.join(sorted(missing))}")
    label = (
        f"{point['sessions']} x {point['participants']} x {point['rate']}/s "
        f"for {args.duration:g}s, medians of {args.repeat}"
    )
    result = run_point(
        **point, duration=args.duration, repeat=args.repeat, modes=modes, servers=servers
    )
    print(report(result, label))
    if args.json_out:
        args.json_out.write_text(
            json.dumps({"workload": point, "label": label, **result}, indent=2)
        )


if __name__ == "__main__":
    main()
