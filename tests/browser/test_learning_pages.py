"""Learning pages in a real browser: accessible, and the register works by keyboard alone."""

from datetime import time

import pytest
from django.contrib.auth import get_user_model

from courses.models import CoursePage
from learning import services
from learning.demo import COHORT_NAME, demo_learning_ensure
from learning.models import Attendance, Cohort
from tests.browser.conftest import axe_violations, describe
from tests.learning.factories import course_with_modules, session_for

CHAMPION = ("champion", "champion-demo")
LEARNER = ("learner", "learner-demo")


def sign_in(page, base_url: str, who: tuple[str, str]) -> None:
    """Sign in by filling the real form."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", who[0])
    page.fill("#id_password", who[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/")


@pytest.fixture
def cohort(demo_site):
    """The demo cohort (on the demo course, or on a course made here if there is none)."""
    if not CoursePage.objects.live().exists():
        course_with_modules(required=4, optional=1)
    demo_learning_ensure()
    return Cohort.objects.get(name=COHORT_NAME)


def assert_no_violations(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_my_learning_and_feedback_pages_have_no_violations(page, demo_site, cohort):
    sign_in(page, demo_site, LEARNER)
    page.goto(demo_site + "/training/my-learning/")
    assert page.locator("progress").first.is_visible()
    assert_no_violations(page)
    past = cohort.sessions.order_by("date").first()
    page.goto(demo_site + f"/training/my-learning/sessions/{past.pk}/feedback/")
    assert_no_violations(page)
    # With an error showing too.
    page.locator("#id_rating_0").evaluate("el => { el.checked = false; }")
    page.evaluate("document.querySelectorAll('input[name=rating]').forEach(r => r.checked = false)")
    page.get_by_role("button", name="Send feedback").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)


@pytest.mark.parametrize("contrast", ["standard", "dark"])
def test_dashboard_and_register_have_no_violations(page, context, demo_site, cohort, contrast):
    context.add_cookies([{"name": "display", "value": f"large.{contrast}", "url": demo_site}])
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/")
    assert page.get_by_role("table").first.is_visible()
    assert_no_violations(page)
    session = cohort.sessions.order_by("date").first()
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/sessions/{session.pk}/register/")
    assert_no_violations(page)


def test_record_attendance_with_the_keyboard_only(page, demo_site, cohort):
    # Today's, already started: a register opens when its session starts.
    session = session_for(cohort, days_from_today=0, start_time=time(0, 0), end_time=time(23, 59))
    people = list(cohort.learners.order_by("first_name", "last_name", "username"))
    assert len(people) == 3
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/sessions/{session.pk}/register/")

    def focused_name() -> str:
        return page.evaluate("document.activeElement.name || ''")

    for _ in range(60):  # Tab through the page to the first radio group
        page.keyboard.press("Tab")
        if focused_name().startswith("learner_"):
            break
    assert focused_name() == f"learner_{people[0].pk}"
    page.keyboard.press("ArrowRight")  # Present -> Absent (arrow keys choose, too)
    page.keyboard.press("ArrowLeft")  # back to Present
    page.keyboard.press("Tab")  # the second person's group
    assert focused_name() == f"learner_{people[1].pk}"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # Apologies
    page.keyboard.press("Tab")
    assert focused_name() == f"learner_{people[2].pk}"
    page.keyboard.press("Space")  # the first choice: Present
    page.keyboard.press("ArrowDown")  # Absent
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save the register"
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + f"/training/cohorts/{cohort.pk}/")
    assert "Register saved for 3 people." in page.locator(".notices").text_content()
    recorded = dict(Attendance.objects.filter(session=session).values_list("learner_id", "status"))
    assert recorded == {
        people[0].pk: "present",
        people[1].pk: "apologies",
        people[2].pk: "absent",
    }


def test_invitation_sign_up_works_end_to_end(page, demo_site, cohort):
    _, token = services.cohort_invitation_create(
        cohort=cohort, email="newcomer@example.org", invited_by=cohort.created_by
    )
    page.goto(demo_site + f"/training/join/{token}/")
    assert_no_violations(page)
    page.get_by_role("link", name="Make an account").click()
    assert page.locator("#id_email").input_value() == "newcomer@example.org"
    assert_no_violations(page)
    page.fill("#id_full_name", "New Comer")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password1", "plan-together-2026")
    page.fill("#id_password2", "plan-together-2026")
    page.get_by_role("button", name="Make my account").click()
    page.wait_for_url(demo_site + "/training/my-learning/")
    assert get_user_model().objects.get(username="newcomer") in cohort.learners.all()


def test_trainer_pages_fit_a_320px_screen_without_sideways_scrolling(browser, demo_site, cohort):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    sign_in(page, demo_site, CHAMPION)
    session = cohort.sessions.order_by("date").first()
    for path in (
        f"/training/cohorts/{cohort.pk}/",
        f"/training/cohorts/{cohort.pk}/sessions/{session.pk}/register/",
        f"/training/cohorts/{cohort.pk}/mentoring/",
    ):
        page.goto(demo_site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    context.close()


def test_table_captions_wrap_and_stay_in_view_when_a_wide_table_scrolls_at_320px(
    browser, demo_site, cohort
):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    sign_in(page, demo_site, CHAMPION)
    # Where each caption's words are, against the box the table scrolls in.
    where = """() => [...document.querySelectorAll('.table-scroll')].map(box => {
        const words = document.createRange();
        words.selectNodeContents(box.querySelector('caption'));
        const text = words.getBoundingClientRect(), view = box.getBoundingClientRect();
        return {caption: box.querySelector('caption').textContent.trim(),
                left: text.left - view.left, right: view.right - text.right,
                scrolls: box.scrollWidth > box.clientWidth};
    })"""
    for path in (f"/training/cohorts/{cohort.pk}/", f"/training/cohorts/{cohort.pk}/mentoring/"):
        page.goto(demo_site + path)
        for scrolled in (0, 10_000):
            page.evaluate(
                "x => document.querySelectorAll('.table-scroll').forEach(b => b.scrollLeft = x)",
                scrolled,
            )
            for box in page.evaluate(where):
                assert box["left"] >= -1, (path, scrolled, box)
                assert box["right"] >= -1, (path, scrolled, box)
        if "mentoring" in path:  # the dashboard's tables stack into rows instead (issue 14)
            assert any(box["scrolls"] for box in page.evaluate(where)), path
    context.close()


def test_a_learner_continues_marks_done_on_easy_read_and_the_course_shows_progress(
    page, demo_site, cohort
):
    course_url = demo_site + cohort.course.url
    sign_in(page, demo_site, LEARNER)
    page.goto(course_url)
    # The demo learner has done the first two required modules.
    assert page.locator(".course-progress__text").text_content() == "2 of 9 required modules done"
    assert page.locator(".module-list__item .tag--done").count() == 2
    page.get_by_role("link", name="Continue where you left off").click()
    module_url = page.url
    page.get_by_role("link", name="Easy read", exact=True).click()
    page.wait_for_url(module_url + "?version=easy-read")
    page.get_by_role("button", name="Mark this module as done").click()
    # Back on the easy read version, not the standard one.
    page.wait_for_url(module_url + "?version=easy-read")
    assert page.locator(".easy-read-pair").count() >= 4
    assert "You marked this module as done." in page.locator(".status-done").text_content()
    assert_no_violations(page)
    page.goto(course_url)
    assert page.locator(".course-progress__text").text_content() == "3 of 9 required modules done"
    ticked = page.locator(".module-list__item").filter(has=page.locator(".tag--done"))
    assert ticked.count() == 3
    assert_no_violations(page)
    page.goto(module_url + "?version=easy-read")
    page.get_by_role("button", name="Undo: I have not finished it").click()
    page.wait_for_url(module_url + "?version=easy-read")
    assert page.get_by_role("button", name="Mark this module as done").is_visible()


def test_the_training_page_shows_a_champion_the_way_to_the_groups_they_train(
    page, demo_site, cohort
):
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + "/training/")
    page.get_by_role("link", name="Groups you train").click()
    page.get_by_role("link", name=cohort.name).click()
    page.wait_for_url(demo_site + f"/training/cohorts/{cohort.pk}/")
    assert_no_violations(page)


def test_mentoring_feedback_summary_and_session_form_have_no_violations(page, demo_site, cohort):
    sign_in(page, demo_site, CHAMPION)
    session = cohort.sessions.order_by("date").first()
    for path in (
        "/training/",
        "/training/cohorts/",
        f"/training/cohorts/{cohort.pk}/mentoring/",
        f"/training/cohorts/{cohort.pk}/sessions/{session.pk}/feedback/",
    ):
        page.goto(demo_site + path)
        assert_no_violations(page)
    # Forms with their errors showing.
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/mentoring/")
    page.get_by_role("button", name="Log the meeting").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/sessions/new/")
    page.get_by_role("button", name="Save the session").click()
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)
