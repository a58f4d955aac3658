"""Account pages in a real browser: the second factor and password reset by email.

A server of their own, with the second factor on (as in production) and email
written to files, so the test follows the real link from the real email.
"""

import base64
import email
import re
import time
from pathlib import Path

import pytest
from django.db import connection
from django_otp.oath import TOTP

from cms.roles import FACILITATORS
from tests.browser.conftest import axe_violations, describe
from tests.factories import TEST_PASSWORD, UserFactory
from tests.servers import database_url_for, running_server

NEW_PASSWORD = "a-new-and-longer-password"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    """(base URL, folder the server writes its emails to)."""
    mail_dir = tmp_path_factory.mktemp("mail")
    with django_db_blocker.unblock():
        url = database_url_for(connection.settings_dict)
    env = {
        "DATABASE_URL": url,
        "EMAIL_URL": f"file://{mail_dir}",
        "DJANGO_SECOND_FACTOR_REQUIRED": "true",
    }
    with running_server(env_overrides=env) as base_url:
        yield base_url, mail_dir


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def assert_fits(page, width: int = 320) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, base: str, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/?next=/live/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()


def emails_sent(mail_dir: Path) -> list[tuple[str, str]]:
    """(to, body) of each email Django's file backend wrote (one file per connection)."""
    sent = []
    for path in Path(mail_dir).iterdir():
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                message = email.message_from_string(raw.strip())
                sent.append((message["To"], message.get_payload(decode=True).decode()))
    return sent


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab, as someone using a keyboard alone, until ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def code_from_key(key_text: str) -> str:
    """What an authenticator app shows for the key the page wrote out."""
    key = key_text.replace(" ", "")
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    totp = TOTP(key_bytes, step=30, t0=0, digits=6)
    totp.time = time.time()
    return f"{totp.token():06d}"


def test_a_facilitator_sets_up_the_app_keeps_codes_and_signs_in_with_one(
    page, server, transactional_db
):
    base, mail_dir = server
    UserFactory(username="fran", roles=[FACILITATORS])
    sign_in(page, base, "fran")
    page.wait_for_url(f"{base}/accounts/code/set-up/")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up a sign-in code"
    assert page.get_by_role("img", name="A square code for your authenticator app to scan")
    assert_accessible(page)
    assert_fits(page)

    # By keyboard alone. A wrong code: the summary takes focus and says what to do.
    tab_to(page, "#id_code")
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    page.locator(".error-summary").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "Codes change every 30 seconds" in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    time.sleep(1.1)  # one wrong code: the next try waits a second
    key = page.locator("#setup-key").inner_text()
    tab_to(page, "#id_code")
    page.keyboard.type(code_from_key(key))
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/accounts/code/recovery-codes/")
    codes = page.locator(".recovery-codes__list code").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_role("button", name="Print the codes").is_visible()
    assert_accessible(page)
    assert_fits(page)
    tab_to(page, ".recovery-codes__actions a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/live/")
    # The owner is told by email, in case it was not them who set it up.
    notices = [body for to, body in emails_sent(mail_dir) if to == "fran@example.org"]
    assert len(notices) == 1
    assert "An authenticator app was set up for signing in to your account." in notices[0]

    # Next time: the password, then a code (here a recovery code, as if the phone is lost).
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "fran")
    page.wait_for_url(f"{base}/accounts/code/")
    assert page.get_by_role("heading", level=1).inner_text() == "Type your sign-in code"
    assert_accessible(page)
    assert_fits(page)
    page.fill("#id_code", codes[0])
    page.get_by_role("button", name="Carry on").click()
    page.wait_for_url(f"{base}/live/")
    assert "You have 9 recovery codes left." in page.locator(".notices").inner_text()

    page.goto(f"{base}/accounts/sign-in-settings/")
    assert "9 recovery codes" in page.locator("main").inner_text()
    assert_accessible(page)


def test_password_reset_by_email_from_the_request_to_the_new_password(
    page, server, transactional_db
):
    base, mail_dir = server
    UserFactory(username="lee", email="lee@example.org")
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.wait_for_url(f"{base}/accounts/password_reset/")
    assert_accessible(page)

    page.get_by_role("button", name="Email me a link").click()  # nothing typed
    page.locator(".error-summary").wait_for()
    assert "Enter the email address on your account" in page.locator(".error-summary").inner_text()
    assert_accessible(page)

    page.fill("#id_email", "lee@example.org")
    page.get_by_role("button", name="Email me a link").click()
    page.wait_for_url(f"{base}/accounts/password_reset/done/")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    assert_accessible(page)

    link = next(
        re.search(r"(http://127\.0\.0\.1:\d+/accounts/reset/\S+/)", body).group(1)
        for to, body in emails_sent(mail_dir)
        if to == "lee@example.org"
    )
    page.goto(link)
    assert page.url.endswith("/set-password/")
    assert page.get_by_role("heading", level=1).inner_text() == "Choose a new password"
    assert_accessible(page)
    assert_fits(page)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    page.wait_for_url(f"{base}/accounts/reset/done/")
    assert_accessible(page)

    page.get_by_role("link", name="Sign in").last.click()
    page.fill("#id_username", "lee")
    page.fill("#id_password", NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    # The link worked once.
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "This link does not work"
    assert_accessible(page)
