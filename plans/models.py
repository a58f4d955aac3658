"""A person's own support plan, and the versions of it they chose to keep.

The plan belongs to the person, not to a session: a Planning Live seat
(``sessions_live.FocusPerson``) is its place on a board, and the charts on
that seat are its sections. Brought to a later session, the same charts move
to a new seat there. Its words are not copied here: they are the notes on
those charts, read whenever the plan is shown. A saved version is the one
deliberate copy, because a version must never change.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

# As long as a facilitator's question on a note, and a short answer to it.
QUESTION_MAX_LENGTH = 300
REPLY_MAX_LENGTH = 500


class Plan(models.Model):
    """One person's support plan."""

    review_on = models.DateField(
        null=True, blank=True, help_text="When the person and their council will look at it again."
    )
    # The review date the person and their facilitator were last emailed about
    # (sessions_live.reviews), so each date is told once; a new date differs, so is told.
    review_told_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Plan {self.pk}"


class PlanVersion(models.Model):
    """The plan as it stood when someone saved it ("after meeting 1", "for the panel")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(max_length=80)
    # Who saved it, in words, as the server knew them when they saved: "Amira (herself)".
    saved_by = models.CharField(max_length=140)
    saved_at = models.DateTimeField(default=timezone.now)
    # plans.versions.document_content(): the headings and every note's words and writer.
    content = models.JSONField()

    class Meta:
        ordering = ["saved_at", "id"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        """Add a version; a saved version is never changed (that is what makes it one)."""
        if not self._state.adding:
            raise ValueError("A saved version of a plan never changes.")
        super().save(*args, **kwargs)


class PlanCard(models.Model):
    """A printed card that brings the person back to their plan from any device."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cards")
    # plans.cards.card_code_hash of the card's words; the words are shown once, to print.
    code_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"Card for plan {self.plan_id}"


class BudgetPart(models.Model):
    """One part of a person's indicative personal budget: an amount, where it comes
    from and how it will be managed. Most people have one part; some have council
    money and NHS money, or add some of their own.

    The facilitator or ULO worker records it, and it stays sealed until they
    reveal it to the person's own table (``revealed_at``). Until then nothing the
    person or their allies can open hints at it (``plans.selectors.budget_summary``).
    """

    class Period(models.TextChoices):
        # The same words as plans.money.Period, so amounts convert without a table.
        WEEK = "week", "a week"
        YEAR = "year", "a year"

    class Source(models.TextChoices):
        COUNCIL = "council", "The council"
        NHS = "nhs", "The NHS"
        OWN = "own", "The person's own money"

    class Management(models.TextChoices):
        NOT_DECIDED = "", "Not decided yet"
        DIRECT_PAYMENT = "direct_payment", "Direct payment"
        SUITABLE_PERSON = "suitable_person", "Direct payment to a suitable person"
        ISF = "isf", "Individual Service Fund"
        COUNCIL = "council", "Managed by the council"

    class PaidEvery(models.TextChoices):
        # How often a direct payment reaches the person's account.
        NOT_DECIDED = "", "Not decided yet"
        WEEK = "week", "every week"
        FOUR_WEEKS = "four_weeks", "every 4 weeks"
        MONTH = "month", "every month"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_parts")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    period = models.CharField(max_length=8, choices=Period.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    managed_as = models.CharField(
        max_length=24, choices=Management.choices, blank=True, default=Management.NOT_DECIDED
    )
    # Who recorded it, in words, as the server knew them: "Fran (facilitator)".
    recorded_by = models.CharField(max_length=140)
    # Care Act 2014 s25: for a direct payment, the plan says how often it is paid
    # (the amount each time follows from the budget: plans.money.payment_amount).
    paid_every = models.CharField(
        max_length=12, choices=PaidEvery.choices, blank=True, default=PaidEvery.NOT_DECIDED
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Budget part {self.pk} of plan {self.plan_id}"


class Clarifiable(models.Model):
    """A row the facilitator can ask to be made clearer, as they can a note: they ask
    a question, the person answers it (or changes the row), and the facilitator
    marks it clear. The person's words stand either way."""

    class Clarification(models.TextChoices):
        NONE = "", "None"
        ASKED = "asked", "Asked"
        ANSWERED = "answered", "Answered"

    clarification = models.CharField(
        max_length=10, choices=Clarification.choices, blank=True, default=""
    )
    clarification_question = models.CharField(max_length=QUESTION_MAX_LENGTH, blank=True)
    clarification_reply = models.CharField(max_length=REPLY_MAX_LENGTH, blank=True)

    class Meta:
        abstract = True


class CostLine(Clarifiable):
    """One row of the costing under "How will I spend my budget": what the support is,
    who gives it, and what it costs (``plans.money.CostLine`` does the sums).

    Paid support costs either hours a week at an hourly rate, or a fixed amount a
    week, month or year, or once. Unpaid support is listed with no cost, because
    it is part of the plan too.
    """

    class Period(models.TextChoices):
        # The same words as plans.money.Period.
        WEEK = "week", "a week"
        MONTH = "month", "a month"
        YEAR = "year", "a year"
        ONE_OFF = "one_off", "once"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cost_lines")
    what = models.CharField(max_length=200)
    who = models.CharField(max_length=100, blank=True)
    paid = models.BooleanField(default=True)
    hours_per_week = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    hourly_rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    period = models.CharField(max_length=8, choices=Period.choices, blank=True)
    is_contingency = models.BooleanField(
        default=False, help_text="Money set aside in case something goes wrong."
    )
    # Who wrote or last changed it, in words as the server knew them: "Yusuf (ally: family)".
    written_by = models.CharField(max_length=140)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.what


class PlanAction(Clarifiable):
    """One row of the action plan: what will happen, who will do it, by when, and how
    everyone will know it worked. The person's words stand as written: the SMART
    helper (``plans.smart``) only suggests."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(max_length=300)
    who = models.CharField(max_length=100, blank=True)
    # As typed: a date ("12 March 2027"), or how often ("every week").
    when = models.CharField(max_length=100, blank=True)
    how_we_know = models.CharField(max_length=300, blank=True)
    written_by = models.CharField(max_length=140)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.what


# --- Sharing: the person shares their plan with whom they choose (issue 13) -----------------


class PlanShare(models.Model):
    """The person's plan shared with one named person by a personal link that needs no
    account: which parts they may see, the plan as it is now or a saved version, until
    when, and whether they may leave a comment. Only a hash of the link's secret is kept
    (``plans.shares``); the link is shown once, to give. The person can stop it at any
    time, and sees every opening in their plan's log."""

    class Role(models.TextChoices):
        GP = "gp", "GP or doctor"
        SOCIAL_WORKER = "social_worker", "Social worker"
        PA = "pa", "Personal assistant (PA)"
        PROVIDER = "provider", "Support provider"
        FAMILY = "family", "Family"
        FRIEND = "friend", "Friend"
        OTHER = "other", "Someone else"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shares")
    # A saved version, or None for the plan as it is whenever the link is opened.
    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    recipient_name = models.CharField(max_length=100)
    recipient_role = models.CharField(max_length=20, choices=Role.choices)
    # Which parts they see: [] for the whole plan, else keys from plans.shares.share_parts
    # ("profile", "money", "actions", or "heading:<title>").
    parts = models.JSONField(default=list, blank=True)
    may_comment = models.BooleanField(default=False)
    # The link works to the end of this day; None: until the person stops it.
    ends_on = models.DateField(null=True, blank=True)
    # plans.shares.share_token_hash of the link's secret; the secret itself is not kept.
    token_hash = models.CharField(max_length=64, unique=True)
    # Who shared it, in words, as the server knew them: "Amira (themself)".
    shared_by = models.CharField(max_length=140)
    shared_at = models.DateTimeField(default=timezone.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at", "-id"]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} shared with {self.recipient_name}"


class ShareComment(models.Model):
    """A comment a recipient left for the person. It never changes the plan."""

    share = models.ForeignKey(PlanShare, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(max_length=REPLY_MAX_LENGTH * 2)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


# --- Panel sign-off: a council's panel agrees the plan (issue 13) ---------------------------


class Panel(models.Model):
    """A council's support planning and approval group. Its members (accounts in the
    "Panel members" group, added here) see only the plans submitted to this panel."""

    name = models.CharField(
        max_length=120, help_text='For example: "Redcar support planning panel".'
    )
    council = models.CharField(
        max_length=120, help_text='For example: "Redcar and Cleveland Council".'
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="council_panels",
        help_text="Who sits on this panel.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PanelSubmission(models.Model):
    """One saved version of a plan sent to a panel, and the panel's decision on it."""

    class Decision(models.TextChoices):
        WAITING = "", "Waiting for the panel"
        AGREED = "agreed", "Agreed"
        CONDITIONS = "conditions", "Agreed with conditions"
        CHANGES = "changes", "Changes asked for"

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="submissions")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="submissions")
    # The frozen version the panel reads: never the live plan.
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.CharField(max_length=140)
    submitted_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(max_length=REPLY_MAX_LENGTH * 2, blank=True)
    decision = models.CharField(
        max_length=12, choices=Decision.choices, blank=True, default=Decision.WAITING
    )
    conditions = models.TextField(max_length=REPLY_MAX_LENGTH * 4, blank=True)
    decided_by = models.CharField(max_length=140, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} to {self.panel}"


class PanelComment(models.Model):
    """A panel member's comment on a submitted plan, tied to one of its sections."""

    submission = models.ForeignKey(
        PanelSubmission, on_delete=models.CASCADE, related_name="comments"
    )
    # The section it is about, by its title as the version has it ("" for the whole plan).
    section = models.CharField(max_length=200, blank=True)
    text = models.TextField(max_length=REPLY_MAX_LENGTH * 2)
    written_by = models.CharField(max_length=140)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]
