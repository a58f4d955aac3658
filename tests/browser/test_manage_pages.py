"""Set-up and join pages in a real browser: accessible, keyboard-usable, fit a phone screen."""

import re

import pytest
from django.contrib.auth import get_user_model

from sessions_live import services
from sessions_live.models import Participant, PlanningSession
from tests.browser.conftest import axe_violations, describe

DEMO_FACILITATOR = ("facilitator", "facilitator-demo")


def sign_in(page, base_url: str, login: tuple[str, str] = DEMO_FACILITATOR) -> None:
    """Sign in as a demo user (the facilitator unless told) by filling the real form."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", login[0])
    page.fill("#id_password", login[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/")


def facilitator():
    return get_user_model().objects.get(username=DEMO_FACILITATOR[0])


@pytest.fixture
def room(demo_site):
    """The demo session with a fresh focus person who has a typed code; committed."""
    session = PlanningSession.objects.get(facilitator=facilitator())
    person = services.focus_person_add(
        session=session, first_name="Dev", table=session.tables.first()
    )
    code = services.focus_person_code_create(focus_person=person)
    return {"base": demo_site, "session": session, "person": person, "code": code}


def assert_no_violations(page) -> None:
    # Open every <details> so axe checks the forms inside them too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_join_pages_have_no_wcag_22_aa_violations(page, room):
    base = room["base"]
    page.goto(base + "/live/join/")
    assert_no_violations(page)
    page.fill("#id_code", "WRO NGW RNG")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)
    page.fill("#id_code", room["code"].lower())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(base + "/live/join/details/")
    assert_no_violations(page)
    page.get_by_role("button", name="Join the session").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)


def test_a_refused_invite_link_page_has_no_violations(page, room):
    page.goto(room["base"] + "/live/join/not-a-real-link/")
    assert "That link is not right" in page.locator("main").text_content()
    assert_no_violations(page)


def test_facilitator_pages_have_no_wcag_22_aa_violations(page, room):
    base = room["base"]
    own_set = services.chart_template_set_save(
        owner=facilitator(),
        name="Carers' group",
        headings=[("A good day", "What happens, who is there?")],
    )
    sign_in(page, base)
    for path in [
        "/live/sessions/",
        "/live/sessions/new/",
        "/live/templates/",
        "/live/templates/new/",
        f"/live/templates/{own_set.pk}/edit/",
    ]:
        page.goto(base + path)
        assert page.locator("h1").is_visible()
        assert_no_violations(page)


def test_an_enabler_starts_a_plan_with_one_person_and_sets_it_up(page, room):
    base = room["base"]
    sign_in(page, base, ("enabler", "enabler-demo"))
    page.goto(base + "/live/")
    page.get_by_role("link", name="Your plans with one person").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your plans with one person"
    assert page.get_by_role("link", name="Make a new session").count() == 0
    assert_no_violations(page)
    page.get_by_label("First name").fill("Leah")
    page.get_by_role("button", name="Start their plan").click()
    page.wait_for_url(re.compile(r"/live/s/\d+/$"))
    page.goto(base + "/live/sessions/")
    page.get_by_role("link", name=re.compile(r"^Invites and allies\W+Leah's plan$")).click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_violations(page)


def test_the_ulo_makes_a_new_card_for_someone_who_lost_theirs(page, room):
    base = room["base"]
    sign_in(page, base, ("admin", "admin-demo"))
    page.goto(base + "/live/")
    page.get_by_role("link", name="Make a new plan card for someone who lost theirs").click()
    page.get_by_label("Their first name").fill("Amira")
    page.get_by_role("button", name="Find their plan").click()
    assert_no_violations(page)
    page.get_by_role("button", name=re.compile("^Make a new card for Amira")).first.click()
    assert page.locator(".plan-card__words span").count() == 4
    assert_no_violations(page)


def test_forms_with_errors_have_no_violations(page, room):
    base = room["base"]
    sign_in(page, base)
    page.goto(base + "/live/sessions/new/")
    page.get_by_role("button", name="Make the session").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)
    page.goto(base + "/live/templates/new/")
    page.get_by_role("button", name="Save headings").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)


def test_set_up_page_with_an_invite_link_and_a_code_shown_has_no_violations(page, room):
    base, session, person = room["base"], room["session"], room["person"]
    sign_in(page, base)
    page.goto(f"{base}/live/sessions/{session.pk}/setup/")
    page.get_by_role("button", name=f"Make invite link for {person.first_name}").click()
    page.wait_for_url(f"{base}/live/sessions/{session.pk}/setup/")
    assert page.get_by_role("heading", name=f"Invite link for {person.first_name}").is_visible()
    assert re.search(
        r"/live/join/[0-9a-f]{48}-[0-9]+/", page.locator(".invite-link").text_content()
    )
    assert "This link works until the end of" in page.locator(".panel--invite").text_content()
    code = f"{room['code'][:3]} {room['code'][3:6]} {room['code'][6:]}"
    assert code in page.locator(f"#person-{person.pk}").text_content()
    assert_no_violations(page)


def test_a_person_can_join_by_code_with_the_keyboard_alone(page, room):
    base, person = room["base"], room["person"]
    page.goto(base + "/live/join/")

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#id_code")
    page.keyboard.type(f"{room['code'][:3]} {room['code'][3:]}".lower())
    page.keyboard.press("Enter")
    page.wait_for_url(base + "/live/join/details/")
    tab_to("#id_display_name")
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")  # into the radio group, on its first choice
    page.keyboard.press("ArrowDown")  # arrow keys move and choose: Family
    assert page.evaluate("document.activeElement.id") == "id_relation_1"
    tab_to("button[type=submit]:not(.button--link)")
    assert page.evaluate("document.activeElement.textContent") == "Join the session"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/live/s/{person.session_id}/")
    joined = Participant.objects.get(display_name="Sam")
    assert (joined.focus_person_id, joined.relation) == (person.pk, "family")


def test_set_up_works_without_javascript(browser, room):
    base, session = room["base"], room["session"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base)
    page.goto(f"{base}/live/sessions/{session.pk}/setup/")
    page.fill("#id_person-new-first_name", "Erin")
    page.get_by_role("button", name="Add person").click()
    assert "Erin added." in page.locator(".notices").text_content()
    erin = session.focus_people.get(first_name="Erin")
    page.get_by_role("button", name="Make typed code for Erin").click()
    erin.refresh_from_db()
    assert (
        f"{erin.join_code[:3]} {erin.join_code[3:6]} {erin.join_code[6:]}"
        in page.locator(f"#person-{erin.pk}").text_content()
    )
    context.close()


@pytest.mark.parametrize("width", [320, 768])
def test_set_up_and_join_pages_fit_a_phone_screen(browser, room, width):
    base, session = room["base"], room["session"]
    services.focus_person_invite_create(focus_person=room["person"])
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, base)
    page.goto(f"{base}/live/sessions/{session.pk}/setup/")
    page.get_by_role("button", name=f"Make invite link for {room['person'].first_name}").click()
    page.locator(".invite-link").wait_for()
    for path in [
        f"/live/sessions/{session.pk}/setup/",
        "/live/sessions/",
        "/live/sessions/new/",
        "/live/templates/",
        "/live/templates/new/",
        "/live/join/",
    ]:
        if path != f"/live/sessions/{session.pk}/setup/":
            page.goto(base + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()


def test_the_set_up_page_warning_of_wrong_codes_has_no_violations_and_clears(page, room):
    base, session, person, code = room["base"], room["session"], room["person"], room["code"]
    wrong = code[:3] + ("222222" if code[3:] != "222222" else "333333")
    for _ in range(10):
        page.context.clear_cookies()  # a new browser each try, as a guesser would
        page.goto(base + "/live/join/")
        page.fill("#id_code", wrong)
        page.get_by_role("button", name="Continue").click()
        assert page.locator(".error-summary").is_visible()
    sign_in(page, base)
    page.goto(f"{base}/live/sessions/{session.pk}/setup/")
    warning = page.locator(f"#person-{person.pk}-wrong-codes")
    assert "Someone has typed a wrong code 10 times" in warning.text_content()
    assert_no_violations(page)
    page.get_by_role(
        "button", name=f"Clear the count of wrong codes for {person.first_name}"
    ).click()
    assert "is cleared" in page.locator(".notices").text_content()
    assert page.locator(f"#person-{person.pk}-wrong-codes").count() == 0


def test_removing_an_ally_offers_to_stop_their_ways_back_and_says_what_it_did(browser, page, room):
    base, session, person, code = room["base"], room["session"], room["person"], room["code"]
    ally = browser.new_context().new_page()
    ally.goto(base + "/live/join/")
    ally.fill("#id_code", code)
    ally.get_by_role("button", name="Continue").click()
    ally.fill("#id_display_name", "Sam")
    ally.get_by_label("Friend").check()
    ally.get_by_role("button", name="Join the session").click()
    ally.wait_for_url(f"{base}/live/s/{session.pk}/")
    ally.context.close()
    sign_in(page, base)
    page.goto(f"{base}/live/s/{session.pk}/people/{person.pk}/plan/")
    page.get_by_text("What else stops").click()
    assert page.get_by_label("typed code and invite link").is_checked()
    assert_no_violations(page)
    page.get_by_role("button", name="Remove Sam").click()
    status = page.locator(".notices").text_content()
    spaced = f"{code[:3]} {code[3:6]} {code[6:]}"
    assert f"The code {spaced} no longer works." in status
    assert "The new code for Dev's allies is" in status


def test_a_budget_is_recorded_sealed_revealed_and_then_on_the_persons_plan(page, room):
    base, session, person = room["base"], room["session"], room["person"]
    sign_in(page, base)
    setup = f"{base}/live/sessions/{session.pk}/setup/"
    page.goto(setup)
    page.get_by_text(f"Record {person.first_name}\u2019s budget").click()
    form = page.locator(f"form[action$='/people/{person.pk}/budget/']")
    form.get_by_label("How much").fill("three hundred")
    form.get_by_role("button", name=f"Record the budget for {person.first_name}").click()
    summary = page.locator(".error-summary")
    assert "“three hundred” is not an amount of money" in summary.inner_text()
    assert form.get_by_label("How much").input_value() == "three hundred"  # nothing lost
    assert_no_violations(page)
    form.get_by_label("How much").fill("£18,200")
    form.get_by_label("a year").check()
    form.get_by_label("Individual Service Fund").check()
    form.get_by_role("button", name=f"Record the budget for {person.first_name}").click()
    page.wait_for_url(re.compile(r"/setup/#person-\d+$"))
    assert "£18,200.00 a year" in page.locator(f"#person-{person.pk}").inner_text()
    assert "Sealed" in page.locator(f"#person-{person.pk}").inner_text()
    assert_no_violations(page)

    plan_page = f"{base}/live/s/{session.pk}/people/{person.pk}/plan/"
    page.goto(plan_page)
    assert page.locator("#budget").count() == 0  # sealed: not even on the facilitator's view

    page.goto(setup)
    page.get_by_role("button", name=f"Reveal to {person.first_name}\u2019s table").click()
    assert "can see their budget now" in page.locator(".notices").inner_text()
    page.goto(plan_page)
    budget = page.locator("#budget")
    assert "£350.00 a week, which is £18,200.00 a year." in budget.inner_text()
    budget.get_by_text("What does “Individual Service Fund” mean?").click()
    assert_no_violations(page)
