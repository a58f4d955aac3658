"""How often a direct payment is paid (Care Act 2014 s25), in a real browser: asked on the
set-up page, refused in plain words for a part that is not a direct payment (with
everything chosen kept), then shown on the person's plan once revealed, with how much each
payment is. No WCAG 2.2 AA violations, and nothing scrolling sideways at 320 px."""

import re

from tests.browser.test_manage_pages import assert_no_violations, room, sign_in  # noqa: F401
from tests.browser.test_privacy_pages import fits

REFUSED = (
    "You chose how often a direct payment is paid (every 4 weeks), but this part is not a "
    "direct payment: it is an Individual Service Fund. Choose \u201cNot decided yet\u201d for "
    "how often, or choose a direct payment for how it will be managed."
)


def test_how_often_a_direct_payment_is_paid_is_asked_refused_kept_and_shown(page, room):  # noqa: F811
    base, session, person = room["base"], room["session"], room["person"]
    sign_in(page, base)
    setup = f"{base}/live/sessions/{session.pk}/setup/"
    page.goto(setup)
    page.get_by_text(f"Record {person.first_name}\u2019s budget").click()
    form = page.locator(f"form[action$='/people/{person.pk}/budget/']")
    how_often = form.get_by_role("group", name="How often is the direct payment paid?")
    assert how_often.get_by_role("radio", name="Not decided yet").is_checked()

    # Chosen for an Individual Service Fund: refused, saying what was chosen.
    form.get_by_label("How much").fill("350")
    form.get_by_label("Individual Service Fund").check()
    how_often.get_by_role("radio", name="Every 4 weeks").check()
    form.get_by_role("button", name=f"Record the budget for {person.first_name}").click()
    link = page.locator(".error-summary").get_by_role("link")
    assert link.inner_text() == REFUSED
    # The message is beside the question too, and the link takes the keyboard there.
    form = page.locator(f"form[action$='/people/{person.pk}/budget/']")
    how_often = form.get_by_role("group", name="How often is the direct payment paid?")
    assert REFUSED in how_often.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.value") == ""  # its first choice
    assert page.evaluate("document.activeElement.name").endswith("-paid_every")
    # Nothing chosen or typed is lost.
    assert form.get_by_label("How much").input_value() == "350"
    assert form.get_by_label("Individual Service Fund").is_checked()
    assert how_often.get_by_role("radio", name="Every 4 weeks").is_checked()
    assert_no_violations(page)
    page.set_viewport_size({"width": 320, "height": 700})
    assert fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # As a direct payment it is recorded, sealed, with each payment worked out.
    form.get_by_label("Direct payment", exact=True).check()
    form.get_by_role("button", name=f"Record the budget for {person.first_name}").click()
    page.wait_for_url(re.compile(r"/setup/#person-\d+$"))
    card = page.locator(f"#person-{person.pk}")
    assert "Paid every 4 weeks: £1,400.00 each time." in card.inner_text()
    assert "Sealed" in card.inner_text()

    plan_page = f"{base}/live/s/{session.pk}/people/{person.pk}/plan/"
    page.goto(plan_page)
    assert page.locator("#budget").count() == 0  # sealed: not even on the facilitator's view
    assert "direct payment" not in page.locator("#ready").inner_text()

    page.goto(setup)
    page.get_by_role("button", name=f"Reveal to {person.first_name}\u2019s table").click()
    page.goto(plan_page)
    budget = page.locator("#budget")
    assert (
        "£350.00 a week from the council, as direct payment. The direct payment is £1,400.00 "
        "every 4 weeks, paid into Dev\u2019s own account."
    ) in " ".join(budget.inner_text().split())
    assert (
        "Done: It says how often the direct payment is paid." in page.locator("#ready").inner_text()
    )
    assert_no_violations(page)
    page.set_viewport_size({"width": 320, "height": 700})
    assert fits(page)
