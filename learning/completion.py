"""Finishing a course: what its completion rule asks, what a learner has done, and what
is still needed, in plain words.

A course's rule lives on ``CoursePage``. Its required modules are always needed.
Then, by ``attendance_needed``, being marked present at the sessions that count
("core": the induction and every training day; "all": every session on the
group's timetable). Then, where ``needs_sign_off`` is ticked, a trainer's
sign-off with a comment.

``completion_evaluate`` is the rule itself: plain data in, plain words out, no
database. ``completions_attach`` reads what the rule needs for many learners and
courses at once, in a fixed number of queries, for my learning, a course page,
the cohort dashboard and issuing a certificate.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from courses.models import CoursePage
from learning.models import (
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Enrolment,
    ModuleProgress,
    SignOff,
)
from learning.selectors import CourseProgress, course_modules, person_name

NONE = CoursePage.AttendanceNeeded.NONE
CORE = CoursePage.AttendanceNeeded.CORE
ALL = CoursePage.AttendanceNeeded.ALL
# The sessions that count for "core": the induction and the training days, not the
# drop-ins and action learning sets that carry on around them.
CORE_TYPES = frozenset(
    {CohortSession.SessionType.INDUCTION, CohortSession.SessionType.TRAINING_DAY}
)
PRESENT = Attendance.Status.PRESENT


# --- The rule: plain data in, plain words out ------------------------------------------


@dataclass(frozen=True)
class Rule:
    """What a course asks beyond its required modules."""

    attendance: str = NONE
    sign_off: bool = False


@dataclass(frozen=True)
class SessionMark:
    """One session on a learner's group timetable, and how its register marked them."""

    kind: str  # a CohortSession.SessionType value
    label: str  # "training day"
    day: date
    ends_at: datetime
    status: str = ""  # an Attendance.Status value, or "" if not recorded


@dataclass(frozen=True)
class Need:
    """One thing still needed: in words to the learner, and in words about them to a trainer."""

    code: str
    text: str
    about: str


@dataclass(frozen=True)
class Evaluation:
    """What the rule says about one learner on one course."""

    needs: tuple[Need, ...]
    done: tuple[str, ...]
    completed_at: datetime | None
    group: int | None  # which of the learner's groups the attendance counts from

    @property
    def is_complete(self) -> bool:
        return not self.needs


def session_counts(*, attendance: str, kind: str) -> bool:
    """Whether a session of this type is one the learner must be marked present at."""
    if attendance == ALL:
        return True
    if attendance == CORE:
        return kind in CORE_TYPES
    return False


def _day_text(day: date, today: date) -> str:
    """'12 March', with the year only when it is not this year's."""
    text = f"{day.day} {day:%B}"
    return text if day.year == today.year else f"{text} {day.year}"


def _missing_need(mark: SessionMark, today: date) -> Need:
    on = _day_text(mark.day, today)
    about = f"{mark.label[:1].upper()}{mark.label[1:]} on {on}"
    if mark.status == Attendance.Status.ABSENT:
        return Need(
            "attend",
            f"Come to the {mark.label} on {on} (you were marked absent)",
            f"{about}: absent",
        )
    if mark.status == Attendance.Status.APOLOGIES:
        return Need(
            "attend",
            f"Come to the {mark.label} on {on} (you sent apologies)",
            f"{about}: apologies",
        )
    if mark.day > today:
        return Need("attend", f"Come to the {mark.label} on {on}", f"{about}: coming up")
    return Need(
        "attend",
        f"Be marked present at the {mark.label} on {on} (the register has not been taken yet)",
        f"{about}: register not taken",
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def completion_evaluate(
    *,
    rule: Rule,
    required_total: int,
    required_done: int,
    modules_done_at: datetime | None,
    groups: Sequence[Sequence[SessionMark]],
    signed_off_at: datetime | None,
    signed_off_by: str = "",
    today: date,
) -> Evaluation:
    """Apply a course's rule to what one learner has done.

    ``groups`` holds the timetable of each group on the course the learner is in,
    most recent group first. Attendance counts from the one group they are
    closest to finishing in (someone who moved groups finishes in the new one).
    A course with no required modules has no certificate, as before.
    """
    needs: list[Need] = []
    done: list[str] = []
    moments: list[datetime] = []

    left = required_total - required_done
    if required_total == 0:
        needs.append(
            Need(
                "no_modules",
                "This course has no required modules yet, so it has no certificate yet",
                "The course has no required modules yet",
            )
        )
    elif left > 0:
        noun = _plural(left, "more required module", "more required modules")
        needs.append(
            Need("modules", f"Mark {noun} as done", f"{_plural(left, 'module', 'modules')} to do")
        )
    else:
        done.append(f"Done all {_plural(required_total, 'required module', 'required modules')}")
        if modules_done_at is not None:
            moments.append(modules_done_at)

    group = None
    if rule.attendance != NONE:
        if not groups:
            needs.append(
                Need("join_group", "Join a group to attend the sessions", "Not in a group")
            )
        else:
            counted = [
                [m for m in marks if session_counts(attendance=rule.attendance, kind=m.kind)]
                for marks in groups
            ]
            # Closest to finishing: a timetable with sessions that count, then fewest missed.
            group = min(
                range(len(groups)),
                key=lambda i: (not counted[i], sum(m.status != PRESENT for m in counted[i])),
            )
            marks = counted[group]
            missing = [m for m in marks if m.status != PRESENT]
            if not marks:
                what = "induction and training days" if rule.attendance == CORE else "sessions"
                needs.append(
                    Need(
                        "no_sessions",
                        f"Your trainer adds the {what} to your group\u2019s timetable",
                        f"No {what} on the timetable yet",
                    )
                )
            elif missing:
                needs.extend(_missing_need(m, today) for m in missing)
            else:
                done.append(
                    f"Came to the {marks[0].label} on {_day_text(marks[0].day, today)}"
                    if len(marks) == 1
                    else f"Came to all {len(marks)} sessions that count"
                )
                moments.append(max(m.ends_at for m in marks))

    if rule.sign_off:
        if signed_off_at is None:
            needs.append(
                Need(
                    "sign_off",
                    "Your trainer signs you off at the end of the course",
                    "Not signed off yet",
                )
            )
        else:
            on = _day_text(timezone.localtime(signed_off_at).date(), today)
            done.append(f"Signed off by {signed_off_by} on {on}" if signed_off_by else "Signed off")
            moments.append(signed_off_at)

    completed_at = None
    if not needs and moments:
        # When the rule was met: the last thing it waited for (never later than now).
        completed_at = min(max(moments), timezone.now())
    return Evaluation(needs=tuple(needs), done=tuple(done), completed_at=completed_at, group=group)


# --- Reading what the rule needs -----------------------------------------------------------


@dataclass(frozen=True)
class Completion:
    """One learner on one course: the rule's answer, and the records behind it."""

    enrolment: Enrolment
    evaluation: Evaluation
    cohort: Cohort | None  # the group it counts from: the sign-off's, or the closest to done
    sign_off: SignOff | None
    certificate: Certificate | None

    @property
    def needs(self) -> tuple[Need, ...]:
        return self.evaluation.needs

    @property
    def done(self) -> tuple[str, ...]:
        return self.evaluation.done

    @property
    def is_complete(self) -> bool:
        return self.evaluation.is_complete

    @property
    def completed_at(self) -> datetime | None:
        return self.evaluation.completed_at

    @property
    def still_to_do(self) -> tuple[Need, ...]:
        """The needs a learner can act on (a course without required modules says so itself)."""
        return tuple(need for need in self.needs if need.code != "no_modules")

    @property
    def has_certificate(self) -> bool:
        """A certificate to link to: issued, or due (the rule is met; it is made when opened)."""
        return self.certificate is not None or self.is_complete

    @property
    def waits_for_sign_off(self) -> bool:
        return self.enrolment.course.needs_sign_off and self.sign_off is None


def _end(session: CohortSession) -> datetime:
    return timezone.make_aware(datetime.combine(session.date, session.end_time))


def completions_attach(*, progress: Sequence[CourseProgress], today: date | None = None) -> None:
    """Set ``completion`` on each enrolled ``CourseProgress``. At most five queries,
    however many learners, courses, groups or sessions.

    The progress items may be for many learners (the cohort dashboard) or many
    courses (my learning). An enrolment not saved yet (a learner added to a group
    by hand) is evaluated too, with no sign-off or certificate.
    """
    today = today or timezone.localdate()
    items = [p for p in progress if p.enrolment is not None]
    if not items:
        return
    user_ids = {p.enrolment.user_id for p in items}
    course_ids = {p.course.pk for p in items}
    enrolment_ids = [p.enrolment.pk for p in items if p.enrolment.pk]

    memberships = Cohort.learners.through.objects.filter(
        user_id__in=user_ids, cohort__course_id__in=course_ids
    ).select_related("cohort")
    groups_of: dict[tuple[int, int], list[Cohort]] = defaultdict(list)
    for row in memberships:
        groups_of[(row.user_id, row.cohort.course_id)].append(row.cohort)
    cohort_ids = {c.pk for cohorts in groups_of.values() for c in cohorts}

    sessions: dict[int, list[CohortSession]] = defaultdict(list)
    marks: dict[tuple[int, int], str] = {}
    if cohort_ids:
        for session in CohortSession.objects.filter(cohort_id__in=cohort_ids):
            sessions[session.cohort_id].append(session)
        marks = {
            (session_id, learner_id): status
            for session_id, learner_id, status in Attendance.objects.filter(
                session__cohort_id__in=cohort_ids, learner_id__in=user_ids
            ).values_list("session_id", "learner_id", "status")
        }
    sign_offs: dict[int, SignOff] = {}
    certificates: dict[int, Certificate] = {}
    if enrolment_ids:
        sign_offs = {
            s.enrolment_id: s
            for s in SignOff.objects.filter(enrolment_id__in=enrolment_ids).select_related(
                "signed_by", "cohort"
            )
        }
        certificates = {
            c.enrolment_id: c for c in Certificate.objects.filter(enrolment_id__in=enrolment_ids)
        }
    labels = dict(CohortSession.SessionType.choices)

    for item in items:
        enrolment, course = item.enrolment, item.course
        learner_id = enrolment.user_id
        cohorts = sorted(
            groups_of.get((learner_id, course.pk), []),
            key=lambda c: (c.created_at, c.pk),
            reverse=True,
        )
        groups = [
            [
                SessionMark(
                    kind=s.session_type,
                    label=labels.get(s.session_type, s.session_type).lower(),
                    day=s.date,
                    ends_at=_end(s),
                    status=marks.get((s.pk, learner_id), ""),
                )
                for s in sessions.get(cohort.pk, [])
            ]
            for cohort in cohorts
        ]
        required = item.required
        done_times = [item.done[m.pk] for m in required if m.pk in item.done]
        sign_off = sign_offs.get(enrolment.pk) if enrolment.pk else None
        evaluation = completion_evaluate(
            rule=Rule(attendance=course.attendance_needed, sign_off=course.needs_sign_off),
            required_total=len(required),
            required_done=len(done_times),
            modules_done_at=max(done_times) if done_times else None,
            groups=groups,
            signed_off_at=sign_off.signed_at if sign_off else None,
            signed_off_by=person_name(sign_off.signed_by) if sign_off else "",
            today=today,
        )
        if sign_off is not None:
            cohort = sign_off.cohort
        elif evaluation.group is not None:
            cohort = cohorts[evaluation.group]
        else:
            cohort = cohorts[0] if cohorts else None
        item.completion = Completion(
            enrolment=enrolment,
            evaluation=evaluation,
            cohort=cohort,
            sign_off=sign_off,
            certificate=certificates.get(enrolment.pk) if enrolment.pk else None,
        )


def completion_for_enrolment(*, enrolment: Enrolment, today: date | None = None) -> Completion:
    """One enrolment's completion. Seven queries."""
    course = enrolment.course
    modules = course_modules(course=course)
    done = dict(
        ModuleProgress.objects.filter(
            user_id=enrolment.user_id, module_id__in=[m.pk for m in modules]
        ).values_list("module_id", "completed_at")
    )
    item = CourseProgress(course=course, modules=modules, done=done, enrolment=enrolment)
    completions_attach(progress=[item], today=today)
    return item.completion


# --- The cohort dashboard's "Finishing the course" ---------------------------------------


@dataclass(frozen=True)
class FinishingRow:
    """One learner in a group: what they still need, their sign-off and their certificate."""

    learner: object
    name: str
    completion: Completion

    @property
    def can_undo_sign_off(self) -> bool:
        """A sign-off can be taken back until the certificate it led to exists."""
        return self.completion.sign_off is not None and self.completion.certificate is None


@dataclass(frozen=True)
class CohortFinishing:
    """Everyone in a group, for the trainers: who has finished and what the rest still need."""

    cohort: Cohort
    rows: list[FinishingRow]
    viewer_trains: bool  # only the group's trainers sign people off

    @property
    def needs_sign_off(self) -> bool:
        return self.cohort.course.needs_sign_off

    @property
    def finished(self) -> int:
        return sum(1 for row in self.rows if row.completion.certificate is not None)


def cohort_finishing(*, cohort: Cohort, viewer, today: date | None = None) -> CohortFinishing:
    """What the dashboard's "Finishing the course" section shows. At most ten queries,
    however many learners, modules or sessions."""
    course = cohort.course
    learners = list(cohort.learners.order_by("first_name", "last_name", "username"))
    ids = [person.pk for person in learners]
    enrolments = {e.user_id: e for e in Enrolment.objects.filter(course=course, user_id__in=ids)}
    modules = course_modules(course=course)
    done: dict[int, dict[int, datetime]] = defaultdict(dict)
    if ids and modules:
        for user_id, module_id, at in ModuleProgress.objects.filter(
            user_id__in=ids, module_id__in=[m.pk for m in modules]
        ).values_list("user_id", "module_id", "completed_at"):
            done[user_id][module_id] = at
    items = []
    for person in learners:
        # Joining by invitation enrols; someone added another way is evaluated all the same.
        enrolment = enrolments.get(person.pk) or Enrolment(user=person, course=course)
        enrolment.course = course
        items.append(
            CourseProgress(
                course=course, modules=modules, done=done[person.pk], enrolment=enrolment
            )
        )
    completions_attach(progress=items, today=today)
    viewer_trains = bool(
        getattr(viewer, "is_authenticated", False)
        and viewer.pk in {t.pk for t in cohort.trainers.all()}
    )
    return CohortFinishing(
        cohort=cohort,
        rows=[
            FinishingRow(learner=person, name=person_name(person), completion=item.completion)
            for person, item in zip(learners, items, strict=True)
        ],
        viewer_trains=viewer_trains,
    )
