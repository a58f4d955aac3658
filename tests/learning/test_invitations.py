"""Adding learners without email: a link to copy or scan, or an account added by name.

An invitation is for one person. Emailed, only the account with that address
may use it (see test_cohort_services.py); a link without an email is claimed
by the first account that uses it, and refused to every other.
"""

import re

import pytest
import segno
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cms.roles import LEARNERS, WAGTAIL_EDITORS
from learning import services
from learning.forms import LearnerAddForm
from learning.models import CohortInvitation, Enrolment
from learning.services import LearningError
from learning.views import LINK_MADE_SESSION_KEY, invitation_qr_svg
from tests.factories import UserFactory
from tests.learning.factories import champion, cohort_with_learners, course_with_modules, learner

pytestmark = pytest.mark.django_db

CLAIMED = (
    "This invitation was for Amira and has already been used. Ask your trainer for your own link."
)
PASSWORD = "plan-together-2026"


def _link(cohort, name="Amira"):
    return services.cohort_invitation_create(cohort=cohort, name=name, invited_by=cohort.created_by)


@pytest.fixture
def group():
    course = course_with_modules(title="Support planning for champions")
    trainer = champion(first_name="Pat Trainer")
    member = learner(first_name="Tom Bennett")
    cohort = cohort_with_learners(
        course=course, trainer=trainer, learners=[member], name="Walsall champions"
    )
    return {"cohort": cohort, "course": course, "trainer": trainer, "member": member}


# --- Services: links for one person ---------------------------------------------------


def test_a_link_is_for_a_name_with_no_email_and_only_its_hash_is_kept(group):
    invitation, token = _link(group["cohort"], name="  Amira  ")
    stored = CohortInvitation.objects.get(pk=invitation.pk)
    assert (stored.name, stored.email) == ("Amira", "")
    assert token not in {str(value) for value in vars(stored).values()}
    assert services.cohort_invitation_find(token=token) == stored


def test_an_invitation_needs_a_name_or_an_email(group):
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_create(
            cohort=group["cohort"], name=" ", email="", invited_by=group["trainer"]
        )
    assert error.value.code == "no_one"


def test_a_new_link_for_the_same_name_stops_the_old_one_but_not_anyone_elses(group):
    _, old = _link(group["cohort"], "Amira")
    _, other = _link(group["cohort"], "Sam")
    _, new = _link(group["cohort"], "amira")
    with pytest.raises(LearningError):
        services.cohort_invitation_find(token=old)
    assert services.cohort_invitation_find(token=new)
    assert services.cohort_invitation_find(token=other)


def test_the_first_account_to_use_a_link_claims_it_and_every_other_is_refused(group):
    cohort = group["cohort"]
    _, token = _link(cohort)
    amira = UserFactory(email="")  # no email address at all
    assert services.cohort_invitation_accept(token=token, user=amira) == cohort
    assert amira in cohort.learners.all()
    assert Enrolment.objects.filter(user=amira, course=group["course"]).exists()
    assert amira.groups.filter(name=LEARNERS).exists()

    someone_else = learner(username="sam-jones", email="sam@example.org")
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_accept(token=token, user=someone_else)
    assert error.value.code == "invitation_claimed"
    assert error.value.message == CLAIMED
    # Nothing about the account that used it.
    assert amira.username not in error.value.message
    assert someone_else not in cohort.learners.all()


def test_the_person_who_used_a_link_is_told_they_have_joined(group):
    _, token = _link(group["cohort"])
    amira = learner()
    services.cohort_invitation_accept(token=token, user=amira)
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_find(token=token, user=amira)
    assert error.value.code == "invitation_used_by_you"
    assert error.value.message == "You have already joined Walsall champions with this link."


def test_a_trainer_checking_the_link_or_someone_already_in_the_group_cannot_claim_it(group):
    cohort = group["cohort"]
    _, token = _link(cohort)
    for person, code in (
        (group["trainer"], "invitation_trainer"),
        (group["member"], "invitation_already_in"),
    ):
        with pytest.raises(LearningError) as error:
            services.cohort_invitation_accept(token=token, user=person)
        assert error.value.code == code
        assert "It is for Amira" in error.value.message
    # Still unused: Amira can join with it.
    amira = learner()
    assert services.cohort_invitation_accept(token=token, user=amira) == cohort


def test_an_emailed_invitation_keeps_the_email_rule(group):
    _, token = services.cohort_invitation_create(
        cohort=group["cohort"], email="amira@example.org", invited_by=group["trainer"]
    )
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_accept(token=token, user=learner(email="sam@example.org"))
    assert error.value.code == "invitation_not_yours"
    amira = learner(email="amira@example.org")
    services.cohort_invitation_accept(token=token, user=amira)
    with pytest.raises(LearningError) as error:
        services.cohort_invitation_accept(token=token, user=learner(email="amira@example.org"))
    assert error.value.code == "invitation_used"


# --- Services and form: adding someone who has an account ------------------------------


def test_adding_an_account_puts_them_in_the_group_enrolled(group):
    cohort = group["cohort"]
    person = UserFactory(first_name="Amira Hussain")
    services.cohort_learner_add(cohort=cohort, user=person)
    assert person in cohort.learners.all()
    assert Enrolment.objects.filter(user=person, course=group["course"]).exists()
    assert person.groups.filter(name=LEARNERS).exists()
    with pytest.raises(LearningError) as error:
        services.cohort_learner_add(cohort=cohort, user=person)
    assert error.value.message == "Amira Hussain is already in this group."
    with pytest.raises(LearningError) as error:
        services.cohort_learner_add(cohort=cohort, user=group["trainer"])
    assert error.value.code == "is_trainer"


def _person_field(typed: str) -> tuple[bool, object]:
    form = LearnerAddForm({"learner-person": typed}, prefix="learner")
    valid = form.is_valid()
    return valid, form.cleaned_data.get("user") if valid else form.errors["person"][0]


def test_the_add_form_finds_one_account_by_username_or_full_name():
    amira = UserFactory(username="amira-h", first_name="Amira Hussain")
    split = UserFactory(username="tb", first_name="Tom", last_name="Bennett")
    assert _person_field("amira-h") == (True, amira)
    assert _person_field("  amira   HUSSAIN ") == (True, amira)
    assert _person_field("Tom Bennett") == (True, split)
    assert _person_field("AMIRA-H") == (True, amira)


def test_the_add_form_says_when_nobody_or_more_than_one_person_matches():
    UserFactory(username="sam1", first_name="Sam Jones")
    UserFactory(username="sam2", first_name="Sam", last_name="Jones")
    UserFactory(username="gone", first_name="Kim Lee", is_active=False)
    assert _person_field("Sam Jones") == (
        False,
        "Two people are called Sam Jones. Type their username instead",
    )
    assert _person_field("sam2")[0] is True
    valid, error = _person_field("Kim Lee")
    assert not valid
    assert error.startswith("Nobody has that username or name")


# --- Who may use the new pages -----------------------------------------------------


def _new_urls(cohort, invitation):
    return [
        ("post", reverse("training:cohort_invite_link", args=[cohort.pk]), {"link-name": "Amira"}),
        ("get", reverse("training:invitation_made", args=[cohort.pk, invitation.pk]), None),
        ("post", reverse("training:cohort_learner_add", args=[cohort.pk]), {"learner-person": "x"}),
    ]


@pytest.mark.parametrize(
    "role", ["other_champion", "cohort_learner", "stranger", "editor", "anonymous"]
)
def test_only_the_groups_trainers_reach_the_new_invitation_pages(client, group, role):
    cohort = group["cohort"]
    invitation, _ = _link(cohort, "Kim")
    people = {
        "other_champion": champion,
        "cohort_learner": lambda: group["member"],
        "stranger": learner,
        "editor": lambda: UserFactory(roles=[WAGTAIL_EDITORS]),
    }
    if role != "anonymous":
        client.force_login(people[role]())
    for method, url, data in _new_urls(cohort, invitation):
        response = getattr(client, method)(url, data or {})
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        else:
            assert response.status_code == 404, url
    assert CohortInvitation.objects.filter(cohort=cohort, email="").count() == 1


def test_the_trainer_reaches_each_new_page(client, group):
    cohort = group["cohort"]
    invitation, _ = _link(cohort, "Kim")
    UserFactory(username="x")
    client.force_login(group["trainer"])
    statuses = [
        getattr(client, method)(url, data or {}).status_code
        for method, url, data in _new_urls(cohort, invitation)
    ]
    assert statuses == [302, 200, 302]


def test_an_invitation_from_another_group_is_not_found_through_your_own(client, group):
    other = cohort_with_learners(course=group["course"], name="Other group")
    invitation, _ = _link(other, "Kim")
    client.force_login(group["trainer"])
    url = reverse("training:invitation_made", args=[group["cohort"].pk, invitation.pk])
    assert client.get(url).status_code == 404


# --- Making a link: the page that shows it, once -------------------------------------


def _make_link(client, cohort, name="Amira"):
    response = client.post(
        reverse("training:cohort_invite_link", args=[cohort.pk]), {"link-name": name}
    )
    assert response.status_code == 302
    return response["Location"]


def _link_in(html: str) -> str:
    box = re.search(r'<input type="text" id="invitation-link"[^>]*>', html).group(0)
    assert " readonly" in box
    return re.search(r'value="([^"]+)"', box).group(1)


def test_making_a_link_shows_it_its_qr_code_and_when_it_runs_out(client, group):
    cohort = group["cohort"]
    client.force_login(group["trainer"])
    made_url = _make_link(client, cohort)
    invitation = CohortInvitation.objects.get(cohort=cohort, name="Amira")
    assert made_url == reverse("training:invitation_made", args=[cohort.pk, invitation.pk])
    response = client.get(made_url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    link = _link_in(html)
    assert link.startswith("http://testserver/training/join/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.cohort_invitation_find(token=token) == invitation
    # The QR code is the very same link, drawn as inline SVG with a text alternative.
    assert invitation_qr_svg(link) in html
    assert segno.make(link, error="m").svg_inline(scale=6, dark="#000", light="#fff") in html
    assert 'role="img" aria-label="QR code for Amira\u2019s link to join Walsall champions"' in html
    expires = timezone.localtime(invitation.expires_at)
    assert f"works until {expires.day} {expires:%B %Y}" in html
    assert 'role="status"' in html
    assert "Copy the link" in html


def test_reloading_the_page_makes_no_second_link_and_no_longer_shows_the_first(client, group):
    cohort = group["cohort"]
    client.force_login(group["trainer"])
    made_url = _make_link(client, cohort)
    first = client.get(made_url).content.decode()
    assert LINK_MADE_SESSION_KEY not in client.session
    again = client.get(made_url)
    assert again.status_code == 200
    assert "no-store" in again["Cache-Control"]
    html = again.content.decode()
    assert _link_in(first) not in html
    assert 'id="invitation-link"' not in html
    assert "shown only once" in html
    assert "Make a new link for Amira" in html
    assert CohortInvitation.objects.filter(cohort=cohort, email="").count() == 1


def test_a_link_form_without_a_name_shows_the_error_on_the_dashboard(client, group):
    client.force_login(group["trainer"])
    response = client.post(
        reverse("training:cohort_invite_link", args=[group["cohort"].pk]), {"link-name": " "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_link-name">Enter the name of the person the link is for</a>' in html
    assert not CohortInvitation.objects.filter(cohort=group["cohort"], email="").exists()


def test_the_dashboard_offers_three_ways_and_lists_unused_links(client, group):
    _link(group["cohort"], "Amira")
    client.force_login(group["trainer"])
    html = client.get(reverse("training:cohort_dashboard", args=[group["cohort"].pk])).content
    html = html.decode()
    for heading in (
        "Send an email",
        "Make a link to give someone",
        "Add someone who already has an account",
    ):
        assert f">{heading}</h3>" in html
    assert '<label for="id_link-name">Their name</label>' in html
    assert '<label for="id_learner-person">Their username or full name</label>' in html
    assert "Amira (link): works until" in html


# --- Joining from a link -----------------------------------------------------------------


def test_someone_without_email_signs_up_from_a_link_and_joins(client, group):
    cohort = group["cohort"]
    _, token = _link(cohort)
    page = client.get(reverse("training:join", args=[token])).content.decode()
    assert "This invitation is for <strong>Amira</strong>" in page
    form = client.get(reverse("training:sign_up")).content.decode()
    assert 'value="Amira"' in form  # their name, as the trainer typed it
    assert "Email address (optional)" in form
    response = client.post(
        reverse("training:sign_up"),
        {
            "full_name": "Amira Hussain",
            "username": "amira",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response["Location"] == reverse("training:my_learning")
    amira = get_user_model().objects.get(username="amira")
    assert amira.email == ""
    assert amira in cohort.learners.all()
    # Opening the link again later takes her to her learning.
    response = client.get(reverse("training:join", args=[token]))
    assert response["Location"] == reverse("training:my_learning")


def test_another_account_opening_a_used_link_is_refused_and_told_why(client, group):
    cohort = group["cohort"]
    _, token = _link(cohort)
    amira = learner(username="amira-h", first_name="Amira Hussain")
    services.cohort_invitation_accept(token=token, user=amira)
    sam = learner(username="sam-jones")
    client.force_login(sam)
    for response in (
        client.get(reverse("training:join", args=[token])),
        client.post(reverse("training:join", args=[token])),
    ):
        assert response.status_code == 404
        html = response.content.decode()
        assert CLAIMED in html
        assert "This invitation has already been used" in html
        assert "amira-h" not in html
        assert "Hussain" not in html
    assert sam not in cohort.learners.all()


def test_the_join_page_for_a_trainer_says_the_link_is_for_someone_else(client, group):
    _, token = _link(group["cohort"])
    client.force_login(group["trainer"])
    html = client.get(reverse("training:join", args=[token])).content.decode()
    assert "This invitation is for someone else" in html
    assert "Join the group" not in html
    assert client.post(reverse("training:join", args=[token])).status_code == 403
    assert group["trainer"] not in group["cohort"].learners.all()


def test_signing_up_from_an_emailed_invitation_still_needs_an_email(client, group):
    _, token = services.cohort_invitation_create(
        cohort=group["cohort"], email="amira@example.org", invited_by=group["trainer"]
    )
    client.get(reverse("training:join", args=[token]))
    html = client.post(
        reverse("training:sign_up"),
        {
            "full_name": "A",
            "username": "a",
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    ).content.decode()
    assert "Enter your email address" in html
    assert not get_user_model().objects.filter(username="a").exists()


# --- Adding an account by name ------------------------------------------------------------


def test_the_trainer_adds_someone_by_name_and_they_are_in_the_group(client, group):
    person = UserFactory(username="kim", first_name="Kim Lee")
    client.force_login(group["trainer"])
    url = reverse("training:cohort_learner_add", args=[group["cohort"].pk])
    response = client.post(url, {"learner-person": "kim lee"}, follow=True)
    assert person in group["cohort"].learners.all()
    assert (
        "Kim Lee is now in this group and enrolled on Support planning for champions."
        in response.content.decode()
    )


def test_adding_by_a_name_two_people_share_asks_for_the_username(client, group):
    UserFactory(username="sam1", first_name="Sam Jones")
    UserFactory(username="sam2", first_name="Sam Jones")
    client.force_login(group["trainer"])
    url = reverse("training:cohort_learner_add", args=[group["cohort"].pk])
    response = client.post(url, {"learner-person": "Sam Jones"})
    assert response.status_code == 400
    html = response.content.decode()
    message = "Two people are called Sam Jones. Type their username instead"
    assert f'<a href="#id_learner-person">{message}</a>' in html
    assert 'id="id_learner-person_error"' in html
    response = client.post(url, {"learner-person": group["member"].username})
    assert response.status_code == 400
    assert "Tom Bennett is already in this group" in response.content.decode()
