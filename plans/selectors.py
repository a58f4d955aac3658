"""Reading plans: their saved versions, and the indicative budget."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from courses.models import GlossaryTerm
from plans import money
from plans.cards import card_code_hash, card_code_normalise
from plans.documents import PlanDocument
from plans.models import BudgetPart, Plan, PlanCard, PlanVersion
from plans.versions import document_from_content


def plan_versions(*, plan: Plan | None) -> list[PlanVersion]:
    """The versions of ``plan`` the person chose to keep, oldest first (none without a plan)."""
    if plan is None:
        return []
    return list(plan.versions.defer("content"))


def plan_version_find(*, plan: Plan | None, version_id: int) -> PlanVersion | None:
    """One saved version of ``plan``, or None if it is not one of this plan's."""
    if plan is None:
        return None
    return PlanVersion.objects.filter(plan=plan, pk=version_id).first()


def plan_version_document(*, version: PlanVersion, made_on: date) -> PlanDocument:
    """The plan exactly as this version kept it, for its page and downloads."""
    return document_from_content(
        version.content,
        label=version.label,
        saved_on=version.saved_at.date(),
        made_on=made_on,
    )


def plan_card_find(*, typed: str) -> Plan | None:
    """The plan whose card has these words, if the card has not been stopped."""
    if not card_code_normalise(typed):
        return None
    return plan_card_find_by_hash(code_hash=card_code_hash(typed))


def plan_card_find_by_hash(*, code_hash: str) -> Plan | None:
    """The plan whose working card has this hash (a card checked a moment ago, again)."""
    if not code_hash:
        return None
    card = (
        PlanCard.objects.select_related("plan")
        .filter(code_hash=code_hash, stopped_at__isnull=True)
        .first()
    )
    return card.plan if card else None


def plan_card_issued_at(*, plan: Plan | None):
    """When the plan's working card was made, or None if it has none."""
    if plan is None:
        return None
    card = PlanCard.objects.filter(plan=plan, stopped_at__isnull=True).first()
    return card.issued_at if card else None


# --- The indicative budget -------------------------------------------------------------

# The jargon buster's term for each way a budget is managed, so the meaning
# people read is the one trainers keep up to date (courses.GlossaryTerm).
MANAGEMENT_TERMS = {
    BudgetPart.Management.DIRECT_PAYMENT: "direct payment",
    BudgetPart.Management.SUITABLE_PERSON: "suitable person",
    BudgetPart.Management.ISF: "Individual Service Fund",
    BudgetPart.Management.COUNCIL: "managed budget",
}
BUDGET_TERM = "indicative budget"


@dataclass(frozen=True)
class BudgetLine:
    """One part of the budget, in words."""

    id: int
    amount: str  # "£350.00 a week"
    per_year: str  # "£18,200.00"
    per_week: str  # "£350.00"
    source: str  # "The council"
    managed_as: str  # "Direct payment"
    managed_term: str  # the jargon buster's term for it, or ""
    is_sealed: bool
    recorded_by: str


@dataclass(frozen=True)
class BudgetSummary:
    """A plan's indicative budget: its parts and their total, exact, and in words."""

    lines: list[BudgetLine]
    per_year_exact: Decimal
    per_year: str
    per_week: str
    sealed: int  # how many parts are still sealed (only ever counted when asked for)


def budget_summary(*, plan: Plan | None, sealed_too: bool = False) -> BudgetSummary | None:
    """The budget the person has been shown (and, with ``sealed_too``, what is still
    sealed, for the facilitator's set-up page only). None when there is nothing to show,
    so a page before the reveal has nothing that hints at a budget.
    """
    if plan is None:
        return None
    parts = BudgetPart.objects.filter(plan=plan)
    if not sealed_too:
        parts = parts.filter(revealed_at__isnull=False)
    return _summary(list(parts))


def budget_summaries(*, plan_ids) -> dict[int, BudgetSummary]:
    """The shown budget of each of ``plan_ids`` that has one, in one query (for a board)."""
    parts: dict[int, list[BudgetPart]] = {}
    for part in BudgetPart.objects.filter(plan_id__in=set(plan_ids), revealed_at__isnull=False):
        parts.setdefault(part.plan_id, []).append(part)
    return {plan_id: _summary(found) for plan_id, found in parts.items()}


def _summary(parts: list[BudgetPart]) -> BudgetSummary | None:
    lines, total = [], Decimal(0)
    for part in parts:
        amount = money.Budget(amount=part.amount, period=money.Period(part.period))
        total += amount.per_year
        lines.append(
            BudgetLine(
                id=part.pk,
                amount=f"{money.pounds(part.amount)} {part.get_period_display()}",
                per_year=money.pounds(amount.per_year),
                per_week=money.pounds(amount.per_week),
                source=part.get_source_display(),
                managed_as=part.get_managed_as_display(),
                managed_term=MANAGEMENT_TERMS.get(part.managed_as, ""),
                is_sealed=part.revealed_at is None,
                recorded_by=part.recorded_by,
            )
        )
    if not lines:
        return None
    return BudgetSummary(
        lines=lines,
        per_year_exact=total,
        per_year=money.pounds(total),
        per_week=money.pounds(total / money.WEEKS_PER_YEAR),
        sealed=sum(line.is_sealed for line in lines),
    )


def budget_payload(*, summary: BudgetSummary | None) -> dict | None:
    """A shown budget as the live board sends it: words only, the same in an event
    and in a fresh board, so the two can never disagree."""
    if summary is None:
        return None
    return {
        "per_week": summary.per_week,
        "per_year": summary.per_year,
        "parts": [
            {"amount": line.amount, "source": line.source, "managed_as": line.managed_as}
            for line in summary.lines
        ],
    }


def budget_meanings(*, summary: BudgetSummary | None) -> list[GlossaryTerm]:
    """The jargon buster's meanings of the words a budget uses, in the order met."""
    if summary is None:
        return []
    wanted = [BUDGET_TERM, *(line.managed_term for line in summary.lines if line.managed_term)]
    terms = {t.term.lower(): t for t in GlossaryTerm.objects.filter(term__in=wanted)}
    return [terms[w.lower()] for w in dict.fromkeys(wanted) if w.lower() in terms]
