"""The money in a support plan: the personal budget, the cost of each kind of support, and
how far the plan is under or over the budget, in words as well as numbers.

Pure Python (standard library only) so it can be checked without a database.

Every amount is a ``Decimal`` of pounds, never a float. Sums and products are exact: they
run in a decimal context that raises rather than rounds, so a total can never drift from
the lines it is made of. An amount is rounded to the penny in two places only: in
``pounds()``, when it is shown, and in ``payment_amount()``, because a direct payment is
money that really moves and has to be whole pennies. The one division (a yearly figure
into weeks) cannot always be exact, because 52 has a factor of 13; it is done to 40
significant digits and only ever rounded for display or for a payment.

How things are counted:

- A year is 52 weeks (``WEEKS_PER_YEAR``) and 12 months.
- Hours of support are always hours a week.
- One-off costs (a laptop) count against the year's budget: they are in the year's total,
  and the difference from the budget says "including one-off costs" when there are any.
- Money set aside for emergencies (contingency lines) is shown on its own, and counts
  against the budget like any other cost.
- Unpaid support (a sister who helps) is listed in the plan but costs nothing.
"""

import re
from dataclasses import dataclass, field
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    localcontext,
)
from enum import StrEnum
from typing import Literal

# Councils in England set and review personal budgets on a 52-week year (the 52 weeks of
# a rent or benefit year), not 365/7 = 52.18 weeks. Using the same number keeps a plan's
# figures the same as the council's: £350 a week is £18,200 a year, both ways round.
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12

# No one amount in a support plan comes near this. Anything bigger is a slip of the
# keyboard (an extra nought or two), and refusing it keeps every sum small and exact.
MAX_AMOUNT = Decimal("1000000.00")
MAX_HOURS_PER_WEEK = Decimal(168)  # 24 hours x 7 days

PENNY = Decimal("0.01")

# Sums and products of 2-place amounts are exact in decimal; this context makes that a
# promise: were anything ever to be rounded, it raises instead (Inexact, Rounded).
_EXACT = Context(
    prec=60,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact, Rounded],
)
# Dividing by 52 may not end (1/13 = 0.076923...), so it is rounded, but to 40 significant
# digits: far past the penny, so rounding to the penny for display gives the same answer
# as exact arithmetic would.
_DIVIDE = Context(prec=40, traps=[InvalidOperation, DivisionByZero, Overflow])

# How long a quote of what someone typed may be in a message, so the message stays short.
QUOTE_LENGTH = 40

_MINUS_SIGNS = ("-", "\u2212", "\u2013")  # hyphen, minus sign, en dash
_AMOUNT_FORM = re.compile(
    r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]*)(?:\.(?P<pence>[0-9]*))?", re.ASCII
)
_PENCE_FORM = re.compile(r"[0-9]+", re.ASCII)
_HOURS_FORM = re.compile(r"(?P<whole>[0-9]*)(?:\.(?P<part>[0-9]*))?", re.ASCII)
_HOURS_WORD = re.compile(r"\s*(?:hours?|hrs?|h)\.?\Z", re.IGNORECASE | re.ASCII)


class Period(StrEnum):
    """How often an amount is paid."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ONE_OFF = "one_off"

    @property
    def words(self) -> str:
        """The period as a person says it after an amount: "£30.00 a month"."""
        return _PERIOD_WORDS[self]


_PERIOD_WORDS = {
    Period.WEEK: "a week",
    Period.MONTH: "a month",
    Period.YEAR: "a year",
    Period.ONE_OFF: "one-off",
}


class PaidEvery(StrEnum):
    """How often a direct payment is paid into the person's account (the same words as
    ``plans.models.BudgetPart.PaidEvery``, so a stored choice converts without a table)."""

    WEEK = "week"
    FOUR_WEEKS = "four_weeks"
    MONTH = "month"

    @property
    def words(self) -> str:
        """How often, as a person says it after an amount: "£1,400.00 every 4 weeks"."""
        return _PAID_EVERY_WORDS[self]


_PAID_EVERY_WORDS = {
    PaidEvery.WEEK: "every week",
    PaidEvery.FOUR_WEEKS: "every 4 weeks",
    PaidEvery.MONTH: "every month",
}


class MoneyError(ValueError):
    """An amount, a number of hours or a cost that can't be counted.

    ``code`` is short and stable, for code and tests; ``message`` is for the person, in
    plain words that say what they typed or did and what to do instead.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _quote(text: str) -> str:
    """What the person typed, in quotation marks, cut short if it is long."""
    text = " ".join(text.split())
    if len(text) > QUOTE_LENGTH:
        text = text[: QUOTE_LENGTH - 1].rstrip() + "…"
    return f"“{text}”"


def _digits_after_point(value: Decimal) -> bool:
    """Whether ``value`` needs more than 2 digits after the point (12.505, not 12.500)."""
    # Read from the digits, not by rounding, so no context (and no size) can get in the way.
    if not value:
        return False
    _sign, digits, exponent = value.as_tuple()
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return -(exponent + trailing_zeros) > 2


def _amount_check(value: Decimal, *, typed: str, most: Decimal | None = MAX_AMOUNT) -> None:
    """Refuse an amount that isn't a real, sensible amount of pounds and pence (``most``
    None: no upper limit, for a sum of amounts that were each checked)."""
    if not value.is_finite():
        raise MoneyError(
            "not_a_number",
            f"{_quote(typed)} is not an amount of money. Type it in numbers, like 12.50.",
        )
    if value < 0:
        raise MoneyError(
            "negative",
            f"You typed {_quote(typed)}, but an amount can’t be less than nothing. "  # noqa: RUF001
            "Type how much it costs, like 12.50.",
        )
    if most is not None and value > most:
        raise MoneyError(
            "too_much",
            f"You typed {_quote(typed)}, which is more than {pounds(most)}. "
            "No one cost in a plan is that much: check it and type it again.",
        )
    if _digits_after_point(value):
        raise MoneyError(
            "too_many_decimals",
            f"You typed {_quote(typed)}, but money only goes down to pennies. "
            "Type 2 numbers at most after the point, like 12.50.",
        )


def _hours_check(value: Decimal, *, typed: str) -> None:
    """Refuse hours a week that can't be: none, less than none, or more than a week."""
    if not value.is_finite():
        raise MoneyError(
            "hours_not_a_number",
            f"{_quote(typed)} is not a number of hours. Type it in numbers, like 7.5.",
        )
    if value < 0:
        raise MoneyError(
            "hours_negative",
            f"You typed {_quote(typed)}, but hours can’t be less than nothing. "  # noqa: RUF001
            "Type how many hours a week, like 7.5.",
        )
    if value == 0:
        raise MoneyError(
            "hours_none",
            f"You typed {_quote(typed)}, which is no time at all. "
            "Type how many hours a week, like 7.5.",
        )
    if value > MAX_HOURS_PER_WEEK:
        raise MoneyError(
            "hours_too_many",
            f"You typed {_quote(typed)}, but there are only 168 hours in a week. "
            "Type how many hours a week, like 7.5.",
        )
    if _digits_after_point(value):
        raise MoneyError(
            "hours_too_many_decimals",
            f"You typed {_quote(typed)}, but hours can have 2 numbers at most after the "
            "point. Type it like 7.25 or 7.5.",
        )


def _without_minus(text: str) -> tuple[bool, str]:
    """Whether ``text`` starts with a minus sign, and the rest of it."""
    if text.startswith(_MINUS_SIGNS):
        return True, text[1:].lstrip()
    return False, text


def amount_parse(text: str) -> Decimal:
    """An amount of money as a person typed it, as pounds to 2 places.

    Takes "12.50", "£12.50", "£ 12.50", "12.5", "12", "12.", ".50", "1,200" and
    "£1,200.00", with spaces around. Pence typed as whole pence with a "p" count as pence:
    "50p" is £0.50. "£12.50p" mixes pounds and pence and is refused, rather than guessed.
    Commas only go between thousands, so "1,2" (a decimal comma) is refused, not read as
    12. Also refused: nothing, words, a minus sign, "1e3", "NaN", "Infinity", more than 2
    numbers after the point (even "1.000", which in some countries means one thousand) and
    anything over ``MAX_AMOUNT``. Raises ``MoneyError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"amount_parse takes the text a person typed, not {type(text).__name__}")
    typed = text.strip()
    if not typed:
        raise MoneyError(
            "empty",
            "You didn’t type an amount. Type how much it costs, like 12.50.",  # noqa: RUF001
        )
    negative, body = _without_minus(typed)
    had_pound_sign = body.startswith("£")
    if had_pound_sign:
        body = body[1:].lstrip()
        if not negative:
            negative, body = _without_minus(body)
    typed_places = 0
    if body[-1:] in ("p", "P"):
        body = body[:-1].rstrip()
        if had_pound_sign or "." in body:
            raise MoneyError(
                "pounds_and_pence",
                f"{_quote(typed)} mixes pounds and pence. "
                "Type pounds, like 12.50, or pence, like 50p.",
            )
        if not _PENCE_FORM.fullmatch(body):
            raise MoneyError(
                "not_a_number",
                f"{_quote(typed)} is not an amount of money. Type it in numbers, like 50p.",
            )
        value = Decimal(body + "E-2")  # built from the digits, so exact however many
    else:
        form = _AMOUNT_FORM.fullmatch(body)
        if form is None or not (form["whole"] or form["pence"]):
            # A comma where a full stop belongs (12,50) is a habit from other countries.
            how = (
                "Use a full stop for pence, like 12.50, and commas only between thousands, "
                "like 1,200."
                if "," in body
                else "Type it in numbers, like 12.50."
            )
            raise MoneyError("not_a_number", f"{_quote(typed)} is not an amount of money. {how}")
        value = Decimal(body.replace(",", ""))
        typed_places = len(form["pence"] or "")
    if negative and value:
        value = -value
    _amount_check(value, typed=typed)
    if typed_places > 2:
        # Said from the typed form, not the value: "1.000" is one thousand in some countries.
        raise MoneyError(
            "too_many_decimals",
            f"You typed {_quote(typed)}, but money only goes down to pennies. "
            "Type 2 numbers at most after the point, like 12.50.",
        )
    with localcontext(_EXACT):
        return value.quantize(PENNY)


def hours_parse(text: str) -> Decimal:
    """Hours a week as a person typed them: more than 0, at most 168, 2 places at most.

    Takes "7.5", "7", ".5", "7.25", and a word after: "7.5 hours", "7.5 hrs", "7.5h".
    Refuses nothing, words, fractions like "7½", times like "7:30" (the message says how
    to write them), a minus sign and exponent forms like "1e2". The value is returned as
    typed ("7.5" is 7.5), not padded to 2 places. Raises ``MoneyError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"hours_parse takes the text a person typed, not {type(text).__name__}")
    typed = text.strip()
    if not typed:
        raise MoneyError(
            "hours_empty",
            "You didn’t type any hours. Type how many hours a week, like 7.5.",  # noqa: RUF001
        )
    negative, body = _without_minus(typed)
    body = _HOURS_WORD.sub("", body)
    form = _HOURS_FORM.fullmatch(body)
    if form is None or not (form["whole"] or form["part"]):
        if ":" in body:
            # Hours and minutes, like a clock: say how to write them as a number.
            raise MoneyError(
                "hours_not_a_number",
                f"{_quote(typed)} looks like a time. Type hours a week as a number: "
                "7 hours 30 minutes is 7.5.",
            )
        raise MoneyError(
            "hours_not_a_number",
            f"{_quote(typed)} is not a number of hours. Type it in numbers, like 7.5.",
        )
    value = Decimal(body)
    if negative:
        value = -value
    _hours_check(value, typed=typed)
    if len(form["part"] or "") > 2:
        # Said from the typed form, not the value, as for amounts: "7.500" is refused too.
        raise MoneyError(
            "hours_too_many_decimals",
            f"You typed {_quote(typed)}, but hours can have 2 numbers at most after the "
            "point. Type it like 7.25 or 7.5.",
        )
    return value


@dataclass(frozen=True)
class CostLine:
    """One row of the plan's costs: what the support is, who gives it, and what it costs.

    A paid line costs EITHER ``hours_per_week`` x ``hourly_rate`` (every week) OR a fixed
    ``amount`` every ``period``. An unpaid line costs nothing; it may say how many hours a
    week it gives. ``cost_line_check`` says whether a line makes sense.
    """

    what: str
    who: str
    paid: bool
    hours_per_week: Decimal | None = None
    hourly_rate: Decimal | None = None
    amount: Decimal | None = None
    period: Period | None = None
    is_contingency: bool = False


def _line_name(line: CostLine) -> str:
    """How a message names a line: by what the person called it."""
    return _quote(line.what) if line.what.strip() else "this support"


def _decimal_or_none(value: object, name: str) -> None:
    """Refuse a float (or anything else) where an exact amount belongs: a programming slip."""
    if value is not None and not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal or None, not {type(value).__name__}")


def cost_line_check(line: CostLine) -> None:
    """Raise ``MoneyError`` unless ``line`` is a cost that can be counted.

    Codes: ``unpaid_with_cost`` (unpaid, but with a rate or amount), ``both_costs`` (hours
    or a rate, and an amount), ``missing_rate``, ``missing_hours``, ``hours_period`` (hours
    are a week, but another period was chosen), ``missing_period`` (an amount, but not how
    often) and ``no_cost`` (paid, with no cost); and the codes of ``amount_parse`` and
    ``hours_parse`` for values out of range. A wrong type (a float, say) is a TypeError.

    Let through on purpose: hours on an unpaid line (they say how much help is given), and
    a period with no amount on an unpaid or hourly line (a form may send its default).
    """
    for name in ("hours_per_week", "hourly_rate", "amount"):
        _decimal_or_none(getattr(line, name), name)
    if line.period is not None and not isinstance(line.period, Period):
        raise TypeError(f"period must be a Period or None, not {type(line.period).__name__}")
    if line.hours_per_week is not None:
        _hours_check(line.hours_per_week, typed=str(line.hours_per_week))
    for value in (line.hourly_rate, line.amount):
        if value is not None:
            _amount_check(value, typed=str(value))

    name = _line_name(line)
    has_hourly = line.hourly_rate is not None or line.hours_per_week is not None
    has_amount = line.amount is not None
    if not line.paid:
        # Hours alone are welcome on an unpaid line: they show how much help is given.
        if line.hourly_rate is not None or has_amount:
            raise MoneyError(
                "unpaid_with_cost",
                f"You said {name} is unpaid, but gave it a cost. "
                "Take the cost away, or say it is paid.",
            )
        return
    if has_hourly and has_amount:
        if line.hourly_rate is None:
            hourly = "hours"
        elif line.hours_per_week is None:
            hourly = "an hourly rate"
        else:
            hourly = "hours at an hourly rate"
        raise MoneyError(
            "both_costs",
            f"You gave {name} {hourly} and an amount as well. Give hours and an hourly rate, "
            "or one amount, not both.",
        )
    if has_hourly:
        if line.hours_per_week is None:
            raise MoneyError(
                "missing_hours",
                f"You gave an hourly rate for {name}, but no hours. "
                "Type how many hours a week, like 7.5.",
            )
        if line.hourly_rate is None:
            raise MoneyError(
                "missing_rate",
                f"You gave hours for {name}, but not how much an hour. "
                "Type the hourly rate, like 12.63.",
            )
        if line.period not in (None, Period.WEEK):
            raise MoneyError(
                "hours_period",
                f"You gave hours for {name} and chose “{line.period.words}”. "
                "Hours are counted a week: type how many hours a week, like 7.5.",
            )
        return
    if has_amount:
        if line.period is None:
            raise MoneyError(
                "missing_period",
                f"You gave {name} an amount, but not how often. "
                "Say if it is a week, a month, a year or one-off.",
            )
        return
    raise MoneyError(
        "no_cost",
        f"You said {name} is paid, but gave no cost. Type how much it costs, or say it is unpaid.",
    )


def line_per_year(line: CostLine) -> Decimal:
    """What ``line`` costs in a year, exactly. A one-off cost counts 0 here (see
    ``line_one_off``); an unpaid line costs 0. Checks the line first."""
    cost_line_check(line)
    with localcontext(_EXACT):
        if not line.paid:
            return Decimal(0)
        if line.hourly_rate is not None:
            return line.hours_per_week * line.hourly_rate * WEEKS_PER_YEAR
        if line.period is Period.WEEK:
            return line.amount * WEEKS_PER_YEAR
        if line.period is Period.MONTH:
            return line.amount * MONTHS_PER_YEAR
        if line.period is Period.YEAR:
            return +line.amount
        return Decimal(0)


def line_one_off(line: CostLine) -> Decimal:
    """What ``line`` costs once only (0 unless it is a paid one-off). Checks the line."""
    cost_line_check(line)
    if line.paid and line.period is Period.ONE_OFF:
        return line.amount
    return Decimal(0)


def _per_week(per_year: Decimal) -> Decimal:
    """A yearly figure in weeks: exact when it can be, else to 40 significant digits."""
    with localcontext(_DIVIDE):
        return per_year / WEEKS_PER_YEAR


@dataclass(frozen=True)
class Budget:
    """The indicative personal budget: an amount a week or a year (as the council gave it).

    ``per_year`` is exact. ``per_week`` is exact for a weekly budget; for a yearly one it is
    the year / 52 to 40 significant digits, only ever rounded to the penny for display.
    """

    amount: Decimal
    period: Period

    def __post_init__(self) -> None:
        _decimal_or_none(self.amount, "amount")
        if self.period not in (Period.WEEK, Period.YEAR):
            raise MoneyError(
                "budget_period",
                "A personal budget is an amount a week or a year. Say which.",
            )
        # No upper limit: a budget may be the sum of parts (budget_total), each checked.
        _amount_check(self.amount, typed=str(self.amount), most=None)

    @property
    def per_year(self) -> Decimal:
        """The budget for a year, exactly."""
        with localcontext(_EXACT):
            if self.period is Period.WEEK:
                return self.amount * WEEKS_PER_YEAR
            return +self.amount

    @property
    def per_week(self) -> Decimal:
        """The budget for a week (see the class for how exact)."""
        if self.period is Period.WEEK:
            return self.amount
        return _per_week(self.amount)


def budget_total(*, parts: list[Budget]) -> Budget | None:
    """One budget from its parts (council money, NHS money, the person's own), exactly;
    None when there are no parts. Weekly if every part is weekly, else yearly."""
    if not parts:
        return None
    with localcontext(_EXACT):
        if all(part.period is Period.WEEK for part in parts):
            weekly = sum((part.amount for part in parts), Decimal(0))
            return Budget(amount=weekly, period=Period.WEEK)
        yearly = sum((part.per_year for part in parts), Decimal(0))
        return Budget(amount=yearly, period=Period.YEAR)


# Each payment is rounded to the penny, halves up (£0.005 is £0.01), as ``pounds()`` rounds.
_PAYMENT = Context(prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, Overflow])


def payment_amount(*, budget: Budget, paid_every: PaidEvery) -> Decimal:
    """How much each direct payment of ``budget`` is when it is paid ``paid_every``, in
    whole pennies.

    - every week: the weekly amount;
    - every 4 weeks: exactly 4 times the weekly payment, so 13 of them are 52 weeks;
    - every month: the year's amount / 12.

    A weekly budget's weekly and 4-weekly payments are exact. A monthly payment (and a
    weekly one from a yearly budget) is rounded to the penny, halves up. It is rounded
    here, not only when shown, because it is money that really moves: the council
    rounds each payment it makes, while the year's total stays what the budget says.
    So a budget of £18,200 a year is paid as £1,516.67 a month (£18,200.04 over 12
    payments): 12 monthly payments are always within 6p (12 half-pennies) of the year.
    """
    if not isinstance(budget, Budget):
        raise TypeError(f"budget must be a Budget, not {type(budget).__name__}")
    if not isinstance(paid_every, PaidEvery):
        raise TypeError(f"paid_every must be a PaidEvery, not {type(paid_every).__name__}")
    if paid_every is PaidEvery.MONTH:
        with localcontext(_DIVIDE):
            each = budget.per_year / MONTHS_PER_YEAR
    else:
        each = budget.per_week
    with localcontext(_PAYMENT):
        each = each.quantize(PENNY)
    if paid_every is PaidEvery.FOUR_WEEKS:
        with localcontext(_EXACT):
            return each * 4
    return each


@dataclass(frozen=True)
class Difference:
    """How far a plan is from its budget.

    ``per_year`` is exact and never negative (``status`` says which way); ``per_week`` is
    ``per_year`` / 52. ``lead`` is the budget's own period, which the words give first.
    """

    status: Literal["under", "over", "exact"]
    per_year: Decimal
    per_week: Decimal
    lead: Period = Period.WEEK
    includes_one_off: bool = False

    def words(self) -> str:
        """The difference as a sentence, e.g. "£23.40 a week under your budget (£1,216.80
        a year)", "£5.00 a week over your budget (£260.00 a year)", "Exactly on your
        budget". Adds ", including one-off costs" when one-off costs are counted.

        A figure that would show as £0.00 is left out, so the words never say "£0.00 under":
        a difference of under half a penny a year is "Less than 1p a year under your budget".
        """
        also = ", including one-off costs" if self.includes_one_off else ""
        if self.status == "exact":
            return f"Exactly on your budget{also}"
        week, year = pounds(self.per_week), pounds(self.per_year)
        zero = pounds(Decimal(0))
        side = f"{self.status} your budget"
        if year == zero:
            return f"Less than 1p a year {side}{also}"
        if week == zero:
            return f"{year} a year {side}{also}"
        if self.lead is Period.YEAR:
            return f"{year} a year {side} ({week} a week){also}"
        return f"{week} a week {side} ({year} a year){also}"


def _difference(*, budget: Budget, total_for_year: Decimal, includes_one_off: bool) -> Difference:
    """How far ``total_for_year`` is from ``budget``, compared exactly, a year at a time."""
    with localcontext(_EXACT):
        gap = budget.per_year - total_for_year
    if gap > 0:
        status = "under"
    elif gap < 0:
        status = "over"
    else:
        status = "exact"
    gap = abs(gap)
    return Difference(
        status=status,
        per_year=gap,
        per_week=_per_week(gap),
        lead=budget.period,
        includes_one_off=includes_one_off,
    )


@dataclass(frozen=True)
class Costing:
    """The totals of a plan's costs, and how far they are from the budget.

    - ``regular_per_year``: every paid line that is not contingency, for a year (one-off
      costs not included). ``regular_per_week`` is that / 52.
    - ``contingency_per_year``: all the money set aside (contingency lines), for the year,
      whether it comes every week, month or year, or once.
    - ``one_off_total``: one-off costs that are not contingency.
    - ``total_for_year``: regular + contingency + one-off: what the year costs, all in.
      ``total_per_week`` is that / 52.
    - ``difference``: how far ``total_for_year`` is from the budget (None with no budget).

    Every ``per_year`` and total is exact; ``per_week`` figures are to 40 significant
    digits. Round only to show them, with ``pounds()``.
    """

    regular_per_year: Decimal
    regular_per_week: Decimal
    contingency_per_year: Decimal
    one_off_total: Decimal
    total_for_year: Decimal
    total_per_week: Decimal
    difference: Difference | None = field(default=None)


def costing_total(*, lines: list[CostLine], budget: Budget | None) -> Costing:
    """Add up ``lines`` and compare the total with ``budget``. Raises ``MoneyError`` for
    the first line that can't be counted (see ``cost_line_check``)."""
    regular = contingency = one_off = Decimal(0)
    any_one_off = False
    with localcontext(_EXACT):
        for line in lines:
            yearly, once = line_per_year(line), line_one_off(line)
            any_one_off = any_one_off or once > 0
            if line.is_contingency:
                contingency += yearly + once
            else:
                regular += yearly
                one_off += once
        total = regular + contingency + one_off
    difference = (
        None
        if budget is None
        else _difference(budget=budget, total_for_year=total, includes_one_off=any_one_off)
    )
    return Costing(
        regular_per_year=regular,
        regular_per_week=_per_week(regular),
        contingency_per_year=contingency,
        one_off_total=one_off,
        total_for_year=total,
        total_per_week=_per_week(total),
        difference=difference,
    )


def pounds(value: Decimal) -> str:
    """An amount as people read it: "£1,216.80". The only place money is rounded: to the
    nearest penny, halves up (£0.005 is £0.01). A negative amount is "-£5.00"."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"pounds takes a Decimal, not {type(value).__name__}")
    with localcontext(Context(prec=60, rounding=ROUND_HALF_UP)):
        rounded = Decimal(value).quantize(PENNY)
    sign = "-" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,.2f}"
