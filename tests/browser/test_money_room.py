"""Issue 12's "done when", in a real browser: money and actions in a room of three tables.

A facilitator records three people's budgets on the set-up page and reveals them one
table at a time. Each person's screen and their ally's are told; the other tables are
not, and a fourth person's screen (Dev: at another table than Amira's and Ben's, at the
same table as Cara, whose money is still hers alone) and the projector are sent not one
socket frame about any of it. Two people cost their support on their plan pages while
their allies watch the board change live, one under budget and one over, in words.
Actions are written and the helper's tips come and go; the readiness check passes for one
plan and names what is missing, with links, for the other.

Only the room is arranged through services (the session, people, tables, devices, and the
notes on the charts, which are board work tested elsewhere): the money and the actions go
through the pages, as a facilitator and the people would do it.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from sessions_live import services
from tests.browser.conftest import wait_until
from tests.browser.test_actions_pages import (
    CLEAR,
    VAGUE,
    add_action_by_keyboard,
    fill_action_by_keyboard,
    ready_items,
    tips_of,
)
from tests.browser.test_board_live import (
    WAIT_MS,
    facilitator_cookie,
    new_context,
    participant_cookie,
    wait_connected,
)
from tests.browser.test_costing_pages import (
    add_row_by_keyboard,
    all_details_open,
    assert_no_violations,
    press_on,
)
from tests.sessions_live.factories import (
    focus_person_make,
    participant_actor,
    participant_make,
    session_make,
)

# What each person's budget is, as the facilitator types it, and the words it is shown in.
BUDGETS = {
    "Amira": {"typed": "412.35", "period": "a week", "week": "£412.35", "year": "£21,442.20"},
    "Ben": {"typed": "18,733.16", "period": "a year", "week": "£360.25", "year": "£18,733.16"},
    "Cara": {"typed": "297.43", "period": "a week", "week": "£297.43", "year": "£15,466.36"},
}
# Amira's personal assistant costs £145.00 a week; Ben's day centre £400.00 a week.
AMIRA_PA = {
    "what": "A personal assistant",
    "who": "Sam",
    "paid": "yes",
    "hours": "10",
    "rate": "14.50",
}
BEN_CLUB = {
    "what": "Riverside day centre",
    "who": "",
    "paid": "yes",
    "amount": "400",
    "period": "week",
}
AMIRA_UNDER = "£267.35 a week under your budget (£13,902.20 a year)"
# Ben's budget was given for a year, so the difference leads with the year.
BEN_OVER = "£2,066.84 a year over your budget (£39.75 a week)"
# Nothing with two digits before the point alone: a timestamp's seconds (":39.75...")
# could hold those by chance. The pound sign may travel escaped (\u00a3), so figures
# are looked for without it as well as with it.
SECRETS = sorted(
    {figure for b in BUDGETS.values() for figure in (b["typed"], b["week"], b["year"])}
    | {figure.removeprefix("£") for b in BUDGETS.values() for figure in (b["week"], b["year"])}
    | {"145.00", "7,540.00", "267.35", "13,902.20", "400.00", "20,800.00", "2,066.84"}
    | {"budget_shown", "costing_shown", "money-", "indicative budget"}
    | {BEN_CLUB["what"], AMIRA_PA["what"]}
)
# Charts the readiness check reads, and what Amira writes on each (her own words).
AMIRA_NOTES = {
    "What's important to me": "Seeing my nan every Sunday",
    "What I need support with": "Getting washed and dressed in the morning",
    "What I want to change": "I want to choose who helps me",
    "How I will stay in control": "If my PA is ill I call Sam, then the agency on 01632 960 001",
}


@pytest.fixture
def room(demo_site):
    """Four people on their own devices: Amira, Ben and Cara each with an ally at a table of
    their own, and Dev, with nobody, at Cara's table."""
    session = session_make(
        facilitator=get_user_model().objects.get(username="facilitator"), title="Money room"
    )
    tables = [session.tables.first()] + [
        services.table_save(session=session, name=f"Table {n}") for n in (2, 3)
    ]
    people = {
        name: focus_person_make(session, name, table=table)
        for name, table in zip(("Amira", "Ben", "Cara", "Dev"), [*tables, tables[2]], strict=True)
    }
    me = {name: participant_make(person) for name, person in people.items()}
    for chart_title, text in AMIRA_NOTES.items():
        chart = people["Amira"].charts.get(title=chart_title)
        services.board_command_apply(
            session_id=session.pk,
            actor=participant_actor(participant=me["Amira"]),
            message={"type": "add_note", "op_id": chart_title, "chart_id": chart.pk, "text": text},
        )
    return {
        "url": demo_site,
        "session": session,
        "board": f"{demo_site}/live/s/{session.pk}/",
        "people": people,
        "cookies": {
            **{name: participant_cookie(participant) for name, participant in me.items()},
            "Sam": participant_cookie(participant_make(people["Amira"], "Sam", "friend")),
            "Pat": participant_cookie(participant_make(people["Ben"], "Pat", "support_worker")),
            "Jo": participant_cookie(participant_make(people["Cara"], "Jo", "family")),
            "facilitator": facilitator_cookie(),
        },
    }


def open_screen(browser, room, who: str, path: str = "", frames: list | None = None):
    """Open ``who``'s screen at the board's ``path``; with ``frames``, record every socket
    frame it is sent, from its first."""
    page = new_context(browser, room["url"], room["cookies"][who]).new_page()
    if frames is not None:
        page.on("websocket", lambda ws: ws.on("framereceived", lambda data: frames.append(data)))
    page.goto(room["board"] + path)
    return page


def budget_line(page, person):
    return page.locator(f"#person-{person.pk}-budget")


def record_budget_by_keyboard(setup, person, budget: dict) -> None:
    """Open "Record <name>'s budget", type the amount, choose the period and press Enter."""
    card = setup.locator(f"#person-{person.pk}")
    card.locator("details > summary", has_text=f"Record {person.first_name}\u2019s budget").focus()
    setup.keyboard.press("Enter")
    period = card.get_by_role("group", name="Is that").get_by_role(
        "radio", name=budget["period"], exact=True
    )
    period.focus()
    setup.keyboard.press("Space")
    amount = card.get_by_role("textbox", name="How much", exact=True)
    amount.focus()
    setup.keyboard.type(budget["typed"])
    with setup.expect_navigation():
        setup.keyboard.press("Enter")
    expect(setup.locator(".notice--success")).to_contain_text(
        f"Budget recorded for {person.first_name}. It is sealed"
    )
    expect(card).to_contain_text(
        f"In all: {budget['week']} a week ({budget['year']} a year).", use_inner_text=True
    )
    expect(card.locator(".budget-parts")).to_contain_text("Sealed")


def reveal_by_keyboard(setup, person) -> None:
    setup.get_by_role("button", name=f"Reveal to {person.first_name}\u2019s table").focus()
    with setup.expect_navigation():
        setup.keyboard.press("Enter")
    expect(setup.locator(".notice--success")).to_have_text(
        f"{person.first_name} and their allies can see their budget now. Nobody else can."
    )


def test_budgets_revealed_table_by_table_costed_live_with_actions_and_readiness(browser, room):
    people, session = room["people"], room["session"]
    ben = people["Ben"]
    # Dev's screen and the projector: every frame they are sent, from their first.
    frames = {"Dev": [], "projector": []}
    dev_screen = open_screen(browser, room, "Dev", frames=frames["Dev"])
    projector = open_screen(browser, room, "facilitator", "projector/", frames=frames["projector"])
    screens = {name: open_screen(browser, room, name) for name in BUDGETS}
    allies = {
        name: open_screen(browser, room, ally)
        for name, ally in (("Amira", "Sam"), ("Ben", "Pat"), ("Cara", "Jo"))
    }
    for page in (dev_screen, projector, *screens.values(), *allies.values()):
        wait_connected(page)

    # 1. The facilitator records the three budgets, sealed: nobody's screen shows one.
    setup = open_screen(browser, room, "facilitator")
    setup.goto(f"{room['url']}/live/sessions/{session.pk}/setup/")
    for name, budget in BUDGETS.items():
        record_budget_by_keyboard(setup, people[name], budget)
    expect(setup.locator(".reveal-all")).to_contain_text("3 budget parts sealed.")
    for page in (*screens.values(), *allies.values()):
        expect(page.locator("[data-budget]")).to_have_count(0)

    # 2. Revealed one table at a time: told there, shown to the ally, nowhere else yet.
    still_sealed = dict(BUDGETS)
    for name, budget in BUDGETS.items():
        person = people[name]
        del still_sealed[name]
        reveal_by_keyboard(setup, person)
        said = f"indicative budget is {budget['week']} a week, which is {budget['year']} a year."
        me, ally = screens[name], allies[name]
        expect(me.locator("[data-board-announcer]")).to_have_text(f"Your {said}", timeout=WAIT_MS)
        expect(ally.locator("[data-board-announcer]")).to_have_text(
            f"{name}\u2019s {said}", timeout=WAIT_MS
        )
        expect(budget_line(me, person)).to_contain_text(
            f"Your indicative budget: {budget['week']} a week", timeout=WAIT_MS
        )
        expect(budget_line(ally, person)).to_contain_text(
            f"{name}\u2019s indicative budget: {budget['week']} a week", timeout=WAIT_MS
        )
        # Each screen shows one budget at most: its own person's.
        for page in (me, ally):
            expect(page.locator("[data-budget]")).to_have_count(1)
        for other in still_sealed:
            for page in (screens[other], allies[other]):
                expect(page.locator("[data-budget]")).to_have_count(0)
        expect(dev_screen.locator("[data-budget]")).to_have_count(0)
    expect(setup.locator(".reveal-all")).to_have_count(0)
    # All revealed, each screen still has only its own person's budget, and no other's figures.
    for name in BUDGETS:
        for page in (screens[name], allies[name]):
            expect(page.locator("[data-budget]")).to_have_count(1)
            expect(budget_line(page, people[name])).to_have_count(1)
            content = page.content()
            for other, budget in BUDGETS.items():
                if other != name:
                    assert budget["typed"] not in content
                    assert budget["year"] not in content
    assert_no_violations(screens["Amira"])
    for page in (screens.pop("Cara"), allies.pop("Cara")):  # their part is done
        page.context.close()

    # 3. Amira and Ben cost their support on their plan pages; their allies watch the board.
    for name, row, week, year, words, status in (
        ("Amira", AMIRA_PA, "£145.00", "£7,540.00", AMIRA_UNDER, "Under budget."),
        ("Ben", BEN_CLUB, "£400.00", "£20,800.00", BEN_OVER, "Over budget."),
    ):
        person, me, ally = people[name], screens[name], allies[name]
        ally.evaluate("window.__notReloaded = true")
        plan_url = f"{room['board']}people/{person.pk}/plan/"
        me.goto(plan_url + "#costing")
        expect(me.locator("#costing")).to_contain_text("Nothing costed yet.")
        add_row_by_keyboard(me, row)
        expect(me.locator(".plan__cost-status")).to_have_text(f"{status} {words}.")
        line = ally.locator(f"#person-{person.pk}-costing")
        expect(line).to_contain_text(f"{words}.", timeout=WAIT_MS)
        expect(line).to_contain_text(f"{week} a week")
        expect(line).to_contain_text(f"({year} a year, 1 row).")
        expect(ally.locator("[data-board-announcer]")).to_have_text(
            f"Costing changed: {week} a week in all. {words}.", timeout=WAIT_MS
        )
        assert ally.evaluate("window.__notReloaded === true")  # drawn live, not reloaded
        # The ally's board links to the costing on the plan, to change it there.
        plan_link = ally.locator(
            f"#person-{person.pk} a[href$='/people/{person.pk}/plan/#costing']"
        )
        expect(plan_link).to_have_count(1)

    # 4. Amira writes an action: vague at first, so the helper asks who and by when; then clear.
    amira_page = screens["Amira"]
    add_action_by_keyboard(amira_page, VAGUE)
    action = amira_page.locator("li.plan__action")
    tips = tips_of(action)
    assert "Tip: Who will do this?" in tips
    assert "Tip: You wrote \u201csoon\u201d. By when? Choose a date or how often." in tips
    press_on(amira_page, "details.plan__action-change > summary", "Enter")
    prefix = action.locator("form.plan__action-form").get_attribute("id")
    fill_action_by_keyboard(amira_page, prefix, CLEAR)
    action = amira_page.locator("li.plan__action")
    expect(action).to_contain_text("Who: Me and Sam")
    assert tips_of(action) == []
    expect(amira_page.locator("li.plan__hint")).to_have_count(0)
    expect(allies["Amira"].locator("[data-actions]")).to_contain_text(
        CLEAR["what"], timeout=WAIT_MS
    )

    # 5. Amira's plan is ready; Ben's names what is missing, each with a working link.
    ready = amira_page.locator("#ready")
    expect(ready.locator(".plan__ready-summary")).to_have_text("The plan is ready to share.")
    items = ready_items(amira_page)
    assert [item for item in items if not item.startswith("Done: ")] == []
    assert f"Done: The costs fit the budget. {AMIRA_UNDER}." in items
    assert (
        "Done: Every action has who and when. Every action says who will do it and by when."
        in items
    )
    assert len(items) >= 6  # own words, matters, change, costs, actions, what could go wrong
    expect(ready.get_by_role("link")).to_have_count(0)

    ben_page = screens["Ben"]
    ben_page.goto(f"{room['board']}people/{ben.pk}/plan/")
    ready = ben_page.locator("#ready")
    summary = ready.locator(".plan__ready-summary").inner_text()
    assert re.fullmatch(
        r"\d+ things still to do\. The plan can still be shared: this only helps\.", summary
    )
    items = ready_items(ben_page)
    assert (
        f"Still to do: The costs fit the budget. {BEN_OVER}. Look again at the costs. "
        "Go to it for \u201cThe costs fit the budget\u201d"
    ) in items
    assert any(
        item.startswith("Still to do: Every action has who and when. There are no actions yet.")
        for item in items
    )
    assert any(item.startswith("Still to do: It is in Ben\u2019s own words.") for item in items)
    links = ready.get_by_role("link").all()
    assert len(links) == int(summary.split()[0])
    for href in (link.get_attribute("href") for link in links):
        assert ben_page.locator(href).count() == 1, href
    ready.get_by_role("link", name="Go to it for \u201cThe costs fit the budget\u201d").focus()
    ben_page.keyboard.press("Enter")
    wait_until(ben_page, "location.hash === '#costing'")
    all_details_open(ben_page)
    assert_no_violations(ben_page)

    # 6. Dev's screen and the projector learnt nothing, though they were sent frames.
    dev_screen.wait_for_timeout(1_000)  # anything sent to them would have arrived by now
    for name, page in (("Dev", dev_screen), ("projector", projector)):
        assert frames[name], f"{name}'s screen was sent no frames at all"
        leaks = [
            (secret, frame) for frame in frames[name] for secret in SECRETS if secret in str(frame)
        ]
        assert leaks == [], f"{name}'s screen was sent {leaks[:3]}"
        content = page.content()
        assert [secret for secret in SECRETS if secret in content] == []
        expect(page.locator("[data-budget], [data-costing]")).to_have_count(0)
        expect(page.locator("[data-board-announcer]")).not_to_contain_text("budget")
    # They did see the board change: Amira's actions are not money.
    expect(dev_screen.locator("[data-actions]")).to_contain_text(CLEAR["what"])
    for page in (dev_screen, projector, setup, *screens.values(), *allies.values()):
        page.context.close()
