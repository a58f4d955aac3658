"""Words taken back, as plain rules: who may read a removed note's words or what an
edit replaced, and how an erased note leaves a board (issue 11, item 7)."""

from dataclasses import asdict

import pytest

from sessions_live import domain
from sessions_live.domain import DomainError
from tests.sessions_live.test_domain import (
    AMIRA,
    BEN,
    FACILITATOR,
    YUSUF,
    board_with_notes,
    note,
)


def removed_event(**changes) -> dict:
    removed = note(is_removed=True, text="my mum's diagnosis", version=2, updated_seq=10, **changes)
    return {
        "seq": 10,
        "stream": "public",
        "prev": 9,
        "kind": "note_removed",
        "note": asdict(removed),
    }


def edited_event() -> dict:
    edited = note(text="Swimming with Jo and Sam", version=2, updated_seq=10)
    return {
        "seq": 10,
        "stream": "public",
        "prev": 9,
        "kind": "note_edited",
        "note": asdict(edited),
        "overwrote": False,
        "previous": {"text": "my mum's diagnosis", "version": 1},
        "by": {"key": "p:10", "name": "Amira"},
    }


def test_a_removed_notes_words_reach_only_its_writer_and_the_facilitator():
    event = removed_event()
    assert domain.event_visible_to(event, actor=AMIRA) is event
    assert domain.event_visible_to(event, actor=FACILITATOR) is event
    for other in (YUSUF, BEN):
        seen = domain.event_visible_to(event, actor=other)
        assert "diagnosis" not in str(seen)
        assert seen["note"]["is_removed"] is True
        assert seen["note"]["id"] == event["note"]["id"]


def test_previous_words_reach_only_the_writer_and_the_facilitator():
    event = edited_event()
    assert domain.event_visible_to(event, actor=AMIRA)["previous"]["text"] == "my mum's diagnosis"
    assert "previous" in domain.event_visible_to(event, actor=FACILITATOR)
    seen = domain.event_visible_to(event, actor=YUSUF)
    assert "previous" not in seen
    assert seen["note"]["text"] == "Swimming with Jo and Sam", "the note's words now are for all"


def test_a_replay_blanks_a_note_removed_since_in_its_earlier_events():
    added = {"seq": 5, "stream": "public", "prev": 4, "kind": "note_added", "note": asdict(note())}
    seen = domain.event_visible_to(added, actor=YUSUF, removed_ids={1000})
    assert seen["note"]["text"] == ""
    assert domain.event_visible_to(added, actor=AMIRA, removed_ids={1000}) is added


def test_a_brought_plans_removed_notes_are_blanked_for_everyone_else():
    event = {
        "seq": 10,
        "stream": "public",
        "prev": 9,
        "kind": "focus_person_added",
        "focus_person": {},
        "charts": [],
        "notes": [asdict(note(id=1, text="kept")), asdict(note(id=2, is_removed=True))],
    }
    audiences = domain.event_audiences(event)
    assert set(audiences) == {"others", "facilitator", "p:10"}
    assert [n["text"] for n in audiences["others"]["notes"]] == ["kept", ""]
    assert audiences["p:10"] is not audiences["others"]
    assert [n["text"] for n in audiences["p:10"]["notes"]] == ["kept", "Swimming with Jo"]


def test_every_audience_gets_what_the_rule_says_it_may_see():
    for event in (removed_event(), edited_event()):
        audiences = domain.event_audiences(event)
        for actor in (AMIRA, YUSUF, BEN, FACILITATOR):
            got = audiences.get(domain.event_audience_of(actor=actor), audiences["others"])
            assert got == domain.event_visible_to(event, actor=actor)


def test_a_change_everyone_may_read_is_made_once():
    added = {"seq": 5, "stream": "public", "prev": 4, "kind": "note_added", "note": asdict(note())}
    assert domain.event_audiences(added) == {"others": added}


def test_only_the_writer_or_the_facilitator_erases_and_only_a_removed_note():
    removed = note(is_removed=True)
    domain.check_erase_note(actor=AMIRA, note=removed)
    domain.check_erase_note(actor=FACILITATOR, note=removed)
    with pytest.raises(DomainError) as caught:
        domain.check_erase_note(actor=YUSUF, note=removed)
    assert caught.value.code == "not_your_note"
    with pytest.raises(DomainError) as caught:
        domain.check_erase_note(actor=AMIRA, note=note())
    assert caught.value.code == "not_removed"


def test_an_erased_note_leaves_the_board_and_older_events_do_not_bring_it_back():
    board = board_with_notes()
    erased = domain.event_apply(board, {"seq": 12, "kind": "note_erased", "note_id": 1002})
    assert 1002 not in erased.notes
    again = domain.event_apply(erased, {**removed_event(id=1002), "seq": 11})
    assert 1002 not in again.notes
