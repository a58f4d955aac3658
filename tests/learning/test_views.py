"""Learner pages: sign up, enrol, mark done, my learning, certificates, feedback, calendar."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.roles import LEARNERS
from courses.models import ModulePage, TrainingIndexPage
from learning import services
from learning.models import Enrolment, ModuleProgress, SessionFeedback
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    register_rules_mark_present,
    session_for,
)

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "plan-together-2026"


def _modules(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


def _sign_up_data(**overrides):
    data = {
        "full_name": "Amira Hussain",
        "username": "amira",
        "email": "amira@example.org",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


# --- Sign up -----------------------------------------------------------------------


def test_sign_up_makes_a_signed_in_learner(client):
    response = client.post(reverse("training:sign_up"), _sign_up_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("training:my_learning")
    user = get_user_model().objects.get(username="amira")
    assert user.groups.filter(name=LEARNERS).exists()
    assert user.email == "amira@example.org"
    assert client.get(reverse("training:my_learning")).status_code == 200


def test_sign_up_errors_show_next_to_the_fields_and_in_a_summary(client):
    response = client.post(
        reverse("training:sign_up"),
        _sign_up_data(email="not-an-email", password1="password", password2="password"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Make an account" in html
    assert 'class="error-summary"' in html
    assert '<a href="#id_email">Enter an email address like name@example.org</a>' in html
    assert 'id="id_email_error"' in html
    assert re.search(r'id="id_email"[^>]*aria-invalid="true"', html) or re.search(
        r'aria-invalid="true"[^>]*id="id_email"', html
    )
    # Django's password validators ran: "password" is too common.
    assert "too common" in html
    assert 'id="id_password2_error"' in html or 'id="id_password1_error"' in html
    assert not get_user_model().objects.filter(username="amira").exists()


def test_sign_up_refuses_a_taken_username(client):
    learner(username="amira")
    response = client.post(reverse("training:sign_up"), _sign_up_data())
    assert "That username is taken" in response.content.decode()


def test_sign_up_refuses_different_passwords(client):
    response = client.post(reverse("training:sign_up"), _sign_up_data(password2="something-else"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_password2_error"' in html
    # Plain words, in the summary and next to the box.
    assert html.count("The passwords do not match. Type the same password in both boxes") == 2


def test_sign_up_redirects_only_to_this_site(client):
    response = client.post(
        reverse("training:sign_up"), {**_sign_up_data(), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("training:my_learning")


# --- Invitations ------------------------------------------------------------------------


def _invite(cohort, email="new@example.org"):
    _, token = services.cohort_invitation_create(
        cohort=cohort, email=email, invited_by=cohort.created_by
    )
    return token


def test_invitation_link_then_sign_up_joins_the_cohort(client):
    course = course_with_modules()
    cohort = cohort_with_learners(course=course, name="Walsall champions")
    token = _invite(cohort, "amira@example.org")
    page = client.get(reverse("training:join", args=[token]))
    assert page.status_code == 200
    assert "Join Walsall champions" in page.content.decode()
    form = client.get(reverse("training:sign_up"))
    assert 'value="amira@example.org"' in form.content.decode()  # email filled in
    response = client.post(reverse("training:sign_up"), _sign_up_data())
    assert response["Location"] == reverse("training:my_learning")
    user = get_user_model().objects.get(username="amira")
    assert user in cohort.learners.all()
    assert Enrolment.objects.filter(user=user, course=course).exists()


def test_invitation_link_for_someone_signed_in_joins_on_post(client):
    cohort = cohort_with_learners(course=course_with_modules())
    person = learner()
    token = _invite(cohort, person.email)
    client.force_login(person)
    page = client.get(reverse("training:join", args=[token]))
    assert "Join the group" in page.content.decode()
    assert person not in cohort.learners.all()  # nothing happens on GET
    response = client.post(reverse("training:join", args=[token]))
    assert response.status_code == 302
    assert person in cohort.learners.all()


def test_someone_signed_in_with_another_address_cannot_use_the_invitation(client):
    cohort = cohort_with_learners(course=course_with_modules(), name="Walsall champions")
    token = _invite(cohort, "amira@example.org")
    someone_else = learner(email="sam@example.org")
    client.force_login(someone_else)
    page = client.get(reverse("training:join", args=[token])).content.decode()
    assert "This invitation is for another email address" in page
    assert "sent to a…@example.org" in page
    assert "Join the group" not in page
    # Posting anyway (an old form, another tab) changes nothing and says why.
    response = client.post(reverse("training:join", args=[token]))
    assert response.status_code == 403
    assert "different email address" in response.content.decode()
    assert someone_else not in cohort.learners.all()
    # The invited person can still use it.
    amira = learner(email="amira@example.org")
    client.force_login(amira)
    assert client.post(reverse("training:join", args=[token])).status_code == 302
    assert amira in cohort.learners.all()


def test_signing_up_from_an_invitation_needs_the_invited_address(client):
    cohort = cohort_with_learners(course=course_with_modules(), name="Walsall champions")
    token = _invite(cohort, "amira@example.org")
    client.get(reverse("training:join", args=[token]))
    data = {**_sign_up_data(), "email": "sam@example.org"}
    response = client.post(reverse("training:sign_up"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Use the email address the invitation was sent to (amira@example.org)" in page
    assert 'value="sam@example.org"' in page  # nothing typed is lost
    assert not get_user_model().objects.filter(username="amira").exists()


def test_a_wrong_or_used_invitation_link_says_so(client):
    assert client.get(reverse("training:join", args=["nope"])).status_code == 404
    cohort = cohort_with_learners(course=course_with_modules())
    person = learner()
    token = _invite(cohort, person.email)
    services.cohort_invitation_accept(token=token, user=person)
    response = client.get(reverse("training:join", args=[token]))
    assert response.status_code == 404
    assert "already been used" in response.content.decode()


def test_anonymous_post_to_an_invitation_asks_to_sign_in(client):
    cohort = cohort_with_learners(course=course_with_modules())
    response = client.post(reverse("training:join", args=[_invite(cohort)]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Enrol and mark done ----------------------------------------------------------------


def test_enrol_is_a_post_for_signed_in_people(client):
    course = course_with_modules()
    url = reverse("training:enrol", args=[course.pk])
    assert client.post(url)["Location"].startswith(reverse("login"))
    person = learner()
    client.force_login(person)
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": course.url})
    assert response.status_code == 302
    assert response["Location"] == course.url
    assert Enrolment.objects.filter(user=person, course=course).exists()


def test_mark_done_and_undo(client):
    course = course_with_modules(required=2)
    first = _modules(course)[0]
    person = learner()
    client.force_login(person)
    client.post(reverse("training:module_done", args=[first.pk]))
    assert ModuleProgress.objects.filter(user=person, module=first).exists()
    client.post(reverse("training:module_undo", args=[first.pk]))
    assert not ModuleProgress.objects.filter(user=person, module=first).exists()


def test_unpublished_module_cannot_be_marked(client):
    course = course_with_modules(required=1)
    module = _modules(course)[0]
    module.unpublish()
    client.force_login(learner())
    assert client.post(reverse("training:module_done", args=[module.pk])).status_code == 404


# --- My learning and certificates ------------------------------------------------------


def test_my_learning_shows_progress_bar_text_and_where_to_continue(client):
    course = course_with_modules(required=3, title="Support planning for champions")
    first, second, _third = _modules(course)
    person = learner()
    services.module_progress_mark(user=person, module=first)
    client.force_login(person)
    html = client.get(reverse("training:my_learning")).content.decode()
    assert '<progress class="course-progress__bar" max="3" value="1"' in html
    assert "1 of 3 required modules done" in html
    continue_link = re.search(r'<a class="button" href="([^"]+)">Continue where you left off', html)
    assert continue_link.group(1) == second.url


def test_my_learning_needs_sign_in(client):
    response = client.get(reverse("training:my_learning"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_course_page_marks_the_modules_the_learner_has_done(client):
    course = course_with_modules(required=3)
    second = _modules(course)[1]
    person = learner()
    services.module_progress_mark(user=person, module=second)
    client.force_login(person)
    html = client.get(course.url).content.decode()
    items = re.findall(r'<li class="module-list__item">(.*?)</li>', html, flags=re.S)
    assert len(items) == 3
    done = ["tag--done" in item and ">Done</span>" in item for item in items]
    assert done == [False, True, False]
    # Someone else sees no ticks.
    client.force_login(learner())
    assert "tag--done" not in client.get(course.url).content.decode()


def _training_index_html(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    return client.get(TrainingIndexPage.objects.get().url).content.decode()


def test_training_index_shows_signed_in_people_the_way_to_their_learning(client):
    course_with_modules(required=1)
    my_learning = f'href="{reverse("training:my_learning")}"'
    groups = f'href="{reverse("training:cohort_list")}"'
    html = _training_index_html(client)
    assert my_learning not in html
    assert groups not in html
    html = _training_index_html(client, learner())
    assert my_learning in html
    assert groups not in html
    html = _training_index_html(client, champion())
    assert my_learning in html
    assert groups in html


def _finished(person, course):
    enrolment = services.enrolment_create(user=person, course=course)
    for module in _modules(course):
        services.module_progress_mark(user=person, module=module)
    return enrolment


def test_certificate_page_and_pdf_for_the_learner_who_finished(client):
    course = course_with_modules(required=2, title="Support planning for champions")
    person = learner(first_name="Amira Hussain")
    enrolment = _finished(person, course)
    client.force_login(person)
    html = client.get(reverse("training:my_learning")).content.decode()
    assert reverse("training:certificate", args=[enrolment.pk]) in html
    page = client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert page.status_code == 200
    assert "Amira Hussain" in page.content.decode()
    assert "17.5 hours of learning" in page.content.decode()
    pdf = client.get(reverse("training:certificate_pdf", args=[enrolment.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="certificate-support-planning-for-champions.pdf"' in pdf["Content-Disposition"]


def test_certificate_is_not_found_for_others_or_before_finishing(client):
    course = course_with_modules(required=2)
    owner = learner()
    enrolment = _finished(owner, course)
    client.force_login(learner())
    for name in ("training:certificate", "training:certificate_pdf"):
        assert client.get(reverse(name, args=[enrolment.pk])).status_code == 404
    # Before finishing: one module of two done, so no certificate. (Undoing a module
    # after finishing no longer takes an issued certificate away: issue 14.)
    halfway = learner()
    services.module_progress_mark(user=halfway, module=_modules(course)[0])
    enrolment = Enrolment.objects.get(user=halfway, course=course)
    client.force_login(halfway)
    for name in ("training:certificate", "training:certificate_pdf"):
        assert client.get(reverse(name, args=[enrolment.pk])).status_code == 404


# --- Feedback -------------------------------------------------------------------------


def test_feedback_form_has_labelled_scale_and_faces_as_decoration(client):
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort)
    register_rules_mark_present(session, person)
    client.force_login(person)
    html = client.get(reverse("training:feedback", args=[session.pk])).content.decode()
    for label in (
        "1 \u2013 Not good",
        "2 \u2013 Not so good",
        "3 \u2013 OK",
        "4 \u2013 Good",
        "5 \u2013 Very good",
    ):
        assert label in html
    assert html.count('class="rating__face" aria-hidden="true"') == 5
    assert "<legend>How was the session?</legend>" in html
    assert "What went well" in html
    assert "What could be better" in html


def test_feedback_errors_and_saving(client):
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort)
    register_rules_mark_present(session, person)
    client.force_login(person)
    url = reverse("training:feedback", args=[session.pk])
    html = client.post(url, {"went_well": "Stories"}).content.decode()
    assert '<a href="#id_rating_0">Choose a number from 1 to 5</a>' in html
    assert 'id="id_rating_error"' in html
    response = client.post(url, {"rating": "4", "went_well": "Stories", "could_be_better": ""})
    assert response.status_code == 302
    feedback = SessionFeedback.objects.get(session=session, learner=person)
    assert (feedback.rating, feedback.went_well) == (4, "Stories")


def test_feedback_only_for_the_learners_own_cohort(client):
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort)
    url = reverse("training:feedback", args=[session.pk])
    client.force_login(learner())
    assert client.get(url).status_code == 404
    assert client.post(url, {"rating": "1"}).status_code == 404
    client.force_login(cohort.created_by)  # the trainer is not a learner here
    assert client.get(url).status_code == 404
    assert not SessionFeedback.objects.exists()


def test_feedback_is_not_open_before_the_session(client):
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort, days_from_today=5)
    client.force_login(person)
    url = reverse("training:feedback", args=[session.pk])
    assert "from the day of the session" in client.get(url).content.decode()
    client.post(url, {"rating": "5"})
    assert not SessionFeedback.objects.exists()


# --- Calendar files ------------------------------------------------------------------------


def test_calendar_file_for_the_cohorts_learners_and_trainers_only(client):
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    session = session_for(cohort)
    url = reverse("training:session_ics", args=[cohort.pk, session.pk])
    assert client.get(url).status_code == 302  # sign in first
    for who in (person, cohort.created_by):
        client.force_login(who)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    for who in (learner(), champion()):
        client.force_login(who)
        assert client.get(url).status_code == 404


def test_my_learning_lists_the_learners_sessions_with_calendar_and_feedback_links(client):
    person = learner()
    cohort = cohort_with_learners(course=course_with_modules(), learners=[person])
    past = session_for(cohort, days_from_today=-1)
    register_rules_mark_present(past, person)
    future = session_for(cohort, days_from_today=7)
    other_cohort = cohort_with_learners(course=course_with_modules(), name="Other")
    hidden = session_for(other_cohort)
    client.force_login(person)
    html = client.get(reverse("training:my_learning")).content.decode()
    assert reverse("training:session_ics", args=[cohort.pk, future.pk]) in html
    assert reverse("training:feedback", args=[past.pk]) in html
    assert reverse("training:feedback", args=[future.pk]) not in html
    assert reverse("training:session_ics", args=[other_cohort.pk, hidden.pk]) not in html
