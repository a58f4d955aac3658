"""Every training page marks Training in the main navigation: as the page, or as its section."""

import pytest
from django.urls import reverse

from tests.courses.factories import GlossaryIndexPageFactory, training_index
from tests.learning.factories import learner

pytestmark = pytest.mark.django_db

TRAINING_IS_THE_PAGE = '<a href="/training/" aria-current="page">Training</a>'
TRAINING_IS_THE_SECTION = '<a href="/training/" aria-current="true">Training</a>'


@pytest.fixture
def glossary():
    return GlossaryIndexPageFactory(parent=training_index())


def test_the_training_page_is_marked_as_the_current_page(client, glossary):
    html = client.get("/training/").content.decode()
    assert TRAINING_IS_THE_PAGE in html
    assert 'aria-current="true"' not in html


@pytest.mark.parametrize("query", ["", "?q=budget"])
def test_search_marks_training_as_its_section(client, glossary, query):
    html = client.get(reverse("courses:search") + query).content.decode()
    assert TRAINING_IS_THE_SECTION in html
    assert html.count("aria-current=") == 1


def test_the_jargon_buster_marks_training_as_its_section(client, glossary):
    html = client.get(glossary.url).content.decode()
    assert glossary.url == "/training/jargon-buster/"
    assert TRAINING_IS_THE_SECTION in html
    assert TRAINING_IS_THE_PAGE not in html


def test_your_learning_marks_training_as_its_section(client, glossary):
    client.force_login(learner())
    html = client.get(reverse("training:my_learning")).content.decode()
    assert "<h1>Your learning</h1>" in html
    assert TRAINING_IS_THE_SECTION in html
    assert TRAINING_IS_THE_PAGE not in html
