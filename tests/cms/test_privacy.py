"""The privacy notice: plain English and easy read, naming the organisation that holds the
data, how long it keeps it and how to complain; linked from every page's footer and every
join page."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from cms.privacy import ICO_COMPLAINTS_URL, ORGANISATION_UNNAMED, retention_words

pytestmark = pytest.mark.django_db

PAGES = ["privacy", "privacy_easy_read"]


@pytest.mark.parametrize("name", PAGES)
@override_settings(
    ORGANISATION_NAME="Derby Disability Voice",
    ORGANISATION_CONTACT="privacy@ddv.example.org or 01332 000000",
    RETENTION_DAYS=365,
)
def test_the_notice_names_the_controller_how_to_ask_how_long_and_the_ico(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "Derby Disability Voice" in page
    assert "privacy@ddv.example.org or 01332 000000" in page
    # Counted from when the session was last used, as the retention command counts.
    assert re.search(r"a year after (it was last used|the last time anyone used it)", page)
    assert ICO_COMPLAINTS_URL in page


def test_the_full_notice_says_what_is_kept_why_and_the_persons_rights(client):
    page = client.get(reverse("privacy")).content.decode()
    for words in (
        "Your plan",
        "Notes",
        "Names",
        "Devices",
        "Sign-in records",
        "The audit log",
        "Consent",
        "Public task",
        "special category",
        "explicit consent",
        "Get a copy",
        "Correct",
        "Delete",
        "Complain",
    ):
        assert words in page, words
    assert reverse("privacy_easy_read") in page


@override_settings(ORGANISATION_NAME="", ORGANISATION_CONTACT="")
def test_an_unnamed_organisation_is_said_plainly_not_left_blank(client):
    page = client.get(reverse("privacy")).content.decode()
    assert ORGANISATION_UNNAMED in page


def test_the_easy_read_version_has_a_picture_beside_each_part_and_credits_them(client):
    page = client.get(reverse("privacy_easy_read")).content.decode()
    assert page.count('class="easy-read__item"') == page.count("cms/pictograms/")
    assert page.count("cms/pictograms/") >= 8
    assert "CC BY-SA 4.0" in page


@pytest.mark.parametrize(
    ("days", "words"),
    [(365, "a year"), (730, "2 years"), (180, "6 months"), (90, "3 months"), (45, "45 days")],
)
def test_the_retention_setting_is_said_in_words(days, words):
    with override_settings(RETENTION_DAYS=days):
        assert retention_words() == words


def test_retention_defaults_to_a_year_when_the_setting_is_missing_or_nonsense():
    with override_settings(RETENTION_DAYS="soon"):
        assert retention_words() == "a year"


@pytest.mark.parametrize(
    "path",
    [
        "/live/join/",
        "/live/card/",
        "/live/plans/start/",
        "/accounts/login/",
    ],
)
def test_the_footer_and_every_join_page_link_to_the_notice(client, path):
    page = client.get(path).content.decode()
    footer = page.split('class="site-footer"')[1]
    assert reverse("privacy") in footer
    assert reverse("privacy_easy_read") in footer
    if path.startswith("/live/"):
        main = page.split('class="site-footer"')[0]
        assert reverse("privacy") in main
