"""Facilitator set-up pages: who may see them, and what each form changes."""

from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from plans.headings import STANDARD_HEADINGS
from sessions_live import services
from sessions_live.models import ChartTemplateSet, FocusPerson, Participant, PlanningSession
from sessions_live.views_manage import INVITE_FLASH_KEY
from tests.factories import UserFactory
from tests.sessions_live.factories import (
    facilitator_make,
    focus_person_make,
    participant_actor,
    participant_make,
    session_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def room():
    """A session with one focus person, a participant and the owner's own heading set."""
    owner = facilitator_make("fran")
    session = session_make(facilitator=owner)
    person = focus_person_make(session, "Amira")
    participant = participant_make(person, "Yusuf", "family")
    own_set = services.chart_template_set_save(
        owner=owner, name="Carers", headings=[("A good day", "What happens?")]
    )
    return {
        "owner": owner,
        "session": session,
        "table": session.tables.get(),
        "person": person,
        "participant": participant,
        "own_set": own_set,
    }


def get_urls(room) -> list[str]:
    s = room["session"].pk
    return [reverse("live:session_setup", args=[s])]


def post_urls(room) -> list[str]:
    s, p = room["session"].pk, room["person"].pk
    return [
        reverse("live:session_details", args=[s]),
        reverse("live:table_add", args=[s]),
        reverse("live:table_rename", args=[s, room["table"].pk]),
        reverse("live:focus_person_add", args=[s]),
        reverse("live:focus_person_bring", args=[s]),
        reverse("live:focus_person_edit", args=[s, p]),
        reverse("live:invite_create", args=[s, p]),
        reverse("live:code_create", args=[s, p]),
        reverse("live:code_guesses_clear", args=[s, p]),
        reverse("live:invite_revoke", args=[s, p]),
        reverse("live:participant_remove", args=[s, room["participant"].pk]),
        reverse("live:participant_readmit", args=[s, room["participant"].pk]),
    ]


FACILITATOR_PAGES = ["live:session_list", "live:session_create", "live:template_list"]


def details_data(**overrides) -> dict:
    data = {
        "title": "Autumn group",
        "starts_on": "2026-10-01",
        "ends_on": "",
        "venue": "Library, Room 1",
        "template_set": str(services.chart_template_set_builtin_ensure().pk),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- Who may see what -------------------------------------------------------------


@pytest.mark.parametrize("name", [*FACILITATOR_PAGES, "live:template_create"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_anonymous_visitors_are_sent_to_sign_in_from_setup_and_actions(client, room):
    for url in get_urls(room):
        assert client.get(url).url.startswith(reverse("login"))
    for url in post_urls(room):
        assert client.post(url).url.startswith(reverse("login"))
    assert FocusPerson.objects.get(pk=room["person"].pk).invite_token_hash == ""


@pytest.mark.parametrize("name", [*FACILITATOR_PAGES, "live:template_create"])
def test_signed_in_people_who_are_not_facilitators_get_a_plain_english_403(client, name):
    client.force_login(UserFactory(username="learner"))
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "This page is for facilitators" in response.content.decode()


def test_a_non_facilitator_cannot_post_set_up_actions(client, room):
    client.force_login(UserFactory(username="learner"))
    for url in post_urls(room):
        assert client.post(url).status_code == 403
    assert not Participant.objects.filter(removed_at__isnull=False).exists()


def test_another_facilitator_gets_404_for_every_set_up_page_and_action(client, room):
    client.force_login(facilitator_make("other"))
    for url in get_urls(room):
        assert client.get(url).status_code == 404, url
    for url in post_urls(room):
        assert client.post(url, {"name": "Mine now", "table-new-name": "X"}).status_code == 404, url
    person = FocusPerson.objects.get(pk=room["person"].pk)
    assert person.invite_token_hash == ""
    assert person.join_code == ""
    assert room["session"].tables.count() == 1
    assert not Participant.objects.filter(removed_at__isnull=False).exists()


def test_the_owner_can_use_every_set_up_action(client, room):
    client.force_login(room["owner"])
    for url in get_urls(room):
        assert client.get(url).status_code == 200
    for url in post_urls(room):
        response = client.post(url)
        # Forms posted empty re-show the page with errors; actions redirect back.
        assert response.status_code in (200, 302), url


def test_set_up_actions_refuse_get(client, room):
    client.force_login(room["owner"])
    url = reverse("live:invite_create", args=[room["session"].pk, room["person"].pk])
    assert client.get(url).status_code == 405
    assert FocusPerson.objects.get(pk=room["person"].pk).invite_token_hash == ""


def test_a_table_from_another_session_is_not_found_through_your_own_session(client, room):
    other_table = session_make(facilitator=facilitator_make("other")).tables.get()
    client.force_login(room["owner"])
    url = reverse("live:table_rename", args=[room["session"].pk, other_table.pk])
    response = client.post(url, {f"table-{other_table.pk}-name": "Taken"})
    assert response.status_code == 404
    other_table.refresh_from_db()
    assert other_table.name == "Table 1"


# --- Session list and create ----------------------------------------------------------


def test_the_session_list_shows_only_your_own_sessions_with_board_links(client, room):
    session_make(facilitator=facilitator_make("other"), title="Not yours")
    client.force_login(room["owner"])
    page = client.get(reverse("live:session_list")).content.decode()
    assert "Spring group" in page
    assert "Not yours" not in page
    assert f'href="/live/s/{room["session"].pk}/"' in page
    assert reverse("live:session_setup", args=[room["session"].pk]) in page
    assert "Tuesday 1 December 2026" in page


def test_a_valid_new_session_is_made_and_opens_its_set_up_page(client, room):
    client.force_login(room["owner"])
    response = client.post(
        reverse("live:session_create"),
        details_data(ends_on="2026-10-15", template_set=str(room["own_set"].pk)),
    )
    session = PlanningSession.objects.get(title="Autumn group")
    assert response.url == reverse("live:session_setup", args=[session.pk])
    assert session.facilitator == room["owner"]
    assert session.ends_on == date(2026, 10, 15)
    assert session.template_set == room["own_set"]
    assert "Session made: Autumn group" in client.get(response.url).content.decode()


def test_an_online_session_needs_no_venue(client, room):
    client.force_login(room["owner"])
    client.post(reverse("live:session_create"), details_data(venue="", is_online="on"))
    assert PlanningSession.objects.get(title="Autumn group").is_online


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a name for the session"),
        ({"starts_on": ""}, "starts_on", "Enter the first day of the session"),
        ({"starts_on": "2026-02-30"}, "starts_on", "Enter the first day as a real date"),
        ({"ends_on": "2026-09-01"}, "ends_on", "The last day must be the same as or after"),
        ({"venue": ""}, "venue", "Enter where the session happens, or tick online"),
    ],
)
def test_an_invalid_new_session_shows_errors_by_the_field_and_in_a_summary(
    client, room, overrides, field, message
):
    client.force_login(room["owner"])
    response = client.post(reverse("live:session_create"), details_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'<a href="#id_{field}">{message}' in page
    assert f'id="id_{field}_error"' in page
    assert "<title>Error: " in page
    assert not PlanningSession.objects.filter(title="Autumn group").exists()


def test_another_facilitators_heading_set_cannot_be_chosen(client, room):
    theirs = services.chart_template_set_save(
        owner=facilitator_make("other"), name="Theirs", headings=[("X", "")]
    )
    client.force_login(room["owner"])
    response = client.post(reverse("live:session_create"), details_data(template_set=theirs.pk))
    assert "Choose a set of chart headings from the list" in response.content.decode()
    assert not PlanningSession.objects.filter(title="Autumn group").exists()


# --- Set-up page --------------------------------------------------------------------------


def test_set_up_page_shows_each_person_with_colour_symbol_and_name(client, room):
    client.force_login(room["owner"])
    page = client.get(reverse("live:session_setup", args=[room["session"].pk])).content.decode()
    assert 'data-colour="blue"' in page  # the first colour, drawn by manage.css
    assert '<span class="swatch" aria-hidden="true">●</span>' in page
    assert "Blue with a circle." in page
    assert "Yusuf</strong> (Family)" in page


def test_session_details_can_be_changed(client, room):
    client.force_login(room["owner"])
    url = reverse("live:session_details", args=[room["session"].pk])
    response = client.post(url, details_data(title="Renamed", venue="", is_online="on"))
    assert response.url == reverse("live:session_setup", args=[room["session"].pk])
    session = PlanningSession.objects.get(pk=room["session"].pk)
    assert (session.title, session.is_online) == ("Renamed", True)


def test_invalid_session_details_reshow_the_set_up_page_with_errors(client, room):
    client.force_login(room["owner"])
    url = reverse("live:session_details", args=[room["session"].pk])
    page = client.post(url, details_data(title="")).content.decode()
    assert '<a href="#id_title">Enter a name for the session' in page
    assert '<details class="toggle" open>' in page
    assert PlanningSession.objects.get(pk=room["session"].pk).title == "Spring group"


def test_tables_can_be_added_and_renamed(client, room):
    client.force_login(room["owner"])
    s = room["session"].pk
    client.post(reverse("live:table_add", args=[s]), {"table-new-name": "Window table"})
    table = room["table"]
    response = client.post(
        reverse("live:table_rename", args=[s, table.pk]), {f"table-{table.pk}-name": "Door"}
    )
    assert response.status_code == 302
    assert list(room["session"].tables.values_list("name", flat=True)) == ["Door", "Window table"]
    assert "Table renamed: Door." in client.get(response.url).content.decode()


def test_a_table_needs_a_name(client, room):
    client.force_login(room["owner"])
    page = client.post(
        reverse("live:table_add", args=[room["session"].pk]), {"table-new-name": " "}
    ).content.decode()
    assert '<a href="#id_table-new-name">Enter a name for the table' in page
    assert room["session"].tables.count() == 1


def test_a_focus_person_can_be_added_at_a_table(client, room):
    client.force_login(room["owner"])
    client.post(
        reverse("live:focus_person_add", args=[room["session"].pk]),
        {"person-new-first_name": "Ben", "person-new-table": room["table"].pk},
    )
    ben = FocusPerson.objects.get(first_name="Ben")
    assert ben.table == room["table"]
    assert ben.charts.count() == len(STANDARD_HEADINGS)
    assert ben.colour != room["person"].colour


def test_a_person_from_an_earlier_session_is_brought_back_with_everything_they_wrote(client, room):
    yusuf = services.participant_join(
        focus_person=room["person"], display_name="Amira", relation="me", device_id="phone"
    )
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=yusuf),
        message={
            "type": "add_note",
            "op_id": "first-meeting",
            "chart_id": room["person"].charts.first().pk,
            "text": "Swimming with Jo",
        },
    )
    later = session_make(facilitator=room["owner"], title="Meeting 2")
    setup = reverse("live:session_setup", args=[later.pk])
    client.force_login(room["owner"])
    page = client.get(setup).content.decode()
    assert "Bring someone\u2019s plan here" in page
    assert "Amira, from Spring group (1 December 2026)" in page
    response = client.post(
        reverse("live:focus_person_bring", args=[later.pk]),
        {"person-bring-plan": room["person"].plan_id, "person-bring-table": ""},
    )
    assert response.status_code == 302
    assert "Amira&#x27;s plan is on this board now" in client.get(setup).content.decode()
    board = client.get(reverse("live:board", args=[later.pk])).content.decode()
    assert "Swimming with Jo" in board
    earlier = client.get(reverse("live:board", args=[room["session"].pk])).content.decode()
    assert "Swimming with Jo" not in earlier
    assert "plan has moved on to a later session" in earlier
    # Nobody is left to bring from a list: only the card's words are asked for.
    page = client.get(setup).content.decode()
    assert "Whose plan" not in page
    assert "The words on their plan card" in page


def test_a_facilitator_starts_a_plan_with_one_person_and_writes_it_on_its_own_board(client, room):
    client.force_login(room["owner"])
    start = reverse("live:own_plan_start")
    response = client.post(start, {"own-first_name": "  "})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    response = client.post(start, {"own-first_name": "Dev"})
    dev = FocusPerson.objects.get(first_name="Dev")
    assert response.url == reverse("live:board", args=[dev.session_id])
    assert dev.session.is_own_plan
    page = client.get(reverse("live:session_list")).content.decode()
    assert "Dev&#x27;s plan" in page
    # A learner may not start one.
    client.force_login(UserFactory(username="learner"))
    assert client.post(start, {"own-first_name": "Eve"}).status_code == 403
    assert not FocusPerson.objects.filter(first_name="Eve").exists()


def test_only_your_own_earlier_plans_can_be_brought_to_your_session(client, room):
    other = facilitator_make("other")
    theirs = session_make(facilitator=other, title="Their group")
    client.force_login(other)
    assert "Whose plan" not in (
        client.get(reverse("live:session_setup", args=[theirs.pk])).content.decode()
    )
    response = client.post(
        reverse("live:focus_person_bring", args=[theirs.pk]),
        {"person-bring-plan": room["person"].plan_id},
    )
    assert response.status_code == 200
    # Another facilitator's plan comes only with the person's card (their say-so).
    assert "type the words on their plan card" in response.content.decode()
    assert theirs.focus_people.count() == 0
    assert room["person"].charts.count() == len(STANDARD_HEADINGS)


def test_a_focus_persons_name_colour_symbol_table_and_privacy_can_be_changed(client, room):
    person = room["person"]
    client.force_login(room["owner"])
    response = client.post(
        reverse("live:focus_person_edit", args=[room["session"].pk, person.pk]),
        {
            f"person-{person.pk}-first_name": "Amy",
            f"person-{person.pk}-colour": "teal",
            f"person-{person.pk}-symbol": "star",
            f"person-{person.pk}-table": "",
            f"person-{person.pk}-is_private": "on",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.colour, person.symbol) == ("Amy", "teal", "star")
    assert person.table is None
    assert person.is_private


def test_two_people_cannot_share_both_colour_and_symbol(client, room):
    ben = focus_person_make(room["session"], "Ben")
    client.force_login(room["owner"])
    page = client.post(
        reverse("live:focus_person_edit", args=[room["session"].pk, ben.pk]),
        {
            f"person-{ben.pk}-first_name": "Ben",
            f"person-{ben.pk}-colour": room["person"].colour,
            f"person-{ben.pk}-symbol": room["person"].symbol,
        },
    ).content.decode()
    assert "Amira already has this colour and symbol" in page
    ben.refresh_from_db()
    assert ben.colour != room["person"].colour


def test_an_unknown_colour_is_refused(client, room):
    person = room["person"]
    client.force_login(room["owner"])
    page = client.post(
        reverse("live:focus_person_edit", args=[room["session"].pk, person.pk]),
        {
            f"person-{person.pk}-first_name": "Amira",
            f"person-{person.pk}-colour": "url(evil)",
            f"person-{person.pk}-symbol": "star",
        },
    ).content.decode()
    assert "Choose a colour from the list" in page
    person.refresh_from_db()
    assert person.colour == "blue"


# --- Invites, codes, participants -------------------------------------------------------


def test_an_invite_link_is_shown_once_and_only_its_hash_is_stored(client, room):
    person = room["person"]
    client.force_login(room["owner"])
    setup = reverse("live:session_setup", args=[room["session"].pk])
    response = client.post(reverse("live:invite_create", args=[room["session"].pk, person.pk]))
    assert response.url == setup
    page = client.get(setup).content.decode()
    marker = "http://testserver/live/join/"
    assert marker in page
    token = page.split(marker, 1)[1].split("/", 1)[0]
    assert len(token) >= 32
    assert "It is shown only once" in page
    person.refresh_from_db()
    assert person.invite_token_hash == services.token_hash(token)
    assert not FocusPerson.objects.filter(invite_token_hash=token).exists()
    # Shown once: the next load no longer has it, and the session store has let it go.
    assert token not in client.get(setup).content.decode()
    assert INVITE_FLASH_KEY not in client.session
    assert not any(token in str(row.get_decoded()) for row in Session.objects.all())
    assert "An invite link is working" in client.get(setup).content.decode()


def test_a_new_invite_link_stops_the_old_one(client, room):
    person = room["person"]
    old_token = services.focus_person_invite_create(focus_person=person)
    client.force_login(room["owner"])
    client.post(reverse("live:invite_create", args=[room["session"].pk, person.pk]))
    person.refresh_from_db()
    assert person.invite_token_hash != services.token_hash(old_token)


def test_a_typed_code_is_shown_with_its_expiry_while_it_works(client, room):
    person = room["person"]
    client.force_login(room["owner"])
    setup = reverse("live:session_setup", args=[room["session"].pk])
    client.post(reverse("live:code_create", args=[room["session"].pk, person.pk]))
    person.refresh_from_db()
    spaced = " ".join([person.join_code[:3], person.join_code[3:6], person.join_code[6:]])
    first = client.get(setup).content.decode()
    assert f"New code for Amira: {spaced}." in first
    assert spaced in first
    assert "This code works until the end of" in first
    assert spaced in client.get(setup).content.decode()  # stored, so shown again
    FocusPerson.objects.filter(pk=person.pk).update(
        join_code_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert spaced not in client.get(setup).content.decode()


def test_stopping_the_link_and_code_clears_both(client, room):
    person = room["person"]
    services.focus_person_invite_create(focus_person=person)
    services.focus_person_code_create(focus_person=person)
    client.force_login(room["owner"])
    client.post(reverse("live:invite_revoke", args=[room["session"].pk, person.pk]))
    person.refresh_from_db()
    assert (person.invite_token_hash, person.join_code) == ("", "")


def test_a_participant_can_be_removed_and_let_back_in(client, room):
    participant = room["participant"]
    client.force_login(room["owner"])
    setup = reverse("live:session_setup", args=[room["session"].pk])
    client.post(reverse("live:participant_remove", args=[room["session"].pk, participant.pk]))
    participant.refresh_from_db()
    assert participant.removed_at is not None
    page = client.get(setup).content.decode()
    assert '<span class="tag">Removed</span>' in page
    assert "Let back in" in page
    client.post(reverse("live:participant_readmit", args=[room["session"].pk, participant.pk]))
    participant.refresh_from_db()
    assert participant.removed_at is None


def test_a_participant_of_another_session_is_not_found(client, room):
    other = session_make(facilitator=facilitator_make("other"))
    stranger = participant_make(focus_person_make(other, "Zed"))
    client.force_login(room["owner"])
    url = reverse("live:participant_remove", args=[room["session"].pk, stranger.pk])
    assert client.post(url).status_code == 404
    stranger.refresh_from_db()
    assert stranger.removed_at is None


# --- Chart heading sets -----------------------------------------------------------------


def rows(*pairs, name="Carers' group") -> dict:
    data = {"name": name}
    for number, (title, prompt) in enumerate(pairs, start=1):
        data[f"title_{number}"] = title
        data[f"prompt_{number}"] = prompt
    return data


def test_the_built_in_set_is_listed_first_and_read_only(client, room):
    client.force_login(room["owner"])
    page = client.get(reverse("live:template_list")).content.decode()
    assert page.index(services.BUILTIN_TEMPLATE_NAME) < page.index("Carers")
    builtin = ChartTemplateSet.objects.get(is_builtin=True)
    assert reverse("live:template_edit", args=[builtin.pk]) not in page
    assert reverse("live:template_edit", args=[room["own_set"].pk]) in page
    assert client.get(reverse("live:template_edit", args=[builtin.pk])).status_code == 404


def test_a_new_heading_set_keeps_row_order_and_skips_empty_rows(client, room):
    client.force_login(room["owner"])
    response = client.post(
        reverse("live:template_create"),
        rows(("A good day", "What happens, who is there?"), ("", ""), ("A bad day", "")),
    )
    assert response.url == reverse("live:template_list")
    new = ChartTemplateSet.objects.get(name="Carers' group")
    assert new.owner == room["owner"]
    assert [(h.title, h.prompt) for h in new.headings.all()] == [
        ("A good day", "What happens, who is there?"),
        ("A bad day", ""),
    ]


def test_the_new_set_form_offers_fifteen_empty_rows(client, room):
    client.force_login(room["owner"])
    page = client.get(reverse("live:template_create")).content.decode()
    assert 'name="title_15"' in page
    assert 'name="title_16"' not in page


def test_a_heading_set_needs_at_least_one_heading(client, room):
    client.force_login(room["owner"])
    page = client.post(reverse("live:template_create"), rows(("", ""))).content.decode()
    assert '<a href="#id_title_1">Enter at least one heading' in page
    assert not ChartTemplateSet.objects.filter(name="Carers' group").exists()


def test_a_prompt_without_a_heading_is_refused(client, room):
    client.force_login(room["owner"])
    page = client.post(
        reverse("live:template_create"), rows(("A good day", ""), ("", "Orphan prompt"))
    ).content.decode()
    assert '<a href="#id_title_2">Enter heading 2, or clear its prompt' in page


def test_rows_beyond_fifteen_are_kept_when_editing(client, room):
    many = [(f"Heading {n}", "") for n in range(1, 18)]
    services.chart_template_set_save(
        owner=room["owner"], name="Long", headings=many, template_set=room["own_set"]
    )
    client.force_login(room["owner"])
    url = reverse("live:template_edit", args=[room["own_set"].pk])
    page = client.get(url).content.decode()
    assert 'value="Heading 17"' in page
    assert 'name="title_22"' in page
    client.post(url, rows(*many, ("Heading 18", "New"), name="Long"))
    assert room["own_set"].headings.count() == 18


def test_an_owner_can_change_their_set_but_others_cannot(client, room):
    url = reverse("live:template_edit", args=[room["own_set"].pk])
    client.force_login(facilitator_make("other"))
    assert client.get(url).status_code == 404
    assert client.post(url, rows(("Taken", ""))).status_code == 404
    client.force_login(room["owner"])
    client.post(url, rows(("Renamed heading", ""), name="Carers v2"))
    room["own_set"].refresh_from_db()
    assert room["own_set"].name == "Carers v2"
    assert [h.title for h in room["own_set"].headings.all()] == ["Renamed heading"]


# --- The Planning Live start page ----------------------------------------------------


def test_the_start_page_links_to_joining_and_facilitators_to_their_sessions(client, room):
    page = client.get(reverse("live:index")).content.decode()
    assert f'href="{reverse("live:join_code")}"' in page
    assert reverse("live:session_list") not in page
    client.force_login(UserFactory(username="learner"))
    assert reverse("live:session_list") not in client.get(reverse("live:index")).content.decode()
    client.force_login(room["owner"])
    page = client.get(reverse("live:index")).content.decode()
    assert f'href="{reverse("live:session_list")}">Set up your sessions' in page
