"""Adding learners without email, and the trainer pages on a 360 px phone, in a real browser."""

import re

import segno
from django.contrib.auth import get_user_model

from learning.models import CohortInvitation
from tests.browser import test_learning_pages as learning_pages
from tests.browser.conftest import wait_until
from tests.browser.test_learning_pages import CHAMPION, LEARNER, assert_no_violations, sign_in
from tests.learning.factories import session_for

PASSWORD = "plan-together-2026"
# The demo cohort and the root collection it needs, as the learning pages' tests have them.
cohort = learning_pages.cohort


def _qr_path(svg: str) -> str:
    """The drawing of the dark squares: what a phone reads."""
    return re.search(r'<path[^>]*class="qrline"[^>]* d="([^"]+)"', svg).group(1)


def test_a_learner_without_email_joins_from_a_qr_code(browser, context, page, demo_site, cohort):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_site)
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/")
    page.get_by_label("Their name").fill("Amira Khan")
    page.get_by_role("button", name="Make the link").click()
    invitation = CohortInvitation.objects.get(cohort=cohort, name="Amira Khan")
    page.wait_for_url(demo_site + f"/training/cohorts/{cohort.pk}/invitations/{invitation.pk}/")
    assert_no_violations(page)

    link = page.get_by_role("textbox", name="Amira Khan\u2019s link").input_value()
    assert link.startswith(demo_site + "/training/join/")
    qr = page.get_by_role("img", name=f"QR code for Amira Khan\u2019s link to join {cohort.name}")
    drawn = qr.locator("path.qrline").get_attribute("d")
    expected = segno.make(link, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    assert drawn == _qr_path(expected)
    # The Copy button puts the link on the clipboard and says so.
    page.get_by_role("button", name="Copy the link").click()
    wait_until(page, "document.querySelector('[data-copy-status]').textContent === 'Link copied'")
    assert page.evaluate("navigator.clipboard.readText()") == link

    # Amira, on her own phone, with no account and no email address.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    amira = phone.new_page()
    amira.goto(link)
    assert "This invitation is for Amira Khan" in amira.locator("main").text_content()
    amira.get_by_role("link", name="Make an account").click()
    assert amira.locator("#id_full_name").input_value() == "Amira Khan"
    amira.fill("#id_username", "amira-k")
    amira.fill("#id_password1", PASSWORD)
    amira.fill("#id_password2", PASSWORD)
    amira.get_by_role("button", name="Make my account").click()
    amira.wait_for_url(demo_site + "/training/my-learning/")
    user = get_user_model().objects.get(username="amira-k")
    assert user.email == ""
    assert user in cohort.learners.all()
    assert "Signed in as Amira Khan" in amira.locator(".signed-in-as").text_content()
    phone.close()

    # Someone else opening the same link is refused, and told what to do.
    other = browser.new_context(locale="en-GB")
    someone = other.new_page()
    sign_in(someone, demo_site, LEARNER)
    someone.goto(link)
    assert someone.get_by_role("heading", level=1).text_content() == (
        "This invitation has already been used"
    )
    assert (
        "This invitation was for Amira Khan and has already been used. "
        "Ask your trainer for your own link." in someone.locator("main").text_content()
    )
    assert_no_violations(someone)
    other.close()


def test_the_dashboard_and_register_fit_a_360px_phone_as_stacked_rows(browser, demo_site, cohort):
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = phone.new_page()
    sign_in(page, demo_site, CHAMPION)
    past = cohort.sessions.order_by("date").first()
    for path in (
        f"/training/cohorts/{cohort.pk}/",
        f"/training/cohorts/{cohort.pk}/sessions/{past.pk}/register/",
    ):
        page.goto(demo_site + path)
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, path
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/")
    # Each learner is a block, with the column header written before each value.
    cell = page.locator("#learners-caption ~ tbody td[data-label='Modules done']").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Modules done" in label
    assert page.get_by_role("table").count() == 2  # still tables to a screen reader
    assert page.get_by_role("rowheader", name="Amira Hussain").is_visible()
    no_scroll = (
        "[...document.querySelectorAll('.table-scroll')].every(b => b.scrollWidth <= b.clientWidth)"
    )
    assert page.evaluate(no_scroll)
    assert_no_violations(page)
    phone.close()


def test_the_register_for_a_session_still_to_come_has_no_form(page, demo_site, cohort):
    coming = session_for(cohort, days_from_today=3)
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/sessions/{coming.pk}/register/")
    text = page.locator("main").text_content()
    assert "This session has not started yet, so there is no register to take." in text
    assert "You can fill it in from 10:00 on" in text
    assert page.locator("main form").count() == 0
    assert page.locator("main input[type=radio]").count() == 0
    assert_no_violations(page)
