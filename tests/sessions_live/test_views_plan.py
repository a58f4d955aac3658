"""One person's support plan from the board: who may open it, what it shows, and its downloads."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sessions_live import selectors, services
from sessions_live.models import Note
from sessions_live.views_plan import PRIVACY_NOT_CHOSEN
from tests.sessions_live.factories import (
    focus_person_make_private,
    participant_actor,
    session_make,
)
from tests.sessions_live.rooms import add_note, board_url, client_as, remember_participant

pytestmark = pytest.mark.django_db


def as_participant(room, name: str) -> Client:
    client = Client()
    remember_participant(client, room[name])
    return client


def plan_url(room, person="amira", key: str | None = None) -> str:
    args = [room["session"].pk, room[person].pk]
    if key:
        return reverse("live:plan_download", args=[*args, key])
    return reverse("live:plan", args=args)


# --- Who may open it: the person, their allies and the session's facilitator ---------------

READERS = {
    "anonymous": lambda room: Client(),
    "amira herself": lambda room: as_participant(room, "amira_me"),
    "yusuf, her ally": lambda room: as_participant(room, "yusuf"),
    "ben, at her table": lambda room: as_participant(room, "ben_me"),
    "a participant of another session": lambda room: client_as(room, "participant_elsewhere"),
    "the facilitator": lambda room: client_as(room, "facilitator_here"),
    "another session's facilitator": lambda room: client_as(room, "facilitator_elsewhere"),
}
MAY_READ = {"amira herself", "yusuf, her ally", "the facilitator"}


@pytest.mark.parametrize("key", [None, "text", "pdf"])
@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_their_allies_and_the_facilitator_open_the_plan(room, reader, key):
    response = READERS[reader](room).get(plan_url(room, key=key))
    assert response.status_code == (200 if reader in MAY_READ else 404)
    assert "no-store" in response["Cache-Control"]


def test_the_plan_of_a_person_in_another_session_is_not_found_through_this_one(room):
    other_person = room["other_participant"].focus_person
    url = reverse("live:plan", args=[room["session"].pk, other_person.pk])
    response = client_as(room, "facilitator_here").get(url)
    assert response.status_code == 404
    assert "We could not open this plan" in response.content.decode()
    assert reverse("live:card_use") in response.content.decode()


def test_a_private_person_keeps_their_plan_from_everyone_else_as_before(room):
    focus_person_make_private(room["amira"])
    assert as_participant(room, "yusuf").get(plan_url(room)).status_code == 200
    assert as_participant(room, "ben_me").get(plan_url(room)).status_code == 404


# --- What it shows ---------------------------------------------------------------------


def test_the_plan_shows_only_this_persons_words_with_who_wrote_them(room):
    add_note(room, text="Swimming with Jo")
    add_note(room, author="yusuf", text="She loves her cat, Pepper")
    add_note(room, author="ben_me", person="ben", text="Football on Fridays")
    gone = add_note(room, text="Written on the wrong chart")
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        message={"type": "remove_note", "op_id": "gone", "note_id": gone.pk},
    )
    page = as_participant(room, "yusuf").get(plan_url(room)).content.decode()
    assert "<h1>Amira&#x27;s support plan</h1>" in page
    assert "Swimming with Jo" in page
    assert "Written by <bdi>Amira</bdi> (in their own words)" in page
    assert "Written by <bdi>Yusuf</bdi> (family)" in page
    assert "Football on Fridays" not in page
    assert "Written on the wrong chart" not in page
    # The headings are the person's charts, in their order.
    charts = list(room["amira"].charts.order_by("position").values_list("title", flat=True))
    positions = [page.index(f">{escape(title)}</h2>") for title in charts]
    assert positions == sorted(positions)


def test_a_change_on_the_board_is_in_the_plan_at_once_as_there_is_one_copy(room):
    note = add_note(room, text="Swimming on Saturdays")
    client = as_participant(room, "amira_me")
    assert "Swimming on Saturdays" in client.get(plan_url(room)).content.decode()
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        message={
            "type": "edit_note",
            "op_id": "edit",
            "note_id": note.pk,
            "text": "Swimming on Sundays",
            "base_version": note.version,
        },
    )
    page = client.get(plan_url(room)).content.decode()
    assert "Swimming on Sundays" in page
    assert "Swimming on Saturdays" not in page
    assert Note.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "content_type", "filename"),
    [
        ("pdf", "application/pdf", "amiras-support-plan.pdf"),
        ("large-print", "application/pdf", "amiras-support-plan.large-print.pdf"),
        ("easy-read", "application/pdf", "amiras-support-plan.easy-read.pdf"),
        ("braille", "application/octet-stream", "amiras-support-plan.brf"),
        ("text", "text/plain; charset=utf-8", "amiras-support-plan.txt"),
    ],
)
def test_every_download_is_a_file_of_this_plan(room, key, content_type, filename):
    add_note(room, text="Swimming with Jo")
    add_note(room, author="ben_me", person="ben", text="Football on Fridays")
    response = as_participant(room, "amira_me").get(plan_url(room, key=key))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    body = response.content
    if key == "text":
        text = body.decode()
        assert "Swimming with Jo" in text
        assert "Football on Fridays" not in text
    elif key == "braille":
        assert b",SWIMM+ ) ,JO" in body  # "Swimming with Jo" in UEB grade 2
    else:
        assert body.startswith(b"%PDF")


def test_an_unknown_format_is_not_found(room):
    assert as_participant(room, "amira_me").get(plan_url(room, key="docx")).status_code == 404


def test_the_board_links_each_reader_to_the_plans_they_may_open(room):
    amira_plan, ben_plan = plan_url(room), plan_url(room, "ben")
    facilitator = client_as(room, "facilitator_here").get(board_url(room)).content.decode()
    assert f'href="{amira_plan}"' in facilitator
    assert f'href="{ben_plan}"' in facilitator
    yusuf = as_participant(room, "yusuf").get(board_url(room)).content.decode()
    assert f'<a href="{amira_plan}">Your plan: read, print or download it</a>' in yusuf
    assert f'href="{ben_plan}"' not in yusuf


# --- A way back, and a way to leave a shared device --------------------------------------


def test_a_device_lists_the_boards_and_plans_it_joined_on_the_planning_live_page(room):
    yusuf = as_participant(room, "yusuf")
    page = yusuf.get(reverse("live:index")).content.decode()
    assert "Your boards and plans" in page
    assert f'<a href="{board_url(room)}">Spring group</a>' in page
    assert f'<a href="{plan_url(room)}"><bdi>Amira</bdi>’s plan' in page  # noqa: RUF001
    # Amira's own device calls it hers; a device that joined nothing lists nothing.
    amira = as_participant(room, "amira_me").get(reverse("live:index")).content.decode()
    assert f'<a href="{plan_url(room)}">Your plan' in amira
    assert "Your boards and plans" not in Client().get(reverse("live:index")).content.decode()


def test_leaving_a_board_on_a_shared_device_keeps_the_next_person_out(room):
    add_note(room, author="yusuf", text="She loves her cat, Pepper")
    yusuf = as_participant(room, "yusuf")
    leave = reverse("live:board_leave", args=[room["session"].pk])
    assert yusuf.get(leave).status_code == 405  # only the button leaves
    response = yusuf.post(leave, follow=True)
    assert response.redirect_chain == [(reverse("live:index"), 302)]
    assert "You have left the board on this device." in response.content.decode()
    assert "Your boards and plans" not in response.content.decode()
    assert yusuf.get(board_url(room)).status_code == 404
    assert yusuf.get(plan_url(room)).status_code == 404
    # Nothing written is lost, and Amira's own device is still in.
    assert Note.objects.filter(text="She loves her cat, Pepper", is_removed=False).exists()
    assert as_participant(room, "amira_me").get(board_url(room)).status_code == 200


def test_only_participants_are_offered_the_leave_button(room):
    leave = reverse("live:board_leave", args=[room["session"].pk])
    assert (
        f'action="{leave}"' in as_participant(room, "yusuf").get(board_url(room)).content.decode()
    )
    page = client_as(room, "facilitator_here").get(board_url(room)).content.decode()
    assert f'action="{leave}"' not in page


# --- Versions and the review date ---------------------------------------------------------


def save_version(client: Client, room, label="after meeting 1", person="amira"):
    url = reverse("live:plan_version_save", args=[room["session"].pk, room[person].pk])
    return client.post(url, {"label": label})


def set_review(client: Client, room, review_on: str):
    url = reverse("live:plan_review", args=[room["session"].pk, room["amira"].pk])
    return client.post(url, {"review_on": review_on})


def version_url(room, version, key: str | None = None) -> str:
    args = [room["session"].pk, room["amira"].pk, version.pk]
    if key:
        return reverse("live:plan_version_download", args=[*args, key])
    return reverse("live:plan_version", args=args)


def compare_url(room) -> str:
    return reverse("live:plan_compare", args=[room["session"].pk, room["amira"].pk])


MAY_DECIDE = {"amira herself", "the facilitator"}


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_the_facilitator_save_a_version_or_set_the_review_date(room, reader):
    client = READERS[reader](room)
    saved = save_version(client, room)
    reviewed = set_review(client, room, "2027-03-01")
    room["amira"].refresh_from_db()
    if reader in MAY_DECIDE:
        assert (saved.status_code, reviewed.status_code) == (302, 302)
        assert room["amira"].plan.versions.get().label == "after meeting 1"
        assert str(room["amira"].plan.review_on) == "2027-03-01"
    else:
        assert (saved.status_code, reviewed.status_code) == (404, 404)
        assert not room["amira"].plan.versions.exists()
        assert room["amira"].plan.review_on is None


@pytest.mark.parametrize("reader", list(READERS))
def test_a_saved_version_and_the_comparison_open_for_the_plans_readers_only(room, reader):
    add_note(room, text="Swimming with Jo")
    save_version(as_participant(room, "amira_me"), room)
    room["amira"].refresh_from_db()
    version = room["amira"].plan.versions.get()
    client = READERS[reader](room)
    expected = 200 if reader in MAY_READ else 404
    assert client.get(version_url(room, version)).status_code == expected
    assert client.get(version_url(room, version, "text")).status_code == expected
    assert client.get(compare_url(room)).status_code == expected


def test_another_persons_version_is_not_found_through_this_persons_plan(room):
    facilitator = client_as(room, "facilitator_here")
    save_version(facilitator, room, person="ben")
    room["ben"].refresh_from_db()
    bens = room["ben"].plan.versions.get()
    assert facilitator.get(version_url(room, bens)).status_code == 404


def test_a_saved_version_stays_as_it_was_while_the_board_moves_on_and_compare_shows_how(room):
    kept = add_note(room, text="Swimming on Saturdays")
    dropped = add_note(room, author="yusuf", text="Chips after swimming")
    amira = as_participant(room, "amira_me")
    save_version(amira, room, label="after meeting 1")
    actor = participant_actor(participant=room["amira_me"])
    session_id = room["session"].pk
    services.board_command_apply(
        session_id=session_id,
        actor=actor,
        message={
            "type": "edit_note",
            "op_id": "e1",
            "note_id": kept.pk,
            "text": "Swimming on Sundays",
            "base_version": kept.version,
        },
    )
    services.board_command_apply(
        session_id=session_id,
        actor=participant_actor(participant=room["yusuf"]),  # only a note's writer removes it
        message={"type": "remove_note", "op_id": "r1", "note_id": dropped.pk},
    )
    add_note(room, text="Music every day")
    room["amira"].refresh_from_db()
    version = room["amira"].plan.versions.get()

    old = amira.get(version_url(room, version)).content.decode()
    assert "Swimming on Saturdays" in old
    assert "Chips after swimming" in old
    assert "Music every day" not in old
    assert "after meeting 1" in amira.get(version_url(room, version, "text")).content.decode()

    page = amira.get(compare_url(room), {"older": version.pk, "newer": "now"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Added, written by <bdi>Amira</bdi>" in text
    assert "Music every day" in text
    assert "<del>Swimming on Saturdays</del>" in text
    assert "<ins>Swimming on Sundays</ins>" in text
    assert "Taken out (it was written by <bdi>Yusuf</bdi>, family)" in text


def test_the_plan_page_lists_versions_and_says_when_the_review_is_due(room):
    amira = as_participant(room, "amira_me")
    set_review(amira, room, "2099-01-01")  # refused: more than three years away
    page = amira.get(plan_url(room)).content.decode()
    assert "No review date is set yet." in page
    assert "No versions saved yet." in page
    soon = timezone.localdate() + timedelta(days=30)
    assert set_review(amira, room, soon.isoformat()).status_code == 302
    save_version(amira, room, label="for the panel")
    page = amira.get(plan_url(room)).content.decode()
    assert "in 30 days." in page
    assert "for the panel</a>: saved on" in page
    assert "by <bdi>Amira (themself)</bdi>" in page
    ally_page = as_participant(room, "yusuf").get(plan_url(room)).content.decode()
    assert "Save this version" not in ally_page
    assert "<bdi>Amira</bdi> or the facilitator can save a version." in ally_page


@pytest.mark.parametrize(
    ("label", "says"),
    [
        ("", "You did not give this version a name."),
        ("y" * 81, "The name you typed is 81 characters long."),
    ],
)
def test_a_version_without_a_usable_name_says_what_to_do_and_keeps_the_page(room, label, says):
    response = save_version(as_participant(room, "amira_me"), room, label=label)
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert "There is a problem" in page
    room["amira"].refresh_from_db()
    assert not room["amira"].plan.versions.exists()


def test_a_review_date_in_the_past_is_refused_in_plain_words(room):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = set_review(as_participant(room, "amira_me"), room, yesterday.isoformat())
    assert response.status_code == 400
    assert "The review date you chose has already passed." in response.content.decode()


def test_comparing_something_that_is_not_a_version_of_this_plan_is_refused(room):
    amira = as_participant(room, "amira_me")
    save_version(amira, room)
    response = amira.get(compare_url(room), {"older": "99999", "newer": "now"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


# --- The plan card ---------------------------------------------------------------------------


def card_url(room, person="amira") -> str:
    return reverse("live:plan_card", args=[room["session"].pk, room[person].pk])


def make_card(client: Client, room) -> list[str]:
    """Make a card as ``client``; return its words, read off the page shown once."""
    assert client.post(card_url(room)).status_code == 302
    page = client.get(card_url(room)).content.decode()
    words = re.findall(r"<span>([a-z]+)</span>", page.split('class="plan-card__words"')[1])
    assert len(words) == 4
    return words


def use_card(client: Client, words: str):
    return client.post(reverse("live:card_use"), {"words": words})


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_the_facilitator_make_or_see_a_plan_card(room, reader):
    client = READERS[reader](room)
    made = client.post(card_url(room))
    shown = client.get(card_url(room))
    if reader in MAY_DECIDE:
        assert (made.status_code, shown.status_code) == (302, 200)
        assert "plan-card__words" in shown.content.decode()
    else:
        assert (made.status_code, shown.status_code) == (404, 404)


def test_a_card_brings_the_person_back_on_a_new_device_as_themself(room):
    words = make_card(client_as(room, "facilitator_here"), room)
    add_note(room, text="Swimming with Jo")
    new_device = Client()
    response = use_card(new_device, " ".join(words).upper())
    # Amira has an ally, who might be the one holding her card: the next page asks who.
    assert response["Location"] == reverse("live:card_who")
    who = new_device.get(reverse("live:card_who")).content.decode()
    assert "I am Amira" in who
    assert "Yusuf (family), helping Amira" in who
    response = new_device.post(reverse("live:card_who"), {"who": "me"})
    assert response["Location"] == plan_url(room)
    page = new_device.get(plan_url(room)).content.decode()
    assert "Welcome back, Amira." in page
    assert "Swimming with Jo" in page
    # The same participant as before: their notes stay theirs, and "This is me" stays one.
    assert new_device.session["live_participants"] == {str(room["session"].pk): room["amira_me"].pk}
    assert new_device.get(board_url(room)).status_code == 200


def test_the_words_are_shown_once_and_a_new_card_stops_the_old_one(room):
    facilitator = client_as(room, "facilitator_here")
    old = make_card(facilitator, room)
    again = facilitator.get(card_url(room)).content.decode()
    assert "plan-card__words" not in again
    assert "shown only once" in again
    new = make_card(facilitator, room)
    assert use_card(Client(), " ".join(old)).status_code == 400
    assert use_card(Client(), " ".join(new)).status_code == 302


def test_wrong_words_say_what_to_do_and_a_device_that_keeps_guessing_is_stopped(room):
    words = make_card(client_as(room, "facilitator_here"), room)
    guesser = Client()
    for _ in range(8):
        response = use_card(guesser, "otter maple river candle")
        assert response.status_code == 400
        assert "Those words do not match a plan card." in response.content.decode()
    stopped = use_card(guesser, " ".join(words))  # even the right words, for now
    assert stopped.status_code == 429
    assert "Too many wrong tries from this device." in stopped.content.decode()
    # Someone else in the same room (same address) is not locked out.
    assert use_card(Client(), " ".join(words)).status_code == 302


def test_empty_words_are_asked_for_again(room):
    response = use_card(Client(), "   ")
    assert response.status_code == 400
    assert "Type the four words printed on your plan card." in response.content.decode()


def test_a_person_the_facilitator_removed_cannot_come_back_with_their_card(room):
    words = make_card(client_as(room, "facilitator_here"), room)
    services.participant_remove(participant=room["amira_me"])
    device = Client()
    assert use_card(device, " ".join(words))["Location"] == reverse("live:card_who")
    response = device.post(reverse("live:card_who"), {"who": "me"})
    assert response.status_code == 400
    assert "taken this plan&#x27;s owner off the board" in response.content.decode()
    assert "live_participants" not in device.session


def test_words_the_facilitator_changed_say_so_on_the_plan_and_the_board_until_the_writer_edits(
    room,
):
    note = add_note(room, author="yusuf", text="Swimming on Saturdays")
    facilitator = selectors.facilitator_actor(user=room["session"].facilitator)
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=facilitator,
        message={
            "type": "edit_note",
            "op_id": "fran-edit",
            "note_id": note.pk,
            "text": "Swimming on Saturday mornings",
            "base_version": note.version,
        },
    )
    note.refresh_from_db()
    assert (note.author_name, note.changed_by) == (
        "Yusuf",
        room["session"].facilitator.first_name or room["session"].facilitator.username,
    )
    by = f"changed by <bdi>{note.changed_by}</bdi>"
    assert by in as_participant(room, "amira_me").get(plan_url(room)).content.decode()
    assert by in client_as(room, "facilitator_here").get(board_url(room)).content.decode()
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["yusuf"]),
        message={
            "type": "edit_note",
            "op_id": "yusuf-edit",
            "note_id": note.pk,
            "text": "Swimming on Saturday mornings, with Jo",
            "base_version": note.version,
        },
    )
    note.refresh_from_db()
    assert note.changed_by == ""
    assert "changed by" not in as_participant(room, "amira_me").get(plan_url(room)).content.decode()


# --- Who sees the plan: the person decides ---------------------------------------------------


def remove_ally(client: Client, room, ally_id: int):
    url = reverse("live:plan_ally_remove", args=[room["session"].pk, room["amira"].pk])
    return client.post(url, {"ally": ally_id})


def set_private(client: Client, room, private: str):
    url = reverse("live:plan_privacy", args=[room["session"].pk, room["amira"].pk])
    return client.post(url, {"private": private})


@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_the_facilitator_remove_an_ally_or_change_who_sees(room, reader):
    client = READERS[reader](room)
    removed = remove_ally(client, room, room["yusuf"].pk)
    private = set_private(client, room, "yes")
    room["yusuf"].refresh_from_db()
    room["amira"].refresh_from_db()
    if reader in MAY_DECIDE:
        assert (removed.status_code, private.status_code) == (302, 302)
        assert room["yusuf"].removed_at is not None
        assert room["amira"].is_private
    else:
        assert (removed.status_code, private.status_code) == (404, 404)
        assert room["yusuf"].removed_at is None
        assert not room["amira"].is_private


def test_the_person_sees_their_allies_and_a_removed_ally_loses_the_plan(room):
    amira = as_participant(room, "amira_me")
    page = amira.get(plan_url(room)).content.decode()
    assert "<bdi>Yusuf</bdi> (family), joined on" in page
    assert "Remove <bdi>Yusuf</bdi>" in page
    assert "Remove <bdi>Amira</bdi>" not in page  # their own place is not an ally's
    yusuf = as_participant(room, "yusuf")
    assert yusuf.get(plan_url(room)).status_code == 200
    assert "Remove <bdi>" not in yusuf.get(plan_url(room)).content.decode()
    response = remove_ally(amira, room, room["yusuf"].pk)
    assert (
        amira.get(response["Location"]).content.decode().count("Yusuf can no longer see this plan")
        == 1
    )
    assert yusuf.get(plan_url(room)).status_code == 404
    assert yusuf.get(board_url(room)).status_code == 404


def test_the_person_cannot_remove_themself_or_someone_elses_ally(room):
    amira = as_participant(room, "amira_me")
    remove_ally(amira, room, room["amira_me"].pk)
    remove_ally(amira, room, room["ben_me"].pk)
    room["amira_me"].refresh_from_db()
    room["ben_me"].refresh_from_db()
    assert room["amira_me"].removed_at is None
    assert room["ben_me"].removed_at is None


def test_the_person_makes_their_charts_private_and_another_table_stops_seeing_them(room):
    add_note(room, text="My money worries")
    ben = as_participant(room, "ben_me")
    assert "My money worries" in ben.get(board_url(room)).content.decode()
    set_private(as_participant(room, "amira_me"), room, "yes")
    assert "My money worries" not in ben.get(board_url(room)).content.decode()
    set_private(as_participant(room, "amira_me"), room, "no")
    assert "My money worries" in ben.get(board_url(room)).content.decode()


@pytest.mark.parametrize("sent", [None, "", "maybe"])
def test_no_choice_of_who_sees_changes_nothing_and_says_so(room, sent):
    set_private(as_participant(room, "amira_me"), room, "yes")
    amira = as_participant(room, "amira_me")
    url = reverse("live:plan_privacy", args=[room["session"].pk, room["amira"].pk])
    response = amira.post(url, {} if sent is None else {"private": sent})
    room["amira"].refresh_from_db()
    assert room["amira"].is_private  # a missing answer is not "everyone"
    assert PRIVACY_NOT_CHOSEN in amira.get(response["Location"]).content.decode()


def test_a_second_this_is_me_has_no_say_until_the_facilitator_confirms_it(room):
    impostor = services.participant_join(
        focus_person=room["amira"], display_name="Amira", relation="me", device_id="another"
    )
    assert not impostor.me_confirmed
    client = Client()
    remember_participant(client, impostor)
    assert (
        "Ask the facilitator to confirm it is you." in client.get(plan_url(room)).content.decode()
    )
    assert save_version(client, room).status_code == 404
    assert remove_ally(client, room, room["yusuf"].pk).status_code == 404
    assert client.post(card_url(room)).status_code == 404
    confirm = reverse("live:participant_me_confirm", args=[room["session"].pk, impostor.pk])
    assert client.post(confirm).status_code in (302, 403)  # not a facilitator: the sign-in page
    impostor.refresh_from_db()
    assert not impostor.me_confirmed
    facilitator = client_as(room, "facilitator_here")
    setup = reverse("live:session_setup", args=[room["session"].pk])
    assert "Waiting for you" in facilitator.get(setup).content.decode()
    assert facilitator.post(confirm).status_code == 302
    assert save_version(client, room).status_code == 302
    # The first "This is me" keeps their say, and the card still brings back the first.
    assert save_version(as_participant(room, "amira_me"), room, label="again").status_code == 302


@pytest.mark.parametrize("reader", list(READERS))
def test_each_heading_of_the_plan_has_a_form_to_write_for_those_who_may(room, reader):
    chart = room["amira"].charts.order_by("position", "pk").first()
    response = READERS[reader](room).get(plan_url(room))
    page = response.content.decode()
    writes = reader in {"amira herself", "yusuf, her ally", "the facilitator"}
    assert (f'name="chart_id" value="{chart.pk}"' in page) == writes
    assert (f"Write more under \u2018{chart.title}\u2019" in page) == writes


def test_a_plan_that_moved_on_and_a_saved_version_have_no_links_to_write(room):
    version = services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=selectors.facilitator_actor(user=room["session"].facilitator),
        focus_person_id=room["amira"].pk,
        label="kept",
        today=room["session"].starts_on,
    )
    fran = READERS["the facilitator"](room)
    url = reverse("live:plan_version", args=[room["session"].pk, room["amira"].pk, version.pk])
    assert "Write more under" not in fran.get(url).content.decode()
    later = session_make(facilitator=room["session"].facilitator, title="Later")
    services.focus_person_bring(session=later, plan=room["amira"].plan)
    assert "Write more under" not in fran.get(plan_url(room)).content.decode()


# --- What is held about the person: the plan's log and a copy of everything --------------


@pytest.mark.parametrize(
    ("name", "extra"),
    [("plan_log", []), ("plan_everything", ["json"]), ("plan_everything", ["html"])],
)
@pytest.mark.parametrize("reader", list(READERS))
def test_only_the_person_and_the_facilitator_read_the_log_or_download_everything(
    room, reader, name, extra
):
    url = reverse(f"live:{name}", args=[room["session"].pk, room["amira"].pk, *extra])
    response = READERS[reader](room).get(url)
    assert response.status_code == (200 if reader in MAY_DECIDE else 404)
    assert "no-store" in response["Cache-Control"]
