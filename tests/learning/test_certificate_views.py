"""Finishing pages: the dashboard's "Finishing the course", sign-off and withdrawing (who
may, who may not), what learners see, and the public certificate check."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.roles import WAGTAIL_EDITORS
from courses.models import CoursePage, ModulePage, TrainingSettings
from learning import services
from learning.certificates import date_text
from learning.models import Certificate, SignOff
from learning.services_certificates import sign_off_create
from learning.views_certificates import CHECK_GUESSES
from tests.factories import UserFactory
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    session_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    """Wrong-code counts live in the cache; each test starts with none."""
    cache.clear()


@pytest.fixture
def setup():
    """A champions course (modules, the training days, sign-off) with a group of two."""
    course = course_with_modules(
        required=2,
        title="Support planning for champions",
        attendance_needed=CoursePage.AttendanceNeeded.CORE,
        needs_sign_off=True,
    )
    amira = learner(first_name="Amira Hussain", email="amira@example.org")
    tom = learner(first_name="Tom Bennett")
    trainer = champion(first_name="Pat Trainer")
    cohort = cohort_with_learners(
        course=course, trainer=trainer, learners=[amira, tom], name="Walsall champions"
    )
    session = session_for(cohort, days_from_today=-1)
    return {
        "course": course,
        "cohort": cohort,
        "session": session,
        "trainer": trainer,
        "amira": amira,
        "tom": tom,
    }


def _modules(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


def _finish(setup, person=None) -> Certificate:
    """Everything the course asks, for ``person`` (Amira): modules, the day, the sign-off."""
    person = person or setup["amira"]
    for module in _modules(setup["course"]):
        services.module_progress_mark(user=person, module=module)
    services.attendance_record(
        session=setup["session"], learner=person, status="present", recorded_by=setup["trainer"]
    )
    sign_off_create(
        cohort=setup["cohort"], learner=person, signed_by=setup["trainer"], comment="Well done."
    )
    return Certificate.objects.get(enrolment__user=person)


def _dashboard(client, setup) -> str:
    client.force_login(setup["trainer"])
    return client.get(
        reverse("training:cohort_dashboard", args=[setup["cohort"].pk])
    ).content.decode()


# --- Who may sign off and withdraw ------------------------------------------------------------


def _actions(setup, certificate):
    """(method, url, data) for each trainer action on Amira: sign off, take it back, withdraw."""
    cohort, amira = setup["cohort"], setup["amira"]
    sign_off = reverse("training:sign_off", args=[cohort.pk, amira.pk])
    remove = reverse("training:sign_off_remove", args=[cohort.pk, amira.pk])
    withdraw = reverse("training:certificate_withdraw", args=[certificate.pk])
    return [
        ("get", sign_off, {}),
        ("post", sign_off, {"comment": "Good"}),
        ("post", remove, {}),
        ("get", withdraw, {}),
        ("post", withdraw, {"reason": "Wrong person"}),
    ]


def _state():
    return (
        list(SignOff.objects.values_list("enrolment_id", "comment")),
        list(Certificate.objects.values_list("pk", "withdrawn_at")),
    )


@pytest.mark.parametrize("role", ["other_champion", "cohort_learner", "stranger", "editor"])
def test_everyone_else_gets_not_found_and_changes_nothing(client, setup, role):
    certificate = _finish(setup, setup["tom"])
    people = {
        "other_champion": champion,
        "cohort_learner": lambda: setup["amira"],
        "stranger": learner,
        "editor": lambda: UserFactory(roles=[WAGTAIL_EDITORS]),
    }
    before = _state()
    client.force_login(people[role]())
    for method, url, data in _actions(setup, certificate):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert _state() == before


def test_anonymous_people_are_asked_to_sign_in_and_change_nothing(client, setup):
    certificate = _finish(setup, setup["tom"])
    before = _state()
    for method, url, data in _actions(setup, certificate):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert _state() == before


def test_the_groups_trainer_signs_off_and_takes_it_back(client, setup):
    cohort, amira = setup["cohort"], setup["amira"]
    client.force_login(setup["trainer"])
    url = reverse("training:sign_off", args=[cohort.pk, amira.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"comment": "Led the Helen scenario."}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/training/cohorts/{cohort.pk}/#finishing")
    assert "You have signed off Amira Hussain." in response.content.decode()
    assert SignOff.objects.get().comment == "Led the Helen scenario."
    response = client.post(reverse("training:sign_off_remove", args=[cohort.pk, amira.pk]))
    assert response.status_code == 302
    assert not SignOff.objects.exists()


def test_a_sign_off_without_a_comment_shows_the_error_on_its_own_page(client, setup):
    client.force_login(setup["trainer"])
    url = reverse("training:sign_off", args=[setup["cohort"].pk, setup["amira"].pk])
    response = client.post(url, {"comment": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Sign off Amira Hussain" in html
    assert (
        '<a href="#id_comment">Write a comment on what Amira Hussain has shown, '
        "to sign them off</a>" in html
    )
    assert not SignOff.objects.exists()


def test_signing_off_twice_says_so(client, setup):
    client.force_login(setup["trainer"])
    url = reverse("training:sign_off", args=[setup["cohort"].pk, setup["amira"].pk])
    client.post(url, {"comment": "Good."})
    response = client.post(url, {"comment": "Again."}, follow=True)
    assert "You have already signed off Amira Hussain." in response.content.decode()
    assert SignOff.objects.get().comment == "Good."


@pytest.mark.parametrize("who", ["trainer", "superuser"])
def test_a_trainer_or_an_admin_withdraws_with_a_reason(client, setup, who):
    certificate = _finish(setup)
    client.force_login(setup["trainer"] if who == "trainer" else UserFactory(is_superuser=True))
    url = reverse("training:certificate_withdraw", args=[certificate.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "Write why the certificate is being withdrawn" in empty.content.decode()
    back = reverse("training:cohort_dashboard", args=[setup["cohort"].pk])
    response = client.post(url, {"reason": "Signed off by mistake", "next": back})
    assert response["Location"] == back
    certificate.refresh_from_db()
    assert certificate.withdrawn_reason == "Signed off by mistake"
    assert not certificate.is_valid


# --- The dashboard's "Finishing the course" ------------------------------------------------


def test_dashboard_says_what_each_learner_still_needs_with_a_sign_off_form(client, setup):
    html = _dashboard(client, setup)
    assert '<h2 id="finishing">Finishing the course</h2>' in html
    assert "is marked present at the induction and every training day" in html
    assert "2 modules to do" in html
    assert "Not signed off yet" in html
    action = reverse("training:sign_off", args=[setup["cohort"].pk, setup["amira"].pk])
    assert f'action="{action}"' in html
    assert f'<label for="sign-off-comment-{setup["amira"].pk}">' in html


def test_dashboard_shows_an_issued_certificate_and_the_way_to_withdraw_it(client, setup):
    certificate = _finish(setup)
    html = _dashboard(client, setup)
    assert certificate.code in html
    assert reverse("training:certificate_check_code", args=[certificate.code]) in html
    assert reverse("training:certificate_withdraw", args=[certificate.pk]) in html
    assert "Signed off by Pat Trainer" in html
    assert "&ldquo;Well done.&rdquo;" in html
    # Tom has not finished: his form is there, Amira's is not.
    tom_form = reverse("training:sign_off", args=[setup["cohort"].pk, setup["tom"].pk])
    amira_form = reverse("training:sign_off", args=[setup["cohort"].pk, setup["amira"].pk])
    assert tom_form in html
    assert amira_form not in html


# --- What the learner sees --------------------------------------------------------------


def test_my_learning_says_what_is_still_needed_and_links_no_certificate_yet(client, setup):
    amira = setup["amira"]
    for module in _modules(setup["course"]):
        services.module_progress_mark(user=amira, module=module)
    client.force_login(amira)
    html = client.get(reverse("training:my_learning")).content.decode()
    day = setup["session"].date
    assert "Still to do for your certificate:" in html
    assert (
        f"Be marked present at the training day on {day.day} {day:%B}"
        " (the register has not been taken yet)" in html
    )
    assert "Your trainer signs you off at the end of the course" in html
    enrolment = amira.enrolments.get()
    assert reverse("training:certificate", args=[enrolment.pk]) not in html
    assert client.get(reverse("training:certificate", args=[enrolment.pk])).status_code == 404


def test_once_issued_my_learning_and_the_course_page_link_the_certificate(client, setup):
    certificate = _finish(setup)
    client.force_login(setup["amira"])
    link = reverse("training:certificate", args=[certificate.enrolment_id])
    for url in (reverse("training:my_learning"), setup["course"].url):
        html = client.get(url).content.decode()
        assert link in html
        assert "Still to do" not in html
    page = client.get(link).content.decode()
    assert "Signed off by Pat Trainer" in page
    assert f"Attended on {date_text(setup['session'].date)}" in page


def test_the_course_page_says_what_is_still_needed(client, setup):
    client.force_login(setup["amira"])
    html = client.get(setup["course"].url).content.decode()
    assert "Mark 2 more required modules as done" in html


def test_a_withdrawn_certificate_is_said_so_on_my_learning(client, setup):
    certificate = _finish(setup)
    Certificate.objects.filter(pk=certificate.pk).update(withdrawn_at=timezone.now())
    client.force_login(setup["amira"])
    html = client.get(reverse("training:my_learning")).content.decode()
    assert f"was withdrawn on {date_text(timezone.localdate())}" in html
    assert reverse("training:certificate_pdf", args=[certificate.enrolment_id]) not in html


def test_someone_who_finished_before_certificates_were_kept_gets_one_when_they_open_it(client):
    course = course_with_modules(required=1)
    person = learner()
    module = _modules(course)[0]
    services.module_progress_mark(user=person, module=module)
    Certificate.objects.all().delete()  # as if finished before issue 14
    client.force_login(person)
    enrolment = person.enrolments.get()
    html = client.get(reverse("training:my_learning")).content.decode()
    assert reverse("training:certificate", args=[enrolment.pk]) in html
    assert client.get(reverse("training:certificate", args=[enrolment.pk])).status_code == 200
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


# --- The public check ------------------------------------------------------------------------


def _check(client, code):
    return client.get(reverse("training:certificate_check_code", args=[code]))


def test_a_valid_code_shows_only_the_name_course_date_and_issuer(client, setup):
    certificate = _finish(setup)
    settings = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.issuer_name = "Walsall Disability Forum"
    settings.save()
    response = _check(client, certificate.code)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is valid" in html
    for shown in (
        "Amira Hussain",
        "Support planning for champions",
        date_text(timezone.localdate()),
        "Walsall Disability Forum",
    ):
        assert shown in html
    for hidden in ("amira@example.org", setup["amira"].username, "Well done.", "Pat Trainer"):
        assert hidden not in html
    assert 'name="robots" content="noindex"' in html


def test_a_withdrawn_code_says_when_and_nothing_else(client, setup):
    certificate = _finish(setup)
    Certificate.objects.filter(pk=certificate.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Secret reason"
    )
    html = _check(client, certificate.code).content.decode()
    assert f"This certificate was withdrawn on {date_text(timezone.localdate())}" in html
    for hidden in ("Secret reason", "Amira Hussain", "Support planning for champions"):
        assert hidden not in html


def test_an_unknown_code_is_not_valid(client, setup):
    response = _check(client, "0000-0000-0000")
    assert response.status_code == 404
    assert "This certificate is not valid" in response.content.decode()


def test_the_form_forgives_case_spaces_and_missing_dashes(client, setup):
    certificate = _finish(setup)
    typed = certificate.code.replace("-", " ").lower()
    response = client.post(reverse("training:certificate_check"), {"code": f" {typed} "})
    assert response["Location"] == reverse(
        "training:certificate_check_code", args=[certificate.code]
    )
    assert _check(client, certificate.code.replace("-", "").lower()).status_code == 200


def test_a_code_that_cannot_be_one_is_an_error_on_the_form(client):
    response = client.post(reverse("training:certificate_check"), {"code": "123"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the 12 letters and numbers of the code, like 7K3Q-9XWD-M2PA" in html


def test_the_check_page_needs_no_account(client):
    response = client.get(reverse("training:certificate_check"))
    assert response.status_code == 200
    assert re.search(r'<label for="id_code">Certificate code</label>', response.content.decode())


def test_too_many_wrong_codes_from_one_device_wait(client, setup):
    certificate = _finish(setup)
    for _ in range(CHECK_GUESSES.per_device):
        assert _check(client, "0000-0000-0000").status_code == 404
    response = _check(client, certificate.code)
    assert response.status_code == 429
    assert "Wait 15 minutes" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_a_trainer_sees_the_way_to_withdraw_on_the_check_page(client, setup):
    certificate = _finish(setup)
    withdraw = reverse("training:certificate_withdraw", args=[certificate.pk])
    assert withdraw not in _check(client, certificate.code).content.decode()
    client.force_login(setup["trainer"])
    assert withdraw in _check(client, certificate.code).content.decode()
