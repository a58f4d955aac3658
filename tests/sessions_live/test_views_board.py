"""Board pages and the no-JavaScript note forms: who may use them, and what they change."""

import gzip
import html
import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.headings import STANDARD_HEADINGS
from sessions_live import services
from sessions_live.models import BoardEvent, Note
from sessions_live.palette import COLOURS
from tests.factories import TEST_PASSWORD
from tests.servers import BASE_DIR
from tests.sessions_live.factories import (
    focus_person_make_private,
    participant_actor,
    participant_make,
)
from tests.sessions_live.rooms import add_note, board_url, chart_of, client_as, remember_participant

pytestmark = pytest.mark.django_db
HEADINGS = len(STANDARD_HEADINGS)  # the charts each new person gets

ROLES = [
    "anonymous",
    "participant_here",
    "participant_elsewhere",
    "facilitator_here",
    "facilitator_elsewhere",
]


# --- Who may open what ---------------------------------------------------------------

PAGE_STATUS = {
    # role: (board, table, projector)
    "anonymous": (404, 404, 404),
    "participant_here": (200, 403, 403),
    "participant_elsewhere": (404, 404, 404),
    "facilitator_here": (200, 200, 200),
    "facilitator_elsewhere": (404, 404, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_pages_it_may_see_and_a_plain_refusal_otherwise(room, role):
    client = client_as(room, role)
    s = room["session"].pk
    urls = [
        reverse("live:board", args=[s]),
        reverse("live:board_table", args=[s, room["table_1"].pk]),
        reverse("live:projector", args=[s]),
    ]
    statuses = tuple(client.get(url).status_code for url in urls)
    assert statuses == PAGE_STATUS[role]
    if statuses[0] == 404:
        page = client.get(urls[0]).content.decode()
        assert "We could not open this board" in page
        assert "Amira" not in page


def test_the_board_page_is_sent_compressed_to_a_browser_that_asks_for_it(room):
    add_note(room, text="Swimming with Jo")
    client = client_as(room, "facilitator_here")
    plain = client.get(board_url(room))
    packed = client.get(board_url(room), headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    page = gzip.decompress(packed.content).decode()
    assert "Swimming with Jo" in page
    assert len(packed.content) < len(plain.content) / 3


def test_a_table_of_another_session_is_not_found(room):
    client = client_as(room, "facilitator_here")
    other_table = room["other_participant"].focus_person.table
    url = reverse("live:board_table", args=[room["session"].pk, other_table.pk])
    assert client.get(url).status_code == 404


def post_actions(room, note):
    """(name, url, data) for every POST action, aimed at a note on Amira's first chart."""
    s = room["session"].pk
    return [
        (
            "add",
            reverse("live:note_add", args=[s]),
            {"chart_id": chart_of(room["amira"]).pk, "text": "A new note"},
        ),
        ("edit", reverse("live:note_edit", args=[s, note.pk]), {"text": "Changed words"}),
        ("remove", reverse("live:note_remove", args=[s, note.pk]), {}),
        ("restore", reverse("live:note_restore", args=[s, note.pk]), {}),
        (
            "facilitate",
            reverse("live:note_facilitate", args=[s]),
            {"action": "star", "note_id": note.pk},
        ),
        ("answer", reverse("live:note_answer", args=[s, note.pk]), {"reply": "I mean Fridays"}),
        ("wording", reverse("live:note_wording", args=[s, note.pk]), {"decision": "accept"}),
    ]


def board_state():
    return sorted(
        Note.objects.values_list(
            "id", "text", "is_removed", "is_starred", "chart_id", "clarification"
        )
    )


@pytest.mark.parametrize("role", ["anonymous", "participant_elsewhere", "facilitator_elsewhere"])
def test_outsiders_get_not_found_from_every_post_action_and_nothing_changes(room, role):
    note = add_note(room)
    client = client_as(room, role)
    before = board_state()
    for name, url, data in post_actions(room, note):
        response = client.post(url, {"op_id": f"outsider-{name}", **data})
        assert response.status_code == 404, name
    edit_url = reverse("live:note_edit", args=[room["session"].pk, note.pk])
    assert client.get(edit_url).status_code == 404
    assert board_state() == before


def test_the_facilitator_of_this_session_may_use_every_post_action(room):
    note = add_note(room)
    client = client_as(room, "facilitator_here")
    actions = {name: (url, data) for name, url, data in post_actions(room, note)}
    client.post(
        reverse("live:note_facilitate", args=[room["session"].pk]),
        {"op_id": "ask-first", "action": "ask", "note_id": note.pk, "question": "When?"},
    )
    statuses = {}
    for name in ["add", "facilitate", "answer", "edit", "remove", "restore"]:
        url, data = actions[name]
        statuses[name] = client.post(url, {"op_id": f"fran-{name}", **data}).status_code
    assert statuses == dict.fromkeys(statuses, 302)
    note.refresh_from_db()
    assert (note.text, note.is_removed, note.is_starred) == ("Changed words", False, True)
    assert note.clarification == "answered"
    assert Note.objects.filter(text="A new note", author_user=room["fran"]).exists()


def test_a_participant_may_use_the_note_forms_but_not_the_facilitator_actions(room):
    note = add_note(room)
    client = client_as(room, "participant_here")
    s = room["session"].pk
    response = client.post(
        reverse("live:note_facilitate", args=[s]),
        {"op_id": "p-star", "action": "star", "note_id": note.pk},
    )
    assert response.status_code == 400
    assert "Only the facilitator can do that." in response.content.decode()
    for action in ["lock_board", "lock_chart"]:
        response = client.post(
            reverse("live:note_facilitate", args=[s]),
            {"op_id": f"p-{action}", "action": action, "chart_id": chart_of(room["amira"]).pk},
        )
        assert response.status_code == 400
    room["session"].refresh_from_db()
    assert not room["session"].is_locked
    assert not chart_of(room["amira"]).is_locked
    note.refresh_from_db()
    assert not note.is_starred


def test_the_author_answers_a_question_without_javascript(room):
    note = add_note(room)
    fran = client_as(room, "facilitator_here")
    s = room["session"].pk
    fran.post(
        reverse("live:note_facilitate", args=[s]),
        {"op_id": "ask", "action": "ask", "note_id": note.pk, "question": "Which pool?"},
    )
    page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    assert (
        'The facilitator asks:</strong> <span dir="auto" data-question>Which pool?</span>' in page
    )
    assert f'id="answer-{note.pk}"' in page
    # Only the author is asked: Yusuf, at the same table, has no answer form.
    yusuf = Client()
    remember_participant(yusuf, room["yusuf"])
    assert f'id="answer-{note.pk}"' not in yusuf.get(board_url(room)).content.decode()
    response = yusuf.post(
        reverse("live:note_answer", args=[s, note.pk]), {"op_id": "y", "reply": "Not me"}
    )
    assert response.status_code == 400
    response = client_as(room, "participant_here").post(
        reverse("live:note_answer", args=[s, note.pk]), {"op_id": "a", "reply": "Moorways"}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.clarification, note.clarification_reply) == ("answered", "Moorways")


def test_the_writer_answers_suggested_words_without_javascript(room):
    note = add_note(room, text="Swiming wiv Jo")
    fran = client_as(room, "facilitator_here")
    s = room["session"].pk
    page_url = reverse("live:note_actions", args=[s, note.pk])
    response = fran.post(page_url, {"op_id": "s1", "action": "suggest", "text": "Swimming with Jo"})
    assert response.status_code == 302
    amira = client_as(room, "participant_here")
    page = amira.get(board_url(room)).content.decode()
    assert 'suggests:</strong> <span dir="auto" data-suggestion>Swimming with Jo</span>' in page
    assert "Use these words" in page
    assert "Keep my words" in page
    # Yusuf, at the same table, reads the suggestion but it is not his to take.
    yusuf = Client()
    remember_participant(yusuf, room["yusuf"])
    assert "Use these words" not in yusuf.get(board_url(room)).content.decode()
    wording_url = reverse("live:note_wording", args=[s, note.pk])
    response = yusuf.post(f"{wording_url}?decision=accept", {"op_id": "y"})
    assert response.status_code == 400
    assert "Only the person who wrote the note can take the suggested words." in (
        response.content.decode()
    )
    assert amira.post(wording_url, {"op_id": "a0", "decision": "maybe"}).status_code == 400
    response = amira.post(f"{wording_url}?decision=accept", {"op_id": "a1"})
    assert response.status_code == 302
    assert (
        "These are your note&#x27;s words now." in amira.get(response["Location"]).content.decode()
    )
    note.refresh_from_db()
    assert (note.text, note.suggestion, note.changed_by) == ("Swimming with Jo", "", "")
    # The facilitator can take a suggestion back from the note's own page.
    fran.post(page_url, {"op_id": "s2", "action": "suggest", "text": "Swimming at Moorways"})
    assert 'value="withdraw"' in fran.get(page_url).content.decode()
    fran.post(page_url, {"op_id": "s3", "action": "withdraw"})
    note.refresh_from_db()
    assert (note.text, note.suggestion) == ("Swimming with Jo", "")


def test_a_suggestion_the_facilitator_may_not_make_is_refused_by_its_field_keeping_the_words(room):
    note = add_note(room)
    fran = client_as(room, "facilitator_here")
    page_url = reverse("live:note_actions", args=[room["session"].pk, note.pk])
    response = fran.post(page_url, {"op_id": "same", "action": "suggest", "text": note.text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Those are the note&#x27;s words already." in page
    assert 'href="#suggest-text"' in page
    note.refresh_from_db()
    assert note.suggestion == ""


# --- The no-JavaScript flow ----------------------------------------------------------------


def test_add_edit_remove_and_restore_without_javascript(room):
    client = client_as(room, "participant_here")
    s = room["session"].pk
    chart = chart_of(room["amira"])

    response = client.post(
        reverse("live:note_add", args=[s]),
        {"op_id": "nojs-add", "chart_id": chart.pk, "text": "I like my cat, Pepper", "x": "1"},
    )
    note = Note.objects.get(text="I like my cat, Pepper")
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(room)}#note-{note.pk}"
    page = client.get(board_url(room)).content.decode()
    assert "I like my cat, Pepper" in page
    assert "Your note was added." in page

    edit_url = reverse("live:note_edit", args=[s, note.pk])
    form = client.get(edit_url).content.decode()
    assert 'name="base_version" value="1"' in form
    response = client.post(
        edit_url, {"op_id": "nojs-edit", "text": "I love my cat, Pepper", "base_version": "1"}
    )
    assert response.status_code == 302
    page = client.get(board_url(room)).content.decode()
    assert "I love my cat, Pepper" in page
    assert "Your changes were saved." in page

    response = client.post(reverse("live:note_remove", args=[s, note.pk]), {"op_id": "nojs-remove"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f'id="note-{note.pk}"' not in page
    restore_url = reverse("live:note_restore", args=[s, note.pk])
    assert f'action="{restore_url}"' in page  # the undo button
    assert "Undo" in page

    response = client.post(restore_url, {"op_id": "nojs-restore"})
    assert response.status_code == 302
    page = client.get(board_url(room)).content.decode()
    assert f'id="note-{note.pk}"' in page
    assert "I love my cat, Pepper" in page


def test_an_edit_made_on_an_old_version_is_saved_and_says_whose_words_it_replaced(room):
    note = add_note(room, text="First words")
    services.board_command_apply(
        session_id=room["session"].pk,
        actor=participant_actor(participant=room["amira_me"]),
        message={"type": "edit_note", "op_id": "elsewhere", "note_id": note.pk, "text": "Second"},
    )
    client = client_as(room, "participant_here")
    url = reverse("live:note_edit", args=[room["session"].pk, note.pk])
    data = {"op_id": "late", "text": "Third", "base_version": "1"}
    response = client.post(url, data, follow=True)
    assert "their words were: “Second”" in response.content.decode()


def test_a_double_posted_form_makes_one_note(room):
    client = client_as(room, "participant_here")
    data = {"op_id": "same-op", "chart_id": chart_of(room["amira"]).pk, "text": "Only once"}
    url = reverse("live:note_add", args=[room["session"].pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Note.objects.filter(text="Only once").count() == 1


def test_a_form_without_an_op_id_is_refused(room):
    client = client_as(room, "participant_here")
    response = client.post(
        reverse("live:note_add", args=[room["session"].pk]),
        {"chart_id": chart_of(room["amira"]).pk, "text": "No id"},
    )
    assert response.status_code == 400
    assert "That form was out of date" in response.content.decode()
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 1001, "A note can be up to 1,000 characters. This one has 1,001."),
        ("Hello\x1bthere", "A note contains hidden or broken characters, so it was not saved."),
        ("Bell\x07", "A note contains hidden or broken characters, so it was not saved."),
        ("   ", "A note cannot be empty. Write something first."),
    ],
)
def test_bad_text_is_refused_next_to_the_form_and_nothing_is_stored(room, text, message):
    client = client_as(room, "participant_here")
    chart = chart_of(room["amira"])
    response = client.post(
        reverse("live:note_add", args=[room["session"].pk]),
        {"op_id": "bad-text", "chart_id": chart.pk, "text": text},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count(message) == 2  # in the error summary and next to the form
    assert f'href="#add-text-{chart.pk}"' in page
    assert 'aria-invalid="true"' in page
    assert "<title>Error:" in page
    assert not Note.objects.exists()


def test_an_over_long_edit_is_refused_and_the_note_keeps_its_words(room):
    note = add_note(room, text="Short")
    client = client_as(room, "participant_here")
    url = reverse("live:note_edit", args=[room["session"].pk, note.pk])
    response = client.post(url, {"op_id": "long-edit", "text": "y" * 1001, "base_version": "1"})
    assert response.status_code == 400
    assert "A note can be up to 1,000 characters. This one has 1,001." in response.content.decode()
    note.refresh_from_db()
    assert note.text == "Short"


def test_a_participant_cannot_write_on_another_persons_chart(room):
    client = client_as(room, "participant_here")
    response = client.post(
        reverse("live:note_add", args=[room["session"].pk]),
        {"op_id": "wrong-chart", "chart_id": chart_of(room["ben"]).pk, "text": "Not mine"},
    )
    assert response.status_code == 400
    assert "only write on the charts of the person you came with" in response.content.decode()
    assert not Note.objects.exists()
    # ...and Ben's charts on Amira's page have no form to write on them.
    page = client.get(board_url(room)).content.decode()
    assert f'id="add-text-{chart_of(room["amira"]).pk}"' in page
    assert f'id="add-text-{chart_of(room["ben"]).pk}"' not in page


def test_a_participant_cannot_change_someone_elses_note(room):
    note = add_note(room, author="yusuf", text="Yusuf's words")
    client = client_as(room, "participant_here")
    s = room["session"].pk
    assert client.get(reverse("live:note_edit", args=[s, note.pk])).status_code == 403
    response = client.post(reverse("live:note_remove", args=[s, note.pk]), {"op_id": "not-mine"})
    assert response.status_code == 400
    assert "You can only remove notes you wrote yourself." in response.content.decode()
    note.refresh_from_db()
    assert not note.is_removed


def test_the_facilitator_actions_work_without_javascript(room):
    note = add_note(room)
    client = client_as(room, "facilitator_here")
    s = room["session"].pk
    url = reverse("live:note_facilitate", args=[s])
    target = chart_of(room["amira"], 2)

    def act(action, **fields):
        response = client.post(url, {"op_id": f"fac-{action}", "action": action, **fields})
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    act("star", note_id=note.pk)
    act("ask", note_id=note.pk, question="Which days?")
    note.refresh_from_db()
    assert (note.is_starred, note.clarification, note.clarification_question) == (
        True,
        "asked",
        "Which days?",
    )
    act("accept", note_id=note.pk)
    response = act("move", note_id=note.pk, chart_id=target.pk)
    assert response["Location"].endswith(f"#note-{note.pk}")
    act("lock_chart", chart_id=target.pk)
    act("lock_board")
    note.refresh_from_db()
    room["session"].refresh_from_db()
    assert note.chart_id == target.pk
    assert note.clarification == ""
    assert chart_of(room["amira"], 2).is_locked
    assert room["session"].is_locked
    page = client.get(board_url(room)).content.decode()
    assert "Let everyone write again" in page
    act("unlock_board")
    room["session"].refresh_from_db()
    assert not room["session"].is_locked


def test_moving_a_note_to_another_persons_chart_is_refused(room):
    note = add_note(room)
    client = client_as(room, "facilitator_here")
    response = client.post(
        reverse("live:note_facilitate", args=[room["session"].pk]),
        {"op_id": "bad-move", "action": "move", "note_id": note.pk, "chart_id": 10**9},
    )
    assert response.status_code == 400
    assert "That chart is not on this board." in response.content.decode()
    response = client.post(
        reverse("live:note_facilitate", args=[room["session"].pk]),
        {
            "op_id": "bad-move-2",
            "action": "move",
            "note_id": note.pk,
            "chart_id": chart_of(room["ben"]).pk,
        },
    )
    assert "only move to another heading of the same person" in response.content.decode()
    note.refresh_from_db()
    assert note.chart_id == chart_of(room["amira"]).pk


def test_a_locked_chart_hides_the_participants_form_and_refuses_a_post(room):
    fran = Client()
    fran.login(username="fran", password=TEST_PASSWORD)
    chart = chart_of(room["amira"])
    fran.post(
        reverse("live:note_facilitate", args=[room["session"].pk]),
        {"op_id": "lock", "action": "lock_chart", "chart_id": chart.pk},
    )
    client = client_as(room, "participant_here")
    page = client.get(board_url(room)).content.decode()
    form = re.search(rf'<form[^>]*data-chart-id="{chart.pk}"[^>]*>', page).group(0)
    assert " hidden" in form
    response = client.post(
        reverse("live:note_add", args=[room["session"].pk]),
        {"op_id": "locked", "chart_id": chart.pk, "text": "Too late"},
    )
    assert "The facilitator has locked this chart." in response.content.decode()
    assert not Note.objects.exists()


# --- What the pages show -------------------------------------------------------------------


def test_a_participants_own_charts_come_first_then_the_others_read_only(room):
    add_note(room, author="ben_me", person="ben", text="Football on the telly")
    page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    amira_at = page.index(f'id="person-{room["amira"].pk}"')
    ben_at = page.index(f'id="person-{room["ben"].pk}"')
    assert amira_at < ben_at
    assert "Your charts: <bdi>Amira</bdi>" in page
    assert "Football on the telly" in page
    assert "You can read these charts, but not write on them." in page
    # Each person's charts, and Amira's own costing (on her screen only: her money).
    assert page.count("<h3 ") == 3 * HEADINGS + 1
    assert page.count("How the money will be spent") == 1


def test_the_facilitator_sees_the_room_grouped_by_table_with_a_note_actions_link_per_note(room):
    note = add_note(room)
    page = client_as(room, "facilitator_here").get(board_url(room)).content.decode()
    table_1 = page.index(f'id="table-{room["table_1"].pk}-name"')
    table_2 = page.index(f'id="table-{room["table_2"].pk}-name"')
    assert table_1 < page.index(f'id="person-{room["ben"].pk}"') < table_2
    assert table_2 < page.index(f'id="person-{room["chloe"].pk}"')
    actions_url = reverse("live:note_actions", args=[room["session"].pk, note.pk])
    assert f'href="{actions_url}" data-note-menu' in page
    assert 'Note actions<span class="visually-hidden"> for: Swimming with Jo</span>' in page
    assert "Pause writing for everyone" in page
    # The actions themselves are on the note's own page, not on the board.
    assert "Move to another heading" not in page
    assert f'name="note_id" value="{note.pk}"' not in page


def test_the_room_board_is_outlined_by_table_then_person_then_chart(room):
    """Screen-reader users move by headings: tables, then the people at each, then charts."""
    page = client_as(room, "facilitator_here").get(board_url(room)).content.decode()
    outline = re.findall(r'<(h[1-6]) class="(table-group__name|person__title|chart__title)"', page)
    levels: dict[str, set[str]] = {}
    for level, kind in outline:
        levels.setdefault(kind, set()).add(level)
    assert levels == {"table-group__name": {"h2"}, "person__title": {"h3"}, "chart__title": {"h4"}}
    assert len(outline) == 2 + 3 + 3 * HEADINGS


def test_the_room_board_starts_with_links_to_each_table_and_person(room):
    page = client_as(room, "facilitator_here").get(board_url(room)).content.decode()
    contents = page[
        page.index('<nav class="board-contents"') : page.index(
            "</nav>", page.index('<nav class="board-contents"')
        )
    ]
    targets = re.findall(r'href="#([\w-]+)"', contents)
    assert targets == [
        f"table-{room['table_1'].pk}",
        f"person-{room['amira'].pk}",
        f"person-{room['ben'].pk}",
        f"table-{room['table_2'].pk}",
        f"person-{room['chloe'].pk}",
    ]
    for target in targets:
        assert f'id="{target}"' in page
    assert page.count('<a href="#board-contents">Back to the list of people</a>') == 3


def test_the_facilitator_writes_on_a_chart_through_its_write_a_note_link(room):
    """No text box on each of the room's charts: a link opens the form for one chart."""
    client = client_as(room, "facilitator_here")
    chart = chart_of(room["ben"], 3)
    page = client.get(board_url(room)).content.decode()
    assert "<textarea" not in page
    assert f'href="?write={chart.pk}#add-text-{chart.pk}"' in page
    assert page.count("data-chart-write=") == 3 * HEADINGS
    page = client.get(f"{board_url(room)}?write={chart.pk}").content.decode()
    assert page.count("<textarea") == 1
    assert f'<textarea id="add-text-{chart.pk}"' in page
    response = client.post(
        reverse("live:note_add", args=[room["session"].pk]),
        {"op_id": "fran-writes", "chart_id": chart.pk, "text": "From the facilitator"},
    )
    assert response.status_code == 302
    assert Note.objects.filter(chart=chart, text="From the facilitator").exists()
    # A refused note comes back with its form open, the words kept.
    response = client.post(
        reverse("live:note_add", args=[room["session"].pk]),
        {"op_id": "fran-empty", "chart_id": chart.pk, "text": "  "},
    )
    assert response.status_code == 400
    assert f'<textarea id="add-text-{chart.pk}"' in response.content.decode()


def test_a_participant_has_a_form_on_each_of_their_own_charts(room):
    page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    assert page.count("<textarea") == HEADINGS
    assert "data-chart-write=" not in page


def test_without_javascript_the_board_asks_for_every_chart_to_be_drawn(room):
    page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    head = page.split("</head>")[0]
    # A stylesheet, not an inline style, so the page keeps its strict Content-Security-Policy.
    assert re.search(
        r'<noscript><link rel="stylesheet" href="[^"]*board-noscript[^"]*\.css"></noscript>', head
    )


def test_a_charts_lock_button_posts_the_boards_shared_form_once(room):
    client = client_as(room, "facilitator_here")
    chart = chart_of(room["ben"], 4)
    page = client.get(board_url(room)).content.decode()
    button = re.search(
        r'<button type="submit" form="board-post" formaction="([^"]+)" name="op_id" '
        rf'value="([^"]+)"[^>]*data-chart-id="{chart.pk}"',
        page,
    )
    url, op_id = html.unescape(button.group(1)), button.group(2)
    # What the browser sends: the shared form's fields and the button's op id.
    data = {"op_id": op_id, "return_to": "board"}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"{board_url(room)}#chart-{chart.pk}"
    chart.refresh_from_db()
    assert chart.is_locked
    assert BoardEvent.objects.filter(kind="chart_locked").count() == 1
    page = client.get(board_url(room)).content.decode()
    assert f"?action=unlock_chart&amp;chart_id={chart.pk}" in page


def facilitator_forms(room) -> int:
    page = client_as(room, "facilitator_here").get(board_url(room)).content.decode()
    return page.count("<form")


def test_the_facilitators_board_has_the_same_forms_however_many_notes_it_has(room):
    add_note(room)
    with_one_note = facilitator_forms(room)
    for n in range(30):
        add_note(room, text=f"Note {n}", position=n % HEADINGS)
    assert facilitator_forms(room) == with_one_note


def test_a_participants_remove_buttons_share_one_form_and_each_carry_their_own_op_id(room):
    first = add_note(room, text="First")
    second = add_note(room, text="Second")
    page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    assert page.count('id="board-post"') == 1
    buttons = re.findall(r'<button type="submit" form="board-post"[^>]*>', page)
    assert len(buttons) == 2
    actions = [re.search(r'formaction="([^"]+)"', b).group(1) for b in buttons]
    assert actions == [
        reverse("live:note_remove", args=[room["session"].pk, note.pk]) for note in (first, second)
    ]
    op_ids = {re.search(r'name="op_id" value="([^"]+)"', b).group(1) for b in buttons}
    assert len(op_ids) == 2


def test_a_remove_button_posts_the_shared_form_with_its_own_op_id_once(room):
    note = add_note(room)
    client = client_as(room, "participant_here")
    page = client.get(board_url(room)).content.decode()
    button = re.search(r'<button type="submit" form="board-post"[^>]*>', page).group(0)
    op_id = re.search(r'name="op_id" value="([^"]+)"', button).group(1)
    url = re.search(r'formaction="([^"]+)"', button).group(1)
    # What the browser sends: the shared form's fields and the button's op id.
    data = {"return_to": "board", "op_id": op_id}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"{board_url(room)}?removed={note.pk}#board-notices"
    note.refresh_from_db()
    assert note.is_removed
    assert BoardEvent.objects.filter(kind="note_removed").count() == 1


def test_the_table_view_shows_one_table_with_links_either_side(room):
    client = client_as(room, "facilitator_here")
    s = room["session"].pk
    first = client.get(reverse("live:board_table", args=[s, room["table_1"].pk])).content.decode()
    assert f'id="person-{room["amira"].pk}"' in first
    assert f'id="person-{room["chloe"].pk}"' not in first
    assert "Next table: Table 2" in first
    assert "Previous table" not in first
    second = client.get(reverse("live:board_table", args=[s, room["table_2"].pk])).content.decode()
    assert f'id="person-{room["chloe"].pk}"' in second
    assert "Previous table: Table 1" in second
    assert "Next table" not in second


def test_the_projector_is_read_only(room):
    add_note(room)
    page = client_as(room, "facilitator_here").get(
        reverse("live:projector", args=[room["session"].pk])
    )
    html = page.content.decode()
    assert "Swimming with Jo" in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]


def test_each_note_shows_its_person_by_colour_symbol_and_name_and_its_author(room):
    add_note(room, author="yusuf", text="Amira is happiest with a plan")
    page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    note = re.search(r'<li class="note[^"]*"[^>]*>.*?</li>', page, re.S).group(0)
    assert f'data-colour="{room["amira"].colour}"' in note
    assert '<bdi class="note__person-name">Amira</bdi>' in note
    assert 'aria-hidden="true">●</span>' in note
    assert "Written by <bdi>Yusuf</bdi>" in note
    assert '<p class="note__text" dir="auto">Amira is happiest with a plan</p>' in note


def test_html_script_and_bidi_payloads_are_shown_as_harmless_text(room):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)> \u202egnp.exe'
    add_note(room, text=payload)
    yusuf = room["yusuf"]
    yusuf.display_name = "<b>Yusuf</b>"
    yusuf.save()
    add_note(room, author="yusuf", text="From a bold name")
    for role in ["participant_here", "facilitator_here"]:
        page = client_as(room, role).get(board_url(room)).content.decode()
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<b>Yusuf</b>" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
        assert "&lt;b&gt;Yusuf&lt;/b&gt;" in page
        # The right-to-left override stays inside an isolated, dir="auto" element.
        assert re.search(r'<p class="note__text" dir="auto">[^<]*\u202egnp\.exe</p>', page)
        # The live client's config holds no notes: their words are only in the HTML.
        data = page.split('id="board-config"')[1].split("</script>")[0]
        assert "alert" not in data
        assert "From a bold name" not in data
    note = Note.objects.get(text__startswith="<script>")
    url = reverse("live:note_actions", args=[room["session"].pk, note.pk])
    page = client_as(room, "facilitator_here").get(url).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    css = (BASE_DIR / "sessions_live/static/sessions_live/css/board.css").read_text()
    assert re.search(r"\.note__text \{[^}]*unicode-bidi: isolate", css)


def test_private_people_are_left_out_of_other_participants_pages_and_the_projector(room):
    chloe = room["chloe"]
    focus_person_make_private(chloe)
    chloe_me = participant_make(chloe)
    note = Note.objects.create(
        session=room["session"],
        chart=chart_of(chloe),
        author_participant=chloe_me,
        author_name="Chloe",
        text="My budget envelope",
        created_seq=99,
        updated_seq=99,
    )
    amira_page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    assert f'id="person-{chloe.pk}"' not in amira_page
    assert "My budget envelope" not in amira_page
    assert f'"id": {chart_of(chloe).pk}' not in amira_page  # not in the live client's copy
    note_url = reverse("live:note_actions", args=[room["session"].pk, note.pk])
    amira = client_as(room, "participant_here")
    assert amira.get(note_url).status_code == 404
    assert amira.post(note_url, {"op_id": "peek", "action": "remove"}).status_code == 404
    chloe_client = Client()
    remember_participant(chloe_client, chloe_me)
    assert "My budget envelope" in chloe_client.get(board_url(room)).content.decode()
    fran = client_as(room, "facilitator_here")
    assert "My budget envelope" in fran.get(board_url(room)).content.decode()
    projector = fran.get(reverse("live:projector", args=[room["session"].pk])).content.decode()
    assert "My budget envelope" not in projector
    assert f'id="person-{chloe.pk}"' not in projector
    assert note.pk


def test_the_page_carries_its_sequence_number_and_small_config_not_the_board(room):
    note = add_note(room)
    room["session"].refresh_from_db()
    page = client_as(room, "participant_here").get(board_url(room)).content.decode()
    assert f'data-seq="{room["session"].last_seq}"' in page
    # The stream heads at that seq, so the live client can tell what it missed.
    heads = html.unescape(re.search(r'data-heads="([^"]*)"', page).group(1))
    assert json.loads(heads) == {"public": room["session"].last_seq}
    assert f'data-visibility-seq="{room["session"].visibility_seq}"' in page
    assert 'src="/static/sessions_live/js/board.js"' in page
    config = json.loads(page.split('id="board-config" type="application/json">')[1].split("<")[0])
    assert "snapshot" not in config
    assert "Swimming with Jo" not in json.dumps(config)
    assert [t["name"] for t in config["tables"]] == ["Table 1", "Table 2"]
    # What the live client reads from the note itself, to adopt it.
    li = re.search(rf'<li [^>]*id="note-{note.pk}"[^>]*>', page).group(0)
    for attribute in [
        f'data-note-id="{note.pk}"',
        f'data-author="p:{room["amira_me"].pk}"',
        'data-version="1"',
        f'data-created-seq="{note.created_seq}"',
        f'data-updated-seq="{note.updated_seq}"',
    ]:
        assert attribute in li
    person = re.search(rf'<section [^>]*id="person-{room["amira"].pk}"[^>]*>', page).group(0)
    assert f'data-symbol="{room["amira"].symbol}"' in person
    assert f'data-table-id="{room["table_1"].pk}"' in person


def test_the_board_colours_match_the_palette():
    css = Path(BASE_DIR / "sessions_live/static/sessions_live/css/board.css").read_text()
    for colour in COLOURS:
        rule = (
            f'[data-colour="{colour.key}"] {{ --person-strong: {colour.strong}; '
            f"--person-tint: {colour.tint}; }}"
        )
        assert rule in css


# --- One note's own page: its actions without JavaScript ------------------------------------


def note_page_url(room, note) -> str:
    return reverse("live:note_actions", args=[room["session"].pk, note.pk])


def test_a_notes_own_page_gives_the_facilitator_every_action_as_a_plain_form(room):
    note = add_note(room)
    page = client_as(room, "facilitator_here").get(note_page_url(room, note)).content.decode()
    assert "<h1>Note actions</h1>" in page
    assert "Swimming with Jo" in page
    assert f'href="{board_url(room)}#note-{note.pk}">Back to the board' in page
    assert f'href="{reverse("live:note_edit", args=[room["session"].pk, note.pk])}"' in page
    for action in ["remove", "star", "ask", "suggest", "move"]:
        assert f'name="action" value="{action}"' in page, action
    assert 'value="accept"' not in page  # nothing has been asked yet
    assert 'value="withdraw"' not in page  # nor any words suggested
    # Each form has its own op id, so posting one twice changes nothing twice.
    op_ids = re.findall(r'name="op_id" value="([^"]+)"', page)
    assert len(op_ids) == len(set(op_ids)) == 5
    # The move list: Amira's other twelve headings, not this one, not Ben's.
    options = re.findall(r'<option value="(\d+)"', page)
    assert [int(o) for o in options] == [
        c.pk for c in room["amira"].charts.order_by("position") if c.pk != note.chart_id
    ]


def test_the_facilitator_acts_from_a_notes_own_page_and_is_sent_back_to_the_note(room):
    note = add_note(room)
    client = client_as(room, "facilitator_here")
    url = note_page_url(room, note)
    target = chart_of(room["amira"], 2)

    def act(action, **fields):
        return client.post(url, {"op_id": f"page-{action}", "action": action, **fields})

    response = act("star")
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(room)}#note-{note.pk}"
    assert "Note starred." in client.get(response["Location"]).content.decode()
    response = act("ask", question="Which pool?")
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'name="action" value="accept"' in page
    assert 'name="action" value="unstar"' in page
    assert act("accept").status_code == 302
    assert act("move", chart_id=target.pk).status_code == 302
    note.refresh_from_db()
    assert (note.is_starred, note.clarification, note.chart_id) == (True, "", target.pk)
    # The same form posted again (a double click): nothing happens twice.
    events = BoardEvent.objects.count()
    assert act("move", chart_id=target.pk).status_code == 302
    assert BoardEvent.objects.count() == events


def test_removing_from_a_notes_own_page_offers_undo_on_the_board(room):
    note = add_note(room)
    client = client_as(room, "facilitator_here")
    response = client.post(note_page_url(room, note), {"op_id": "rm", "action": "remove"})
    assert response.status_code == 302
    assert response["Location"] == f"{board_url(room)}?removed={note.pk}#board-notices"
    page = client.get(response["Location"]).content.decode()
    assert f'action="{reverse("live:note_restore", args=[room["session"].pk, note.pk])}"' in page
    note.refresh_from_db()
    assert note.is_removed
    # A removed note's page is only for its writer and the facilitator, to undo or erase it.
    assert client.get(note_page_url(room, note)).status_code == 200
    ally = Client()
    remember_participant(ally, room["yusuf"])
    assert ally.get(note_page_url(room, note)).status_code == 404


def test_a_refused_action_shows_the_notes_page_again_with_the_message_by_its_field(room):
    note = add_note(room)
    client = client_as(room, "facilitator_here")
    url = note_page_url(room, note)
    response = client.post(url, {"op_id": "empty-ask", "action": "ask", "question": "   "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert 'href="#ask-question"' in page
    assert 'aria-invalid="true"' in page
    response = client.post(
        url, {"op_id": "bad-move", "action": "move", "chart_id": chart_of(room["ben"]).pk}
    )
    assert response.status_code == 400
    assert "only move to another heading of the same person" in response.content.decode()
    note.refresh_from_db()
    assert (note.clarification, note.chart_id) == ("", chart_of(room["amira"]).pk)


def test_a_notes_own_page_keeps_the_facilitator_in_the_table_view_they_came_from(room):
    note = add_note(room)
    client = client_as(room, "facilitator_here")
    table_view = reverse("live:board_table", args=[room["session"].pk, room["table_1"].pk])
    board = client.get(table_view).content.decode()
    url = f"{note_page_url(room, note)}?return_to=table-{room['table_1'].pk}"
    assert f'href="{url}"' in board
    page = client.get(url).content.decode()
    assert f'href="{table_view}#note-{note.pk}">Back to the board' in page
    assert f'name="return_to" value="table-{room["table_1"].pk}"' in page
    response = client.post(
        note_page_url(room, note),
        {"op_id": "t", "action": "star", "return_to": f"table-{room['table_1'].pk}"},
    )
    assert response["Location"] == f"{table_view}#note-{note.pk}"


def test_a_participant_can_change_their_own_note_from_its_page_but_not_use_facilitator_actions(
    room,
):
    note = add_note(room)
    client = client_as(room, "participant_here")
    url = note_page_url(room, note)
    page = client.get(url).content.decode()
    assert 'name="action" value="remove"' in page
    assert "Star this note" not in page
    assert "Ask to make it clearer" not in page
    for action, fields in [
        ("star", {}),
        ("ask", {"question": "Sneaky?"}),
        ("move", {"chart_id": chart_of(room["amira"], 2).pk}),
    ]:
        response = client.post(url, {"op_id": f"p-{action}", "action": action, **fields})
        assert response.status_code == 403, action
        assert "Only the facilitator can do that." in response.content.decode()
    note.refresh_from_db()
    assert (note.is_starred, note.clarification, note.chart_id) == (
        False,
        "",
        chart_of(room["amira"]).pk,
    )
    response = client.post(url, {"op_id": "p-remove", "action": "remove"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.is_removed


def test_while_writing_is_paused_a_notes_own_page_says_so_and_changes_nothing(room):
    note = add_note(room)
    facilitator = client_as(room, "facilitator_here")
    facilitate = reverse("live:note_facilitate", args=[room["session"].pk])
    response = facilitator.post(facilitate, {"op_id": "pause", "action": "lock_board"})
    assert response.status_code == 302
    client = client_as(room, "participant_here")
    url = note_page_url(room, note)
    page = client.get(url).content.decode()
    assert "Writing is paused, so this note cannot be changed just now." in page
    assert 'name="action"' not in page
    response = client.post(url, {"op_id": "while-paused", "action": "remove"})
    assert response.status_code == 400
    assert "Writing is paused" in response.content.decode()
    note.refresh_from_db()
    assert not note.is_removed


def test_a_participant_may_read_someone_elses_note_page_but_not_remove_the_note(room):
    note = add_note(room, author="yusuf", text="Yusuf's words")
    client = client_as(room, "participant_here")
    url = note_page_url(room, note)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only the person who wrote it, or the facilitator, can change it." in page
    assert 'name="action"' not in page
    response = client.post(url, {"op_id": "not-mine", "action": "remove"})
    assert response.status_code == 403
    note.refresh_from_db()
    assert not note.is_removed


@pytest.mark.parametrize("role", ["anonymous", "participant_elsewhere", "facilitator_elsewhere"])
def test_outsiders_get_not_found_from_a_notes_own_page_and_nothing_changes(room, role):
    note = add_note(room)
    client = client_as(room, role)
    url = note_page_url(room, note)
    assert client.get(url).status_code == 404
    assert client.post(url, {"op_id": "outsider", "action": "remove"}).status_code == 404
    note.refresh_from_db()
    assert not note.is_removed


def test_a_note_of_another_session_is_not_found_through_this_sessions_address(room):
    other_person = room["other_participant"].focus_person
    other_note = Note.objects.create(
        session=other_person.session,
        chart=other_person.charts.first(),
        author_participant=room["other_participant"],
        author_name="Dev",
        text="In the autumn group",
        created_seq=1,
        updated_seq=1,
    )
    client = client_as(room, "facilitator_here")
    url = reverse("live:note_actions", args=[room["session"].pk, other_note.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"op_id": "cross", "action": "star"}).status_code == 404
    other_note.refresh_from_db()
    assert not other_note.is_starred


# --- Server cost: a fixed number of queries, however big the board -------------------------


def board_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("role", ["participant_here", "facilitator_here"])
def test_the_board_page_reads_the_database_a_fixed_number_of_times(room, role):
    client = client_as(room, role)
    add_note(room)
    small = board_queries(client, board_url(room))
    # Many more notes, by more authors, a question and a star: the same queries.
    for n in range(26):
        add_note(
            room, author="yusuf" if n % 2 else "amira_me", text=f"Note {n}", position=n % HEADINGS
        )
        add_note(room, author="ben_me", person="ben", text=f"Ben {n}", position=n % HEADINGS)
    fran = client_as(room, "facilitator_here")
    note = Note.objects.first()
    s = room["session"].pk
    fran.post(
        reverse("live:note_facilitate", args=[s]),
        {"op_id": "q", "action": "ask", "note_id": note.pk, "question": "Which?"},
    )
    fran.post(
        reverse("live:note_facilitate", args=[s]),
        {"op_id": "s", "action": "star", "note_id": note.pk},
    )
    assert board_queries(client, board_url(room)) == small


def test_a_notes_own_page_reads_the_database_a_fixed_number_of_times(room):
    client = client_as(room, "facilitator_here")
    note = add_note(room)
    few = board_queries(client, note_page_url(room, note))
    for n in range(30):
        add_note(room, text=f"Note {n}", position=n % HEADINGS)
    assert board_queries(client, note_page_url(room, note)) == few
