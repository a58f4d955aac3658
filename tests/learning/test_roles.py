"""The cascade's rules and reads: making champions, enablers' entries, the register,
champions' pages, and mentoring only for the roles that need it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from cms.roles import CHAMPIONS, ENABLERS, FACILITATORS, LEARNERS, WAGTAIL_EDITORS
from courses.models import CoursePage, TrainingSettings
from learning import selectors, selectors_roles, services
from learning.models import RoleAward
from learning.roles import (
    champion_make,
    role_award_details_update,
    role_awards_on_certificate,
    role_remove,
)
from learning.services import LearningError
from tests.factories import UserFactory
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    roles_certificate,
)

pytestmark = pytest.mark.django_db

CHAMPION = CoursePage.Role.CHAMPION
ENABLER = CoursePage.Role.ENABLER


def _in(user, group: str) -> bool:
    return user.groups.filter(name=group).exists()


def _group(*, makes_role=CHAMPION, needs_sign_off=False, trainer=None, learners=(), **kwargs):
    course = course_with_modules(makes_role=makes_role, needs_sign_off=needs_sign_off, **kwargs)
    return cohort_with_learners(course=course, trainer=trainer, learners=learners)


def _enabler(*, first_name, trainer=None, signed_by=None, area="", availability="", taking=True):
    """Someone who finished an enablers course in a group run by ``trainer``."""
    person = learner(first_name=first_name)
    cohort = _group(makes_role=ENABLER, trainer=trainer, learners=[person])
    certificate = roles_certificate(user=person, cohort=cohort, signed_by=signed_by)
    award = role_awards_on_certificate(
        certificate=certificate, cohort=cohort, awarded_by=cohort.created_by
    )
    award.area, award.availability, award.taking_requests = area, availability, taking
    award.save()
    return person, award


def _settings(**values) -> TrainingSettings:
    found = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(found, name, value)
    found.save()
    return found


# --- Making a champion -------------------------------------------------------------------


def test_the_trainer_makes_a_learner_with_a_certificate_a_champion():
    amira = learner(first_name="Amira Hussain")
    cohort = _group(learners=[amira])
    roles_certificate(user=amira, cohort=cohort)
    award = champion_make(cohort=cohort, learner=amira, by=cohort.created_by)
    assert _in(amira, CHAMPIONS)
    assert (award.role, award.cohort, award.awarded_by) == (CHAMPION, cohort, cohort.created_by)
    assert award.enrolment.course == cohort.course
    # A new champion may start groups of their own.
    assert services.user_can_create_cohorts(user=amira)


def test_a_superuser_may_make_a_champion_in_any_group():
    amira = learner()
    cohort = _group(learners=[amira])
    roles_certificate(user=amira, cohort=cohort)
    champion_make(cohort=cohort, learner=amira, by=UserFactory(is_superuser=True))
    assert _in(amira, CHAMPIONS)


def _refusal(cohort, person, by) -> LearningError:
    with pytest.raises(LearningError) as error:
        champion_make(cohort=cohort, learner=person, by=by)
    assert not RoleAward.objects.filter(user=person, role=CHAMPION).exists()
    return error.value


def test_making_a_champion_is_refused_without_a_valid_certificate():
    amira = learner(first_name="Amira Hussain")
    cohort = _group(learners=[amira], title="Support planning champions")
    error = _refusal(cohort, amira, cohort.created_by)
    assert error.code == "no_certificate"
    assert error.message == (
        "Amira Hussain does not have a certificate for Support planning champions, "
        "so they cannot be made a champion yet."
    )
    roles_certificate(user=amira, cohort=cohort, withdrawn=True)
    assert _refusal(cohort, amira, cohort.created_by).code == "no_certificate"
    assert not _in(amira, CHAMPIONS)


def test_making_a_champion_is_refused_for_someone_else_s_group_or_learner():
    amira, outsider = learner(), learner()
    cohort = _group(learners=[amira])
    roles_certificate(user=amira, cohort=cohort)
    assert _refusal(cohort, amira, champion()).code == "not_your_group"
    assert _refusal(cohort, amira, amira).code == "not_your_group"
    assert _refusal(cohort, outsider, cohort.created_by).code == "not_in_group"


def test_only_a_champions_course_makes_champions():
    amira = learner()
    for makes_role in ("", ENABLER):
        cohort = _group(makes_role=makes_role, learners=[amira])
        roles_certificate(user=amira, cohort=cohort)
        assert _refusal(cohort, amira, cohort.created_by).code == "not_champions_course"


def test_making_someone_a_champion_twice_says_they_already_are():
    amira = learner(first_name="Amira Hussain")
    cohort = _group(learners=[amira])
    roles_certificate(user=amira, cohort=cohort)
    champion_make(cohort=cohort, learner=amira, by=cohort.created_by)
    with pytest.raises(LearningError) as error:
        champion_make(cohort=cohort, learner=amira, by=cohort.created_by)
    assert (error.value.code, error.value.message) == (
        "already_champion",
        "Amira Hussain is already a champion.",
    )
    assert RoleAward.objects.filter(user=amira, role=CHAMPION).count() == 1


def test_a_course_that_needs_sign_off_needs_it_before_making_a_champion():
    amira = learner()
    cohort = _group(needs_sign_off=True, learners=[amira])
    roles_certificate(user=amira, cohort=cohort)  # no sign-off
    assert _refusal(cohort, amira, cohort.created_by).code == "not_signed_off"
    tom = learner()
    cohort.learners.add(tom)
    roles_certificate(user=tom, cohort=cohort, signed_by=cohort.created_by)
    champion_make(cohort=cohort, learner=tom, by=cohort.created_by)
    assert _in(tom, CHAMPIONS)


# --- Enablers ----------------------------------------------------------------------------


def test_a_certificate_for_an_enablers_course_makes_an_enabler_at_once():
    person, award = _enabler(first_name="Tom Reid")
    assert _in(person, ENABLERS)
    assert award.role == ENABLER
    champions_cohort = _group(learners=[person])
    certificate = roles_certificate(user=person, cohort=champions_cohort)
    assert role_awards_on_certificate(certificate=certificate, cohort=champions_cohort) is None
    assert not _in(person, CHAMPIONS)


def test_a_record_made_by_hand_learns_its_course_when_the_role_is_awarded():
    person = UserFactory(roles=[ENABLERS])
    role_award_details_update(user=person, area="Walsall", availability="", taking_requests=True)
    award = RoleAward.objects.get(user=person)
    assert award.enrolment is None
    cohort = _group(makes_role=ENABLER, learners=[person])
    certificate = roles_certificate(user=person, cohort=cohort)
    role_awards_on_certificate(certificate=certificate, cohort=cohort)
    award.refresh_from_db()
    assert (award.enrolment, award.cohort, award.area) == (certificate.enrolment, cohort, "Walsall")


def test_people_set_their_own_area_availability_and_whether_they_take_requests():
    person, _ = _enabler(first_name="Tom Reid")
    person.groups.add(Group.objects.get_or_create(name=CHAMPIONS)[0])  # made one by hand too
    awards = role_award_details_update(
        user=person, area=" Walsall ", availability="Tuesday mornings", taking_requests=False
    )
    assert {a.role for a in awards} == {CHAMPION, ENABLER}
    for saved in RoleAward.objects.filter(user=person):
        assert (saved.area, saved.availability, saved.taking_requests) == (
            "Walsall",
            "Tuesday mornings",
            False,
        )


def test_someone_with_no_role_has_no_entry_to_change():
    with pytest.raises(LearningError) as error:
        role_award_details_update(
            user=learner(), area="Walsall", availability="", taking_requests=True
        )
    assert error.value.code == "no_role"
    assert not RoleAward.objects.exists()


def test_only_an_administrator_takes_a_role_away():
    person, _ = _enabler(first_name="Tom Reid")
    with pytest.raises(LearningError):
        role_remove(user=person, role=ENABLER, by=champion())
    assert _in(person, ENABLERS)
    role_remove(user=person, role=ENABLER, by=UserFactory(is_superuser=True))
    assert not _in(person, ENABLERS)
    assert not RoleAward.objects.filter(user=person).exists()


# --- Who may see the register and champions' pages ---------------------------------------


@pytest.mark.parametrize(
    ("roles", "superuser", "may_see"),
    [
        ([CHAMPIONS], False, True),
        ([FACILITATORS], False, True),
        ([], True, True),
        ([ENABLERS], False, False),
        ([LEARNERS], False, False),
        ([WAGTAIL_EDITORS], False, False),
        ([], False, False),
    ],
)
def test_who_may_see_the_register(roles, superuser, may_see):
    person = UserFactory(roles=roles, is_superuser=superuser)
    assert selectors_roles.user_may_see_register(user=person) is may_see


def test_a_champion_may_see_their_own_page_and_a_learner_only_their_own_id():
    priya = champion()
    assert selectors_roles.user_may_see_champion_page(user=priya, champion_id=priya.pk)
    someone = learner()
    assert not selectors_roles.user_may_see_champion_page(user=someone, champion_id=priya.pk)


def test_role_links_say_which_roles_someone_holds():
    person = UserFactory(roles=[ENABLERS, CHAMPIONS])
    links = selectors_roles.role_links_for(user=person)
    assert links.roles == [CHAMPION, ENABLER]
    assert links.is_champion
    assert links.is_enabler
    assert links.may_see_register
    assert selectors_roles.role_links_for(user=learner()).roles == []


# --- The register ------------------------------------------------------------------------


def test_the_register_lists_enablers_taking_requests_with_how_they_were_trained():
    priya = champion(first_name="Priya Shah")
    _enabler(first_name="Tom Reid", trainer=priya, area="Walsall")
    issued = timezone.now() - timedelta(days=40)
    zara = learner(first_name="Zara Ali")
    cohort = _group(makes_role=ENABLER, trainer=priya, learners=[zara])
    other = champion(first_name="Owen Signer")
    cohort.trainers.add(other)
    certificate = roles_certificate(user=zara, cohort=cohort, signed_by=other, issued_at=issued)
    role_awards_on_certificate(certificate=certificate, cohort=cohort)
    _enabler(first_name="Bea Busy", taking=False)
    by_hand = UserFactory(first_name="Ann Hand", roles=[ENABLERS])

    entries = selectors_roles.enablers_register()
    assert [e.name for e in entries] == ["Ann Hand", "Tom Reid", "Zara Ali"]
    hand, tom_entry, zara_entry = entries
    assert (hand.person, hand.trained_on, hand.trainers, hand.course_title) == (
        by_hand,
        None,
        [],
        "",
    )
    assert tom_entry.area == "Walsall"
    assert tom_entry.trained_on == timezone.localdate()
    # No sign-off: the group's trainers trained them.
    assert [(t.name, t.is_champion) for t in tom_entry.trainers] == [("Priya Shah", True)]
    # A sign-off names the trainer; the certificate gives the date.
    assert [t.name for t in zara_entry.trainers] == ["Owen Signer"]
    assert zara_entry.trained_on == timezone.localdate(issued)
    assert zara_entry.course_title == cohort.course.title

    everyone = selectors_roles.enablers_register(include_not_taking=True)
    assert "Bea Busy" in [e.name for e in everyone]
    assert not next(e for e in everyone if e.name == "Bea Busy").taking_requests


def test_the_register_searches_name_area_and_availability_every_word():
    _enabler(first_name="Tom Reid", area="Walsall", availability="Tuesday mornings")
    _enabler(first_name="Zara Ali", area="Bloxwich", availability="Weekends")
    _enabler(first_name="Wally Reading", area="Reading", availability="Evenings")

    def names(query):
        return [e.name for e in selectors_roles.enablers_register(query=query)]

    assert names("walsall") == ["Tom Reid"]
    assert names("TUESDAY") == ["Tom Reid"]
    assert names("zara") == ["Zara Ali"]
    assert names("wal") == ["Tom Reid", "Wally Reading"]
    assert names("wal evenings") == ["Wally Reading"]
    assert names("Dudley") == []
    assert len(names("  ")) == 3


def test_the_register_leaves_out_people_who_are_no_longer_enablers():
    tom, _ = _enabler(first_name="Tom Reid")
    tom.groups.remove(Group.objects.get(name=ENABLERS))
    assert selectors_roles.enablers_register() == []


def test_the_register_uses_four_queries_however_many_enablers(django_assert_num_queries):
    priya = champion()
    for number in range(4):
        _enabler(first_name=f"Enabler {number}", trainer=priya, signed_by=priya if number else None)
    with django_assert_num_queries(4):
        entries = selectors_roles.enablers_register()
        assert len(entries) == 4
        assert all(e.trainers and e.course_title for e in entries)


# --- Champions' pages ----------------------------------------------------------------------


def test_a_champion_s_page_lists_the_enablers_they_trained():
    priya = champion(first_name="Priya Shah")
    _enabler(first_name="Tom Reid", trainer=priya, area="Walsall")
    _enabler(first_name="Zara Ali", signed_by=priya)  # she signed off in another group
    _enabler(first_name="Other Person")  # trained by someone else
    assert [e.name for e in selectors_roles.enablers_trained_by(champion=priya)] == [
        "Zara Ali",
        "Tom Reid",
    ]

    amira = learner(first_name="Amira Hussain")
    cohort = _group(learners=[amira], trainer=priya, title="Support planning champions")
    roles_certificate(user=amira, cohort=cohort)
    champion_make(cohort=cohort, learner=amira, by=priya)
    page = selectors_roles.champion_page(champion_id=amira.pk)
    assert (page.name, page.became_on, page.course_title) == (
        "Amira Hussain",
        timezone.localdate(),
        "Support planning champions",
    )
    assert page.enablers == []
    by_hand = selectors_roles.champion_page(champion_id=priya.pk)
    assert by_hand.award is None
    assert by_hand.became_on is None
    assert len(by_hand.enablers) == 2


def test_there_is_no_champion_page_for_someone_who_is_not_a_champion():
    assert selectors_roles.champion_page(champion_id=learner().pk) is None


# --- The cohort dashboard's roles section ----------------------------------------------------


def test_cohort_roles_says_who_is_ready_to_be_made_a_champion():
    amira, tom, zara = (learner(first_name=n) for n in ("Amira", "Tom", "Zara"))
    cohort = _group(learners=[amira, tom, zara])
    roles_certificate(user=amira, cohort=cohort)
    roles_certificate(user=tom, cohort=cohort, withdrawn=True)
    roles_certificate(user=zara, cohort=cohort)
    champion_make(cohort=cohort, learner=zara, by=cohort.created_by)
    roles = selectors_roles.cohort_roles(cohort=cohort)
    assert roles.makes_champions
    assert [row.name for row in roles.ready] == ["Amira"]
    assert [row.name for row in roles.holders] == ["Zara"]


def test_cohort_roles_waits_for_a_sign_off_where_the_course_needs_one():
    amira = learner()
    cohort = _group(needs_sign_off=True, learners=[amira])
    roles_certificate(user=amira, cohort=cohort)
    assert selectors_roles.cohort_roles(cohort=cohort).ready == []


def test_cohort_roles_is_none_for_a_course_that_makes_no_role():
    assert selectors_roles.cohort_roles(cohort=_group(makes_role="")) is None


# --- Mentoring only for the roles that need it ---------------------------------------------------


@pytest.mark.parametrize(
    ("champion_", "enabler_", "trains_for", "for_champions", "for_enablers", "needed"),
    [
        (True, False, "", True, False, True),
        (True, False, "", False, False, False),
        (False, True, "", True, False, False),
        (False, True, "", True, True, True),
        (False, False, CHAMPION, True, False, True),
        (False, False, CHAMPION, False, True, False),
        (False, False, ENABLER, True, False, False),
        (False, False, ENABLER, False, True, True),
        (False, False, "", True, True, False),
    ],
)
def test_mentoring_is_needed_for_roles_the_settings_name(
    champion_, enabler_, trains_for, for_champions, for_enablers, needed
):
    settings = TrainingSettings(
        mentoring_for_champions=for_champions, mentoring_for_enablers=for_enablers
    )
    assert (
        selectors.mentoring_is_needed(
            is_champion=champion_,
            is_enabler=enabler_,
            trains_for=trains_for,
            training_settings=settings,
        )
        is needed
    )


def test_a_course_trains_for_its_role_or_else_its_audience():
    def trains_for(**kwargs):
        return selectors.course_trains_for(course=CoursePage(**kwargs))

    assert trains_for(makes_role=ENABLER, audience=CoursePage.Audience.CHAMPIONS) == ENABLER
    assert trains_for(makes_role="", audience=CoursePage.Audience.CHAMPIONS) == CHAMPION
    assert trains_for(makes_role="", audience=CoursePage.Audience.ENABLERS) == ENABLER
    assert trains_for(makes_role="", audience=CoursePage.Audience.PROFESSIONALS) == ""


def _mentoring(cohort) -> tuple[dict, dict]:
    dashboard = {r.name: r for r in selectors.cohort_dashboard(cohort=cohort).learners}
    overview = {s.name: s for s in selectors.mentoring_overview(cohort=cohort).people}
    return dashboard, overview


def test_learners_on_an_enablers_course_need_no_mentoring_unless_the_ulo_says_so():
    amira = learner(first_name="Amira Hussain")
    cohort = _group(makes_role=ENABLER, learners=[amira])
    dashboard, overview = _mentoring(cohort)
    row, status = dashboard["Amira Hussain"], overview["Amira Hussain"]
    assert (row.mentoring_needed, row.mentoring_due) == (False, False)
    assert (status.is_needed, status.is_due) == (False, False)

    _settings(mentoring_for_enablers=True)
    dashboard, overview = _mentoring(cohort)
    assert dashboard["Amira Hussain"].mentoring_due
    assert overview["Amira Hussain"].is_due


def test_champions_in_any_group_need_mentoring_while_the_setting_is_on():
    cam = champion(first_name="Cam Champion")
    amira = learner(first_name="Amira Hussain")
    cohort = _group(
        makes_role="",
        audience=CoursePage.Audience.PROFESSIONALS,
        learners=[cam, amira],
    )
    dashboard, overview = _mentoring(cohort)
    assert dashboard["Cam Champion"].mentoring_due
    assert overview["Cam Champion"].is_due
    assert not dashboard["Amira Hussain"].mentoring_needed
    assert [s.name for s in selectors.mentoring_overview(cohort=cohort).due] == ["Cam Champion"]

    _settings(mentoring_for_champions=False)
    dashboard, overview = _mentoring(cohort)
    assert not dashboard["Cam Champion"].mentoring_needed
    assert not overview["Cam Champion"].is_due


def test_learners_training_to_be_champions_need_mentoring_as_champions_do():
    amira = learner(first_name="Amira Hussain")
    cohort = _group(makes_role=CHAMPION, learners=[amira])
    services.mentoring_log_create(
        mentor=cohort.created_by, champion=amira, met_on=timezone.localdate() - timedelta(days=10)
    )
    dashboard, _ = _mentoring(cohort)
    assert dashboard["Amira Hussain"].mentoring_needed
    assert not dashboard["Amira Hussain"].mentoring_due  # met ten days ago
    _settings(mentoring_for_champions=False)
    assert not _mentoring(cohort)[0]["Amira Hussain"].mentoring_needed


def test_settings_passed_in_are_used_without_reading_them(django_assert_num_queries):
    cohort = _group(makes_role=ENABLER, learners=[learner(), learner()])
    given = TrainingSettings(mentoring_for_enablers=True)
    with django_assert_num_queries(2):  # the learners, and their mentoring meetings
        overview = selectors.mentoring_overview(cohort=cohort, training_settings=given)
    assert len(overview.due) == 2
    with django_assert_num_queries(3):  # and the settings
        assert selectors.mentoring_overview(cohort=cohort).due == []
