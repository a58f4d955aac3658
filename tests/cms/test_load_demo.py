"""load_demo builds a working, populated site and can run again safely."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from cms.demo import DEMO_LOGINS
from cms.models import HomePage
from courses.models import TrainingIndexPage

pytestmark = pytest.mark.django_db


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
