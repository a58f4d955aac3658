"""Password reset by email, for every kind of account: the same answer whether or not an
account has the address, a link that works once, and limits on how often it is asked for."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cms.password_reset import PER_ADDRESS, PER_EMAIL
from cms.roles import CHAMPIONS, ENABLERS, FACILITATORS, LEARNERS
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
RESET = "/accounts/password_reset/"
NEW_PASSWORD = "a-new-and-longer-password"


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The limits are counted in the cache, which outlives one test."""
    cache.clear()
    yield
    cache.clear()


def ask(client: Client, email: str, **extra):
    return client.post(RESET, {"email": email}, **extra)


def link_in(message) -> str:
    return re.search(r"https?://testserver(/accounts/reset/\S+/)", message.body).group(1)


def test_the_answer_is_the_same_whether_or_not_an_account_has_the_address(client):
    UserFactory(username="sam", email="sam@example.org")
    known = ask(client, "sam@example.org")
    unknown = ask(client, "nobody@example.org")
    assert (known.status_code, known["Location"]) == (302, reverse("password_reset_done"))
    assert (unknown.status_code, unknown["Location"]) == (302, reverse("password_reset_done"))
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    done = client.get(known["Location"]).content.decode()
    assert "If an account uses the email address you typed" in done


@pytest.mark.parametrize("roles", [[LEARNERS], [FACILITATORS], [ENABLERS], [CHAMPIONS], []])
def test_every_kind_of_account_gets_a_link_that_sets_a_new_password_once(client, roles):
    user = UserFactory(username="sam", email="sam@example.org", roles=roles)
    ask(client, "SAM@example.org")  # the address as people type it
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for Peer Support Planning"
    assert "Your username is: sam" in message.body
    link = link_in(message)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    again = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in again


def test_a_mismatched_new_password_is_explained_in_plain_english(client):
    UserFactory(username="sam", email="sam@example.org")
    ask(client, "sam@example.org")
    set_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    page = response.content.decode()
    assert "The passwords do not match. Type the same password in both boxes" in page
    assert '<a href="#id_new_password2">' in page


def test_an_empty_or_wrong_address_says_what_to_type(client):
    page = ask(client, "").content.decode()
    assert "Enter the email address on your account" in page
    page = ask(client, "not-an-address").content.decode()
    assert "Enter an email address like name@example.org" in page
    assert 'value="not-an-address"' in page  # what was typed stays


def test_one_address_gets_only_a_few_emails_an_hour_and_the_page_says_the_same(client):
    UserFactory(username="sam", email="sam@example.org")
    answers = {ask(client, "sam@example.org")["Location"] for _ in range(PER_EMAIL + 2)}
    assert answers == {reverse("password_reset_done")}
    assert len(mail.outbox) == PER_EMAIL


def test_one_connection_asking_about_many_addresses_is_stopped(client):
    UserFactory(username="sam", email="sam@example.org")
    for n in range(PER_ADDRESS):
        assert ask(client, f"guess{n}@example.org").status_code == 302
    stopped = ask(client, "sam@example.org")
    assert stopped.status_code == 429
    assert "Too many requests" in stopped.content.decode()
    assert mail.outbox == []
    # Another connection (another venue) is not held up.
    assert ask(Client(REMOTE_ADDR="10.0.0.7"), "sam@example.org").status_code == 302
    assert len(mail.outbox) == 1


def test_a_new_password_ends_a_pause_from_wrong_passwords(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="sam", email="sam@example.org")
    for n in range(3):
        Client().post("/accounts/login/", {"username": "sam", "password": f"wrong-{n}"})
    assert (
        Client().post("/accounts/login/", {"username": "sam", "password": TEST_PASSWORD})
    ).status_code == 429
    ask(client, "sam@example.org")
    set_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    signed_in = Client().post("/accounts/login/", {"username": "sam", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/training/account/sign-up/", "/admin/login/"]
)
def test_every_sign_in_and_sign_up_page_points_to_the_reset(client, path):
    page = client.get(path).content.decode()
    assert 'href="/accounts/password_reset/"' in page


def test_wagtails_own_reset_is_off_so_the_limited_one_is_the_only_one(client):
    assert client.get("/admin/password_reset/").status_code == 404
