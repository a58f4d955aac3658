"""The live board in real browsers: notes travel between screens, offline changes
wait and arrive once, the status line tells the truth, and every view is
accessible, keyboard-usable and fits a phone."""

import json
import re
import secrets
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from playwright.sync_api import expect

from sessions_live import access, selectors, services
from sessions_live.demo import DEMO_TITLE
from sessions_live.models import FocusPerson, Note, PlanningSession
from sessions_live.palette import COLOUR_BY_KEY
from tests.browser.conftest import axe_violations, describe, wait_until
from tests.sessions_live.factories import (
    focus_person_make_private,
    participant_actor,
    participant_make,
)

OFFLINE = "Offline: your notes will be sent when the connection is back"
WAIT_MS = 10_000


# --- Arranging who is at the screen ------------------------------------------------------


def participant_cookie(participant) -> str:
    """A server-side session for a device that joined as ``participant`` (as joining does)."""
    store = SessionStore()
    store[access.DEVICE_KEY] = secrets.token_urlsafe(16)
    access.participant_remember(
        store, session_id=participant.session_id, participant_id=participant.pk
    )
    store.save()
    return store.session_key


def facilitator_cookie() -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username="facilitator"))
    return client.cookies["sessionid"].value


def new_context(browser, base_url, cookie, *, width=1280, height=900, display=None, scale=1):
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale, locale="en-GB"
    )
    cookies = [{"name": "sessionid", "value": cookie, "url": base_url}]
    if display:
        cookies.append({"name": "display", "value": display, "url": base_url})
    context.add_cookies(cookies)
    return context


@pytest.fixture
def room(demo_site):
    session = PlanningSession.objects.get(title=DEMO_TITLE)
    people = {p.first_name: p for p in FocusPerson.objects.filter(session=session)}
    return {
        "url": demo_site,
        "session": session,
        "board": f"{demo_site}/live/s/{session.pk}/",
        "people": people,
        "sam": participant_make(people["Amira"], "Sam", "friend"),
        "priya": participant_make(people["Ben"], "Pat", "support_worker"),
    }


def first_chart(person):
    return person.charts.order_by("position").first()


def open_board(browser, room, who, path="", room_me=None, **options):
    if who == "facilitator":
        cookie = facilitator_cookie()
    else:
        cookie = participant_cookie(room_me if room_me is not None else room[who])
    context = new_context(browser, room["url"], cookie, **options)
    page = context.new_page()
    page.goto(room["board"] + path)
    return page


def wait_connected(page):
    """The board is live and every chart drawn: board.js draws the off-screen charts
    in, a few at a time, once connected; until then they have no size, which axe's
    target-size check reads as targets too small (on a slow machine, a long board)."""
    expect(page.locator("[data-board-status]")).to_have_text(
        re.compile(r"^(Connected|Saved)"), timeout=WAIT_MS
    )
    wait_until(page, "!document.querySelector('section.chart:not(.chart--drawn)')", timeout=WAIT_MS)


def write_note(page, chart_id, text):
    write = page.locator(f'a[data-chart-write="{chart_id}"]')
    if write.count():  # the facilitator opens a chart's form first
        write.click()
    form = page.locator(f'form.add-note[data-chart-id="{chart_id}"]')
    form.locator("textarea").fill(text)
    form.get_by_role("button", name=re.compile("^Add note")).click()


def notes_with(page, text):
    return page.locator("li.note", has_text=text)


def open_note_menu(page, note):
    """Open the facilitator's "Note actions" menu for ``note``; return the dialog."""
    note.get_by_role("button", name=re.compile("^Note actions")).click()
    dialog = page.get_by_role("dialog", name="Note actions")
    expect(dialog).to_be_visible()
    return dialog


def watch_status(page):
    """Record every text the status line shows, from now on."""
    page.evaluate(
        """() => {
          const status = document.querySelector('[data-board-status]');
          window.__statusLog = [status.textContent];
          new MutationObserver(() => window.__statusLog.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


# --- Notes travel between screens --------------------------------------------------------


def test_three_screens_see_each_others_notes_live_in_the_right_colour(browser, room):
    amira, ben = room["people"]["Amira"], room["people"]["Ben"]
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    pat = open_board(browser, room, "priya")
    for page in (fran, sam, pat):
        wait_connected(page)

    write_note(sam, first_chart(amira).pk, "Sam says: Amira loves the seaside")
    write_note(pat, first_chart(ben).pk, "Pat says: Ben wants a season ticket")

    for page in (fran, sam, pat):
        for text, person in [
            ("Sam says: Amira loves the seaside", amira),
            ("Pat says: Ben wants a season ticket", ben),
        ]:
            note = notes_with(page, text)
            expect(note).to_have_count(1, timeout=WAIT_MS)
            expect(note).to_have_attribute("data-colour", person.colour)
            expect(note.locator(".note__person-name")).to_have_text(person.first_name)
            expect(note).to_have_css("background-color", rgb(COLOUR_BY_KEY[person.colour].tint))
            expect(note).to_have_css("border-top-color", rgb(COLOUR_BY_KEY[person.colour].strong))
    # Written on Amira's chart, under the same heading on every screen.
    for page in (fran, pat):
        chart = page.locator(f'section[data-chart-id="{first_chart(amira).pk}"]')
        expect(chart.locator("li.note", has_text="Amira loves the seaside")).to_have_count(1)
    for page in (fran, sam, pat):
        page.context.close()


def quoted(title: str) -> str:
    """A chart title as the board quotes it, in curly quotes."""
    return f"\u2018{title}\u2019"


def test_new_notes_are_announced_with_who_wrote_them_on_which_chart_for_whom(browser, room):
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    pat = open_board(browser, room, "priya")
    for page in (fran, sam, pat):
        wait_connected(page)
    amira_chart = first_chart(room["people"]["Amira"])
    ben_chart = first_chart(room["people"]["Ben"])
    write_note(sam, amira_chart.pk, "One for Amira")
    write_note(sam, amira_chart.pk, "Two for Amira")
    write_note(pat, ben_chart.pk, "One for Ben")
    # Gathered into one announcement, so a busy room does not flood the screen reader.
    expect(fran.locator("[data-board-announcer]")).to_have_text(
        f"Sam added 2 notes to {quoted(amira_chart.title)} for Amira. "
        f"Pat added a note to {quoted(ben_chart.title)} for Ben.",
        timeout=WAIT_MS,
    )
    # Your own notes are not announced back to you.
    expect(pat.locator("[data-board-announcer]")).to_have_text(
        f"Sam added 2 notes to {quoted(amira_chart.title)} for Amira.", timeout=WAIT_MS
    )
    # Many at once are counted by person and chart instead of read out one by one.
    fran.evaluate("window.__board.disconnect()")
    for n in range(4):
        write_note(sam, amira_chart.pk, f"Batch {n}")
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    fran.evaluate("window.__board.connect()")
    expect(fran.locator("[data-board-announcer]")).to_have_text(
        f"4 new notes. For Amira: 4 on {quoted(amira_chart.title)}.", timeout=WAIT_MS
    )
    for page in (fran, sam, pat):
        page.context.close()


def test_a_person_can_hear_only_their_own_tables_new_notes_or_none(browser, room):
    ben_chart = first_chart(room["people"]["Ben"])  # Ben sits at Sam's table
    chloe_chart = first_chart(room["people"]["Chloe"])  # Chloe at the other
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    wait_connected(fran)
    wait_connected(sam)
    sam.get_by_text("Which new notes are read out").click()
    sam.get_by_label("Only from your table (Table 1)").check()
    expect(sam.locator("[data-announce-status]")).to_have_text(
        "New notes read out: Only from your table (Table 1)."
    )
    write_note(fran, chloe_chart.pk, "For Chloe")
    write_note(fran, ben_chart.pk, "For Ben")
    announcer = sam.locator("[data-board-announcer]")
    expect(announcer).to_have_text(
        re.compile(rf"^[^.]+ added a note to {re.escape(quoted(ben_chart.title))} for Ben\.$"),
        timeout=WAIT_MS,
    )
    # The choice is kept on this device.
    sam.reload()
    sam.get_by_text("Which new notes are read out").click()
    expect(sam.get_by_label("Only from your table (Table 1)")).to_be_checked()
    wait_connected(sam)
    sam.get_by_label("None").check()
    write_note(fran, ben_chart.pk, "Quietly")
    expect(notes_with(sam, "Quietly")).to_have_count(1, timeout=WAIT_MS)
    sam.wait_for_timeout(2_500)  # longer than the announcer gathers notes for
    expect(announcer).to_have_text("")
    fran.context.close()
    sam.context.close()


def test_the_board_links_to_each_table_and_person_and_back_again(browser, room):
    people = room["people"]
    fran = open_board(browser, room, "facilitator")
    contents = fran.get_by_role("navigation", name="Tables and people on this board")
    links = contents.get_by_role("link")
    expect(links).to_have_count(5)  # two tables, three people
    expect(contents.get_by_role("link", name="Table 2")).to_have_attribute(
        "href", f"#table-{people['Chloe'].table_id}"
    )
    # By keyboard: to Ben, then on from the top of his charts.
    contents.get_by_role("link", name="Ben").focus()
    fran.keyboard.press("Enter")
    assert fran.evaluate("location.hash") == f"#person-{people['Ben'].pk}"
    fran.keyboard.press("Tab")
    assert fran.evaluate(
        f"document.getElementById('person-{people['Ben'].pk}').contains(document.activeElement)"
    )
    # After his charts, back to the list.
    back = fran.locator(f"#person-{people['Ben'].pk} .person__back a")
    expect(back).to_have_text("Back to the list of people")
    back.focus()
    fran.keyboard.press("Enter")
    fran.keyboard.press("Tab")
    assert fran.evaluate("document.activeElement.closest('#board-contents') !== null")
    # A participant's board lists the people, their own first.
    sam = open_board(browser, room, "sam")
    names = sam.get_by_role("navigation", name="People on this board").get_by_role("link")
    expect(names).to_have_text(
        [re.compile(r"Amira \(your charts\)$"), re.compile("Ben$"), re.compile("Chloe$")]
    )
    fran.context.close()
    sam.context.close()


# --- Offline, and the truth of the status line ---------------------------------------------


def test_a_note_written_offline_is_sent_on_reconnect_and_appears_once_everywhere(browser, room):
    amira = room["people"]["Amira"]
    chart_id = first_chart(amira).pk
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    pat = open_board(browser, room, "priya")
    for page in (fran, sam, pat):
        wait_connected(page)

    sam.context.set_offline(True)
    sam.evaluate("window.__board.disconnect()")
    status = sam.locator("[data-board-status]")
    expect(status).to_contain_text(OFFLINE)
    write_note(sam, chart_id, "Written on the bus with no signal")
    expect(status).to_contain_text(OFFLINE)
    expect(status).to_contain_text("1 change waiting")
    expect(status).not_to_contain_text("Saved")
    pending = notes_with(sam, "Written on the bus with no signal")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text("Not sent yet")
    stored = sam.evaluate("JSON.stringify(Object.entries(sessionStorage))")
    assert "Written on the bus with no signal" in stored
    fran.wait_for_timeout(500)
    expect(notes_with(fran, "Written on the bus")).to_have_count(0)
    assert not Note.objects.filter(text__startswith="Written on the bus").exists()

    sam.context.set_offline(False)
    sam.evaluate("window.__board.connect()")
    expect(status).to_have_text("Saved", timeout=WAIT_MS)
    for page in (fran, pat, sam):
        expect(notes_with(page, "Written on the bus with no signal")).to_have_count(
            1, timeout=WAIT_MS
        )
    sam.wait_for_timeout(1000)  # anything sent twice would have arrived by now
    for page in (fran, pat, sam):
        expect(notes_with(page, "Written on the bus with no signal")).to_have_count(1)
    expect(sam.locator("li.note--pending")).to_have_count(0)
    assert Note.objects.filter(text="Written on the bus with no signal").count() == 1
    assert sam.evaluate("sessionStorage.length") == 0
    for page in (fran, sam, pat):
        page.context.close()


def test_changes_queued_offline_survive_a_reload_and_are_sent_once(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    blocked = {"on": False}

    def socket_gate(ws):
        if blocked["on"]:
            ws.close()
        else:
            ws.connect_to_server()

    sam = open_board(browser, room, "sam")
    sam.route_web_socket(re.compile(r".*/ws/live/.*"), socket_gate)
    sam.reload()
    wait_connected(sam)
    blocked["on"] = True
    sam.evaluate("window.__board.disconnect()")
    write_note(sam, chart_id, "Kept through a reload")
    sam.reload()  # the socket is still blocked: the page cannot send yet
    status = sam.locator("[data-board-status]")
    expect(status).to_contain_text(OFFLINE, timeout=WAIT_MS)
    expect(notes_with(sam, "Kept through a reload")).to_have_count(1)
    assert not Note.objects.filter(text="Kept through a reload").exists()
    blocked["on"] = False
    sam.evaluate("window.__board.connect()")
    expect(status).to_have_text("Saved", timeout=WAIT_MS)
    expect(notes_with(sam, "Kept through a reload")).to_have_count(1)
    assert Note.objects.filter(text="Kept through a reload").count() == 1
    sam.context.close()


def test_the_status_line_never_says_saved_before_the_server_acknowledges(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    held: list[str] = []
    routes = []

    def hold_acks(ws):
        server = ws.connect_to_server()
        routes.append(ws)

        def from_server(message):
            if json.loads(message).get("type") == "ack":
                held.append(message)
            else:
                ws.send(message)

        server.on_message(from_server)

    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    sam.route_web_socket(re.compile(r".*/ws/live/.*"), hold_acks)
    sam.reload()
    wait_connected(fran)
    wait_connected(sam)
    watch_status(sam)

    write_note(sam, chart_id, "Held back acknowledgement")
    # The server has saved it and told everyone...
    expect(notes_with(fran, "Held back acknowledgement")).to_have_count(1, timeout=WAIT_MS)
    expect(notes_with(sam, "Held back acknowledgement")).to_have_count(1, timeout=WAIT_MS)
    sam.wait_for_timeout(500)
    assert len(held) == 1
    # ...but this screen has not had its acknowledgement, so it must not say Saved.
    expect(sam.locator("[data-board-status]")).to_have_text("Saving…")
    log_before = sam.evaluate("window.__statusLog")
    assert "Saved" not in log_before, log_before

    routes[0].send(held.pop())
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    for page in (fran, sam):
        page.context.close()


def test_a_change_whose_acknowledgement_was_lost_is_resent_with_the_same_op_id(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    connections = []
    sent = []

    def lose_first_ack(ws):
        server = ws.connect_to_server()
        first = not connections
        connections.append(ws)

        def to_server(message):
            sent.append(json.loads(message))
            server.send(message)

        def from_server(message):
            if not (first and json.loads(message).get("type") == "ack"):
                ws.send(message)

        ws.on_message(to_server)
        server.on_message(from_server)

    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    sam.route_web_socket(re.compile(r".*/ws/live/.*"), lose_first_ack)
    sam.reload()
    wait_connected(fran)
    wait_connected(sam)
    write_note(sam, chart_id, "Saved but never acknowledged")
    expect(notes_with(fran, "Saved but never acknowledged")).to_have_count(1, timeout=WAIT_MS)
    expect(sam.locator("[data-board-status]")).to_have_text("Saving…")
    sam.evaluate("window.__board.disconnect()")
    sam.evaluate("window.__board.connect()")
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    adds = [m for m in sent if m.get("type") == "add_note"]
    assert len(adds) == 2
    assert adds[0]["op_id"] == adds[1]["op_id"]
    sam.wait_for_timeout(500)
    for page in (fran, sam):
        expect(notes_with(page, "Saved but never acknowledged")).to_have_count(1)
    assert Note.objects.filter(text="Saved but never acknowledged").count() == 1
    for page in (fran, sam):
        page.context.close()


def test_a_refused_note_shows_the_message_next_to_its_form_and_announces_it(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    sam = open_board(browser, room, "sam")
    wait_connected(sam)
    write_note(sam, chart_id, "z" * 1001)
    message = "A note can be up to 1,000 characters. This one has 1,001."
    form = sam.locator(f'form.add-note[data-chart-id="{chart_id}"]')
    expect(form.locator(".field__error")).to_contain_text(message, timeout=WAIT_MS)
    expect(sam.locator("[data-board-alert]")).to_contain_text(message)
    expect(form.locator("textarea")).to_have_value("z" * 1001)  # nothing typed is lost
    expect(form.locator("textarea")).to_have_attribute("aria-invalid", "true")
    expect(sam.locator("[data-board-status]")).to_have_text(re.compile("^Not saved"))
    assert not Note.objects.filter(text__startswith="zzz").exists()
    # Writing on someone else's chart is refused the same way (there is no form for it,
    # so send the command as a changed page would).
    sam.evaluate(
        """chartId => {
          const form = document.querySelector('form.add-note');
          form.querySelector('[name=chart_id]').value = chartId;
          form.querySelector('textarea').value = 'Not my chart';
          form.requestSubmit();
        }""",
        first_chart(room["people"]["Ben"]).pk,
    )
    expect(sam.locator("[data-board-alert]")).to_contain_text(
        "only write on the charts of the person you came with", timeout=WAIT_MS
    )
    assert not Note.objects.filter(text="Not my chart").exists()
    sam.context.close()


def test_the_facilitator_asks_for_a_clearer_note_and_the_author_answers_live(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    sam = open_board(browser, room, "sam")
    fran = open_board(browser, room, "facilitator")
    projector = open_board(browser, room, "facilitator", "projector/")
    for page in (sam, fran, projector):
        wait_connected(page)
    write_note(sam, chart_id, "Going out more")
    note = notes_with(fran, "Going out more")
    expect(note).to_have_count(1, timeout=WAIT_MS)
    expect(notes_with(projector, "Going out more")).to_have_count(1, timeout=WAIT_MS)
    expect(
        fran.locator(f'[data-presence-table="{room["people"]["Amira"].table_id}"]').first
    ).to_contain_text("Sam", timeout=WAIT_MS)

    menu = open_note_menu(fran, note)
    menu.get_by_label("Ask to make it clearer").fill("Where would you like to go?")
    menu.get_by_role("button", name="Ask", exact=True).click()
    expect(menu).to_be_hidden()
    open_note_menu(fran, note).get_by_role("button", name="Star this note").click()

    mine = notes_with(sam, "Going out more")
    expect(mine).to_contain_text(
        "The facilitator asks: Where would you like to go?", timeout=WAIT_MS
    )
    expect(mine).to_contain_text("Starred by the facilitator", timeout=WAIT_MS)
    mine.get_by_label("Your answer").fill("To the cinema on Fridays")
    mine.get_by_role("button", name="Send answer").click()
    for page in (fran, projector):
        expect(notes_with(page, "Going out more")).to_contain_text(
            "Answer: To the cinema on Fridays", timeout=WAIT_MS
        )
    expect(notes_with(projector, "Going out more").locator(".note__text")).to_have_css(
        "font-size", "28px"
    )
    for page in (sam, fran, projector):
        page.context.close()


def test_the_facilitator_suggests_words_and_the_writer_takes_them_by_keyboard(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    sam = open_board(browser, room, "sam")
    fran = open_board(browser, room, "facilitator")
    wait_connected(sam)
    wait_connected(fran)
    write_note(sam, chart_id, "Go swiming wiv Jo")
    note = notes_with(fran, "Go swiming wiv Jo")
    expect(note).to_have_count(1, timeout=WAIT_MS)

    menu = open_note_menu(fran, note)
    menu.get_by_label("Suggest new words").fill("Go swimming with Jo")
    menu.get_by_role("button", name="Suggest these words").click()
    expect(menu).to_be_hidden()

    mine = notes_with(sam, "Go swiming wiv Jo")
    # The note keeps Sam's words until Sam decides; the suggestion is said in words.
    expect(mine.locator(".note__suggestion")).to_contain_text(
        re.compile(r"\S+ suggests: Go swimming with Jo"), timeout=WAIT_MS
    )
    expect(mine.locator(".note__text")).to_have_text("Go swiming wiv Jo")
    expect(sam.locator("[data-board-announcer]")).to_contain_text(
        "suggested new words for your note", timeout=WAIT_MS
    )
    violations = axe_violations(sam)
    assert violations == [], describe(violations)

    use = mine.get_by_role("button", name=re.compile("^Use these words"))
    mine.focus()  # from the note itself, as a screen reader user arriving at it
    tab_to(sam, "el.dataset.focusKey === 'accept-wording'")
    expect(use).to_be_focused()
    sam.keyboard.press("Enter")
    for page in (sam, fran):
        taken = notes_with(page, "Go swimming with Jo")
        expect(taken.locator(".note__text")).to_have_text("Go swimming with Jo", timeout=WAIT_MS)
        expect(taken.locator(".note__author")).to_have_text("Written by Sam")
        expect(taken.locator(".note__suggestion")).to_have_count(0)
    for page in (sam, fran):
        page.context.close()


# --- Undo, and edits that cross --------------------------------------------------------------


def test_removing_your_own_note_offers_undo_which_puts_it_back(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    sam = open_board(browser, room, "sam")
    fran = open_board(browser, room, "facilitator")
    wait_connected(sam)
    wait_connected(fran)
    write_note(sam, chart_id, "I might take this back")
    note = notes_with(sam, "I might take this back")
    expect(note).not_to_have_class(re.compile("note--pending"), timeout=WAIT_MS)
    note.get_by_role("button", name=re.compile("^Remove")).click()
    undo = sam.get_by_role("button", name=re.compile("^Undo"))
    expect(undo).to_be_focused(timeout=WAIT_MS)
    expect(sam.locator(f'[data-undo-for-chart="{chart_id}"]')).to_contain_text(
        "Removed: I might take this back"
    )
    expect(notes_with(fran, "I might take this back")).to_have_count(0, timeout=WAIT_MS)
    undo.press("Enter")
    for page in (sam, fran):
        expect(notes_with(page, "I might take this back")).to_have_count(1, timeout=WAIT_MS)
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    assert not Note.objects.get(text="I might take this back").is_removed
    for page in (sam, fran):
        page.context.close()


def test_a_removed_note_is_undone_then_erased_for_good_by_keyboard(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    words = "My mum's diagnosis, on the wrong chart"
    sam = open_board(browser, room, "sam")
    pat = open_board(browser, room, "priya")  # another table
    wait_connected(sam)
    wait_connected(pat)
    write_note(sam, chart_id, words)
    note = notes_with(sam, words)
    expect(note).not_to_have_class(re.compile("note--pending"), timeout=WAIT_MS)
    expect(notes_with(pat, words)).to_have_count(1, timeout=WAIT_MS)
    # Remove, then Undo, by keyboard.
    note.get_by_role("button", name=re.compile("^Remove")).press("Enter")
    removed = sam.locator(f'[data-undo-for-chart="{chart_id}"] [data-removed-note]')
    expect(removed).to_contain_text("Removed:", timeout=WAIT_MS)
    expect(removed.get_by_role("button", name=re.compile("^Undo"))).to_be_focused(timeout=WAIT_MS)
    expect(notes_with(pat, words)).to_have_count(0, timeout=WAIT_MS)
    sam.keyboard.press("Enter")
    expect(notes_with(sam, words)).to_have_count(1, timeout=WAIT_MS)
    expect(notes_with(pat, words)).to_have_count(1, timeout=WAIT_MS)
    # Remove again; the other table's screen never holds the words once it is removed.
    notes_with(sam, words).get_by_role("button", name=re.compile("^Remove")).press("Enter")
    expect(removed.get_by_role("button", name=re.compile("^Undo"))).to_be_focused(timeout=WAIT_MS)
    expect(notes_with(pat, words)).to_have_count(0, timeout=WAIT_MS)
    assert "diagnosis" not in pat.content()
    _no_violations(sam)
    # Erase for good: Tab to the link, read what erasing does, press the button.
    sam.keyboard.press("Tab")
    expect(removed.get_by_role("link", name=re.compile("^Erase for good"))).to_be_focused()
    sam.keyboard.press("Enter")
    expect(sam.get_by_text("Versions saved before you removed it still have it.")).to_be_visible()
    _no_violations(sam)
    tab_to(sam, "el.textContent.trim() === 'Erase for good' && el.tagName === 'BUTTON'")
    sam.keyboard.press("Enter")
    expect(sam.get_by_text("Note erased for good.")).to_be_visible(timeout=WAIT_MS)
    wait_connected(sam)
    assert "diagnosis" not in sam.content()
    expect(sam.locator(f'[data-undo-for-chart="{chart_id}"] [data-removed-note]')).to_have_count(0)
    _no_violations(sam)
    assert not Note.objects.filter(text=words).exists()
    for page in (sam, pat):
        page.context.close()


def test_when_someone_changes_a_note_after_you_your_words_can_be_put_back(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    sam = open_board(browser, room, "sam")
    fran = open_board(browser, room, "facilitator")
    wait_connected(sam)
    wait_connected(fran)
    write_note(sam, chart_id, "Swimming on Mondays")
    expect(notes_with(fran, "Swimming on Mondays")).to_have_count(1, timeout=WAIT_MS)

    mine = notes_with(sam, "Swimming on Mondays")
    mine.get_by_role("link", name=re.compile("^Edit")).click()
    sam.get_by_label("Change the note").fill("Swimming on Mondays and Thursdays")
    sam.get_by_role("button", name="Save changes").click()
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)

    theirs = notes_with(fran, "Swimming on Mondays and Thursdays")
    expect(theirs).to_have_count(1, timeout=WAIT_MS)
    open_note_menu(fran, theirs).get_by_role("button", name="Change the words").click()
    expect(fran.get_by_label("Change the note")).to_be_focused()
    fran.get_by_label("Change the note").fill("Swimming twice a week")
    fran.get_by_role("button", name="Save changes").click()

    notice = sam.locator(".note__notice")
    expect(notice).to_contain_text("changed this note after you. Your words were:", timeout=WAIT_MS)
    expect(notice).to_contain_text("Swimming on Mondays and Thursdays")
    # The note is still Sam's, and says whose words these now are, live on both screens.
    for page in (sam, fran):
        author = notes_with(page, "Swimming twice a week").locator(".note__author")
        expect(author).to_have_text(re.compile(r"^Written by Sam, changed by \S+"))
    notice.get_by_role("button", name="Put my words back").click()
    for page in (sam, fran):
        expect(notes_with(page, "Swimming on Mondays and Thursdays")).to_have_count(
            1, timeout=WAIT_MS
        )
        author = notes_with(page, "Swimming on Mondays and Thursdays").locator(".note__author")
        expect(author).to_have_text("Written by Sam")
    assert Note.objects.filter(text="Swimming on Mondays and Thursdays").count() == 1
    for page in (sam, fran):
        page.context.close()


def test_a_person_made_private_disappears_from_other_screens_at_once(browser, room):
    chloe = room["people"]["Chloe"]
    routes = []

    def pass_through(ws):
        ws.connect_to_server()  # both directions forwarded untouched
        routes.append(ws)

    sam = open_board(browser, room, "sam")
    sam.route_web_socket(re.compile(r".*/ws/live/.*"), pass_through)
    sam.reload()
    wait_connected(sam)
    expect(sam.locator(f"#person-{chloe.pk}")).to_have_count(1)
    focus_person_make_private(chloe)
    # The change was made in this test process, whose channel layer does not reach
    # the server; send the fresh board the server sends when privacy changes.
    state = selectors.board_state(
        session_id=room["session"].pk, actor=participant_actor(participant=room["sam"])
    )
    del state["seq"]
    routes[-1].send(json.dumps({"type": "snapshot", **state}))
    expect(sam.locator(f"#person-{chloe.pk}")).to_have_count(0, timeout=WAIT_MS)
    expect(sam.locator(f"#person-{room['people']['Ben'].pk}")).to_have_count(1)
    # The page still works after the swap: a new note goes through.
    write_note(sam, first_chart(room["people"]["Amira"]).pk, "After the swap")
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    expect(notes_with(sam, "After the swap")).to_have_count(1)
    sam.context.close()


# --- Accessibility, keyboard and small screens ------------------------------------------------

VIEWS = {
    "participant board": ("sam", ""),
    "facilitator board": ("facilitator", ""),
    "table view": ("facilitator", "tables/{table}/"),
    "projector": ("facilitator", "projector/"),
}


def view_path(room, view):
    who, path = VIEWS[view]
    table = room["people"]["Amira"].table_id
    return who, path.format(table=table)


@pytest.mark.parametrize("display", [None, "largest.dark", "large.high"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_every_view_has_no_wcag_22_aa_violations(browser, room, view, display):
    who, path = view_path(room, view)
    page = open_board(browser, room, who, path, display=display)
    wait_connected(page)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    if who == "facilitator" and view != "projector":
        open_note_menu(page, page.locator("li.note").first)  # the open menu is checked too
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    page.context.close()


@pytest.mark.parametrize("display", [None, "largest.dark", "large.high"])
@pytest.mark.parametrize("who", ["facilitator", "sam"])
def test_a_notes_own_page_has_no_wcag_22_aa_violations(browser, room, who, display):
    """The page a note's actions open on without JavaScript (for Sam: his own note)."""
    chart_id = first_chart(room["people"]["Amira"]).pk
    note_id = services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["sam"]),
        message={"type": "add_note", "op_id": "own-page", "chart_id": chart_id, "text": "Mine"},
    ).ack["note_id"]
    # With suggested words waiting, so the suggestion and its forms are checked too.
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=selectors.facilitator_actor(user=room["session"].facilitator),
        message={"type": "suggest_wording", "op_id": "own-s", "note_id": note_id, "text": "Ours"},
    )
    page = open_board(browser, room, who, f"notes/{note_id}/", display=display)
    expect(page.get_by_role("heading", level=1)).to_have_text("Note actions")
    expect(page.get_by_role("button", name="Remove this note")).to_be_visible()
    expect(page.locator(".note__suggestion")).to_contain_text("suggests: Ours")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.context.close()


@pytest.mark.parametrize("display", [None, "largest.dark"])
def test_a_persons_plan_opens_from_the_board_and_downloads_by_keyboard(browser, room, display):
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["priya"]),
        message={
            "type": "add_note",
            "op_id": "ben-plan",
            "chart_id": first_chart(room["people"]["Ben"]).pk,
            "text": "Only on Ben's plan",
        },
    )
    page = open_board(browser, room, "sam", display=display)
    page.get_by_role("link", name="Your plan: read, print or download it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira's support plan")
    expect(page.get_by_text("Only on Ben's plan")).to_have_count(0)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # By keyboard: to the plain text copy, and it downloads.
    tab_to(page, "el.textContent === 'Plain text'")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "amiras-support-plan.txt"
    text = Path(download.value.path()).read_text()
    assert text.startswith("Amira's support plan")
    assert "Only on Ben's plan" not in text
    # Printed, it is only the plan: no way back to the board, no downloads.
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to the board")).to_be_hidden()
    expect(page.get_by_role("heading", name="Keep a copy")).to_be_hidden()
    expect(page.get_by_role("heading", name=re.compile("^Sign in instead"))).to_be_hidden()
    expect(page.get_by_text("Write more under \u2018A good day\u2019")).to_be_hidden()
    expect(page.get_by_role("heading", name="A good day", exact=True)).to_be_visible()
    page.context.close()


def test_a_device_finds_its_board_again_and_can_leave_it(browser, room):
    page = open_board(browser, room, "sam")
    # The first page a person sees takes them back: the home page lists the board too.
    page.goto(room["url"] + "/")
    home_boards = page.get_by_role("region", name="Your boards and plans")
    expect(home_boards.get_by_role("link", name=DEMO_TITLE, exact=True)).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.goto(room["url"] + "/live/")
    boards = page.get_by_role("region", name="Your boards and plans")
    expect(boards.get_by_role("link", name=DEMO_TITLE, exact=True)).to_have_attribute(
        "href", f"/live/s/{room['session'].pk}/"
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    boards.get_by_role("link", name=DEMO_TITLE, exact=True).click()
    wait_connected(page)
    page.get_by_role("button", name="Leave this board on this device").click()
    expect(page.get_by_text("You have left the board on this device.")).to_be_visible()
    expect(page.get_by_role("region", name="Your boards and plans")).to_have_count(0)
    assert page.goto(room["board"]).status == 404
    page.context.close()


def test_a_plan_started_with_one_person_is_written_live_then_brought_to_a_group(browser, room):
    page = new_context(browser, room["url"], facilitator_cookie()).new_page()
    page.goto(room["url"] + "/live/sessions/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_label("First name").fill("Dev")
    page.get_by_role("button", name="Start their plan").click()
    expect(page.locator(".notices")).to_contain_text("Dev's plan is started.")
    wait_connected(page)
    seat = FocusPerson.objects.get(first_name="Dev")
    write_note(page, first_chart(seat).pk, "Written one to one")
    expect(notes_with(page, "Written one to one")).to_have_count(1, timeout=WAIT_MS)
    # Dev joins the spring group: the facilitator brings the plan there.
    page.goto(f"{room['url']}/live/sessions/{room['session'].pk}/setup/")
    page.get_by_label("Whose plan").select_option(str(seat.plan_id))
    page.get_by_role("button", name="Bring their plan").click()
    expect(page.get_by_text("Dev's plan is on this board now")).to_be_visible()
    page.goto(room["board"])
    wait_connected(page)
    expect(notes_with(page, "Written one to one")).to_have_count(1)
    page.context.close()


def test_a_plan_brought_to_the_next_session_moves_live_and_its_people_follow(browser, room):
    amira = room["people"]["Amira"]
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["sam"]),
        message={
            "type": "add_note",
            "op_id": "meeting-1",
            "chart_id": first_chart(amira).pk,
            "text": "Written at meeting 1",
        },
    )
    later = services.planning_session_create(
        facilitator=room["session"].facilitator,
        title="Meeting 2",
        starts_on=date(2026, 12, 15),
        venue="Library",
    )
    later_board = f"{room['url']}/live/s/{later.pk}/"
    sam = open_board(browser, room, "sam")
    old_board = open_board(browser, room, "facilitator")
    new_board = old_board.context.new_page()
    new_board.goto(later_board)
    for page in (sam, old_board, new_board):
        wait_connected(page)

    setup = old_board.context.new_page()
    setup.goto(f"{room['url']}/live/sessions/{later.pk}/setup/")
    violations = axe_violations(setup)
    assert violations == [], describe(violations)
    whose = setup.get_by_label("Whose plan")
    whose.focus()
    whose.select_option(index=1)  # the first: Amira (people keep their board order)
    expect(whose.locator("option:checked")).to_have_text(re.compile(f"^Amira, from {DEMO_TITLE}"))
    setup.keyboard.press("Tab")  # past the card's words (for a plan from elsewhere)
    setup.keyboard.press("Tab")  # to the table
    setup.keyboard.press("Tab")
    expect(setup.get_by_role("button", name="Bring their plan")).to_be_focused()
    setup.keyboard.press("Enter")
    expect(setup.get_by_text("Amira's plan is on this board now")).to_be_visible()

    # Live on both boards: the notes arrive on the new one and leave the old one.
    expect(notes_with(new_board, "Written at meeting 1")).to_have_count(1, timeout=WAIT_MS)
    expect(old_board.get_by_text("plan has moved on to a later session")).to_be_visible(
        timeout=WAIT_MS
    )
    expect(notes_with(old_board, "Written at meeting 1")).to_have_count(0)
    # Sam came with the plan: one tap from "Your boards and plans", and he writes on.
    sam.goto(room["url"] + "/live/")
    boards = sam.get_by_role("region", name="Your boards and plans")
    boards.get_by_role("link", name="Meeting 2", exact=True).click()
    wait_connected(sam)
    expect(notes_with(sam, "Written at meeting 1")).to_have_count(1)
    seat = FocusPerson.objects.get(session=later, plan=amira.plan)
    write_note(sam, first_chart(seat).pk, "Written at meeting 2")
    expect(notes_with(new_board, "Written at meeting 2")).to_have_count(1, timeout=WAIT_MS)
    for page in (sam, old_board):
        page.context.close()


@pytest.mark.parametrize("who", ["sam", "facilitator"])  # the facilitator sees every form
@pytest.mark.parametrize(("width", "scale"), [(320, 1), (640, 2)])  # 640 @2x = 200% zoom
def test_a_persons_plan_fits_a_phone_and_200_percent_zoom(browser, room, width, scale, who):
    amira = room["people"]["Amira"]
    page = open_board(browser, room, who, f"people/{amira.pk}/plan/", width=width, scale=scale)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.context.close()


def test_a_version_is_saved_and_compared_by_keyboard_alone(browser, room):
    """The facilitator, with Amira: save a version, write on, see what changed."""
    amira = room["people"]["Amira"]
    page = open_board(browser, room, "facilitator", f"people/{amira.pk}/plan/")
    # The demo's finished plan has a review date, six months on.
    expect(
        page.get_by_text(re.compile(r"^The review is due on \d+ \w+ \d{4}, in \d+ days\.$"))
    ).to_be_visible()
    # A version with no name: the problem is said, and focus goes to it.
    tab_to(page, "el.textContent === 'Save this version'")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("You did not give this version a name.")
    expect(summary).to_be_focused()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # Named this time, by keyboard.
    tab_to(page, "el.id === 'id_label'")
    page.keyboard.type("after meeting 1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Saved this version of the plan as “after meeting 1”."
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["sam"]),
        message={
            "type": "add_note",
            "op_id": "after-version",
            "chart_id": first_chart(amira).pk,
            "text": "Written after meeting 1",
        },
    )
    # Compare the version with the plan as it is now (the choices the form starts with).
    tab_to(page, "el.textContent === 'Show what changed'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("What changed in Amira\u2019s plan")
    expect(page.get_by_text("Added, written by Sam")).to_be_visible()
    expect(page.get_by_text("Written after meeting 1")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.context.close()


def test_a_person_comes_back_on_another_device_with_their_card_and_carries_on(browser, room):
    """Amira writes, her plan is kept as a version, a card is made; a week later, on a
    borrowed tablet, she scans the card, writes more, keeps a second version, compares
    the two and downloads it: only her plan, all the way."""
    amira = room["people"]["Amira"]
    me = amira.participants.get(relation="me")
    charts = list(amira.charts.order_by("position"))
    phone = open_board(browser, room, "me", room_me=me)
    wait_connected(phone)
    write_note(phone, charts[2].pk, "Swimming on Saturdays with Jo")
    expect(notes_with(phone, "Swimming on Saturdays with Jo")).to_have_count(1)
    # The facilitator, with Amira, keeps a version and makes her a card.
    desk = open_board(browser, room, "facilitator", f"people/{amira.pk}/plan/")
    desk.get_by_label("Name this version").fill("after our first meeting")
    desk.get_by_role("button", name="Save this version").click()
    desk.get_by_role("button", name="Make a plan card").click()
    words = desk.locator(".plan-card__words span").all_inner_texts()
    assert len(words) == 4
    violations = axe_violations(desk)
    assert violations == [], describe(violations)
    phone.context.close()

    # A borrowed tablet: the card's code opens /live/card/#words.
    tablet = browser.new_context(viewport={"width": 800, "height": 1000}, locale="en-GB").new_page()
    tablet.goto(f"{room['url']}/live/card/#{'-'.join(words)}")
    # Sam helps Amira, so the card asks who is holding it.
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Who is using Amira\u2019s card?")
    tablet.get_by_label("I am Amira").check()
    tablet.get_by_role("button", name="Open the plan").click()
    expect(tablet.get_by_role("status")).to_contain_text("Welcome back, Amira.")
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Amira's support plan")
    expect(tablet.get_by_text("Swimming on Saturdays with Jo")).to_be_visible()
    assert "#" not in tablet.url
    tablet.get_by_role("link", name="Back to the board").click()
    wait_connected(tablet)
    write_note(tablet, charts[7].pk, "Going out in the evenings with a PA")
    expect(notes_with(tablet, "Going out in the evenings with a PA")).to_have_count(1)
    tablet.goto(f"{room['board']}people/{amira.pk}/plan/")
    tablet.get_by_label("Name this version").fill("for the review")
    tablet.get_by_role("button", name="Save this version").click()
    expect(tablet.get_by_role("status")).to_contain_text("“for the review”")
    for field, label in (("older", "after our first meeting"), ("newer", "for the review")):
        choice = tablet.locator(f"#id_{field} option", has_text=label)
        tablet.locator(f"#id_{field}").select_option(choice.get_attribute("value"))
    tablet.get_by_role("button", name="Show what changed").click()
    expect(tablet.get_by_text("Added, written by Amira")).to_be_visible()
    expect(tablet.get_by_text("Going out in the evenings with a PA")).to_be_visible()
    violations = axe_violations(tablet)
    assert violations == [], describe(violations)
    tablet.get_by_role("link", name="Back to the plan").click()
    tablet.get_by_role("link", name="for the review").click()
    with tablet.expect_download() as download:
        tablet.get_by_role("link", name="Plain text").click()
    text = Path(download.value.path()).read_text()
    assert download.value.suggested_filename == "amiras-support-plan-for-the-review.txt"
    assert "Going out in the evenings with a PA" in text
    assert "Football" not in text  # Ben's words are on Ben's plan only
    tablet.context.close()


@pytest.mark.parametrize("display", [None, "largest.dark"])
@pytest.mark.parametrize(
    "page_name", ["a saved version", "use your plan card", "plan not found", "nothing to compare"]
)
def test_the_plan_pages_have_no_wcag_22_aa_violations(browser, room, page_name, display):
    amira, ben = room["people"]["Amira"], room["people"]["Ben"]
    version = amira.plan.versions.first()  # the demo keeps two
    path = {
        "a saved version": f"people/{amira.pk}/plan/versions/{version.pk}/",
        "use your plan card": "/live/card/",
        "plan not found": "people/999999/plan/",
        "nothing to compare": f"people/{ben.pk}/plan/compare/",
    }[page_name]
    page = open_board(browser, room, "facilitator", display=display)
    page.goto(room["url"] + path if path.startswith("/") else room["board"] + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.context.close()


def test_the_person_sets_the_review_date_removes_an_ally_and_makes_a_card_by_keyboard(
    browser, room
):
    """Amira herself, with only a keyboard, does what only she (or the facilitator) may."""
    amira = room["people"]["Amira"]
    me = amira.participants.get(relation="me")
    page = open_board(browser, room, "me", f"people/{amira.pk}/plan/", room_me=me)
    tab_to(page, "el.id === 'id_review_on'")
    # The date box moves on by itself; the 6th of the 6th reads the same in either order.
    page.keyboard.type("06062027")
    tab_to(page, "el.textContent === 'Save the review date'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "Review date saved. The review is due on 6 June 2027"
    )
    tab_to(page, "el.textContent === 'Remove Sam'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Sam can no longer see this plan")
    tab_to(page, "/^Make a (new )?plan card$/.test(el.textContent)")
    page.keyboard.press("Enter")
    expect(page.locator(".plan-card__words span")).to_have_count(4)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.context.close()


def test_an_ally_writes_from_the_plan_page_and_the_board_shows_it_live(browser, room):
    amira, ben = room["people"]["Amira"], room["people"]["Ben"]
    chart = first_chart(amira)
    board = open_board(browser, room, "facilitator")
    wait_connected(board)
    # The facilitator has Amira's plan open too: it says when her plan changes, only hers.
    desk = open_board(browser, room, "facilitator", f"people/{amira.pk}/plan/")
    changed = desk.locator("[data-plan-changed]")
    write_note(board, first_chart(ben).pk, "Ben's, not Amira's")
    expect(board.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    bens = Note.objects.get(text="Ben's, not Amira's")
    wait_until(
        desk,
        f"document.querySelector('[data-plan-live]').dataset.seq >= {bens.created_seq}",
        timeout=WAIT_MS,
    )
    expect(changed).to_have_text("")
    page = open_board(browser, room, "sam", f"people/{amira.pk}/plan/")
    page.get_by_text(f"Write more under \u2018{chart.title}\u2019").click()
    words = page.get_by_label(f"Your words for \u2018{chart.title}\u2019")
    words.fill("x" * 20_001)
    page.get_by_role("button", name=f"Add my words to \u2018{chart.title}\u2019").click()
    # Refused with the reason beside the box, and nothing typed is lost.
    expect(page.locator(".field__error")).to_contain_text("characters")
    expect(words).to_be_focused()
    words.fill("Added from the plan page")
    page.get_by_role("button", name=f"Add my words to \u2018{chart.title}\u2019").click()
    expect(page.get_by_role("status")).to_contain_text("Your words were added.")
    expect(page.get_by_text("Added from the plan page")).to_be_visible()
    # The same command as the board's: every screen on the board has it, live,
    # and the plan page open elsewhere shows it too, without a reload (nobody there was
    # typing, so no notice is needed).
    expect(notes_with(board, "Added from the plan page")).to_have_count(1)
    expect(desk.get_by_text("Added from the plan page")).to_be_visible()
    expect(changed).to_have_text("")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    for screen in (page, board, desk):
        screen.context.close()


def _fits_320(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), page.url
    page.set_viewport_size({"width": 1280, "height": 900})


def _no_violations(page) -> None:
    # Open every <details> so axe checks the forms inside them too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_gemma_plans_alone_her_sister_helps_and_each_comes_back_their_own_way(browser, room):
    """No facilitator and no account: Gemma starts her plan, writes, keeps her card and
    invites her sister Kim. Later Kim, with Gemma, opens it with Gemma's card by keyboard
    alone, and makes a card of her own. Gemma makes an account and signs in elsewhere."""
    url = room["url"]
    gemma = browser.new_context(locale="en-GB").new_page()
    gemma.goto(url + "/live/")
    gemma.get_by_role("link", name="Start your own plan").click()
    _no_violations(gemma)
    _fits_320(gemma)
    gemma.get_by_role("button", name="Start my plan").click()
    expect(gemma.get_by_role("alert")).to_contain_text("Type your first name")
    gemma.get_by_label("Your first name").fill("Gemma")
    gemma.get_by_role("button", name="Start my plan").click()
    expect(gemma.get_by_role("status")).to_contain_text("Your plan is started, Gemma.")
    card = " ".join(gemma.locator(".plan-card__words span").all_inner_texts())
    assert len(card.split()) == 4
    gemma.get_by_role("link", name="Back to the plan").click()
    expect(gemma.get_by_role("heading", level=1)).to_have_text("Gemma's support plan")
    gemma.get_by_text("Write more under \u2018A good day\u2019").click()
    good_day = gemma.get_by_label("Your words for \u2018A good day\u2019")
    good_day.fill("Coffee with Kim, then the park")
    gemma.get_by_role("button", name="Add my words to \u2018A good day\u2019").click()
    expect(gemma.get_by_role("status")).to_contain_text("Your words were added.")
    gemma.get_by_role("button", name="Make a code for an ally").click()
    status = gemma.get_by_role("status").inner_text()
    code = re.search(r"The code is ([A-Z0-9]{3} [A-Z0-9]{3} [A-Z0-9]{3})", status)[1]
    _no_violations(gemma)

    kim = browser.new_context(locale="en-GB").new_page()
    kim.goto(url + "/live/join/")
    kim.get_by_label(re.compile("code", re.I)).first.fill(code)
    kim.get_by_role("button", name="Continue").click()
    kim.get_by_label("Your name").fill("Kim")
    kim.get_by_label("Family").check()
    kim.get_by_role("button", name=re.compile("^Join")).click()
    wait_connected(kim)
    expect(notes_with(kim, "Coffee with Kim, then the park")).to_have_count(1)
    kim.context.close()

    # A week later, at Gemma's: Kim uses Gemma's card on a borrowed laptop, by keyboard.
    laptop = browser.new_context(locale="en-GB").new_page()
    laptop.goto(url + "/live/card/")
    tab_to(laptop, "el.name === 'words'")
    laptop.keyboard.type(card)
    laptop.keyboard.press("Enter")
    expect(laptop.get_by_role("heading", level=1)).to_have_text("Who is using Gemma\u2019s card?")
    _no_violations(laptop)
    _fits_320(laptop)
    tab_to(laptop, "el.name === 'who'")
    laptop.keyboard.press("Space")  # "I am Gemma"
    laptop.keyboard.press("ArrowDown")  # on to Kim
    expect(laptop.get_by_label("Kim (family), helping Gemma")).to_be_checked()
    laptop.keyboard.press("Enter")
    expect(laptop.get_by_role("status")).to_contain_text("Welcome back, Kim.")
    tab_to(laptop, "el.textContent === 'Make a card of my own'")
    laptop.keyboard.press("Enter")
    expect(laptop.get_by_role("heading", level=1)).to_have_text(
        "Kim\u2019s own card for Gemma\u2019s plan"
    )
    expect(laptop.locator(".plan-card__words span")).to_have_count(4)
    _no_violations(laptop)
    laptop.context.close()

    # Gemma would rather sign in: she makes an account, then signs in on a library computer.
    gemma.get_by_label("A username you choose").fill("gemma.b")
    gemma.get_by_label("A password", exact=True).fill("a good long walk")
    gemma.get_by_label("The same password again").fill("a good long walk")
    gemma.get_by_role("button", name="Make my account").click()
    expect(gemma.get_by_role("status")).to_contain_text("you are signed in as gemma.b")
    _no_violations(gemma)
    gemma.context.close()
    library = browser.new_context(locale="en-GB").new_page()
    library.goto(url + "/accounts/login/?next=/live/")
    library.get_by_label("Username").fill("gemma.b")
    library.get_by_label("Password").fill("a good long walk")
    library.get_by_role("button", name="Sign in").click()
    library.get_by_role("link", name=re.compile("^Your plan")).click()
    expect(library.get_by_text("Coffee with Kim, then the park")).to_be_visible()
    library.context.close()


# 320 CSS pixels wide: a phone, and a 1,280-pixel window at 400% zoom, so 200% too.
@pytest.mark.parametrize("page_name", ["a saved version", "a card just made", "use a card"])
def test_the_version_and_card_pages_fit_a_phone_and_200_percent_zoom(browser, room, page_name):
    amira = room["people"]["Amira"]
    plan = f"people/{amira.pk}/plan/"
    page = open_board(browser, room, "facilitator", plan, width=320)
    if page_name == "a saved version":
        page.goto(f"{room['board']}{plan}versions/{amira.plan.versions.first().pk}/")
    elif page_name == "a card just made":
        page.get_by_role("button", name=re.compile("^Make a (new )?plan card$")).click()
        expect(page.locator(".plan-card__words span")).to_have_count(4)
    else:
        page.goto(room["url"] + "/live/card/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.context.close()


def test_a_plan_card_typed_without_javascript_works_too(browser, room):
    amira = room["people"]["Amira"]
    facilitator = get_user_model().objects.get(username="facilitator")
    code = services.board_plan_card_issue(
        session_id=room["session"].pk,
        actor=selectors.facilitator_actor(user=facilitator),
        focus_person_id=amira.pk,
    )
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    page.goto(f"{room['url']}/live/card/")
    page.get_by_label("The words on your plan card").fill("not the right words")
    page.get_by_role("button", name="Open my plan").click()
    expect(page.get_by_role("alert")).to_contain_text("Those words do not match a plan card.")
    page.get_by_label("The words on your plan card").fill(code.replace("-", " ").upper())
    page.get_by_role("button", name="Open my plan").click()
    page.get_by_role("button", name="Open the plan").click()  # nobody chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose who you are")
    page.get_by_label("I am Amira").check()
    page.get_by_role("button", name="Open the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amira's support plan")
    context.close()


@pytest.mark.parametrize(("width", "scale"), [(320, 1), (640, 2)])  # 640 @2x = 200% zoom
def test_what_changed_in_a_plan_fits_a_phone_and_200_percent_zoom(browser, room, width, scale):
    amira = room["people"]["Amira"]
    facilitator = get_user_model().objects.get(username="facilitator")
    version = services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=selectors.facilitator_actor(user=facilitator),
        focus_person_id=amira.pk,
        label="a name long enough to need wrapping on a small phone screen",
        today=date.today(),
    )
    path = f"people/{amira.pk}/plan/compare/?older={version.pk}&newer=now"
    page = open_board(browser, room, "sam", path, width=width, scale=scale)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.context.close()


def test_notes_in_yellow_on_black_are_black_with_yellow_text_and_a_coloured_border(browser, room):
    amira = room["people"]["Amira"]
    page = open_board(browser, room, "sam", display="standard.dark")
    note = page.locator("li.note").first
    expect(note).to_have_css("background-color", "rgb(0, 0, 0)")
    expect(note).to_have_css("color", "rgb(255, 255, 0)")
    expect(note).to_have_css("border-top-color", rgb(COLOUR_BY_KEY[amira.colour].tint))
    page.context.close()


def tab_to(page, predicate: str, *, key: str = "Tab", limit: int = 500):
    """Press Tab until ``predicate`` (a JS expression on document.activeElement) holds."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"(el => Boolean({predicate}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def test_adding_and_moving_a_note_by_keyboard_alone(browser, room):
    amira = room["people"]["Amira"]
    charts = list(amira.charts.order_by("position"))
    page = open_board(browser, room, "facilitator")
    wait_connected(page)

    # The facilitator's charts have a "Write a note" link that opens the form.
    tab_to(page, f"el.dataset.chartWrite === '{charts[1].pk}'")
    page.keyboard.press("Enter")
    expect(page.locator(f"#add-text-{charts[1].pk}")).to_be_focused()
    page.keyboard.type("Typed with the keyboard only")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Add note")
    page.keyboard.press("Enter")
    note = notes_with(page, "Typed with the keyboard only")
    expect(note).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    expect(page.locator(f"#add-text-{charts[1].pk}")).to_be_focused()
    note_id = Note.objects.get(text="Typed with the keyboard only").pk

    # The new note is listed above the form: go back to its "Note actions" button.
    tab_to(
        page,
        f"'noteMenu' in el.dataset && el.closest('li').dataset.noteId === '{note_id}'",
        key="Shift+Tab",
    )
    page.keyboard.press("Enter")
    menu = page.get_by_role("dialog", name="Note actions")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name="Change the words")).to_be_focused()
    tab_to(page, "el.id === 'note-menu-move'")
    # The headings are listed in order without this note's own: the first is
    # "All about me", the next "A good day".
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == str(charts[2].pk)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Move"
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()
    moved = page.locator(f'section[data-chart-id="{charts[2].pk}"] li.note', has_text="keyboard")
    expect(moved).to_have_count(1, timeout=WAIT_MS)
    expect(moved).to_be_focused()
    expect(
        page.locator(f'section[data-chart-id="{charts[1].pk}"] li.note', has_text="keyboard")
    ).to_have_count(0)
    assert Note.objects.get(pk=note_id).chart_id == charts[2].pk
    page.context.close()


def test_the_note_actions_menu_works_by_keyboard_and_gives_focus_back(browser, room):
    page = open_board(browser, room, "facilitator")
    wait_connected(page)
    note = page.locator("li.note:not(.note--starred)").first
    note_id = note.get_attribute("data-note-id")
    button = note.get_by_role("button", name=re.compile("^Note actions for: "))
    expect(button).to_have_attribute("aria-haspopup", "dialog")
    menu = page.get_by_role("dialog", name="Note actions")

    button.focus()
    page.keyboard.press(" ")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button", name="Change the words")).to_be_focused()
    # Modal: Tab goes round the menu and never reaches the board behind it.
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("Boolean(document.activeElement.closest('dialog[open]'))")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()

    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    tab_to(page, "el.textContent === 'Close'")
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()

    # One menu serves every note: it is made once, not once per note.
    page.keyboard.press("Enter")
    tab_to(page, "el.textContent === 'Star this note'")
    page.keyboard.press("Enter")
    expect(menu).to_be_hidden()
    expect(page.locator("[data-board-announcer]")).to_have_text("Note starred.", timeout=WAIT_MS)
    starred = page.locator(f'li[data-note-id="{note_id}"]')
    expect(starred).to_contain_text("Starred by the facilitator")
    # The note was drawn again (it changed); focus is still on its button.
    expect(starred.get_by_role("button", name=re.compile("^Note actions"))).to_be_focused()
    assert page.locator("dialog").count() == 1
    assert Note.objects.get(pk=note_id).is_starred
    page.context.close()


def test_the_facilitator_locks_and_unlocks_a_chart_and_the_participants_form_follows(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    wait_connected(fran)
    wait_connected(sam)
    sams_form = sam.locator(f'form.add-note[data-chart-id="{chart_id}"]')
    expect(sams_form).to_be_visible()
    chart = fran.locator(f'section[data-chart-id="{chart_id}"]')
    chart.get_by_role("button", name=re.compile("^Lock this chart")).click()
    expect(sams_form).to_be_hidden(timeout=WAIT_MS)
    expect(sam.locator(f'section[data-chart-id="{chart_id}"] [data-chart-locked]')).to_be_visible()
    unlock = chart.get_by_role("button", name=re.compile("^Unlock this chart"))
    expect(unlock).to_be_visible(timeout=WAIT_MS)
    unlock.click()
    expect(sams_form).to_be_visible(timeout=WAIT_MS)
    expect(fran.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    assert not room["session"].charts.get(pk=chart_id).is_locked
    for page in (fran, sam):
        page.context.close()


def test_removing_a_note_from_the_menu_offers_undo_with_focus_on_it(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    fran = open_board(browser, room, "facilitator")
    wait_connected(fran)
    write_note(fran, chart_id, "The facilitator takes this back")
    note = notes_with(fran, "The facilitator takes this back")
    expect(note).not_to_have_class(re.compile("note--pending"), timeout=WAIT_MS)
    open_note_menu(fran, note).get_by_role("button", name="Remove the note").click()
    expect(notes_with(fran, "The facilitator takes this back")).to_have_count(0, timeout=WAIT_MS)
    undo = fran.locator(f'[data-undo-for-chart="{chart_id}"]').get_by_role("button")
    expect(undo).to_be_focused(timeout=WAIT_MS)
    undo.press("Enter")
    expect(notes_with(fran, "The facilitator takes this back")).to_have_count(1, timeout=WAIT_MS)
    fran.context.close()


def test_the_menu_follows_its_note_when_someone_else_changes_or_removes_it(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    wait_connected(fran)
    wait_connected(sam)
    write_note(sam, chart_id, "Sam's first words")
    note = notes_with(fran, "Sam's first words")
    expect(note).to_have_count(1, timeout=WAIT_MS)
    menu = open_note_menu(fran, note)
    menu.get_by_label("Ask to make it clearer").fill("Half-typed question")

    mine = notes_with(sam, "Sam's first words")
    mine.get_by_role("link", name=re.compile("^Edit")).click()
    sam.get_by_label("Change the note").fill("Sam's second words")
    sam.get_by_role("button", name="Save changes").click()
    expect(menu).to_contain_text("Sam's second words", timeout=WAIT_MS)
    expect(menu.get_by_label("Ask to make it clearer")).to_have_value("Half-typed question")

    notes_with(sam, "Sam's second words").get_by_role("button", name=re.compile("^Remove")).click()
    expect(menu).to_be_hidden(timeout=WAIT_MS)
    expect(fran.locator("[data-board-announcer]")).to_have_text(
        "That note has been removed, so its menu was closed.", timeout=WAIT_MS
    )
    for page in (fran, sam):
        page.context.close()


@pytest.mark.parametrize(("width", "scale"), [(320, 1), (640, 2)])  # 640 @2x = 200% zoom
def test_the_note_actions_menu_fits_a_phone_and_200_percent_zoom(browser, room, width, scale):
    page = open_board(
        browser, room, "facilitator", width=width, height=700, scale=scale, display="largest.dark"
    )
    wait_connected(page)
    menu = open_note_menu(page, page.locator("li.note").first)
    sideways = menu.evaluate("dialog => dialog.scrollWidth - dialog.clientWidth")
    assert sideways <= 0
    box = menu.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    # Taller than the screen: it scrolls, and its last control can be reached.
    close = menu.get_by_role("button", name="Close")
    close.focus()
    expect(close).to_be_in_viewport()
    page.context.close()


def test_without_javascript_notes_are_removed_and_starred_through_plain_forms(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    note_id = services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["sam"]),
        message={"type": "add_note", "op_id": "no-js", "chart_id": chart_id, "text": "No script"},
    ).ack["note_id"]
    fran = browser.new_context(java_script_enabled=False, locale="en-GB")
    fran.add_cookies([{"name": "sessionid", "value": facilitator_cookie(), "url": room["url"]}])
    page = fran.new_page()
    page.goto(room["board"])
    note = page.locator(f"#note-{note_id}")
    note.get_by_role("link", name=re.compile("^Note actions")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Note actions")
    page.get_by_role("button", name="Star this note").click()
    expect(page.locator(f"#note-{note_id}")).to_contain_text("Starred by the facilitator")
    assert page.url.endswith(f"#note-{note_id}")
    fran.close()

    sam = browser.new_context(java_script_enabled=False, locale="en-GB")
    sam.add_cookies(
        [{"name": "sessionid", "value": participant_cookie(room["sam"]), "url": room["url"]}]
    )
    page = sam.new_page()
    page.goto(room["board"])
    page.locator(f"#note-{note_id}").get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.locator(f"#note-{note_id}")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Undo"))).to_be_visible()
    assert Note.objects.get(pk=note_id).is_removed
    sam.close()


# --- One copy of the board: the page's own HTML, adopted, and only the changes after it ----

# Runs before the page's scripts: when parsing ends (readyState "interactive",
# before module scripts run) keep the notes the server drew.
SERVER_NOTES_SCRIPT = """
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive") {
    window.__serverNotes = [...document.querySelectorAll("li.note")];
  }
});
"""


def test_the_live_client_adopts_the_server_drawn_notes_instead_of_drawing_them_again(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    fran = open_board(browser, room, "facilitator")
    context = new_context(browser, room["url"], participant_cookie(room["sam"]))
    context.add_init_script(SERVER_NOTES_SCRIPT)
    sam = context.new_page()
    sam.goto(room["board"])
    wait_connected(sam)
    wait_connected(fran)
    same = """() => {
      const drawn = window.__serverNotes;
      const now = [...document.querySelectorAll("li.note")];
      return [drawn.length, drawn.filter((li) => li.isConnected).length,
              now.filter((li) => drawn.includes(li)).length];
    }"""
    drawn, still_there, now_from_server = sam.evaluate(same)
    assert drawn > 0
    assert still_there == now_from_server == drawn
    # The page carries the board once: its config has no copy of it.
    config = json.loads(sam.locator("#board-config").text_content())
    assert "snapshot" not in config
    assert "Swimming" not in json.dumps(config)

    write_note(fran, chart_id, "A live note after the page loaded")
    expect(notes_with(sam, "A live note after the page loaded")).to_have_count(1, timeout=WAIT_MS)
    drawn, still_there, now_from_server = sam.evaluate(same)
    assert still_there == now_from_server == drawn  # only the new note was drawn
    assert sam.locator("li.note").count() == drawn + 1
    for page in (fran, sam):
        page.context.close()


# A note's element as a comparable tree: tags, attributes in any order, text;
# without what differs from one drawing to the next (op ids, the render key).
CANONICAL_NOTE = """li => {
  const canon = (node) => node.nodeType === Node.TEXT_NODE ? node.nodeValue : [
    node.tagName,
    [...node.attributes]
      .filter((a) => a.name !== "data-render-key")
      .map((a) => [a.name, a.name === "value" && node.name === "op_id" ? "" : a.value])
      .sort(),
    [...node.childNodes].map(canon),
  ];
  return JSON.stringify(canon(li));
}"""


@pytest.mark.parametrize("who", ["sam", "facilitator"])
def test_a_note_the_client_draws_again_is_the_same_as_the_servers(browser, room, who):
    note_id = services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["sam"]),
        message={
            "type": "add_note",
            "op_id": "twice",
            "chart_id": first_chart(room["people"]["Amira"]).pk,
            "text": "Drawn twice",
        },
    ).ack["note_id"]
    page = open_board(browser, room, who)
    wait_connected(page)
    note = page.locator(f"#note-{note_id}")
    from_server = note.evaluate(CANONICAL_NOTE)
    # Open the editor and cancel it: the client draws the note twice over.
    if who == "facilitator":
        open_note_menu(page, note).get_by_role("button", name="Change the words").click()
    else:
        note.get_by_role("link", name=re.compile("^Edit")).click()
    page.get_by_role("button", name="Cancel").click()
    expect(note.locator("textarea")).to_have_count(0)
    assert note.evaluate("li => 'renderKey' in li.dataset")  # drawn by the client
    assert note.evaluate(CANONICAL_NOTE) == from_server
    page.context.close()


def record_frames(frames: list, *, before_connect=None, rewrite_hello=None):
    """A WebSocket route that records every frame both ways (and can change hello)."""

    def route(ws):
        if before_connect:
            before_connect()
        server = ws.connect_to_server()

        def to_server(message):
            data = json.loads(message)
            frames.append(("out", data))
            if data.get("type") == "hello" and rewrite_hello:
                message = json.dumps(rewrite_hello(data))
            server.send(message)

        def from_server(message):
            frames.append(("in", json.loads(message)))
            ws.send(message)

        ws.on_message(to_server)
        server.on_message(from_server)

    return route


def test_the_page_asks_only_for_what_changed_after_it_was_drawn(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    jo = participant_make(room["people"]["Amira"], "Jo", "family")
    frames = []

    def write_while_loading():
        # Written after the page was drawn and before its socket opened.
        services.board_command_apply(
            session_id=room["session"].pk,
            actor=participant_actor(participant=jo),
            message={
                "type": "add_note",
                "op_id": "meanwhile",
                "chart_id": chart_id,
                "text": "Written while the page loaded",
            },
        )

    context = new_context(browser, room["url"], participant_cookie(room["sam"]))
    sam = context.new_page()
    sam.route_web_socket(
        re.compile(r".*/ws/live/.*"), record_frames(frames, before_connect=write_while_loading)
    )
    sam.goto(room["board"])
    wait_connected(sam)
    page_seq = int(sam.locator("[data-board]").get_attribute("data-seq"))
    hello = next(data for way, data in frames if way == "out" and data["type"] == "hello")
    assert hello["last_seq"] == page_seq
    welcome = next(data for way, data in frames if way == "in" and data["type"] == "welcome")
    assert "snapshot" not in welcome
    assert [event["kind"] for event in welcome["events"]] == ["note_added"]
    added = sam.locator(f'section[data-chart-id="{chart_id}"] li.note', has_text="page loaded")
    expect(added).to_have_count(1, timeout=WAIT_MS)
    sam.context.close()


def test_a_welcome_with_a_whole_snapshot_keeps_the_drawn_notes_and_stays_live(browser, room):
    frames = []
    context = new_context(browser, room["url"], participant_cookie(room["sam"]))
    context.add_init_script(SERVER_NOTES_SCRIPT)
    sam = context.new_page()
    # As if the server chose a snapshot (the page was too old to replay).
    sam.route_web_socket(
        re.compile(r".*/ws/live/.*"),
        record_frames(frames, rewrite_hello=lambda hello: {**hello, "last_seq": None}),
    )
    sam.goto(room["board"])
    wait_connected(sam)
    welcome = next(data for way, data in frames if way == "in" and data["type"] == "welcome")
    assert "snapshot" in welcome
    kept = sam.evaluate(
        "() => window.__serverNotes.filter((li) => li.isConnected).length"
        " === document.querySelectorAll('li.note').length"
    )
    assert kept
    write_note(sam, first_chart(room["people"]["Amira"]).pk, "After a snapshot welcome")
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    expect(notes_with(sam, "After a snapshot welcome")).to_have_count(1)
    sam.context.close()


def far_note(room) -> int:
    """A note on the last chart of the last person: far below the screen."""
    chloe = room["people"]["Chloe"]
    last_chart = chloe.charts.order_by("position").last()
    note_id = services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=participant_make(chloe)),
        message={
            "type": "add_note",
            "op_id": "far-down",
            "chart_id": last_chart.pk,
            "text": "Aardvark picnic at the very bottom",
        },
    ).ack["note_id"]
    return note_id


def accessible_names(page) -> list[str]:
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [node.get("name", {}).get("value", "") for node in tree]


def test_off_screen_charts_start_undrawn_then_every_note_reaches_screen_readers(browser, room):
    """The browser skips laying out charts far off screen at first (content-visibility),
    and Chromium leaves their words out of the accessibility tree until they are
    drawn: the live client draws them all soon after the board is live."""
    note_id = far_note(room)
    page = open_board(browser, room, "sam")
    note = page.locator(f"#note-{note_id}")
    chart = note.locator("xpath=ancestor::section[@data-chart-id]")
    expect(chart).to_have_css("content-visibility", "auto")
    wait_connected(page)
    expect(page.locator("[data-board][data-charts-drawn]")).to_have_count(1, timeout=WAIT_MS)
    expect(note).not_to_be_in_viewport()
    assert "Aardvark picnic at the very bottom" in accessible_names(page)
    page.context.close()


def test_without_javascript_every_chart_is_drawn_at_once(browser, room):
    note_id = far_note(room)
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": participant_cookie(room["sam"]), "url": room["url"]}]
    )
    page = context.new_page()
    page.goto(room["board"])
    chart = page.locator(f"#note-{note_id}").locator("xpath=ancestor::section[@data-chart-id]")
    expect(chart).to_have_css("content-visibility", "visible")
    assert "Aardvark picnic at the very bottom" in accessible_names(page)
    context.close()


def test_a_note_far_down_is_found_by_find_in_page_and_by_its_link(browser, room):
    note_id = far_note(room)
    page = open_board(browser, room, "sam")
    wait_connected(page)
    assert page.evaluate("window.find('Aardvark picnic')")
    page.goto(f"{room['board']}#note-{note_id}")
    expect(page.locator(f"#note-{note_id}")).to_be_in_viewport()
    wait_connected(page)
    page.wait_for_timeout(1000)  # the other charts are being drawn meanwhile
    expect(page.locator(f"#note-{note_id}")).to_be_in_viewport()
    page.context.close()


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize(
    ("width", "scale", "display"),
    [(360, 1, None), (360, 1, "largest.dark"), (640, 2, "largest.standard")],  # 640 @2x = 200%
)
def test_no_sideways_scrolling_on_a_phone_or_at_200_percent_zoom(
    browser, room, view, width, scale, display
):
    who, path = view_path(room, view)
    page = open_board(
        browser, room, who, path, width=width, height=800, scale=scale, display=display
    )
    wait_connected(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.context.close()


def test_every_control_on_the_board_is_at_least_24_pixels_square(browser, room):
    page = open_board(browser, room, "facilitator", width=360, height=800)
    wait_connected(page)
    open_note_menu(page, page.locator("li.note").first)
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              '[data-board] button, [data-board] summary, [data-board] select,'
              + ' [data-board] .note a, [data-board] textarea')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24)
            .map(([html]) => html)"""
    )
    assert small == []
    page.context.close()


# --- Changes lost on the way, boards in parts, events out of order (protocol 3.2, 3.4, 4) ---


def dropped(page):
    """Wait until ``page`` has let the events it was told to drop go by."""
    wait_until(page, "window.__board.eventsToDrop() === 0", timeout=WAIT_MS)


def test_a_change_lost_on_its_way_is_found_by_the_next_ones_prev_and_shown_once(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    wait_connected(fran)
    wait_connected(sam)
    fran.evaluate("window.__board.dropNextEvents(1)")
    write_note(sam, chart_id, "Lost between the servers")
    dropped(fran)
    expect(notes_with(fran, "Lost between the servers")).to_have_count(0)

    write_note(sam, chart_id, "The next note shows the gap")
    for text in ("Lost between the servers", "The next note shows the gap"):
        expect(notes_with(fran, text)).to_have_count(1, timeout=WAIT_MS)
    fran.wait_for_timeout(500)  # anything applied twice would have arrived by now
    for text in ("Lost between the servers", "The next note shows the gap"):
        expect(notes_with(fran, text)).to_have_count(1)
    assert fran.evaluate("window.__board.gapsRepaired()") == 1
    expect(fran.locator("[data-board-status]")).to_have_text(re.compile("^Connected"))
    for page in (fran, sam):
        page.context.close()


def test_a_lost_last_change_is_found_by_the_pong_check(browser, room):
    chart_id = first_chart(room["people"]["Amira"]).pk
    fran = open_board(browser, room, "facilitator")
    sam = open_board(browser, room, "sam")
    wait_connected(fran)
    wait_connected(sam)
    fran.evaluate("window.__board.dropNextEvents(1)")
    write_note(sam, chart_id, "Nothing comes after this one")
    expect(sam.locator("[data-board-status]")).to_have_text("Saved", timeout=WAIT_MS)
    dropped(fran)
    expect(notes_with(fran, "Nothing comes after this one")).to_have_count(0)
    fran.evaluate("window.__board.ping()")  # rather than waiting 25 seconds for the next
    expect(notes_with(fran, "Nothing comes after this one")).to_have_count(1, timeout=WAIT_MS)
    assert fran.evaluate("window.__board.gapsRepaired()") == 1
    for page in (fran, sam):
        page.context.close()


@pytest.mark.parametrize("welcome", ["snapshot", "replay"])
def test_a_board_too_big_for_one_frame_opens_live(browser, room, welcome):
    """The notes are written after the page was drawn, so only the welcome (in
    parts: the server's frames are capped at 64 KiB) can bring them."""
    charts = list(room["people"]["Amira"].charts.order_by("position"))
    actor = participant_actor(participant=room["sam"])
    frames = []

    def write_a_big_board():
        for i in range(150):
            services.board_command_apply(
                session_id=room["session"].pk,
                actor=actor,
                message={
                    "type": "add_note",
                    "op_id": f"big-{i}",
                    "chart_id": charts[i % len(charts)].pk,
                    "text": f"Long note {i:03} " + "é" * 980,
                },
            )

    context = new_context(browser, room["url"], participant_cookie(room["sam"]))
    sam = context.new_page()
    errors = []
    sam.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sam.on("pageerror", lambda error: errors.append(str(error)))
    sam.route_web_socket(
        re.compile(r".*/ws/live/.*"),
        record_frames(
            frames,
            before_connect=write_a_big_board,
            # A snapshot, as the server sends when the page is too old to replay.
            rewrite_hello=(lambda hello: {**hello, "last_seq": None})
            if welcome == "snapshot"
            else None,
        ),
    )
    sam.goto(room["board"])
    wait_connected(sam)
    expect(notes_with(sam, "Long note")).to_have_count(150, timeout=WAIT_MS)
    expect(sam.locator("[data-board-status]")).to_have_text(re.compile("^Connected"))
    received = [data for way, data in frames if way == "in"]
    first = next(data for data in received if data["type"] == "welcome")
    assert ("snapshot" if welcome == "snapshot" else "events") in first
    assert first["parts"] >= 2
    parts = [data for data in received if data["type"] == "more"]
    assert [data["part"] for data in parts] == list(range(2, first["parts"] + 1))
    assert errors == []
    sam.context.close()


def test_a_late_lock_event_does_not_undo_a_newer_lock_state(browser, room):
    """Events are after-images: one older than what set a chart's (or the board's)
    lock changes nothing, whenever it arrives."""
    chart_id = first_chart(room["people"]["Amira"]).pk
    frames = []
    fran = open_board(browser, room, "facilitator")
    context = new_context(browser, room["url"], participant_cookie(room["sam"]))
    sam = context.new_page()
    sam.route_web_socket(re.compile(r".*/ws/live/.*"), record_frames(frames))
    sam.goto(room["board"])
    wait_connected(fran)
    wait_connected(sam)
    form = sam.locator(f'form.add-note[data-chart-id="{chart_id}"]')
    banner = sam.locator("[data-board-locked-banner]")

    def late(kind):
        """The event of ``kind`` that locked something, delivered again now."""
        event = next(
            data
            for way, data in frames
            if way == "in"
            and data["type"] == "event"
            and data["event"]["kind"] == kind
            and (data["event"].get("chart") or data["event"])["is_locked"]
        )
        sam.evaluate("message => window.__board.receive(message)", event)

    # The page carries the heads of Sam's streams as they were at its data-seq.
    page_seq = int(sam.locator("[data-board]").get_attribute("data-seq"))
    heads = json.loads(sam.locator("[data-board]").get_attribute("data-heads"))
    assert heads == selectors.board_heads(
        session_id=room["session"].pk, actor=participant_actor(participant=room["sam"])
    )
    assert heads == sam.evaluate("window.__board.heads()")
    # Older than the page itself (its data-seq): changes nothing.
    chart = {"id": chart_id, "focus_person_id": room["people"]["Amira"].pk, "is_locked": True}
    stale = {"seq": page_seq, "stream": "public", "prev": 0, "kind": "chart_locked", "chart": chart}
    sam.evaluate("event => window.__board.receive({type: 'event', event})", stale)
    expect(form).to_be_visible()

    lock = fran.locator(f'section[data-chart-id="{chart_id}"]')
    lock.get_by_role("button", name=re.compile("^Lock this chart")).click()
    expect(form).to_be_hidden(timeout=WAIT_MS)
    lock.get_by_role("button", name=re.compile("^Unlock this chart")).click()
    expect(form).to_be_visible(timeout=WAIT_MS)
    late("chart_locked")
    expect(form).to_be_visible()
    expect(sam.locator(f'section[data-chart-id="{chart_id}"] [data-chart-locked]')).to_be_hidden()

    fran.get_by_role("button", name="Pause writing for everyone").click()
    expect(banner).to_be_visible(timeout=WAIT_MS)
    fran.get_by_role("button", name="Let everyone write again").click()
    expect(banner).to_be_hidden(timeout=WAIT_MS)
    late("board_locked")
    expect(banner).to_be_hidden()
    expect(form).to_be_visible()
    assert sam.evaluate("window.__board.gapsRepaired()") == 0
    for page in (fran, sam):
        page.context.close()


def test_the_persons_board_shows_their_costing_and_actions_with_no_violations(browser, room):
    amira = room["people"]["Amira"]  # the demo gives her a budget, a costing and actions
    me = open_board(browser, room, "amira", room_me=participant_make(amira))
    wait_connected(me)
    expect(me.locator(f"#person-{amira.pk}-costing")).to_contain_text("under your budget")
    actions = me.locator("[data-actions]").first
    expect(actions).to_contain_text("Try an evening out with friends")
    expect(actions).to_contain_text("By when? Choose a date or how often.")  # the helper
    assert axe_violations(me) == []
    me.set_viewport_size({"width": 320, "height": 800})
    overflow = me.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
