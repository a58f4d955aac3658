"""Cascade pages in a real browser: the register of enablers and a champion's page are
accessible, a champion is made by keyboard alone, and the register fits a phone."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.roles import CHAMPIONS
from courses.models import CoursePage
from learning.demo import COHORT_NAME, demo_learning_ensure
from learning.models import Cohort, RoleAward
from learning.roles import role_awards_on_certificate
from tests.browser.conftest import axe_violations, describe
from tests.browser.test_learning_pages import CHAMPION, sign_in
from tests.learning.factories import (
    cohort_with_learners,
    course_with_modules,
    roles_certificate,
)

FACILITATOR = ("facilitator", "facilitator-demo")


@pytest.fixture
def cohort(demo_site):
    """The demo cohort, on a course that makes champions."""
    if not CoursePage.objects.live().exists():
        course_with_modules(required=4, optional=1)
    demo_learning_ensure()
    cohort = Cohort.objects.select_related("course").get(name=COHORT_NAME)
    if cohort.course.makes_role != CoursePage.Role.CHAMPION:
        cohort.course.makes_role = CoursePage.Role.CHAMPION
        cohort.course.save()
    return cohort


@pytest.fixture
def enabler(cohort):
    """The demo enabler (trained by Lena Okoro in the demo's cascade), with a long entry."""
    users = get_user_model().objects
    tom, priya = users.get(username="enabler"), users.get(username="champion")
    tom.email = tom.email or "enabler@example.org"  # an invitation is for one address
    tom.save(update_fields=["email"])
    group = cohort_with_learners(
        course=course_with_modules(required=1, makes_role=CoursePage.Role.ENABLER),
        trainer=priya,
        learners=[tom],
        name="Demo enablers group",
    )
    certificate = roles_certificate(user=tom, cohort=group, signed_by=priya)
    award = role_awards_on_certificate(certificate=certificate, cohort=group)
    award.area = "Walsall, Bloxwich and Darlaston (and online by video call)"
    award.availability = "Tuesday and Thursday mornings; some Saturday afternoons by arrangement"
    award.save()
    return tom


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_register_and_champion_pages_have_no_violations(page, demo_site, enabler):
    sign_in(page, demo_site, FACILITATOR)
    page.goto(demo_site + "/training/enablers/")
    assert page.get_by_role("heading", name="Tom Reid").is_visible()
    assert_no_violations(page)
    page.fill("#register-q", "Dudley")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/training/enablers/?q=Dudley*")
    assert "No enabler matches" in page.locator(".role-results-status").text_content()
    assert_no_violations(page)
    # The trainer's name links to their page as a champion.
    page.goto(demo_site + "/training/enablers/")
    page.get_by_role("link", name="Lena Okoro").first.click()
    assert page.get_by_role("heading", name="Tom Reid").is_visible()
    assert_no_violations(page)
    # A champion with no enablers yet, seen by themselves, with the link to their entry.
    amira = get_user_model().objects.get(username="learner-amira")
    amira.groups.add(Group.objects.get(name=CHAMPIONS))
    page.goto(demo_site + f"/training/champions/{amira.pk}/")
    assert "No enablers yet." in page.locator("main").text_content()
    assert_no_violations(page)


def test_make_a_champion_with_the_keyboard_only(page, demo_site, cohort):
    amira = get_user_model().objects.get(username="learner-amira")
    roles_certificate(user=amira, cohort=cohort, signed_by=cohort.created_by)
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/")
    assert_no_violations(page)
    button = "Make Amira Hussain a champion"
    for _ in range(300):  # Tab through the page to the button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == button:
            break
    assert page.evaluate("document.activeElement.textContent.trim()") == button
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + f"/training/cohorts/{cohort.pk}/#roles")
    assert "Amira Hussain is now a champion." in page.locator(".notices").text_content()
    assert RoleAward.objects.filter(user=amira, role=RoleAward.Role.CHAMPION).exists()
    assert page.get_by_role("link", name="Amira Hussain").first.is_visible()


def test_register_fits_a_360px_screen_without_sideways_scrolling(browser, demo_site, enabler):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    sign_in(page, demo_site, CHAMPION)
    for path in ("/training/enablers/", "/training/enablers/?q=Tuesday&all=1"):
        page.goto(demo_site + path)
        assert page.get_by_role("heading", name="Tom Reid").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    context.close()
