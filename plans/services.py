"""Writing plans: saving a version, setting the review date, and the indicative budget."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from plans import money
from plans.cards import card_code_hash, card_code_new
from plans.documents import PlanDocument
from plans.models import (
    QUESTION_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    BudgetPart,
    Clarifiable,
    CostLine,
    Plan,
    PlanAction,
    PlanCard,
    PlanVersion,
)
from plans.selectors import DIRECT_PAYMENTS
from plans.versions import document_content

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
