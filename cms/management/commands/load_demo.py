"""Load the demo content: users, the site tree and every app's demo data."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail import hooks


class Command(BaseCommand):
    """``manage.py load_demo``: idempotent, safe to run again."""

    help = "Create or refresh the demo users and demo content. Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-users",
            action="store_true",
            help="Load the demo even when the settings do not allow it (never in production).",
        )

    def handle(self, *args, **options):
        if not (settings.DEMO_CONTENT_ALLOWED or options["allow_demo_users"]):
            raise CommandError(
                "Demo content has published passwords, so these settings do not allow it. "
                "Use the local settings, or pass --allow-demo-users on a machine nobody else uses."
            )
        for loader in hooks.get_hooks("register_demo_content"):
            for line in loader() or []:
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
