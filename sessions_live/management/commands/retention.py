"""Delete sessions, and the people and plans on them, a set time after they were last used.

Safe to run every day (cron or a systemd timer: see the README, "Retention"):
each session is done in a transaction of its own, and a second run finds
nothing more to do. Plans their owners keep are kept (``erasure.plan_is_kept``).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sessions_live import erasure


class Command(BaseCommand):
    help = (
        "Delete sessions last used more than DJANGO_RETENTION_DAYS days ago (365 unless set), "
        "with the people and plans on them, except plans their owners keep. "
        "--dry-run lists what it would do and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be deleted, and change nothing.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep sessions this many days after they were last used "
            "(default: the DJANGO_RETENTION_DAYS setting).",
        )

    def handle(self, *args, dry_run: bool = False, days: int | None = None, **options):
        days = erasure.retention_days() if days is None else days
        if days < 1:
            raise CommandError("--days must be 1 or more: a session is kept at least a day.")
        today = timezone.localdate()
        steps = erasure.retention_steps(today=today, days=days)
        if dry_run:
            self.stdout.write("Dry run: nothing has been changed.")
        if not steps:
            self.stdout.write(
                f"Nothing to do today. Sessions are kept {days} days after they were last "
                "used, and plans their owners keep stay."
            )
            return
        for step in steps:
            if not dry_run:
                erasure.retention_step_apply(step=step, days=days)
            self.stdout.write(step.says(done=not dry_run))
        count = len(steps)
        noun = "session" if count == 1 else "sessions"
        self.stdout.write(
            f"{count} {noun} {'would change' if dry_run else 'changed'} "
            f"(kept for {days} days after last use)."
        )
