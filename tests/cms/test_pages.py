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
