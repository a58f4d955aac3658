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
from learning.models import Certificate, Cohort, Enrolment, RoleAward

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

    Awarding a role someone already has keeps the first record.
    """
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    user.groups.add(group)
    award, _ = RoleAward.objects.get_or_create(
        user=user,
        role=role,
        defaults={"awarded_by": awarded_by, "enrolment": enrolment, "cohort": cohort},
    )
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
