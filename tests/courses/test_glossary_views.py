"""The jargon buster's editing pages: who may open them, saving, refusals, and the A to Z links."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from wagtail.models import Site

from cms.roles import CHAMPIONS, ENABLERS, FACILITATORS, LEARNERS, PANEL_MEMBERS, WAGTAIL_EDITORS
from courses.models import GlossaryTerm, TrainingSettings
from courses.services import glossary_term_create
from tests.courses.factories import GlossaryIndexPageFactory, GlossaryTermFactory, training_index
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/glossary-terms/new/"
GLOSSARY_URL = "/training/jargon-buster/"
TYPED = {
    "term": "individual service FUND",
    "plain_meaning": "Money held by a provider for you.",
    "easy_read_meaning": "Someone keeps your money for you.",
}


def _edit_url(term) -> str:
    return f"/glossary-terms/{term.pk}/edit/"


@pytest.fixture
def glossary_page():
    return GlossaryIndexPageFactory(parent=training_index())


@pytest.fixture
def approval(glossary_page):
    settings = TrainingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.glossary_needs_approval = True
    settings.save()


def _person(kind: str):
    if kind == "superuser":
        return UserFactory(username="root", is_superuser=True)
    if kind == "stranger":
        return UserFactory(username="stranger")
    return UserFactory(username=kind.lower().replace(" ", "-"), roles=[kind])


ALLOWED = [CHAMPIONS, WAGTAIL_EDITORS, "superuser"]
REFUSED = [LEARNERS, ENABLERS, FACILITATORS, PANEL_MEMBERS, "stranger"]


def _data(**changes) -> dict:
    return {
        "term": "direct payment",
        "plain_meaning": "Money the council pays you.",
        "easy_read_meaning": "Money for you.",
        **changes,
    }


# --- Who may: every URL, every role --------------------------------------------------


@pytest.mark.parametrize("kind", ALLOWED)
def test_champions_editors_and_superusers_may_add_and_change_terms(client, glossary_page, kind):
    client.force_login(_person(kind))
    assert client.get(ADD_URL).status_code == 200
    response = client.post(ADD_URL, _data())
    assert response.status_code == 302
    assert response["Location"] == f"{GLOSSARY_URL}#term-direct-payment"
    term = GlossaryTerm.objects.get(term="direct payment")
    assert client.get(_edit_url(term)).status_code == 200
    response = client.post(_edit_url(term), _data(plain_meaning="Money paid to you."))
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.plain_meaning == "Money paid to you."


@pytest.mark.parametrize("kind", REFUSED)
def test_everyone_else_gets_not_found_on_every_page(client, glossary_page, kind):
    term = GlossaryTermFactory(term="panel", plain_meaning="Old words.")
    client.force_login(_person(kind))
    for url in (ADD_URL, _edit_url(term)):
        assert client.get(url).status_code == 404, url
        assert client.post(url, _data(term="panel")).status_code == 404, url
    assert list(GlossaryTerm.objects.values_list("term", "plain_meaning")) == [
        ("panel", "Old words.")
    ]


def test_anonymous_people_are_sent_to_sign_in(client, glossary_page):
    term = GlossaryTermFactory(term="panel")
    for url in (ADD_URL, _edit_url(term)):
        for response in (client.get(url), client.post(url, _data())):
            assert response.status_code == 302
            assert response["Location"].startswith(f"/accounts/login/?next={url}")
    assert GlossaryTerm.objects.count() == 1


def test_another_champion_may_correct_a_champions_term(client, glossary_page):
    # The jargon buster is shared: a term belongs to no one champion.
    site = Site.objects.get(is_default_site=True)
    first = UserFactory(username="priya", roles=[CHAMPIONS])
    term = glossary_term_create(
        user=first, term="advocate", plain_meaning="Speaks.", easy_read_meaning="Helps.", site=site
    )
    client.force_login(UserFactory(username="sam", roles=[CHAMPIONS]))
    response = client.post(_edit_url(term), _data(term="advocate", plain_meaning="Speaks up."))
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.plain_meaning == "Speaks up."


def test_a_term_that_does_not_exist_is_not_found(client, glossary_page):
    client.force_login(_person(CHAMPIONS))
    assert client.get("/glossary-terms/999999/edit/").status_code == 404


def test_someone_given_the_permission_may_edit(client, glossary_page):
    user = UserFactory(username="helper")
    user.user_permissions.add(Permission.objects.get(codename="change_glossaryterm"))
    client.force_login(user)
    assert client.get(ADD_URL).status_code == 200


# --- Saving, refusing, and what people see ------------------------------------------------


def test_a_duplicate_keeps_everything_typed_and_says_what_to_do(client, glossary_page):
    GlossaryTermFactory(term="Individual Service Fund")
    client.force_login(_person(CHAMPIONS))
    response = client.post(ADD_URL, TYPED)
    assert response.status_code == 400
    html = response.content.decode()
    message = (
        "\u201cIndividual Service Fund\u201d is already in the jargon buster. "
        "Change that term instead of adding it again."
    )
    assert "<title>Error: " in html
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert f'<a href="#id_term">{message}</a>' in summary.replace("&#x27;", "'")
    assert 'id="id_term_error"' in html
    assert re.search(r'<input[^>]*name="term"[^>]*aria-invalid="true"', html)
    assert 'value="individual service FUND"' in html
    assert "Money held by a provider for you.</textarea>" in html
    assert "Someone keeps your money for you.</textarea>" in html
    assert GlossaryTerm.objects.count() == 1


def test_missing_words_are_shown_in_the_summary_and_by_each_box(client, glossary_page):
    client.force_login(_person(CHAMPIONS))
    response = client.post(ADD_URL, {"term": "  ", "plain_meaning": "", "easy_read_meaning": ""})
    assert response.status_code == 400
    html = response.content.decode()
    for text in (
        "Enter the word or phrase",
        "Say what it means, in plain words",
        "Write the meaning in one easy read sentence",
    ):
        assert html.count(text) == 2, text  # in the summary and by the box


def test_the_form_shows_the_models_help_texts(client, glossary_page):
    client.force_login(_person(CHAMPIONS))
    html = client.get(ADD_URL).content.decode()
    for field in ("term", "plain_meaning", "easy_read_meaning"):
        help_text = GlossaryTerm._meta.get_field(field).help_text
        assert help_text.replace("'", "&#x27;") in html
        assert re.search(rf'name="{field}"[^>]*aria-describedby="id_{field}_helptext"', html)


def test_after_adding_the_term_and_a_message_show_on_the_glossary_page(client, glossary_page):
    client.force_login(_person(CHAMPIONS))
    response = client.post(ADD_URL, _data(), follow=True)
    html = response.content.decode()
    assert "Added \u201cdirect payment\u201d to the jargon buster." in html
    assert "editor approves" not in html
    assert 'id="term-direct-payment"' in html


@pytest.mark.usefixtures("approval")
def test_with_approval_the_term_waits_and_the_message_says_so(client, glossary_page):
    client.force_login(_person(CHAMPIONS))
    response = client.post(ADD_URL, _data(), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{GLOSSARY_URL}#glossary-waiting"
    assert (
        "Added \u201cdirect payment\u201d to the jargon buster. "
        "It will appear once an editor approves it."
    ) in html
    assert 'id="term-direct-payment"' not in html, "not in the A to Z until approved"
    waiting = html[html.index('id="glossary-waiting"') : html.index("</section>")]
    assert "direct payment" in waiting
    term = GlossaryTerm.objects.get(term="direct payment")
    assert _edit_url(term) in waiting
    # Readers do not see it, nor the list.
    client.logout()
    html = client.get(GLOSSARY_URL).content.decode()
    assert "direct payment" not in html
    assert "Waiting for approval" not in html


@pytest.mark.usefixtures("approval")
def test_with_approval_a_change_waits_and_the_form_shows_the_waiting_words(client, glossary_page):
    term = GlossaryTermFactory(term="PA", plain_meaning="Old words.")
    client.force_login(_person(CHAMPIONS))
    response = client.post(_edit_url(term), _data(term="PA", plain_meaning="Someone you pay."))
    assert response.status_code == 302
    page_html = client.get(GLOSSARY_URL).content.decode()
    assert "Old words." in page_html
    html = client.get(_edit_url(term)).content.decode()
    assert "Someone you pay.</textarea>" in html
    assert "A change to this term is waiting for approval." in html


@pytest.mark.parametrize("kind", [CHAMPIONS, WAGTAIL_EDITORS])
def test_the_glossary_page_has_add_and_edit_links_for_people_who_may_edit(
    client, glossary_page, kind
):
    term = GlossaryTermFactory(term="panel")
    client.force_login(_person(kind))
    html = client.get(GLOSSARY_URL).content.decode()
    assert f'href="{ADD_URL}"' in html
    assert f'href="{_edit_url(term)}">Edit<span class="visually-hidden"> \u201cpanel\u201d' in html


@pytest.mark.parametrize("kind", [LEARNERS, ENABLERS, "stranger", "anonymous"])
def test_readers_see_no_editing_links(client, glossary_page, kind):
    term = GlossaryTermFactory(term="panel")
    if kind != "anonymous":
        client.force_login(_person(kind))
    html = client.get(GLOSSARY_URL).content.decode()
    assert "panel" in html
    assert ADD_URL not in html
    assert _edit_url(term) not in html


# --- The admin's jargon buster ----------------------------------------------------------


def _grant():
    """The migration's grants (a browser test's flush elsewhere may have removed them)."""
    importlib.import_module("courses.migrations.0007_champions_may_edit_glossary").grant(
        django_apps, None
    )


def test_a_champion_can_draft_terms_in_the_admin_but_not_publish(client, glossary_page):
    _grant()
    GlossaryTermFactory(term="direct payment")
    client.force_login(UserFactory(username="priya", roles=[CHAMPIONS]))
    listing = client.get("/admin/snippets/courses/glossaryterm/")
    assert listing.status_code == 200
    assert "direct payment" in listing.content.decode()
    add = client.get("/admin/snippets/courses/glossaryterm/add/")
    assert add.status_code == 200
    assert 'name="action-publish"' not in add.content.decode()
    response = client.post(
        "/admin/snippets/courses/glossaryterm/add/",
        {"term": "advocate", "plain_meaning": "Speaks up.", "easy_read_meaning": "Helps you."},
    )
    assert response.status_code == 302
    draft = GlossaryTerm.objects.get(term="advocate")
    assert not draft.live


def test_an_editor_can_publish_and_find_waiting_terms_in_the_admin(client, glossary_page):
    _grant()
    site = Site.objects.get(is_default_site=True)
    settings = TrainingSettings.for_site(site)
    settings.glossary_needs_approval = True
    settings.save()
    champion = UserFactory(username="priya", roles=[CHAMPIONS])
    glossary_term_create(
        user=champion,
        term="advocate",
        plain_meaning="Speaks.",
        easy_read_meaning="Helps.",
        site=site,
    )
    GlossaryTermFactory(term="panel")
    client.force_login(UserFactory(username="ed", roles=[WAGTAIL_EDITORS]))
    add = client.get("/admin/snippets/courses/glossaryterm/add/").content.decode()
    assert 'name="action-publish"' in add
    waiting = client.get("/admin/snippets/courses/glossaryterm/?waiting=true").content.decode()
    assert "advocate" in waiting
    assert ">panel<" not in waiting
