"""The privacy notice (both versions), a plan's log and the readable copy of everything held,
in a real browser: no WCAG 2.2 AA violations, usable by keyboard, and fitting 320 px."""

import re

import pytest

from tests.browser.conftest import axe_violations, describe

PRIVACY_PAGES = ["/privacy/", "/privacy/easy-read/"]


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def fits(page) -> bool:
    return (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )


def start_a_plan(page, base: str) -> str:
    """Start a plan alone in the browser, save a version and open the plan; return its address."""
    page.goto(base + "/live/plans/start/")
    page.fill("#id_first_name", "Rosa")
    page.get_by_role("button", name=re.compile("Start")).click()
    page.get_by_role("link", name="Back to the plan").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    page.fill("#id_label", "for the panel")
    page.get_by_role("button", name="Save this version").click()
    page.wait_for_url(re.compile(r"/plan/#versions$"))
    return page.url.split("#")[0]


@pytest.mark.parametrize("text_size", ["standard", "largest"])
@pytest.mark.parametrize("path", PRIVACY_PAGES)
def test_the_privacy_notice_has_no_violations_in_every_colour_scheme(
    browser, demo_site, path, text_size
):
    for colours in ("standard", "high", "dark"):
        context = browser.new_context(locale="en-GB")
        context.add_cookies(
            [{"name": "display", "value": f"{text_size}.{colours}", "url": demo_site}]
        )
        page = context.new_page()
        page.goto(demo_site + path)
        assert_no_violations(page)
        context.close()


@pytest.mark.parametrize("path", PRIVACY_PAGES)
def test_the_privacy_notice_fits_320_px(browser, demo_site, path):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(demo_site + path)
    assert fits(page)
    context.close()


def test_the_notice_is_reached_from_the_footer_by_keyboard(page, demo_site):
    page.goto(demo_site + "/live/join/")
    link = page.locator(".site-footer").get_by_role("link", name="How we use your information")
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the privacy link in the footer")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "How we use your information"
    page.get_by_role("link", name="Read this in easy read, with pictures").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/privacy/easy-read/")


def test_the_plans_log_and_the_copy_of_everything_are_accessible(browser, demo_site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    plan_url = start_a_plan(page, demo_site)
    assert_no_violations(page)  # the plan page, with its "What this website keeps" box
    # From the plan page, by keyboard, to the log.
    log_link = page.get_by_role("link", name="Who has looked at or changed this plan")
    log_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(plan_url + "log/")
    assert "Saved a version called “for the panel”" in page.content()
    assert_no_violations(page)
    # The readable copy: a download, opened as the browser would show it.
    response = page.request.get(plan_url + "everything/html/")
    assert response.status == 200
    assert "attachment" in response.headers["content-disposition"]
    html = response.text()
    assert "for the panel" in html
    page.set_content(html)
    assert page.get_by_role("heading", level=1).inner_text() == "Everything held about Rosa"
    assert_no_violations(page)
    context.close()


def test_the_log_and_the_copy_fit_320_px(browser, demo_site):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    plan_url = start_a_plan(page, demo_site)
    page.goto(plan_url + "log/")
    assert fits(page)
    page.set_content(page.request.get(plan_url + "everything/html/").text())
    assert fits(page)
    context.close()
