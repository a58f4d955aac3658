"""Writes for finishing a course: a trainer's sign-off, issuing a certificate once the
course's rule is met, and withdrawing one.

A certificate is made once, when the rule (``learning.completion``) is first met,
and is then kept: undoing a module or a later absence does not take it away.
Only withdrawing does, and a withdrawn certificate stays withdrawn.

Its code is what the QR code and the public check page use: 12 characters from
Crockford's base 32 (digits and capital letters without I, L, O and U, which are
misread or spell words), shown in three groups, like ``7K3Q-9XWD-M2PA``. That is
60 random bits (``secrets``): too many to guess, so the check page needs no
secret of its own and only limits wrong tries to keep scripts away.
"""

import re
import secrets
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from learning.completion import completion_for_enrolment, completions_attach
from learning.models import Certificate, Cohort, Enrolment, ModuleProgress, SignOff
from learning.roles import role_awards_end_with_certificate, role_awards_on_certificate
from learning.selectors import CourseProgress, course_modules, person_name
from learning.services import LearningError

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
CODE_GROUP = 4
COMMENT_MAX = 1000
REASON_MAX = 300
# Letters people type for the ones the alphabet leaves out (Crockford's rule).
_TYPED_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


# --- Codes -----------------------------------------------------------------------------


def certificate_code_new() -> str:
    """A new code, like '7K3Q-9XWD-M2PA'."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def certificate_code_normalise(typed: str) -> str | None:
    """The code as stored, from the code as someone typed it: any case, with or without
    spaces and dashes, O for 0 and I or L for 1. None if it cannot be a code."""
    raw = re.sub(r"[^0-9A-Z]", "", typed.upper()).translate(_TYPED_AS)
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


# --- Issuing ---------------------------------------------------------------------------


def _certificate_create(*, enrolment: Enrolment, issued_at: datetime) -> Certificate:
    # Two codes alike are a one in 2**60 chance; trying again costs nothing.
    for _ in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrolment=enrolment, code=certificate_code_new(), issued_at=issued_at
                )
        except IntegrityError:
            if Certificate.objects.filter(enrolment=enrolment).exists():
                raise
    raise LearningError("no_code", "A certificate code could not be made. Try again.")


@transaction.atomic
def certificate_issue_if_earned(
    *, enrolment: Enrolment, cohort: Cohort | None = None, by=None
) -> Certificate | None:
    """Make the enrolment's certificate if the course's rule is now met for the first time.

    Returns the certificate made now, or None (not earned yet, or made before).
    Its date is when the rule was met. A new certificate then does what the
    course makes its holder (``learning.roles``): an enabler at once, for an
    enablers course.
    """
    # Locked, so two requests finishing at once make one certificate.
    enrolment = (
        Enrolment.objects.select_for_update()
        .select_related("course", "user")
        .filter(pk=enrolment.pk)
        .first()
    )
    if enrolment is None or Certificate.objects.filter(enrolment=enrolment).exists():
        return None
    completion = completion_for_enrolment(enrolment=enrolment)
    if not completion.is_complete:
        return None
    certificate = _certificate_create(
        enrolment=enrolment, issued_at=completion.completed_at or timezone.now()
    )
    certificate.enrolment = enrolment
    role_awards_on_certificate(
        certificate=certificate, cohort=cohort or completion.cohort, awarded_by=by
    )
    return certificate


def certificate_issue_for_learner(*, user, enrolment_id: int) -> Certificate | None:
    """Issue the learner's own certificate on a live course if it is earned and not yet made:
    for someone who finished before certificates were kept, or on a course that now
    asks less than it did. None if it is not theirs, not earned, or made before."""
    enrolment = Enrolment.objects.filter(
        pk=enrolment_id, user=user, course__live=True, certificate__isnull=True
    ).first()
    if enrolment is None:
        return None
    return certificate_issue_if_earned(enrolment=enrolment)


def certificates_issue_for_cohort(*, cohort: Cohort, learner_ids, by=None) -> list[Certificate]:
    """After a register: issue the certificates these learners have now earned.

    Everyone is checked together in a few queries; only those who have finished
    are checked again, one by one, as their certificate is made.
    """
    enrolments = list(
        Enrolment.objects.filter(
            course=cohort.course, user_id__in=set(learner_ids), certificate__isnull=True
        )
    )
    if not enrolments:
        return []
    modules = course_modules(course=cohort.course)
    done: dict[int, dict] = {e.user_id: {} for e in enrolments}
    for user_id, module_id, at in ModuleProgress.objects.filter(
        user_id__in=list(done), module_id__in=[m.pk for m in modules]
    ).values_list("user_id", "module_id", "completed_at"):
        done[user_id][module_id] = at
    items = []
    for enrolment in enrolments:
        enrolment.course = cohort.course
        items.append(
            CourseProgress(
                course=cohort.course,
                modules=modules,
                done=done[enrolment.user_id],
                enrolment=enrolment,
            )
        )
    completions_attach(progress=items)
    made = []
    for item in items:
        if item.completion.is_complete:
            certificate = certificate_issue_if_earned(
                enrolment=item.enrolment, cohort=cohort, by=by
            )
            if certificate is not None:
                made.append(certificate)
    return made


# --- Sign-off ----------------------------------------------------------------------------


def _check_trains(*, cohort: Cohort, user) -> None:
    if not cohort.trainers.filter(pk=user.pk).exists():
        raise LearningError(
            "not_your_group", f"Only a trainer of {cohort.name} can sign off its learners."
        )


def _check_in_group(*, cohort: Cohort, learner) -> None:
    if not cohort.learners.filter(pk=learner.pk).exists():
        raise LearningError("not_in_group", f"That person is not in {cohort.name}.")


@transaction.atomic
def sign_off_create(*, cohort: Cohort, learner, signed_by, comment: str) -> SignOff:
    """A trainer of the learner's group signs them off, with a comment on what they showed.

    The certificate follows at once if everything else the course asks is done.
    """
    name = person_name(learner)
    _check_trains(cohort=cohort, user=signed_by)
    _check_in_group(cohort=cohort, learner=learner)
    course = cohort.course
    if not course.needs_sign_off:
        raise LearningError(
            "no_sign_off", f"{course.title} does not need a trainer\u2019s sign-off."
        )
    comment = comment.strip()
    if not comment:
        raise LearningError(
            "no_comment", f"Write a comment on what {name} has shown, to sign them off."
        )
    if len(comment) > COMMENT_MAX:
        raise LearningError("comment_too_long", "Keep the comment to 1,000 characters or fewer.")
    enrolment, _ = Enrolment.objects.get_or_create(user=learner, course=course)
    existing = SignOff.objects.filter(enrolment=enrolment).select_related("signed_by").first()
    if existing is not None:
        if existing.signed_by_id == signed_by.pk:
            raise LearningError("already_signed_off", f"You have already signed off {name}.")
        raise LearningError(
            "already_signed_off",
            f"{name} has already been signed off by {person_name(existing.signed_by)}.",
        )
    try:
        with transaction.atomic():
            sign_off = SignOff.objects.create(
                enrolment=enrolment, cohort=cohort, signed_by=signed_by, comment=comment
            )
    except IntegrityError:  # another trainer pressed the button at the same moment
        raise LearningError("already_signed_off", f"{name} has already been signed off.") from None
    certificate_issue_if_earned(enrolment=enrolment, cohort=cohort, by=signed_by)
    return sign_off


@transaction.atomic
def sign_off_remove(*, cohort: Cohort, learner, removed_by) -> None:
    """Take back a sign-off given in this group, before the certificate it led to exists."""
    name = person_name(learner)
    _check_trains(cohort=cohort, user=removed_by)
    sign_off = (
        SignOff.objects.select_for_update()
        .filter(cohort=cohort, enrolment__user=learner, enrolment__course=cohort.course)
        .first()
    )
    if sign_off is None:
        raise LearningError("not_signed_off", f"{name} has not been signed off in this group.")
    if Certificate.objects.filter(enrolment_id=sign_off.enrolment_id).exists():
        raise LearningError(
            "certificate_issued",
            f"{name}\u2019s certificate has been issued, so the sign-off stays. "
            "Withdraw the certificate instead.",
        )
    sign_off.delete()


# --- Withdrawing -------------------------------------------------------------------------


def certificate_can_withdraw(*, user, certificate: Certificate) -> bool:
    """Admins, and the trainers of a group on the course that the holder is in or was
    signed off in, may withdraw a certificate."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    enrolment = certificate.enrolment
    return (
        Cohort.objects.filter(
            course_id=enrolment.course_id, trainers=user, learners=enrolment.user_id
        ).exists()
        or SignOff.objects.filter(enrolment=enrolment, cohort__trainers=user).exists()
    )


@transaction.atomic
def certificate_withdraw(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Withdraw a certificate, with the reason why (kept for the record, never shown on
    the public check page). The check page then says it was withdrawn, and a role the
    certificate gave (enabler, or champion) ends with it: its names are put on the
    returned certificate as ``roles_ended``."""
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("enrolment", "enrolment__user", "enrolment__course")
        .get(pk=certificate.pk)
    )
    if not certificate_can_withdraw(user=by, certificate=certificate):
        raise LearningError(
            "not_yours_to_withdraw",
            "Only an admin, or a trainer of the holder\u2019s group, can withdraw a certificate.",
        )
    if certificate.withdrawn_at is not None:
        on = timezone.localtime(certificate.withdrawn_at)
        raise LearningError(
            "already_withdrawn",
            f"This certificate was already withdrawn on {on.day} {on:%B %Y}.",
        )
    reason = reason.strip()
    if not reason:
        raise LearningError("no_reason", "Write why the certificate is being withdrawn.")
    if len(reason) > REASON_MAX:
        raise LearningError("reason_too_long", "Keep the reason to 300 characters or fewer.")
    certificate.withdrawn_at = timezone.now()
    certificate.withdrawn_by = by
    certificate.withdrawn_reason = reason
    certificate.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    certificate.roles_ended = role_awards_end_with_certificate(certificate=certificate)
    return certificate
