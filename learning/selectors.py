"""Reads for learning: progress, certificates, cohort dashboards, feedback summaries.

Each page-sized read uses a fixed number of queries, however many learners,
modules or sessions there are: rows are fetched in bulk and joined in Python.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from cms.roles import CHAMPIONS, ENABLERS
from courses.models import CoursePage, ModulePage, TrainingIndexPage, TrainingSettings
from learning.certificates import CertificateDetails, Issuer
from learning.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortInvitation,
    CohortSession,
    Enrolment,
    MentoringLog,
    ModuleProgress,
    SessionFeedback,
    SignOff,
)
from learning.services import feedback_closed_reason, user_can_create_cohorts

# What the dashboard and the CSV say for a session that has not happened yet.
UPCOMING = "Coming up"
# "Quarterly": a champion with no mentoring meeting in the last 92 days is due one.
MENTORING_INTERVAL_DAYS = 92
RATING_LABELS = {1: "Not good", 2: "Not so good", 3: "OK", 4: "Good", 5: "Very good"}


# --- Progress -----------------------------------------------------------------------


@dataclass
class CourseProgress:
    """Where one learner is on one course."""

    course: CoursePage
    modules: list[ModulePage]
    done: dict[int, datetime]  # module id -> when it was marked done
    enrolment: Enrolment | None = None
    # What finishing still needs (learning.completion.Completion), for enrolled learners.
    completion: object | None = None

    @property
    def required(self) -> list[ModulePage]:
        return [m for m in self.modules if m.is_required]

    @property
    def required_total(self) -> int:
        return len(self.required)

    @property
    def required_done(self) -> int:
        return sum(1 for m in self.required if m.pk in self.done)

    @property
    def is_complete(self) -> bool:
        """All required modules done. A course with no required modules has no certificate."""
        return self.required_total > 0 and self.required_done == self.required_total

    @property
    def next_module(self) -> ModulePage | None:
        """The first required module, in course order, that is not done yet."""
        return next((m for m in self.required if m.pk not in self.done), None)

    @property
    def completed_at(self) -> datetime | None:
        """When the last required module was marked done: the date on the certificate."""
        if not self.is_complete:
            return None
        return max(self.done[m.pk] for m in self.required)

    @property
    def summary(self) -> str:
        """The text equivalent of the progress bar."""
        total = self.required_total
        noun = "required module" if total == 1 else "required modules"
        return f"{self.required_done} of {total} {noun} done"

    def is_done(self, module: ModulePage) -> bool:
        return module.pk in self.done


def modules_by_course(*, courses: list[CoursePage]) -> dict[int, list[ModulePage]]:
    """Each course's live modules, in the order editors arranged them. One query."""
    result: dict[int, list[ModulePage]] = {course.pk: [] for course in courses}
    if not courses:
        return result
    by_path = {course.path: course.pk for course in courses}
    condition = reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses))
    for module in ModulePage.objects.live().filter(condition).order_by("path"):
        course_id = by_path.get(module.path[: -Page.steplen])
        if course_id is not None:
            result[course_id].append(module)
    return result


def course_modules(*, course: CoursePage) -> list[ModulePage]:
    """A course's live modules, in order."""
    return modules_by_course(courses=[course])[course.pk]


def _done_for(*, user, module_ids: list[int]) -> dict[int, datetime]:
    if not module_ids:
        return {}
    return dict(
        ModuleProgress.objects.filter(user=user, module_id__in=module_ids).values_list(
            "module_id", "completed_at"
        )
    )


def course_progress(*, user, course: CoursePage) -> CourseProgress:
    """One learner's progress on one course (enrolled or not)."""
    modules = course_modules(course=course)
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    progress = CourseProgress(
        course=course,
        modules=modules,
        done=_done_for(user=user, module_ids=[m.pk for m in modules]),
        enrolment=enrolment,
    )
    _completions_attach(progress=[progress])
    return progress


def my_learning(*, user) -> list[CourseProgress]:
    """Every live course the learner is enrolled on, with progress. Three queries."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True).select_related("course")
    )
    courses = [e.course for e in enrolments]
    modules = modules_by_course(courses=courses)
    done = _done_for(user=user, module_ids=[m.pk for ms in modules.values() for m in ms])
    progress = [
        CourseProgress(
            course=e.course,
            modules=modules[e.course.pk],
            done={pk: at for pk, at in done.items() if pk in {m.pk for m in modules[e.course.pk]}},
            enrolment=e,
        )
        for e in enrolments
    ]
    _completions_attach(progress=progress)
    return progress


def _completions_attach(*, progress: list[CourseProgress]) -> None:
    """What finishing each course still needs (at most five more queries)."""
    # Imported here: learning.completion reads progress through this module.
    from learning.completion import completions_attach

    completions_attach(progress=progress)


# --- Certificates ------------------------------------------------------------------


LEFT_NAME = "A trainer who has left"


def person_name(user) -> str:
    """The name to show for a person: the name they gave, or their username (or, for a
    trainer whose account is gone from a record, that they have left)."""
    if user is None:
        return LEFT_NAME
    return user.get_full_name() or user.get_username()


def issuer_get(*, request=None, site=None) -> Issuer:
    """Who issues certificates: the site's training settings (name, logo, address), or
    the site's name when none is set."""
    try:
        if request is not None:
            found = TrainingSettings.for_request(request)
        else:
            site = site or Site.objects.filter(is_default_site=True).first()
            found = TrainingSettings.for_site(site)
    except TrainingSettings.DoesNotExist:
        return Issuer()
    return Issuer(
        name=found.issuer_name.strip() or settings.WAGTAIL_SITE_NAME,
        address_lines=tuple(found.issuer_address_lines),
        logo=found.issuer_logo,
    )


def certificate_check_path(code: str) -> str:
    """The public page that checks a certificate: what its QR code opens."""
    return reverse("training:certificate_check_code", args=[code])


def certificate_details(
    *,
    certificate: Certificate,
    issuer: Issuer | None = None,
    check_url: Callable[[str], str] = certificate_check_path,
    check_page_url: str = "",
) -> CertificateDetails:
    """What a certificate says, read from its sources: the holder's name, the course, the
    trainer who signed it off (or the group's trainers), the sessions they came to
    up to the day it was issued, and the issuer. Three queries (and the issuer's)."""
    enrolment = certificate.enrolment
    user, course = enrolment.user, enrolment.course
    issued_on = timezone.localdate(certificate.issued_at)
    sign_off = SignOff.objects.filter(enrolment=enrolment).select_related("signed_by").first()
    days = Attendance.objects.filter(
        learner=user,
        status=Attendance.Status.PRESENT,
        session__cohort__course=course,
        session__date__lte=issued_on,
    ).values_list("session__date", flat=True)
    trainers = []
    if sign_off is None:
        trainers = (
            get_user_model()
            .objects.filter(cohorts_training__course=course, cohorts_training__learners=user)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
    withdrawn = certificate.withdrawn_at
    return CertificateDetails(
        enrolment_id=enrolment.pk,
        learner_name=person_name(user),
        course_title=course.title,
        hours=course.total_hours,
        completed_on=issued_on,
        code=certificate.code,
        check_url=check_url(certificate.code),
        check_page_url=check_page_url,
        issuer=issuer or issuer_get(),
        signed_off_by=person_name(sign_off.signed_by) if sign_off else "",
        trained_by=tuple(person_name(t) for t in trainers),
        dates_attended=tuple(sorted(set(days))),
        withdrawn_on=timezone.localdate(withdrawn) if withdrawn else None,
    )


def certificate_get(
    *,
    user,
    enrolment_id: int,
    issuer: Issuer | None = None,
    check_url: Callable[[str], str] = certificate_check_path,
    check_page_url: str = "",
) -> CertificateDetails | None:
    """The learner's own certificate, withdrawn or not; None if it is not theirs or has
    not been issued. Only a ``Certificate`` record makes one: ticking modules alone
    does not, unless the course asks for nothing more."""
    certificate = (
        Certificate.objects.filter(
            enrolment_id=enrolment_id, enrolment__user=user, enrolment__course__live=True
        )
        .select_related("enrolment__user", "enrolment__course")
        .first()
    )
    if certificate is None:
        return None
    return certificate_details(
        certificate=certificate,
        issuer=issuer,
        check_url=check_url,
        check_page_url=check_page_url,
    )


@dataclass(frozen=True)
class CertificateCheck:
    """What the public check page may say about a code: nothing else about anyone."""

    certificate: Certificate
    learner_name: str
    course_title: str
    issued_on: date
    withdrawn_on: date | None


def certificate_check(*, code: str) -> CertificateCheck | None:
    """The certificate with this code (as stored: ``7K3Q-9XWD-M2PA``), or None. One query."""
    certificate = (
        Certificate.objects.filter(code=code)
        .select_related("enrolment__user", "enrolment__course")
        .first()
    )
    if certificate is None:
        return None
    withdrawn = certificate.withdrawn_at
    return CertificateCheck(
        certificate=certificate,
        learner_name=person_name(certificate.enrolment.user),
        course_title=certificate.enrolment.course.title,
        issued_on=timezone.localdate(certificate.issued_at),
        withdrawn_on=timezone.localdate(withdrawn) if withdrawn else None,
    )


# --- What course and module pages show ----------------------------------------------------


def learning_page_context(*, request, page) -> dict:
    """Context for course, module and training index pages (the ``training_page_context``
    hook): the learner's state as ``learning``, and the template that shows it as
    ``learning_panel`` (with its stylesheet as ``learning_head``)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    learning: dict = {"signed_in": signed_in}
    if isinstance(page, CoursePage):
        panel = "learning/_course_enrol.html"
        if signed_in:
            progress = course_progress(user=user, course=page)
            learning.update(enrolled=progress.enrolment is not None, progress=progress)
    elif isinstance(page, ModulePage):
        panel = "learning/_module_done.html"
        if signed_in:
            progress = ModuleProgress.objects.filter(user=user, module=page).first()
            learning.update(
                done=progress is not None, done_at=progress.completed_at if progress else None
            )
    elif isinstance(page, TrainingIndexPage):
        panel = "learning/_training_index.html"
        if signed_in:
            learning["is_trainer"] = user_is_trainer(user=user)
    else:
        return {"learning": learning}
    return {"learning": learning, "learning_panel": panel, "learning_head": "learning/_head.html"}


# --- Access ----------------------------------------------------------------------


def user_is_trainer(*, user) -> bool:
    """Whether to show someone the way to "Groups you train": champions (who may start
    a group), superusers, and anyone who already trains a group."""
    return user_can_create_cohorts(user=user) or cohorts_managed_by(user=user).exists()


def cohorts_managed_by(*, user) -> QuerySet[Cohort]:
    """The cohorts a person may manage: the ones they train (every one, for superusers)."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    cohorts = Cohort.objects.select_related("course")
    if user.is_superuser:
        return cohorts
    return cohorts.filter(trainers=user)


def cohort_sessions_visible_to(*, user) -> QuerySet[CohortSession]:
    """Sessions a person may see: their own cohorts', as a learner or a trainer."""
    if not user.is_authenticated:
        return CohortSession.objects.none()
    sessions = CohortSession.objects.select_related("cohort", "cohort__course")
    if user.is_superuser:
        return sessions
    mine = Q(cohort__learners=user) | Q(cohort__trainers=user)
    return sessions.filter(pk__in=CohortSession.objects.filter(mine).values("pk"))


def cohort_sessions_for_learner(*, user) -> QuerySet[CohortSession]:
    """Sessions of the cohorts this person is a learner in (the only ones they give feedback on)."""
    if not user.is_authenticated:
        return CohortSession.objects.none()
    return CohortSession.objects.select_related("cohort", "cohort__course").filter(
        cohort__learners=user
    )


# --- A learner's timetable ---------------------------------------------------------------


@dataclass
class LearnerSessionRow:
    session: CohortSession
    attendance: str  # label, or "" if not recorded
    feedback_given: bool
    feedback_open: bool  # marked present at a session that has happened
    feedback_note: str = ""  # why not, in plain words, once the session has happened


def learner_sessions(*, user, today: date | None = None) -> list[LearnerSessionRow]:
    """The learner's own cohort sessions, soonest first. Three queries."""
    today = today or timezone.localdate()
    sessions = list(cohort_sessions_for_learner(user=user).order_by("date", "start_time"))
    ids = [s.pk for s in sessions]
    attended = dict(
        Attendance.objects.filter(learner=user, session_id__in=ids).values_list(
            "session_id", "status"
        )
    )
    given = set(
        SessionFeedback.objects.filter(learner=user, session_id__in=ids).values_list(
            "session_id", flat=True
        )
    )
    labels = dict(Attendance.Status.choices)
    rows = []
    for s in sessions:
        reason = feedback_closed_reason(session=s, status=attended.get(s.pk, ""), today=today)
        rows.append(
            LearnerSessionRow(
                session=s,
                attendance=labels.get(attended.get(s.pk), ""),
                feedback_given=s.pk in given,
                feedback_open=not reason,
                # A session still to come needs no explanation.
                feedback_note=reason if s.date <= today else "",
            )
        )
    return rows


# --- Feedback ----------------------------------------------------------------------


@dataclass
class FeedbackSummary:
    """Feedback on one session, for the trainers."""

    count: int = 0
    average: Decimal | None = None
    ratings: dict[int, int] = field(default_factory=dict)  # rating -> how many
    went_well: list[str] = field(default_factory=list)
    could_be_better: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        if not self.count:
            return "No feedback yet"
        people = "person" if self.count == 1 else "people"
        return f"{self.average} out of 5 on average, from {self.count} {people}"


def _average(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def feedback_summary(*, session: CohortSession) -> FeedbackSummary:
    """Average, count, how many gave each rating, and every comment. One query."""
    rows = list(session.feedback.order_by("created_at", "id"))
    if not rows:
        return FeedbackSummary(ratings=dict.fromkeys(RATING_LABELS, 0))
    counts = Counter(r.rating for r in rows)
    return FeedbackSummary(
        count=len(rows),
        average=_average(sum(r.rating for r in rows) / len(rows)),
        ratings={rating: counts.get(rating, 0) for rating in RATING_LABELS},
        went_well=[r.went_well for r in rows if r.went_well],
        could_be_better=[r.could_be_better for r in rows if r.could_be_better],
    )


# --- Mentoring ----------------------------------------------------------------------


def mentoring_is_due(*, last_met_on: date | None, today: date) -> bool:
    """Due a quarterly meeting: no meeting in the last 92 days (or none ever)."""
    return last_met_on is None or last_met_on < today - timedelta(days=MENTORING_INTERVAL_DAYS)


def mentoring_last_met(*, champion_ids: list[int]) -> dict[int, date]:
    """Each champion's latest mentoring meeting, with any mentor. One query."""
    if not champion_ids:
        return {}
    return {
        row["champion"]: row["last"]
        for row in MentoringLog.objects.filter(champion_id__in=champion_ids)
        .values("champion")
        .annotate(last=Max("met_on"))
    }


def mentoring_settings(*, training_settings: TrainingSettings | None = None) -> TrainingSettings:
    """The ULO's choice of which roles meet a mentor: the default site's training
    settings, or their defaults if never saved. One query (none if given)."""
    if training_settings is not None:
        return training_settings
    found = TrainingSettings.objects.filter(site__is_default_site=True).first()
    return found or TrainingSettings()


def course_trains_for(*, course: CoursePage) -> str:
    """The role a course trains people for ("champion", "enabler" or ""): what finishing
    it makes them or, for a course that does not say, the audience it is written for."""
    if course.makes_role:
        return course.makes_role
    return {
        CoursePage.Audience.CHAMPIONS: CoursePage.Role.CHAMPION,
        CoursePage.Audience.ENABLERS: CoursePage.Role.ENABLER,
    }.get(course.audience, "")


def mentoring_is_needed(
    *, is_champion: bool, is_enabler: bool, trains_for: str, training_settings: TrainingSettings
) -> bool:
    """Whether someone meets a mentor quarterly: a role they hold, or are training for
    in this group, is one the ULO set to need it."""
    champion = is_champion or trains_for == CoursePage.Role.CHAMPION
    enabler = is_enabler or trains_for == CoursePage.Role.ENABLER
    return (champion and training_settings.mentoring_for_champions) or (
        enabler and training_settings.mentoring_for_enablers
    )


def _learners_with_roles(cohort: Cohort) -> list:
    """The cohort's learners in name order, each with ``is_champion`` and ``is_enabler``
    (the groups, read in the same query)."""
    through = get_user_model().groups.through

    def member_of(name: str) -> Exists:
        return Exists(through.objects.filter(user_id=OuterRef("pk"), group__name=name))

    return list(
        cohort.learners.annotate(
            is_champion=member_of(CHAMPIONS), is_enabler=member_of(ENABLERS)
        ).order_by("first_name", "last_name", "username")
    )


def _mentoring_needed_for(cohort: Cohort, training_settings: TrainingSettings | None):
    """A function telling, for a learner from ``_learners_with_roles``, whether they need
    mentoring. One query for the settings, unless given."""
    found = mentoring_settings(training_settings=training_settings)
    trains_for = course_trains_for(course=cohort.course)
    return lambda person: mentoring_is_needed(
        is_champion=person.is_champion,
        is_enabler=person.is_enabler,
        trains_for=trains_for,
        training_settings=found,
    )


@dataclass(frozen=True)
class MentoringStatus:
    """One person in a cohort: when they last met a mentor, and whether a meeting is due."""

    person: object
    name: str
    last_met_on: date | None
    is_due: bool
    # False for people whose roles do not need mentoring (TrainingSettings): never due.
    is_needed: bool = True


@dataclass(frozen=True)
class MentoringOverview:
    """Everyone in a cohort, for the mentoring log page."""

    people: list[MentoringStatus]

    @property
    def due(self) -> list[MentoringStatus]:
        """The people due their quarterly meeting, in name order."""
        return [status for status in self.people if status.is_due]

    @property
    def needed(self) -> list[MentoringStatus]:
        """The people whose role needs mentoring, due or not."""
        return [status for status in self.people if status.is_needed]


def mentoring_overview(
    *,
    cohort: Cohort,
    today: date | None = None,
    training_settings: TrainingSettings | None = None,
) -> MentoringOverview:
    """Who in the cohort is due a quarterly mentoring meeting: only those whose role
    (held, or trained for in this group) needs one. Three queries."""
    today = today or timezone.localdate()
    people = _learners_with_roles(cohort)
    needed = _mentoring_needed_for(cohort, training_settings)
    last_met = mentoring_last_met(champion_ids=[person.pk for person in people])
    statuses = []
    for person in people:
        is_needed = needed(person)
        statuses.append(
            MentoringStatus(
                person=person,
                name=person_name(person),
                last_met_on=last_met.get(person.pk),
                is_due=is_needed
                and mentoring_is_due(last_met_on=last_met.get(person.pk), today=today),
                is_needed=is_needed,
            )
        )
    return MentoringOverview(people=statuses)


def mentoring_logs_for(*, cohort: Cohort) -> QuerySet[MentoringLog]:
    """Mentoring meetings with this cohort's learners, newest first."""
    return MentoringLog.objects.filter(champion__in=cohort.learners.all()).select_related(
        "mentor", "champion"
    )


# --- The cohort dashboard -------------------------------------------------------------


@dataclass
class SessionRow:
    session: CohortSession
    present: int
    recorded: int
    feedback_count: int
    feedback_average: Decimal | None
    is_upcoming: bool = False  # after today: no register to take yet


@dataclass
class LearnerRow:
    learner: object
    name: str
    attendance: list[str]  # one label per session: "" if not recorded, UPCOMING if not yet
    present: int
    recorded: int
    required_done: int
    required_total: int
    next_module: ModulePage | None
    last_mentoring: date | None
    mentoring_due: bool
    # False for people whose roles do not need mentoring (TrainingSettings): never due.
    mentoring_needed: bool = True

    @property
    def progress_text(self) -> str:
        return f"{self.required_done} of {self.required_total} required modules done"


@dataclass
class CohortDashboard:
    cohort: Cohort
    sessions: list[SessionRow]
    learners: list[LearnerRow]
    trainers: list
    modules: list[ModulePage]
    pending_invitations: list[CohortInvitation]

    @property
    def due_for_mentoring(self) -> list[LearnerRow]:
        return [row for row in self.learners if row.mentoring_due]

    @property
    def needs_mentoring(self) -> list[LearnerRow]:
        return [row for row in self.learners if row.mentoring_needed]


def cohort_dashboard(
    *,
    cohort: Cohort,
    today: date | None = None,
    training_settings: TrainingSettings | None = None,
) -> CohortDashboard:
    """Everything the cohort dashboard shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    sessions = list(cohort.sessions.all())
    learners = _learners_with_roles(cohort)
    mentoring_needed = _mentoring_needed_for(cohort, training_settings)
    learner_ids = [u.pk for u in learners]
    modules = course_modules(course=cohort.course)
    required_ids = {m.pk for m in modules if m.is_required}

    attendance: dict[tuple[int, int], str] = {
        (session_id, learner_id): status
        for session_id, learner_id, status in Attendance.objects.filter(
            session__cohort=cohort
        ).values_list("session_id", "learner_id", "status")
    }
    done_by_learner: dict[int, set[int]] = defaultdict(set)
    if learner_ids and required_ids:
        for user_id, module_id in ModuleProgress.objects.filter(
            user_id__in=learner_ids, module_id__in=required_ids
        ).values_list("user_id", "module_id"):
            done_by_learner[user_id].add(module_id)
    last_met = mentoring_last_met(champion_ids=learner_ids)
    feedback = {
        row["session"]: row
        for row in SessionFeedback.objects.filter(session__cohort=cohort)
        .values("session")
        .annotate(count=Count("id"), average=Avg("rating"))
    }
    labels = dict(Attendance.Status.choices)
    present = Attendance.Status.PRESENT

    session_rows = []
    for s in sessions:
        statuses = [attendance.get((s.pk, pk)) for pk in learner_ids]
        row = feedback.get(s.pk, {})
        session_rows.append(
            SessionRow(
                session=s,
                present=sum(1 for st in statuses if st == present),
                recorded=sum(1 for st in statuses if st),
                feedback_count=row.get("count", 0),
                feedback_average=_average(row.get("average")),
                is_upcoming=s.date > today,
            )
        )
    learner_rows = []
    for learner in learners:
        statuses = [attendance.get((s.pk, learner.pk)) for s in sessions]
        done = done_by_learner.get(learner.pk, set())
        needs_mentoring = mentoring_needed(learner)
        learner_rows.append(
            LearnerRow(
                learner=learner,
                name=person_name(learner),
                attendance=[
                    labels.get(st) or (UPCOMING if s.date > today else "")
                    for s, st in zip(sessions, statuses, strict=True)
                ],
                present=sum(1 for st in statuses if st == present),
                recorded=sum(1 for st in statuses if st),
                required_done=len(done),
                required_total=len(required_ids),
                next_module=next((m for m in modules if m.is_required and m.pk not in done), None),
                last_mentoring=last_met.get(learner.pk),
                mentoring_due=needs_mentoring
                and mentoring_is_due(last_met_on=last_met.get(learner.pk), today=today),
                mentoring_needed=needs_mentoring,
            )
        )
    return CohortDashboard(
        cohort=cohort,
        sessions=session_rows,
        learners=learner_rows,
        trainers=list(cohort.trainers.order_by("first_name", "username")),
        modules=modules,
        pending_invitations=list(
            cohort.invitations.filter(accepted_by__isnull=True, expires_at__gt=timezone.now())
        ),
    )


def _csv_safe(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def attendance_csv_rows(*, cohort: Cohort) -> list[list[str]]:
    """The attendance table as rows for a CSV file, header first."""
    dashboard = cohort_dashboard(cohort=cohort)
    header = [
        "Learner",
        "Username",
        *(
            f"{r.session.get_session_type_display()} {r.session.date:%Y-%m-%d} "
            f"{r.session.start_time:%H:%M}"
            for r in dashboard.sessions
        ),
        "Sessions present",
        "Sessions recorded",
        "Required modules done",
        "Required modules in course",
    ]
    rows = [header]
    for row in dashboard.learners:
        rows.append(
            [
                _csv_safe(row.name),
                _csv_safe(row.learner.get_username()),
                *(label or "Not recorded" for label in row.attendance),
                str(row.present),
                str(row.recorded),
                str(row.required_done),
                str(row.required_total),
            ]
        )
    return rows


def register_rows(*, session: CohortSession) -> list[tuple[object, str]]:
    """(learner, current status or "") for each learner in the session's cohort. Two queries."""
    learners = list(session.cohort.learners.order_by("first_name", "last_name", "username"))
    current = dict(Attendance.objects.filter(session=session).values_list("learner_id", "status"))
    return [(learner, current.get(learner.pk, "")) for learner in learners]
