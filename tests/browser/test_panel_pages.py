"""The council's panel, in a real browser, end to end: the person sends their plan, a panel
member (signed in) asks for a change on the money by keyboard alone, the person changes the
costing and sends it again, the panel agrees it, and the plan page and its PDF and text say
"Agreed by ... on ...". No WCAG 2.2 AA violations on any new page or state, and nothing
scrolls sideways at 320 px (400% zoom) or at 200% zoom."""

import re

from django.contrib.auth import get_user_model
from django.utils import timezone

from plans.formats.common import date_words
from plans.models import CostLine, Panel, PanelSubmission
from plans.services import panel_submission_send
from tests.browser.test_accounts import tab_to
from tests.browser.test_costing_pages import PA, add_row_by_keyboard, assert_no_violations
from tests.browser.test_manage_pages import sign_in
from tests.browser.test_privacy_pages import fits, start_a_plan
from tests.pdf_reading import read

DERBY = "Derby support planning panel"
MONEY = "How the money will be spent"


# --- For the state test (tests/browser/test_states.py): the demo's panel pages --------------


def demo_panel_decided(data) -> str:
    """The demo's sent version that Derby's panel agreed: Amira's "for the panel"."""
    return f"/live/panels/sent/{PanelSubmission.objects.get(decision='agreed').pk}/"


def demo_panel_waiting(data) -> str:
    """Amira's "for the panel" sent to a second panel the demo member sits on: waiting,
    so its page has the decision form."""
    agreed = PanelSubmission.objects.select_related("plan", "version").get(decision="agreed")
    other = Panel.objects.create(name="Redcar panel", council="Redcar and Cleveland Council")
    other.members.add(get_user_model().objects.get(username="panel"))
    waiting = panel_submission_send(
        plan=agreed.plan, version=agreed.version, panel=other, submitted_by="Amira (themself)"
    )
    return f"/live/panels/sent/{waiting.pk}/"


def all_open(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def assert_fits_phone_and_zoom(page) -> None:
    """Nothing sideways at 320 px (a phone; 1,280 px at 400%) nor 640 px (200% zoom)."""
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 800})
        assert fits(page), f"{page.url} scrolls sideways at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def choose_by_keyboard(page, selector: str, value: str) -> None:
    """Move along a list's choices with the arrow keys until ``value`` is chosen."""
    page.locator(selector).focus()
    for _ in range(40):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value!r} is not a choice of {selector}")


def to_the_decision(page) -> None:
    """From the top of the page, by keyboard: the link to the form, then into it, to the
    first decision. (Tab enters a group of radio buttons once; arrows move within it.)"""
    tab_to(page, "a[href='#decision']")
    page.keyboard.press("Enter")
    tab_to(page, "#id_decision_0")


def send_by_keyboard(page) -> None:
    """Tab to the decision's button and press Enter, as someone with a keyboard alone."""
    tab_to(page, "#decision button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def open_waiting(panel, base: str) -> None:
    """The member's list, then the one plan waiting there."""
    panel.goto(base + "/live/panels/")
    waiting = panel.get_by_role("region", name="Waiting for a decision")
    waiting.get_by_role("link", name=re.compile("^Rosa")).click()
    panel.wait_for_url(re.compile(r"/live/panels/sent/\d+/$"))


def test_sent_changed_on_the_panels_word_sent_again_and_agreed(browser, demo_site):
    base = demo_site
    today = date_words(timezone.localdate())
    person = browser.new_context(locale="en-GB").new_page()
    plan_url = start_a_plan(person, base)
    add_row_by_keyboard(person, PA)

    # The person sends the plan as it is now to Derby's panel.
    person.goto(plan_url + "#panel")
    box = person.locator("#panel")
    assert "The plan has not been sent to a panel yet." in box.inner_text()
    person.select_option("#id_version", "now")
    person.select_option("#id_panel", label=f"{DERBY} (Derby City Council)")
    person.fill("#id_note", "Please look at the PA hours.")
    box.get_by_role("button", name="Send to the panel").click()
    person.wait_for_url(plan_url + "#panel")
    assert f"to {DERBY}" in person.locator(".notice--success").inner_text()
    assert f"Waiting for {DERBY} to decide." in box.inner_text()
    all_open(person)
    assert_no_violations(person)

    # A member of the panel signs in (a password only: the tests' settings have no second
    # factor, as tests/browser/test_manage_pages.py) and reads the version sent.
    panel = browser.new_context(locale="en-GB").new_page()
    sign_in(panel, base, ("panel", "panel-demo"))
    panel.goto(base + "/live/panels/")
    assert panel.get_by_role("heading", level=1).inner_text() == "Plans sent to your panel"
    # The demo's own: Amira's plan, agreed.
    decided = panel.get_by_role("region", name="Decided")
    assert f"Agreed by {DERBY} on" in decided.inner_text()
    assert_no_violations(panel)
    assert_fits_phone_and_zoom(panel)
    open_waiting(panel, base)
    main = panel.locator("main")
    assert "Please look at the PA hours." in main.inner_text()
    assert panel.get_by_role("heading", name="The readiness check").is_visible()
    assert "A personal assistant" in main.locator("#costing").inner_text()
    assert "In all:" in main.locator("#costing").inner_text()
    assert panel.locator("a[href*='/live/s/']").count() == 0  # no way onto the board
    assert_no_violations(panel)
    assert_fits_phone_and_zoom(panel)

    # By keyboard alone: "Changes asked for" with no comment is refused, with a summary...
    to_the_decision(panel)
    panel.keyboard.press("ArrowDown")
    panel.keyboard.press("ArrowDown")
    assert panel.locator("#id_decision_2").is_checked()
    send_by_keyboard(panel)
    summary = panel.locator(".error-summary")
    assert "write at least one comment" in summary.inner_text()
    assert panel.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.get_by_role("link").get_attribute("href") == "#id_comment_1_text"
    assert panel.locator("#id_decision_2").is_checked()  # what was chosen is kept
    assert_no_violations(panel)
    # ... then with one about the money.
    tab_to(panel, "#id_comment_1_section")
    choose_by_keyboard(panel, "#id_comment_1_section", MONEY)
    tab_to(panel, "#id_comment_1_text")
    panel.keyboard.type("Say how many hours the PA works in a week, and check the total.")
    send_by_keyboard(panel)
    assert panel.url.endswith("#decision")
    decision = panel.locator("#decision").inner_text()
    assert f"{DERBY} asked for changes on {today}." in decision
    assert f"About \u2018{MONEY}\u2019" in decision
    assert_no_violations(panel)

    # The person reads it under the money, changes the costing and sends it again.
    person.goto(plan_url)
    box = person.locator("#panel")
    assert f"{DERBY} asked for changes on {today}." in box.inner_text()
    about = box.get_by_role("heading", name=f"About \u2018{MONEY}\u2019")
    assert about.is_visible()
    assert "Say how many hours the PA works" in box.inner_text()
    box.get_by_role("link", name=f"Go to \u2018{MONEY}\u2019 on this page").click()
    assert person.url.endswith("#costing")
    all_open(person)
    assert_no_violations(person)
    row = CostLine.objects.get(what=PA["what"])
    person.fill(f"#cost-{row.pk}-hours_per_week", "10")
    with person.expect_navigation():
        person.locator(f"#cost-{row.pk} button[type=submit]").click()
    person.goto(plan_url + "#panel")
    with person.expect_navigation():
        box.get_by_role("button", name=f"Send the plan as it is now to {DERBY}").click()
    assert "Sent" in person.locator(".notice--success").inner_text()
    assert PanelSubmission.objects.filter(decision="").count() == 1

    # The panel agrees the changed plan, by keyboard.
    open_waiting(panel, base)
    assert "10 hours a week" in panel.locator("#costing").inner_text()
    earlier = panel.get_by_role("region", name="What your panel said before")
    assert "Say how many hours the PA works" in earlier.inner_text()
    to_the_decision(panel)
    panel.keyboard.press("Space")
    assert panel.locator("#id_decision_0").is_checked()
    send_by_keyboard(panel)
    assert f"Agreed by {DERBY} on {today}." in panel.locator("#decision").inner_text()
    assert_no_violations(panel)
    assert_fits_phone_and_zoom(panel)

    # The plan page, its text and its PDF say so; nothing has changed since.
    person.goto(plan_url)
    agreed = f"Agreed by {DERBY} on {today}."
    assert agreed in person.locator("#panel").inner_text()
    assert "Changed since the panel agreed it" not in person.locator("main").inner_text()
    all_open(person)
    assert_no_violations(person)
    assert_fits_phone_and_zoom(person)
    text = person.request.get(plan_url + "text/").text()
    assert agreed in text
    pdf = read(person.request.get(plan_url + "pdf/").body())
    assert agreed in " ".join(pdf.pages[0].extract_text().split())
    # The person's log names the panel member for every reading and the decision.
    person.goto(plan_url + "log/")
    log = person.locator("main").inner_text()
    assert f"Joy Adeyemi ({DERBY})" in log
    assert "Read by the panel" in log
    person.context.close()
    panel.context.close()
