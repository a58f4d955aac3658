"""Email the person and their facilitator when a plan's review is near.

Run once a day (cron or a systemd timer: see the README, "Review reminders").
Each review date is told once (``Plan.review_told_on``), so running it again the
same day, or every day, tells nobody twice; a new review date is told again.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sessions_live.reviews import REVIEW_SOON_DAYS, reviews_tell


class Command(BaseCommand):
    help = (
        f"Email the person and their facilitator about each plan whose review is due within "
        f"{REVIEW_SOON_DAYS} days (or has passed) and was not told of yet. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REVIEW_SOON_DAYS,
            help=f"Tell reviews due within this many days (default {REVIEW_SOON_DAYS}).",
        )

    def handle(self, *args, days: int = REVIEW_SOON_DAYS, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        told = reviews_tell(today=timezone.localdate(), within_days=days)
        noun = "plan" if told == 1 else "plans"
        self.stdout.write(f"Told {told} {noun} about a review that is near.")
