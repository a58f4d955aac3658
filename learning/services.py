"""Writes for learning: accounts, enrolments, progress, cohorts, attendance, mentoring, feedback.

One transaction per write. Every rule that could refuse a change raises
``LearningError`` with a message written for the person using the page.
"""

import secrets
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from cms.roles import CHAMPIONS, LEARNERS
from cms.tokens import token_hash
from courses.models import CoursePage, ModulePage
from learning.models import (
    Attendance,
    Cohort,
    CohortInvitation,
    CohortSession,
    Enrolment,
    MentoringLog,
    ModuleProgress,
    SessionFeedback,
)

INVITATION_LIFETIME = timedelta(days=14)


class LearningError(Exception):
    """A change the rules do not allow, with a machine code and a message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def user_can_create_cohorts(*, user) -> bool:
    """Champions deliver courses, so they (and superusers) can start a cohort."""
    return bool(
        user.is_authenticated and (user.is_superuser or user.groups.filter(name=CHAMPIONS).exists())
    )


def _learners_group() -> Group:
    return Group.objects.get_or_create(name=LEARNERS)[0]


# --- Accounts -------------------------------------------------------------------


@transaction.atomic
def learner_account_create(*, username: str, email: str, password: str, full_name: str):
    """Make a learner account and put it in the Learners group.

    The whole name goes in ``first_name``: people's names do not split neatly
    into a first and a last part, and ``get_full_name()`` then gives it back
    exactly as typed, for the certificate.
    """
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, first_name=full_name.strip()
    )
    user.groups.add(_learners_group())
    return user


# --- Enrolment and progress -----------------------------------------------------------


def _enrolment_ensure(*, user, course: CoursePage) -> Enrolment:
    enrolment, _ = Enrolment.objects.get_or_create(user=user, course=course)
    return enrolment


@transaction.atomic
def enrolment_create(*, user, course: CoursePage) -> Enrolment:
    """Enrol a learner on a course. Enrolling twice changes nothing."""
    if not course.live:
        raise LearningError("course_not_live", "This course is not open yet.")
    return _enrolment_ensure(user=user, course=course)


def _course_of(module: ModulePage) -> CoursePage:
    course = CoursePage.objects.parent_of(module).first()
    if course is None:  # page types forbid this, but a moved page could get here
        raise LearningError("no_course", "This module is not part of a course.")
    return course


@transaction.atomic
def module_progress_mark(*, user, module: ModulePage) -> ModuleProgress:
    """Mark a module as done. It enrols the learner on its course if they were not."""
    if not module.live:
        raise LearningError("module_not_live", "This module is not open yet.")
    _enrolment_ensure(user=user, course=_course_of(module))
    progress, _ = ModuleProgress.objects.get_or_create(user=user, module=module)
    return progress


@transaction.atomic
def module_progress_undo(*, user, module: ModulePage) -> None:
    """Un-mark a module. The certificate goes until it is marked done again."""
    ModuleProgress.objects.filter(user=user, module=module).delete()


# --- Cohorts and invitations -------------------------------------------------------------


@transaction.atomic
def cohort_create(*, course: CoursePage, name: str, created_by) -> Cohort:
    """Start a cohort on a course. Whoever makes it is its first trainer."""
    if not user_can_create_cohorts(user=created_by):
        raise LearningError("not_a_champion", "Only champions can start a cohort.")
    cohort = Cohort.objects.create(course=course, name=name.strip(), created_by=created_by)
    cohort.trainers.add(created_by)
    return cohort


@transaction.atomic
def cohort_trainer_add(*, cohort: Cohort, user) -> None:
    """Add a co-trainer. Trainers must be champions, as they deliver the course."""
    if not user_can_create_cohorts(user=user):
        raise LearningError(
            "not_a_champion", f"{user.get_username()} is not a champion, so cannot be a trainer."
        )
    cohort.trainers.add(user)


@transaction.atomic
def cohort_invitation_create(
    *, cohort: Cohort, email: str, invited_by, now: datetime | None = None
) -> tuple[CohortInvitation, str]:
    """Make an invitation and return it with its token (the only time the token exists).

    An earlier invitation to the same address for this cohort that nobody used
    stops working, so only the newest link is live.
    """
    now = now or timezone.now()
    email = email.strip()
    CohortInvitation.objects.filter(
        cohort=cohort, email__iexact=email, accepted_by__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    invitation = CohortInvitation.objects.create(
        cohort=cohort,
        email=email,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=now + INVITATION_LIFETIME,
    )
    return invitation, token


def cohort_invitation_email_send(*, invitation: CohortInvitation, link: str) -> None:
    """Email the invitation link. Sent outside any transaction: a slow mail server
    must not hold the database."""
    cohort = invitation.cohort
    inviter = invitation.invited_by
    inviter_name = (inviter.get_full_name() or inviter.get_username()) if inviter else "A trainer"
    expires = timezone.localtime(invitation.expires_at)
    body = (
        f"Hello,\n\n"
        f'{inviter_name} has invited you to join the group "{cohort.name}" '
        f'for the course "{cohort.course.title}".\n\n'
        f"To join, open this link:\n{link}\n\n"
        f"You can make an account or sign in with the account you have.\n"
        f"The link works until {expires:%d %B %Y}. It works once.\n\n"
        f"If you did not expect this email, you can ignore it.\n"
    )
    send_mail(
        subject=f"You are invited to join {cohort.name}",
        message=body,
        from_email=None,
        recipient_list=[invitation.email],
    )


def cohort_invitation_find(*, token: str, now: datetime | None = None) -> CohortInvitation:
    """The invitation a link stands for, if it can still be used."""
    now = now or timezone.now()
    invitation = (
        CohortInvitation.objects.select_related("cohort", "cohort__course")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise LearningError("invitation_not_found", "That invitation link is not right.")
    if invitation.accepted_by_id is not None:
        raise LearningError("invitation_used", "That invitation link has already been used.")
    if invitation.expires_at <= now:
        raise LearningError("invitation_expired", "That invitation link has run out.")
    return invitation


def cohort_invitation_is_for(*, invitation: CohortInvitation, user) -> bool:
    """Is ``user``'s account the one at the address the invitation was sent to?

    Only that account may use it: a link passed on, or opened while someone
    else is signed in on a shared computer, must not put another person in
    the group.
    """
    email = (getattr(user, "email", "") or "").strip()
    return bool(email) and email.casefold() == invitation.email.strip().casefold()


def email_hint(email: str) -> str:
    """An address shown only in part, "a…@example.org": enough to recognise your own."""
    name, _, domain = email.strip().partition("@")
    return f"{name[:1]}…@{domain}" if name and domain else "another address"


@transaction.atomic
def cohort_invitation_accept(*, token: str, user, now: datetime | None = None) -> Cohort:
    """Use an invitation: join the cohort, enrol on its course, become a learner.

    Only the account with the address the invitation went to may use it.
    """
    now = now or timezone.now()
    invitation = cohort_invitation_find(token=token, now=now)
    if not cohort_invitation_is_for(invitation=invitation, user=user):
        raise LearningError(
            "invitation_not_yours",
            f"This invitation was sent to {email_hint(invitation.email)}, and the account you "
            "are signed in with has a different email address, so it cannot use it.",
        )
    # Claim it with a conditional update, so two clicks cannot both use it.
    claimed = CohortInvitation.objects.filter(pk=invitation.pk, accepted_by__isnull=True).update(
        accepted_by=user, accepted_at=now
    )
    if not claimed:
        raise LearningError("invitation_used", "That invitation link has already been used.")
    cohort = invitation.cohort
    cohort.learners.add(user)
    user.groups.add(_learners_group())
    _enrolment_ensure(user=user, course=cohort.course)
    return cohort


@transaction.atomic
def cohort_learner_remove(*, cohort: Cohort, learner) -> None:
    """Take a learner out of a cohort. Their own progress and certificates stay theirs."""
    cohort.learners.remove(learner)


# --- Timetable ----------------------------------------------------------------------


@transaction.atomic
def cohort_session_save(
    *,
    cohort: Cohort,
    session_type: str,
    date: date,
    start_time: time,
    end_time: time,
    venue: str = "",
    online_link: str = "",
    modules: list[ModulePage] | None = None,
    session: CohortSession | None = None,
) -> CohortSession:
    """Add a session to the timetable, or change one."""
    if end_time <= start_time:
        raise LearningError("ends_before_start", "The end time must be after the start time.")
    if not venue.strip() and not online_link.strip():
        raise LearningError("no_place", "Enter where the session happens, or an online link.")
    modules = list(modules or [])
    course_path = cohort.course.path
    if any(not m.path.startswith(course_path) for m in modules):
        raise LearningError("wrong_module", "Choose modules from this cohort's course.")
    if session is None:
        session = CohortSession(cohort=cohort)
    elif session.cohort_id != cohort.pk:
        raise LearningError("wrong_cohort", "That session belongs to another group.")
    session.session_type = session_type
    session.date = date
    session.start_time = start_time
    session.end_time = end_time
    session.venue = venue.strip()
    session.online_link = online_link.strip()
    session.save()
    session.modules.set(modules)
    return session


# --- Attendance ------------------------------------------------------------------------


def _check_learner_in_cohort(*, cohort: Cohort, learner_ids: set[int]) -> None:
    members = set(cohort.learners.filter(pk__in=learner_ids).values_list("pk", flat=True))
    if learner_ids - members:
        raise LearningError("not_in_cohort", "Attendance can only be kept for this group.")


@transaction.atomic
def attendance_record(*, session: CohortSession, learner, status: str, recorded_by) -> Attendance:
    """Record (or change) one learner's attendance at one session."""
    if status not in Attendance.Status.values:
        raise LearningError("bad_status", "Choose present, absent or apologies.")
    _check_learner_in_cohort(cohort=session.cohort, learner_ids={learner.pk})
    attendance, _ = Attendance.objects.update_or_create(
        session=session,
        learner=learner,
        defaults={"status": status, "recorded_by": recorded_by},
    )
    return attendance


@transaction.atomic
def attendance_register_save(
    *, session: CohortSession, statuses: dict[int, str], recorded_by
) -> int:
    """Save a whole register at once: {learner id: status}. Returns how many were saved.

    Learners with no status chosen are left as they were.
    """
    statuses = {pk: s for pk, s in statuses.items() if s}
    if any(s not in Attendance.Status.values for s in statuses.values()):
        raise LearningError("bad_status", "Choose present, absent or apologies.")
    _check_learner_in_cohort(cohort=session.cohort, learner_ids=set(statuses))
    existing = {a.learner_id: a for a in Attendance.objects.filter(session=session)}
    to_create, to_update = [], []
    for learner_id, status in statuses.items():
        row = existing.get(learner_id)
        if row is None:
            to_create.append(
                Attendance(
                    session=session, learner_id=learner_id, status=status, recorded_by=recorded_by
                )
            )
        elif row.status != status:
            row.status, row.recorded_by = status, recorded_by
            row.recorded_at = timezone.now()
            to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["status", "recorded_by", "recorded_at"])
    return len(statuses)


# --- Mentoring -----------------------------------------------------------------------


@transaction.atomic
def mentoring_log_create(
    *,
    mentor,
    champion,
    met_on: date,
    notes: str = "",
    next_meeting_on: date | None = None,
    cohort: Cohort | None = None,
) -> MentoringLog:
    """Log a mentoring meeting."""
    if mentor.pk == champion.pk:
        raise LearningError("self_mentoring", "A mentor cannot log a meeting with themselves.")
    if next_meeting_on is not None and next_meeting_on <= met_on:
        raise LearningError(
            "next_before_met", "The next meeting must be after the meeting you are logging."
        )
    return MentoringLog.objects.create(
        mentor=mentor,
        champion=champion,
        met_on=met_on,
        notes=notes.strip(),
        next_meeting_on=next_meeting_on,
        cohort=cohort,
    )


# --- Feedback -------------------------------------------------------------------------


def feedback_is_open(*, session: CohortSession, today: date | None = None) -> bool:
    """Feedback opens on the day of the session: it is about a session people went to."""
    return session.date <= (today or timezone.localdate())


@transaction.atomic
def session_feedback_save(
    *,
    session: CohortSession,
    learner,
    rating: int,
    went_well: str = "",
    could_be_better: str = "",
    today: date | None = None,
) -> SessionFeedback:
    """Save a learner's feedback on a session; giving it again replaces it."""
    if not 1 <= rating <= 5:
        raise LearningError("bad_rating", "Choose a number from 1 to 5.")
    if not session.cohort.learners.filter(pk=learner.pk).exists():
        raise LearningError("not_in_cohort", "Only people in this group can give feedback.")
    if not feedback_is_open(session=session, today=today):
        raise LearningError("not_yet", "You can give feedback from the day of the session.")
    feedback, _ = SessionFeedback.objects.update_or_create(
        session=session,
        learner=learner,
        defaults={
            "rating": rating,
            "went_well": went_well.strip(),
            "could_be_better": could_be_better.strip(),
        },
    )
    return feedback
