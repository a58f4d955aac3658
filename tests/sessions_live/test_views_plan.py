"""One person's support plan from the board: who may open it, what it shows, and its downloads."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from sessions_live import services
from sessions_live.models import Note
from tests.sessions_live.factories import focus_person_make_private, participant_actor
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
    assert client_as(room, "facilitator_here").get(url).status_code == 404


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
