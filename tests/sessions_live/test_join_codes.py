"""Typed codes and invite links that are hard to guess and easy for a room: their
shape and lifetime, the limits on wrong codes, the facilitator's view of them,
and removing someone so that they stay out."""

from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sessions_live import services
from sessions_live.models import FocusPerson, Participant, PlanningSession
from sessions_live.services import JOIN_CODE_ALPHABET, JOIN_CODE_GUESSES, join_code_until
from sessions_live.views_manage import LINK_NOT_RIGHT, WRONG_CODES_WARN_AT
from tests.factories import UserFactory
from tests.sessions_live.factories import (
    facilitator_make,
    focus_person_make,
    participant_make,
    session_make,
)
from tests.sessions_live.rooms import remember_participant

pytestmark = pytest.mark.django_db

JOIN = "/live/join/"
DETAILS = "/live/join/details/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def room():
    fran = facilitator_make("fran")
    session = session_make(facilitator=fran)
    amira = focus_person_make(session, "Amira")
    return {"fran": fran, "session": session, "amira": amira}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def setup_url(room) -> str:
    return reverse("live:session_setup", args=[room["session"].pk])


def aimed_wrong(code: str) -> str:
    """A wrong code aimed at ``code``: its first group, with another secret part."""
    return code[:3] + ("222222" if code[3:] != "222222" else "333333")


def local(year, month, day, hour=0, minute=0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


# --- The codes themselves -------------------------------------------------------------


def test_a_code_is_nine_easy_characters_and_each_working_code_starts_differently(room):
    session = room["session"]
    codes = [
        services.focus_person_code_create(focus_person=focus_person_make(session, f"P{n}"))
        for n in range(30)
    ]
    assert all(len(code) == 9 and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes)
    assert len({code[:3] for code in codes}) == 30


def test_a_new_code_starts_differently_from_the_old_one_which_stops(room, client):
    old = services.focus_person_code_create(focus_person=room["amira"])
    new = services.focus_person_code_create(focus_person=room["amira"])
    assert old[:3] != new[:3]
    assert client.post(JOIN, {"code": old}).status_code == 400
    assert client.post(JOIN, {"code": new}).url == DETAILS


@pytest.mark.parametrize(
    ("now", "until"),
    [
        # Made a week before the session: to the end of its first day.
        (local(2026, 11, 24, 10), local(2026, 12, 2)),
        # Made on the day: to the end of that day.
        (local(2026, 12, 1, 9, 30), local(2026, 12, 2)),
        # Made late in the evening: to the end of the next day.
        (local(2026, 12, 1, 22), local(2026, 12, 3)),
        # Made after the session (someone invited between meetings): the end of that day.
        (local(2026, 12, 9, 14), local(2026, 12, 10)),
    ],
)
def test_a_code_works_until_the_end_of_the_sessions_day(now, until):
    session = PlanningSession(starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 2))
    assert join_code_until(session=session, now=now) == until


def test_the_set_up_page_says_until_when_a_code_works(room):
    client = signed_in(room["fran"])
    client.post(reverse("live:code_create", args=[room["session"].pk, room["amira"].pk]))
    page = client.get(setup_url(room)).content.decode()
    assert "This code works until the end of " in page
    room["amira"].refresh_from_db()
    code = room["amira"].join_code
    assert f"{code[:3]} {code[3:6]} {code[6:]}" in page


@pytest.mark.parametrize("typed", ["{a} {b} {c}", "{a}-{b}-{c}", " {a}{b} {c} ", "{a}{b}{c}"])
def test_a_code_may_be_typed_with_or_without_spaces_or_dashes_in_any_case(room, client, typed):
    code = services.focus_person_code_create(focus_person=room["amira"]).lower()
    text = typed.format(a=code[:3], b=code[3:6], c=code[6:])
    assert client.post(JOIN, {"code": text}).url == DETAILS


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Enter the code your facilitator gave you"),
        ("A" * 25, "That is too long for a code"),
        ("KD7 M2P XH!", "A code has only letters and numbers"),
        ("KD7 M2P XÄR", "A code has only letters and numbers"),
        ("KD7 M2P", "Codes have 9 letters and numbers. You typed 6."),
    ],
)
def test_a_code_of_the_wrong_shape_is_explained_and_not_counted_as_a_guess(room, typed, says):
    client = Client()
    for _ in range(JOIN_CODE_GUESSES.per_device + 1):
        response = client.post(JOIN, {"code": typed})
        assert response.status_code == 400
        assert says in response.content.decode()
    code = services.focus_person_code_create(focus_person=room["amira"])
    assert client.post(JOIN, {"code": code}).url == DETAILS


# --- Invite links ---------------------------------------------------------------------------


def test_an_invite_link_works_until_the_end_of_the_sessions_last_day_and_then_stops(room):
    token = services.focus_person_invite_create(focus_person=room["amira"])
    until = services.invite_token_until(token=token, focus_person=room["amira"])
    assert until == local(2026, 12, 2) or until > timezone.now()  # made after the session
    assert Client().get(f"/live/join/{token}/").url == DETAILS
    # The time is part of what is hashed: changing it makes a link that does not exist.
    forged = token.rsplit("-", 1)[0] + "-99999999999"
    assert Client().get(f"/live/join/{forged}/").status_code == 404


def test_an_invite_link_past_its_time_is_refused(room):
    past = int((timezone.now() - timedelta(minutes=1)).timestamp())
    token = "a" * 48 + f"-{past}"
    FocusPerson.objects.filter(pk=room["amira"].pk).update(
        invite_token_hash=services.token_hash(token)
    )
    response = Client().get(f"/live/join/{token}/")
    assert response.status_code == 404
    assert LINK_NOT_RIGHT in response.content.decode()


def test_an_invite_link_that_stops_between_the_two_steps_no_longer_lets_you_join(room):
    client = Client()
    token = services.focus_person_invite_create(focus_person=room["amira"])
    client.get(f"/live/join/{token}/")
    session = client.session
    session["live_joining"]["until"] = timezone.now().timestamp() - 1
    session.save()
    response = client.post(DETAILS, {"display_name": "Yusuf", "relation": "family"})
    assert response.status_code == 404
    assert not Participant.objects.filter(display_name="Yusuf").exists()


def test_a_link_made_before_links_carried_their_end_stops_with_the_session(room):
    old_style = "x" * 32
    FocusPerson.objects.filter(pk=room["amira"].pk).update(
        invite_token_hash=services.token_hash(old_style)
    )
    until = services.invite_token_until(token=old_style, focus_person=room["amira"])
    assert until == local(2026, 12, 2)  # the session_make session is on 1 December 2026


# --- Wrong codes: the room, the guesser and the facilitator ---------------------------------


def test_eight_wrong_codes_from_one_browser_do_not_stop_another_browser_on_the_same_wi_fi(room):
    code = services.focus_person_code_create(focus_person=room["amira"])
    typo_prone = Client()
    for _ in range(8):
        typo_prone.post(JOIN, {"code": aimed_wrong(code)})
    assert typo_prone.post(JOIN, {"code": code}).status_code == 429
    assert Client().post(JOIN, {"code": code}).url == DETAILS


def test_someone_clearing_cookies_each_try_at_one_code_pauses_it_and_the_page_says_why(room):
    code = services.focus_person_code_create(focus_person=room["amira"])
    for number in range(JOIN_CODE_GUESSES.per_target):
        Client(REMOTE_ADDR=f"10.0.{number}.1").post(JOIN, {"code": aimed_wrong(code)})
    response = Client(REMOTE_ADDR="192.0.2.50").post(JOIN, {"code": code})
    assert response.status_code == 429
    page = response.content.decode()
    assert "That code has been typed wrongly too many times" in page
    assert "Ask your facilitator" in page
    assert int(response["Retry-After"]) <= 3600


def test_the_facilitator_sees_wrong_codes_and_clears_them_so_the_code_works_again(room):
    amira, session = room["amira"], room["session"]
    code = services.focus_person_code_create(focus_person=amira)
    client = signed_in(room["fran"])
    for number in range(WRONG_CODES_WARN_AT - 1):
        Client(REMOTE_ADDR=f"10.1.{number}.1").post(JOIN, {"code": aimed_wrong(code)})
    assert "Someone has typed a wrong code" not in client.get(setup_url(room)).content.decode()
    for number in range(JOIN_CODE_GUESSES.per_target - WRONG_CODES_WARN_AT + 1):
        Client(REMOTE_ADDR=f"10.2.{number}.1").post(JOIN, {"code": aimed_wrong(code)})
    page = client.get(setup_url(room)).content.decode()
    assert (
        f"Someone has typed a wrong code {JOIN_CODE_GUESSES.per_target} times "
        "in the last 1 minute" in page
    )
    assert "The code is paused" in page
    assert "Amira's code has been typed wrongly" in page
    response = client.post(reverse("live:code_guesses_clear", args=[session.pk, amira.pk]))
    assert response.url == setup_url(room)
    page = client.get(setup_url(room)).content.decode()
    assert "Someone has typed a wrong code" not in page
    assert Client().post(JOIN, {"code": code}).url == DETAILS


def test_a_new_code_stops_the_guessed_one_and_starts_with_no_wrong_tries(room):
    amira, session = room["amira"], room["session"]
    old = services.focus_person_code_create(focus_person=amira)
    for number in range(JOIN_CODE_GUESSES.per_target):
        Client(REMOTE_ADDR=f"10.3.{number}.1").post(JOIN, {"code": aimed_wrong(old)})
    client = signed_in(room["fran"])
    client.post(reverse("live:code_create", args=[session.pk, amira.pk]))
    amira.refresh_from_db()
    assert "Someone has typed a wrong code" not in client.get(setup_url(room)).content.decode()
    assert Client().post(JOIN, {"code": old}).status_code == 400
    assert Client().post(JOIN, {"code": amira.join_code}).url == DETAILS


def test_only_the_sessions_own_planner_may_clear_wrong_codes(room):
    amira, session = room["amira"], room["session"]
    code = services.focus_person_code_create(focus_person=amira)
    for number in range(JOIN_CODE_GUESSES.per_target):
        Client(REMOTE_ADDR=f"10.4.{number}.1").post(JOIN, {"code": aimed_wrong(code)})
    url = reverse("live:code_guesses_clear", args=[session.pk, amira.pk])
    assert Client().post(url).status_code == 302  # to sign in
    assert signed_in(facilitator_make("olu")).post(url).status_code == 404
    assert signed_in(UserFactory(username="learner")).post(url).status_code == 403
    assert signed_in(room["fran"]).get(url).status_code == 405
    assert Client().post(JOIN, {"code": code}).status_code == 429
    other = focus_person_make(session_make(facilitator=facilitator_make("sam")), "Zed")
    wrong_person = reverse("live:code_guesses_clear", args=[session.pk, other.pk])
    assert signed_in(room["fran"]).post(wrong_person).status_code == 404


# --- Removing someone keeps them out, and says so truthfully --------------------------------


def join_by_code(code: str, name: str) -> Client:
    client = Client()
    client.post(JOIN, {"code": code})
    client.post(DETAILS, {"display_name": name, "relation": "friend"})
    return client


def test_a_removed_ally_cannot_come_back_with_the_same_code_in_a_new_browser(room):
    amira, session = room["amira"], room["session"]
    code = services.focus_person_code_create(focus_person=amira)
    join_by_code(code, "Sam")
    sam = Participant.objects.get(display_name="Sam")
    client = signed_in(room["fran"])
    response = client.post(
        reverse("live:participant_remove", args=[session.pk, sam.pk]), {"stop_code": "on"}
    )
    amira.refresh_from_db()
    new = amira.join_code
    message = client.get(response.url).content.decode()
    spaced = f"{code[:3]} {code[3:6]} {code[6:]}"
    assert "Sam has been removed." in message
    assert f"The code {spaced} no longer works." in message
    assert f"The new code for Amira&#x27;s allies is {new[:3]} {new[3:6]} {new[6:]}." in message
    assert "their device cannot join again" not in message.lower()
    assert Client().post(JOIN, {"code": code}).status_code == 400
    # The others get in with the new code.
    assert Client().post(JOIN, {"code": new}).url == DETAILS


def test_removing_without_stopping_the_code_says_it_still_works(room):
    amira, session = room["amira"], room["session"]
    code = services.focus_person_code_create(focus_person=amira)
    join_by_code(code, "Sam")
    sam = Participant.objects.get(display_name="Sam")
    client = signed_in(room["fran"])
    response = client.post(reverse("live:participant_remove", args=[session.pk, sam.pk]))
    message = client.get(response.url).content.decode()
    assert "Amira&#x27;s code still works, so Sam could join again" in message
    assert join_by_code(code, "Sam again") is not None
    assert Participant.objects.filter(display_name="Sam again", removed_at__isnull=True).exists()


def test_removing_stops_the_invite_link_their_own_card_and_their_account(room):
    amira, session = room["amira"], room["session"]
    token = services.focus_person_invite_create(focus_person=amira)
    sam = participant_make(amira, "Sam", "friend", device="sams-phone")
    services.participant_card_issue(participant_id=sam.pk)
    services.participant_account_link(participant_id=sam.pk, user=UserFactory(username="sam"))
    client = signed_in(room["fran"])
    response = client.post(
        reverse("live:participant_remove", args=[session.pk, sam.pk]),
        {"stop_code": "on", "stop_card": "on", "stop_account": "on"},
    )
    message = client.get(response.url).content.decode()
    sam.refresh_from_db()
    amira.refresh_from_db()
    assert (sam.card_hash, sam.account) == ("", None)
    assert amira.invite_token_hash == ""
    assert Client().get(f"/live/join/{token}/").status_code == 404
    assert "Amira&#x27;s invite link no longer works" in message
    assert "Sam&#x27;s own card no longer works." in message
    assert "Sam&#x27;s account no longer opens this board." in message


def test_the_set_up_page_offers_to_stop_the_ways_back_ticked(room):
    amira = room["amira"]
    sam = participant_make(amira, "Sam", "friend", device="sams-phone")
    services.participant_card_issue(participant_id=sam.pk)
    page = signed_in(room["fran"]).get(setup_url(room)).content.decode()
    assert f'name="stop_code" id="remove-{sam.pk}-code" checked' in page
    assert f'name="stop_card" id="remove-{sam.pk}-card" checked' in page
    assert "stop_account" not in page  # Sam has no account


def test_the_person_removing_an_ally_from_their_plan_can_stop_the_code_too(room):
    amira, session = room["amira"], room["session"]
    code = services.focus_person_code_create(focus_person=amira)
    me = participant_make(amira, "Amira", "me", device="amiras-phone")
    join_by_code(code, "Sam")
    sam = Participant.objects.get(display_name="Sam")
    client = Client()
    remember_participant(client, me)
    url = reverse("live:plan_ally_remove", args=[session.pk, amira.pk])
    response = client.post(url, {"ally": sam.pk, "stop_code": "on"})
    message = client.get(response.url).content.decode()
    amira.refresh_from_db()
    assert "Sam can no longer see this plan" in message
    assert f"The code {code[:3]} {code[3:6]} {code[6:]} no longer works." in message
    assert Client().post(JOIN, {"code": code}).status_code == 400
    assert Client().post(JOIN, {"code": amira.join_code}).url == DETAILS
