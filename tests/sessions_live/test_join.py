"""Joining without an account: by invite link or typed code, then saying who you are."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from sessions_live import access, services
from sessions_live.models import FocusPerson, Participant
from sessions_live.views_manage import (
    CODE_NOT_RIGHT,
    JOIN_CODE_GUESSES,
    JOINING_KEY,
    LINK_NOT_RIGHT,
    TOO_MANY_CODES,
)
from tests.sessions_live.factories import focus_person_make, session_make

pytestmark = pytest.mark.django_db

JOIN = "/live/join/"
DETAILS = "/live/join/details/"
# Nine characters, like a real code, aimed at no working code.
WRONG = "WRO NGW RNG"


@pytest.fixture(autouse=True)
def _clear_cache():
    # The wrong-code counters live in the cache, shared by every test in this process.
    cache.clear()


@pytest.fixture
def person():
    return focus_person_make(session_make(), "Amira")


def code_for(person: FocusPerson) -> str:
    return services.focus_person_code_create(focus_person=person)


def join_details(client, name="Yusuf", relation="family"):
    return client.post(DETAILS, {"display_name": name, "relation": relation})


def board(person: FocusPerson) -> str:
    return f"/live/s/{person.session_id}/"


# --- Typed codes --------------------------------------------------------------------------


def test_the_code_page_has_a_labelled_code_box(client):
    page = client.get(JOIN).content.decode()
    assert '<label for="id_code">Your code</label>' in page
    assert 'name="code"' in page


def test_a_typed_code_in_any_case_and_with_spaces_leads_to_who_are_you(client, person):
    code = code_for(person)
    response = client.post(JOIN, {"code": f" {code[:3].lower()} {code[3:]} "})
    assert response.status_code == 302
    assert response.url == DETAILS
    page = client.get(DETAILS).content.decode()
    assert "You are joining Amira's planning" in page
    assert "Spring group" in page


def test_joining_stores_the_participant_in_the_session_and_opens_the_board(client, person):
    client.post(JOIN, {"code": code_for(person)})
    response = join_details(client)
    assert response.status_code == 302
    assert response.url == board(person)
    participant = Participant.objects.get(display_name="Yusuf")
    assert (participant.focus_person, participant.relation) == (person, "family")
    assert access.participant_id_for(client.session, session_id=person.session_id) == participant.pk
    assert participant.device_hash == services.token_hash(client.session[access.DEVICE_KEY])
    assert JOINING_KEY not in client.session


def test_a_wrong_code_is_refused_in_plain_english_and_reveals_nothing(client, person):
    code_for(person)
    response = client.post(JOIN, {"code": "ZZZ ZZZ ZZZ"})
    assert response.status_code == 400
    page = response.content.decode()
    assert CODE_NOT_RIGHT in page
    assert "Amira" not in page
    assert "Spring group" not in page
    assert JOINING_KEY not in client.session


def test_an_empty_code_asks_for_one(client):
    response = client.post(JOIN, {"code": ""})
    assert response.status_code == 400
    assert '<a href="#id_code">Enter the code your facilitator gave you' in (
        response.content.decode()
    )


def test_an_expired_code_is_refused(client, person):
    code = code_for(person)
    FocusPerson.objects.filter(pk=person.pk).update(
        join_code_expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(JOIN, {"code": code})
    assert response.status_code == 400
    assert CODE_NOT_RIGHT in response.content.decode()


def test_a_code_stopped_between_the_two_steps_no_longer_lets_you_join(client, person):
    client.post(JOIN, {"code": code_for(person)})
    services.focus_person_invite_revoke(focus_person=person)
    response = join_details(client)
    assert response.status_code == 404
    assert CODE_NOT_RIGHT in response.content.decode()
    assert not Participant.objects.filter(display_name="Yusuf").exists()


def test_the_who_are_you_step_without_a_code_or_link_goes_back_to_the_code_page(client):
    response = client.get(DETAILS)
    assert response.status_code == 302
    assert response.url == JOIN


# --- Rate limiting ---------------------------------------------------------------------


def test_the_ninth_wrong_code_gets_429_and_even_a_right_code_is_refused(client, person):
    code = code_for(person)
    for _ in range(8):
        assert client.post(JOIN, {"code": WRONG}).status_code == 400
    response = client.post(JOIN, {"code": WRONG})
    assert response.status_code == 429
    assert TOO_MANY_CODES["device"].format(minutes=15) in response.content.decode()
    assert response["Retry-After"] == "900"
    assert client.post(JOIN, {"code": code}).status_code == 429
    assert JOINING_KEY not in client.session


def test_eight_wrong_codes_still_let_a_right_code_through(client, person):
    code = code_for(person)
    for _ in range(8):
        client.post(JOIN, {"code": WRONG})
    cache.clear()  # as if the 15 minutes had passed
    assert client.post(JOIN, {"code": code}).url == DETAILS


def test_a_busy_address_stops_browsers_that_guessed_wrong_but_not_a_clean_one(client, person):
    for _ in range(JOIN_CODE_GUESSES.per_address):
        client.post(JOIN, {"code": WRONG})
        client.cookies.clear()  # a fresh browser session each time
    code = code_for(person)
    client.post(JOIN, {"code": WRONG})  # one wrong try of its own, on the busy address
    assert client.post(JOIN, {"code": code}).status_code == 429
    client.cookies.clear()  # someone else in the room, who typed nothing wrong
    assert client.post(JOIN, {"code": code}).url == DETAILS


def test_wrong_codes_from_one_address_with_fresh_cookies_each_time_run_out(client, person):
    for _ in range(JOIN_CODE_GUESSES.address_cap):
        client.post(JOIN, {"code": WRONG})
        client.cookies.clear()  # a fresh browser session each time
    response = client.post(JOIN, {"code": code_for(person)})
    assert response.status_code == 429
    assert "from this network" in response.content.decode()


def test_one_persons_typos_do_not_shut_out_the_room_on_the_same_wi_fi(client, person):
    for _ in range(JOIN_CODE_GUESSES.per_device + 1):
        client.post(JOIN, {"code": WRONG})
    client.cookies.clear()  # someone else's browser, on the venue's one address
    assert client.post(JOIN, {"code": code_for(person)}).url == DETAILS


def test_wrong_codes_are_counted_per_browser_session_across_addresses(client, person):
    for number in range(8):
        client.post(JOIN, {"code": WRONG}, REMOTE_ADDR=f"10.0.0.{number}")
    response = client.post(JOIN, {"code": code_for(person)}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429


def test_another_address_and_browser_is_not_blocked_by_someone_elses_wrong_codes(client, person):
    for _ in range(9):
        client.post(JOIN, {"code": WRONG})
    client.cookies.clear()
    response = client.post(JOIN, {"code": code_for(person)}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302


# --- Invite links ------------------------------------------------------------------------


def test_an_invite_link_works_and_the_database_never_holds_the_raw_token(client, person):
    token = services.focus_person_invite_create(focus_person=person)
    response = client.get(f"/live/join/{token}/")
    assert response.url == DETAILS
    assert join_details(client, "Amira", "me").url == board(person)
    person.refresh_from_db()
    assert person.invite_token_hash == services.token_hash(token)
    assert not FocusPerson.objects.filter(invite_token_hash=token).exists()
    assert not any(token in str(row.get_decoded()) for row in Session.objects.all())
    assert token not in str(dict(client.session))


def test_a_revoked_invite_link_is_refused(client, person):
    token = services.focus_person_invite_create(focus_person=person)
    services.focus_person_invite_revoke(focus_person=person)
    response = client.get(f"/live/join/{token}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert LINK_NOT_RIGHT in page
    assert "Amira" not in page


def test_an_old_invite_link_stops_when_a_new_one_is_made(client, person):
    old = services.focus_person_invite_create(focus_person=person)
    services.focus_person_invite_create(focus_person=person)
    assert client.get(f"/live/join/{old}/").status_code == 404


def test_a_made_up_invite_link_is_refused(client, person):
    services.focus_person_invite_create(focus_person=person)
    assert client.get("/live/join/not-a-real-token/").status_code == 404


# --- Who are you ---------------------------------------------------------------------------


def test_the_who_are_you_step_needs_a_name_and_a_relation(client, person):
    client.post(JOIN, {"code": code_for(person)})
    page = client.post(DETAILS, {"display_name": "  ", "relation": ""}).content.decode()
    assert '<a href="#id_display_name">Enter your name' in page
    assert '<a href="#id_relation_0">Choose who you are' in page
    assert not Participant.objects.filter(focus_person=person).exists()


def test_a_name_over_60_characters_is_refused(client, person):
    client.post(JOIN, {"code": code_for(person)})
    page = join_details(client, name="x" * 61).content.decode()
    assert "Your name can be up to 60 characters" in page
    assert not Participant.objects.filter(focus_person=person).exists()


def test_relation_choices_are_offered_as_radio_buttons(client, person):
    client.post(JOIN, {"code": code_for(person)})
    page = client.get(DETAILS).content.decode()
    for label in ["This is me", "Family", "Friend", "Personal assistant", "Support worker"]:
        assert label in page
    assert page.count('name="relation"') == len(Participant.Relation.choices)


def test_the_person_being_joined_comes_from_the_server_session_not_the_form(client, person):
    other = focus_person_make(person.session, "Ben")
    client.post(JOIN, {"code": code_for(person)})
    client.post(DETAILS, {"display_name": "Yusuf", "relation": "family", "focus_person": other.pk})
    assert Participant.objects.get(display_name="Yusuf").focus_person == person


def test_a_removed_device_cannot_rejoin_and_readmitting_lets_it_back(client, person):
    code = code_for(person)
    client.post(JOIN, {"code": code})
    join_details(client)
    participant = Participant.objects.get(display_name="Yusuf")
    services.participant_remove(participant=participant)

    client.post(JOIN, {"code": code})
    response = join_details(client, name="Yusuf again")
    assert response.status_code == 403
    assert "The facilitator has removed this device from the session" in (response.content.decode())
    assert not Participant.objects.filter(display_name="Yusuf again").exists()

    services.participant_readmit(participant=participant)
    client.post(JOIN, {"code": code})
    assert join_details(client).url == board(person)
