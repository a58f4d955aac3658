"""The home page, the base template and the display settings form."""

import pytest

from cms.preferences import COOKIE_NAME
from tests.factories import TrainingIndexPageFactory, UserFactory, site_with_home_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    home = site_with_home_page(
        body=[
            (
                "link_cards",
                [
                    {"title": "Training", "description": "Courses.", "address": "/training/"},
                    {"title": "Planning Live", "description": "Plan.", "address": "/live/"},
                ],
            )
        ]
    )
    TrainingIndexPageFactory(parent=home)
    return home


def test_home_page_says_what_the_product_is_and_links_to_both_halves(client, home):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Plan your support, together</h1>" in html
    assert home.intro in html
    assert 'href="/training/"' in html
    assert 'href="/live/"' in html


def test_base_template_has_a_skip_link_and_landmarks(client, home):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'lang="en-GB"' in html


def test_main_navigation_marks_the_current_section(client, home):
    html = client.get("/training/").content.decode()
    assert '<a href="/training/" aria-current="page">Training</a>' in html
    assert '<a href="/" aria-current="page">' not in html


def test_training_index_says_when_there_are_no_courses_yet(client, home):
    response = client.get("/training/")
    assert response.status_code == 200
    assert "There are no courses yet." in response.content.decode()


def test_planning_live_page_explains_the_session_and_the_device_check(client, home):
    html = client.get("/live/").content.decode()
    assert "<h1>Planning Live</h1>" in html
    assert "Check this device" in html


def test_saving_display_settings_sets_a_cookie_and_returns_to_the_page(client, home):
    response = client.post(
        "/display-settings/", {"text_size": "large", "contrast": "high", "next": "/live/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/live/"
    assert response.cookies[COOKIE_NAME].value == "large.high"
    assert response.cookies[COOKIE_NAME]["max-age"] >= 60 * 60 * 24 * 300


def test_every_page_carries_the_saved_display_settings(client, home):
    client.cookies[COOKIE_NAME] = "largest.dark"
    html = client.get("/").content.decode()
    assert '<html lang="en-GB" class="text-largest contrast-dark">' in html
    assert 'id="text-size-largest" name="text_size" value="largest" checked' in html


def test_display_settings_never_redirect_to_another_site(client, home):
    response = client.post(
        "/display-settings/",
        {"text_size": "large", "contrast": "high", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_display_settings_reject_unknown_choices_with_a_clear_message(client, home):
    response = client.post("/display-settings/", {"text_size": "enormous", "contrast": "high"})
    assert response.status_code == 400
    assert "Choose a text size." in response.content.decode()
    assert COOKIE_NAME not in response.cookies


def test_unknown_address_gets_a_plain_english_not_found_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page." in response.content.decode()


def test_a_person_can_sign_in_and_see_who_they_are(client, home):
    user = UserFactory(username="sam")
    response = client.post(
        "/accounts/login/", {"username": "sam", "password": "correct-horse-battery"}, follow=True
    )
    assert response.context["user"] == user
    assert "Signed in as sam" in response.content.decode()


def test_a_wrong_password_is_explained_next_to_an_error_summary(client, home):
    UserFactory(username="sam")
    response = client.post("/accounts/login/", {"username": "sam", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "<title>Error: Sign in" in html


def test_the_sign_in_page_carries_the_site_name_not_the_host_name(client, home, settings):
    settings.WAGTAIL_SITE_NAME = "Peer Support Planning"
    html = client.get("/accounts/login/", HTTP_HOST="localhost").content.decode()
    assert "<title>Sign in | Peer Support Planning</title>" in html
    assert '<a class="site-header__name" href="/">Peer Support Planning</a>' in html


def test_the_editors_userbar_shows_on_wagtail_pages_only(client, home):
    client.force_login(UserFactory(username="ed", is_superuser=True, is_staff=True))
    assert "<wagtail-userbar" in client.get("/").content.decode()
    # Pages that are not Wagtail pages have nothing to edit; the floating button
    # would only cover their content on a small screen.
    assert "<wagtail-userbar" not in client.get("/display-settings/").content.decode()


def test_a_wrong_password_says_what_to_do_next_to_the_password_box(client, home):
    UserFactory(username="sam")
    html = client.post("/accounts/login/", {"username": "sam", "password": "nope"}).content.decode()
    message = (
        "The username or password is not right. Check them and try again: capital letters "
        "count. If you still cannot sign in, ask the person who runs your course or sessions."
    )
    assert "Please enter a correct" not in html
    # In the error summary, linked to the password box...
    assert f'<li><a href="#id_password">{message}</a></li>' in html
    # ...and next to it, which is marked as the box with the problem.
    assert (
        '<p class="field__error" id="password-error"><span class="visually-hidden">Error:</span> '
        f"{message}</p>"
    ) in html
    assert 'aria-describedby="password-error" aria-invalid="true"' in html
    # The username stays filled in, so only the password needs typing again.
    assert 'name="username" id="id_username"' in html
    assert 'value="sam"' in html


def test_an_empty_sign_in_form_asks_for_the_username_and_the_password(client, home):
    html = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert '<li><a href="#id_username">Enter your username</a></li>' in html
    assert '<li><a href="#id_password">Enter your password</a></li>' in html
    assert "This field is required" not in html
