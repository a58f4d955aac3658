"""The board's rules, tested as plain Python: no database, no event loop."""

import subprocess
import sys
import unicodedata
from dataclasses import asdict, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions_live import domain
from sessions_live.domain import (
    Actor,
    Board,
    ChartView,
    DomainError,
    FocusPersonView,
    NoteView,
)
from tests.servers import BASE_DIR

FACILITATOR = Actor(role=domain.FACILITATOR, key="u:1", name="Fran", user_id=1)
AMIRA = Actor(
    role=domain.PARTICIPANT, key="p:10", name="Amira", participant_id=10, focus_person_id=1
)
YUSUF = Actor(
    role=domain.PARTICIPANT, key="p:11", name="Yusuf", participant_id=11, focus_person_id=1
)
BEN = Actor(role=domain.PARTICIPANT, key="p:20", name="Ben", participant_id=20, focus_person_id=2)

AMIRA_PERSON = FocusPersonView(1, "Amira", "blue", "circle", 1, False, 0)
BEN_PERSON = FocusPersonView(2, "Ben", "orange", "triangle", 1, True, 1)
AMIRA_CHART = ChartView(100, 1, "A good day", "", 0, False)
AMIRA_OTHER_CHART = ChartView(101, 1, "A bad day", "", 1, False)
BEN_CHART = ChartView(200, 2, "A good day", "", 0, False)


def note(**changes) -> NoteView:
    base = NoteView(
        id=1000,
        chart_id=100,
        author_key="p:10",
        author_name="Amira",
        text="Swimming with Jo",
        is_starred=False,
        clarification="",
        clarification_question="",
        clarification_reply="",
        is_removed=False,
        version=1,
        created_seq=5,
        updated_seq=5,
    )
    return replace(base, **changes)


def test_the_domain_module_does_not_import_django():
    code = "import sys, sessions_live.domain; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, check=False).returncode == 0


# --- text --------------------------------------------------------------------


def test_note_text_is_trimmed_and_line_endings_normalised():
    assert domain.text_clean("  one\r\ntwo  ") == "one\ntwo"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_text"),
        ("   \n ", "empty_text"),
        ("x" * 1001, "text_too_long"),
        ("hello\x00world", "control_characters"),
        ("bell\x07", "control_characters"),
        ("escape \x1b[31m", "control_characters"),
        (42, "bad_text"),
        (None, "bad_text"),
    ],
)
def test_bad_note_text_is_refused_with_a_code_and_a_plain_message(text, code):
    with pytest.raises(DomainError) as caught:
        domain.text_clean(text)
    assert caught.value.code == code
    assert caught.value.message.endswith(".")


def test_exactly_a_thousand_characters_is_allowed():
    assert len(domain.text_clean("y" * 1000)) == 1000


def test_html_and_bidi_characters_are_kept_as_text_for_safe_display():
    payload = "<script>alert(1)</script> \u202eevil\u202c"
    assert domain.text_clean(payload) == payload


# --- who may write ---------------------------------------------------------------


def test_a_participant_may_write_on_their_own_persons_chart():
    domain.check_add_note(actor=YUSUF, board_locked=False, chart=AMIRA_CHART)


def test_a_participant_may_not_write_on_another_persons_chart():
    with pytest.raises(DomainError) as caught:
        domain.check_add_note(actor=BEN, board_locked=False, chart=AMIRA_CHART)
    assert caught.value.code == "not_your_chart"


@pytest.mark.parametrize(
    ("board_locked", "chart", "code"),
    [
        (True, AMIRA_CHART, "board_locked"),
        (False, replace(AMIRA_CHART, is_locked=True), "chart_locked"),
    ],
)
def test_locks_stop_participants_but_not_the_facilitator(board_locked, chart, code):
    with pytest.raises(DomainError) as caught:
        domain.check_add_note(actor=AMIRA, board_locked=board_locked, chart=chart)
    assert caught.value.code == code
    domain.check_add_note(actor=FACILITATOR, board_locked=board_locked, chart=chart)


def test_only_the_author_or_facilitator_may_change_a_note():
    domain.check_change_note(
        actor=AMIRA, board_locked=False, chart=AMIRA_CHART, note=note(), action="edit"
    )
    domain.check_change_note(
        actor=FACILITATOR, board_locked=False, chart=AMIRA_CHART, note=note(), action="edit"
    )
    with pytest.raises(DomainError) as caught:
        domain.check_change_note(
            actor=YUSUF, board_locked=False, chart=AMIRA_CHART, note=note(), action="edit"
        )
    assert caught.value.code == "not_your_note"
    assert "edit" in caught.value.message


def test_a_removed_note_can_be_restored_but_not_edited():
    removed = note(is_removed=True)
    domain.check_change_note(
        actor=AMIRA, board_locked=False, chart=AMIRA_CHART, note=removed, action="restore"
    )
    with pytest.raises(DomainError):
        domain.check_change_note(
            actor=AMIRA, board_locked=False, chart=AMIRA_CHART, note=removed, action="edit"
        )


def test_facilitator_only_actions_refuse_participants():
    with pytest.raises(DomainError) as caught:
        domain.check_facilitator(actor=AMIRA)
    assert caught.value.code == "facilitator_only"
    domain.check_facilitator(actor=FACILITATOR)


def test_a_note_moves_only_between_the_same_persons_headings():
    domain.check_move_note(
        actor=FACILITATOR, note=note(), target=AMIRA_OTHER_CHART, source=AMIRA_CHART
    )
    with pytest.raises(DomainError) as caught:
        domain.check_move_note(actor=FACILITATOR, note=note(), target=BEN_CHART, source=AMIRA_CHART)
    assert caught.value.code == "wrong_person"
    with pytest.raises(DomainError):
        domain.check_move_note(
            actor=FACILITATOR, note=note(), target=AMIRA_CHART, source=AMIRA_CHART
        )


def test_answering_needs_an_open_question():
    with pytest.raises(DomainError) as caught:
        domain.check_answer_clarification(
            actor=AMIRA, board_locked=False, chart=AMIRA_CHART, note=note()
        )
    assert caught.value.code == "no_question"
    domain.check_answer_clarification(
        actor=AMIRA, board_locked=False, chart=AMIRA_CHART, note=note(clarification="asked")
    )


def test_an_edit_on_an_older_version_is_flagged_as_overwriting():
    current = note(version=3)
    assert domain.edit_overwrites(note=current, base_version=2)
    assert not domain.edit_overwrites(note=current, base_version=3)
    assert not domain.edit_overwrites(note=current, base_version=None)


# --- privacy ---------------------------------------------------------------------


def test_a_private_persons_charts_are_seen_only_by_them_their_allies_and_the_facilitator():
    assert domain.can_view_focus_person(actor=FACILITATOR, focus_person=BEN_PERSON)
    assert domain.can_view_focus_person(actor=BEN, focus_person=BEN_PERSON)
    assert not domain.can_view_focus_person(actor=AMIRA, focus_person=BEN_PERSON)
    assert domain.can_view_focus_person(actor=BEN, focus_person=AMIRA_PERSON)


def board_with_notes() -> Board:
    return Board(
        session_id=1,
        title="Spring",
        is_locked=False,
        seq=9,
        focus_people={1: AMIRA_PERSON, 2: BEN_PERSON},
        charts={100: AMIRA_CHART, 200: BEN_CHART},
        notes={
            1000: note(),
            1001: note(id=1001, chart_id=200, author_key="p:20", text="Ben's secret"),
            1002: note(id=1002, is_removed=True),
            1004: note(id=1004, author_key="p:11", is_removed=True),
        },
    )


def test_the_visible_board_hides_private_people_and_other_peoples_removed_notes():
    seen_by_amira = domain.board_visible_to(board=board_with_notes(), actor=AMIRA)
    assert set(seen_by_amira.focus_people) == {1}
    assert set(seen_by_amira.charts) == {100}
    # Her own removed note stays for her (to undo or erase); someone else's does not.
    assert set(seen_by_amira.notes) == {1000, 1002}
    seen_by_facilitator = domain.board_visible_to(board=board_with_notes(), actor=FACILITATOR)
    assert set(seen_by_facilitator.notes) == {1000, 1001, 1002, 1004}


# --- folding events ---------------------------------------------------------------


def test_applying_a_note_event_adds_the_after_image_and_moves_seq_on():
    board = board_with_notes()
    added = note(id=1003, text="New", created_seq=10, updated_seq=10)
    after = domain.event_apply(board, {"seq": 10, "kind": "note_added", "note": asdict(added)})
    assert after.notes[1003] == added
    assert after.seq == 10
    assert 1003 not in board.notes, "the original board is not changed"


def test_an_older_event_arriving_late_does_not_undo_a_newer_one():
    board = board_with_notes()
    newer = note(text="Newer", version=3, updated_seq=12)
    older = note(text="Older", version=2, updated_seq=11)
    board = domain.event_apply(board, {"seq": 12, "kind": "note_edited", "note": asdict(newer)})
    board = domain.event_apply(board, {"seq": 11, "kind": "note_edited", "note": asdict(older)})
    assert board.notes[1000].text == "Newer"
    assert board.seq == 12


def test_applying_the_same_event_twice_changes_nothing_more():
    event = {
        "seq": 10,
        "kind": "note_starred",
        "note": asdict(note(is_starred=True, updated_seq=10)),
    }
    once = domain.event_apply(board_with_notes(), event)
    twice = domain.event_apply(once, event)
    assert once == twice


def test_lock_and_person_events_update_the_board():
    board = domain.event_apply(
        board_with_notes(), {"seq": 10, "kind": "board_locked", "is_locked": True}
    )
    assert board.is_locked
    locked_chart = replace(AMIRA_CHART, is_locked=True)
    board = domain.event_apply(
        board, {"seq": 11, "kind": "chart_locked", "chart": asdict(locked_chart)}
    )
    assert board.charts[100].is_locked
    newcomer = FocusPersonView(3, "Chloe", "green", "square", None, False, 2)
    chart = ChartView(300, 3, "All about me", "", 0, False)
    board = domain.event_apply(
        board,
        {
            "seq": 12,
            "kind": "focus_person_added",
            "focus_person": asdict(newcomer),
            "charts": [asdict(chart)],
        },
    )
    assert board.focus_people[3] == newcomer
    assert board.charts[300] == chart


def _presence_people():
    return [
        {
            "name": "Amira",
            "role": "participant",
            "focus_person_id": 1,
            "table_id": 1,
            "is_private": False,
        },
        {
            "name": "Ben",
            "role": "participant",
            "focus_person_id": 2,
            "table_id": 1,
            "is_private": True,
        },
        {
            "name": "Bea",
            "role": "participant",
            "focus_person_id": 3,
            "table_id": 2,
            "is_private": True,
        },
        {
            "name": "Fran",
            "role": "facilitator",
            "focus_person_id": None,
            "table_id": None,
            "is_private": False,
        },
    ]


def test_presence_hides_allies_of_a_private_person_from_other_tables():
    people = [p for p in _presence_people() if p["name"] != "Bea"]

    def names(actor):
        return [p["name"] for p in domain.presence_visible_to(people=people, actor=actor)]

    assert names(AMIRA) == ["Amira", "Fran"]
    assert names(BEN) == ["Amira", "Ben", "Fran"]
    assert names(FACILITATOR) == ["Amira", "Ben", "Fran"]
    assert all("is_private" not in p for p in domain.presence_visible_to(people=people, actor=BEN))


@pytest.mark.parametrize(
    "actor",
    [
        AMIRA,
        BEN,
        FACILITATOR,
        domain.Actor(
            role=domain.PARTICIPANT, key="p:9", name="Bea", participant_id=9, focus_person_id=3
        ),
        domain.Actor(
            role=domain.PARTICIPANT, key="p:8", name="Nobody", participant_id=8, focus_person_id=77
        ),
    ],
)
def test_each_presence_audience_list_is_what_that_viewer_may_see(actor):
    people = _presence_people()
    lists = domain.presence_by_audience(people=people)
    audience = domain.presence_audience_of(actor=actor)
    assert domain.presence_for_audience(lists=lists, audience=audience) == (
        domain.presence_visible_to(people=people, actor=actor)
    )


def test_presence_is_made_once_per_audience_not_once_per_screen():
    lists = domain.presence_by_audience(people=_presence_people())
    assert set(lists) == {"everyone", "public", "person-2", "person-3"}
    assert [p["name"] for p in lists["public"]] == ["Amira", "Fran"]
    assert [p["name"] for p in lists["person-3"]] == ["Amira", "Bea", "Fran"]


@settings(max_examples=500, deadline=None)
@given(text=st.text() | st.text(alphabet=st.characters(codec=None), min_size=995, max_size=1010))
def test_any_text_is_refused_with_a_code_or_cleaned_into_storable_words(text):
    try:
        cleaned, refused = domain.text_clean(text), None
    except DomainError as error:
        cleaned, refused = None, error.code
    if refused is not None:
        assert refused in {"empty_text", "text_too_long", "control_characters"}
        return
    cleaned.encode()  # no lone surrogates: every database can store it
    assert 0 < len(cleaned) <= domain.NOTE_MAX_LENGTH
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)
    assert all(unicodedata.category(ch) not in {"Cc", "Cs"} or ch in "\n\t" for ch in cleaned)
