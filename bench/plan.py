"""One person's support plan: the plan page (queries, server time) and each download
(time and size), for a plan of many notes.

    python -m bench.plan                     # 500 notes, 20 page requests, 3 of each download
    python -m bench.plan --notes 20 --requests 3 --repeat 1    # a smoke test

What one run does: a fresh SQLite database in a temporary directory, migrated;
one session (the standard headings) with Amira, Yusuf (her brother) and the
facilitator; ``--notes`` notes written through the real board service, spread
over her headings, each 200 characters with some non-ASCII and an emoji. Then,
in this process, through Django's test client signed in as Yusuf:

- the plan page: its SQL queries (counted twice, to check the count is fixed),
  and the median and p95 of ``--requests`` requests after one warm-up;
- each download: the median time of ``--repeat`` requests and its size.

The time is the view's whole work (reading the plan, rendering, and for the
PDFs WeasyPrint, for Braille liblouis in its own process), without a network
or server in between: the plan's cost, not the server's.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

NOTE = (
    "Swimming with Jo on Saturdays, then café for a hot chocolate 🏊. "
    "I want to choose my own PA, someone who likes music and knows Derby. "
)


def main() -> None:
    """Make the plan, measure it, print the figures (and write them as JSON if asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-plan-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/plan.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    result = measure(notes=args.notes, requests=args.requests, repeat=args.repeat)
    print(json.dumps(result, indent=2))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2))


def _plan_made(notes: int) -> dict:
    """The session, Amira and Yusuf, and ``notes`` notes on her charts through the board service."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from sessions_live import selectors, services

    facilitator = get_user_model().objects.create_user(username="fran")
    session = services.planning_session_create(
        facilitator=facilitator, title="Spring group", starts_on=date(2026, 12, 1), venue=""
    )
    amira = services.focus_person_add(
        session=session, first_name="Amira", table=session.tables.first()
    )
    writers = [
        services.participant_join(
            focus_person=amira, display_name=name, relation=relation, device_id=f"d-{name}"
        )
        for name, relation in (("Amira", "me"), ("Yusuf", "family"))
    ]
    charts = list(amira.charts.order_by("position").values_list("pk", flat=True))
    for n in range(notes):
        services.board_command_apply(
            session_id=session.pk,
            actor=selectors.participant_actor(participant=writers[n % 2]),
            message={
                "type": "add_note",
                "op_id": f"bench-{n}",
                "chart_id": charts[n % len(charts)],
                "text": f"{n}. {NOTE}"[:200],
            },
        )
    return {"session": session, "person": amira, "reader": writers[1]}


def _client_for(participant):
    """A test client whose server-side session is ``participant``'s device, as joining makes it."""
    from django.test import Client

    from sessions_live import access

    client = Client()
    store = client.session
    store[access.DEVICE_KEY] = "bench-device"
    access.participant_remember(
        store, session_id=participant.session_id, participant_id=participant.pk
    )
    store.save()
    return client


def measure(*, notes: int, requests: int, repeat: int) -> dict:
    """Figures for the plan page and each download of a ``notes``-note plan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from plans.formats import PLAN_DOWNLOADS

    made = _plan_made(notes)
    client = _client_for(made["reader"])
    args = [made["session"].pk, made["person"].pk]
    page_url = reverse("live:plan", args=args)

    def get(url: str):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        return response

    get(page_url)  # warm-up: templates compiled, the session read once
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            get(page_url)
        counts.append(len(queries))
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        page = get(page_url)
        times.append((time.perf_counter() - started) * 1000)
    result = {
        "notes": notes,
        "page": {
            "queries": counts,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1),
            "bytes": len(page.content),
        },
        "downloads": {},
    }
    for download in PLAN_DOWNLOADS:
        url = reverse("live:plan_download", args=[*args, download.key])
        took = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = get(url)
            took.append((time.perf_counter() - started) * 1000)
        result["downloads"][download.key] = {
            "median_ms": round(statistics.median(took)),
            "bytes": len(response.content),
        }
    return result


if __name__ == "__main__":
    main()
