"""Cascade pages: making a champion from the dashboard, the register of enablers, a
champion's page and one's own entry; who may use each (role x object x action)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.roles import CHAMPIONS, ENABLERS, FACILITATORS, WAGTAIL_EDITORS
from courses.models import CoursePage, TrainingSettings
from learning.models import Certificate, RoleAward
from learning.roles import role_awards_on_certificate
from tests.factories import UserFactory
from tests.learning.factories import (
    champion,
    cohort_with_learners,
    course_with_modules,
    learner,
    roles_certificate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """A champions group with Amira (certificate) and Tom (none); an enabler Pat trained
    in an enablers group by the same trainer; and people with other roles."""
    trainer = champion(first_name="Priya Shah")
    amira = learner(first_name="Amira Hussain")
    tom = learner(first_name="Tom Bennett")
    course = course_with_modules(
        title="Support planning champions", makes_role=CoursePage.Role.CHAMPION
    )
    cohort = cohort_with_learners(
        course=course, trainer=trainer, learners=[amira, tom], name="Walsall champions"
    )
    roles_certificate(user=amira, cohort=cohort)
    pat = learner(first_name="Pat Enabler")
    enablers = cohort_with_learners(
        course=course_with_modules(title="Enablers course", makes_role=CoursePage.Role.ENABLER),
        trainer=trainer,
        learners=[pat],
        name="Walsall enablers",
    )
    certificate = roles_certificate(user=pat, cohort=enablers, signed_by=trainer)
    award = role_awards_on_certificate(certificate=certificate, cohort=enablers)
    award.area, award.availability = "Walsall", "Tuesday mornings"
    award.save()
    return {"trainer": trainer, "amira": amira, "tom": tom, "cohort": cohort, "pat": pat}


def _make_url(setup, who="amira"):
    return reverse("training:champion_make", args=[setup["cohort"].pk, setup[who].pk])


def _people(setup):
    return {
        "trainer": lambda: setup["trainer"],
        "other_champion": lambda: champion(),
        "facilitator": lambda: UserFactory(roles=[FACILITATORS]),
        "superuser": lambda: UserFactory(is_superuser=True),
        "enabler": lambda: setup["pat"],
        "cohort_learner": lambda: setup["tom"],
        "stranger": lambda: learner(),
        "editor": lambda: UserFactory(roles=[WAGTAIL_EDITORS]),
        "anonymous": lambda: None,
    }


# --- Who may do what --------------------------------------------------------------------

# (url name, method, who may, everyone else in _people is refused)
MATRIX = [
    ("champion_make", "post", {"trainer", "superuser"}),
    ("enablers_register", "get", {"trainer", "other_champion", "facilitator", "superuser"}),
    ("champion_page", "get", {"trainer", "other_champion", "facilitator", "superuser"}),
    # Everyone with a role has an entry of their own (and only that: no id in the address).
    ("my_role", "get", {"trainer", "other_champion", "enabler"}),
    ("my_role", "post", {"trainer", "other_champion", "enabler"}),
]


def _url(setup, name):
    if name == "champion_make":
        return _make_url(setup)
    if name == "champion_page":
        return reverse("training:champion_page", args=[setup["trainer"].pk])
    return reverse(f"training:{name}")


@pytest.mark.parametrize(("name", "method", "allowed"), MATRIX)
@pytest.mark.parametrize(
    "role",
    [
        "trainer",
        "other_champion",
        "facilitator",
        "superuser",
        "enabler",
        "cohort_learner",
        "stranger",
        "editor",
        "anonymous",
    ],
)
def test_each_role_on_each_page(client, setup, name, method, allowed, role):
    person = _people(setup)[role]()
    if person is not None:
        client.force_login(person)
    url = _url(setup, name)
    data = {"area": "Bloxwich", "availability": "", "taking_requests": "on"}
    response = getattr(client, method)(url, data if method == "post" else None)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif role in allowed:
        assert response.status_code in (200, 302), (role, name)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404, (role, name)
    made = RoleAward.objects.filter(user=setup["amira"], role="champion").exists()
    assert made is (name == "champion_make" and role in allowed)


def test_a_trainer_cannot_make_a_champion_from_another_trainer_s_group(client, setup):
    other = champion()
    client.force_login(other)
    assert client.post(_make_url(setup)).status_code == 404
    # Nor of someone outside the group, through their own group's address.
    own = cohort_with_learners(course=setup["cohort"].course, trainer=other)
    url = reverse("training:champion_make", args=[own.pk, setup["amira"].pk])
    assert client.post(url).status_code == 404
    assert not setup["amira"].groups.filter(name=CHAMPIONS).exists()


def test_making_a_champion_only_accepts_post(client, setup):
    client.force_login(setup["trainer"])
    assert client.get(_make_url(setup)).status_code == 405


def test_nobody_edits_someone_else_s_entry(client, setup):
    other = UserFactory(roles=[ENABLERS])
    client.force_login(other)
    client.post(
        reverse("training:my_role"), {"area": "Dudley", "availability": "", "taking_requests": ""}
    )
    pat = RoleAward.objects.get(user=setup["pat"])
    assert (pat.area, pat.taking_requests) == ("Walsall", True)
    assert RoleAward.objects.get(user=other).area == "Dudley"


def test_a_champion_page_is_not_found_for_someone_who_is_not_a_champion(client, setup):
    client.force_login(setup["trainer"])
    url = reverse("training:champion_page", args=[setup["pat"].pk])
    assert client.get(url).status_code == 404


# --- Making a champion on the dashboard -----------------------------------------------------


def _dashboard(client, setup) -> str:
    url = reverse("training:cohort_dashboard", args=[setup["cohort"].pk])
    return client.get(url).content.decode()


def test_dashboard_offers_one_step_to_make_a_champion_then_lists_them(client, setup):
    client.force_login(setup["trainer"])
    html = _dashboard(client, setup)
    assert "Making champions" in html
    assert f'action="{_make_url(setup)}"' in html
    assert "Make Amira Hussain a champion</button>" in html
    assert "Make Tom Bennett a champion" not in html  # no certificate yet

    response = client.post(_make_url(setup), follow=True)
    assert response.redirect_chain[-1][0].endswith("#roles")
    html = response.content.decode()
    assert "Amira Hussain is now a champion." in html
    assert "Make Amira Hussain a champion" not in html
    champion_page = reverse("training:champion_page", args=[setup["amira"].pk])
    assert f'<a href="{champion_page}">Amira Hussain' in html
    assert setup["amira"].groups.filter(name=CHAMPIONS).exists()


def test_making_a_champion_twice_or_without_a_certificate_says_why_not(client, setup):
    client.force_login(setup["trainer"])
    client.post(_make_url(setup))
    response = client.post(_make_url(setup), follow=True)
    assert "Amira Hussain is already a champion." in response.content.decode()
    response = client.post(_make_url(setup, "tom"), follow=True)
    html = response.content.decode()
    assert "Tom Bennett does not have a certificate for Support planning champions" in html
    assert not setup["tom"].groups.filter(name=CHAMPIONS).exists()


def test_dashboard_of_a_course_that_makes_no_role_has_no_roles_section(client, setup):
    setup["cohort"].course.makes_role = ""
    setup["cohort"].course.save()
    client.force_login(setup["trainer"])
    assert "Making champions" not in _dashboard(client, setup)


def test_dashboard_queries_do_not_grow_with_learners_ready_to_be_champions(
    client, setup, django_assert_max_num_queries
):
    client.force_login(setup["trainer"])
    url = reverse("training:cohort_dashboard", args=[setup["cohort"].pk])
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for number in range(5):
        person = learner(first_name=f"Extra {number}")
        setup["cohort"].learners.add(person)
        roles_certificate(user=person, cohort=setup["cohort"])
    with django_assert_max_num_queries(len(queries)):
        html = client.get(url).content.decode()
    assert html.count("a champion</button>") == 6


# --- Mentoring per role on the dashboard ------------------------------------------------------


def test_dashboard_says_not_needed_for_roles_that_need_no_mentoring(client, setup):
    pat = setup["pat"]
    course = course_with_modules(makes_role=CoursePage.Role.ENABLER)
    cohort = cohort_with_learners(course=course, trainer=setup["trainer"], learners=[pat])
    client.force_login(setup["trainer"])
    url = reverse("training:cohort_dashboard", args=[cohort.pk])
    html = client.get(url).content.decode()
    assert ">Not needed<" in html
    assert "<strong>Due</strong>" not in html
    assert "Nobody here needs mentoring meetings" in html
    mentoring = client.get(reverse("training:mentoring", args=[cohort.pk])).content.decode()
    assert "Nobody here needs mentoring meetings" in mentoring

    found = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
    found.mentoring_for_enablers = True
    found.save()
    html = client.get(url).content.decode()
    assert html.count("<strong>Due</strong>") == 1
    assert ">Not needed<" not in html


def test_champions_course_learners_are_still_due_mentoring(client, setup):
    client.force_login(setup["trainer"])
    html = _dashboard(client, setup)
    assert html.count("<strong>Due</strong>") == 2
    assert ">Not needed<" not in html


# --- The register of enablers ------------------------------------------------------------


def _register(client, **params) -> str:
    response = client.get(reverse("training:enablers_register"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_register_lists_each_enabler_with_how_they_were_trained(client, setup):
    client.force_login(UserFactory(roles=[FACILITATORS]))
    html = _register(client)
    assert '<h3 class="role-entry__name">Pat Enabler</h3>' in html
    assert "<dd>Walsall</dd>" in html
    assert "<dd>Tuesday mornings</dd>" in html
    today = timezone.localdate()
    trainer_page = reverse("training:champion_page", args=[setup["trainer"].pk])
    assert f'{today.day} {today:%B %Y}, by <a href="{trainer_page}">Priya Shah</a>' in html
    assert "<dd>Enablers course</dd>" in html
    assert "1 enabler, taking requests now." in html
    assert "<table" not in html


def test_register_search_and_its_no_match_and_empty_states(client, setup):
    client.force_login(setup["trainer"])
    html = _register(client, q="tuesday")
    assert "1 enabler matches &ldquo;tuesday&rdquo;" in html
    assert 'value="tuesday"' in html
    html = _register(client, q="<b>Dudley</b>")
    assert "No enabler matches &ldquo;&lt;b&gt;Dudley&lt;/b&gt;&rdquo;" in html
    assert "Pat Enabler" not in html

    RoleAward.objects.filter(user=setup["pat"]).update(taking_requests=False)
    html = _register(client)
    assert "No enabler is taking requests now." in html
    html = _register(client, all="1")
    assert "Pat Enabler" in html
    assert "<strong>No, not for now</strong>" in html
    setup["pat"].groups.remove(Group.objects.get(name=ENABLERS))
    assert "There are no enablers yet." in _register(client, all="1")


# --- A champion's page -------------------------------------------------------------------


def test_champion_page_shows_when_they_became_one_and_the_enablers_they_trained(client, setup):
    amira = setup["amira"]
    client.force_login(setup["trainer"])
    client.post(_make_url(setup))
    client.force_login(amira)
    html = client.get(reverse("training:champion_page", args=[amira.pk])).content.decode()
    today = timezone.localdate()
    assert f"A champion since {today.day} {today:%B %Y}" in html
    assert "after the course Support planning champions" in html
    assert "Enablers you trained" in html
    assert "No enablers yet." in html
    assert reverse("training:my_role") in html

    html = client.get(reverse("training:champion_page", args=[setup["trainer"].pk])).content
    html = html.decode()
    assert "Enablers Priya Shah trained" in html
    assert '<h3 class="role-entry__name">Pat Enabler</h3>' in html
    assert "<dd>Walsall</dd>" in html
    assert "When they became one is not recorded here." in html  # made a champion by hand


# --- One's own entry ---------------------------------------------------------------------


def test_an_enabler_sets_their_area_availability_and_requests(client, setup):
    client.force_login(setup["pat"])
    url = reverse("training:my_role")
    html = client.get(url).content.decode()
    assert "You are an enabler since" in html
    assert "after the course Enablers course" in html
    assert 'value="Walsall"' in html
    assert 'name="taking_requests"' in html
    response = client.post(
        url, {"area": "Bloxwich", "availability": "Weekends", "taking_requests": ""}, follow=True
    )
    assert "Your entry is saved. You are not taking requests for now." in response.content.decode()
    award = RoleAward.objects.get(user=setup["pat"])
    assert (award.area, award.availability, award.taking_requests) == (
        "Bloxwich",
        "Weekends",
        False,
    )


def test_own_entry_errors_show_in_a_summary(client, setup):
    client.force_login(setup["pat"])
    response = client.post(
        reverse("training:my_role"),
        {"area": "x" * 121, "availability": "", "taking_requests": "on"},
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_area"' in html
    assert "Where you can help can be up to 120 characters" in html
    assert RoleAward.objects.get(user=setup["pat"]).area == "Walsall"


def test_a_champion_s_entry_has_no_taking_requests_box(client, setup):
    client.force_login(setup["trainer"])
    html = client.get(reverse("training:my_role")).content.decode()
    assert 'name="taking_requests"' not in html
    assert "Your page as a champion" in html
    response = client.post(
        reverse("training:my_role"), {"area": "Walsall", "availability": ""}, follow=True
    )
    assert "Your details are saved." in response.content.decode()
    award = RoleAward.objects.get(user=setup["trainer"], role="champion")
    assert (award.area, award.taking_requests) == ("Walsall", True)


# --- Links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "entry", "champion_page", "register"),
    [
        ("trainer", True, True, True),
        ("enabler", True, False, False),
        ("facilitator", False, False, True),
        ("cohort_learner", False, False, False),
    ],
)
def test_my_learning_links_to_the_role_pages_someone_may_use(
    client, setup, who, entry, champion_page, register
):
    person = _people(setup)[who]()
    client.force_login(person)
    html = client.get(reverse("training:my_learning")).content.decode()
    assert (reverse("training:my_role") in html) is entry
    assert ("Your page as a champion" in html) is champion_page
    assert (reverse("training:enablers_register") in html) is register


def test_groups_you_train_links_to_the_register(client, setup):
    client.force_login(setup["trainer"])
    html = client.get(reverse("training:cohort_list")).content.decode()
    assert reverse("training:enablers_register") in html


def test_trained_on_uses_the_certificate_date(client, setup):
    issued = timezone.now() - timedelta(days=30)
    Certificate.objects.filter(enrolment__user=setup["pat"]).update(issued_at=issued)
    client.force_login(setup["trainer"])
    day = timezone.localdate(issued)
    assert f"{day.day} {day:%B %Y}, by" in _register(client)
