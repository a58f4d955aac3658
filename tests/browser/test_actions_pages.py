"""The action plan and the readiness check on a plan page, in a real browser: an action added
and changed by keyboard, its tips shown and then gone, the readiness list's links going where
they say, no WCAG 2.2 AA violations, and nothing scrolling sideways at 320 px."""

import re

from tests.browser.conftest import wait_until
from tests.browser.test_costing_pages import all_details_open, assert_no_violations, press_on
from tests.browser.test_privacy_pages import fits, start_a_plan

VAGUE = {"what": "Try to get out more", "who": "", "when": "soon", "how_we_know": ""}
CLEAR = {
    "what": "Go swimming at Redcar leisure centre on Tuesdays",
    "who": "Me and Sam",
    "when": "every week",
    "how_we_know": "I have been 4 times by March",
}


def type_over(page, selector: str, text: str) -> None:
    """Move to a box, clear it and type into it, as a keyboard user does."""
    page.locator(selector).focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Delete")
    if text:
        page.keyboard.type(text)


def fill_action_by_keyboard(page, prefix: str, action: dict) -> None:
    """Fill in one action form (``prefix`` is "action-new" or "action-change-<id>") and send it."""
    for name in ("what", "who", "when", "how_we_know"):
        type_over(page, f"#{prefix}-{name}", action[name])
    with page.expect_navigation():
        press_on(page, f"#{prefix} button[type=submit]", "Enter")


def add_action_by_keyboard(page, action: dict) -> None:
    """Open "Add an action" if it is closed, fill it in by keyboard and send it."""
    if not page.locator("details.plan__action-add").evaluate("details => details.open"):
        press_on(page, "details.plan__action-add > summary", "Enter")
    fill_action_by_keyboard(page, "action-new", action)


def tips_of(item) -> list[str]:
    return [tip.inner_text() for tip in item.locator("li.plan__hint").all()]


def ready_items(page) -> list[str]:
    """Each readiness item's words, on one line (the link's hidden words are read out too)."""
    return [
        " ".join(item.inner_text().split())
        for item in page.locator("#ready li.plan__ready-item").all()
    ]


def test_a_vague_action_gets_tips_and_loses_them_once_clear(browser, demo_site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    plan_url = start_a_plan(page, demo_site)
    page.goto(plan_url + "#actions")
    assert page.locator("#actions").get_by_text("No actions yet.").is_visible()

    add_action_by_keyboard(page, VAGUE)
    assert re.fullmatch(re.escape(plan_url) + r"#action-\d+", page.url)
    assert page.locator(".notice--success").inner_text().startswith("Action added.")
    item = page.locator("li.plan__action")
    assert item.count() == 1
    assert item.get_attribute("id") == page.url.split("#")[1]
    words = item.locator(".plan__action-words").inner_text()
    assert "Try to get out more" in words
    assert "Who: not said yet" in words
    assert "When: soon" in words
    hints = item.locator(".plan__hints")
    assert hints.is_visible()
    assert hints.locator(".plan__hints-title").inner_text() == "Things to think about"
    assert tips_of(item) == [
        "Tip: You wrote “try”. What will you actually do?",
        "Tip: “more” could mean a little or a lot. How much more?",
        "Tip: Who will do this?",
        "Tip: You wrote “soon”. By when? Choose a date or how often.",
        "Tip: How will you know it worked?",
    ]
    # The tips sit beside the action's words on a wide screen.
    words_box = item.locator(".plan__action-words").bounding_box()
    hints_box = hints.bounding_box()
    assert hints_box["x"] > words_box["x"] + words_box["width"] - 1
    assert any(
        text.startswith("Still to do: Every action has who and when.") for text in ready_items(page)
    )

    # Change it by keyboard: the change form is filled in with what was written.
    press_on(page, "details.plan__action-change > summary", "Enter")
    form = item.locator("form.plan__action-form")
    prefix = form.get_attribute("id")
    assert page.locator(f"#{prefix}-what").input_value() == "Try to get out more"
    assert page.locator(f"#{prefix}-when").input_value() == "soon"
    fill_action_by_keyboard(page, prefix, CLEAR)
    assert page.locator(".notice--success").inner_text().startswith("Action changed.")
    item = page.locator("li.plan__action")
    assert item.count() == 1
    assert item.locator(".plan__hints").count() == 0
    assert tips_of(item) == []
    words = item.locator(".plan__action-words").inner_text()
    assert "Who: Me and Sam" in words
    assert "When: every week" in words
    assert "How we will know: I have been 4 times by March" in words
    assert any(
        text.startswith("Done: Every action has who and when.") for text in ready_items(page)
    )

    all_details_open(page)
    assert_no_violations(page)
    context.close()


def test_the_readiness_list_names_what_is_missing_with_working_links(browser, demo_site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    plan_url = start_a_plan(page, demo_site)
    ready = page.locator("#ready")
    assert ready.get_by_role("heading").inner_text() == "Is the plan ready to share?"
    summary = ready.locator(".plan__ready-summary").inner_text()
    assert re.fullmatch(
        r"\d+ things still to do\. The plan can still be shared: this only helps\.", summary
    )
    items = ready_items(page)
    assert any(text.startswith("Still to do: The costs fit the budget.") for text in items)
    assert any(text.startswith("Still to do: Every action has who and when.") for text in items)
    links = ready.get_by_role("link").all()
    assert len(links) == int(summary.split()[0])
    # Every link goes to a part of this page that is there.
    hrefs = [link.get_attribute("href") for link in links]
    assert {"#costing", "#actions"} <= set(hrefs)
    for href in hrefs:
        assert page.locator(href).count() == 1, href

    # Follow one by keyboard: the page moves to the action plan.
    link = ready.get_by_role("link", name="Go to it for “Every action has who and when”")
    link.focus()
    page.keyboard.press("Enter")
    wait_until(page, "location.hash === '#actions'")
    assert page.url == plan_url + "#actions"
    target = page.locator("#actions")
    assert target.get_by_role("heading", level=2).inner_text() == "Action plan"
    wait_until(
        page,
        "(() => { const r = document.getElementById('actions').getBoundingClientRect();"
        " return r.top >= -1 && r.top < window.innerHeight; })()",
    )

    # With an action to change too, every form open: no violations, and it fits 320 px.
    add_action_by_keyboard(page, VAGUE)
    all_details_open(page)
    assert_no_violations(page)
    page.set_viewport_size({"width": 320, "height": 700})
    assert fits(page)
    # Narrow, the tips go under the action's words rather than beside them.
    item = page.locator("li.plan__action")
    words_box = item.locator(".plan__action-words").bounding_box()
    hints_box = item.locator(".plan__hints").bounding_box()
    assert hints_box["y"] >= words_box["y"] + words_box["height"] - 1
    page.goto(plan_url + "#ready")
    all_details_open(page)
    assert fits(page)
    assert_no_violations(page)
    context.close()
