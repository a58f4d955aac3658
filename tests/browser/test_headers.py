"""The Content-Security-Policy in a real browser: the site's main pages load with no
violation and their JavaScript still works (the board connects); Wagtail's admin
works under its own, looser policy: sign-in, dashboard, page editor, image chooser."""

import re

from playwright.sync_api import expect
from wagtail.models import Page

from courses.models.pages import CoursePage, ModulePage
from sessions_live.palette import COLOUR_BY_KEY
from tests.browser.test_board_live import (  # noqa: F401  (fixtures)
    facilitator_cookie,
    new_context,
    open_board,
    participant_cookie,
    rgb,
    room,
    wait_connected,
)

WAIT_MS = 15_000

# Every violation the page reports, from its first script on (Playwright adds this
# script through the browser's own tools, so the policy does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watch(page) -> list[str]:
    """Record CSP and Permissions-Policy complaints in ``page``'s console; return the list."""
    messages: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            messages.append(message.text)
            if re.search(r"Content.Security.Policy|Permissions.Policy", message.text, re.I)
            else None
        ),
    )
    return messages


def violations(page, console: list[str]) -> list[str]:
    return [*console, *page.evaluate("window.__cspViolations || []")]


def test_the_sites_main_pages_load_with_no_policy_violation(page, demo_site):
    console = watch(page)
    course = CoursePage.objects.live().first()
    for path in ("/", course.url, "/live/join/", "/training/", "/accounts/login/"):
        response = page.goto(demo_site + path)
        assert response.ok, path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert violations(page, console) == [], path


def test_the_board_connects_for_a_participant_and_the_facilitator_with_no_violation(
    browser,
    room,  # noqa: F811
):
    for who in ("sam", "facilitator"):
        cookie = facilitator_cookie() if who == "facilitator" else participant_cookie(room[who])
        context = new_context(browser, room["url"], cookie)
        page = context.new_page()
        console = watch(page)
        page.goto(room["board"])
        wait_connected(page)  # board.js ran and its WebSocket is open
        amira = room["people"]["Amira"]
        page.goto(f"{room['board']}people/{amira.pk}/plan/")
        expect(page.locator("h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert violations(page, console) == [], who
        context.close()


def test_the_set_up_page_shows_each_persons_colour_without_an_inline_style(
    browser,
    room,  # noqa: F811
):
    context = new_context(browser, room["url"], facilitator_cookie())
    page = context.new_page()
    console = watch(page)
    page.goto(f"{room['url']}/live/sessions/{room['session'].pk}/setup/")
    amira = room["people"]["Amira"]
    article = page.locator(f"#person-{amira.pk}")
    expect(article).to_have_attribute("data-colour", amira.colour)
    colour = article.evaluate("element => getComputedStyle(element).borderLeftColor")
    assert colour == rgb(COLOUR_BY_KEY[amira.colour].strong)
    assert violations(page, console) == []
    context.close()


def test_wagtails_admin_signs_in_and_edits_pages_and_chooses_images_with_no_violation(
    page, demo_site
):
    console = watch(page)
    response = page.goto(demo_site + "/admin/login/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    page.fill("#id_username", "admin")
    page.fill("#id_password", "admin-demo")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(demo_site + "/admin/")
    expect(page.locator("main")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations(page, console) == [], "dashboard"

    home = Page.objects.get(depth=2)
    page.goto(f"{demo_site}/admin/pages/{home.pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations(page, console) == [], "home page editor"

    module = ModulePage.objects.live().first()
    page.goto(f"{demo_site}/admin/pages/{module.pk}/edit/")
    page.wait_for_load_state("networkidle")
    choose = page.locator("[data-chooser-action-choose]").first
    choose.evaluate("button => button.click()")
    modal = page.locator(".modal-dialog, [role=dialog]").filter(has_text=re.compile("image", re.I))
    expect(modal.first).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(".modal-dialog img").first).to_be_visible(timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")
    assert violations(page, console) == [], "image chooser"


def test_a_page_that_tries_an_inline_script_is_refused_and_the_test_sees_it(page, demo_site):
    # The check above can fail: an inline script injected into a site page is blocked
    # and reported.
    console = watch(page)
    page.goto(demo_site + "/live/join/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran") is None
    assert violations(page, console) != []


def test_wagtails_userbar_on_a_site_page_works_for_an_editor_with_no_violation(browser, demo_site):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    context = new_context(browser, demo_site, client.cookies["sessionid"].value)
    page = context.new_page()
    console = watch(page)
    page.goto(demo_site + "/")
    userbar = page.locator("wagtail-userbar")
    expect(userbar).to_have_count(1)
    userbar.locator("button").first.click()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert violations(page, console) == []
    context.close()
