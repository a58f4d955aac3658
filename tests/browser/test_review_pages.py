"""The review prompts in a real browser: the facilitator's session list and the plan page,
with axe at zero violations, keyboard-only, and at 320 px."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plans.models import Plan
from sessions_live.models import FocusPerson
from tests.browser.conftest import axe_violations, describe
from tests.browser.test_manage_pages import facilitator, sign_in


@pytest.fixture
def amira(demo_site):
    """The demo's Amira, whose "for the panel" version Derby's panel agreed, with her
    review in five days; committed, so the server sees it."""
    seat = FocusPerson.objects.get(session__facilitator=facilitator(), first_name="Amira")
    Plan.objects.filter(pk=seat.plan_id).update(review_on=timezone.localdate() + timedelta(days=5))
    return {"base": demo_site, "seat": seat}


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_facilitator_is_prompted_on_their_list_and_on_the_plan(page, amira):
    base = amira["base"]
    sign_in(page, base)
    page.goto(base + "/live/sessions/")
    reviews = page.locator("[data-reviews-due]")
    assert "Amira" in reviews.text_content()
    assert_no_violations(page)
    reviews.get_by_role("link", name="Amira\u2019s plan").click()
    prompt = page.locator("[data-review-prompt]")
    assert "Amira\u2019s review is due on" in prompt.text_content()
    assert "since the panel agreed “for the panel”" in prompt.text_content()
    assert_no_violations(page)


def test_the_review_is_started_with_the_keyboard_alone_and_fits_a_phone(browser, amira):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()
    try:
        base, seat = amira["base"], amira["seat"]
        sign_in(page, base)
        page.goto(f"{base}/live/s/{seat.session_id}/people/{seat.pk}/plan/")
        start = page.get_by_role("link", name="Start the review")
        # Nothing sticks out sideways at 320 px.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for _ in range(200):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim() === 'Start the review'"):
                break
        else:
            pytest.fail("Tab never reached “Start the review”.")
        assert start.evaluate("el => el === document.activeElement")
        page.keyboard.press("Enter")
        page.wait_for_url("**/plan/compare/?older=*&newer=now")
        assert page.locator("h1").is_visible()
        assert_no_violations(page)
    finally:
        context.close()
