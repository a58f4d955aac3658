"""The audit log: who viewed, downloaded, shared, changed or erased personal data.

A data controller must be able to say who opened a person's plan. Each row
names what was done to which thing, by whom, in words as the server knew them
when it happened ("Fran (facilitator)", "Amira (herself)"). Subjects are kept
as plain numbers, not foreign keys, so that the log outlives what it speaks
of: erasing a person leaves a row saying that they were erased, by whom and
when, and nothing else about them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One thing done to personal data."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        DOWNLOADED = "downloaded", "Downloaded"
        SHARED = "shared", "Shared"
        CHANGED = "changed", "Changed"
        ERASED = "erased", "Erased"
        EXPORTED = "exported", "Gave a copy of everything held"

    class Subject(models.TextChoices):
        PLAN = "plan", "A plan"
        SESSION = "session", "A session"
        PARTICIPANT = "participant", "Someone on a board"
        ACCOUNT = "account", "An account"
        SHARE = "share", "A shared link to a plan"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    subject = models.CharField(max_length=16, choices=Subject.choices)
    subject_id = models.BigIntegerField()
    # The plan this is about, when there is one, so a person can read their plan's log.
    plan_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # The account that did it, if they were signed in; their words stay if it goes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    who = models.CharField(max_length=160)
    # What exactly, in plain words: "the large print download", "version 'for the panel'".
    what = models.CharField(max_length=200, blank=True)

    # Nothing else refers to a row of the log, so Wagtail's reference index
    # (which it keeps for every model registered in its admin) has nothing to do.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="audit_subject")]

    def __str__(self) -> str:
        return f"{self.who} {self.get_action_display().lower()} {self.subject} {self.subject_id}"
