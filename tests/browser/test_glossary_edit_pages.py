"""Champions keep the jargon buster, in a real browser: accessible, by keyboard, on a phone."""

from wagtail.models import Site

from cms.roles import CHAMPIONS
from courses.models import GlossaryTerm, TrainingSettings
from courses.services import glossary_term_create
from tests.browser.conftest import axe_violations, describe
from tests.browser.test_learning_pages import sign_in
from tests.browser.test_training_pages import _tab_to
from tests.factories import UserFactory

CHAMPION = ("champion", "champion-demo")
GLOSSARY = "/training/jargon-buster/"
ADD = "/glossary-terms/new/"


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def _a_term_waits_for_approval() -> None:
    """Approval on, and a term from a champion who is not an editor, waiting."""
    site = Site.objects.get(is_default_site=True)
    settings = TrainingSettings.for_site(site)
    settings.glossary_needs_approval = True
    settings.save()
    glossary_term_create(
        user=UserFactory(username="sam-champion", roles=[CHAMPIONS]),
        term="peer support",
        plain_meaning="Help from people who have been through the same things.",
        easy_read_meaning="Help from people like you.",
        site=site,
    )


def test_add_page_and_glossary_editing_links_have_no_violations(page, demo_site):
    _a_term_waits_for_approval()
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + GLOSSARY)
    assert page.get_by_role("heading", name="Waiting for approval").is_visible()
    assert page.get_by_role("link", name="Edit \u201cdirect payment\u201d").is_visible()
    assert_no_violations(page)
    page.get_by_role("link", name="Add a term").click()
    page.wait_for_url(demo_site + ADD)
    assert_no_violations(page)
    # With the duplicate refused and its error showing too.
    page.fill("#id_term", "individual  service FUND")
    page.fill("#id_plain_meaning", "Money a provider holds for you.")
    page.fill("#id_easy_read_meaning", "Someone keeps your money for you.")
    page.get_by_role("button", name="Add the term").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "\u201cIndividual Service Fund\u201d is already in the jargon buster." in (
        summary.text_content()
    )
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator("#id_term").input_value() == "individual  service FUND"
    assert page.locator("#id_easy_read_meaning").input_value() == (
        "Someone keeps your money for you."
    )
    assert_no_violations(page)


def test_a_champion_adds_a_term_with_the_keyboard_only(page, demo_site):
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + GLOSSARY)
    _tab_to(page, "el.textContent.trim() === 'Add a term'")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + ADD)
    _tab_to(page, "el.id === 'id_term'")
    page.keyboard.type("peer support")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_plain_meaning"
    page.keyboard.type("Help from people who have been through the same things.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_easy_read_meaning"
    page.keyboard.type("Help from people like you.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Add the term"
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + GLOSSARY + "#term-peer-support")
    notice = page.locator(".notices")
    assert "Added \u201cpeer support\u201d to the jargon buster." in notice.text_content()
    entry = page.locator("#term-peer-support")
    assert entry.is_visible()
    assert "Help from people like you." in entry.text_content()
    assert GlossaryTerm.objects.published().filter(term="peer support").exists()


def test_editing_pages_fit_a_360px_screen_without_sideways_scrolling(browser, demo_site):
    _a_term_waits_for_approval()
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    sign_in(page, demo_site, CHAMPION)
    term = GlossaryTerm.objects.get(term="Individual Service Fund")
    for path, duplicate in (
        (GLOSSARY, False),
        (ADD, True),
        (f"/glossary-terms/{term.pk}/edit/", False),
    ):
        page.goto(demo_site + path)
        if duplicate:
            page.fill("#id_term", "DIRECT PAYMENT")
            page.fill("#id_plain_meaning", "x " * 200)
            page.fill("#id_easy_read_meaning", "Money for you.")
            page.get_by_role("button", name="Add the term").click()
            assert page.locator(".error-summary").is_visible()
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{path} scrolls sideways at 360px"
    context.close()
