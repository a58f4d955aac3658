"""Training pages in a real browser: accessible, keyboard-usable, and working without JavaScript."""

import pytest

from courses.demo import CHAMPIONS_COURSE
from tests.browser.conftest import axe_violations, describe

COURSE = f"/training/{CHAMPIONS_COURSE.slug}/"
MODULE = f"{COURSE}what-is-self-directed-support/"
QUIZ_MODULE = f"{COURSE}money-and-the-indicative-budget/"
HELEN_MODULE = f"{COURSE}helens-story/"
GLOSSARY = "/training/jargon-buster/"

PAGES = [
    "/training/",
    COURSE,
    MODULE,
    f"{MODULE}?version=easy-read",
    f"{MODULE}print/",
    f"{MODULE}print/?size=large",
    f"{MODULE}print/?version=easy-read&size=large",
    # A relationship map (image block) and two handouts.
    HELEN_MODULE,
    f"{HELEN_MODULE}print/?size=large",
    "/training/jargon-buster/",
    "/search/",
    "/search/?q=budget",
]


@pytest.mark.parametrize("path", PAGES)
def test_training_page_has_no_wcag_22_aa_violations(page, demo_site, path):
    response = page.goto(demo_site + path)
    assert response.status == 200
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", [MODULE, QUIZ_MODULE])
def test_module_with_definitions_and_quiz_open_has_no_violations(page, demo_site, path):
    page.goto(demo_site + path)
    page.locator(".glossary-term__trigger").first.click()
    for radio in page.locator(".quiz input[type=radio]").all()[:1]:
        radio.check()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize(
    "path", [MODULE, f"{MODULE}?version=easy-read", "/training/jargon-buster/"]
)
@pytest.mark.parametrize("display", ["largest.dark", "large.high"])
def test_training_pages_have_no_violations_in_other_display_settings(
    page, context, demo_site, path, display
):
    context.add_cookies([{"name": "display", "value": display, "url": demo_site}])
    page.goto(demo_site + path)
    if path == MODULE:
        page.locator(".glossary-term__trigger").first.click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def _tab_to(page, predicate: str, limit: int = 120) -> None:
    """Press Tab until ``predicate`` (JavaScript, given ``el``) is true for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_an_inline_definition_opens_and_closes_by_keyboard(page, demo_site):
    page.goto(demo_site + MODULE)
    _tab_to(page, "el.classList.contains('glossary-term__trigger')")
    focused = page.evaluate(
        "({tag: document.activeElement.tagName,"
        " expanded: document.activeElement.getAttribute('aria-expanded'),"
        " controls: document.activeElement.getAttribute('aria-controls')})"
    )
    assert focused["tag"] == "BUTTON"
    assert focused["expanded"] == "false"
    definition = page.locator(f"#{focused['controls']}")
    assert not definition.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    assert definition.is_visible()
    assert "self-directed support:" in definition.text_content().lower()
    page.keyboard.press("Enter")
    assert not definition.is_visible()


def test_the_easy_read_switch_works_with_tab_and_enter_only(page, demo_site):
    page.goto(demo_site + MODULE)
    _tab_to(page, "el.closest('.version-switch') && el.textContent.trim() === 'Easy read'")
    page.keyboard.press("Enter")
    page.wait_for_url("**?version=easy-read")
    current = page.locator(".version-switch a[aria-current=page]")
    assert current.text_content().strip() == "Easy read"
    assert page.locator(".easy-read-pair").count() >= 4
    _tab_to(page, "el.closest('.version-switch') && el.textContent.trim() === 'Standard'")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + MODULE)
    assert page.locator(".version-switch a[aria-current=page]").text_content().strip() == (
        "Standard"
    )
    assert page.locator(".easy-read-pair").count() == 0


def test_quiz_says_the_chosen_answers_feedback_in_a_polite_live_region(page, demo_site):
    page.goto(demo_site + QUIZ_MODULE)
    quiz = page.locator("[data-quiz]").first
    live = quiz.locator("[aria-live=polite]")
    assert live.text_content().strip() == ""
    assert not quiz.locator("details").first.is_visible()  # replaced by the live region
    quiz.get_by_label("£112").check()
    assert live.text_content().strip() == "Right. 8 times £14 = £112."
    quiz.get_by_label("£22").check()
    assert live.text_content().strip().startswith("Not quite. That adds the numbers.")


def test_training_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + QUIZ_MODULE)
    # Jargon is a link to the word on the A to Z page.
    term = page.locator("a[data-glossary-term]").first
    href = term.get_attribute("href")
    assert href.startswith("/training/jargon-buster/#term-")
    # Quiz feedback for each answer is in its own <details>.
    quiz = page.locator("[data-quiz]").first
    quiz.get_by_label("£112").check()
    quiz.locator("summary", has_text="£112").click()
    assert quiz.locator("details[open]").filter(has_text="Right.").is_visible()
    # The version switch is plain links.
    page.get_by_role("link", name="Easy read", exact=True).click()
    page.wait_for_url("**?version=easy-read")
    term.page.goto(demo_site + href)
    assert page.locator(href[href.index("#") :]).is_visible()
    context.close()


def test_print_view_prints_clear_and_large_print(page, demo_site):
    page.goto(demo_site + f"{MODULE}print/")
    page.emulate_media(media="print")
    clear = page.evaluate("getComputedStyle(document.querySelector('.print-document p')).fontSize")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".print-controls").is_visible()
    page.goto(demo_site + f"{MODULE}print/?size=large")
    large = page.evaluate("getComputedStyle(document.querySelector('.print-document p')).fontSize")
    # CSS pixels: 14pt is 18.67px and 18pt is 24px.
    assert float(clear.removesuffix("px")) >= 16
    assert 21.3 <= float(large.removesuffix("px")) <= 24.1
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.print-document li'));"
        " return [s.fontStyle, s.textTransform, s.textAlign, s.fontFamily]; })()"
    )
    assert style[:3] == ["normal", "none", "left"]
    assert "Arial" in style[3] or "sans-serif" in style[3]


@pytest.mark.parametrize(
    "path", [MODULE, f"{MODULE}?version=easy-read", "/training/jargon-buster/"]
)
def test_training_pages_fit_a_320px_screen(browser, demo_site, path):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(demo_site + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


# Every element with text of its own in the printed module, with its font size in CSS pixels.
PRINTED_TEXT_SIZES = """() => [...document.querySelectorAll('.print-document *')]
  .filter(el => el.getClientRects().length
    && [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
  .map(el => [el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
    + ': ' + el.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(el).fontSize)])"""


def test_no_text_in_clear_or_large_print_is_smaller_than_its_point_size(page, demo_site):
    # A quote and an activity; a quiz and a reflection question; a scenario.
    slugs = ["welcome-and-induction", "what-is-self-directed-support", "helens-story"]
    # CSS pixels: 1pt is 4/3px, so 14pt is 18.67px and 18pt is 24px.
    checks = [("print", "", 18.6), ("print", "?size=large", 23.9), ("screen", "?size=large", 23.9)]
    too_small = []
    for slug in slugs:
        for media, query, smallest in checks:
            page.emulate_media(media=media)
            page.goto(f"{demo_site}{COURSE}{slug}/print/{query}")
            sizes = page.evaluate(PRINTED_TEXT_SIZES)
            assert len(sizes) > 10
            too_small += [(slug, media, query, what, px) for what, px in sizes if px < smallest]
    assert too_small == []


def test_a_to_z_jump_links_leave_room_above_what_they_jump_to(page, demo_site):
    page.goto(demo_site + GLOSSARY)
    page.get_by_role("link", name="Words starting with M").click()
    page.wait_for_url("**#letter-m")
    # scroll-margin-top is 1.5rem (24px): the letter is not flush against the top.
    assert 20 <= page.locator("#letter-m").bounding_box()["y"] <= 40
    # A word linked from a module or from search: its outline (drawn 4px outside it) shows.
    page.goto(demo_site + GLOSSARY + "#term-personal-budget")
    assert 20 <= page.locator("#term-personal-budget").bounding_box()["y"] <= 40
