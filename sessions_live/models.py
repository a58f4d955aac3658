"""Planning Live: sessions, focus people, charts, notes and the change log.

The models hold data only. The rules live in ``domain.py`` (pure) and the
writes in ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from sessions_live.domain import NOTE_MAX_LENGTH, QUESTION_MAX_LENGTH
from sessions_live.palette import COLOUR_CHOICES, SYMBOL_CHOICES


class ChartTemplateSet(models.Model):
    """An ordered set of chart headings a facilitator can reuse across sessions."""

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chart_template_sets",
        help_text="Empty for the built-in set every facilitator can use.",
    )
    is_builtin = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_builtin", "name"]

    def __str__(self) -> str:
        return self.name


class ChartTemplateHeading(models.Model):
    """One heading in a template set, with a short prompt."""

    template_set = models.ForeignKey(
        ChartTemplateSet, on_delete=models.CASCADE, related_name="headings"
    )
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=80)
    prompt = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class PlanningSession(models.Model):
    """A Planning Live session: one room, run by one facilitator, over one or more meetings."""

    title = models.CharField(max_length=120)
    # Empty only on a plan the person started themself, on their own
    # (services.own_plan_start_alone): nobody runs that board but them.
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planning_sessions",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    venue = models.CharField(max_length=200, blank=True)
    is_online = models.BooleanField(default=False)
    template_set = models.ForeignKey(
        ChartTemplateSet, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_locked = models.BooleanField(default=False)
    # A board for one person's plan on its own (an enabler sitting with them,
    # as WECIL's Create My Support Plan), not a group: later brought to a
    # group session like any other plan (services.focus_person_bring).
    is_own_plan = models.BooleanField(default=False)
    # The sequence number of the latest change; every change takes the next one.
    last_seq = models.PositiveBigIntegerField(default=0)
    # The seq of the latest change to who may see what (a person made private
    # or public). A screen resuming from before it gets a fresh board, never a
    # replay, so it stops showing what it may no longer see.
    visibility_seq = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Table(models.Model):
    """A table in the room, where a focus person sits with their allies."""

    session = models.ForeignKey(PlanningSession, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class FocusPerson(models.Model):
    """Someone making their own support plan in the session."""

    session = models.ForeignKey(
        PlanningSession, on_delete=models.CASCADE, related_name="focus_people"
    )
    table = models.ForeignKey(
        Table, on_delete=models.SET_NULL, null=True, blank=True, related_name="focus_people"
    )
    first_name = models.CharField(max_length=60)
    colour = models.CharField(max_length=20, choices=COLOUR_CHOICES)
    symbol = models.CharField(max_length=20, choices=SYMBOL_CHOICES)
    is_private = models.BooleanField(
        default=False,
        help_text="Only this person, their allies and the facilitator see the charts.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Only the SHA-256 of the invite token is kept; the link is shown once.
    invite_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    join_code = models.CharField(max_length=12, blank=True, db_index=True)
    join_code_expires_at = models.DateTimeField(null=True, blank=True)
    # Their own plan (plans.Plan), which outlives this session. A seat is that
    # plan's place on this board: the charts on the seat are the plan's
    # sections. When the person brings their plan to a later session, its
    # charts move to the new seat (services.focus_person_bring): one copy, never two.
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="seats")

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "focus people"

    def __str__(self) -> str:
        return self.first_name


class Chart(models.Model):
    """One flip-chart heading for one focus person."""

    session = models.ForeignKey(PlanningSession, on_delete=models.CASCADE, related_name="charts")
    focus_person = models.ForeignKey(FocusPerson, on_delete=models.CASCADE, related_name="charts")
    title = models.CharField(max_length=80)
    prompt = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_locked = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.focus_person}: {self.title}"


class Participant(models.Model):
    """A focus person or ally who joined from a link or code, on one device."""

    class Relation(models.TextChoices):
        ME = "me", "This is me"
        FAMILY = "family", "Family"
        FRIEND = "friend", "Friend"
        PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
        SUPPORT_WORKER = "support_worker", "Support worker"
        OTHER = "other", "Other"

    session = models.ForeignKey(
        PlanningSession, on_delete=models.CASCADE, related_name="participants"
    )
    focus_person = models.ForeignKey(
        FocusPerson, on_delete=models.CASCADE, related_name="participants"
    )
    display_name = models.CharField(max_length=60)
    relation = models.CharField(max_length=30, choices=Relation.choices)
    # SHA-256 of a random device id kept in the device's server-side session.
    device_hash = models.CharField(max_length=64, db_index=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # "This is me" has a say over the plan (versions, card, allies, privacy), so
    # only the first claim counts at once; a later one waits for the facilitator.
    me_confirmed = models.BooleanField(default=True)
    # An ally's own card: plans.cards.card_code_hash of its words (the person has
    # the plan card). Empty until they make one; a new one stops the old.
    card_hash = models.CharField(max_length=64, blank=True, db_index=True)
    card_issued_at = models.DateTimeField(null=True, blank=True)
    # The person lets this ally share their plan by a link (plans.PlanShare) for them.
    may_share = models.BooleanField(default=False)
    # The optional account this participant signs in with, to come back on any
    # device without a card. Signing in brings every participant it holds.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_participants",
    )

    class Meta:
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return self.display_name


class Note(models.Model):
    """Something written on a chart."""

    class Clarification(models.TextChoices):
        NONE = "", "None"
        ASKED = "asked", "Asked"
        ANSWERED = "answered", "Answered"

    class Day(models.TextChoices):
        ANY = "", "Any day"
        GOOD = "good", "On a good day"
        BAD = "bad", "On a bad day"

    session = models.ForeignKey(PlanningSession, on_delete=models.CASCADE, related_name="notes")
    chart = models.ForeignKey(Chart, on_delete=models.CASCADE, related_name="notes")
    author_participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planning_notes",
    )
    author_name = models.CharField(max_length=60)
    # Who last changed the words, when that was not the writer (the facilitator):
    # the note stays the writer's, and says whose words these now are. Empty
    # when the words are the writer's own.
    changed_by = models.CharField(max_length=60, blank=True)
    # The facilitator's suggested rewording, waiting for the writer to take it
    # or keep their own words (the course's rule: facilitators do not write on
    # someone's chart for them). Empty when nothing is suggested.
    suggestion = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    suggested_by = models.CharField(max_length=60, blank=True)
    text = models.TextField(max_length=NOTE_MAX_LENGTH)
    is_starred = models.BooleanField(default=False)
    clarification = models.CharField(
        max_length=10, choices=Clarification.choices, blank=True, default=""
    )
    clarification_question = models.CharField(max_length=QUESTION_MAX_LENGTH, blank=True)
    clarification_reply = models.CharField(max_length=NOTE_MAX_LENGTH, blank=True)
    # For a condition that comes and goes: which kind of day the note is true on
    # ("" any day; plans.headings.DAY_WORDS), shown side by side in the plan.
    day = models.CharField(max_length=4, choices=Day.choices, blank=True, default="")
    is_removed = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_seq = models.PositiveBigIntegerField()
    updated_seq = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_seq", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class BoardEvent(models.Model):
    """One numbered change in a session: the log that reconnecting screens replay."""

    session = models.ForeignKey(PlanningSession, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    # Set for changes to one person's charts, so replay can honour privacy.
    focus_person = models.ForeignKey(
        FocusPerson, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor_key = models.CharField(max_length=40)
    op_id = models.CharField(max_length=64, blank=True)
    # Which screens see this change: "public", or "private-<focus person id>"
    # while that person is private; and the seq of the stream's previous
    # change, so a screen can tell it missed one (docs/live-protocol.md, 3.4).
    stream = models.CharField(max_length=40, default="public")
    prev_seq = models.PositiveBigIntegerField(default=0)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            # A stream's latest change, found without reading the session's log.
            models.Index(fields=["session", "stream", "seq"], name="board_event_stream_head"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="board_event_unique_seq"),
            models.UniqueConstraint(
                fields=["session", "actor_key", "op_id"],
                condition=~Q(op_id=""),
                name="board_event_unique_op_per_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.seq} {self.kind}"


class Presence(models.Model):
    """One open connection to a session's board, for "who is here" per table."""

    session = models.ForeignKey(PlanningSession, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    display_name = models.CharField(max_length=60)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.display_name} on {self.channel_name}"
