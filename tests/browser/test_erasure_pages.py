"""The erasure confirmation pages in a real browser: no axe violations, by keyboard, at 320 px."""

import pytest

from sessions_live import services
from sessions_live.models import FocusPerson, Note, Participant
from sessions_live.selectors import participant_actor
from tests.browser.test_manage_pages import assert_no_violations, room, sign_in  # noqa: F401


@pytest.fixture
def ally(room):  # noqa: F811  (the fixture imported above)
    """Sam, who helps Dev, with a note on Dev's charts; committed."""
    sam = services.participant_join(
        focus_person=room["person"], display_name="Sam", relation="friend", device_id="sam-phone"
    )
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=sam),
        message={
            "type": "add_note",
            "op_id": "sam-1",
            "chart_id": room["person"].charts.first().pk,
            "text": "Dev likes the bus",
        },
    )
    return sam


def tab_to(page, selector: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_facilitator_erases_an_ally_by_keyboard_with_no_violations(page, room, ally):  # noqa: F811
    base, session = room["base"], room["session"]
    sign_in(page, base)
    page.goto(f"{base}/live/sessions/{session.pk}/setup/")
    erase = f'a[href="/live/s/{session.pk}/participants/{ally.pk}/erase/"]'
    tab_to(page, erase)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/live/s/{session.pk}/participants/{ally.pk}/erase/")
    assert page.locator("h1").text_content() == "Erase Sam from this board"
    assert_no_violations(page)

    # Pressing the button without choosing keeps everything and says why.
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.locator(".error-summary").wait_for()
    assert Participant.objects.filter(pk=ally.pk).exists()
    assert_no_violations(page)

    tab_to(page, "#id_notes_0")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Sam has been erased").wait_for()
    assert_no_violations(page)
    assert not Participant.objects.filter(pk=ally.pk).exists()
    assert Note.objects.get(text="Dev likes the bus").author_name == "Someone who has left"


def test_the_page_to_erase_a_person_has_no_violations_and_fits_a_phone(browser, room, ally):  # noqa: F811
    base, session, person = room["base"], room["session"], room["person"]
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    sign_in(page, base)
    page.goto(f"{base}/live/s/{session.pk}/people/{person.pk}/erase/")
    assert "Erase Dev\u2019s plan and everything about them" in page.locator("h1").text_content()
    assert_no_violations(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    done = "Dev\u2019s plan and everything about them have been erased"
    page.get_by_role("heading", name=done).wait_for()
    assert_no_violations(page)
    assert not FocusPerson.objects.filter(pk=person.pk).exists()
    context.close()


def test_the_person_finds_erase_my_plan_on_their_plan_page(browser, room):  # noqa: F811
    base, person = room["base"], room["person"]
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/live/join/")
    page.fill("#id_code", room["code"])
    page.get_by_role("button", name="Continue").click()
    page.fill("#id_display_name", "Dev")
    page.get_by_label("This is me").check()
    page.get_by_role("button", name="Join the session").click()
    page.wait_for_url(f"{base}/live/s/{person.session_id}/")
    page.goto(f"{base}/live/s/{person.session_id}/people/{person.pk}/plan/")
    page.get_by_role("link", name="Erase my plan and everything about me").click()
    assert page.locator("h1").text_content() == "Erase my plan and everything about me"
    assert_no_violations(page)
    context.close()
