"""Costing on the live board, in a real browser: the person adds a row by keyboard in the
"How the money will be spent" part of their board, through the board's own socket; their
ally's screen shows the row and the new total in words without a reload; a refused amount
comes back in the form with a plain message and everything typed kept. No WCAG 2.2 AA
violations, and nothing scrolls sideways at 320 px."""

from playwright.sync_api import expect

from plans.models import CostLine
from tests.browser.test_board_live import WAIT_MS, open_board, room, wait_connected  # noqa: F401
from tests.browser.test_costing_pages import all_details_open, assert_no_violations, press_on
from tests.browser.test_privacy_pages import fits
from tests.sessions_live.factories import participant_make


def type_in(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_the_person_costs_a_row_on_the_board_and_their_ally_sees_it_live(browser, room):  # noqa: F811
    amira = room["people"]["Amira"]  # the demo: £350 a week, revealed, and 6 rows
    rows_before = CostLine.objects.filter(plan=amira.plan).count()
    me = open_board(browser, room, "amira", room_me=participant_make(amira))
    sam = open_board(browser, room, "sam")
    for page in (me, sam):
        wait_connected(page)
    total = sam.locator(f"#person-{amira.pk}-costing")
    before = total.inner_text()
    assert "under your budget" in before

    prefix = f"#board-cost-{amira.pk}"
    press_on(me, f"#person-{amira.pk}-cost-add > summary", "Enter")
    type_in(me, f"{prefix}-what", "Swimming lessons")
    type_in(me, f"{prefix}-who", "Redcar leisure centre")
    type_in(me, f"{prefix}-amount", "20")
    press_on(me, f"{prefix}-period-week", "Space")
    press_on(me, f"{prefix} button[type=submit]", "Enter")

    # Sam's screen: the new row and the new total, live.
    costing = sam.locator(f'[data-costing-section="{amira.pk}"]')
    expect(costing.locator("table")).to_contain_text("Swimming lessons", timeout=WAIT_MS)
    expect(total).not_to_have_text(before, timeout=WAIT_MS)
    expect(total).to_contain_text("a week under your budget")
    assert me.url.endswith(f"/live/s/{room['session'].pk}/")  # sent on the socket, no page load
    expect(me.locator(f"{prefix}-what")).to_have_value("")
    expect(me.locator("[data-board-announcer]")).to_contain_text("Costing changed", timeout=WAIT_MS)
    assert CostLine.objects.filter(plan=amira.plan).count() == rows_before + 1

    # A refused amount: said in plain words, in the form, with everything typed kept.
    type_in(me, f"{prefix}-what", "Taxi to the club")
    type_in(me, f"{prefix}-amount", "-5")
    press_on(me, f"{prefix}-period-week", "Space")
    press_on(me, f"{prefix} button[type=submit]", "Enter")
    error = me.locator(f"{prefix} [data-form-error]")
    expect(error).to_be_visible(timeout=WAIT_MS)
    expect(error).to_contain_text("-5")
    expect(me.locator(f"{prefix}-what")).to_have_value("Taxi to the club")
    expect(me.locator(f"{prefix}-amount")).to_have_value("-5")
    assert CostLine.objects.filter(plan=amira.plan).count() == rows_before + 1

    all_details_open(me)
    assert_no_violations(me)
    me.set_viewport_size({"width": 320, "height": 800})
    assert fits(me)
    for page in (me, sam):
        page.context.close()
