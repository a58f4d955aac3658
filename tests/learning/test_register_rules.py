"""No register before a session starts; feedback only from people marked present."""

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from learning import selectors, services
from learning.models import Attendance, SessionFeedback
from learning.services import LearningError
from tests.learning.factories import (
    cohort_with_learners,
    course_with_modules,
    learner,
    register_rules_mark_present,
    session_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    amira, tom = learner(first_name="Amira Hussain"), learner(first_name="Tom Bennett")
    cohort = cohort_with_learners(
        course=course_with_modules(), learners=[amira, tom], name="Walsall champions"
    )
    return {"cohort": cohort, "amira": amira, "tom": tom, "trainer": cohort.created_by}


def _at(session, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(session.date, time(hour, minute)))


# --- The register opens when the session starts ---------------------------------------


def test_a_register_cannot_be_saved_before_the_session_starts(group):
    amira, trainer = group["amira"], group["trainer"]
    session = session_for(group["cohort"], days_from_today=0, start_time=time(10))
    for save in (
        lambda now: services.attendance_register_save(
            session=session, statuses={amira.pk: "present"}, recorded_by=trainer, now=now
        ),
        lambda now: services.attendance_record(
            session=session, learner=amira, status="present", recorded_by=trainer, now=now
        ),
    ):
        with pytest.raises(LearningError) as error:
            save(_at(session, 9, 59))
        assert error.value.code == "register_not_yet"
        assert not Attendance.objects.exists()
        save(_at(session, 10))  # once it has started: allowed
        assert Attendance.objects.get().status == "present"
        Attendance.objects.all().delete()


def test_the_refusal_says_when_the_register_opens(group):
    session = session_for(group["cohort"], days_from_today=3, start_time=time(13, 30))
    message = services.register_not_yet_message(session=session)
    day = session.date
    assert message == (
        "This session has not started yet, so there is no register to take. "
        f"You can fill it in from 13:30 on {day:%A} {day.day} {day:%B %Y}."
    )
    assert not services.register_is_open(session=session)
    assert services.register_is_open(session=session, now=_at(session, 13, 30))


def test_the_register_page_for_a_future_session_has_no_form_and_refuses_a_post(client, group):
    session = session_for(group["cohort"], days_from_today=2)
    url = reverse("training:register", args=[group["cohort"].pk, session.pk])
    client.force_login(group["trainer"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This session has not started yet" in html
    assert "You can fill it in from 10:00 on" in html
    assert "<form" not in html.split('id="main"', 1)[1].split("</main>", 1)[0]
    response = client.post(url, {f"learner_{group['amira'].pk}": "present"})
    assert response.status_code == 400
    assert "Nothing was saved." in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_register_for_a_session_that_started_today_can_be_filled_in(client, group):
    session = session_for(
        group["cohort"], days_from_today=0, start_time=time(0, 0), end_time=time(0, 1)
    )
    url = reverse("training:register", args=[group["cohort"].pk, session.pk])
    client.force_login(group["trainer"])
    assert 'class="register"' in client.get(url).content.decode()
    response = client.post(url, {f"learner_{group['amira'].pk}": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get(learner=group["amira"]).status == "present"


# --- Feedback comes after attendance ----------------------------------------------------


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("", "once your trainer has marked you as there"),
        ("absent", "The register says you were absent"),
        ("apologies", "The register says you sent apologies"),
    ],
)
def test_feedback_is_refused_unless_the_register_says_present(group, status, words):
    amira = group["amira"]
    session = session_for(group["cohort"])
    if status:
        services.attendance_record(
            session=session, learner=amira, status=status, recorded_by=group["trainer"]
        )
    with pytest.raises(LearningError) as error:
        services.session_feedback_save(session=session, learner=amira, rating=4)
    assert error.value.code == "not_present"
    assert words in error.value.message
    assert not SessionFeedback.objects.exists()
    register_rules_mark_present(session, amira)
    services.session_feedback_save(session=session, learner=amira, rating=4)
    assert SessionFeedback.objects.get().rating == 4


def test_the_learners_sessions_offer_feedback_only_where_they_were_present(group):
    amira, trainer = group["amira"], group["trainer"]
    cohort = group["cohort"]
    present = session_for(cohort, days_from_today=-3)
    absent = session_for(cohort, days_from_today=-2)
    unrecorded = session_for(cohort, days_from_today=-1)
    coming = session_for(cohort, days_from_today=4)
    register_rules_mark_present(present, amira)
    services.attendance_record(session=absent, learner=amira, status="absent", recorded_by=trainer)
    rows = {row.session.pk: row for row in selectors.learner_sessions(user=amira)}
    assert [rows[s.pk].feedback_open for s in (present, absent, unrecorded, coming)] == [
        True,
        False,
        False,
        False,
    ]
    assert rows[present.pk].feedback_note == ""
    assert "absent" in rows[absent.pk].feedback_note
    assert "have not done that yet" in rows[unrecorded.pk].feedback_note
    assert rows[coming.pk].feedback_note == ""  # a session still to come needs no reason


def test_my_learning_and_the_feedback_page_say_why_there_is_no_feedback(client, group):
    amira = group["amira"]
    session = session_for(group["cohort"], days_from_today=-1)
    services.attendance_record(
        session=session, learner=amira, status="apologies", recorded_by=group["trainer"]
    )
    client.force_login(amira)
    url = reverse("training:feedback", args=[session.pk])
    html = client.get(reverse("training:my_learning")).content.decode()
    assert url not in html
    assert "The register says you sent apologies for this session" in html
    html = client.get(url).content.decode()
    assert "The register says you sent apologies for this session" in html
    assert "Send feedback" not in html
    response = client.post(url, {"rating": "5"})
    assert response.status_code == 400
    assert "Your feedback was not saved." in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_the_feedback_page_takes_feedback_once_marked_present(client, group):
    amira = group["amira"]
    session = session_for(group["cohort"], days_from_today=-1)
    register_rules_mark_present(session, amira)
    client.force_login(amira)
    url = reverse("training:feedback", args=[session.pk])
    assert "Send feedback" in client.get(url).content.decode()
    assert (
        reverse("training:feedback", args=[session.pk])
        in client.get(reverse("training:my_learning")).content.decode()
    )
    assert client.post(url, {"rating": "5"}).status_code == 302
    assert SessionFeedback.objects.get(learner=amira).rating == 5


def test_feedback_on_a_session_still_to_come_says_it_has_not_happened(client, group):
    session = session_for(group["cohort"], days_from_today=1)
    client.force_login(group["amira"])
    html = client.get(reverse("training:feedback", args=[session.pk])).content.decode()
    assert "This session has not happened yet." in html
    assert "register says" not in html
