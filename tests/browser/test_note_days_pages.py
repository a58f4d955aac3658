"""On a good day, on a bad day, in a real browser: Amira writes a bad-day note under how to
support her, by keyboard, on her board; her friend's board shows it live, said in words;
her plan shows good days and bad days side by side on a wide screen and one above the
other on a phone. No WCAG 2.2 AA violations."""

from django.urls import reverse
from playwright.sync_api import expect

from plans.headings import DAY_HEADINGS
from tests.browser.test_board_live import WAIT_MS, open_board, room, wait_connected  # noqa: F401
from tests.browser.test_costing_pages import assert_no_violations, press_on
from tests.browser.test_privacy_pages import fits
from tests.sessions_live.factories import participant_make

(SUPPORT,) = DAY_HEADINGS


def test_a_bad_day_note_is_written_by_keyboard_seen_live_and_laid_out_beside_good_days(
    browser,
    room,  # noqa: F811
):
    amira = room["people"]["Amira"]  # the demo gives her a good-day and a bad-day note
    chart = amira.charts.get(title=SUPPORT)
    me = open_board(browser, room, "amira", room_me=participant_make(amira))
    sam = open_board(browser, room, "sam")
    for page in (me, sam):
        wait_connected(page)

    write = me.locator(f'a[data-chart-write="{chart.pk}"]')
    if write.count() and write.is_visible():
        press_on(me, f'a[data-chart-write="{chart.pk}"]', "Enter")
    me.locator(f"#add-text-{chart.pk}").focus()
    me.keyboard.type("Bring my headphones")
    press_on(me, f"#day-add-{chart.pk}-bad", "Space")
    press_on(me, f'form.add-note[data-chart-id="{chart.pk}"] button[type=submit]', "Enter")

    note = sam.locator("li.note", has_text="Bring my headphones")
    expect(note).to_be_visible(timeout=WAIT_MS)
    expect(note.locator(".note__day")).to_have_text("On a bad day:")
    expect(
        me.locator("li.note", has_text="Bring my headphones").locator(".note__day")
    ).to_have_text("On a bad day:", timeout=WAIT_MS)
    assert_no_violations(me)

    plan = reverse("live:plan", args=[room["session"].pk, amira.pk])
    me.goto(room["url"] + plan)
    section = me.locator("section.plan__section", has=me.get_by_role("heading", name=SUPPORT))
    good = section.get_by_text("Let me do it my way, even if it takes longer.")
    bad = section.get_by_text("Bring my headphones")
    expect(bad).to_be_visible()
    good_box, bad_box = good.bounding_box(), bad.bounding_box()
    assert bad_box["x"] > good_box["x"] + good_box["width"] - 1  # side by side
    assert_no_violations(me)
    me.set_viewport_size({"width": 320, "height": 800})
    good_box, bad_box = good.bounding_box(), bad.bounding_box()
    assert bad_box["y"] > good_box["y"]  # one above the other
    assert fits(me)
    for page in (me, sam):
        page.context.close()
