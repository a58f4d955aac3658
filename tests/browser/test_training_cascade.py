"""Issue 14's whole story in a real browser: training a ULO can vouch for.

A champion runs a group, marks attendance, signs off two learners and not a
third; the two get certificates whose QR code opens the public check page; one
is made a champion, runs an enablers group that a learner without email joins
from a QR code, and that learner, once trained, is in the enablers register.
The new champion adds a jargon buster term, and a duplicate is refused.
"""

import re
from datetime import time, timedelta

import segno
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.roles import LEARNERS
from courses.models import CoursePage
from learning import services
from learning.models import Certificate, Cohort, CohortInvitation, RoleAward
from learning.selectors import course_modules
from tests.browser.test_learning_pages import CHAMPION, assert_no_violations, sign_in
from tests.factories import UserFactory

PASSWORD = "plan-together-2026"


def _qr_path(svg: str) -> str:
    """The drawing of the dark squares: what a phone's camera reads."""
    return re.search(r'<path[^>]*class="qrline"[^>]* d="([^"]+)"', svg).group(1)


def _person(username: str, name: str):
    return UserFactory(
        username=username, first_name=name, password=PASSWORD, email="", roles=[LEARNERS]
    )


def _champions_group(champion, learners) -> Cohort:
    """The demo champions course, with its induction and three days already held."""
    course = CoursePage.objects.get(makes_role=CoursePage.Role.CHAMPION)
    cohort = services.cohort_create(
        course=course, name="Autumn champions group", created_by=champion
    )
    today = timezone.localdate()
    for number, kind in enumerate(["induction", "training_day", "training_day", "training_day"]):
        services.cohort_session_save(
            cohort=cohort,
            session_type=kind,
            date=today - timedelta(days=28 - 7 * number),
            start_time=time(10),
            end_time=time(15, 30),
            venue="Community Centre",
            modules=[],
        )
    for person in learners:
        services.cohort_learner_add(cohort=cohort, user=person)
        # What each learner does on the module pages: every module marked as done.
        for module in course_modules(course=course):
            services.module_progress_mark(user=person, module=module)
    return cohort


def _mark_everyone_present(page, base: str, cohort: Cohort, names: list[str]) -> None:
    for session in cohort.sessions.order_by("date"):
        page.goto(base + f"/training/cohorts/{cohort.pk}/sessions/{session.pk}/register/")
        for name in names:
            page.get_by_role("group", name=name).get_by_label("Present").check()
        page.get_by_role("button", name="Save the register").click()
        page.wait_for_url(re.compile(r".*/training/cohorts/\d+/.*"))


def test_a_champion_trains_champions_who_train_enablers(browser, page, demo_site):
    priya = get_user_model().objects.get(username=CHAMPION[0])
    ade, bea, cal = (
        _person("ade", "Ade Okafor"),
        _person("bea", "Bea Lewis"),
        _person("cal", "Cal Murphy"),
    )
    cohort = _champions_group(priya, [ade, bea, cal])

    # 1. Priya marks attendance at all four sessions.
    sign_in(page, demo_site, CHAMPION)
    _mark_everyone_present(page, demo_site, cohort, ["Ade Okafor", "Bea Lewis", "Cal Murphy"])
    # The course also needs her sign-off.
    assert not Certificate.objects.filter(enrolment__user__in=[ade, bea, cal]).exists()

    # 2. She signs off Ade and Bea, with a comment each, and not Cal.
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/")
    for name in ("Ade Okafor", "Bea Lewis"):
        page.get_by_label(f"Your comment on what {name} has shown").fill(
            "Led the Helen scenario and explained budgets in plain words."
        )
        page.get_by_role("button", name=f"Sign off {name}").click()
        page.wait_for_url(re.compile(r".*/training/cohorts/\d+/.*"))
    finishing = page.locator("section.finishing").inner_text()
    assert "2 of 3 learners have a certificate." in finishing
    cal_item = page.locator(".finishing-item", has_text="Cal Murphy").inner_text()
    assert "Still to do" in cal_item
    assert not Certificate.objects.filter(enrolment__user=cal).exists()
    assert_no_violations(page)

    # 3. Both certificates carry a QR code that opens the public check page.
    for person in (ade, bea):
        learner_context = browser.new_context(locale="en-GB")
        learner_page = learner_context.new_page()
        sign_in(learner_page, demo_site, (person.username, PASSWORD))
        certificate = Certificate.objects.get(enrolment__user=person)
        learner_page.goto(
            demo_site + f"/training/my-learning/certificates/{certificate.enrolment_id}/"
        )
        check_url = f"{demo_site}/training/certificates/check/{certificate.code}/"
        drawn = learner_page.locator(".certificate__qr path.qrline").get_attribute("d")
        expected = segno.make(check_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
        assert drawn == _qr_path(expected)
        learner_context.close()
        # Someone she shows it to, not signed in, scans it.
        stranger = browser.new_context(locale="en-GB").new_page()
        stranger.goto(check_url)
        shown = stranger.locator("main").inner_text()
        assert person.first_name in shown
        assert "Support planning champions" in shown
        assert "Speak Up Together" in shown
        assert "@" not in shown
        assert person.username not in shown.split()
        assert_no_violations(stranger)
        stranger.context.close()

    # 4. Priya makes Ade a champion in one step.
    page.goto(demo_site + f"/training/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Make Ade Okafor a champion").click()
    page.wait_for_url(re.compile(r".*/training/cohorts/\d+/.*"))
    holders = page.locator("section.role-section li", has_text="is a champion")
    assert holders.get_by_role("link", name=re.compile("^Ade Okafor")).count() == 1
    assert RoleAward.objects.get(user=ade, role="champion").awarded_by == priya

    # 5. Ade runs an enablers group.
    ade_context = browser.new_context(locale="en-GB")
    ade_page = ade_context.new_page()
    sign_in(ade_page, demo_site, ("ade", PASSWORD))
    ade_page.goto(demo_site + "/training/cohorts/new/")
    ade_page.get_by_label("Name of the group").fill("Darlaston enablers")
    ade_page.get_by_label("Course").select_option(label="Support plan enablers")
    ade_page.get_by_role("button", name="Start the group").click()
    enablers = Cohort.objects.get(name="Darlaston enablers")
    ade_page.wait_for_url(demo_site + f"/training/cohorts/{enablers.pk}/")
    ade_page.get_by_role("link", name="Add a session").first.click()
    ade_page.get_by_label("Training day").check()
    ade_page.get_by_label("Date").fill(timezone.localdate().isoformat())
    ade_page.get_by_label("Start time").fill("00:00")
    ade_page.get_by_label("End time").fill("00:30")
    ade_page.get_by_label("Where it happens (optional if online)").fill("Darlaston library")
    ade_page.get_by_role("button", name="Save the session").click()
    ade_page.wait_for_url(demo_site + f"/training/cohorts/{enablers.pk}/")

    # 6. Dee has no email: Ade makes her a link and shows its QR code in the room.
    ade_page.get_by_label("Their name").fill("Dee Dawson")
    ade_page.get_by_role("button", name="Make the link").click()
    invitation = CohortInvitation.objects.get(cohort=enablers, name="Dee Dawson")
    ade_page.wait_for_url(
        demo_site + f"/training/cohorts/{enablers.pk}/invitations/{invitation.pk}/"
    )
    link = ade_page.get_by_role("textbox", name="Dee Dawson\u2019s link").input_value()
    qr = ade_page.get_by_role(
        "img", name=f"QR code for Dee Dawson\u2019s link to join {enablers.name}"
    )
    expected = segno.make(link, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    assert qr.locator("path.qrline").get_attribute("d") == _qr_path(expected)

    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    dee = phone.new_page()
    dee.goto(link)
    dee.get_by_role("link", name="Make an account").click()
    dee.fill("#id_username", "dee")
    dee.fill("#id_password1", PASSWORD)
    dee.fill("#id_password2", PASSWORD)
    dee.get_by_role("button", name="Make my account").click()
    dee.wait_for_url(demo_site + "/training/my-learning/")
    dee_user = get_user_model().objects.get(username="dee")
    assert dee_user.email == ""
    assert enablers.learners.filter(pk=dee_user.pk).exists()
    for module in course_modules(course=enablers.course):
        services.module_progress_mark(user=dee_user, module=module)
    phone.close()

    # 7. Ade marks Dee present; finishing the enablers course makes her an enabler.
    _mark_everyone_present(ade_page, demo_site, enablers, ["Dee Dawson"])
    assert Certificate.objects.get(enrolment__user=dee_user).is_valid
    ade_page.goto(demo_site + "/training/enablers/?q=Dee")
    entry = ade_page.locator(".role-list li", has_text="Dee Dawson").inner_text()
    assert "Ade Okafor" in entry
    assert_no_violations(ade_page)

    # 8. Ade adds a jargon buster term; the same term in other capitals is refused.
    for typed in ("Relationship map", "relationship  MAP"):
        ade_page.goto(demo_site + "/glossary-terms/new/")
        ade_page.get_by_label("Word or phrase").fill(typed)
        ade_page.get_by_label("What it means").fill("A drawing of the people in your life.")
        ade_page.get_by_label("Easy read meaning").fill("A picture of who you know.")
        ade_page.get_by_role("button", name="Add the term").click()
        if typed == "Relationship map":
            assert "Added \u201cRelationship map\u201d" in ade_page.locator("main").inner_text()
    assert "\u201cRelationship map\u201d is already in the jargon buster." in (
        ade_page.locator(".error-summary").inner_text()
    )
    ade_context.close()
