"""Create benchmark sessions and participant devices; print them as JSON.

Runs inside Django (the benchmark's own database), so the load generator
itself stays free of Django. Every participant gets a real server-side
session, exactly as if they had joined with an invite link.

    python -m bench.setup_board --sessions 2 --participants 30
    python -m bench.setup_board --notes-of 3,4     # what the database holds, for checks
    python -m bench.setup_board --big-board 10,25  # one board: 10 people x 14 x 25 notes
"""

import argparse
import json
import os
import sys


def main() -> None:
    """Create the data; print {"sessions": [{"id", "participants": [{"cookie", "chart_id"}]}]}."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=0)
    parser.add_argument("--participants", type=int, default=0)
    parser.add_argument(
        "--notes-of", help="comma-separated session ids: print their notes and op ids instead"
    )
    parser.add_argument("--notes-per-person", type=int, default=0)
    parser.add_argument(
        "--big-board",
        help="PEOPLE,NOTES_PER_CHART: one session whose every chart holds that many notes "
        "of 1,000 non-ASCII characters; print its id, a participant's cookie and its seq",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from datetime import date

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from sessions_live import access, services
    from sessions_live.models import BoardEvent, Note
    from sessions_live.selectors import participant_actor

    if args.notes_of:
        ids = [int(i) for i in args.notes_of.split(",")]
        truth = {
            str(session_id): {
                "notes": sorted(
                    Note.objects.filter(session_id=session_id, is_removed=False).values_list(
                        "pk", flat=True
                    )
                ),
                "ops": list(
                    BoardEvent.objects.filter(session_id=session_id, kind="note_added")
                    .exclude(op_id="")
                    .values_list("actor_key", "op_id")
                ),
            }
            for session_id in ids
        }
        json.dump(truth, sys.stdout)
        return

    facilitator, _ = get_user_model().objects.get_or_create(username="bench-facilitator")
    if args.big_board:
        people, notes_per_chart = map(int, args.big_board.split(","))
        board = big_board_make(
            facilitator=facilitator, people=people, notes_per_chart=notes_per_chart
        )
        json.dump(board, sys.stdout)
        return
    out = {"sessions": []}
    for s in range(args.sessions):
        session = services.planning_session_create(
            facilitator=facilitator, title=f"Bench {s}", starts_on=date(2026, 12, 1)
        )
        table = session.tables.first()
        # Up to ten focus people per room, as in a real session; participants share them.
        people = [
            services.focus_person_add(session=session, first_name=f"P{p}", table=table)
            for p in range(min(10, args.participants))
        ]
        participants = []
        for p in range(args.participants):
            person = people[p % len(people)]
            participant = services.participant_join(
                focus_person=person,
                display_name=f"Bench {p}",
                relation="me" if p < len(people) else "friend",
                device_id=f"bench-{session.pk}-{p}",
            )
            store = SessionStore()
            access.participant_remember(store, session_id=session.pk, participant_id=participant.pk)
            store.save()
            charts = list(person.charts.order_by("position"))
            chart = charts[0]
            for n in range(args.notes_per_person):
                services.board_command_apply(
                    session_id=session.pk,
                    actor=participant_actor(participant=participant),
                    message={
                        "type": "add_note",
                        "op_id": f"seed-{n}",
                        "chart_id": charts[n % len(charts)].pk,
                        "text": f"Seed note {n} by {participant.display_name}",
                    },
                )
            participants.append(
                {
                    "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
                    "chart_id": chart.pk,
                }
            )
        out["sessions"].append({"id": session.pk, "participants": participants})
    json.dump(out, sys.stdout)


def big_board_make(*, facilitator, people: int, notes_per_chart: int) -> dict:
    """A board of ``people`` x the 14 standard headings x ``notes_per_chart`` notes of
    1,000 "é".

    With 10 and 25, the largest board the protocol guarantees to open live
    (docs/live-protocol.md, section 4). Returns its id, its latest seq, the
    cookie of the first person's device, and how many notes it holds.

    Written through the real board service, in one transaction (one commit
    instead of thousands; the stored board and its change log are the same).
    """
    from datetime import date

    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from sessions_live import access, services
    from sessions_live.selectors import participant_actor

    session = services.planning_session_create(
        facilitator=facilitator, title="Big board", starts_on=date(2026, 12, 1)
    )
    table = session.tables.first()
    devices = []
    with transaction.atomic():
        for p in range(people):
            person = services.focus_person_add(session=session, first_name=f"P{p}", table=table)
            device = services.participant_join(
                focus_person=person, display_name=f"Big {p}", relation="me", device_id=f"big-{p}"
            )
            devices.append(device)
            actor = participant_actor(participant=device)
            for chart in person.charts.all():
                for n in range(notes_per_chart):
                    services.board_command_apply(
                        session_id=session.pk,
                        actor=actor,
                        message={
                            "type": "add_note",
                            "op_id": f"big-{chart.pk}-{n}",
                            "chart_id": chart.pk,
                            "text": (f"{n} " + "é" * 1000)[:1000],
                        },
                    )
    store = SessionStore()
    access.participant_remember(store, session_id=session.pk, participant_id=devices[0].pk)
    store.save()
    session.refresh_from_db()
    return {
        "session_id": session.pk,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
        "seq": session.last_seq,
        "notes": session.notes.count(),
    }


if __name__ == "__main__":
    main()
