"""Becoming a champion or an enabler: the cascade the seeds describe.

Walsall trains champions, who train enablers. Finishing an enablers course makes
someone an enabler at once; finishing a champions course offers the trainer a
one-step "make a champion", because a champion will train others in the ULO's
name. The role is the Django group (``cms.roles``); ``RoleAward`` is its record.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from cms.roles import CHAMPIONS, ENABLERS
from courses.models import CoursePage
from learning.models import Certificate, Cohort, Enrolment, RoleAward, SignOff
from learning.selectors import person_name
from learning.services import LearningError

ROLE_GROUPS = {RoleAward.Role.CHAMPION: CHAMPIONS, RoleAward.Role.ENABLER: ENABLERS}


@transaction.atomic
def role_award(
    *,
    user,
    role: str,
    awarded_by=None,
    enrolment: Enrolment | None = None,
    cohort: Cohort | None = None,
) -> RoleAward:
    """Make ``user`` a champion or an enabler: join the role's group and record how.

    Awarding a role someone already has keeps the first record, except that a
    record made without a course (someone given the role by hand, who then saved
    their entry) learns the course that now backs it.
    """
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    user.groups.add(group)
    award, created = RoleAward.objects.get_or_create(
        user=user,
        role=role,
        defaults={"awarded_by": awarded_by, "enrolment": enrolment, "cohort": cohort},
    )
    if not created and award.enrolment_id is None and enrolment is not None:
        award.enrolment, award.cohort, award.awarded_by = enrolment, cohort, awarded_by
        award.save(update_fields=["enrolment", "cohort", "awarded_by"])
    return award


def role_awards_on_certificate(
    *, certificate: Certificate, cohort: Cohort | None, awarded_by=None
) -> RoleAward | None:
    """What a new certificate makes its holder: an enabler at once, if the course
    makes enablers. (A champions course waits for the trainer's "make a champion".)"""
    enrolment = certificate.enrolment
    if enrolment.course.makes_role != CoursePage.Role.ENABLER:
        return None
    return role_award(
        user=enrolment.user,
        role=RoleAward.Role.ENABLER,
        awarded_by=awarded_by,
        enrolment=enrolment,
        cohort=cohort,
    )


@transaction.atomic
def role_awards_end_with_certificate(*, certificate: Certificate) -> list[str]:
    """A withdrawn certificate takes back the roles it gave: the holder leaves the
    role's group and drops out of the register. Returns the roles' names."""
    awards = list(RoleAward.objects.filter(enrolment_id=certificate.enrolment_id))
    user = certificate.enrolment.user
    for award in awards:
        group = Group.objects.filter(name=ROLE_GROUPS[award.role]).first()
        if group is not None:
            user.groups.remove(group)
        award.delete()
    return [award.get_role_display().lower() for award in awards]


def _in_group(*, user, name: str) -> bool:
    return user.groups.filter(name=name).exists()


@transaction.atomic
def champion_make(*, cohort: Cohort, learner, by) -> RoleAward:
    """The trainer's one step after a champions course: make ``learner`` a champion.

    Refused unless ``by`` trains the group, the group's course makes champions, and
    the learner holds a valid certificate for it (and a sign-off, where the course
    needs one). A champion trains others in the ULO's name, so it is never automatic.
    """
    name = person_name(learner)
    course = cohort.course
    if not (by.is_superuser or cohort.trainers.filter(pk=by.pk).exists()):
        raise LearningError("not_your_group", "Only a trainer of this group can make champions.")
    if not cohort.learners.filter(pk=learner.pk).exists():
        raise LearningError("not_in_group", f"{name} is not in {cohort.name}.")
    if course.makes_role != CoursePage.Role.CHAMPION:
        raise LearningError(
            "not_champions_course", f"Finishing {course.title} does not make someone a champion."
        )
    if _in_group(user=learner, name=CHAMPIONS):
        raise LearningError("already_champion", f"{name} is already a champion.")
    enrolment = Enrolment.objects.filter(user=learner, course=course).first()
    certificate = Certificate.objects.filter(enrolment=enrolment).first() if enrolment else None
    if certificate is None or not certificate.is_valid:
        raise LearningError(
            "no_certificate",
            f"{name} does not have a certificate for {course.title}, "
            "so they cannot be made a champion yet.",
        )
    if course.needs_sign_off and not SignOff.objects.filter(enrolment=enrolment).exists():
        raise LearningError(
            "not_signed_off",
            f"{name} has not been signed off yet, so they cannot be made a champion.",
        )
    return role_award(
        user=learner,
        role=RoleAward.Role.CHAMPION,
        awarded_by=by,
        enrolment=enrolment,
        cohort=cohort,
    )


def roles_held(*, user) -> list[str]:
    """The cascade roles someone holds now (``RoleAward.Role`` values), champion first.

    The group is the role; a record may be missing for people given it by hand."""
    names = set(user.groups.filter(name__in=ROLE_GROUPS.values()).values_list("name", flat=True))
    return [role for role, group in ROLE_GROUPS.items() if group in names]


@transaction.atomic
def role_award_details_update(
    *, user, area: str, availability: str, taking_requests: bool
) -> list[RoleAward]:
    """Set where someone can help, when, and whether they are taking requests, on
    each role they hold. Only ever called for the signed-in person's own entry.

    Someone given a role by hand has no record yet: saving their entry makes one.
    """
    roles = roles_held(user=user)
    if not roles:
        raise LearningError("no_role", "You are not a champion or an enabler yet.")
    awards = []
    for role in roles:
        award, _ = RoleAward.objects.get_or_create(user=user, role=role)
        award.area = area.strip()
        award.availability = availability.strip()
        award.taking_requests = taking_requests
        award.save(update_fields=["area", "availability", "taking_requests"])
        awards.append(award)
    return awards


@transaction.atomic
def role_remove(*, user, role: str, by) -> None:
    """Take a role away (an administrator's decision): leave the group, drop the record."""
    if not by.is_superuser:
        raise LearningError("not_admin", "Only an administrator can take a role away.")
    group = Group.objects.filter(name=ROLE_GROUPS[role]).first()
    if group is not None:
        user.groups.remove(group)
    RoleAward.objects.filter(user=user, role=role).delete()
