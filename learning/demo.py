"""Demo learning records: one cohort run by the demo champion, on the first course.

The timetable follows the Walsall SPEaK model from the seeds: a two-hour
induction, three short training days (10:00 to 15:30), then an action
learning set. Idempotent: run it again and it changes nothing it made before.
"""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from learning import services
from learning.models import Attendance, Cohort
from learning.selectors import course_modules

COHORT_NAME = "Demo champions group"
VENUE = "Community Centre, Room 2, 1 High Street"
# The two extra learners never sign in: they have no password, only records.
EXTRA_LEARNERS = (("learner-amira", "Amira Hussain"), ("learner-tom", "Tom Bennett"))


def _learner(username: str, full_name: str):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": full_name, "email": f"{username}@example.org"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def demo_learning_ensure() -> list[str]:
    """Make the demo cohort on the first course, if there is a course and a champion."""
    course = CoursePage.objects.live().order_by("path").first()
    user_model = get_user_model()
    champion = user_model.objects.filter(username="champion").first()
    learner = user_model.objects.filter(username="learner").first()
    if course is None or champion is None or learner is None:
        return []
    existing = Cohort.objects.filter(course=course, name=COHORT_NAME).first()
    if existing is not None:
        return [f"Demo cohort: /training/cohorts/{existing.pk}/ (sign in as champion)"]

    learners = [learner, *(_learner(u, n) for u, n in EXTRA_LEARNERS)]
    cohort = services.cohort_create(course=course, name=COHORT_NAME, created_by=champion)
    for person in learners:
        # An invitation is for one address, and only that address's account may use it.
        if not person.email:
            person.email = f"{person.username}@example.org"
            person.save(update_fields=["email"])
        # The same steps as accepting an emailed invitation.
        _, token = services.cohort_invitation_create(
            cohort=cohort, email=person.email, invited_by=champion
        )
        services.cohort_invitation_accept(token=token, user=person)

    today = timezone.localdate()
    modules = course_modules(course=course)
    thirds = [modules[i::3] for i in range(3)]
    timetable = [
        ("induction", today - timedelta(days=21), time(10), time(12), []),
        ("training_day", today - timedelta(days=14), time(10), time(15, 30), thirds[0]),
        ("training_day", today - timedelta(days=7), time(10), time(15, 30), thirds[1]),
        ("training_day", today + timedelta(days=7), time(10), time(15, 30), thirds[2]),
        ("action_learning_set", today + timedelta(days=35), time(13), time(15), []),
    ]
    sessions = [
        services.cohort_session_save(
            cohort=cohort,
            session_type=kind,
            date=day,
            start_time=start,
            end_time=end,
            venue=VENUE,
            modules=covered,
        )
        for kind, day, start, end, covered in timetable
    ]
    present, absent, apologies = (
        Attendance.Status.PRESENT,
        Attendance.Status.ABSENT,
        Attendance.Status.APOLOGIES,
    )
    registers = [
        [present, present, present],
        [present, apologies, present],
        [present, present, absent],
    ]
    for session, statuses in zip(sessions, registers, strict=False):
        services.attendance_register_save(
            session=session,
            statuses={p.pk: s for p, s in zip(learners, statuses, strict=True)},
            recorded_by=champion,
        )

    services.session_feedback_save(
        session=sessions[0],
        learner=learners[0],
        rating=5,
        went_well="Meeting everyone, and the clear timetable in the information pack.",
        could_be_better="A longer break in the middle.",
    )
    services.session_feedback_save(
        session=sessions[0],
        learner=learners[1],
        rating=4,
        went_well="The easy read handout.",
    )
    services.session_feedback_save(
        session=sessions[1],
        learner=learners[2],
        rating=3,
        could_be_better="It went quickly. More time for the Helen scenario, please.",
    )
    services.mentoring_log_create(
        mentor=champion,
        champion=learners[0],
        met_on=today - timedelta(days=10),
        notes="Talked through running a first drop-in. Agreed to shadow one in two weeks.",
        next_meeting_on=today + timedelta(days=80),
        cohort=cohort,
    )
    # The demo learner has done the first two required modules.
    for module in [m for m in modules if m.is_required][:2]:
        services.module_progress_mark(user=learners[0], module=module)
    return [f"Demo cohort: /training/cohorts/{cohort.pk}/ (sign in as champion)"]
