"""Signing in safely: wrong passwords lock one account for a while (django-axes),
never a whole venue; a sign-in ends when unused and after a long day; every
sign-in and every join gets a fresh session key."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from cms.middleware import SEEN_AT, SIGNED_IN_AT
from sessions_live import services
from tests.factories import TEST_PASSWORD, UserFactory
from tests.sessions_live.factories import focus_person_make, session_make

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/login/"


@pytest.fixture
def axes_on(settings):
    """The sign-in limit as production has it (tests/settings turn it off for client.login)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def sign_in(client: Client, username: str, password: str, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("path", [SIGN_IN, "/admin/login/"])
def test_five_wrong_passwords_pause_the_account_even_for_the_right_one(axes_on, path):
    UserFactory(username="facilitator", is_staff=True, is_superuser=True)
    guesser = Client()
    for n in range(5):
        response = guesser.post(path, {"username": "facilitator", "password": f"guess-{n}"})
        assert response.status_code in (200, 429)
    # New cookies and another address change nothing: the count is the account's.
    right = Client(REMOTE_ADDR="10.0.0.9").post(
        path, {"username": "facilitator", "password": TEST_PASSWORD}
    )
    assert right.status_code == 429
    page = right.content.decode()
    assert "Sign-in paused for this account" in page
    assert "typed wrongly 5 times" in page
    assert "15 minutes" in page
    assert "_auth_user_id" not in Client().session


def test_someone_elses_typos_on_the_same_wi_fi_do_not_lock_you_out(axes_on):
    UserFactory(username="sam")
    UserFactory(username="grace")
    for n in range(6):
        sign_in(Client(), "sam", f"wrong-{n}")
    response = sign_in(Client(), "grace", TEST_PASSWORD)
    assert response.status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(axes_on):
    UserFactory(username="sam")
    for n in range(4):
        sign_in(Client(), "sam", f"wrong-{n}")
    assert sign_in(Client(), "sam", TEST_PASSWORD).status_code == 302
    for n in range(4):
        sign_in(Client(), "sam", f"again-{n}")
    assert sign_in(Client(), "sam", TEST_PASSWORD).status_code == 302


def test_signing_in_gives_the_browser_a_new_session_key():
    UserFactory(username="sam")
    client = Client()
    client.get(reverse("live:index"))
    client.session.save()
    before = client.session.session_key
    assert sign_in(client, "sam", TEST_PASSWORD).status_code == 302
    assert client.session.session_key != before


def test_joining_a_board_gives_the_device_a_new_session_key():
    session = session_make()
    person = focus_person_make(session, "Amira")
    code = services.focus_person_code_create(focus_person=person)
    device = Client()
    device.post(reverse("live:join_code"), {"code": code})
    planted = device.session.session_key
    response = device.post(
        reverse("live:join_details"), {"display_name": "Yusuf", "relation": "family"}
    )
    assert response.status_code == 302
    assert device.session.session_key != planted
    assert device.get(reverse("live:board", args=[session.pk])).status_code == 200


def age_sign_in(client: Client, *, started_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - started_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


@pytest.mark.parametrize(
    ("started_ago", "seen_ago", "signed_out", "says"),
    [
        (60 * 60, 60, False, ""),
        (4 * 60 * 60, 3 * 60 * 60 + 60, True, "was not used for a while"),
        (13 * 60 * 60, 60, True, "you signed in a long time ago"),
    ],
)
def test_a_sign_in_ends_when_unused_or_after_a_long_day(started_ago, seen_ago, signed_out, says):
    UserFactory(username="grace")
    client = Client()
    sign_in(client, "grace", TEST_PASSWORD)
    age_sign_in(client, started_ago=started_ago, seen_ago=seen_ago)
    page = client.get(reverse("live:index"), follow=True).content.decode()
    assert ("_auth_user_id" in client.session) is not signed_out
    if signed_out:
        assert says in page
        assert "Sign in again to carry on." in page
