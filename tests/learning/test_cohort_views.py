"""Trainer pages: cohorts, invitations, timetable, register, dashboard, CSV, mentoring."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.roles import WAGTAIL_EDITORS
from courses.models import ModulePage
from learning import services
from learning.models import Attendance, Cohort, CohortSession, MentoringLog
from tests.factories import UserFactory
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    register_rules_mark_present,
    session_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """A cohort with two learners and one past session; and people with other roles."""
    course = course_with_modules(required=3, title="Support planning for champions")
    amira = learner(first_name="Amira Hussain")
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


def _trainer_urls(cohort, session):
    return [
        reverse("training:cohort_dashboard", args=[cohort.pk]),
        reverse("training:attendance_csv", args=[cohort.pk]),
        reverse("training:mentoring", args=[cohort.pk]),
        reverse("training:session_create", args=[cohort.pk]),
        reverse("training:session_edit", args=[cohort.pk, session.pk]),
        reverse("training:register", args=[cohort.pk, session.pk]),
        reverse("training:feedback_summary", args=[cohort.pk, session.pk]),
    ]


# --- Who may see what ------------------------------------------------------------------


def test_trainer_and_superuser_see_every_cohort_page(client, setup):
    for who in (setup["trainer"], UserFactory(is_superuser=True)):
        client.force_login(who)
        for url in _trainer_urls(setup["cohort"], setup["session"]):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["other_champion", "editor", "cohort_learner", "stranger"])
def test_everyone_else_gets_not_found(client, setup, role):
    people = {
        "other_champion": lambda: champion(),
        "editor": lambda: UserFactory(roles=[WAGTAIL_EDITORS]),
        "cohort_learner": lambda: setup["amira"],
        "stranger": lambda: learner(),
    }
    client.force_login(people[role]())
    for url in _trainer_urls(setup["cohort"], setup["session"]):
        assert client.get(url).status_code == 404, url
    invite = reverse("training:cohort_invite", args=[setup["cohort"].pk])
    assert client.post(invite, {"invite-email": "x@example.org"}).status_code == 404


def test_anonymous_people_are_asked_to_sign_in(client, setup):
    for url in _trainer_urls(setup["cohort"], setup["session"]):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_trainer_cannot_reach_another_cohorts_session_through_their_own(client, setup):
    other = cohort_with_learners(course=setup["course"], name="Other group")
    other_session = session_for(other)
    client.force_login(setup["trainer"])
    url = reverse("training:register", args=[setup["cohort"].pk, other_session.pk])
    assert client.get(url).status_code == 404


# --- Creating cohorts ------------------------------------------------------------------


def test_champions_create_cohorts(client, setup):
    person = champion()
    client.force_login(person)
    assert client.get(reverse("training:cohort_create")).status_code == 200
    response = client.post(
        reverse("training:cohort_create"),
        {"name": "Stockton peer supporters", "course": setup["course"].pk},
    )
    cohort = Cohort.objects.get(name="Stockton peer supporters")
    assert response["Location"] == reverse("training:cohort_dashboard", args=[cohort.pk])
    assert list(cohort.trainers.all()) == [person]


def test_learners_cannot_create_cohorts(client, setup):
    client.force_login(setup["amira"])
    assert client.get(reverse("training:cohort_create")).status_code == 403
    response = client.post(
        reverse("training:cohort_create"), {"name": "Mine", "course": setup["course"].pk}
    )
    assert response.status_code == 403
    assert not Cohort.objects.filter(name="Mine").exists()


def test_cohort_form_errors_are_next_to_the_fields(client, setup):
    client.force_login(champion())
    html = client.post(reverse("training:cohort_create"), {"name": ""}).content.decode()
    assert '<a href="#id_name">Enter a name for the group</a>' in html
    assert '<a href="#id_course">Choose the course this group will take</a>' in html
    assert 'id="id_name_error"' in html
    assert 'id="id_course_error"' in html


def test_cohort_list_shows_only_the_cohorts_you_train(client, setup):
    cohort_with_learners(course=setup["course"], name="Someone else's group")
    client.force_login(setup["trainer"])
    html = client.get(reverse("training:cohort_list")).content.decode()
    assert "Walsall champions" in html
    assert "Someone else&#x27;s group" not in html


# --- Invitations ------------------------------------------------------------------------


def test_invite_sends_an_email_with_a_working_link(client, setup, mailoutbox):
    cohort = setup["cohort"]
    client.force_login(setup["trainer"])
    response = client.post(
        reverse("training:cohort_invite", args=[cohort.pk]), {"invite-email": "new@example.org"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/training/join/[^/\s]+/)", mailoutbox[0].body).group(1)
    newcomer = learner(email="new@example.org")
    client.force_login(newcomer)
    client.post(link)
    assert newcomer in cohort.learners.all()


def test_invite_errors_show_on_the_dashboard(client, setup, mailoutbox):
    client.force_login(setup["trainer"])
    response = client.post(
        reverse("training:cohort_invite", args=[setup["cohort"].pk]), {"invite-email": "nope"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_invite-email">Enter an email address like name@example.org</a>' in html
    assert 'id="id_invite-email_error"' in html
    assert mailoutbox == []


def test_add_a_trainer(client, setup):
    other = champion(username="sue")
    client.force_login(setup["trainer"])
    url = reverse("training:cohort_trainer_add", args=[setup["cohort"].pk])
    html = client.post(url, {"trainer-username": setup["amira"].username}).content.decode()
    assert "No champion has that username" in html
    client.post(url, {"trainer-username": "sue"})
    assert other in setup["cohort"].trainers.all()


def test_add_a_trainer_does_not_say_which_usernames_exist(client, setup):
    """A learner's username and a username nobody has get the very same answer."""
    client.force_login(setup["trainer"])
    url = reverse("training:cohort_trainer_add", args=[setup["cohort"].pk])

    def answer(username: str) -> tuple[int, str]:
        response = client.post(url, {"trainer-username": username})
        html = response.content.decode()
        error = re.search(r'<p class="field__error"[^>]*>(.*?)</p>', html, re.S).group(1)
        return response.status_code, error.replace(username, "<name>")

    learner_answer = answer(setup["amira"].username)
    nobody_answer = answer("nobody-has-this-name")
    assert learner_answer == nobody_answer
    assert learner_answer[0] == 400
    assert "No champion has that username" in learner_answer[1]
    assert "<name>" not in learner_answer[1]


# --- Timetable ---------------------------------------------------------------------------


def test_add_a_session_with_modules(client, setup):
    cohort = setup["cohort"]
    modules = list(ModulePage.objects.child_of(setup["course"]).order_by("path"))
    client.force_login(setup["trainer"])
    response = client.post(
        reverse("training:session_create", args=[cohort.pk]),
        {
            "session_type": "induction",
            "date": "2026-03-27",
            "start_time": "10:00",
            "end_time": "12:00",
            "venue": "Walsall Disability Forum",
            "modules": [modules[0].pk],
        },
    )
    assert response.status_code == 302
    session = CohortSession.objects.get(cohort=cohort, session_type="induction")
    assert list(session.modules.all()) == [modules[0]]


def test_session_form_errors_are_next_to_the_fields(client, setup):
    client.force_login(setup["trainer"])
    html = client.post(
        reverse("training:session_create", args=[setup["cohort"].pk]),
        {"date": "2026-03-27", "start_time": "15:30", "end_time": "10:00"},
    ).content.decode()
    assert '<a href="#id_session_type_0">Choose the type of session</a>' in html
    assert '<a href="#id_end_time">The end time must be after the start time</a>' in html
    assert '<a href="#id_venue">Enter where the session happens, or an online link</a>' in html
    assert 'id="id_end_time_error"' in html
    assert CohortSession.objects.filter(cohort=setup["cohort"]).count() == 1


def test_edit_a_session(client, setup):
    session = setup["session"]
    client.force_login(setup["trainer"])
    url = reverse("training:session_edit", args=[setup["cohort"].pk, session.pk])
    assert 'value="Community Centre, Room 2"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "session_type": "drop_in",
            "date": "2026-04-01",
            "start_time": "13:00",
            "end_time": "14:00",
            "online_link": "https://meet.example.org/drop-in",
        },
    )
    session.refresh_from_db()
    assert (session.session_type, session.venue) == ("drop_in", "")


# --- Register --------------------------------------------------------------------------


def test_register_has_a_fieldset_and_three_labelled_radios_per_learner(client, setup):
    client.force_login(setup["trainer"])
    url = reverse("training:register", args=[setup["cohort"].pk, setup["session"].pk])
    html = client.get(url).content.decode()
    assert html.count('<fieldset class="register__row"') == 2
    assert '<legend class="register__name">Amira Hussain</legend>' in html
    for label in ("Present", "Absent", "Apologies"):
        assert html.count(f">{label}</label>") == 2
    register = html[html.index('<form method="post" class="register"') :]
    assert register[: register.index("</form>")].count('type="radio"') == 6


def test_register_saves_and_shows_what_was_recorded(client, setup):
    amira, tom, session = setup["amira"], setup["tom"], setup["session"]
    client.force_login(setup["trainer"])
    url = reverse("training:register", args=[setup["cohort"].pk, session.pk])
    response = client.post(
        url, {f"learner_{amira.pk}": "present", f"learner_{tom.pk}": "apologies"}
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("learner_id", "status")) == {
        amira.pk: "present",
        tom.pk: "apologies",
    }
    html = client.get(url).content.decode()
    assert re.search(rf'name="learner_{amira.pk}" value="present"[^>]*checked', html)


def test_register_rejects_an_unknown_status_next_to_the_learner(client, setup):
    amira = setup["amira"]
    client.force_login(setup["trainer"])
    url = reverse("training:register", args=[setup["cohort"].pk, setup["session"].pk])
    html = client.post(url, {f"learner_{amira.pk}": "late"}).content.decode()
    assert f'id="id_learner_{amira.pk}_error"' in html
    assert "Choose present, absent or apologies for Amira Hussain" in html
    assert not Attendance.objects.exists()


# --- Dashboard and CSV ----------------------------------------------------------------


def test_dashboard_table_has_caption_and_headers(client, setup):
    amira, trainer, session = setup["amira"], setup["trainer"], setup["session"]
    services.attendance_record(
        session=session, learner=amira, status="present", recorded_by=trainer
    )
    module = ModulePage.objects.child_of(setup["course"]).order_by("path").first()
    services.module_progress_mark(user=amira, module=module)
    client.force_login(trainer)
    html = client.get(reverse("training:cohort_dashboard", args=[setup["cohort"].pk])).content
    html = html.decode()
    caption = r'<caption id="learners-caption">(<span[^>]*>)?Each learner\'s attendance'
    assert re.search(caption, html)
    # Explicit table roles, so the table is still announced as one when it stacks.
    assert '<th scope="row" role="rowheader">Amira Hussain</th>' in html
    assert '<th scope="col" role="columnheader">Learner</th>' in html
    assert "1 of 3 required modules done" in html
    assert ">Present</td>" in html
    assert ">Not recorded</td>" in html
    # Nobody has met a mentor, so both are due.
    assert html.count("<strong>Due</strong>") == 2


def test_attendance_csv(client, setup):
    amira, tom, session = setup["amira"], setup["tom"], setup["session"]
    services.attendance_record(session=session, learner=amira, status="present", recorded_by=None)
    client.force_login(setup["trainer"])
    response = client.get(reverse("training:attendance_csv", args=[setup["cohort"].pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="attendance-walsall-champions.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Learner", "Username"]
    assert rows[0][2] == f"Training day {session.date:%Y-%m-%d} 10:00"
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Amira Hussain"][2:] == ["Present", "1", "1", "0", "3"]
    assert by_name["Tom Bennett"][1] == tom.username
    assert by_name["Tom Bennett"][2] == "Not recorded"


def test_dashboard_and_csv_say_a_future_session_is_coming_up_not_unrecorded(client, setup):
    cohort, amira = setup["cohort"], setup["amira"]
    future = session_for(cohort, days_from_today=7)
    services.attendance_record(
        session=setup["session"], learner=amira, status="present", recorded_by=None
    )
    client.force_login(setup["trainer"])
    html = client.get(reverse("training:cohort_dashboard", args=[cohort.pk])).content.decode()
    timetable = html.split('id="timetable-caption"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", timetable, flags=re.S)[1:]  # after the header
    assert [("Coming up" in row, "Not taken" in row) for row in rows] == [
        (False, False),  # yesterday: 1 of 2 present
        (True, False),
    ]
    learners = html.split('id="learners-caption"', 1)[1].split("</table>", 1)[0]
    assert learners.count(">Coming up</td>") == 2  # one for each learner
    assert learners.count(">Not recorded</td>") == 1  # Tom, yesterday
    csv_text = client.get(reverse("training:attendance_csv", args=[cohort.pk])).content
    rows = list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))))
    assert rows[0][3] == f"Training day {future.date:%Y-%m-%d} 10:00"
    assert [row[3] for row in rows[1:]] == ["Coming up", "Coming up"]


# --- Mentoring and feedback summary ------------------------------------------------------


def test_log_a_mentoring_meeting(client, setup):
    client.force_login(setup["trainer"])
    url = reverse("training:mentoring", args=[setup["cohort"].pk])
    met_on = timezone.localdate() - timedelta(days=3)
    response = client.post(
        url, {"champion": setup["amira"].pk, "met_on": met_on.isoformat(), "notes": "Drop-ins"}
    )
    assert response.status_code == 302
    log = MentoringLog.objects.get()
    assert (log.mentor, log.champion, log.met_on) == (setup["trainer"], setup["amira"], met_on)
    html = client.get(reverse("training:cohort_dashboard", args=[setup["cohort"].pk])).content
    assert html.decode().count("<strong>Due</strong>") == 1


def test_mentoring_log_says_who_is_due_their_quarterly_meeting(client, setup):
    today = timezone.localdate()
    trainer, amira, tom = setup["trainer"], setup["amira"], setup["tom"]
    long_ago = today - timedelta(days=100)
    services.mentoring_log_create(mentor=trainer, champion=amira, met_on=long_ago)
    client.force_login(trainer)
    url = reverse("training:mentoring", args=[setup["cohort"].pk])
    html = client.get(url).content.decode()
    due = html.split("<h2>Due a meeting</h2>", 1)[1].split("<h2>", 1)[0]
    last_met = f"{long_ago.day} {long_ago:%B %Y}"
    assert f"<li>Amira Hussain: last met {last_met}</li>" in due
    assert "<li>Tom Bennett: not met yet</li>" in due
    services.mentoring_log_create(mentor=trainer, champion=amira, met_on=today - timedelta(days=5))
    services.mentoring_log_create(mentor=trainer, champion=tom, met_on=today)
    html = client.get(url).content.decode()
    due = html.split("<h2>Due a meeting</h2>", 1)[1].split("<h2>", 1)[0]
    assert "Amira Hussain" not in due
    assert "Nobody is due." in due


def test_mentoring_form_errors(client, setup):
    client.force_login(setup["trainer"])
    future = timezone.localdate() + timedelta(days=3)
    html = client.post(
        reverse("training:mentoring", args=[setup["cohort"].pk]),
        {"champion": learner().pk, "met_on": future.isoformat()},
    ).content.decode()
    assert '<a href="#id_champion">Choose someone from this group</a>' in html
    assert '<a href="#id_met_on">The date of the meeting must be today or in the past</a>' in html
    assert not MentoringLog.objects.exists()


def test_feedback_summary_page(client, setup):
    session = setup["session"]
    register_rules_mark_present(session, setup["amira"], setup["tom"])
    services.session_feedback_save(
        session=session, learner=setup["amira"], rating=5, went_well="Hearing real plans"
    )
    services.session_feedback_save(
        session=session, learner=setup["tom"], rating=2, could_be_better="Too fast"
    )
    client.force_login(setup["trainer"])
    html = client.get(
        reverse("training:feedback_summary", args=[setup["cohort"].pk, session.pk])
    ).content.decode()
    assert "3.5 out of 5 on average, from 2 people" in html
    assert "Hearing real plans" in html
    assert "Too fast" in html
    assert '<th scope="row">5 \u2013 Very good</th><td>1</td>' in html
