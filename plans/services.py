"""Writing plans: saving a version, setting the review date, and the indicative budget."""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from plans import money, panels, shares
from plans.cards import card_code_hash, card_code_new
from plans.documents import PlanDocument
from plans.formats.common import date_words
from plans.models import (
    QUESTION_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    BudgetPart,
    Clarifiable,
    CostLine,
    Panel,
    PanelComment,
    PanelSubmission,
    Plan,
    PlanAction,
    PlanCard,
    PlanShare,
    PlanVersion,
    ShareComment,
)
from plans.selectors import DIRECT_PAYMENTS, panel_member_allowed
from plans.versions import document_content, document_from_content

LABEL_MAX = 80


class PlanError(Exception):
    """A plan change that cannot be made, with a message for the person who tried."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def plan_create() -> Plan:
    """A new, empty plan."""
    return Plan.objects.create()


@transaction.atomic
def plan_version_save(
    *, plan: Plan, document: PlanDocument, label: str, saved_by: str
) -> PlanVersion:
    """Keep the plan as it stands now, under ``label``; the version never changes after."""
    label = " ".join(label.split())
    if not label:
        raise PlanError(
            "You did not give this version a name. "
            "Type a few words to know it by, like “for the panel”."
        )
    if len(label) > LABEL_MAX:
        raise PlanError(
            f"The name you typed is {len(label)} characters long. "
            f"Make it {LABEL_MAX} or fewer, like “after meeting 1”."
        )
    return PlanVersion.objects.create(
        plan=plan, label=label, saved_by=saved_by, content=document_content(document)
    )


@transaction.atomic
def plan_review_set(*, plan: Plan, review_on: date | None, today: date) -> Plan:
    """Set (or clear, with None) when the plan will be reviewed."""
    if review_on is not None and review_on < today:
        raise PlanError(
            "The review date you chose has already passed. Choose today or a later date."
        )
    if review_on is not None and (review_on - today).days > 3 * 366:
        raise PlanError(
            "The review date you chose is more than three years away. "
            "Plans are usually reviewed at least once a year."
        )
    Plan.objects.filter(pk=plan.pk).update(review_on=review_on)
    plan.review_on = review_on
    return plan


@transaction.atomic
def plan_card_issue(*, plan: Plan) -> str:
    """A new plan card for ``plan``; any card issued before stops working.

    Returns the card's words, once: only their hash is kept.
    """
    PlanCard.objects.filter(plan=plan, stopped_at__isnull=True).update(stopped_at=timezone.now())
    code = card_code_new()
    PlanCard.objects.create(plan=plan, code_hash=card_code_hash(code))
    return code


@transaction.atomic
def plan_versions_writer_forget(
    *, plan_ids, note_keys: set[str], writer: str, only_named: str | None = None
) -> int:
    """Take a leaver's name off the saved versions of ``plan_ids``; their words stay.

    A version is the person's deliberate copy of their plan and otherwise never
    changes (``PlanVersion.save`` refuses), but a name erased from the board
    must not live on in it. Notes whose key is in ``note_keys`` are said to be
    written by ``writer``; with ``only_named``, only where that exact name is
    the writer or the one who changed the words (and in who saved the version).
    Returns how many versions changed.
    """
    changed = 0
    for version in PlanVersion.objects.filter(plan_id__in=list(plan_ids)):
        content = version.content
        touched = False
        for section in content.get("sections", []):
            for note in section.get("notes", []):
                if note.get("key") not in note_keys and only_named is None:
                    continue
                named = only_named is None or note.get("author") == only_named
                if named and note.get("key") in note_keys and note.get("author") != writer:
                    note["author"] = writer
                    touched = True
                if only_named is not None and note.get("changed_by") == only_named:
                    note["changed_by"] = writer
                    touched = True
        saved_by = version.saved_by
        if only_named is not None and saved_by.startswith(f"{only_named} ("):
            saved_by = f"{writer}{saved_by[len(only_named) :]}"[:140]
            touched = True
        if touched:
            # A queryset update: the one change a version may have, its writer's name.
            PlanVersion.objects.filter(pk=version.pk).update(content=content, saved_by=saved_by)
            changed += 1
    return changed


# --- The indicative budget -------------------------------------------------------------


@transaction.atomic
def budget_part_record(
    *,
    plan: Plan,
    amount: Decimal,
    period: str,
    source: str,
    managed_as: str,
    recorded_by: str,
    paid_every: str = "",
) -> BudgetPart:
    """Record one part of a person's indicative budget, sealed until it is revealed.

    ``amount`` is already checked (``plans.money.amount_parse``): exact pounds and
    pence, more than nothing. A part recorded after the reveal is sealed too,
    until the next reveal, so the person is told about it as a moment of its own.

    ``paid_every`` (a ``BudgetPart.PaidEvery`` value, "" for not decided) is how often a
    direct payment is paid, which the plan must say (Care Act 2014 s25). It belongs to
    the two kinds of direct payment only: for anything else it is refused with a
    ``PlanError`` that says what was chosen.
    """
    if amount <= 0:
        raise PlanError("A budget of nothing is not a budget. Type how much it is, like 350.")
    if paid_every not in BudgetPart.PaidEvery.values:
        raise ValueError(f"paid_every must be one of {BudgetPart.PaidEvery.values}")
    if paid_every and managed_as not in DIRECT_PAYMENTS:
        raise PlanError(_not_a_direct_payment(managed_as=managed_as, paid_every=paid_every))
    return BudgetPart.objects.create(
        plan=plan,
        amount=amount,
        period=period,
        source=source,
        managed_as=managed_as,
        paid_every=paid_every,
        recorded_by=recorded_by[:140],
    )


# What a part that is not a direct payment is, for the message that refuses a frequency.
_NOT_A_DIRECT_PAYMENT = {
    BudgetPart.Management.ISF: "it is an Individual Service Fund",
    BudgetPart.Management.COUNCIL: "it is managed by the council",
}


def _not_a_direct_payment(*, managed_as: str, paid_every: str) -> str:
    """Why a frequency was refused: what they chose, and the two ways to put it right."""
    how_often = BudgetPart.PaidEvery(paid_every).label
    what = _NOT_A_DIRECT_PAYMENT.get(managed_as, "how it will be managed is not decided yet")
    return (
        f"You chose how often a direct payment is paid ({how_often}), but this part is not "
        f"a direct payment: {what}. Choose “Not decided yet” for how often, or "
        "choose a direct payment for how it will be managed."
    )


@transaction.atomic
def budget_part_remove(*, plan: Plan, part_id: int) -> BudgetPart | None:
    """Take a part recorded by mistake off the plan's budget; None if it is not there."""
    part = BudgetPart.objects.filter(plan=plan, pk=part_id).first()
    if part is not None:
        part.delete()
    return part


@transaction.atomic
def budget_reveal(*, plan: Plan, now=None) -> int:
    """Unseal every sealed part of ``plan``'s budget; returns how many were sealed."""
    return BudgetPart.objects.filter(plan=plan, revealed_at__isnull=True).update(
        revealed_at=now or timezone.now()
    )


# --- The costing ------------------------------------------------------------------------

COST_WHAT_MAX = 200
COST_WHO_MAX = 100
# More rows than any plan needs; a runaway script stops here.
COST_LINES_MAX = 60


def _typed(value: str, parse) -> Decimal | None:
    """A typed amount or number of hours, or None when nothing was typed."""
    value = (value or "").strip()
    return parse(value) if value else None


@transaction.atomic
def cost_line_save(
    *,
    plan: Plan,
    what: str,
    who: str,
    paid: bool,
    hours_per_week: str,
    hourly_rate: str,
    amount: str,
    period: str,
    is_contingency: bool,
    written_by: str,
    line_id: int | None = None,
    by_facilitator: bool = False,
) -> CostLine:
    """Add a row to the plan's costing, or change one, from what people typed.

    Amounts and hours come as typed ("£12.50", "7.5"), and are checked by
    ``plans.money``; anything wrong raises ``money.MoneyError`` with a message
    that says what was typed and what to do, and nothing is saved. A row the
    facilitator asked about, changed by anyone else, counts as answered.
    """
    what = " ".join((what or "").split())[:COST_WHAT_MAX]
    who = " ".join((who or "").split())[:COST_WHO_MAX]
    if not what:
        raise money.MoneyError(
            "what_missing", "Say what the support is, for example: a personal assistant."
        )
    if period and period not in CostLine.Period.values:
        raise money.MoneyError("period_unknown", "Choose how often it is paid.")
    line = money.CostLine(
        what=what,
        who=who,
        paid=paid,
        hours_per_week=_typed(hours_per_week, money.hours_parse),
        hourly_rate=_typed(hourly_rate, money.amount_parse),
        amount=_typed(amount, money.amount_parse),
        period=money.Period(period) if period else None,
        is_contingency=is_contingency,
    )
    money.cost_line_check(line)
    if line_id is None:
        if CostLine.objects.filter(plan=plan).count() >= COST_LINES_MAX:
            raise money.MoneyError(
                "too_many_lines", f"A costing can have {COST_LINES_MAX} rows at most."
            )
        row = CostLine(plan=plan)
    else:
        row = CostLine.objects.select_for_update().filter(plan=plan, pk=line_id).first()
        if row is None:
            raise money.MoneyError("line_gone", "That row has been taken off the costing.")
    row.what, row.who, row.paid = what, who, paid
    row.hours_per_week, row.hourly_rate = line.hours_per_week, line.hourly_rate
    row.amount, row.period = line.amount, period if line.period else ""
    row.is_contingency = is_contingency
    _answered_by_change(row, by_facilitator=by_facilitator)
    row.written_by = written_by[:140]
    row.written_at = timezone.now()
    row.save()
    return row


@transaction.atomic
def cost_line_remove(*, plan: Plan, line_id: int) -> CostLine | None:
    """Take a row off the plan's costing; None if it was not there."""
    row = CostLine.objects.filter(plan=plan, pk=line_id).first()
    if row is not None:
        row.delete()
    return row


# --- The action plan ------------------------------------------------------------------------

ACTIONS_MAX = 60


def _words(text: str, most: int) -> str:
    return " ".join((text or "").split())[:most]


@transaction.atomic
def plan_action_save(
    *,
    plan: Plan,
    what: str,
    who: str,
    when: str,
    how_we_know: str,
    written_by: str,
    action_id: int | None = None,
    by_facilitator: bool = False,
) -> PlanAction:
    """Add a row to the action plan, or change one. The words are kept as written
    (trimmed to fit); only an empty "what" is refused, since then there is no action.
    An action the facilitator asked about, changed by anyone else, counts as answered."""
    what = _words(what, 300)
    if not what:
        raise PlanError("Write what will happen, for example: go swimming on Tuesdays.")
    if action_id is None:
        if PlanAction.objects.filter(plan=plan).count() >= ACTIONS_MAX:
            raise PlanError(f"An action plan can have {ACTIONS_MAX} rows at most.")
        row = PlanAction(plan=plan)
    else:
        row = PlanAction.objects.select_for_update().filter(plan=plan, pk=action_id).first()
        if row is None:
            raise PlanError("That action has been taken off the plan.")
    row.what = what
    row.who = _words(who, 100)
    row.when = _words(when, 100)
    row.how_we_know = _words(how_we_know, 300)
    _answered_by_change(row, by_facilitator=by_facilitator)
    row.written_by = written_by[:140]
    row.written_at = timezone.now()
    row.save()
    return row


@transaction.atomic
def plan_action_remove(*, plan: Plan, action_id: int) -> PlanAction | None:
    """Take a row off the action plan; None if it was not there."""
    row = PlanAction.objects.filter(plan=plan, pk=action_id).first()
    if row is not None:
        row.delete()
    return row


# --- "Make this clearer" on a costing row or an action ---------------------------------------

# The two kinds of row a facilitator can ask about, by the name the board's messages use.
ROW_KINDS: dict[str, type[Clarifiable]] = {"cost_line": CostLine, "action": PlanAction}
ROW_WORDS = {"cost_line": "row of the costing", "action": "action"}


def _answered_by_change(row: Clarifiable, *, by_facilitator: bool) -> None:
    # Changing the row is an answer too (as with a note): the facilitator then
    # sees it is waiting for them to look again.
    if row.clarification == Clarifiable.Clarification.ASKED and not by_facilitator:
        row.clarification = Clarifiable.Clarification.ANSWERED


def _row_for_update(*, plan: Plan, kind: str, row_id: int) -> Clarifiable:
    model = ROW_KINDS.get(kind)
    if model is None:
        raise PlanError("That is not a row of a plan.")
    row = model.objects.select_for_update().filter(plan=plan, pk=row_id).first()
    if row is None:
        raise PlanError(f"That {ROW_WORDS[kind]} has been taken off the plan.")
    return row


@transaction.atomic
def plan_row_question_ask(*, plan: Plan, kind: str, row_id: int, question: str) -> Clarifiable:
    """The facilitator asks for a costing row or an action to be made clearer. The
    row's words are not touched: the person answers, or changes them, or not."""
    row = _row_for_update(plan=plan, kind=kind, row_id=row_id)
    question = _words(question, QUESTION_MAX_LENGTH)
    if not question:
        raise PlanError("Write your question first, for example: who will do this?")
    row.clarification = Clarifiable.Clarification.ASKED
    row.clarification_question = question
    row.clarification_reply = ""
    row.save(update_fields=["clarification", "clarification_question", "clarification_reply"])
    return row


@transaction.atomic
def plan_row_question_answer(*, plan: Plan, kind: str, row_id: int, reply: str) -> Clarifiable:
    """The person (or an ally) answers the facilitator's question in words."""
    row = _row_for_update(plan=plan, kind=kind, row_id=row_id)
    if row.clarification != Clarifiable.Clarification.ASKED:
        raise PlanError(
            f"Nobody is asking about this {ROW_WORDS[kind]} now, so there is nothing to answer."
        )
    reply = _words(reply, REPLY_MAX_LENGTH)
    if not reply:
        raise PlanError("Write your answer first. Or change the row itself.")
    row.clarification = Clarifiable.Clarification.ANSWERED
    row.clarification_reply = reply
    row.save(update_fields=["clarification", "clarification_reply"])
    return row


@transaction.atomic
def plan_row_question_close(*, plan: Plan, kind: str, row_id: int) -> Clarifiable:
    """The facilitator marks a row clear: the question and its answer go."""
    row = _row_for_update(plan=plan, kind=kind, row_id=row_id)
    if not row.clarification:
        raise PlanError(f"Nobody has asked about this {ROW_WORDS[kind]}.")
    row.clarification = Clarifiable.Clarification.NONE
    row.clarification_question = ""
    row.clarification_reply = ""
    row.save(update_fields=["clarification", "clarification_question", "clarification_reply"])
    return row


# --- Shares: the person's plan shared by a personal link -------------------------------------

SHARE_COMMENTS_MAX = 50
SHARE_COMMENT_MAX_LENGTH = 1000


@transaction.atomic
def plan_share_create(
    *,
    plan: Plan,
    recipient_name: str,
    recipient_role: str,
    parts: list[str],
    allowed_parts: list[str],
    version_id: int | None,
    may_comment: bool,
    ends_on: date | None,
    shared_by: str,
    today: date,
) -> tuple[PlanShare, str]:
    """Share ``plan`` with one named person: (the share, the link's secret). The secret
    is returned once, to give; only its hash is kept. ``parts`` is [] for the whole
    plan, else keys from ``allowed_parts`` (``plans.shares.share_parts`` of the plan)."""
    name = _words(recipient_name, 100)
    if not name:
        raise PlanError("Write the name of the person you are sharing with, for example: Dr Patel.")
    if recipient_role not in PlanShare.Role.values:
        raise PlanError("Choose who they are, for example: GP, or personal assistant.")
    unknown = [part for part in parts if part not in allowed_parts]
    if unknown:
        raise PlanError("A part you chose is not in the plan any more. Choose the parts again.")
    version = None
    if version_id is not None:
        version = PlanVersion.objects.filter(plan=plan, pk=version_id).first()
        if version is None:
            raise PlanError("That saved version is not one of this plan\u2019s. Choose again.")
    if ends_on is not None and ends_on < today:
        raise PlanError(
            f"The last day you chose, {ends_on:%-d %B %Y}, has passed. Choose today or a later "
            "day, or let it work until you stop it."
        )
    if ends_on is not None and (ends_on - today).days > shares.SHARE_LONGEST_DAYS:
        raise PlanError(
            f"The last day you chose, {ends_on:%-d %B %Y}, is more than a year away. Choose a "
            "day within a year: you can share again later."
        )
    token = shares.share_token_new()
    share = PlanShare.objects.create(
        plan=plan,
        version=version,
        recipient_name=name,
        recipient_role=recipient_role,
        # In the plan's order, whatever order they came in.
        parts=[part for part in allowed_parts if part in set(parts)],
        may_comment=may_comment,
        ends_on=ends_on,
        token_hash=shares.share_token_hash(token),
        shared_by=shared_by[:140],
    )
    return share, token


@transaction.atomic
def plan_share_stop(*, plan: Plan, share_id: int, now=None) -> PlanShare:
    """Stop a share: its link shows nothing from now on, even on a page already open."""
    share = PlanShare.objects.select_for_update().filter(plan=plan, pk=share_id).first()
    if share is None:
        raise PlanError("That link is not one of this plan\u2019s.")
    if share.stopped_at is None:
        share.stopped_at = now or timezone.now()
        share.save(update_fields=["stopped_at"])
    return share


@transaction.atomic
def share_comment_add(*, share: PlanShare, text: str, today: date) -> ShareComment:
    """A recipient's comment for the person. It never changes the plan."""
    state = shares.share_state(stopped_at=share.stopped_at, ends_on=share.ends_on, today=today)
    if not state.works:
        raise PlanError(state.words)
    if not share.may_comment:
        raise PlanError(
            "The person who shared this plan did not ask for comments, so nothing was sent."
        )
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise PlanError("Your comment is empty, so nothing was sent. Write it first.")
    if len(text) > SHARE_COMMENT_MAX_LENGTH:
        raise PlanError(
            f"A comment can be up to {SHARE_COMMENT_MAX_LENGTH:,} characters. Yours has "
            f"{len(text):,}. Nothing was sent: shorten it, or send it in two."
        )
    if ShareComment.objects.filter(share=share).count() >= SHARE_COMMENTS_MAX:
        raise PlanError(
            f"This link has had {SHARE_COMMENTS_MAX} comments, the most it takes. "
            "Talk to the person who shared it."
        )
    return ShareComment.objects.create(share=share, text=text)


# --- Panels ----------------------------------------------------------------------------------
# A council's panel agrees the plan (issue 13): the person (or the facilitator with them)
# sends a saved version; a member of that panel records the decision.

PANEL_NOTE_MAX = REPLY_MAX_LENGTH * 2
PANEL_CONDITIONS_MAX = REPLY_MAX_LENGTH * 4
PANEL_COMMENT_MAX = REPLY_MAX_LENGTH * 2
# Comments one decision can carry: enough for a page of points, not a runaway script.
PANEL_COMMENTS_MAX = 20


class PanelDecisionError(PlanError):
    """A decision that cannot be recorded as sent, with the form field it is about
    ("decision", "conditions", "comments", or "" for the whole form)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _kept_text(text: str, most: int) -> str:
    # The panel's and the person's words as written, line breaks kept, trimmed to fit.
    lines = [" ".join(line.split()) for line in (text or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()[:most]


def _on(moment) -> str:
    return date_words(timezone.localdate(moment))


@transaction.atomic
def panel_submission_send(
    *, plan: Plan, version: PlanVersion, panel: Panel, submitted_by: str, note: str = ""
) -> PanelSubmission:
    """Send a saved version of ``plan`` to ``panel`` to read and decide on.

    A plan waits for one decision at a time from each panel. After a decision, only a
    later version that says something different goes again: after "changes asked for",
    the changed plan; after agreement, a plan that has changed since. Each refusal is a
    ``PlanError`` that says what to do instead.
    """
    if version.plan_id != plan.pk:
        raise PlanError("That version is not one of this plan\u2019s versions.")
    # One sender at a time per plan, so two clicks cannot both find nothing waiting.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    before = (
        PanelSubmission.objects.filter(plan=plan, panel=panel).select_related("version").first()
    )
    if before is not None and before.decision == panels.WAITING:
        raise PlanError(
            f"The plan is already with {panel.name}, sent on {_on(before.submitted_at)}. "
            "You can send it again once the panel has decided."
        )
    if before is not None:
        _panel_resend_check(before=before, version=version, panel=panel)
    return PanelSubmission.objects.create(
        panel=panel,
        plan=plan,
        version=version,
        submitted_by=submitted_by[:140],
        note=_kept_text(note, PANEL_NOTE_MAX),
    )


def _panel_resend_check(*, before: PanelSubmission, version: PlanVersion, panel: Panel) -> None:
    """Refuse to send again what the panel has already decided on."""
    decided = panels.decision_words(
        decision=before.decision, panel=panel.name, on=timezone.localdate(before.decided_at)
    )
    if version.saved_at < before.version.saved_at:
        raise PlanError(
            f"That version is older than “{before.version.label}”, which the panel has "
            f"read already. {decided}. Send a newer version."
        )
    day = timezone.localdate()
    read = document_from_content(before.version.content, label="", saved_on=day, made_on=day)
    sent = document_from_content(version.content, label="", saved_on=day, made_on=day)
    if version.pk == before.version_id or not panels.plan_changed(agreed=read, now=sent):
        if before.decision == panels.CHANGES:
            raise PlanError(
                f"{decided}. This version says the same as the one the panel read. "
                "Change the plan first, then send it again."
            )
        raise PlanError(
            f"{decided}. Nothing has changed since then, so there is nothing new to send."
        )


@transaction.atomic
def panel_submission_decide(
    *,
    submission_id: int,
    user,
    decision: str,
    conditions: str,
    comments: list[tuple[str, str]],
    decided_by: str,
) -> PanelSubmission:
    """Record a panel's decision on a submitted version: agreed, agreed with conditions
    (the conditions are needed), or changes asked for (at least one comment is needed).
    Each comment is (the part of the version it is about, its words); empty ones are
    left out.

    Only a member of the panel it was sent to may decide (``PermissionError`` for
    anyone else), and only once: a decision is never changed, a later version is sent
    instead. Anything else wrong is a ``PanelDecisionError`` naming its field.
    """
    submission = (
        PanelSubmission.objects.select_for_update()
        .select_related("panel", "version")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or not panel_member_allowed(user=user, panel_id=submission.panel_id):
        raise PermissionError("Only a member of the panel it was sent to can decide.")
    if submission.decision != panels.WAITING:
        raise PanelDecisionError(
            f"{submission.decided_by} recorded the panel\u2019s decision on "
            f"{_on(submission.decided_at)} already, so nothing was changed."
        )
    if decision not in panels.DECISIONS:
        raise PanelDecisionError(
            "Choose what the panel decided: agreed, agreed with conditions, or changes asked for.",
            field="decision",
        )
    conditions = _kept_text(conditions, PANEL_CONDITIONS_MAX)
    if decision == panels.CONDITIONS and not conditions:
        raise PanelDecisionError(
            "Write the conditions the panel agreed the plan with, for example: "
            "look again at the PA hours in 3 months.",
            field="conditions",
        )
    if decision != panels.CONDITIONS and conditions:
        raise PanelDecisionError(
            "You wrote conditions, but chose a decision without them. Choose "
            "“Agreed with conditions”, or take the conditions out.",
            field="conditions",
        )
    day = timezone.localdate()
    document = document_from_content(
        submission.version.content, label=submission.version.label, saved_on=day, made_on=day
    )
    parts = dict(panels.comment_parts(document=document))
    kept = []
    for section, text in comments:
        text = _kept_text(text, PANEL_COMMENT_MAX)
        if not text:
            continue
        if section not in parts:
            raise PanelDecisionError(
                "A comment is about a part this version of the plan does not have. "
                "Choose a part from the list.",
                field="comments",
            )
        kept.append((section, text))
    if len(kept) > PANEL_COMMENTS_MAX:
        raise PanelDecisionError(
            f"A decision can have {PANEL_COMMENTS_MAX} comments at most.", field="comments"
        )
    if decision == panels.CHANGES and not kept:
        raise PanelDecisionError(
            "Say what the panel wants changed: write at least one comment, "
            "and choose which part of the plan it is about.",
            field="comments",
        )
    decided_by = decided_by[:140]
    submission.decision = decision
    submission.conditions = conditions
    submission.decided_by = decided_by
    submission.decided_at = timezone.now()
    submission.save(update_fields=["decision", "conditions", "decided_by", "decided_at"])
    PanelComment.objects.bulk_create(
        PanelComment(submission=submission, section=section, text=text, written_by=decided_by)
        for section, text in kept
    )
    return submission


# --- Reviews ---------------------------------------------------------------------------------


def plan_reviews_tell(*, today: date, within_days: int = 14, tell: Callable[[Plan], bool]) -> int:
    """Tell each plan whose review is due within ``within_days`` of ``today`` (or has
    passed) and whose review date nobody has been told of yet; returns how many were told.

    ``tell(plan)`` does the telling (``sessions_live.reviews`` knows who the person and
    their facilitator are, which this app cannot) and says whether anyone was told. Only
    then is ``Plan.review_told_on`` set to the review date, so each date is told once,
    and a new date, being different, is told again. Each plan is its own transaction, so
    one that fails leaves the others told; ``tell`` sends with ``transaction.on_commit``.
    """
    latest = today + timedelta(days=within_days)
    due = (
        Plan.objects.filter(review_on__isnull=False, review_on__lte=latest)
        .exclude(review_told_on=F("review_on"))
        .order_by("review_on", "pk")
        .values_list("pk", flat=True)
    )
    told = 0
    for plan_id in list(due):
        with transaction.atomic():
            # Locked and read again: a second run at the same time, or a review date
            # changed meanwhile, must not tell twice or mark the wrong date told.
            plan = (
                Plan.objects.select_for_update()
                .filter(pk=plan_id, review_on__isnull=False, review_on__lte=latest)
                .exclude(review_told_on=F("review_on"))
                .first()
            )
            if plan is None or not tell(plan):
                continue
            Plan.objects.filter(pk=plan.pk).update(review_told_on=plan.review_on)
            plan.review_told_on = plan.review_on
            told += 1
    return told
