"""The costing on a plan page, in a real browser: rows added by keyboard, the totals and the
difference from the budget in words, a refused amount kept with an error summary, no
WCAG 2.2 AA violations, and nothing scrolling sideways at 320 px."""

from decimal import Decimal

from plans import services as plan_services
from sessions_live.models import FocusPerson
from tests.browser.conftest import axe_violations, describe
from tests.browser.test_privacy_pages import fits, start_a_plan

PA = {"what": "A personal assistant", "who": "Sam", "paid": "yes", "hours": "7.5", "rate": "12.63"}
LAPTOP = {"what": "A laptop", "who": "A shop", "paid": "yes", "amount": "400", "period": "one_off"}
FRIEND = {"what": "Swimming", "who": "Jo, a friend", "paid": "no"}


def type_in(page, selector: str, text: str) -> None:
    """Move to a box and type into it, as a keyboard user does."""
    page.locator(selector).focus()
    page.keyboard.type(text)


def press_on(page, selector: str, key: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press(key)


def add_row_by_keyboard(page, row: dict) -> None:
    """Open "Add a row" if it is closed, fill it in by keyboard and send it."""
    if not page.locator("details.plan__cost-add").evaluate("details => details.open"):
        press_on(page, "details.plan__cost-add > summary", "Enter")
    type_in(page, "#cost-new-what", row["what"])
    type_in(page, "#cost-new-who", row["who"])
    press_on(page, f"#cost-new-paid-{row['paid']}", "Space")
    if "hours" in row:
        type_in(page, "#cost-new-hours_per_week", row["hours"])
        type_in(page, "#cost-new-hourly_rate", row["rate"])
    if "amount" in row:
        type_in(page, "#cost-new-amount", row["amount"])
        press_on(page, f"#cost-new-period-{row['period']}", "Space")
    with page.expect_navigation():
        press_on(page, "#cost-new button[type=submit]", "Enter")


def all_details_open(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_rows_are_added_by_keyboard_and_totalled_in_words(browser, demo_site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    plan_url = start_a_plan(page, demo_site)
    page.goto(plan_url + "#costing")
    assert page.locator("#costing").get_by_text("Nothing costed yet.").is_visible()
    for row in (PA, LAPTOP, FRIEND):
        add_row_by_keyboard(page, row)
        assert page.url == plan_url + "#costing"
        assert page.locator(".notice--success").inner_text() == (
            "Row added to the costing. You and the people with you see it on the board now."
        )
    table = page.locator("table.plan__cost-table")
    assert table.locator("caption").inner_text() == (
        "What the support is, who gives it and what it costs"
    )
    rows = [
        [cell.inner_text() for cell in row.locator("th, td").all()]
        for row in table.locator("tbody tr.plan__cost-row").all()
    ]
    assert rows == [
        ["A personal assistant", "Sam", "7.5 hours a week at £12.63 an hour", "£4,925.70 a year"],
        ["A laptop", "A shop", "£400.00 once", "£400.00 once"],
        ["Swimming", "Jo, a friend", "Unpaid", "No cost"],
    ]
    totals = page.locator(".plan__cost-totals")
    assert totals.locator(".plan__cost-total").inner_text() == (
        "In all: £102.42 a week (£5,325.70 a year)."
    )
    assert "includes £400.00 of one-off costs" in totals.inner_text()
    assert "budget" not in totals.inner_text()  # none shown yet

    # The person is shown a budget of £350 a week (£18,200 a year): the difference, in words.
    plan = FocusPerson.objects.get(first_name="Rosa").plan
    plan_services.budget_part_record(
        plan=plan,
        amount=Decimal(350),
        period="week",
        source="council",
        managed_as="direct_payment",
        recorded_by="Fran (facilitator)",
    )
    plan_services.budget_reveal(plan=plan)
    page.reload()
    status = page.locator(".plan__cost-status").inner_text()
    assert status.startswith("Under budget. ")
    assert "under your budget" in status
    assert "£12,874.30 a year" in status
    assert "£247.58 a week" in status

    all_details_open(page)
    assert_no_violations(page)
    context.close()


def test_a_refused_amount_is_kept_with_an_error_summary_and_fits_320_px(browser, demo_site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    plan_url = start_a_plan(page, demo_site)
    page.goto(plan_url + "#costing")
    add_row_by_keyboard(page, PA)
    add_row_by_keyboard(
        page,
        {
            "what": "Taxi to the club",
            "who": "",
            "paid": "yes",
            "amount": "twelve",
            "period": "week",
        },
    )
    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    link = summary.get_by_role("link")
    assert (
        link.inner_text() == "“twelve” is not an amount of money. Type it in numbers, like 12.50."
    )
    assert link.get_attribute("href") == "#cost-new-amount"
    # The summary is where the keyboard starts, and what was typed is all still there.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator("#cost-new-amount").input_value() == "twelve"
    assert page.locator("#cost-new-amount").get_attribute("aria-invalid") == "true"
    assert page.locator("#cost-new-what").input_value() == "Taxi to the club"
    assert page.locator("#cost-new-period-week").is_checked()
    assert page.locator("details.plan__cost-add").evaluate("details => details.open")
    assert page.locator("table.plan__cost-table tbody tr.plan__cost-row").count() == 1

    all_details_open(page)
    assert_no_violations(page)
    page.set_viewport_size({"width": 320, "height": 700})
    assert fits(page)
    # Each row stacks, with the column's name before each value.
    who = page.locator("tr.plan__cost-row td").first
    assert who.evaluate("td => getComputedStyle(td).display") == "block"
    assert who.evaluate("td => getComputedStyle(td, '::before').content") == '"Who: "'
    page.goto(plan_url + "#costing")
    all_details_open(page)
    assert fits(page)
    assert_no_violations(page)
    context.close()
