"""Champions keep the jargon buster: adding and changing terms, duplicates, approval, who may."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.log_actions import registry as log_registry
from wagtail.models import Site

from cms.roles import CHAMPIONS, ENABLERS, FACILITATORS, LEARNERS, PANEL_MEMBERS, WAGTAIL_EDITORS
from courses import selectors
from courses.models import GlossaryTerm, TrainingSettings
from courses.services import glossary_term_create, glossary_term_update
from tests.courses.factories import GlossaryTermFactory
from tests.factories import UserFactory, site_with_home_page

pytestmark = pytest.mark.django_db

DUPLICATE = (
    "\u201cIndividual Service Fund\u201d is already in the jargon buster. "
    "Change that term instead of adding it again."
)


@pytest.fixture
def site():
    site_with_home_page()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def approval(site):
    """The ULO wants an editor to approve champions' terms."""
    settings = TrainingSettings.for_site(site)
    settings.glossary_needs_approval = True
    settings.save()
    return settings


@pytest.fixture
def champion():
    return UserFactory(username="priya", roles=[CHAMPIONS])


@pytest.fixture
def editor():
    return UserFactory(username="ed", roles=[WAGTAIL_EDITORS])


def _add(user, site, term, plain="Money for your support.", easy="Money for you."):
    return glossary_term_create(
        user=user, term=term, plain_meaning=plain, easy_read_meaning=easy, site=site
    )


def _change(user, site, term_obj, term=None, plain="New meaning.", easy="New easy read."):
    return glossary_term_update(
        user=user,
        term_obj=term_obj,
        term=term or term_obj.term,
        plain_meaning=plain,
        easy_read_meaning=easy,
        site=site,
    )


def _term_error(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.message_dict["term"]


# --- Adding and changing, without approval -------------------------------------------


def test_a_champions_new_term_is_live_at_once_with_a_revision_and_history(site, champion):
    term = _add(champion, site, "  direct   payment ")
    term.refresh_from_db()
    assert term.term == "direct payment", "spaces are tidied"
    assert term.live
    assert not term.has_unpublished_changes
    assert term.live_revision == term.latest_revision
    assert term.latest_revision.user == champion
    assert list(GlossaryTerm.objects.published()) == [term]
    actions = set(log_registry.get_logs_for_instance(term).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions


def test_a_champions_change_is_live_at_once(site, champion):
    term = GlossaryTermFactory(term="panel", plain_meaning="Old words.")
    _change(champion, site, term, plain="A group at the council that agrees plans.")
    term.refresh_from_db()
    assert term.plain_meaning == "A group at the council that agrees plans."
    assert not term.has_unpublished_changes


# --- Duplicates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "individual service fund",
        "INDIVIDUAL SERVICE FUND",
        "Individual  Service   Fund",
        " individual service fund ",
    ],
)
def test_a_duplicate_by_case_or_spacing_is_refused_with_the_models_message(site, champion, typed):
    GlossaryTermFactory(term="Individual Service Fund")
    with pytest.raises(ValidationError) as error:
        _add(champion, site, typed)
    assert _term_error(error) == [DUPLICATE]
    assert GlossaryTerm.objects.count() == 1


def test_renaming_a_term_to_another_terms_words_is_refused(site, champion):
    GlossaryTermFactory(term="Individual Service Fund")
    other = GlossaryTermFactory(term="ISF")
    with pytest.raises(ValidationError) as error:
        _change(champion, site, other, term="individual service FUND")
    assert _term_error(error) == [DUPLICATE]
    other.refresh_from_db()
    assert other.term == "ISF"


def test_a_term_may_change_its_own_capitals(site, champion):
    term = GlossaryTermFactory(term="care act")
    _change(champion, site, term, term="Care Act")
    term.refresh_from_db()
    assert term.term == "Care Act"


def test_missing_words_are_refused(site, champion):
    with pytest.raises(ValidationError) as error:
        _add(champion, site, "advocate", plain="   ", easy="")
    assert {"plain_meaning", "easy_read_meaning"} <= set(error.value.message_dict)
    assert not GlossaryTerm.objects.exists()


# --- With approval --------------------------------------------------------------------


@pytest.mark.usefixtures("approval")
def test_with_approval_a_champions_new_term_waits_as_a_draft(site, champion):
    term = _add(champion, site, "personal budget")
    term.refresh_from_db()
    assert not term.live
    assert term.has_unpublished_changes
    assert not GlossaryTerm.objects.published().exists()
    assert selectors.glossary_term_is_waiting(term_obj=term)
    # An editor publishes the revision (as the admin's Publish button does).
    term.latest_revision.publish(user=UserFactory(username="boss", roles=[WAGTAIL_EDITORS]))
    assert list(GlossaryTerm.objects.published()) == [term]


@pytest.mark.usefixtures("approval")
def test_with_approval_a_change_keeps_the_live_words_until_published(site, champion):
    term = GlossaryTermFactory(term="PA", plain_meaning="Old words.")
    returned = _change(champion, site, term, term="personal assistant", plain="Someone you pay.")
    assert returned.term == "personal assistant"
    live = GlossaryTerm.objects.get(pk=term.pk)
    assert (live.term, live.plain_meaning) == ("PA", "Old words.")
    assert live.live
    assert live.has_unpublished_changes
    assert live.latest_revision.content["plain_meaning"] == "Someone you pay."
    words = selectors.glossary_term_words_for_editing(term_obj=live)
    assert (words.term, words.plain_meaning) == ("personal assistant", "Someone you pay.")
    live.latest_revision.publish(user=UserFactory(username="boss", roles=[WAGTAIL_EDITORS]))
    live.refresh_from_db()
    assert (live.term, live.plain_meaning) == ("personal assistant", "Someone you pay.")


@pytest.mark.usefixtures("approval")
def test_a_duplicate_of_a_term_waiting_for_approval_is_refused(site, champion):
    _add(champion, site, "Individual Service Fund")
    with pytest.raises(ValidationError) as error:
        _add(UserFactory(username="sam", roles=[CHAMPIONS]), site, "individual  service fund")
    assert _term_error(error) == [DUPLICATE]


@pytest.mark.usefixtures("approval")
def test_a_duplicate_of_a_change_waiting_for_approval_is_refused(site, champion):
    term = GlossaryTermFactory(term="ISF")
    _change(champion, site, term, term="Individual Service Fund")
    with pytest.raises(ValidationError) as error:
        _add(champion, site, "INDIVIDUAL SERVICE FUND")
    assert _term_error(error) == [DUPLICATE]
    # Changing the waiting term again is not a duplicate of itself.
    _change(champion, site, term, term="Individual Service Fund", plain="Better words.")


@pytest.mark.usefixtures("approval")
@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_with_approval_editors_and_superusers_publish_at_once(site, who):
    user = (
        UserFactory(username="ed", roles=[WAGTAIL_EDITORS])
        if who == "editor"
        else UserFactory(username="root", is_superuser=True)
    )
    term = _add(user, site, "panel")
    assert term.live
    assert not term.has_unpublished_changes
    _change(user, site, term, plain="Changed at once.")
    assert GlossaryTerm.objects.get(pk=term.pk).plain_meaning == "Changed at once."


@pytest.mark.usefixtures("approval")
def test_waiting_terms_are_listed_with_their_waiting_words(site, champion):
    GlossaryTermFactory(term="already live")
    _add(champion, site, "zebra crossing")
    changed = GlossaryTermFactory(term="ISF")
    _change(champion, site, changed, term="Individual Service Fund")
    waiting = selectors.glossary_terms_waiting()
    assert [(item.words, item.is_new) for item in waiting] == [
        ("Individual Service Fund", False),
        ("zebra crossing", True),
    ]


# --- Who may ----------------------------------------------------------------------------


def _person(kind: str):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "superuser":
        return UserFactory(username="root", is_superuser=True)
    if kind == "given the permission":
        user = UserFactory(username="helper")
        user.user_permissions.add(Permission.objects.get(codename="change_glossaryterm"))
        return user
    if kind == "stranger":
        return UserFactory(username="stranger")
    return UserFactory(username=kind.lower().replace(" ", "-"), roles=[kind])


ALLOWED = [CHAMPIONS, WAGTAIL_EDITORS, "superuser", "given the permission"]
REFUSED = [LEARNERS, ENABLERS, FACILITATORS, PANEL_MEMBERS, "stranger", "anonymous"]


@pytest.mark.parametrize("kind", ALLOWED)
def test_champions_editors_and_superusers_may_add_and_change(site, kind):
    user = _person(kind)
    assert selectors.glossary_user_can_edit(user=user)
    term = _add(user, site, "direct payment")
    _change(user, site, term, plain="Money paid to you.")
    assert GlossaryTerm.objects.get(pk=term.pk).plain_meaning == "Money paid to you."


@pytest.mark.parametrize("kind", REFUSED)
def test_everyone_else_is_refused(site, kind):
    user = _person(kind)
    existing = GlossaryTermFactory(term="panel", plain_meaning="Old words.")
    assert not selectors.glossary_user_can_edit(user=user)
    with pytest.raises(PermissionDenied):
        _add(user, site, "direct payment")
    with pytest.raises(PermissionDenied):
        _change(user, site, existing)
    assert list(GlossaryTerm.objects.values_list("term", "plain_meaning")) == [
        ("panel", "Old words.")
    ]


def test_a_champion_who_is_not_an_editor_does_not_publish_past_approval(champion):
    assert not selectors.glossary_user_can_publish(user=champion)
    assert selectors.glossary_user_can_publish(user=UserFactory(roles=[WAGTAIL_EDITORS]))


# --- The migration that lets champions into the admin's jargon buster ----------------


def _grant():
    migration = importlib.import_module("courses.migrations.0007_champions_may_edit_glossary")
    migration.grant(django_apps, None)


def _codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("codename", flat=True))


def test_the_migration_lets_champions_draft_and_editors_publish_even_on_a_fresh_database():
    # As on a fresh database: no groups, and no publish permission yet (Wagtail
    # makes it only after every migration has run).
    Group.objects.filter(name__in=[CHAMPIONS, WAGTAIL_EDITORS]).delete()
    Permission.objects.filter(codename="publish_glossaryterm").delete()
    _grant()
    _grant()  # running it twice changes nothing
    assert {"access_admin", "add_glossaryterm", "change_glossaryterm"} <= _codenames(CHAMPIONS)
    assert "publish_glossaryterm" not in _codenames(CHAMPIONS)
    assert "delete_glossaryterm" not in _codenames(CHAMPIONS)
    assert {"add_glossaryterm", "change_glossaryterm", "publish_glossaryterm"} <= _codenames(
        WAGTAIL_EDITORS
    )
    publish = Permission.objects.get(codename="publish_glossaryterm")
    assert publish.name == "Can publish jargon buster term"
    assert publish.content_type.app_label == "courses"
    assert Permission.objects.filter(codename="publish_glossaryterm").count() == 1
