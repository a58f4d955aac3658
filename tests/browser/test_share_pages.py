"""Sharing a plan, in a real browser and by keyboard alone: the person shares it with a PA
(how to support them only) and a social worker (the whole plan); the PA's page shows only
that part; the person stops the PA's link and the PA's open page takes the plan away and
says so, as does the next load; the person sees both openings. No WCAG 2.2 AA violations,
and nothing scrolls sideways at 320 px or 200% zoom."""

import re

from playwright.sync_api import expect

from tests.browser.test_costing_pages import all_details_open, assert_no_violations, press_on
from tests.browser.test_privacy_pages import fits, start_a_plan

SUPPORT = "What's important to me about how you support me"
WAIT_MS = 10_000


def write_under(page, title: str, words: str) -> None:
    """Write under a heading with the plan page's own form, by keyboard."""
    heading = page.locator("h2", has_text=re.compile(f"^{re.escape(title)}$"))
    section = page.locator("section.plan__section", has=heading)
    section.locator("details.plan__write > summary").focus()
    page.keyboard.press("Enter")
    section.locator("textarea").focus()
    page.keyboard.type(words)
    with page.expect_navigation():
        section.locator("button[type=submit]").focus()
        page.keyboard.press("Enter")


def _first_share_id(page) -> int:
    return int(page.locator("li.plan__share").first.get_attribute("id").removeprefix("share-"))


def share_by_keyboard(page, name: str, role: str, parts: list[str] | None) -> str:
    """Fill in "Share with someone new" by keyboard; return the link it shows once."""
    details = page.locator("details.plan__share-new")
    if not details.evaluate("d => d.open"):
        press_on(page, "details.plan__share-new > summary", "Enter")
    page.locator("#id_recipient_name").focus()
    page.keyboard.type(name)
    press_on(page, f'input[name="recipient_role"][value="{role}"]', "Space")
    if parts:
        press_on(page, 'input[name="what"][value="chosen"]', "Space")
        for label in parts:
            page.get_by_role("checkbox", name=label, exact=True).focus()
            page.keyboard.press("Space")
    with page.expect_navigation():
        press_on(page, "details.plan__share-new button[type=submit]", "Enter")
    expect(page.locator("h1")).to_have_text(f"Your link for {name}")
    return page.locator("[data-share-url]").inner_text()


def test_a_person_shares_with_a_pa_and_a_social_worker_and_stops_the_pas_link(browser, demo_site):
    context = browser.new_context(locale="en-GB")
    rosa = context.new_page()
    plan_url = start_a_plan(rosa, demo_site)
    write_under(rosa, "A good day", "Tea in the garden with my sister")
    write_under(rosa, SUPPORT, "Give me time to answer")

    rosa.goto(plan_url + "#sharing")
    pa_link = share_by_keyboard(rosa, "Sam Jones", "pa", [SUPPORT])
    assert_no_violations(rosa)  # the link page
    rosa.goto(plan_url + "#sharing")
    worker_link = share_by_keyboard(rosa, "Chris Lee", "social_worker", None)
    assert pa_link != worker_link

    pa = browser.new_context(locale="en-GB").new_page()
    pa.goto(pa_link)
    expect(pa.locator("h1")).to_contain_text("Rosa")
    assert "Give me time to answer" in pa.content()
    assert "Tea in the garden" not in pa.content()
    assert_no_violations(pa)
    worker = browser.new_context(locale="en-GB").new_page()
    worker.goto(worker_link)
    assert "Tea in the garden" in worker.content()
    assert "Give me time to answer" in worker.content()

    # Rosa sees both openings, then stops the PA's link by keyboard.
    rosa.goto(plan_url + "#sharing")
    shares = rosa.locator("li.plan__share")
    expect(shares).to_have_count(2)
    for item in shares.all():
        expect(item).to_contain_text("Opened 1 time.")
    # Each opening is in the plan's log, with who it was.
    with rosa.expect_navigation():
        press_on(rosa, "#share-" + str(_first_share_id(rosa)) + " a[href$='/log/']", "Enter")
    log = rosa.locator("main").inner_text()
    assert "Sam Jones (Personal assistant (PA), through a shared link)" in log
    assert "Chris Lee (Social worker, through a shared link)" in log
    assert log.count("Opened the shared plan") == 2
    assert_no_violations(rosa)
    rosa.goto(plan_url + "#sharing")
    stop = rosa.get_by_role("button", name="Stop sharing with Sam Jones")
    stop.focus()
    with rosa.expect_navigation():
        rosa.keyboard.press("Enter")
    expect(rosa.locator(".notice--success")).to_contain_text(
        "Stopped. The link you gave Sam Jones shows nothing now."
    )
    all_details_open(rosa)
    assert_no_violations(rosa)

    # The PA's page, still open, takes the plan away and says why.
    pa.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(pa.locator("[data-shared-stopped]")).to_contain_text(
        "This link was stopped on", timeout=WAIT_MS
    )
    expect(pa.get_by_text("Give me time to answer")).to_have_count(0)
    pa.reload()
    expect(pa.locator("h1")).to_have_text("This link has stopped")
    assert "Give me time to answer" not in pa.content()
    assert_no_violations(pa)
    worker.reload()
    assert "Tea in the garden" in worker.content()  # the other link still works

    for width, scale in ((320, 1), (640, 2)):
        small = browser.new_context(
            locale="en-GB", viewport={"width": width, "height": 800}, device_scale_factor=scale
        ).new_page()
        small.goto(worker_link)
        assert fits(small)
        small.context.close()
    rosa.set_viewport_size({"width": 320, "height": 800})
    rosa.goto(plan_url + "#sharing")
    assert fits(rosa)
    assert re.search(r"Stopped\.", rosa.locator("#sharing").inner_text())
    for page in (rosa, pa, worker):
        page.context.close()
