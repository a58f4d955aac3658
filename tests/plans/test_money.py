"""The money in a support plan: amounts and hours as people type them, the cost of each line,
the totals, and the difference from the budget in words. Pure Python: no database."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.money import (
    MAX_AMOUNT,
    MAX_HOURS_PER_WEEK,
    WEEKS_PER_YEAR,
    Budget,
    CostLine,
    Difference,
    MoneyError,
    PaidEvery,
    Period,
    amount_parse,
    budget_total,
    cost_line_check,
    costing_total,
    hours_parse,
    line_one_off,
    line_per_year,
    payment_amount,
    pounds,
)

D = Decimal
HALF_PENNY = Fraction(1, 200)


def pa(hours: str = "7.5", rate: str = "12.63", **more) -> CostLine:
    """A personal assistant paid by the hour."""
    return CostLine(
        what="PA to help me get up",
        who="Jo",
        paid=True,
        hours_per_week=D(hours),
        hourly_rate=D(rate),
        **more,
    )


def fixed(what: str, amount: str, period: Period, **more) -> CostLine:
    """A paid line with one amount every period."""
    return CostLine(what=what, who="", paid=True, amount=D(amount), period=period, **more)


def unpaid(what: str = "My sister", hours: str | None = None) -> CostLine:
    """Help that costs nothing."""
    return CostLine(
        what=what, who="Sam", paid=False, hours_per_week=None if hours is None else D(hours)
    )


def weekly_budget(amount: str = "350") -> Budget:
    return Budget(amount=D(amount), period=Period.WEEK)


def refusal(parse, typed: str) -> MoneyError:
    with pytest.raises(MoneyError) as caught:
        parse(typed)
    return caught.value


# --- Typing an amount ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12.50", "12.50"),
        ("£12.50", "12.50"),
        ("£ 12.50", "12.50"),
        ("12.5", "12.50"),
        ("12", "12.00"),
        (" 12 ", "12.00"),
        ("\u00a012\t", "12.00"),
        ("12.", "12.00"),
        (".5", "0.50"),
        ("0", "0.00"),
        ("1,200", "1200.00"),
        ("£1,200.99", "1200.99"),
        ("1,000,000", "1000000.00"),
        ("50p", "0.50"),
        ("5P", "0.05"),
    ],
)
def test_amounts_typed_the_usual_ways_are_read_as_pounds_to_the_penny(typed, expected):
    value = amount_parse(typed)
    assert value == D(expected)
    assert value.as_tuple().exponent == -2  # always 2 places, "12.00" not "12"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("twelve", "not_a_number"),
        ("12 pounds", "not_a_number"),
        ("£", "not_a_number"),
        (".", "not_a_number"),
        ("1e3", "not_a_number"),
        ("1E3", "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("inf", "not_a_number"),
        ("+12", "not_a_number"),
        ("1 200", "not_a_number"),
        ("1,2", "not_a_number"),
        ("12,50", "not_a_number"),
        ("1,20,0", "not_a_number"),
        ("١٢", "not_a_number"),  # Arabic-Indic digits: not the numbers on the form
        ("x50p", "not_a_number"),
        ("1,250p", "not_a_number"),
        ("-12", "negative"),
        ("−12", "negative"),  # noqa: RUF001 (a real minus sign, as some keyboards type)
        ("-£12", "negative"),
        ("£-12", "negative"),
        ("12.505", "too_many_decimals"),
        ("1.000", "too_many_decimals"),
        ("0.001", "too_many_decimals"),
        ("1000000.01", "too_much"),
        ("£2,000,000", "too_much"),
        ("9" * 60, "too_much"),
        ("£12.50p", "pounds_and_pence"),
        ("12.50p", "pounds_and_pence"),
        ("£50p", "pounds_and_pence"),
    ],
)
def test_each_bad_amount_has_its_code_and_a_message_that_quotes_what_was_typed(typed, code):
    error = refusal(amount_parse, typed)
    assert error.code == code
    assert str(error) == error.message
    quoted = typed.strip() if len(typed) <= 40 else typed[:39]
    assert f"“{quoted}" in error.message
    assert "like " in error.message or "check it" in error.message  # says what to do


def test_words_for_an_amount_are_refused_in_the_plain_words_asked_for():
    assert refusal(amount_parse, "twelve").message == (
        "“twelve” is not an amount of money. Type it in numbers, like 12.50."
    )


def test_a_negative_amount_is_refused_as_less_than_nothing():
    message = refusal(amount_parse, "-12").message
    assert message == (
        "You typed “-12”, but an amount can’t be less than nothing. "  # noqa: RUF001
        "Type how much it costs, like 12.50."
    )


def test_an_empty_amount_asks_for_one():
    for typed in ("", "   "):
        error = refusal(amount_parse, typed)
        assert error.code == "empty"
        assert "didn’t type an amount" in error.message  # noqa: RUF001


def test_a_decimal_comma_is_told_to_use_a_full_stop():
    assert "Use a full stop for pence" in refusal(amount_parse, "12,50").message


def test_too_much_names_the_most_an_amount_can_be():
    assert "£1,000,000.00" in refusal(amount_parse, "1000000.01").message
    assert amount_parse("1000000") == MAX_AMOUNT


def test_a_very_long_entry_is_quoted_cut_short():
    message = refusal(amount_parse, "a" * 500).message
    assert "“" + "a" * 39 + "…”" in message
    assert len(message) < 150


def test_only_text_can_be_parsed():
    with pytest.raises(TypeError):
        amount_parse(12.5)
    with pytest.raises(TypeError):
        hours_parse(None)


# --- Typing hours ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7.5", "7.5"),
        ("7", "7"),
        (" 7.25 ", "7.25"),
        (".5", "0.5"),
        ("0.01", "0.01"),
        ("168", "168"),
        ("7.5 hours", "7.5"),
        ("1 hour", "1"),
        ("7.5hrs", "7.5"),
        ("7.5 h", "7.5"),
        ("10 Hours", "10"),
    ],
)
def test_hours_typed_the_usual_ways_are_read(typed, expected):
    assert hours_parse(typed) == D(expected)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("seven", "hours_not_a_number"),
        ("7½", "hours_not_a_number"),
        ("7:30", "hours_not_a_number"),
        ("1e2", "hours_not_a_number"),
        ("NaN", "hours_not_a_number"),
        ("hours", "hours_not_a_number"),
        ("-3", "hours_negative"),
        ("0", "hours_none"),
        ("0.00", "hours_none"),
        ("168.01", "hours_too_many"),
        ("200", "hours_too_many"),
        ("7.333", "hours_too_many_decimals"),
        ("7.500", "hours_too_many_decimals"),
    ],
)
def test_each_bad_number_of_hours_has_its_code_and_quotes_what_was_typed(typed, code):
    error = refusal(hours_parse, typed)
    assert error.code == code
    assert f"“{typed}”" in error.message
    assert "7.5" in error.message  # an example of what to type


def test_hours_over_a_week_are_refused_in_plain_words():
    assert refusal(hours_parse, "200").message == (
        "You typed “200”, but there are only 168 hours in a week. "
        "Type how many hours a week, like 7.5."
    )


def test_a_clock_time_for_hours_is_told_how_to_write_it():
    assert "7 hours 30 minutes is 7.5" in refusal(hours_parse, "7:30").message


def test_empty_hours_ask_for_some():
    assert refusal(hours_parse, " ").code == "hours_empty"


# --- Lines of cost ---------------------------------------------------------------------


def test_hours_at_an_hourly_rate_cost_that_every_week_of_a_52_week_year():
    line = pa("7.5", "12.63")
    assert line_per_year(line) == D("4925.70")  # 7.5 x 12.63 = 94.725 a week, exactly
    assert line_one_off(line) == 0
    assert line_per_year(pa("7.5", "12.63", period=Period.WEEK)) == D("4925.70")


@pytest.mark.parametrize(
    ("period", "per_year", "one_off"),
    [
        (Period.WEEK, "1560", "0"),
        (Period.MONTH, "360", "0"),
        (Period.YEAR, "30", "0"),
        (Period.ONE_OFF, "0", "30"),
    ],
)
def test_a_fixed_amount_counts_by_how_often_it_is_paid(period, per_year, one_off):
    line = fixed("Swimming club", "30", period)
    assert line_per_year(line) == D(per_year)
    assert line_one_off(line) == D(one_off)


def test_unpaid_help_is_listed_but_costs_nothing_even_with_hours():
    for line in (unpaid(), unpaid(hours="10")):
        cost_line_check(line)
        assert line_per_year(line) == 0
        assert line_one_off(line) == 0


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (CostLine("Gym", "", paid=True), "no_cost"),
        (CostLine("Gym", "", paid=True, period=Period.MONTH), "no_cost"),
        (CostLine("PA", "", paid=True, hours_per_week=D(7)), "missing_rate"),
        (CostLine("PA", "", paid=True, hourly_rate=D("12.63")), "missing_hours"),
        (
            CostLine("PA", "", True, D(7), D("12.63"), D(90), Period.WEEK),
            "both_costs",
        ),
        (
            CostLine("PA", "", True, hourly_rate=D(12), amount=D(90), period=Period.WEEK),
            "both_costs",
        ),
        (
            CostLine("PA", "", True, hours_per_week=D(7), amount=D(90), period=Period.WEEK),
            "both_costs",
        ),
        (CostLine("PA", "", True, D(7), D("12.63"), period=Period.MONTH), "hours_period"),
        (CostLine("Gym", "", paid=True, amount=D(30)), "missing_period"),
        (CostLine("Gym", "", paid=False, amount=D(30), period=Period.MONTH), "unpaid_with_cost"),
        (CostLine("Gym", "", paid=False, hourly_rate=D(12)), "unpaid_with_cost"),
        (CostLine("PA", "", True, D(200), D(12)), "hours_too_many"),
        (CostLine("PA", "", True, D(0), D(12)), "hours_none"),
        (CostLine("Gym", "", True, amount=D(-5), period=Period.WEEK), "negative"),
        (CostLine("Gym", "", True, amount=D("0.005"), period=Period.WEEK), "too_many_decimals"),
        (CostLine("Gym", "", True, amount=D("1E+7"), period=Period.WEEK), "too_much"),
        (CostLine("Gym", "", True, amount=D("NaN"), period=Period.WEEK), "not_a_number"),
    ],
)
def test_a_line_that_cannot_be_counted_is_refused_with_its_code(line, code):
    with pytest.raises(MoneyError) as caught:
        cost_line_check(line)
    assert caught.value.code == code
    with pytest.raises(MoneyError):
        line_per_year(line)  # nothing is counted from a line that makes no sense


def test_a_refused_line_is_named_by_what_the_person_called_it():
    with pytest.raises(MoneyError) as caught:
        cost_line_check(CostLine("Swimming club", "", paid=True))
    assert caught.value.message == (
        "You said “Swimming club” is paid, but gave no cost. "
        "Type how much it costs, or say it is unpaid."
    )
    with pytest.raises(MoneyError) as caught:
        cost_line_check(CostLine(" ", "", paid=True))
    assert "this support" in caught.value.message


def test_two_kinds_of_cost_on_one_line_are_named_for_what_was_given():
    with pytest.raises(MoneyError) as caught:
        cost_line_check(CostLine("Gym", "", True, None, D(12), D(90), Period.WEEK))
    assert caught.value.message == (
        "You gave “Gym” an hourly rate and an amount as well. "
        "Give hours and an hourly rate, or one amount, not both."
    )


def test_a_float_is_never_taken_for_money():
    with pytest.raises(TypeError):
        cost_line_check(CostLine("Gym", "", True, amount=30.0, period=Period.WEEK))
    with pytest.raises(TypeError):
        pounds(12.5)
    with pytest.raises(TypeError):
        Budget(amount=350.0, period=Period.WEEK)


def test_an_exact_amount_with_trailing_noughts_on_a_line_is_fine():
    assert line_per_year(fixed("Gym", "30.500", Period.YEAR)) == D("30.50")


# --- Budgets ---------------------------------------------------------------------------


def test_a_weekly_budget_and_the_same_yearly_budget_are_the_same_for_a_year():
    week, year = weekly_budget("350"), Budget(amount=D("18200"), period=Period.YEAR)
    assert week.per_year == year.per_year == D("18200")
    assert week.per_week == year.per_week == D("350")
    lines = [pa(), fixed("Swimming club", "30", Period.MONTH)]
    by_week = costing_total(lines=lines, budget=week).difference
    by_year = costing_total(lines=lines, budget=year).difference
    assert (by_week.status, by_week.per_year) == (by_year.status, by_year.per_year)


def test_a_yearly_budget_in_weeks_is_only_rounded_to_show_it():
    budget = Budget(amount=D("18000"), period=Period.YEAR)
    assert budget.per_week != D("346.15")  # 346.1538..., kept to 40 digits
    assert abs(Fraction(budget.per_week) - Fraction(18000, 52)) < Fraction(1, 10**30)
    assert pounds(budget.per_week) == "£346.15"


def test_a_budget_is_a_week_or_a_year_and_not_less_than_nothing():
    with pytest.raises(MoneyError) as caught:
        Budget(amount=D(1500), period=Period.MONTH)
    assert caught.value.code == "budget_period"
    with pytest.raises(MoneyError) as caught:
        Budget(amount=D(-1), period=Period.WEEK)
    assert caught.value.code == "negative"


def test_budget_parts_add_up_exactly():
    council, nhs = weekly_budget("300"), weekly_budget("50.50")
    assert budget_total(parts=[council, nhs]) == weekly_budget("350.50")
    own = Budget(amount=D("1000"), period=Period.YEAR)
    both = budget_total(parts=[council, own])
    assert both == Budget(amount=D("16600"), period=Period.YEAR)
    assert budget_total(parts=[]) is None


# --- Direct payments: how much each time ----------------------------------------------


@pytest.mark.parametrize(
    ("amount", "period", "paid_every", "each"),
    [
        ("350", Period.WEEK, PaidEvery.WEEK, "350.00"),
        ("350", Period.WEEK, PaidEvery.FOUR_WEEKS, "1400.00"),
        ("350", Period.WEEK, PaidEvery.MONTH, "1516.67"),  # 18,200 / 12 = 1,516.666...
        ("18200", Period.YEAR, PaidEvery.WEEK, "350.00"),
        ("18200", Period.YEAR, PaidEvery.FOUR_WEEKS, "1400.00"),
        ("18200", Period.YEAR, PaidEvery.MONTH, "1516.67"),
        ("10000", Period.YEAR, PaidEvery.WEEK, "192.31"),  # 192.3076...
        ("10000", Period.YEAR, PaidEvery.FOUR_WEEKS, "769.24"),  # 4 x 192.31, not 769.23
        ("12000.06", Period.YEAR, PaidEvery.MONTH, "1000.01"),  # 1,000.005: half up
        ("0.06", Period.YEAR, PaidEvery.MONTH, "0.01"),  # 0.005: half up, not to even
        ("120", Period.YEAR, PaidEvery.MONTH, "10.00"),
    ],
)
def test_each_direct_payment_is_whole_pennies_from_the_budget_and_how_often(
    amount, period, paid_every, each
):
    paid = payment_amount(budget=Budget(amount=D(amount), period=period), paid_every=paid_every)
    assert paid == D(each)
    assert paid.as_tuple().exponent == -2


def test_a_payment_is_worked_out_only_from_a_budget_and_a_known_how_often():
    with pytest.raises(TypeError):
        payment_amount(budget=weekly_budget(), paid_every="week")
    with pytest.raises(TypeError):
        payment_amount(budget=D("350"), paid_every=PaidEvery.WEEK)


def test_how_often_has_words_and_the_stored_values():
    assert [p.words for p in PaidEvery] == ["every week", "every 4 weeks", "every month"]
    assert PaidEvery("four_weeks") is PaidEvery.FOUR_WEEKS


# --- Totals and the difference ---------------------------------------------------------


def test_the_worked_example_adds_up():
    lines = [
        pa("7.5", "12.63"),
        fixed("Swimming club", "30", Period.MONTH),
        fixed("Laptop", "400", Period.ONE_OFF),
        unpaid(),
    ]
    costing = costing_total(lines=lines, budget=weekly_budget("350"))
    assert costing.regular_per_year == D("5285.70")
    assert costing.one_off_total == D("400")
    assert costing.contingency_per_year == 0
    assert costing.total_for_year == D("5685.70")
    assert pounds(costing.regular_per_week) == "£101.65"
    assert costing.difference.status == "under"
    assert costing.difference.per_year == D("12514.30")
    assert costing.difference.words() == (
        "£240.66 a week under your budget (£12,514.30 a year), including one-off costs"
    )


def test_contingency_is_shown_on_its_own_and_counted_against_the_budget():
    lines = [
        fixed("Swimming club", "30", Period.MONTH),
        fixed("Emergency cover", "10", Period.WEEK, is_contingency=True),
        fixed("Spare for repairs", "200", Period.ONE_OFF, is_contingency=True),
    ]
    costing = costing_total(lines=lines, budget=None)
    assert costing.regular_per_year == D("360")
    assert costing.contingency_per_year == D("720")  # 520 + 200, all the money set aside
    assert costing.one_off_total == 0  # the one-off contingency is not counted twice
    assert costing.total_for_year == D("1080")
    assert costing.difference is None


def test_one_off_costs_count_against_the_years_budget_and_the_words_say_so():
    with_laptop = costing_total(
        lines=[fixed("Laptop", "520", Period.ONE_OFF)], budget=weekly_budget("20")
    )
    assert with_laptop.regular_per_year == 0
    assert with_laptop.total_for_year == D("520")
    assert with_laptop.difference.words() == (
        "£10.00 a week under your budget (£520.00 a year), including one-off costs"
    )
    without = costing_total(lines=[fixed("Gym", "10", Period.WEEK)], budget=weekly_budget("20"))
    assert "one-off" not in without.difference.words()


def test_under_the_budget_is_said_in_words():
    costing = costing_total(lines=[fixed("Support", "326.60", Period.WEEK)], budget=weekly_budget())
    assert costing.difference.words() == "£23.40 a week under your budget (£1,216.80 a year)"


def test_over_the_budget_is_said_in_words():
    costing = costing_total(lines=[fixed("Support", "355", Period.WEEK)], budget=weekly_budget())
    assert costing.difference.status == "over"
    assert costing.difference.words() == "£5.00 a week over your budget (£260.00 a year)"


def test_exactly_on_the_budget_is_said_in_words():
    lines = [pa("10", "30"), fixed("Gym", "50", Period.WEEK)]
    costing = costing_total(lines=lines, budget=weekly_budget())
    assert costing.difference.status == "exact"
    assert costing.difference.per_year == 0
    assert costing.difference.words() == "Exactly on your budget"


def test_a_yearly_budget_hears_the_difference_a_year_first():
    budget = Budget(amount=D("18200"), period=Period.YEAR)
    costing = costing_total(lines=[fixed("Support", "326.60", Period.WEEK)], budget=budget)
    assert costing.difference.words() == "£1,216.80 a year under your budget (£23.40 a week)"


def test_a_difference_too_small_to_show_as_pennies_never_says_nothing_under():
    # 0.01 hours at £0.01 an hour costs £0.0001 a week, £0.0052 a year.
    lines = [pa("0.01", "0.01")]
    over = costing_total(lines=lines, budget=Budget(amount=D(0), period=Period.WEEK))
    assert over.difference.words() == "£0.01 a year over your budget"
    under = costing_total(lines=lines, budget=Budget(amount=D("0.01"), period=Period.YEAR))
    assert under.difference.per_year == D("0.0048")
    assert under.difference.words() == "Less than 1p a year under your budget"
    year_only = Difference(status="under", per_year=D("0.52"), per_week=D("0.01"))
    assert year_only.words() == "£0.01 a week under your budget (£0.52 a year)"
    weekless = Difference(status="under", per_year=D("0.26"), per_week=D("0.005") - D("0.0001"))
    assert weekless.words() == "£0.26 a year under your budget"


def test_a_line_that_cannot_be_counted_stops_the_total():
    with pytest.raises(MoneyError) as caught:
        costing_total(lines=[pa(), CostLine("Gym", "", paid=True)], budget=None)
    assert caught.value.code == "no_cost"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1216.8", "£1,216.80"),
        ("0", "£0.00"),
        ("0.005", "£0.01"),  # half a penny rounds up
        ("0.0049", "£0.00"),
        ("94.725", "£94.73"),
        ("1000000", "£1,000,000.00"),
        ("-5", "-£5.00"),
        ("-0.001", "£0.00"),  # never "-£0.00"
    ],
)
def test_pounds_are_shown_to_the_penny_with_commas(value, shown):
    assert pounds(D(value)) == shown


def test_periods_have_words():
    assert [p.words for p in Period] == ["a week", "a month", "a year", "one-off"]
    assert Period("one_off") is Period.ONE_OFF


# --- Properties ------------------------------------------------------------------------

PROPERTY = settings(max_examples=60, deadline=None)

AMOUNTS = st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2)
SMALL_AMOUNTS = st.decimals(min_value=0, max_value=2000, places=2)
HOURS = st.decimals(min_value=D("0.01"), max_value=MAX_HOURS_PER_WEEK, places=2)
WHAT = st.sampled_from(["PA", "Swimming club", "Laptop", "Contingency", ""])
HOURLY_LINES = st.builds(
    CostLine,
    what=WHAT,
    who=st.just("Jo"),
    paid=st.just(True),
    hours_per_week=HOURS,
    hourly_rate=st.one_of(SMALL_AMOUNTS, AMOUNTS),
    period=st.sampled_from([None, Period.WEEK]),
    is_contingency=st.booleans(),
)
FIXED_LINES = st.builds(
    CostLine,
    what=WHAT,
    who=st.just(""),
    paid=st.just(True),
    amount=st.one_of(SMALL_AMOUNTS, AMOUNTS),
    period=st.sampled_from(Period),
    is_contingency=st.booleans(),
)
UNPAID_LINES = st.builds(
    CostLine,
    what=WHAT,
    who=st.just("Sam"),
    paid=st.just(False),
    hours_per_week=st.none() | HOURS,
    is_contingency=st.booleans(),
)
LINES = st.lists(st.one_of(HOURLY_LINES, FIXED_LINES, UNPAID_LINES), max_size=10)
BUDGETS = st.builds(
    Budget,
    amount=st.one_of(SMALL_AMOUNTS, st.decimals(min_value=0, max_value=100_000, places=2)),
    period=st.sampled_from([Period.WEEK, Period.YEAR]),
)


def exact_cost(line: CostLine) -> Fraction:
    """What a line adds to the year, worked out with fractions, apart from plans.money."""
    if not line.paid:
        return Fraction(0)
    if line.hourly_rate is not None:
        return Fraction(line.hours_per_week) * Fraction(line.hourly_rate) * 52
    times = {Period.WEEK: 52, Period.MONTH: 12, Period.YEAR: 1, Period.ONE_OFF: 1}
    return Fraction(line.amount) * times[line.period]


@PROPERTY
@given(LINES, st.none() | BUDGETS, st.randoms(use_true_random=False))
def test_the_total_does_not_depend_on_the_order_of_the_lines(lines, budget, random):
    shuffled = list(lines)
    random.shuffle(shuffled)
    assert costing_total(lines=shuffled, budget=budget) == costing_total(lines=lines, budget=budget)


@PROPERTY
@given(LINES)
def test_the_total_is_the_exact_sum_of_the_lines(lines):
    costing = costing_total(lines=lines, budget=None)
    total = Fraction(costing.total_for_year)
    assert total == sum((exact_cost(line) for line in lines), Fraction(0))
    assert total == sum(Fraction(line_per_year(x)) + Fraction(line_one_off(x)) for x in lines)
    assert total == (
        Fraction(costing.regular_per_year)
        + Fraction(costing.contingency_per_year)
        + Fraction(costing.one_off_total)
    )


@PROPERTY
@given(AMOUNTS)
def test_a_weekly_amount_times_52_comes_back_exactly(weekly):
    per_year = Budget(amount=weekly, period=Period.WEEK).per_year
    assert per_year == weekly * WEEKS_PER_YEAR
    assert Budget(amount=per_year, period=Period.YEAR).per_week == weekly
    line_year = line_per_year(fixed("Support", str(weekly), Period.WEEK))
    assert Fraction(line_year) / 52 == Fraction(weekly)
    costing = costing_total(lines=[fixed("Support", str(weekly), Period.WEEK)], budget=None)
    assert costing.regular_per_week == weekly


@PROPERTY
@given(BUDGETS)
def test_a_four_weekly_payment_is_exactly_four_weekly_ones(budget):
    weekly = payment_amount(budget=budget, paid_every=PaidEvery.WEEK)
    assert payment_amount(budget=budget, paid_every=PaidEvery.FOUR_WEEKS) == 4 * weekly


@PROPERTY
@given(BUDGETS)
def test_a_years_payments_come_to_the_budget_within_the_pennies_rounded(budget):
    year = Fraction(budget.per_year)
    monthly = Fraction(payment_amount(budget=budget, paid_every=PaidEvery.MONTH))
    assert abs(12 * monthly - year) <= Fraction(6, 100)  # 12 half-pennies at most
    weekly = Fraction(payment_amount(budget=budget, paid_every=PaidEvery.WEEK))
    four_weekly = Fraction(payment_amount(budget=budget, paid_every=PaidEvery.FOUR_WEEKS))
    assert 13 * four_weekly == 52 * weekly
    assert abs(52 * weekly - year) <= Fraction(26, 100)  # 52 half-pennies at most
    if budget.period is Period.WEEK:
        assert 52 * weekly == year  # a weekly budget is paid exactly


@PROPERTY
@given(BUDGETS, st.sampled_from([PaidEvery.WEEK, PaidEvery.MONTH]))
def test_a_weekly_or_monthly_payment_is_the_exact_share_to_the_nearest_penny_halves_up(
    budget, paid_every
):
    paid = payment_amount(budget=budget, paid_every=paid_every)
    assert paid.as_tuple().exponent == -2
    times_a_year = 52 if paid_every is PaidEvery.WEEK else 12
    share = Fraction(budget.per_year) / times_a_year * 100  # in pennies, exactly
    pennies = Fraction(paid) * 100
    # The nearest penny, and exactly half a penny goes up.
    assert share - Fraction(1, 2) < pennies <= share + Fraction(1, 2)


@PROPERTY
@given(AMOUNTS)
def test_an_amount_shown_in_pounds_reads_back_as_the_same_amount(amount):
    assert amount_parse(pounds(amount)) == amount


@PROPERTY
@given(LINES, BUDGETS)
def test_the_words_always_say_which_side_of_the_budget_the_plan_is(lines, budget):
    costing = costing_total(lines=lines, budget=budget)
    gap = Fraction(budget.per_year) - Fraction(costing.total_for_year)
    words = costing.difference.words()
    assert ("under your budget" in words) == (gap > 0)
    assert ("over your budget" in words) == (gap < 0)
    assert words.startswith("Exactly") == (gap == 0)
    assert "£0.00" not in words
    assert Fraction(costing.difference.per_year) == abs(gap)


@PROPERTY
@given(LINES, st.none() | BUDGETS)
def test_weekly_figures_shown_are_within_half_a_penny_of_the_exact_value(lines, budget):
    costing = costing_total(lines=lines, budget=budget)
    pairs = [
        (costing.total_per_week, costing.total_for_year),
        (costing.regular_per_week, costing.regular_per_year),
    ]
    if costing.difference is not None:
        pairs.append((costing.difference.per_week, costing.difference.per_year))
    for per_week, per_year in pairs:
        shown = Fraction(pounds(per_week).removeprefix("£").replace(",", ""))
        assert abs(shown - Fraction(per_year) / 52) <= HALF_PENNY


@PROPERTY
@given(LINES, UNPAID_LINES, st.none() | BUDGETS, st.integers(min_value=0))
def test_adding_unpaid_help_never_changes_any_total(lines, help_, budget, where):
    more = list(lines)
    more.insert(where % (len(lines) + 1), help_)
    assert costing_total(lines=more, budget=budget) == costing_total(lines=lines, budget=budget)


def outcome(parse, typed: str) -> tuple[Decimal | None, MoneyError | None]:
    """What ``parse`` makes of ``typed``: a value, or the refusal."""
    try:
        return parse(typed), None
    except MoneyError as error:
        return None, error


@PROPERTY
@given(st.text(max_size=30))
def test_whatever_is_typed_is_an_amount_or_a_plain_refusal(typed):
    value, error = outcome(amount_parse, typed)
    if error is not None:
        shown = " ".join(typed.split())
        assert error.code
        assert not shown or f"“{shown}”" in error.message
    else:
        assert 0 <= value <= MAX_AMOUNT
        assert value.as_tuple().exponent == -2


@PROPERTY
@given(st.text(alphabet="0123456789.,£p-eh: ", max_size=12))
def test_whatever_is_typed_is_a_number_of_hours_or_a_plain_refusal(typed):
    value, error = outcome(hours_parse, typed)
    if error is not None:
        assert error.code.startswith("hours_")
        assert not typed.strip() or f"“{' '.join(typed.split())}”" in error.message
    else:
        assert 0 < value <= MAX_HOURS_PER_WEEK
