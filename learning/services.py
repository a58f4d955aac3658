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


def _certificates_issue(*, enrolment=None, cohort=None, learner_ids=(), by=None) -> None:
    """After a change that can finish a course: issue the certificates now earned
    (``learning.services_certificates``). Undoing never takes one away."""
    # Imported here: services_certificates builds on this module.
    from learning import services_certificates

    if enrolment is not None:
        services_certificates.certificate_issue_if_earned(enrolment=enrolment, cohort=cohort, by=by)
    elif learner_ids:
        services_certificates.certificates_issue_for_cohort(
            cohort=cohort, learner_ids=learner_ids, by=by
        )


@transaction.atomic
def module_progress_mark(*, user, module: ModulePage) -> ModuleProgress:
    """Mark a module as done. It enrols the learner on its course if they were not."""
    if not module.live:
        raise LearningError("module_not_live", "This module is not open yet.")
    enrolment = _enrolment_ensure(user=user, course=_course_of(module))
    progress, _ = ModuleProgress.objects.get_or_create(user=user, module=module)
    _certificates_issue(enrolment=enrolment)
    return progress


@transaction.atomic
def module_progress_undo(*, user, module: ModulePage) -> None:
    """Un-mark a module. A certificate already issued stays: only withdrawing ends one."""
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
    *,
    cohort: Cohort,
    invited_by,
    email: str = "",
    name: str = "",
    now: datetime | None = None,
) -> tuple[CohortInvitation, str]:
    """Make an invitation and return it with its token (the only time the token exists).

    Either emailed (``email``) or a link the trainer gives in person (``name``,
    no email). An earlier invitation to the same address, or the same name, for
    this cohort that nobody used stops working, so only the newest link is live.
    """
    now = now or timezone.now()
    email, name = email.strip(), name.strip()
    if not email and not name:
        raise LearningError("no_one", "Enter the name or email address of the person to invite.")
    unused = CohortInvitation.objects.filter(cohort=cohort, accepted_by__isnull=True)
    if email:
        unused.filter(email__iexact=email).delete()
    else:
        unused.filter(email="", name__iexact=name).delete()
    token = secrets.token_urlsafe(32)
    invitation = CohortInvitation.objects.create(
        cohort=cohort,
        email=email,
        name=name,
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


def _invitation_for_whom(invitation: CohortInvitation) -> str:
    return invitation.name.strip() or "someone else"


def _invitation_used_error(invitation: CohortInvitation) -> LearningError:
    if invitation.email:
        return LearningError("invitation_used", "That invitation link has already been used.")
    # Said the same to everyone but the person who used it: nothing about who they are.
    return LearningError(
        "invitation_claimed",
        f"This invitation was for {_invitation_for_whom(invitation)} and has already been "
        "used. Ask your trainer for your own link.",
    )


def cohort_invitation_find(
    *, token: str, now: datetime | None = None, user=None
) -> CohortInvitation:
    """The invitation a link stands for, if it can still be used.

    With ``user``, someone opening a link they used themselves is told so
    (``invitation_used_by_you``) instead of being refused.
    """
    now = now or timezone.now()
    invitation = (
        CohortInvitation.objects.select_related("cohort", "cohort__course")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise LearningError("invitation_not_found", "That invitation link is not right.")
    if invitation.accepted_by_id is not None:
        if user is not None and user.is_authenticated and invitation.accepted_by_id == user.pk:
            raise LearningError(
                "invitation_used_by_you",
                f"You have already joined {invitation.cohort.name} with this link.",
            )
        raise _invitation_used_error(invitation)
    if invitation.expires_at <= now:
        raise LearningError("invitation_expired", "That invitation link has run out.")
    return invitation


def cohort_invitation_refusal(*, invitation: CohortInvitation, user) -> LearningError | None:
    """Why ``user`` may not use this (unused) invitation, or None if they may.

    An invitation is for one person. Emailed, only the account with that address
    may use it: a link passed on, or opened while someone else is signed in on a
    shared computer, must not put another person in the group. A link without an
    email goes to the first account that uses it, so it refuses the accounts that
    are plainly not the person it was made for: the group's own trainers (checking
    the link on their phone) and people already in the group.
    """
    if invitation.email:
        email = (getattr(user, "email", "") or "").strip()
        if email and email.casefold() == invitation.email.strip().casefold():
            return None
        return LearningError(
            "invitation_not_yours",
            f"This invitation was sent to {email_hint(invitation.email)}, and the account you "
            "are signed in with has a different email address, so it cannot use it.",
        )
    cohort, whom = invitation.cohort, _invitation_for_whom(invitation)
    if cohort.trainers.filter(pk=user.pk).exists():
        return LearningError(
            "invitation_trainer",
            f"You train {cohort.name}, so this link is not for you. It is for {whom}: "
            "give it to them, or let them scan the QR code.",
        )
    if cohort.learners.filter(pk=user.pk).exists():
        return LearningError(
            "invitation_already_in",
            f"You are already in {cohort.name}, so this link is not for you. It is for {whom}.",
        )
    return None


def cohort_invitation_is_for(*, invitation: CohortInvitation, user) -> bool:
    """May ``user``'s account use this invitation? (See ``cohort_invitation_refusal``.)"""
    return cohort_invitation_refusal(invitation=invitation, user=user) is None


def email_hint(email: str) -> str:
    """An address shown only in part, "a…@example.org": enough to recognise your own."""
    name, _, domain = email.strip().partition("@")
    return f"{name[:1]}…@{domain}" if name and domain else "another address"


def _cohort_learner_join(*, cohort: Cohort, user) -> None:
    cohort.learners.add(user)
    user.groups.add(_learners_group())
    _enrolment_ensure(user=user, course=cohort.course)


@transaction.atomic
def cohort_invitation_accept(*, token: str, user, now: datetime | None = None) -> Cohort:
    """Use an invitation: join the cohort, enrol on its course, become a learner.

    Emailed, only the account with that address may use it; a link without an
    email is claimed by the first account that uses it, and refuses any other.
    """
    now = now or timezone.now()
    invitation = cohort_invitation_find(token=token, now=now, user=user)
    refusal = cohort_invitation_refusal(invitation=invitation, user=user)
    if refusal is not None:
        raise refusal
    # Claim it with a conditional update, so two clicks cannot both use it.
    claimed = CohortInvitation.objects.filter(pk=invitation.pk, accepted_by__isnull=True).update(
        accepted_by=user, accepted_at=now
    )
    if not claimed:
        raise _invitation_used_error(invitation)
    cohort = invitation.cohort
    _cohort_learner_join(cohort=cohort, user=user)
    return cohort


@transaction.atomic
def cohort_learner_add(*, cohort: Cohort, user) -> None:
    """Put someone who already has an account straight into the group, enrolled.

    For people the trainer knows in the room, without an email or a link.
    """
    name = user.get_full_name() or user.get_username()
    if cohort.trainers.filter(pk=user.pk).exists():
        raise LearningError(
            "is_trainer", f"{name} trains this group, so cannot also be a learner in it."
        )
    if cohort.learners.filter(pk=user.pk).exists():
        raise LearningError("already_in", f"{name} is already in this group.")
    _cohort_learner_join(cohort=cohort, user=user)


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


def session_starts_at(*, session: CohortSession) -> datetime:
    """When the session starts, as an aware date-time in the site's time zone."""
    return timezone.make_aware(datetime.combine(session.date, session.start_time))


def register_is_open(*, session: CohortSession, now: datetime | None = None) -> bool:
    """A register records who came, so it opens when the session starts."""
    return session_starts_at(session=session) <= (now or timezone.now())


def register_not_yet_message(*, session: CohortSession) -> str:
    """What to tell a trainer who opens the register of a session that has not started."""
    starts = timezone.localtime(session_starts_at(session=session))
    return (
        "This session has not started yet, so there is no register to take. "
        f"You can fill it in from {starts:%H:%M} on {starts:%A} {starts.day} {starts:%B %Y}."
    )


def _check_register_open(*, session: CohortSession, now: datetime | None) -> None:
    if not register_is_open(session=session, now=now):
        raise LearningError("register_not_yet", register_not_yet_message(session=session))


def _check_learner_in_cohort(*, cohort: Cohort, learner_ids: set[int]) -> None:
    members = set(cohort.learners.filter(pk__in=learner_ids).values_list("pk", flat=True))
    if learner_ids - members:
        raise LearningError("not_in_cohort", "Attendance can only be kept for this group.")


@transaction.atomic
def attendance_record(
    *, session: CohortSession, learner, status: str, recorded_by, now: datetime | None = None
) -> Attendance:
    """Record (or change) one learner's attendance at one session, once it has started."""
    if status not in Attendance.Status.values:
        raise LearningError("bad_status", "Choose present, absent or apologies.")
    _check_register_open(session=session, now=now)
    _check_learner_in_cohort(cohort=session.cohort, learner_ids={learner.pk})
    attendance, _ = Attendance.objects.update_or_create(
        session=session,
        learner=learner,
        defaults={"status": status, "recorded_by": recorded_by},
    )
    if status == Attendance.Status.PRESENT:
        _certificates_issue(cohort=session.cohort, learner_ids=[learner.pk], by=recorded_by)
    return attendance


@transaction.atomic
def attendance_register_save(
    *,
    session: CohortSession,
    statuses: dict[int, str],
    recorded_by,
    now: datetime | None = None,
) -> int:
    """Save a whole register at once: {learner id: status}. Returns how many were saved.

    Learners with no status chosen are left as they were. Refused before the
    session starts: nobody has come yet.
    """
    _check_register_open(session=session, now=now)
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
    present = [pk for pk, s in statuses.items() if s == Attendance.Status.PRESENT]
    _certificates_issue(cohort=session.cohort, learner_ids=present, by=recorded_by)
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


FEEDBACK_NOT_YET = (
    "This session has not happened yet. You can give feedback from the day of the session, "
    "once your trainer has marked you as there."
)


def feedback_is_open(*, session: CohortSession, today: date | None = None) -> bool:
    """Feedback opens on the day of the session: it is about a session people went to."""
    return session.date <= (today or timezone.localdate())


def feedback_closed_reason(
    *, session: CohortSession, status: str, today: date | None = None
) -> str:
    """Why a learner cannot give feedback on a session, in plain words ("" if they can).

    ``status`` is their attendance at it ("" if the register has no entry for
    them). Feedback is about a session the learner was at, so it needs the
    register to say "present".
    """
    if not feedback_is_open(session=session, today=today):
        return FEEDBACK_NOT_YET
    if status == Attendance.Status.PRESENT:
        return ""
    if status == Attendance.Status.ABSENT:
        return (
            "The register says you were absent from this session, so there is no feedback "
            "to give. If that is wrong, tell your trainer."
        )
    if status == Attendance.Status.APOLOGIES:
        return (
            "The register says you sent apologies for this session, so there is no feedback "
            "to give. If that is wrong, tell your trainer."
        )
    return (
        "You can give feedback once your trainer has marked you as there in the register. "
        "They have not done that yet."
    )


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
    """Save a learner's feedback on a session; giving it again replaces it.

    Only from a learner the register marks as present at it.
    """
    if not 1 <= rating <= 5:
        raise LearningError("bad_rating", "Choose a number from 1 to 5.")
    if not session.cohort.learners.filter(pk=learner.pk).exists():
        raise LearningError("not_in_cohort", "Only people in this group can give feedback.")
    if not feedback_is_open(session=session, today=today):
        raise LearningError("not_yet", FEEDBACK_NOT_YET)
    status = (
        Attendance.objects.filter(session=session, learner=learner)
        .values_list("status", flat=True)
        .first()
    )
    reason = feedback_closed_reason(session=session, status=status or "", today=today)
    if reason:
        raise LearningError("not_present", reason)
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
