"""A person's plan page redraws itself live, in real browsers: when the person's ally adds a
costing row, the person's own open plan page shows the row and the new total without
reloading and says so; what someone has typed and not sent is never lost to a redraw."""

import pytest

from sessions_live.demo import DEMO_TITLE
from sessions_live.models import FocusPerson, PlanningSession
from tests.browser.conftest import axe_violations, describe, wait_until
from tests.browser.test_actions_pages import add_action_by_keyboard
from tests.browser.test_board_live import new_context, participant_cookie
from tests.browser.test_costing_pages import add_row_by_keyboard, all_details_open, type_in
from tests.sessions_live.factories import participant_make

WAIT_MS = 10_000
BUS = {
    "what": "Bus fare to the art class",
    "who": "Derby buses",
    "paid": "yes",
    "amount": "5",
    "period": "week",
}
CHANGED = "Someone has written on this plan since you opened it."
SAID = "document.querySelector('[data-plan-said]')?.textContent"
NOTICE = "[data-plan-changed]"


@pytest.fixture
def table(browser, demo_site):
    """Amira (on her phone) and Sam, her friend (on his), both with her plan page open."""
    session = PlanningSession.objects.get(title=DEMO_TITLE)
    amira = FocusPerson.objects.get(session=session, first_name="Amira")
    url = f"{demo_site}/live/s/{session.pk}/people/{amira.pk}/plan/"
    screens = {}
    for name, relation in (("Amira", "me"), ("Sam", "friend")):
        cookie = participant_cookie(participant_make(amira, name, relation))
        screens[name] = new_context(browser, demo_site, cookie).new_page()
        # Anything the page's policy (CSP) refused, or a script error, shows up here (the
        # browser's own asking for /favicon.ico, which the site has not, aside).
        screens[name].errors = []
        screens[name].on(
            "console",
            lambda message, page=screens[name]: (
                message.type == "error"
                and not message.location["url"].endswith("/favicon.ico")
                and page.errors.append(message.text)
            ),
        )
        screens[name].on("pageerror", lambda error, page=screens[name]: page.errors.append(error))
        screens[name].goto(url)
        # Marked, so a reload (which would lose the mark) cannot pass for a redraw.
        screens[name].evaluate("window.__notReloaded = true")
    yield screens
    for page in screens.values():
        page.context.close()


def cost_rows(page) -> list[str]:
    return page.locator("table.plan__cost-table tr.plan__cost-row th").all_inner_texts()


def total(page) -> str:
    return page.locator(".plan__cost-total").inner_text()


def test_a_row_added_by_an_ally_appears_on_the_persons_open_plan_and_is_said(table):
    amira, sam = table["Amira"], table["Sam"]
    total_before = total(amira)
    assert BUS["what"] not in cost_rows(amira)

    add_row_by_keyboard(sam, BUS)  # Sam's own page is sent back, with the new row
    assert BUS["what"] in cost_rows(sam)
    assert total(sam) != total_before

    # Amira's page, untouched, draws the row and the new total and says so, once.
    wait_until(
        amira,
        f"[...document.querySelectorAll('tr.plan__cost-row th')]"
        f".some(cell => cell.textContent.includes({BUS['what']!r}))",
        timeout=WAIT_MS,
    )
    assert cost_rows(amira) == cost_rows(sam)
    assert total(amira) == total(sam)
    wait_until(amira, f"{SAID} === 'The costing changed.'", timeout=WAIT_MS)
    assert amira.evaluate("window.__notReloaded === true")
    assert amira.locator(NOTICE).inner_text() == ""
    assert amira.errors == []

    all_details_open(amira)
    violations = axe_violations(amira)
    assert violations == [], describe(violations)


def test_words_typed_and_not_sent_are_kept_and_the_rest_is_redrawn(table):
    amira, sam = table["Amira"], table["Sam"]
    amira.locator("details.plan__cost-add > summary").press("Enter")
    type_in(amira, "#cost-new-what", "Taxi home")
    # The keyboard leaves the form: only the typed words keep it from being redrawn.
    amira.locator("#cost-new-what").blur()
    assert amira.evaluate("document.activeElement === document.body")

    add_row_by_keyboard(sam, BUS)
    add_action_by_keyboard(
        sam,
        {"what": "Buy a bus pass", "who": "Sam", "when": "by 1 May", "how_we_know": "I have it"},
    )

    # The action plan, which nobody on Amira's screen is using, is redrawn...
    wait_until(
        amira,
        "[...document.querySelectorAll('.plan__action-what')]"
        ".some(item => item.textContent.includes('Buy a bus pass'))",
        timeout=WAIT_MS,
    )
    # ...the costing, holding her words, is not: she is told, and chooses when.
    wait_until(
        amira,
        f"document.querySelector('{NOTICE}').textContent.startsWith({CHANGED!r})",
        timeout=WAIT_MS,
    )
    assert amira.locator("#cost-new-what").input_value() == "Taxi home"
    assert amira.locator("details.plan__cost-add").evaluate("details => details.open")
    assert BUS["what"] not in cost_rows(amira)
    assert amira.locator(NOTICE).get_by_role("link", name="Show the latest").is_visible()
    assert amira.evaluate("window.__notReloaded === true")
    wait_until(amira, f"({SAID} || '').length > 0", timeout=WAIT_MS)
    said = amira.evaluate(SAID)
    assert said in {"The action plan changed.", "The plan changed."}, said
    assert amira.errors == []

    all_details_open(amira)
    violations = axe_violations(amira)
    assert violations == [], describe(violations)
