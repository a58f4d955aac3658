"""The main navigation marks the page shown, and the section a page is in, for screen readers."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import path, resolve

from cms.context_processors import display_preferences
from cms.navigation import link_current, navigation_links, navigation_section

LINKS = [("Home", "/"), ("Training", "/training/"), ("Planning Live", "/live/")]


def current(request_path: str, section: str | None = None) -> dict[str, str]:
    links = navigation_links(links=LINKS, request_path=request_path, section=section)
    return {link["label"]: link["current"] for link in links}


def test_the_link_to_the_page_shown_is_the_current_page():
    assert current("/training/") == {"Home": "", "Training": "page", "Planning Live": ""}
    assert current("/") == {"Home": "page", "Training": "", "Planning Live": ""}


def test_a_page_under_a_link_marks_that_link_as_its_section_not_as_the_page():
    assert current("/training/jargon-buster/") == {
        "Home": "",
        "Training": "true",
        "Planning Live": "",
    }
    assert link_current(request_path="/live/join/", link_path="/live/") == "true"


def test_home_is_never_the_section_of_every_page():
    assert link_current(request_path="/display-settings/", link_path="/") == ""


def test_a_view_can_say_which_section_it_belongs_to():
    assert current("/search/", section="/training/") == {
        "Home": "",
        "Training": "true",
        "Planning Live": "",
    }


@navigation_section("/training/")
def in_training(request):
    return HttpResponse()


def plain(request):
    return HttpResponse()


urlpatterns = [path("find/", in_training), path("elsewhere/", plain)]


@pytest.mark.parametrize(("address", "training"), [("/find/", "true"), ("/elsewhere/", "")])
@override_settings(ROOT_URLCONF=__name__, SITE_NAVIGATION=LINKS)
def test_the_context_processor_reads_the_section_of_the_view_that_served_the_page(
    address, training
):
    request = RequestFactory().get(address)
    request.resolver_match = resolve(address)
    links = display_preferences(request)["site_navigation"]
    assert {link["label"]: link["current"] for link in links}["Training"] == training
