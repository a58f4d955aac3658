"""Reads for the cascade: the register of enablers, a champion's page, who may see
them, and who in a group is ready to be made a champion.

Each read uses a fixed number of queries, however many people it lists.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cms.roles import CHAMPIONS, ENABLERS, FACILITATORS
from courses.models import CoursePage
from learning.models import Certificate, Cohort, RoleAward, SignOff
from learning.roles import ROLE_GROUPS
from learning.selectors import person_name

# Words in a register search beyond this are ignored: a name and a town is plenty.
SEARCH_MAX_WORDS = 6
SEARCH_MAX_LENGTH = 100
NAME_ORDER = ("first_name", "last_name", "username")


def _member_of(name: str):
    """An ``Exists`` that is true for users in the named group (for annotations)."""
    through = get_user_model().groups.through
    return Exists(through.objects.filter(user_id=OuterRef("pk"), group__name=name))


def _member_of_user(name: str):
    """An ``Exists`` that is true for rows whose ``user`` is in the named group."""
    through = get_user_model().groups.through
    return Exists(through.objects.filter(user_id=OuterRef("user_id"), group__name=name))


# --- Who may see what -----------------------------------------------------------------


@dataclass(frozen=True)
class RoleLinks:
    """What the signed-in person's own pages link to: their roles and the register."""

    roles: list[str] = field(default_factory=list)  # RoleAward.Role values held now
    may_see_register: bool = False

    @property
    def is_champion(self) -> bool:
        return RoleAward.Role.CHAMPION in self.roles

    @property
    def is_enabler(self) -> bool:
        return RoleAward.Role.ENABLER in self.roles


def role_links_for(*, user) -> RoleLinks:
    """The person's cascade roles and whether they may see the register. One query."""
    if not user.is_authenticated:
        return RoleLinks()
    names = set(user.groups.values_list("name", flat=True))
    return RoleLinks(
        roles=[role for role, group in ROLE_GROUPS.items() if group in names],
        may_see_register=user.is_superuser or bool(names & {CHAMPIONS, FACILITATORS}),
    )


def user_may_see_register(*, user) -> bool:
    """Champions, facilitators and the ULO's administrators match people with enablers."""
    return role_links_for(user=user).may_see_register


def user_may_see_champion_page(*, user, champion_id: int) -> bool:
    """A champion's page is for them, other champions, facilitators and administrators."""
    return user.is_authenticated and (user.pk == champion_id or user_may_see_register(user=user))


# --- Register entries -----------------------------------------------------------------


@dataclass(frozen=True)
class Trainer:
    """Someone who trained an enabler; ``is_champion`` says they have a page to link to."""

    user: object
    name: str
    is_champion: bool


@dataclass
class RoleEntry:
    """One person in the register (or on a champion's page), with how they were trained."""

    person: object
    name: str
    award: RoleAward | None
    trained_on: date | None  # the certificate's date, else the day the role was given
    trainers: list[Trainer]
    course_title: str

    @property
    def area(self) -> str:
        return self.award.area if self.award else ""

    @property
    def availability(self) -> str:
        return self.award.availability if self.award else ""

    @property
    def taking_requests(self) -> bool:
        # The model's default: someone given the role by hand has not said otherwise.
        return self.award.taking_requests if self.award else True


def _awards_loaded(awards: QuerySet[RoleAward]) -> QuerySet[RoleAward]:
    return awards.select_related(
        "user",
        "enrolment__course",
        "enrolment__certificate",
        "enrolment__sign_off__signed_by",
        "cohort__course",
    )


def _certificate_of(award: RoleAward) -> Certificate | None:
    enrolment = award.enrolment
    if enrolment is None:
        return None
    try:
        return enrolment.certificate
    except Certificate.DoesNotExist:
        return None


def _sign_off_of(award: RoleAward) -> SignOff | None:
    enrolment = award.enrolment
    if enrolment is None:
        return None
    try:
        return enrolment.sign_off
    except SignOff.DoesNotExist:
        return None


def _trained_on(award: RoleAward | None) -> date | None:
    if award is None:
        return None
    certificate = _certificate_of(award)
    when = certificate.issued_at if certificate else award.awarded_at
    return timezone.localdate(when)


def _course_title(award: RoleAward | None) -> str:
    if award is None:
        return ""
    if award.enrolment is not None:
        return award.enrolment.course.title
    if award.cohort is not None:
        return award.cohort.course.title
    return ""


def _entries(people: list, awards: dict[int, RoleAward]) -> list[RoleEntry]:
    """Register entries for ``people`` (users), with their awards. Two queries: the
    trainers of their groups, and which trainers are champions."""
    cohort_ids = {a.cohort_id for a in awards.values() if a.cohort_id}
    cohort_trainers: dict[int, list] = defaultdict(list)
    through = Cohort.trainers.through
    for row in (
        through.objects.filter(cohort_id__in=cohort_ids)
        .select_related("user")
        .order_by(*(f"user__{name}" for name in NAME_ORDER))
        if cohort_ids
        else []
    ):
        cohort_trainers[row.cohort_id].append(row.user)

    def trainers_of(award: RoleAward | None) -> list:
        if award is None:
            return []
        sign_off = _sign_off_of(award)
        if sign_off is not None and sign_off.signed_by_id is not None:
            return [sign_off.signed_by]
        return cohort_trainers.get(award.cohort_id, [])

    trainer_ids = {t.pk for person in people for t in trainers_of(awards.get(person.pk))}
    champions = set(
        get_user_model()
        .groups.through.objects.filter(user_id__in=trainer_ids, group__name=CHAMPIONS)
        .values_list("user_id", flat=True)
        if trainer_ids
        else []
    )
    entries = []
    for person in people:
        award = awards.get(person.pk)
        entries.append(
            RoleEntry(
                person=person,
                name=person_name(person),
                award=award,
                trained_on=_trained_on(award),
                trainers=[
                    Trainer(user=t, name=person_name(t), is_champion=t.pk in champions)
                    for t in trainers_of(award)
                ],
                course_title=_course_title(award),
            )
        )
    return entries


def register_search_words(query: str) -> list[str]:
    """The words of a register search, trimmed to a sensible size."""
    return query.strip()[:SEARCH_MAX_LENGTH].split()[:SEARCH_MAX_WORDS]


def enablers_register(*, query: str = "", include_not_taking: bool = False) -> list[RoleEntry]:
    """Current enablers, in name order, for matching a person with one. Four queries.

    Every word of ``query`` must appear in the name, area or availability. Only those
    taking requests, unless ``include_not_taking``. The role is the group, so people
    given it by hand are listed too, with their training "not recorded".
    """
    enabler = RoleAward.Role.ENABLER
    people = get_user_model().objects.filter(is_active=True).filter(_member_of(ENABLERS))
    for word in register_search_words(query):
        in_entry = RoleAward.objects.filter(user=OuterRef("pk"), role=enabler).filter(
            Q(area__icontains=word) | Q(availability__icontains=word)
        )
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Exists(in_entry)
        )
    if not include_not_taking:
        people = people.exclude(
            Exists(
                RoleAward.objects.filter(user=OuterRef("pk"), role=enabler, taking_requests=False)
            )
        )
    people = list(people.order_by(*NAME_ORDER))
    awards = {
        award.user_id: award
        for award in _awards_loaded(
            RoleAward.objects.filter(role=enabler, user_id__in=[p.pk for p in people])
        )
    }
    return _entries(people, awards)


def enablers_trained_by(*, champion) -> list[RoleEntry]:
    """The current enablers this champion trained: they signed them off, or trained the
    group they finished in. Newest first. Three queries."""
    awards = list(
        _awards_loaded(
            RoleAward.objects.filter(role=RoleAward.Role.ENABLER)
            .filter(Q(enrolment__sign_off__signed_by=champion) | Q(cohort__trainers=champion))
            .filter(_member_of_user(ENABLERS))
            .distinct()
            .order_by("-awarded_at", "-id")
        )
    )
    return _entries([a.user for a in awards], {a.user_id: a for a in awards})


# --- A champion's page ------------------------------------------------------------------


@dataclass
class ChampionPage:
    champion: object
    name: str
    award: RoleAward | None
    became_on: date | None
    course_title: str
    enablers: list[RoleEntry]


def champion_page(*, champion_id: int) -> ChampionPage | None:
    """A current champion: when they became one, after which course, and the enablers
    they trained. None if ``champion_id`` is not a champion."""
    champion = (
        get_user_model()
        .objects.filter(pk=champion_id, is_active=True)
        .filter(_member_of(CHAMPIONS))
        .first()
    )
    if champion is None:
        return None
    award = _awards_loaded(
        RoleAward.objects.filter(user=champion, role=RoleAward.Role.CHAMPION)
    ).first()
    return ChampionPage(
        champion=champion,
        name=person_name(champion),
        award=award,
        became_on=timezone.localdate(award.awarded_at) if award else None,
        course_title=_course_title(award),
        enablers=enablers_trained_by(champion=champion),
    )


# --- The person's own entry -------------------------------------------------------------


@dataclass
class MyRole:
    role: str
    label: str
    award: RoleAward | None
    since: date | None
    course_title: str


def my_roles(*, user) -> list[MyRole]:
    """The cascade roles the person holds, each with its record if there is one."""
    held = role_links_for(user=user).roles
    if not held:
        return []
    awards = {a.role: a for a in _awards_loaded(RoleAward.objects.filter(user=user, role__in=held))}
    labels = dict(RoleAward.Role.choices)
    return [
        MyRole(
            role=role,
            label=labels[role].lower(),
            award=awards.get(role),
            since=timezone.localdate(awards[role].awarded_at) if role in awards else None,
            course_title=_course_title(awards.get(role)),
        )
        for role in held
    ]


# --- The cohort dashboard ---------------------------------------------------------------


@dataclass
class CohortRoleRow:
    learner: object
    name: str
    holds_role: bool
    has_certificate: bool
    signed_off: bool

    @property
    def can_be_made(self) -> bool:
        return self.has_certificate and self.signed_off and not self.holds_role


@dataclass
class CohortRoles:
    """Who in a group has become what its course makes them, or is ready to."""

    role: str  # RoleAward.Role value
    rows: list[CohortRoleRow]

    @property
    def ready(self) -> list[CohortRoleRow]:
        return [row for row in self.rows if row.can_be_made]

    @property
    def holders(self) -> list[CohortRoleRow]:
        return [row for row in self.rows if row.holds_role]

    @property
    def makes_champions(self) -> bool:
        return self.role == RoleAward.Role.CHAMPION


def cohort_roles(*, cohort: Cohort) -> CohortRoles | None:
    """For a course that makes champions or enablers: each learner, whether they hold
    the role and whether they may be made a champion now. None for other courses. One
    query."""
    course = cohort.course
    if course.makes_role not in (CoursePage.Role.CHAMPION, CoursePage.Role.ENABLER):
        return None
    on_course = {"enrolment__user": OuterRef("pk"), "enrolment__course": course}
    learners = cohort.learners.annotate(
        holds_role=_member_of(ROLE_GROUPS[course.makes_role]),
        has_certificate=Exists(Certificate.objects.filter(withdrawn_at__isnull=True, **on_course)),
        has_sign_off=Exists(SignOff.objects.filter(**on_course)),
    ).order_by(*NAME_ORDER)
    return CohortRoles(
        role=course.makes_role,
        rows=[
            CohortRoleRow(
                learner=person,
                name=person_name(person),
                holds_role=person.holds_role,
                has_certificate=person.has_certificate,
                signed_off=person.has_sign_off or not course.needs_sign_off,
            )
            for person in learners
        ],
    )
