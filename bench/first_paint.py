"""Large board first paint: how soon a big board is usable in headless Chromium.

    python -m bench.first_paint                        # 10 people x 14 charts x 20 notes, 5 loads
    python -m bench.first_paint --server uvicorn --repeat 9 --json-out first-paint.json
    python -m bench.first_paint --people 2 --notes-per-chart 1 --repeat 1   # a smoke test

What one run does:
- A fresh SQLite database in a temporary directory, migrated, with static
  files collected, and the real server started as the live-board benchmark
  starts it (production settings, ``config.serve``, pinned to core 0; see
  ``bench/product_server.py``).
- The board is built through the product's own services, one call per
  change, exactly as people build it in a session: ``planning_session_create``,
  ``focus_person_add`` (which makes each person's charts from the built-in
  headings), ``participant_join`` (two devices per person), and one
  ``board_command_apply`` "add_note" per note, round-robin over the people and
  their charts. Participants get real server-side sessions, as with an invite
  link; the facilitator gets a signed-in session.
- Headless Chromium (pinned to core 1) opens the board as a participant and as
  the facilitator, ``--repeat`` times each, every time in a fresh browser
  context (cold cache), after one plain GET per role so that the server has
  compiled its templates. Each load is timed from navigation start to: the
  HTML received, first contentful paint, DOMContentLoaded, "drawn", "ready"
  and "usable". A load not usable within ``--timeout`` seconds (default 120)
  has its renderer killed and is reported as such, and the rest of its row is
  skipped (``--timeout 900 --repeat 1`` to time a very slow one once).
- No change to the product is needed to see these: board.js already marks
  its state on the status line (``data-board-status``), and an init script
  here watches that attribute with a MutationObserver. "drawn": the first
  state, "connecting", set once ``start()`` has taken over the board the
  server drew (it reads the notes from the HTML; only notes with unsent
  changes of this tab's own are drawn again). "ready": the live client has
  had the server's welcome and applied it: ``data-state`` becomes "live"
  (``updateStatus()`` runs after ``flush()`` has drawn what changed, and says
  "live" only once ``ready`` is true). "usable": the first frame after that has been painted
  (a ``setTimeout`` queued from the next ``requestAnimationFrame``).
- Also reported: the HTML size (served uncompressed: the product has no
  gzip for HTML; a proxy may add it), the number of DOM elements (and all nodes,
  text included, from the DevTools metrics), the JS heap used after a garbage
  collection, and the notes on screen.
- Two profiles: "fast" (loopback, desktop window, no throttling) and
  "throttled" (DevTools "Fast 3G": 562.5 ms latency, 1.44 Mbit/s down,
  675 kbit/s up; 4x CPU slowdown; a phone-sized window), standing in for old
  phones on venue Wi-Fi.

Medians, p90 and max over the repeats are printed; ``--json-out`` saves them
with every run.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.chromium import CHROMIUM, CHROMIUM_ARGS
from bench.loadgen import pin_to_core
from bench.product_server import PROXY_HEADERS, SERVERS, module_json, product_server

ROLES = ("participant", "facilitator")
PROFILES = {
    "fast": {
        "description": "loopback, 1280x900 window, no throttling",
        "network": None,
        "cpu_rate": 1,
        "context": {"viewport": {"width": 1280, "height": 900}},
    },
    "throttled": {
        "description": (
            'DevTools "Fast 3G" (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up), '
            "4x CPU slowdown, 360x780 phone window"
        ),
        # Chrome DevTools' preset (NetworkManager.ts): throughput in bytes/s.
        "network": {"latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375},
        "cpu_rate": 4,
        "context": {
            "viewport": {"width": 360, "height": 780},
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        },
    },
}
TIMED = [
    "ttfb_ms",
    "html_done_ms",
    "fcp_ms",
    "dcl_ms",
    "js_rendered_ms",
    "ready_ms",
    "usable_ms",
    "load_ms",
]
SIZES = ["html_kb", "dom_elements", "dom_nodes", "js_heap_mb", "notes_shown"]

# Runs in every page before its own scripts. Records when the live client's
# status line first gets a state ("connecting": board.js has started and taken
# over the board the server drew), when it first says it is live, and the end of
# the next frame. "offline" on the way (the socket closed before the welcome)
# is noted, not fatal: board.js reconnects by itself. "stopped" is fatal.
MARKS_SCRIPT = """
(() => {
  const READY = new Set(["live", "saving", "saved", "refused"]);
  const marks = (window.__benchMarks = { states: [] });
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const node = record.target;
      if (!node.hasAttribute || !node.hasAttribute("data-board-status")) continue;
      const state = node.dataset.state;
      marks.states.push([state, performance.now()]);
      if (marks.jsRendered === undefined) marks.jsRendered = performance.now();
      // "offline": the socket closed before the welcome; board.js reconnects.
      if (state === "offline") marks.wentOffline = true;
      if (state === "stopped") marks.failed = state;
      if (READY.has(state) && marks.ready === undefined) {
        marks.ready = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => { marks.usable = performance.now(); }, 0));
      }
    }
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
})();
"""
COLLECT_SCRIPT = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const marks = window.__benchMarks;
  return {
    status: nav.responseStatus ?? null,
    ttfb_ms: nav.responseStart,
    html_done_ms: nav.responseEnd,
    fcp_ms: fcp ? fcp.startTime : null,
    dcl_ms: nav.domContentLoadedEventStart,
    load_ms: nav.loadEventStart,
    js_rendered_ms: marks.jsRendered ?? null,
    ready_ms: marks.ready ?? null,
    usable_ms: marks.usable ?? null,
    failed: marks.failed ?? null,
    went_offline: Boolean(marks.wentOffline),
    states: marks.states.map(([state]) => state),
    html_bytes: nav.decodedBodySize,
    html_transfer_bytes: nav.transferSize,
    dom_elements: document.getElementsByTagName("*").length,
    notes_shown: document.querySelectorAll("[data-board] li[data-note-id]").length,
    charts_shown: document.querySelectorAll("[data-board] section[data-chart-id]").length,
    status_text: document.querySelector("[data-board-status]")?.textContent ?? null,
  };
}
"""

NOTE_TEXTS = [
    "Likes a quiet morning before going out",
    "Wants to go swimming on Tuesdays with a friend",
    "Needs help writing shopping lists and keeping to a weekly budget",
    "Medication at 8am and 8pm",
    "Enjoys gardening, especially growing tomatoes and beans in the summer",
    "Would like to try the drama group at the community centre again",
    "Talk to Mum about the bus pass",
    "Has a PA three mornings a week and wants more say in who it is",
    "Gets anxious in crowds: plan trips for quieter times",
    "Good at fixing bikes; could help at the repair café",
]


# --- Building the board (runs inside Django, in the server's database) -----------


def build_board(*, people: int, notes_per_chart: int, devices_per_person: int) -> dict:
    """Build one large board through the product's services; return its ids and cookies."""
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sessions_live import access, services
    from sessions_live.models import Chart, Note
    from sessions_live.selectors import participant_actor

    started = time.perf_counter()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-facilitator", defaults={"first_name": "Sam", "last_name": "Bench"}
    )
    session = services.planning_session_create(
        facilitator=user, title="Large board", starts_on=date(2026, 12, 1)
    )
    table = session.tables.first()
    persons = [
        services.focus_person_add(session=session, first_name=f"Person {p + 1}", table=table)
        for p in range(people)
    ]
    devices = {}
    for person in persons:
        devices[person.pk] = [
            services.participant_join(
                focus_person=person,
                display_name=person.first_name if d == 0 else f"Ally {d} of {person.first_name}",
                relation="me" if d == 0 else "friend",
                device_id=f"bench-{session.pk}-{person.pk}-{d}",
            )
            for d in range(devices_per_person)
        ]
    charts = {
        person.pk: list(Chart.objects.filter(focus_person=person).order_by("position", "pk"))
        for person in persons
    }
    charts_per_person = len(charts[persons[0].pk]) if persons else 0
    for n in range(charts_per_person * notes_per_chart):
        for person in persons:
            author = devices[person.pk][n % devices_per_person]
            services.board_command_apply(
                session_id=session.pk,
                actor=participant_actor(participant=author),
                message={
                    "type": "add_note",
                    "op_id": f"seed-{person.pk}-{n}",
                    "chart_id": charts[person.pk][n % charts_per_person].pk,
                    "text": f"{NOTE_TEXTS[n % len(NOTE_TEXTS)]} ({n + 1})",
                },
            )
    build_s = time.perf_counter() - started

    participant_store = SessionStore()
    access.participant_remember(
        participant_store, session_id=session.pk, participant_id=devices[persons[0].pk][0].pk
    )
    participant_store.save()
    facilitator_store = SessionStore()
    facilitator_store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    facilitator_store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # ModelBackend
    facilitator_store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Production asks staff for a second-factor code: this sign-in has typed one.
    app = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    facilitator_store[DEVICE_ID_SESSION_KEY] = app.persistent_id
    facilitator_store.save()
    return {
        "session_id": session.pk,
        "people": len(persons),
        "charts_per_person": charts_per_person,
        "notes_per_chart": notes_per_chart,
        "devices_per_person": devices_per_person,
        "charts": Chart.objects.filter(session=session).count(),
        "notes": Note.objects.filter(session=session).count(),
        "build_s": round(build_s, 2),
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "cookies": {
            "participant": participant_store.session_key,
            "facilitator": facilitator_store.session_key,
        },
    }


def board_setup(env: dict, *, people: int, notes_per_chart: int, devices_per_person: int) -> dict:
    """Build the board in the server's database, in a separate process (its own Django)."""
    return module_json(
        env,
        "bench.first_paint",
        "--build-board",
        "--people",
        str(people),
        "--notes-per-chart",
        str(notes_per_chart),
        "--devices-per-person",
        str(devices_per_person),
    )


# --- Loading the board in Chromium -----------------------------------------------------


class LoadTimeoutError(Exception):
    """A page was not usable in time (its renderer was stopped)."""


def renderer_pids() -> list[int]:
    """Chromium renderer processes started by this process (its descendants only)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    me = os.getpid()

    def mine(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == me:
                return True
        return False

    out = []
    for pid in parents:
        try:
            if mine(pid) and b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                out.append(pid)
        except OSError:
            continue
    return out


def stop_renderers() -> None:
    """Kill this process's Chromium renderers: a page stuck in one long task ignores
    everything else, and Playwright's own timeouts wait for it."""
    for pid in renderer_pids():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def load_once(browser, *, url: str, cookie: dict, profile: dict, timeout_s: float) -> dict:
    """Open ``url`` in a fresh context (cold cache) and time it to a usable board.

    Raises ``LoadTimeoutError`` when the board is not usable within ``timeout_s``;
    the browser should then be closed, since its page was killed.
    """
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(
        locale="en-GB", extra_http_headers=PROXY_HEADERS, **profile["context"]
    )
    context.add_cookies([cookie])
    context.add_init_script(MARKS_SCRIPT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if profile["network"]:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **profile["network"]})
    if profile["cpu_rate"] > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu_rate"]})
    watchdog = threading.Timer(timeout_s, stop_renderers)
    # Playwright's own timeouts are a backstop; the watchdog ends a stuck page.
    backstop_ms = (timeout_s + 60) * 1000
    watchdog.start()
    try:
        page.goto(url, wait_until="commit", timeout=backstop_ms)
        page.wait_for_function(
            "() => { const m = window.__benchMarks;"
            " return m && (m.usable !== undefined || m.failed !== undefined); }",
            polling=50,
            timeout=backstop_ms,
        )
        page.wait_for_load_state("load", timeout=backstop_ms)
        figures = page.evaluate(COLLECT_SCRIPT)
    except PlaywrightError as error:
        if watchdog.finished.is_set() or "Timeout" in type(error).__name__:
            raise LoadTimeoutError(f"not usable within {timeout_s:g} s") from error
        raise
    finally:
        watchdog.cancel()
    try:
        if figures["failed"] or figures["usable_ms"] is None:
            raise RuntimeError(f"the board did not become usable: {figures}")
        if profile["cpu_rate"] > 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        cdp.send("HeapProfiler.collectGarbage")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        figures["dom_nodes"] = int(metrics["Nodes"])
        figures["js_heap_mb"] = metrics["JSHeapUsedSize"] / 2**20
        figures["html_kb"] = figures["html_bytes"] / 1024
        for key in ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration"):
            figures[key] = round(metrics[key] * 1000, 1)  # ms of main-thread work, all of it
    finally:
        context.close()
    return figures


def spread(values: list[float]) -> dict:
    """Median, p90 (inclusive quantiles) and max."""
    values = sorted(values)
    p90 = values[0]
    if len(values) > 1:
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
    return {"median": statistics.median(values), "p90": p90, "max": values[-1]}


def summarise(runs: list[dict], *, timeouts: int, timeout_s: float) -> dict:
    """Median/p90/max of every timed figure; medians of the sizes; any loads that timed out."""
    out = {"loads": len(runs), "timeouts": timeouts, "timeout_s": timeout_s}
    if runs:
        out.update({key: spread([r[key] for r in runs]) for key in TIMED})
        out.update({key: statistics.median(r[key] for r in runs) for key in SIZES})
    out["runs"] = runs
    return out


def warm_up(url: str, cookie: dict) -> None:
    """One plain GET, so the server has compiled its templates before the timed loads."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request(
            "GET",
            parts.path,
            headers={**PROXY_HEADERS, "Cookie": f"{cookie['name']}={cookie['value']}"},
        )
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"warm-up GET {url}: HTTP {response.status}")
    finally:
        connection.close()


def measure(
    base_url: str,
    board: dict,
    *,
    repeat: int,
    profiles: list[str],
    roles: list[str],
    timeout_s: float,
) -> dict:
    """Every profile x role, ``repeat`` cold loads each.

    A load that is not usable within ``timeout_s`` is counted as a timeout and
    the rest of that row is skipped: repeating a multi-minute load tells
    nothing more.
    """
    from playwright.sync_api import sync_playwright

    url = f"{base_url}/live/s/{board['session_id']}/"
    cookies = {
        role: {"name": board["cookie_name"], "value": board["cookies"][role], "url": base_url}
        for role in roles
    }
    for role in roles:
        warm_up(url, cookies[role])
    results = {"chromium": None}
    with sync_playwright() as playwright:

        def launch():
            return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        browser = launch()
        results["chromium"] = browser.version
        try:
            for name in profiles:
                results[name] = {}
                for role in roles:
                    runs, timeouts = [], 0
                    for _ in range(repeat):
                        try:
                            runs.append(
                                load_once(
                                    browser,
                                    url=url,
                                    cookie=cookies[role],
                                    profile=PROFILES[name],
                                    timeout_s=timeout_s,
                                )
                            )
                        except LoadTimeoutError:
                            timeouts += 1
                            browser.close()  # its page was killed: start afresh
                            browser = launch()
                            break
                    results[name][role] = summarise(runs, timeouts=timeouts, timeout_s=timeout_s)
        finally:
            browser.close()
    return results


COLUMNS = {
    "ttfb_ms": "ttfb",
    "html_done_ms": "html",
    "fcp_ms": "fcp",
    "dcl_ms": "dcl",
    "js_rendered_ms": "drawn",
    "ready_ms": "ready",
    "usable_ms": "usable",
    "load_ms": "load",
}


def report(result: dict) -> str:
    """A plain-text table: median / p90 / max of each time, then the sizes."""
    board = result["board"]
    lines = [
        f"Large board: {board['people']} people x {board['charts_per_person']} charts x "
        f"{board['notes_per_chart']} notes = {board['notes']} notes; server {result['server']}; "
        f"{result['repeat']} cold loads each; ms from navigation start",
        f"{'profile':<10} {'role':<12} {'':<6} " + " ".join(f"{c:>7}" for c in COLUMNS.values()),
    ]
    for name in result["profiles"]:
        for role in result["roles"]:
            m = result[name][role]
            if m["loads"]:
                for i, stat in enumerate(("median", "p90", "max")):
                    label = f"{name:<10} {role:<12}" if i == 0 else " " * 23
                    cells = " ".join(f"{m[key][stat]:7.0f}" for key in COLUMNS)
                    lines.append(f"{label} {stat:<6} {cells}")
            offline = sum(run["went_offline"] for run in m["runs"])
            if offline:
                lines.append(
                    f"{' ' * 23} {offline} load(s) lost the socket before the welcome "
                    "and reconnected"
                )
            if m["timeouts"]:
                label = f"{name:<10} {role:<12}" if not m["loads"] else " " * 23
                lines.append(
                    f"{label} not usable within {m['timeout_s']:.0f} s "
                    f"({m['timeouts']} load timed out; the rest of the row was skipped)"
                )
    lines += [
        "ttfb: response starts (under emulated throttling Chrome reports it before the emulated",
        "delay); html: HTML received; fcp: first contentful paint; dcl: DOMContentLoaded;",
        "drawn: board.js has taken over the drawn board (status 'Connecting'); ready: welcome and",
        "board rendered (status 'live'); usable: the next frame painted; load: load event.",
        "",
        f"{'profile':<10} {'role':<12} {'HTML KB':>8} {'elements':>9} {'nodes':>8} "
        f"{'heap MB':>8} {'notes':>6}",
    ]
    for name in result["profiles"]:
        for role in result["roles"]:
            m = result[name][role]
            if not m["loads"]:
                lines.append(f"{name:<10} {role:<12} (no load finished)")
                continue
            lines.append(
                f"{name:<10} {role:<12} {m['html_kb']:8.0f} {m['dom_elements']:9.0f} "
                f"{m['dom_nodes']:8.0f} {m['js_heap_mb']:8.1f} {m['notes_shown']:6.0f}"
            )
    lines.append("heap: JS heap used after a garbage collection, once usable; medians")
    return "\n".join(lines)


def machine() -> dict:
    """What the figures were measured on, and how busy it was."""
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    """Parse arguments, build the board, load it in Chromium, print and save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--notes-per-chart", type=int, default=20)
    parser.add_argument("--devices-per-person", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server", choices=SERVERS, default="daphne")
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds a load may take to be usable"
    )
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--build-board", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_board:  # inside the server's environment, called by board_setup()
        json.dump(
            build_board(
                people=args.people,
                notes_per_chart=args.notes_per_chart,
                devices_per_person=args.devices_per_person,
            ),
            sys.stdout,
        )
        return
    profiles = args.profiles.split(",")
    roles = args.roles.split(",")
    for name in profiles:
        if name not in PROFILES:
            parser.error(f"unknown profile {name!r}: choose from {', '.join(PROFILES)}")
    for role in roles:
        if role not in ROLES:
            parser.error(f"unknown role {role!r}: choose from {', '.join(ROLES)}")
    if not os.path.exists(CHROMIUM):
        parser.error(f"Chromium is not at {CHROMIUM} (set CHROMIUM=...)")

    with tempfile.TemporaryDirectory() as workdir:
        boards = []

        def build(env):
            boards.append(
                board_setup(
                    env,
                    people=args.people,
                    notes_per_chart=args.notes_per_chart,
                    devices_per_person=args.devices_per_person,
                )
            )

        with product_server(Path(workdir), server=args.server, before_start=build) as server:
            pin_to_core(1)  # Chromium and its children inherit this; the server is on core 0
            before = machine()
            measured = measure(
                server["base_url"],
                boards[0],
                repeat=args.repeat,
                profiles=profiles,
                roles=roles,
                timeout_s=args.timeout,
            )
    board = {k: v for k, v in boards[0].items() if k not in ("cookies", "cookie_name")}
    result = {
        "board": board,
        "server": args.server,
        "repeat": args.repeat,
        "profiles": profiles,
        "roles": roles,
        "profile_descriptions": {name: PROFILES[name]["description"] for name in profiles},
        "machine": {**before, "load_average_after": machine()["load_average"]},
        **measured,
    }
    print(report(result))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
