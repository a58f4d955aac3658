"""Accessible in every state, not only at rest (axe checks pages at rest).

For every page type the browser tests visit, in each colour theme (each at its own
text size), Tab through every focusable element and hover over every link and button,
and check text contrast, the focus indicator and that nothing covers what has focus.
See states.py for the rules and states.js for how they are measured.

A new page joins by adding one PageType to PAGE_TYPES.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from learning import services as learning_services
from learning.models import Certificate
from sessions_live import services as live_services
from sessions_live.selectors import facilitator_actor
from tests.browser.states import THEMES, check_page, install, new_context, report
from tests.browser.test_board_live import (  # noqa: F401  (room is a fixture)
    first_chart,
    open_note_menu,
    participant_cookie,
    room,
    wait_connected,
)
from tests.browser.test_learning_pages import cohort  # noqa: F401  (a fixture)
from tests.browser.test_panel_pages import demo_panel_decided, demo_panel_waiting
from tests.browser.test_training_pages import COURSE, GLOSSARY, MODULE, QUIZ_MODULE
from tests.sessions_live.factories import participant_actor

# --- Who is at the screen, and what some pages show ------------------------------------------


@pytest.fixture(autouse=True)
def _committed_data(transactional_db):
    """Set up the test database before the test asks for its data fixture by name
    (``request.getfixturevalue``): the server process reads committed data."""


def login_cookie(username: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies["sessionid"].value


def past_session(data) -> int:
    return data["cohort"].sessions.order_by("date").first().pk


def invitation(data) -> str:
    group = data["cohort"]
    _, token = learning_services.cohort_invitation_create(
        cohort=group, email="newcomer@example.org", invited_by=group.created_by
    )
    return token


def demo_certificate(data) -> str:
    """The code of a certificate from the demo's cascade (Lena's champions course)."""
    return Certificate.objects.filter(enrolment__user__username="champion-lena").get().code


def demo_champion_page(data) -> str:
    return f"/training/champions/{get_user_model().objects.get(username='champion-lena').pk}/"


def template_set(data) -> int:
    return live_services.chart_template_set_save(
        owner=get_user_model().objects.get(username="facilitator"),
        name="Carers' group",
        headings=[("A good day", "What happens, who is there?")],
    ).pk


def board(data) -> str:
    return f"/live/s/{data['room']['session'].pk}/"


def sams_note(data) -> int:
    live = data["room"]
    return live_services.board_command_apply(
        session_id=live["session"].pk,
        actor=participant_actor(participant=live["sam"]),
        message={
            "type": "add_note",
            "op_id": "states",
            "chart_id": first_chart(live["people"]["Amira"]).pk,
            "text": "Mine",
        },
    ).ack["note_id"]


def amiras_version(data) -> int:
    """A saved version of Amira's plan, with Sam's note on it."""
    live = data["room"]
    sams_note(data)
    return live_services.board_plan_version_save(
        session_id=live["session"].pk,
        actor=facilitator_actor(user=get_user_model().objects.get(username="facilitator")),
        focus_person_id=live["people"]["Amira"].pk,
        label="after meeting 1",
        today=date.today(),
    ).pk


def amiras_changes(data) -> str:
    """What changed in Amira's plan since a saved version: one note added, one changed."""
    live = data["room"]
    version = amiras_version(data)
    live_services.board_command_apply(
        session_id=live["session"].pk,
        actor=participant_actor(participant=live["sam"]),
        message={
            "type": "add_note",
            "op_id": "states-later",
            "chart_id": first_chart(live["people"]["Amira"]).pk,
            "text": "Written after the version was saved",
        },
    )
    plan = f"{board(data)}people/{live['people']['Amira'].pk}/plan/"
    return f"{plan}compare/?older={version}&newer=now"


def card_made(page, data) -> None:
    page.get_by_role("button", name="Make a new plan card").click()
    expect(page.locator(".plan-card__words")).to_be_visible()


def amiras_card(data) -> str:
    """Where a plan card is typed, with Amira's card made to type there."""
    live = data["room"]
    data["card"] = live_services.board_plan_card_issue(
        session_id=live["session"].pk,
        actor=facilitator_actor(user=get_user_model().objects.get(username="facilitator")),
        focus_person_id=live["people"]["Amira"].pk,
    )
    return "/live/card/"


def card_typed(page, data) -> None:
    """Amira's card typed: Sam helps her, so the next page asks who holds it."""
    page.fill("#id_words", data["card"].replace("-", " "))
    page.get_by_role("button", name="Open my plan").click()
    page.wait_for_url("**/live/card/who/")


def typed_code(page, data) -> None:
    """The join flow's second page: a typed code accepted."""
    if "code" not in data:
        session = data["room"]["session"]
        person = live_services.focus_person_add(
            session=session, first_name="Dev", table=session.tables.first()
        )
        data["code"] = live_services.focus_person_code_create(focus_person=person)
    page.fill("#id_code", data["code"])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/live/join/details/")


def wrong_password(page, data) -> None:
    page.fill("#id_username", "champion")
    page.fill("#id_password", "not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.locator(".error-summary").wait_for()


def note_menu_open(page, data) -> None:
    wait_connected(page)
    open_note_menu(page, page.locator("li.note").first)


def connected(page, data) -> None:
    wait_connected(page)


def note_page(page, data) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Note actions")


# --- The registry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageType:
    """A kind of page: where it is, who looks, and what to do once it has loaded.

    ``uses`` is the fixture that arranges its data: demo_site (the demo content), cohort
    (and the demo learning records, test_learning_pages) or room (and the demo live
    session with Sam and Pat, test_board_live). ``path`` and ``ready`` are given
    ``data``: the base URL and that fixture's value under its name."""

    name: str
    path: str | Callable[[dict], str]
    who: str | None = None  # a username, or "sam" (Amira's friend at the live board)
    uses: str = "demo_site"
    ready: Callable | None = None
    status: int = 200  # what the server answers: a page that says "not found" is a 404

    def __str__(self) -> str:
        return self.name


LEARNING = {"uses": "cohort"}
LIVE = {"uses": "room"}
FACILITATOR = {"who": "facilitator", "uses": "room"}
CHAMPION = {"who": "champion", "uses": "cohort"}
LEARNER = {"who": "learner", "uses": "cohort"}

PAGE_TYPES = [
    # The site (test_site_pages.py)
    PageType("home", "/"),
    PageType("training index", "/training/"),
    PageType("live index", "/live/"),
    PageType("sign in", "/accounts/login/"),
    PageType("sign in with an error", "/accounts/login/", ready=wrong_password),
    PageType("display settings", "/display-settings/"),
    PageType("not found", "/no-such-page/", status=404),
    # Training (test_training_pages.py), signed in as a learner where that changes the page
    PageType("search results", "/search/?q=budget"),
    PageType("course", COURSE, **LEARNER),
    PageType("module", MODULE, **LEARNER),
    PageType("module, easy read", f"{MODULE}?version=easy-read"),
    PageType("module with a quiz", QUIZ_MODULE),
    PageType("module print", f"{MODULE}print/"),
    PageType("module print, large", f"{MODULE}print/?size=large"),
    PageType("jargon buster", GLOSSARY),
    # Learning records (test_learning_pages.py)
    PageType("my learning", "/training/my-learning/", **LEARNER),
    PageType(
        "feedback form",
        lambda d: f"/training/my-learning/sessions/{past_session(d)}/feedback/",
        **LEARNER,
    ),
    PageType("training index, champion", "/training/", **CHAMPION),
    PageType("groups you train", "/training/cohorts/", **CHAMPION),
    PageType("cohort dashboard", lambda d: f"/training/cohorts/{d['cohort'].pk}/", **CHAMPION),
    PageType(
        "register",
        lambda d: f"/training/cohorts/{d['cohort'].pk}/sessions/{past_session(d)}/register/",
        **CHAMPION,
    ),
    PageType(
        "feedback summary",
        lambda d: f"/training/cohorts/{d['cohort'].pk}/sessions/{past_session(d)}/feedback/",
        **CHAMPION,
    ),
    PageType("mentoring", lambda d: f"/training/cohorts/{d['cohort'].pk}/mentoring/", **CHAMPION),
    PageType(
        "new cohort session",
        lambda d: f"/training/cohorts/{d['cohort'].pk}/sessions/new/",
        **CHAMPION,
    ),
    PageType("join a cohort", lambda d: f"/training/join/{invitation(d)}/", **LEARNING),
    # Training a ULO can vouch for (issue 14)
    PageType("check a certificate", "/training/certificates/check/"),
    PageType(
        "a checked certificate",
        lambda d: f"/training/certificates/check/{demo_certificate(d)}/",
        **LEARNING,
    ),
    PageType("enablers register", "/training/enablers/", **CHAMPION),
    PageType("a champion's page", demo_champion_page, **CHAMPION),
    PageType("your entry as an enabler", "/training/my-learning/role/", who="enabler"),
    PageType("add a jargon buster term", "/glossary-terms/new/", **CHAMPION),
    PageType("make an account", "/training/account/sign-up/"),
    # Planning Live: set-up and joining (test_manage_pages.py)
    PageType("live sessions", "/live/sessions/", who="facilitator"),
    PageType("new live session", "/live/sessions/new/", who="facilitator"),
    PageType(
        "session set-up",
        lambda d: f"/live/sessions/{d['room']['session'].pk}/setup/",
        **FACILITATOR,
    ),
    PageType("chart templates", "/live/templates/", who="facilitator"),
    PageType("new chart template", "/live/templates/new/", who="facilitator"),
    PageType(
        "edit chart template",
        lambda d: f"/live/templates/{template_set(d)}/edit/",
        who="facilitator",
    ),
    PageType("join by code", "/live/join/"),
    PageType("join: your details", "/live/join/", ready=typed_code, **LIVE),
    PageType("join link not right", "/live/join/not-a-real-link/", status=404),
    # The live board (test_board_live.py)
    PageType("live index, on a device that joined", "/live/", who="sam", uses="room"),
    PageType("home page, on a device that joined", "/", who="sam", uses="room"),
    PageType("participant board", board, who="sam", uses="room", ready=connected),
    PageType(
        "a person's plan",
        lambda d: f"{board(d)}people/{d['room']['people']['Amira'].pk}/plan/",
        who="sam",
        uses="room",
    ),
    PageType(
        "a person's plan, with its versions and review date",
        lambda d: f"{board(d)}people/{d['room']['people']['Amira'].pk}/plan/?v={amiras_version(d)}",
        **FACILITATOR,
    ),
    PageType(
        "a saved version of a plan",
        lambda d: (
            f"{board(d)}people/{d['room']['people']['Amira'].pk}/plan/versions/{amiras_version(d)}/"
        ),
        who="sam",
        uses="room",
    ),
    PageType("what changed in a plan", amiras_changes, who="sam", uses="room"),
    PageType(
        "a plan card, just made",
        lambda d: f"{board(d)}people/{d['room']['people']['Amira'].pk}/plan/card/",
        ready=card_made,
        **FACILITATOR,
    ),
    PageType("use your plan card", "/live/card/"),
    PageType("who is using the card", amiras_card, ready=card_typed, **LIVE),
    PageType("start your own plan", "/live/plans/start/"),
    # What is held about people (test_privacy_pages.py)
    PageType("privacy notice", "/privacy/"),
    PageType("privacy notice, easy read", "/privacy/easy-read/"),
    PageType(
        "who has looked at or changed a plan",
        lambda d: f"{board(d)}people/{d['room']['people']['Amira'].pk}/plan/log/",
        **FACILITATOR,
    ),
    PageType(
        "plan not found",
        lambda d: f"{board(d)}people/999999/plan/",
        status=404,
        who="sam",
        uses="room",
    ),
    PageType("facilitator board", board, ready=connected, **FACILITATOR),
    PageType(
        "table view",
        lambda d: f"{board(d)}tables/{d['room']['people']['Amira'].table_id}/",
        ready=connected,
        **FACILITATOR,
    ),
    PageType("projector", lambda d: f"{board(d)}projector/", ready=connected, **FACILITATOR),
    PageType("note actions menu open", board, ready=note_menu_open, **FACILITATOR),
    PageType(
        "a note's own page",
        lambda d: f"{board(d)}notes/{sams_note(d)}/",
        ready=note_page,
        **FACILITATOR,
    ),
    PageType(
        "a note's own page, its writer",
        lambda d: f"{board(d)}notes/{sams_note(d)}/",
        who="sam",
        uses="room",
        ready=note_page,
    ),
    # The council's panel (test_panel_pages.py)
    PageType("the panel's list of plans", "/live/panels/", who="panel"),
    PageType("a plan sent to the panel, to decide", demo_panel_waiting, who="panel"),
    PageType("a plan sent to the panel, decided", demo_panel_decided, who="panel"),
]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=str)
def test_every_state_of_the_page_is_accessible_in_every_theme(browser, request, page_type):
    # The data is arranged once, for every theme; each theme has a context of its own.
    data = {"base": request.getfixturevalue("demo_site")}
    data[page_type.uses] = request.getfixturevalue(page_type.uses)
    path = page_type.path(data) if callable(page_type.path) else page_type.path
    if page_type.who == "sam":
        cookie = participant_cookie(data["room"]["sam"])
    else:
        cookie = login_cookie(page_type.who) if page_type.who else None
    failures = []
    for theme, display in THEMES:
        context = new_context(browser, data["base"], display=display, session_cookie=cookie)
        try:
            page = context.new_page()
            response = page.goto(data["base"] + path)
            assert response.status == page_type.status, path
            if page_type.ready:
                page_type.ready(page, data)
            failures += check_page(page, page_name=page_type.name, theme=theme)
        finally:
            context.close()
    if failures:
        pytest.fail(report(failures), pytrace=False)


# --- The checker itself ------------------------------------------------------------------------


def test_the_contrast_maths(page):
    install(page)
    grey_on_white = page.evaluate("__states.contrast('#767676', '#ffffff')")
    assert grey_on_white == pytest.approx(4.54, abs=0.005)
    assert page.evaluate("__states.contrast('#000000', '#ffffff')") == pytest.approx(21)
    assert page.evaluate("__states.contrast('rgb(255, 221, 0)', 'rgb(255, 255, 255)')") < 1.5
    assert page.evaluate("__states.hex(__states.parseColour('rgba(0, 0, 0, 0.5)'))") == "#000000"
    # What is painted: half-transparent black on the white canvas is mid grey; a navy
    # button under filter: brightness(1.15) (hovered) is lighter, and so is its text.
    paint = "([levels, tops]) => __states.hex(__states.render(levels, tops))"
    grey = [{"bg": [0, 0, 0, 0.5], "brightness": 1, "opacity": 1}]
    assert page.evaluate(paint, [grey, []]) == "#808080"
    hovered = [{"bg": [29, 79, 145, 1], "brightness": 1.15, "opacity": 1}]
    assert page.evaluate(paint, [hovered, []]) == "#215ba7"
    assert page.evaluate(paint, [hovered, [[200, 200, 200, 1]]]) == "#e6e6e6"
    faded = [{"bg": [0, 0, 0, 1], "brightness": 1, "opacity": 0.5}]
    assert page.evaluate(paint, [faded, []]) == "#808080"


def test_the_checker_fails_a_faint_focus_ring_a_faint_hover_and_a_covered_focus(browser, demo_site):
    """Guards against a checker that silently checks nothing."""
    context = new_context(browser, demo_site, display="standard.standard")
    page = context.new_page()
    page.goto(demo_site + "/")
    # A constructed stylesheet: the site's Content-Security-Policy refuses an inline <style>.
    page.evaluate(
        """css => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }""",
        "a:focus-visible { outline: 3px solid #222222 !important;"
        " outline-offset: 0 !important; box-shadow: none !important;"
        " background: transparent !important; }"
        " main a:hover { color: #cccccc !important; }",
    )
    # A strip fixed across the top of the window, over the header's links.
    page.evaluate(
        """() => {
          const cover = document.createElement('div');
          cover.id = 'cover';
          cover.style.cssText = 'position: fixed; top: 0; left: 0; right: 0; height: 30px;'
            + ' background: #fff; z-index: 99';
          document.body.append(cover);
        }"""
    )
    header = page.evaluate(
        "__states.hex(getComputedStyle(document.querySelector('.site-header')).backgroundColor)"
    )
    failures = check_page(page, page_name="home, broken on purpose", theme="standard")
    message = report(failures)

    ring = [f for f in failures if f.rule == "indicator" and "site-nav" in f.path]
    assert ring, message
    line = ring[0].line()
    assert line.startswith("home, broken on purpose | standard | focus | nav.site-nav"), line
    # Both colours: the ring's, and the header's it was (and is drawn on).
    assert f"3px #222222 (unfocused {header}: 1." in line, line

    hover = [f for f in failures if f.rule == "text" and f.state == "hover"]
    assert hover, message
    assert re.search(r"#cccccc on #[0-9a-f]{6} is 1\.\d\d:1, needs (4\.5|3):1", hover[0].detail)

    covered = [f for f in failures if f.rule == "obscured"]
    assert covered, message
    assert "by div#cover" in covered[0].detail, covered[0]
    context.close()
