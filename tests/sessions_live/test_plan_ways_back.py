"""A plan without a facilitator, and everyone's own way back to it.

A person starts their plan on their own (no facilitator, no account) and
invites their allies; an ally comes back with the person's card while they are
with them, or with a card of their own; anyone may keep their place on an
optional account; everyone who may write does so from the plan page; an
enabler runs plans with one person; a facilitator brings a plan started
elsewhere by its card's words.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cms.roles import ENABLERS
from plans.headings import STANDARD_HEADINGS
from sessions_live import selectors, services
from sessions_live.models import BoardEvent, Note, Participant, PlanningSession
from tests.factories import UserFactory
from tests.sessions_live.factories import session_make
from tests.sessions_live.rooms import remember_participant
from tests.sessions_live.test_views_plan import READERS, as_participant, make_card, plan_url

pytestmark = pytest.mark.django_db

START = reverse("live:plan_start_alone")
CARD_USE = reverse("live:card_use")
CARD_WHO = reverse("live:card_who")


def card_words_on(page: str) -> str:
    """The four words of a card, read off the page that shows them once."""
    words = re.findall(r"<span>([a-z]+)</span>", page.split('class="plan-card__words"')[1])
    assert len(words) == 4
    return " ".join(words)


def start_alone(client: Client, first_name="Gemma"):
    """Start a plan alone; return the person's seat, their participant and the card words."""
    response = client.post(START, {"first_name": first_name})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    me = Participant.objects.get(pk=client.session["live_participants"].popitem()[1])
    return me.focus_person, me, card_words_on(page)


def alone_plan_url(seat, what="plan") -> str:
    return reverse(f"live:{what}", args=[seat.session_id, seat.pk])


# --- Starting a plan on your own ------------------------------------------------------------


def test_a_person_starts_their_own_plan_alone_and_gets_their_card_first():
    device = Client()
    assert "Start your own plan" in device.get(reverse("live:index")).content.decode()
    seat, me, words = start_alone(device)
    session = PlanningSession.objects.get(pk=seat.session_id)
    # Nobody runs this board but them, and it has the standard headings.
    assert session.facilitator is None
    assert session.is_own_plan
    assert seat.charts.count() == len(STANDARD_HEADINGS)
    assert (me.relation, me.display_name) == ("me", "Gemma")
    # It is theirs to decide about: versions, card, allies, who sees it.
    assert selectors.plan_editor_allowed(
        actor=selectors.participant_actor(participant=me), focus_person_id=seat.pk
    )
    page = device.get(alone_plan_url(seat)).content.decode()
    assert "Nobody runs it but <bdi>Gemma</bdi>." in page
    assert "Save who can see the charts" not in page  # nobody else is on this board
    assert device.get(reverse("live:board", args=[seat.session_id])).status_code == 200
    # Nobody else opens it, and the card brings Gemma back on another device.
    assert Client().get(alone_plan_url(seat)).status_code == 404
    library = Client()
    assert library.post(CARD_USE, {"words": words})["Location"] == alone_plan_url(seat)
    assert library.session["live_participants"] == {str(seat.session_id): me.pk}


def test_starting_with_no_name_asks_for_one_and_makes_nothing():
    response = Client().post(START, {"first_name": "  "})
    assert response.status_code == 400
    assert "Type your first name" in response.content.decode()
    assert not PlanningSession.objects.exists()


def test_one_device_starting_plan_after_plan_is_asked_to_wait():
    device = Client()
    for n in range(5):
        assert device.post(START, {"first_name": f"Try {n}"}).status_code == 302
    stopped = device.post(START, {"first_name": "Again"})
    assert stopped.status_code == 400
    assert "started several plans in the last hour" in stopped.content.decode()
    assert PlanningSession.objects.count() == 5
    # Someone else on the same Wi-Fi still can.
    assert Client().post(START, {"first_name": "Jo"}).status_code == 302


def test_the_person_invites_an_ally_with_a_code_from_their_plan_page():
    device = Client()
    seat, _, _ = start_alone(device)
    response = device.post(alone_plan_url(seat, "plan_invite"), follow=True)
    page = response.content.decode()
    code = re.search(r"The code is ([A-Z0-9]{3} [A-Z0-9]{3} [A-Z0-9]{3})", page)[1]
    sister = Client()
    assert sister.post(reverse("live:join_code"), {"code": code}).status_code == 302
    joined = sister.post(
        reverse("live:join_details"), {"display_name": "Kim", "relation": "family"}
    )
    assert joined["Location"] == reverse("live:board", args=[seat.session_id])
    assert sister.get(alone_plan_url(seat)).status_code == 200
    assert "Kim" in device.get(alone_plan_url(seat)).content.decode()


def test_on_a_plan_started_alone_the_person_confirms_a_second_this_is_me_themself():
    device = Client()
    seat, _, _ = start_alone(device)
    claim = services.participant_join(
        focus_person=seat, display_name="Gemma", relation="me", device_id="gemmas-phone"
    )
    assert not claim.me_confirmed
    # There is no facilitator to ask, so the plan page points the new device to Gemma.
    page = device.get(alone_plan_url(seat)).content.decode()
    assert "Waiting for you:" in page
    confirm = alone_plan_url(seat, "plan_me_claim_confirm")
    # The waiting device cannot confirm itself: it has no say yet.
    waiting = Client()
    remember_participant(waiting, claim)
    assert (
        "on the phone or computer they joined from"
        in waiting.get(alone_plan_url(seat)).content.decode()
    )
    assert waiting.post(confirm, {"ally": claim.pk}).status_code == 404
    claim.refresh_from_db()
    assert not claim.me_confirmed
    # Gemma, on her first device, says it is her.
    done = device.post(confirm, {"ally": claim.pk}, follow=True).content.decode()
    assert "has a say over this plan" in done
    claim.refresh_from_db()
    assert claim.me_confirmed
    assert selectors.plan_editor_allowed(
        actor=selectors.participant_actor(participant=claim), focus_person_id=seat.pk
    )
    # Asking again says nobody is waiting, and changes nothing.
    again = device.post(confirm, {"ally": claim.pk}, follow=True).content.decode()
    assert "Nobody is waiting to be confirmed" in again


def test_the_person_removes_a_second_this_is_me_that_was_not_them_but_never_themself():
    device = Client()
    seat, me, _ = start_alone(device)
    claim = services.participant_join(
        focus_person=seat, display_name="Not Gemma", relation="me", device_id="someone-else"
    )
    remove = alone_plan_url(seat, "plan_ally_remove")
    device.post(remove, {"ally": claim.pk})
    claim.refresh_from_db()
    assert claim.removed_at is not None
    # Her own confirmed place cannot be removed from the plan page.
    refused = device.post(remove, {"ally": me.pk}, follow=True).content.decode()
    assert "not one of the allies on this plan" in refused
    me.refresh_from_db()
    assert me.removed_at is None


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_the_facilitator_confirm_a_second_this_is_me(room, reader):
    claim = services.participant_join(
        focus_person=room["amira"], display_name="Amira", relation="me", device_id="another"
    )
    url = reverse("live:plan_me_claim_confirm", args=[room["session"].pk, room["amira"].pk])
    response = READERS[reader](room).post(url, {"ally": claim.pk})
    claim.refresh_from_db()
    allowed = reader in {"amira herself", "the facilitator"}
    assert claim.me_confirmed == allowed
    assert response.status_code == (302 if allowed else 404)


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_the_facilitator_make_a_code_for_an_ally(room, reader):
    url = reverse("live:plan_invite", args=[room["session"].pk, room["amira"].pk])
    response = READERS[reader](room).post(url)
    assert response.status_code == (302 if reader in {"amira herself", "the facilitator"} else 404)


# --- An ally's way back ---------------------------------------------------------------------


def test_an_ally_with_the_person_comes_back_with_her_card_as_themself(room):
    words = " ".join(make_card(as_participant(room, "amira_me"), room))
    phone = Client()
    assert phone.post(CARD_USE, {"words": words})["Location"] == CARD_WHO
    chosen = phone.post(CARD_WHO, {"who": str(room["yusuf"].pk)})
    assert chosen["Location"] == plan_url(room)
    assert phone.session["live_participants"] == {str(room["session"].pk): room["yusuf"].pk}
    # Yusuf, not Amira: he has no say over her plan.
    assert phone.post(alone_plan_url(room["amira"], "plan_card")).status_code == 404


@pytest.mark.parametrize(
    ("who", "says"),
    [
        ("", "Choose who you are"),
        ("999999", "Choose who you are from the list"),
    ],
)
def test_choosing_nobody_or_someone_not_on_the_plan_says_so(room, who, says):
    words = " ".join(make_card(as_participant(room, "amira_me"), room))
    phone = Client()
    phone.post(CARD_USE, {"words": words})
    response = phone.post(CARD_WHO, {"who": who})
    assert response.status_code == 400
    assert says in response.content.decode()
    assert "live_participants" not in phone.session


def test_the_who_page_needs_the_card_first_and_a_stopped_card_stops_it_too(room):
    assert Client().get(CARD_WHO)["Location"] == CARD_USE
    amira = as_participant(room, "amira_me")
    words = " ".join(make_card(amira, room))
    phone = Client()
    phone.post(CARD_USE, {"words": words})
    make_card(amira, room)  # the card was lost: the old one stops, mid-way or not
    assert phone.post(CARD_WHO, {"who": "me"})["Location"] == CARD_USE
    assert "live_participants" not in phone.session


@pytest.mark.parametrize("reader", list(READERS))
def test_only_an_ally_makes_a_card_of_their_own(room, reader):
    url = reverse("live:plan_ally_card", args=[room["session"].pk, room["amira"].pk])
    client = READERS[reader](room)
    made, shown = client.post(url), client.get(url)
    ally = reader == "yusuf, her ally"
    assert (made.status_code, shown.status_code) == ((302, 200) if ally else (404, 404))


def test_an_allys_own_card_brings_back_only_them_and_a_new_one_stops_the_old(room):
    yusuf = as_participant(room, "yusuf")
    url = reverse("live:plan_ally_card", args=[room["session"].pk, room["amira"].pk])
    yusuf.post(url)
    page = yusuf.get(url).content.decode()
    assert "Yusuf</bdi>, helping <bdi>Amira" in page
    old = card_words_on(page)
    assert "plan-card__words" not in yusuf.get(url).content.decode()  # shown once
    laptop = Client()
    assert laptop.post(CARD_USE, {"words": old})["Location"] == plan_url(room)
    assert laptop.session["live_participants"] == {str(room["session"].pk): room["yusuf"].pk}
    yusuf.post(url)
    new = card_words_on(yusuf.get(url).content.decode())
    assert Client().post(CARD_USE, {"words": old}).status_code == 400
    # Taken off the plan, his card stops too.
    services.participant_remove(participant=room["yusuf"])
    assert Client().post(CARD_USE, {"words": new}).status_code == 400


# --- An optional account --------------------------------------------------------------------


PASSWORDS = {"password1": "a good long walk", "password2": "a good long walk"}


def account_url(room) -> str:
    return reverse("live:plan_account", args=[room["session"].pk, room["amira"].pk])


def test_the_person_makes_an_account_and_signing_in_anywhere_opens_their_plan(room):
    amira = as_participant(room, "amira_me")
    made = amira.post(
        account_url(room),
        {
            "username": "amira.k",
            "email": "",
            "password1": "a good long walk",
            "password2": "a good long walk",
        },
    )
    assert made.status_code == 302
    room["amira_me"].refresh_from_db()
    assert room["amira_me"].account.username == "amira.k"
    assert "is kept on the account" in amira.get(plan_url(room)).content.decode()
    # A shared laptop: sign in, and the plan is one tap away; sign out, and it is gone.
    laptop = Client()
    signed_in = laptop.post(
        reverse("login"), {"username": "amira.k", "password": "a good long walk"}
    )
    assert signed_in.status_code == 302
    assert laptop.get(plan_url(room)).status_code == 200
    assert "Your plan" in laptop.get(reverse("live:index")).content.decode()
    laptop.post(reverse("logout"))
    assert laptop.get(plan_url(room)).status_code == 404


def test_passwords_that_differ_are_refused_in_plain_words_and_make_nothing(room):
    response = as_participant(room, "amira_me").post(
        account_url(room),
        {"username": "amira.k", "password1": "a good long walk", "password2": "a good long talk"},
    )
    assert response.status_code == 400
    assert "The two passwords you typed are not the same." in response.content.decode()
    room["amira_me"].refresh_from_db()
    assert room["amira_me"].account is None


def test_a_signed_in_ally_keeps_this_plan_on_their_own_account(room):
    account = UserFactory(username="yusuf")
    client = as_participant(room, "yusuf")
    client.force_login(account)
    assert client.post(account_url(room)).status_code == 302
    room["yusuf"].refresh_from_db()
    assert room["yusuf"].account == account


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_allies_keep_the_plan_on_an_account(room, reader):
    data = {
        "username": f"u{len(reader)}",
        "password1": "a good long walk",
        "password2": "a good long walk",
    }
    response = READERS[reader](room).post(account_url(room), data)
    allowed = reader in {"amira herself", "yusuf, her ally"}
    assert response.status_code == (302 if allowed else 404)


# --- Writing from the plan page -------------------------------------------------------------


def write_url(room) -> str:
    return reverse("live:plan_note_add", args=[room["session"].pk, room["amira"].pk])


def test_an_ally_writes_from_the_plan_page_through_the_boards_own_command(room):
    chart = room["amira"].charts.order_by("position", "pk")[1]
    sent = {"chart_id": chart.pk, "op_id": "plan-page-1", "text": "Sunday lunch at Nan's"}
    yusuf = as_participant(room, "yusuf")
    response = yusuf.post(write_url(room), sent)
    assert response["Location"] == plan_url(room) + "#heading-2"
    assert yusuf.post(write_url(room), sent).status_code == 302  # sent twice: kept once
    note = Note.objects.get(text="Sunday lunch at Nan's")
    assert (note.chart, note.author_participant) == (chart, room["yusuf"])
    # A board change like any other: numbered, and in the log every screen replays.
    event = BoardEvent.objects.get(session=room["session"], kind="note_added", seq=note.created_seq)
    assert event.op_id == "plan-page-1"
    assert "Sunday lunch at Nan" in yusuf.get(plan_url(room)).content.decode()


def test_words_the_board_refuses_are_kept_with_the_reason_and_nothing_is_saved(room):
    chart = room["amira"].charts.order_by("position", "pk")[0]
    too_long = "x" * 20_001
    response = as_participant(room, "amira_me").post(
        write_url(room), {"chart_id": chart.pk, "op_id": "plan-page-2", "text": too_long}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "characters" in page
    assert too_long in page
    assert not Note.objects.filter(chart=chart).exists()


def test_another_persons_heading_cannot_be_written_from_this_plan_page(room):
    bens_chart = room["ben"].charts.first()
    response = as_participant(room, "amira_me").post(
        write_url(room), {"chart_id": bens_chart.pk, "op_id": "plan-page-3", "text": "Not mine"}
    )
    assert response.status_code == 302
    assert not Note.objects.filter(text="Not mine").exists()


@pytest.mark.parametrize("reader", list(READERS))
def test_only_those_who_may_write_on_her_charts_write_from_her_plan_page(room, reader):
    chart = room["amira"].charts.first()
    sent = {"chart_id": chart.pk, "op_id": f"plan-page-{len(reader)}", "text": "From the plan"}
    READERS[reader](room).post(write_url(room), sent)
    wrote = Note.objects.filter(text="From the plan").exists()
    assert wrote == (reader in {"amira herself", "yusuf, her ally", "the facilitator"})


# --- Enablers, and bringing a plan by its card ----------------------------------------------


def test_an_enabler_runs_plans_with_one_person_but_not_group_sessions():
    enabler = Client()
    enabler.force_login(UserFactory(username="tom", roles=[ENABLERS]))
    listing = enabler.get(reverse("live:session_list")).content.decode()
    assert "Your plans with one person" in listing
    assert "Make a new session" not in listing
    started = enabler.post(reverse("live:own_plan_start"), {"own-first_name": "Leah"})
    session = PlanningSession.objects.get(title="Leah's plan")
    assert started["Location"] == reverse("live:board", args=[session.pk])
    assert enabler.get(reverse("live:session_setup", args=[session.pk])).status_code == 200
    assert enabler.get(reverse("live:session_create")).status_code == 403
    assert enabler.get(reverse("live:template_list")).status_code == 403
    # A group session, even their own from before they were an enabler, stays out of reach.
    group = session_make(facilitator=session.facilitator, title="Group")
    assert enabler.get(reverse("live:session_setup", args=[group.pk])).status_code == 404


def test_a_facilitator_brings_a_plan_started_alone_by_the_words_on_its_card(room):
    device = Client()
    seat, me, words = start_alone(device)
    fran = Client()
    fran.force_login(room["fran"])
    url = reverse("live:focus_person_bring", args=[room["session"].pk])
    wrong = fran.post(url, {"person-bring-card_words": "otter maple river candle"})
    assert wrong.status_code == 200
    assert "Those words do not match a plan card" in wrong.content.decode()
    both = fran.post(url, {"person-bring-plan": "", "person-bring-card_words": ""})
    assert "type the words on their plan card" in both.content.decode()
    assert fran.post(url, {"person-bring-card_words": words}).status_code == 302
    here = room["session"].focus_people.get(plan=seat.plan)
    assert here.first_name == "Gemma"
    me.refresh_from_db()
    # Gemma and her words came too: her device opens the group board now.
    assert me.session_id == room["session"].pk
    assert device.get(reverse("live:board", args=[room["session"].pk])).status_code == 200


# --- The ULO makes a new card when every way back is lost ------------------------------------

CARDS = reverse("live:plan_cards")


def test_the_ulo_finds_a_plan_by_name_and_makes_a_new_card_that_stops_the_old(room):
    seat, _, old = start_alone(Client())
    services.board_command_apply(
        session_id=seat.session_id,
        actor=selectors.participant_actor(participant=seat.participants.get()),
        message={
            "type": "add_note",
            "op_id": "private-words",
            "chart_id": seat.charts.first().pk,
            "text": "My mum's diagnosis",
        },
    )
    ulo = Client()
    ulo.force_login(UserFactory(username="office", is_superuser=True))
    assert "Make a new plan card for someone" in ulo.get(reverse("live:index")).content.decode()
    found = ulo.get(CARDS, {"name": " gemma "}).content.decode()
    assert "started on their own" in found
    assert "diagnosis" not in found  # names and places, never a plan's words
    assert ulo.post(CARDS, {"person": seat.pk})["Location"] == CARDS
    new = card_words_on(ulo.get(CARDS).content.decode())
    assert "plan-card__words" not in ulo.get(CARDS).content.decode()  # shown once
    assert Client().post(CARD_USE, {"words": old}).status_code == 400
    assert Client().post(CARD_USE, {"words": new})["Location"] == alone_plan_url(seat)


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_ulo_makes_a_card_for_anyone(room, reader):
    client = READERS[reader](room)
    found = client.get(CARDS, {"name": "Amira"})
    made = client.post(CARDS, {"person": room["amira"].pk})
    signed_in = reader in {"the facilitator", "another session's facilitator"}
    assert found.status_code == (403 if signed_in else 302)
    assert made.status_code == (403 if signed_in else 302)
    assert not room["amira"].plan.cards.exists()
