""" "Make this clearer" on an action, in a real browser and by keyboard alone: the
facilitator asks on the plan page, the person sees the question on their board and
their plan, answers it, and the facilitator marks it clear. No WCAG 2.2 AA violations
with every form open, and nothing scrolls sideways at 320 px."""

from django.urls import reverse
from playwright.sync_api import expect

from plans.models import PlanAction
from tests.browser.test_board_live import WAIT_MS, open_board, room  # noqa: F401  (a fixture)
from tests.browser.test_costing_pages import all_details_open, assert_no_violations, press_on
from tests.browser.test_privacy_pages import fits
from tests.sessions_live.factories import participant_make


def type_in(page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_the_facilitator_asks_about_an_action_and_the_person_answers_by_keyboard(browser, room):  # noqa: F811
    amira = room["people"]["Amira"]  # the demo gives her three actions, the last one vague
    vague = PlanAction.objects.filter(plan=amira.plan).order_by("id").last()
    plan_path = reverse("live:plan", args=[room["session"].pk, amira.pk])

    fran = open_board(browser, room, "facilitator")
    fran.goto(room["url"] + plan_path + "#actions")
    ask = f"#action-{vague.pk} details.plan__question-ask"
    press_on(fran, f"{ask} > summary", "Enter")
    type_in(fran, f"#ask-action-{vague.pk}", "Which club, and who will go with you?")
    with fran.expect_navigation():
        press_on(fran, f"{ask} button[type=submit]", "Enter")
    expect(fran.locator(".notice--success")).to_contain_text("Question sent.")
    expect(fran.locator(f"#question-action-{vague.pk}")).to_contain_text("Waiting for an answer.")

    me = open_board(browser, room, "amira", room_me=participant_make(amira))
    question = me.locator(".action__question", has_text="Which club")
    expect(question).to_be_visible(timeout=WAIT_MS)
    with me.expect_navigation():
        press_on(me, f'.action__question a[href$="#question-action-{vague.pk}"]', "Enter")
    box = me.locator(f"#question-action-{vague.pk}")
    expect(box).to_contain_text("The facilitator asks: Which club, and who will go with you?")
    type_in(me, f"#answer-action-{vague.pk}", "The Friday drama club, with Sam")
    with me.expect_navigation():
        press_on(me, f"#question-action-{vague.pk} button[type=submit]", "Enter")
    expect(me.locator(".notice--success")).to_contain_text("Answer sent.")
    expect(me.locator(f"#question-action-{vague.pk}")).to_contain_text(
        "Answer: The Friday drama club, with Sam"
    )
    all_details_open(me)
    assert_no_violations(me)
    me.set_viewport_size({"width": 320, "height": 800})
    assert fits(me)

    fran.reload()
    all_details_open(fran)
    assert_no_violations(fran)
    with fran.expect_navigation():
        press_on(fran, f"#question-action-{vague.pk} button[type=submit]", "Enter")
    expect(fran.locator(".notice--success")).to_contain_text("Marked as clear.")
    expect(fran.locator(f"#question-action-{vague.pk}")).to_have_count(0)
    vague.refresh_from_db()
    assert vague.clarification == ""
    for page in (fran, me):
        page.context.close()
