"""Finishing a course in a real browser: the public check page is accessible whatever the
code says, a trainer signs a learner off by keyboard alone, and the certificate fits a
phone's width."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.images import get_image_model
from wagtail.models import Site

from courses.models import CoursePage, ModulePage, TrainingSettings
from learning import services
from learning.models import Certificate, Enrolment, SignOff
from learning.services_certificates import certificate_withdraw
from tests.browser import test_learning_pages as learning_pages
from tests.browser.test_learning_pages import CHAMPION, LEARNER, assert_no_violations, sign_in
from tests.learning.factories import course_with_modules

# The demo cohort and the root collection it needs, as the learning pages' tests have them.
cohort = learning_pages.cohort


def _modules_only_course() -> CoursePage:
    """A demo course that asks only for its modules (or one made here)."""
    course = (
        CoursePage.objects.live()
        .filter(attendance_needed=CoursePage.AttendanceNeeded.NONE, needs_sign_off=False)
        .order_by("path")
        .first()
    )
    return course or course_with_modules(required=3)


def _finished(username: str, course: CoursePage) -> Certificate:
    person = get_user_model().objects.get(username=username)
    for module in ModulePage.objects.child_of(course).live():
        services.module_progress_mark(user=person, module=module)
    return Certificate.objects.get(enrolment__user=person, enrolment__course=course)


def _issuer_set() -> None:
    """A ULO's name, address and logo, as an admin would set them."""
    settings = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.issuer_name = "Walsall Disability Forum and Peer Support Network"
    settings.issuer_address = "Unit 4, The Old Library\nLichfield Street\nWalsall WS1 1TR"
    settings.issuer_logo = get_image_model().objects.order_by("pk").first()
    settings.save()


def test_the_check_page_has_no_violations_for_valid_withdrawn_and_unknown_codes(
    page, demo_site, cohort
):
    course = _modules_only_course()
    valid = _finished("learner", course)
    withdrawn = _finished("learner-amira", course)
    admin = get_user_model().objects.get(username="admin")
    certificate_withdraw(certificate=withdrawn, by=admin, reason="Given by mistake")
    page.goto(demo_site + "/training/certificates/check/")
    assert_no_violations(page)
    page.get_by_role("button", name="Check the code").click()  # nothing typed: an error
    assert page.locator(".error-summary").is_visible()
    assert_no_violations(page)
    cases = [
        (valid.code.replace("-", "").lower(), "This certificate is valid"),
        (withdrawn.code, "This certificate was withdrawn on"),
        ("0000-0000-0000", "This certificate is not valid"),
    ]
    for code, heading in cases:
        page.goto(demo_site + "/training/certificates/check/")
        page.fill("#id_code", code)
        page.get_by_role("button", name="Check the code").click()
        page.wait_for_url("**/training/certificates/check/*/")
        assert heading in page.locator("h2").first.text_content()
        assert_no_violations(page)


def test_a_trainer_signs_a_learner_off_with_the_keyboard_only(page, demo_site, cohort):
    CoursePage.objects.filter(pk=cohort.course_id).update(needs_sign_off=True)
    person = get_user_model().objects.get(username="learner")
    textarea_id = f"sign-off-comment-{person.pk}"
    sign_in(page, demo_site, CHAMPION)
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/")
    assert page.locator("#finishing").is_visible()
    assert_no_violations(page)

    for _ in range(300):  # Tab through the page to the demo learner's comment box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == textarea_id:
            break
    assert page.evaluate("document.activeElement.id") == textarea_id
    page.keyboard.type("Led the Helen scenario with care.")
    page.keyboard.press("Tab")
    button = page.evaluate("document.activeElement.textContent.trim()")
    assert button.startswith("Sign off ")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + f"/training/cohorts/{cohort.pk}/#finishing")
    assert "You have signed off" in page.locator(".notices").text_content()
    sign_off = SignOff.objects.get(enrolment__user=person)
    assert sign_off.comment == "Led the Helen scenario with care."
    assert page.get_by_text("Led the Helen scenario with care.").is_visible()
    assert_no_violations(page)


@pytest.mark.parametrize("width", [360])
def test_the_certificate_fits_a_phone_without_sideways_scrolling(page, demo_site, cohort, width):
    _issuer_set()
    course = _modules_only_course()
    certificate = _finished("learner", course)
    enrolment = Enrolment.objects.get(pk=certificate.enrolment_id)
    sign_in(page, demo_site, LEARNER)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site + f"/training/my-learning/certificates/{enrolment.pk}/")
    assert page.get_by_text(certificate.code).is_visible()
    assert page.locator(".certificate__qr svg").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_violations(page)
