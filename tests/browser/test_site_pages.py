"""The site's pages in a real browser: accessible, keyboard-usable, responsive."""

import pytest
from django.test import Client

from tests.browser.conftest import axe_violations, describe

PAGES = ["/", "/training/", "/live/", "/accounts/login/", "/display-settings/", "/no-such-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_wcag_22_aa_violations(page, demo_site, path):
    page.goto(demo_site + path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("contrast", ["high", "dark"])
@pytest.mark.parametrize("text_size", ["large", "largest"])
def test_home_page_has_no_violations_in_every_display_setting(
    page, context, demo_site, contrast, text_size
):
    context.add_cookies([{"name": "display", "value": f"{text_size}.{contrast}", "url": demo_site}])
    page.goto(demo_site + "/")
    assert page.evaluate("document.documentElement.className") == (
        f"text-{text_size} contrast-{contrast}"
    )
    page.locator("#display-settings summary").click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_display_settings_work_by_keyboard_and_persist_after_reload(page, demo_site):
    page.goto(demo_site + "/")
    page.locator("#display-settings summary").focus()
    page.keyboard.press("Enter")
    page.locator("#text-size-standard").focus()
    page.keyboard.press("ArrowDown")  # radio groups move with arrow keys
    assert page.evaluate("document.documentElement.classList.contains('text-large')")
    status = page.locator("[data-display-settings-status]")
    assert "Text size: Large" in status.text_content()
    page.reload()
    assert page.evaluate("document.documentElement.className") == "text-large"


def test_display_settings_work_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/live/")
    page.locator("#display-settings summary").click()
    page.locator("label[for=contrast-dark]").click()
    page.get_by_role("button", name="Save display settings").click()
    page.wait_for_url(demo_site + "/live/")
    assert "contrast-dark" in (page.locator("html").get_attribute("class") or "")
    context.close()


@pytest.mark.parametrize("path", ["/", "/live/", "/accounts/login/"])
@pytest.mark.parametrize("width", [320, 360, 768, 1280])
def test_pages_fit_the_screen_without_sideways_scrolling(browser, demo_site, width, path):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(demo_site + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    context.close()


@pytest.mark.parametrize("text_size", ["standard", "largest"])
def test_home_page_reflows_at_200_percent_zoom(browser, demo_site, text_size):
    # Browser zoom at 200% on a 1280px window gives a 640 CSS-pixel layout at 2x density.
    context = browser.new_context(viewport={"width": 640, "height": 800}, device_scale_factor=2)
    context.add_cookies([{"name": "display", "value": f"{text_size}.standard", "url": demo_site}])
    page = context.new_page()
    page.goto(demo_site + "/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert page.get_by_role("link", name="Planning Live").first.is_visible()
    context.close()


def test_connection_check_reports_a_working_live_connection(page, demo_site):
    page.goto(demo_site + "/live/")
    status = page.locator("[data-check-status]")
    status.filter(has_text="Connected. Live updates work on this device.").wait_for(timeout=5000)


def test_test_message_from_one_device_appears_on_another(browser, demo_site):
    first = browser.new_context().new_page()
    second = browser.new_context().new_page()
    for device in (first, second):
        device.goto(demo_site + "/live/")
        device.locator("[data-check-status]").filter(has_text="Connected.").wait_for(timeout=5000)
    first.get_by_role("button", name="Send a test message to other devices").click()
    second.locator("[data-check-log]").filter(
        has_text="A test message arrived from another device"
    ).wait_for(timeout=5000)
    first.context.close()
    second.context.close()


def test_the_accessibility_check_itself_catches_a_real_violation(page, demo_site):
    # Guards against a checker that silently checks nothing.
    page.goto(demo_site + "/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')"
    )
    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}


def test_a_wrong_password_is_explained_accessibly_and_focus_goes_to_the_summary(page, demo_site):
    page.goto(demo_site + "/accounts/login/")
    page.fill("#id_username", "champion")
    page.fill("#id_password", "not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "The username or password is not right." in summary.text_content()
    # The summary's link takes you to the password box, to type it again.
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_password"
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_sign_in_paused_page_has_no_violations(page, demo_site, settings):
    """The page django-axes shows (made here, where the limit can be turned on, and
    shown in the browser on the site's own address, with its styles)."""
    settings.AXES_ENABLED = True
    client = Client()
    for n in range(6):
        response = client.post("/accounts/login/", {"username": "facilitator", "password": n})
    assert response.status_code == 429
    page.goto(demo_site + "/accounts/login/")
    page.set_content(response.content.decode())
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign-in paused for this account"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
