"""Demo learning records: a cohort running now, and the cascade that came before it.

The timetable follows the Walsall SPEaK model from the seeds: a two-hour
induction, three short training days (10:00 to 15:30), then an action
learning set. The cascade (``demo_cascade_ensure``): the demo champion trained
Lena Okoro last term and made her a champion; Lena then ran an enablers group,
whose two graduates (the demo enabler and Kofi Mensah) are in the enablers
register. Idempotent: run it again and it changes nothing it made before.
"""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from learning import roles, services, services_certificates
from learning.models import Attendance, Cohort
from learning.selectors import course_modules, person_name

COHORT_NAME = "Demo champions group"
CASCADE_CHAMPIONS = "Spring champions group"
CASCADE_ENABLERS = "Lena\u2019s enablers group"
CASCADE_CHAMPION = ("champion-lena", "Lena Okoro")
CASCADE_ENABLER = ("enabler-kofi", "Kofi Mensah")
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


def _finished_group(*, course, name: str, trainer, learners, start_days_ago: int, kinds):
    """A group that has met and finished: everyone present at every session, every
    module done (certificates follow from the course's own rule)."""
    cohort = services.cohort_create(course=course, name=name, created_by=trainer)
    for person in learners:
        services.cohort_learner_add(cohort=cohort, user=person)
    today = timezone.localdate()
    for number, kind in enumerate(kinds):
        session = services.cohort_session_save(
            cohort=cohort,
            session_type=kind,
            date=today - timedelta(days=start_days_ago - 7 * number),
            start_time=time(10),
            end_time=time(15, 30),
            venue=VENUE,
            modules=[],
        )
        services.attendance_register_save(
            session=session,
            statuses={p.pk: Attendance.Status.PRESENT for p in learners},
            recorded_by=trainer,
        )
    for person in learners:
        for module in course_modules(course=course):
            services.module_progress_mark(user=person, module=module)
    return cohort


def demo_cascade_ensure(*, champion) -> list[str]:
    """The champion trained Lena, made her a champion, and Lena trained two enablers."""
    champions_course = CoursePage.objects.live().filter(makes_role=CoursePage.Role.CHAMPION)
    enablers_course = CoursePage.objects.live().filter(makes_role=CoursePage.Role.ENABLER)
    champions_course = champions_course.order_by("path").first()
    enablers_course = enablers_course.order_by("path").first()
    enabler = get_user_model().objects.filter(username="enabler").first()
    if champions_course is None or enablers_course is None or enabler is None:
        return []
    if Cohort.objects.filter(name=CASCADE_CHAMPIONS).exists():
        return []
    lena = _learner(*CASCADE_CHAMPION)
    spring = _finished_group(
        course=champions_course,
        name=CASCADE_CHAMPIONS,
        trainer=champion,
        learners=[lena],
        start_days_ago=120,
        kinds=["induction", "training_day", "training_day", "training_day"],
    )
    services_certificates.sign_off_create(
        cohort=spring,
        learner=lena,
        signed_by=champion,
        comment="Ran the Helen scenario with the group and explained budgets in plain words.",
    )
    roles.champion_make(cohort=spring, learner=lena, by=champion)
    roles.role_award_details_update(
        user=lena, area="Walsall and Bloxwich", availability="Weekdays", taking_requests=True
    )
    kofi = _learner(*CASCADE_ENABLER)
    _finished_group(
        course=enablers_course,
        name=CASCADE_ENABLERS,
        trainer=lena,
        learners=[enabler, kofi],
        start_days_ago=60,
        kinds=["training_day", "training_day"],
    )
    for person, area, when in (
        (enabler, "Walsall town centre", "Tuesday and Thursday mornings"),
        (kofi, "Darlaston and Wednesbury", "Evenings and Saturdays; speaks Twi"),
    ):
        roles.role_award_details_update(
            user=person, area=area, availability=when, taking_requests=True
        )
    return [
        f"Cascade: {person_name(lena)} (trained by {person_name(champion)}) is a champion; "
        f"she trained the enablers {person_name(enabler)} and {person_name(kofi)}: "
        "/training/enablers/ (sign in as champion)"
    ]


@transaction.atomic
def demo_learning_ensure() -> list[str]:
    """Make the demo cohort on the first course, if there is a course and a champion,
    and the cascade of a trained champion and two enablers."""
    course = CoursePage.objects.live().order_by("path").first()
    user_model = get_user_model()
    champion = user_model.objects.filter(username="champion").first()
    learner = user_model.objects.filter(username="learner").first()
    if course is None or champion is None or learner is None:
        return []
    cascade = demo_cascade_ensure(champion=champion)
    existing = Cohort.objects.filter(course=course, name=COHORT_NAME).first()
    if existing is not None:
        return [f"Demo cohort: /training/cohorts/{existing.pk}/ (sign in as champion)", *cascade]

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
    return [f"Demo cohort: /training/cohorts/{cohort.pk}/ (sign in as champion)", *cascade]
