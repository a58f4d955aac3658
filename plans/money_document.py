"""The plan's money as plain words for every download format: ``PlanMoney`` from the
budget the person has been shown and the plan's costing.

The summaries (``plans.selectors``) already hold every amount in words, worked out
exactly once by ``plans.money``; this only chooses and joins those words, so a copy
of the plan can never disagree with the plan page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from plans.documents import PlanCostLine, PlanMoney

if TYPE_CHECKING:
    # Only for the types: plans.selectors imports plans.documents, so importing it at
    # run time here would risk a cycle.
    from plans.selectors import BudgetLine, BudgetSummary, CostingSummary

# What the totals say when there is nothing of that kind (plans.money.pounds(0)).
NONE_AMOUNT = "£0.00"

# How each way of managing a budget reads after the amount and where it comes from, by
# the words the set-up page shows for it (plans.models.BudgetPart.Management).
MANAGED_WORDS = {
    "Direct payment": "as a direct payment",
    "Direct payment to a suitable person": "as a direct payment to a suitable person",
    "Individual Service Fund": "as an Individual Service Fund",
    "Managed by the council": "managed by the council",
}
# Not decided yet: nothing said, as on the plan page.
NOT_DECIDED = {"", "Not decided yet"}


def _source_words(source: str) -> str:
    # "The council" reads "from the council" mid-sentence; "The NHS" keeps its capitals.
    return "the " + source[4:] if source.startswith("The ") else source


def _managed_words(managed_as: str) -> str:
    if managed_as in NOT_DECIDED:
        return ""
    if managed_as in MANAGED_WORDS:
        return MANAGED_WORDS[managed_as]
    # A way added later: lower its first letter only when it is an ordinary word.
    if len(managed_as) > 1 and managed_as[1].islower():
        managed_as = managed_as[0].lower() + managed_as[1:]
    return f"as {managed_as}"


def budget_part_words(*, line: BudgetLine) -> str:
    """One part of a budget as a sentence without its full stop:
    "£350.00 a week from the council, as a direct payment".

    A direct payment whose frequency is decided also says how much each payment is and
    how often, as a council's plan must (Care Act 2014 s25): "£350.00 a week from the
    council, as a direct payment: £1,400.00 every 4 weeks". Who it is paid to is in the
    words before it (a direct payment is paid to the person, or to a suitable person);
    no "my" or "your", since the copies speak both ways ("My budget", "Your budget is").
    """
    words = line.amount
    source = _source_words(line.source)
    if source:
        words += f" from {source}"
    managed = _managed_words(line.managed_as)
    if managed:
        words += f", {managed}"
    if line.is_direct_payment and line.payment and line.paid_every:
        words += f": {line.payment} {line.paid_every}"
    return words


def _some(amount: str) -> str:
    # The formats leave out a total that is nothing, so "" stands for none.
    return "" if amount == NONE_AMOUNT else amount


def plan_money_of(
    *, budget: BudgetSummary | None, costing: CostingSummary | None
) -> PlanMoney | None:
    """The plan's money for its copies: the shown budget and the costing, in words.

    None when there is neither, so a plan without money prints exactly as before.
    Contingency and one-off totals of "£0.00" become "" (none to show).
    """
    if budget is None and costing is None:
        return None
    money = PlanMoney()
    if budget is not None:
        money = PlanMoney(
            budget_per_week=budget.per_week,
            budget_per_year=budget.per_year,
            budget_parts=tuple(budget_part_words(line=line) for line in budget.lines),
        )
    if costing is None:
        return money
    return replace(
        money,
        lines=tuple(
            PlanCostLine(
                what=line.what,
                who=line.who,
                cost=line.cost,
                per_year=line.per_year,
                is_contingency=line.is_contingency,
            )
            for line in costing.lines
        ),
        total_per_week=costing.per_week,
        total_per_year=costing.per_year,
        contingency_per_year=_some(costing.contingency_per_year),
        one_off=_some(costing.one_off),
        difference=costing.difference,
    )
