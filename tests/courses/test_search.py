"""Search finds courses, modules and jargon buster terms, with a label for each type."""

import pytest
from django.urls import reverse

from tests.courses.factories import (
    CoursePageFactory,
    GlossaryIndexPageFactory,
    GlossaryTermFactory,
    ModulePageFactory,
    training_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    index = training_index()
    glossary = GlossaryIndexPageFactory(parent=index)
    course = CoursePageFactory(
        parent=index, title="Support planning champions", summary="Train to help your peers."
    )
    module = ModulePageFactory(
        parent=course, title="Practice scenario: Helen", summary="Helen's story and charts."
    )
    ModulePageFactory(parent=course, title="Draft about Helen", live=False)
    term = GlossaryTermFactory(
        term="indicative budget", plain_meaning="A first idea of how much money there is."
    )
    return {"course": course, "module": module, "term": term, "glossary": glossary}


def _search(client, query):
    response = client.get(reverse("courses:search"), {"q": query})
    assert response.status_code == 200
    return response


def test_search_url_is_slash_search():
    assert reverse("courses:search") == "/search/"


def test_search_finds_a_course(client, content):
    results = _search(client, "champions").context["results"]
    assert [(r.label, r.title) for r in results] == [("Course", "Support planning champions")]
    assert results[0].url == content["course"].url


def test_search_finds_a_live_module_and_names_its_course(client, content):
    response = _search(client, "Helen")
    results = response.context["results"]
    assert [(r.label, r.title) for r in results] == [("Module", "Practice scenario: Helen")]
    assert results[0].context == "Support planning champions"
    html = response.content.decode()
    assert ">Module</span>" in html
    assert "in Support planning champions" in html


def test_search_finds_a_glossary_term_and_links_to_it_on_the_a_to_z(client, content):
    results = _search(client, "indicative").context["results"]
    assert [(r.label, r.title) for r in results] == [("Jargon buster", "indicative budget")]
    assert results[0].url == f"{content['glossary'].url}#term-indicative-budget"


def test_search_with_no_results_says_so_and_helps(client, content):
    html = _search(client, "zebra").content.decode()
    assert "No results for" in html
    assert "jargon buster" in html


def test_search_page_without_a_query_shows_the_form(client, content):
    html = _search(client, "").content.decode()
    assert '<form class="training-search" role="search"' in html
    assert '<label for="training-search-q">' in html
    assert "results" not in html.lower().split("<main", 1)[1].split("</form>", 1)[1]


def test_search_leaves_out_private_courses_and_their_modules(client, content):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=content["course"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert _search(client, "champions").context["results"] == []
    assert _search(client, "Helen").context["results"] == []
