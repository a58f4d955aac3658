"""load_demo builds a working, populated site and can run again safely."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from cms.demo import DEMO_LOGINS, demo_users_ensure
from cms.models import HomePage
from courses.models import TrainingIndexPage
from tests.courses.factories import media_root  # noqa: F401

# The demo's pictures and handouts go to a temporary folder, not the real media folder.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_load_demo_creates_users_site_tree_and_home_page(capsys):
    call_command("load_demo")
    output = capsys.readouterr().out
    for login in DEMO_LOGINS:
        assert f"{login.username} / {login.password}" in output
        assert authenticate(username=login.username, password=login.password) is not None
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert TrainingIndexPage.objects.child_of(site.root_page).count() == 1


def test_load_demo_twice_changes_nothing_the_second_time():
    call_command("load_demo")
    counts = (Page.objects.count(), Site.objects.count())
    call_command("load_demo")
    assert (Page.objects.count(), Site.objects.count()) == counts
    assert HomePage.objects.count() == 1


def test_load_demo_keeps_an_editors_changes():
    call_command("load_demo")
    home = HomePage.objects.get()
    home.intro = "Edited by a champion."
    home.save_revision().publish()
    call_command("load_demo")
    assert HomePage.objects.get().intro == "Edited by a champion."


def test_demo_champion_can_edit_pages_and_learner_cannot():
    call_command("load_demo")
    champion = authenticate(username="champion", password="champion-demo")
    learner = authenticate(username="learner", password="learner-demo")
    assert champion.has_perm("wagtailadmin.access_admin")
    assert not learner.has_perm("wagtailadmin.access_admin")


def test_load_demo_refuses_where_settings_do_not_allow_demo_users(settings):
    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("load_demo")


def test_demo_users_have_real_names_not_just_usernames():
    demo_users_ensure()
    names = dict(get_user_model().objects.values_list("username", "first_name"))
    for login in DEMO_LOGINS:
        user = get_user_model().objects.get(username=login.username)
        assert user.get_full_name() == login.full_name
        assert " " in login.full_name  # a first name and a family name
    assert names["champion"] == "Priya Shah"


def test_load_demo_keeps_a_name_someone_changed():
    demo_users_ensure()
    champion = get_user_model().objects.get(username="champion")
    champion.first_name, champion.last_name = "Priya", "Shah-Jones"
    champion.save()
    demo_users_ensure()
    champion.refresh_from_db()
    assert champion.get_full_name() == "Priya Shah-Jones"
    assert authenticate(username="champion", password="champion-demo") is not None
