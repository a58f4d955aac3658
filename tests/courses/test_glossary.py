"""The jargon buster: terms as snippets, inline definitions in module text, the A to Z page."""

import re

import pytest
from django.core.exceptions import ValidationError
from wagtail.snippets.models import get_snippet_models

from courses.models import GlossaryAnnotator, GlossaryTerm
from tests.courses.factories import (
    GlossaryIndexPageFactory,
    GlossaryTermFactory,
    course_with_modules,
    image,
    media_root,  # noqa: F401
    training_index,
)

pytestmark = pytest.mark.django_db


def _annotator(*terms, url="/training/jargon-buster/"):
    return GlossaryAnnotator([GlossaryTermFactory(term=term) for term in terms], glossary_url=url)


def test_glossary_terms_are_snippets_editors_can_search():
    assert GlossaryTerm in get_snippet_models()
    GlossaryTermFactory(term="direct payment", plain_meaning="Money paid to you.")
    GlossaryTermFactory(term="panel", plain_meaning="A group at the council.")
    assert [t.term for t in GlossaryTerm.objects.search("direct payment")] == ["direct payment"]


@pytest.mark.usefixtures("media_root")
def test_a_picture_needs_alt_text():
    term = GlossaryTermFactory.build(term="advocate", picture=image(), picture_alt_text="")
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "picture_alt_text" in error.value.message_dict
    term.picture_alt_text = "Two speech bubbles"
    term.full_clean()


def test_only_the_first_use_of_a_term_on_a_page_is_explained():
    annotator = _annotator("personal budget")
    first = annotator.annotate("<p>Your personal budget is yours.</p>")
    second = annotator.annotate("<p>Spend your personal budget well. A personal budget.</p>")
    assert first.count('class="glossary-term"') == 1
    assert 'class="glossary-term"' not in second
    assert second == "<p>Spend your personal budget well. A personal budget.</p>"


def test_an_explained_term_links_to_the_a_to_z_and_carries_its_hidden_definition():
    annotator = _annotator("direct payment")
    html = annotator.annotate("<p>A Direct Payment is one way.</p>")
    link = re.search(r'<a class="glossary-term__trigger"[^>]*>([^<]*)</a>', html)
    assert link.group(1) == "Direct Payment", "the reader's own words are kept"
    assert 'href="/training/jargon-buster/#term-direct-payment"' in link.group(0)
    definition_id = re.search(r'data-definition="([^"]+)"', link.group(0)).group(1)
    assert f'id="{definition_id}" hidden>' in html
    assert "What direct payment means, in plain words." in html


def test_without_an_a_to_z_page_the_definition_is_shown_in_the_text():
    annotator = _annotator("advocate", url=None)
    html = annotator.annotate("<p>An advocate helps.</p>")
    assert "<a " not in html
    assert " hidden" not in html
    assert "What advocate means, in plain words." in html


def test_plurals_longer_terms_and_words_inside_other_words():
    annotator = _annotator("support plan", "plan", "review")
    html = annotator.annotate("<p>Support plans need a review. Support planning is a skill.</p>")
    assert ">Support plans</a>" in html
    assert ">review</a>" in html
    assert "Support planning is a skill." in html  # "support plan" is not inside "planning"


def test_capitals_only_terms_match_only_in_capitals():
    annotator = _annotator("SMART")
    assert "glossary-term" not in annotator.annotate("<p>A smart phone.</p>")
    assert ">SMART</a>" in annotator.annotate("<p>Make it SMART.</p>")


def test_words_inside_links_and_tags_are_left_alone():
    annotator = _annotator("panel")
    html = annotator.annotate('<p><a href="/panel/">The panel</a> and <b title="panel">x</b></p>')
    assert html == '<p><a href="/panel/">The panel</a> and <b title="panel">x</b></p>'


def test_module_pages_explain_jargon_in_their_text(client):
    index = training_index()
    glossary = GlossaryIndexPageFactory(parent=index)
    GlossaryTermFactory(term="personal budget", plain_meaning="Money for your support.")
    _course, (module,) = course_with_modules(1, index=index)
    html = client.get(module.url).content.decode()
    assert f'href="{glossary.url}#term-personal-budget"' in html
    assert "Money for your support." in html
    assert html.count("data-glossary-term") == 1
    assert "courses/js/training.js" in html  # turns the link into a toggle button


@pytest.mark.usefixtures("media_root")
def test_the_a_to_z_page_groups_terms_by_letter_with_jump_links(client):
    index = training_index()
    page = GlossaryIndexPageFactory(parent=index)
    GlossaryTermFactory(term="advocate", picture=image(), picture_alt_text="Two speech bubbles")
    GlossaryTermFactory(term="ally")
    GlossaryTermFactory(term="panel", easy_read_meaning="A group that says yes to plans.")
    html = client.get(page.url).content.decode()
    assert 'href="#letter-a"' in html
    assert 'href="#letter-p"' in html
    assert 'href="#letter-b"' not in html  # no words start with B
    assert '<h2 id="letter-a"' in html
    assert '<h2 id="letter-p"' in html
    a_section = html[html.index('id="letter-a"') : html.index('id="letter-p"')]
    assert a_section.index("advocate") < a_section.index("ally")
    assert 'id="term-panel"' in html
    assert "A group that says yes to plans." in html
    assert 'alt="Two speech bubbles"' in html


def test_the_a_to_z_ignores_capitals_when_sorting(client):
    page = GlossaryIndexPageFactory(parent=training_index())
    for term in ["SMART", "Care Act", "advocate", "circle of support", "personal budget"]:
        GlossaryTermFactory(term=term)
    html = client.get(page.url).content.decode()
    order = [
        html.index(f'id="term-{slug}"')
        for slug in ["advocate", "care-act", "circle-of-support", "personal-budget", "smart"]
    ]
    assert order == sorted(order)
    letters = [html.index(f'<h2 id="letter-{letter}"') for letter in "acps"]
    assert letters == sorted(letters)
