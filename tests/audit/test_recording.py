"""Who viewed, downloaded, shared, changed or erased a plan is written down, once per request,
in words the server knows; and the person (and the facilitator) read it on their plan's log."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from sessions_live.models import Note, Participant
from tests.factories import UserFactory
from tests.sessions_live.rooms import add_note, client_as, remember_participant

pytestmark = pytest.mark.django_db


def as_participant(room, name: str) -> Client:
    client = Client()
    remember_participant(client, room[name])
    return client


def plan_args(room, person="amira") -> list[int]:
    return [room["session"].pk, room[person].pk]


def url(room, name: str, *extra, person="amira") -> str:
    return reverse(f"live:{name}", args=[*plan_args(room, person), *extra])


def recorded(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def last_id() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- What is written, and by whom --------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "who"),
    [
        ("amira_me", "Amira (themself)"),
        ("yusuf", "Yusuf (ally: family)"),
        ("facilitator", "fran (facilitator)"),
    ],
)
def test_opening_a_plan_writes_one_row_naming_who_opened_it(room, reader, who):
    client = (
        client_as(room, "facilitator_here")
        if reader == "facilitator"
        else (as_participant(room, reader))
    )
    before = last_id()
    assert client.get(url(room, "plan")).status_code == 200
    [event] = recorded(before)
    assert (event.action, event.subject, event.plan_id) == ("viewed", "plan", room["amira"].plan_id)
    assert event.who == who
    assert event.what == "Opened the plan"
    assert (event.user is not None) == (reader == "facilitator")


@pytest.mark.parametrize("reader", ["anonymous", "ben_me", "facilitator_elsewhere"])
def test_someone_turned_away_leaves_no_row(room, reader):
    client = {
        "anonymous": Client,
        "ben_me": lambda: as_participant(room, "ben_me"),
        "facilitator_elsewhere": lambda: client_as(room, "facilitator_elsewhere"),
    }[reader]()
    assert client.get(url(room, "plan")).status_code == 404
    assert client.get(url(room, "plan_download", "text")).status_code == 404
    assert not AuditEvent.objects.exists()


def test_each_download_says_which_format(room):
    client = as_participant(room, "yusuf")
    before = last_id()
    client.get(url(room, "plan_download", "text"))
    client.get(url(room, "plan_download", "nonsense"))  # not found: nothing written
    [event] = recorded(before)
    assert event.action == "downloaded"
    assert event.what == "Downloaded the plan: Plain text"


def test_versions_saved_opened_downloaded_and_compared_are_each_written_down(room):
    amira = as_participant(room, "amira_me")
    before = last_id()
    amira.post(url(room, "plan_version_save"), {"label": "for the panel"})
    version = room["amira"].plan.versions.get()
    amira.get(url(room, "plan_version", version.pk))
    amira.get(url(room, "plan_version_download", version.pk, "text"))
    amira.get(url(room, "plan_compare"), {"older": version.pk, "newer": "now"})
    amira.get(url(room, "plan_compare"))  # only the choices: nothing of the plan shown
    assert [(e.action, e.what) for e in recorded(before)] == [
        ("changed", "Saved a version called “for the panel”"),
        ("viewed", "Opened the saved version “for the panel”"),
        ("downloaded", "Downloaded the saved version “for the panel”: Plain text"),
        ("viewed", "Compared “for the panel” with “the plan now”"),
    ]
    assert version.saved_by == "Amira (themself)"  # the same words as the log's


def test_review_date_privacy_ally_removed_and_ally_code_are_written_down(room):
    fran = client_as(room, "facilitator_here")
    before = last_id()
    fran.post(url(room, "plan_review"), {"review_on": "2027-03-01"})
    fran.post(url(room, "plan_privacy"), {"private": "yes"})
    fran.post(url(room, "plan_privacy"), {})  # no choice: nothing changed, nothing written
    fran.post(url(room, "plan_ally_remove"), {"ally": room["yusuf"].pk})
    fran.post(url(room, "plan_invite"))
    events = recorded(before)
    assert [(e.action, e.what) for e in events] == [
        ("changed", "Set the review date to 1 March 2027"),
        (
            "changed",
            "Made the charts private: only the person, their allies and the facilitator see them",
        ),
        ("changed", "Took Yusuf off the plan"),
        ("shared", "Made a code for an ally to join (the old code stopped)"),
    ]
    assert (events[2].subject, events[2].subject_id) == ("participant", room["yusuf"].pk)
    assert {e.who for e in events} == {"fran (facilitator)"}


def test_a_plan_card_made_and_used_to_come_back_are_written_down(room):
    fran = client_as(room, "facilitator_here")
    before = last_id()
    fran.post(url(room, "plan_card"))
    fran.post(url(room, "plan_card"))
    page = fran.get(url(room, "plan_card")).content.decode()
    words = re.findall(r"<span>([a-z]+)</span>", page.split('class="plan-card__words"')[1])
    phone = Client()
    phone.post(reverse("live:card_use"), {"words": " ".join(words)})
    phone.post(reverse("live:card_who"), {"who": "me"})
    events = recorded(before)
    assert [(e.action, e.what) for e in events] == [
        ("shared", "Made a plan card"),
        ("shared", "Made a new plan card (the old card stopped working)"),
        ("viewed", "Came back to the plan on a device, with the plan card"),
    ]
    assert events[-1].who == "Amira (themself)"


def test_ulo_staff_making_a_new_card_are_named_as_staff(room):
    office = Client()
    office.force_login(UserFactory(username="office", is_superuser=True))
    add_note(room, text="Swimming")
    before = last_id()
    office.post(reverse("live:plan_cards"), {"person": room["amira"].pk})
    [event] = recorded(before)
    assert (event.action, event.who) == ("shared", "ULO staff: office")
    assert event.plan_id == room["amira"].plan_id


def test_a_facilitator_changing_or_removing_someone_on_the_set_up_page_is_written_down(room):
    fran = client_as(room, "facilitator_here")
    session_id = room["session"].pk
    amira = room["amira"]
    before = last_id()
    fran.post(
        reverse("live:focus_person_edit", args=[session_id, amira.pk]),
        {
            f"person-{amira.pk}-first_name": "Amira",
            f"person-{amira.pk}-colour": amira.colour,
            f"person-{amira.pk}-symbol": amira.symbol,
            f"person-{amira.pk}-table": amira.table_id,
            f"person-{amira.pk}-is_private": "on",
        },
    )
    fran.post(reverse("live:code_create", args=[session_id, amira.pk]))
    fran.post(reverse("live:participant_remove", args=[session_id, room["yusuf"].pk]))
    fran.post(reverse("live:participant_readmit", args=[session_id, room["yusuf"].pk]))
    assert [(e.action, e.what) for e in recorded(before)] == [
        ("changed", "Changed the person's privacy on the set-up page"),
        ("shared", "Made a typed code to join the person's charts (the old code stopped)"),
        ("changed", "Took Yusuf off the board"),
        ("changed", "Let Yusuf join the board again"),
    ]


def test_notes_written_on_the_board_are_not_copied_into_the_log(room):
    before = last_id()
    add_note(room, text="Swimming with Jo")
    chart = room["amira"].charts.first()
    as_participant(room, "amira_me").post(
        url(room, "plan_note_add"), {"op_id": "from-plan", "chart_id": chart.pk, "text": "Cats"}
    )
    assert Note.objects.count() == 2
    assert recorded(before) == []


def plan_inserts(client, room) -> list[str]:
    """The INSERTs one opening of the plan page makes."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url(room, "plan"))
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]


def test_one_opening_writes_one_row_and_a_redraw_soon_after_none(room):
    client = as_participant(room, "yusuf")
    client.get(reverse("live:board", args=[room["session"].pk]))  # warm up the session
    before = last_id()
    (insert,) = plan_inserts(client, room)
    assert "audit_auditevent" in insert
    assert len(recorded(before)) == 1
    # The page redraws itself live with a fetch of itself, and people reload: within
    # 15 minutes that is the same reading, not a new line in the person's log.
    assert plan_inserts(client, room) == []
    assert plan_inserts(as_participant(room, "amira_me"), room) != []  # another reader
    AuditEvent.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert len(plan_inserts(client, room)) == 1


# --- The person reads their plan's log ---------------------------------------------------

LOG_READERS = {
    "anonymous": lambda room: Client(),
    "amira herself": lambda room: as_participant(room, "amira_me"),
    "yusuf, her ally": lambda room: as_participant(room, "yusuf"),
    "ben, at her table": lambda room: as_participant(room, "ben_me"),
    "a participant of another session": lambda room: client_as(room, "participant_elsewhere"),
    "the facilitator": lambda room: client_as(room, "facilitator_here"),
    "another session's facilitator": lambda room: client_as(room, "facilitator_elsewhere"),
}
MAY_READ_LOG = {"amira herself", "the facilitator"}


@pytest.mark.parametrize("reader", list(LOG_READERS))
def test_only_the_person_and_the_facilitator_read_the_plans_log(room, reader):
    response = LOG_READERS[reader](room).get(url(room, "plan_log"))
    assert response.status_code == (200 if reader in MAY_READ_LOG else 404)
    assert "no-store" in response["Cache-Control"]


def test_the_log_lists_when_who_and_what_newest_first_and_reading_it_is_not_logged(room):
    as_participant(room, "yusuf").get(url(room, "plan_download", "pdf"))
    client_as(room, "facilitator_here").get(url(room, "plan"))
    amira = as_participant(room, "amira_me")
    count = AuditEvent.objects.count()
    page = amira.get(url(room, "plan_log")).content.decode()
    assert AuditEvent.objects.count() == count
    assert page.index("fran (facilitator)") < page.index("Yusuf (ally: family)")
    assert "Downloaded the plan: PDF" in page
    assert "Allies cannot" in page


def test_the_log_is_paginated(room):
    for n in range(30):
        AuditEvent.objects.create(
            action="viewed",
            subject="plan",
            subject_id=1,
            plan_id=room["amira"].plan_id,
            who="Fran (facilitator)",
            what=f"look {n}",
        )
    amira = as_participant(room, "amira_me")
    first = amira.get(url(room, "plan_log")).content.decode()
    assert "look 29" in first
    assert "look 4" not in first
    assert 'rel="next"' in first
    second = amira.get(url(room, "plan_log"), {"page": 2}).content.decode()
    assert "look 4" in second
    assert "look 29" not in second


def test_only_those_who_may_read_the_log_see_its_link_on_the_plan(room):
    log = url(room, "plan_log")
    assert log in as_participant(room, "amira_me").get(url(room, "plan")).content.decode()
    assert log not in as_participant(room, "yusuf").get(url(room, "plan")).content.decode()


def test_a_second_me_not_yet_confirmed_cannot_read_the_log(room):
    from tests.sessions_live.factories import participant_make

    claim = participant_make(room["amira"], "Amira", "me", device="second-phone")
    assert Participant.objects.get(pk=claim.pk).me_confirmed is False
    client = Client()
    remember_participant(client, claim)
    assert client.get(url(room, "plan_log")).status_code == 404
