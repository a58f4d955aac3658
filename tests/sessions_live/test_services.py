"""Board services against the real database: numbering, idempotency, privacy, broadcast."""

import asyncio
import json
from dataclasses import asdict
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.utils import timezone

from plans.headings import STANDARD_HEADINGS
from sessions_live import domain, selectors, services
from sessions_live.domain import DomainError
from sessions_live.groups import session_group
from sessions_live.models import BoardEvent, FocusPerson, Note
from sessions_live.palette import COLOURS
from tests.sessions_live.factories import (
    facilitator_actor,
    focus_person_make,
    focus_person_make_private,
    participant_actor,
    participant_make,
    session_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    session.refresh_from_db()  # the services numbered changes on their own copy
    return {
        "session": session,
        "amira": amira,
        "ben": ben,
        "fran": facilitator_actor(user=session.facilitator),
        "amira_me": participant_actor(participant=participant_make(amira)),
        "yusuf": participant_actor(participant=participant_make(amira, "Yusuf", "family")),
        "ben_me": participant_actor(participant=participant_make(ben)),
    }


counter = iter(range(1, 10**6))


def apply(room, actor_name, **message):
    message.setdefault("op_id", f"op-{next(counter)}")
    return services.board_command_apply(
        session_id=room["session"].pk, actor=room[actor_name], message=message
    )


def chart(person: FocusPerson, position: int = 0):
    return person.charts.get(position=position)


def add(room, actor_name="amira_me", person="amira", text="Swimming with Jo"):
    result = apply(room, actor_name, type="add_note", chart_id=chart(room[person]).pk, text=text)
    return Note.objects.get(pk=result.ack["note_id"])


def visible(board, actor):
    return selectors.board_payload(board=domain.board_visible_to(board=board, actor=actor))


def test_a_new_focus_person_gets_their_own_colour_symbol_and_the_standard_headings(room):
    assert room["amira"].colour != room["ben"].colour
    assert room["amira"].symbol != room["ben"].symbol
    assert room["amira"].charts.count() == len(STANDARD_HEADINGS)
    assert chart(room["amira"], 2).title == "A good day"


def test_a_site_made_before_a_new_standard_heading_gets_it_on_its_next_board(room):
    builtin = services.chart_template_set_builtin_ensure()
    builtin.headings.filter(title="What I need support with").delete()  # as an older site had
    assert builtin.headings.count() == len(STANDARD_HEADINGS) - 1
    services.chart_template_set_builtin_ensure()
    held = list(builtin.headings.order_by("position").values_list("title", "prompt"))
    assert held == list(STANDARD_HEADINGS)
    later = focus_person_make(room["session"], "Dev")
    assert later.charts.count() == len(STANDARD_HEADINGS)
    assert room["amira"].charts.count() == len(STANDARD_HEADINGS)  # boards made keep theirs


def test_colours_run_out_gracefully_after_the_whole_palette(room):
    people = [focus_person_make(room["session"], f"Person {i}") for i in range(len(COLOURS))]
    assert {p.colour for p in people} <= {c.key for c in COLOURS}


def test_every_change_takes_the_next_sequence_number(room):
    start = room["session"].last_seq
    first = add(room)
    apply(room, "amira_me", type="edit_note", note_id=first.pk, text="Swimming with Jo and Sam")
    seqs = list(
        BoardEvent.objects.filter(session=room["session"], seq__gt=start).values_list(
            "seq", flat=True
        )
    )
    assert seqs == [start + 1, start + 2]
    room["session"].refresh_from_db()
    assert room["session"].last_seq == start + 2


def test_a_retried_operation_id_makes_one_note_and_repeats_the_first_ack(room):
    message = {
        "type": "add_note",
        "op_id": "same-op",
        "chart_id": chart(room["amira"]).pk,
        "text": "Once",
    }
    first = services.board_command_apply(
        session_id=room["session"].pk, actor=room["amira_me"], message=message
    )
    again = services.board_command_apply(
        session_id=room["session"].pk, actor=room["amira_me"], message=message
    )
    assert Note.objects.filter(text="Once").count() == 1
    assert again.ack == {**first.ack, "duplicate": True}
    assert again.event is None


def test_the_same_operation_id_from_two_people_makes_two_notes(room):
    for actor in ("amira_me", "yusuf"):
        apply(
            room,
            actor,
            type="add_note",
            op_id="shared",
            chart_id=chart(room["amira"]).pk,
            text="Hi",
        )
    assert Note.objects.filter(text="Hi").count() == 2


def test_a_refused_change_stores_nothing_and_uses_no_number(room):
    before = room["session"].last_seq
    with pytest.raises(DomainError) as caught:
        apply(room, "ben_me", type="add_note", chart_id=chart(room["amira"]).pk, text="Not mine")
    assert caught.value.code == "not_your_chart"
    room["session"].refresh_from_db()
    assert room["session"].last_seq == before
    assert not Note.objects.filter(text="Not mine").exists()


def test_over_long_text_is_refused_and_the_note_keeps_its_words(room):
    note = add(room)
    with pytest.raises(DomainError) as caught:
        apply(room, "amira_me", type="edit_note", note_id=note.pk, text="z" * 1001)
    assert caught.value.code == "text_too_long"
    note.refresh_from_db()
    assert note.text == "Swimming with Jo"
    assert note.version == 1


def test_a_note_in_another_session_is_not_found_from_this_one(room):
    other = session_make(title="Other group")
    stranger = focus_person_make(other, "Zed")
    stranger_actor = participant_actor(participant=participant_make(stranger))
    note = add(room)
    with pytest.raises(DomainError) as caught:
        services.board_command_apply(
            session_id=other.pk,
            actor=stranger_actor,
            message={"type": "remove_note", "op_id": "x", "note_id": note.pk},
        )
    assert caught.value.code == "not_found"
    note.refresh_from_db()
    assert not note.is_removed


def test_a_later_edit_wins_and_says_it_overwrote_an_earlier_one(room):
    note = add(room)
    apply(room, "fran", type="edit_note", note_id=note.pk, text="Fran's words", base_version=1)
    result = apply(
        room, "amira_me", type="edit_note", note_id=note.pk, text="Amira's words", base_version=1
    )
    assert result.event["overwrote"] is True
    assert result.event["previous"] == {"text": "Fran's words", "version": 2}
    assert result.event["by"] == {"key": room["amira_me"].key, "name": "Amira"}
    note.refresh_from_db()
    assert (note.text, note.version) == ("Amira's words", 3)


def test_the_clarification_flow_asks_answers_and_clears(room):
    note = add(room)
    apply(room, "fran", type="ask_clarification", note_id=note.pk, question="Who is Jo?")
    note.refresh_from_db()
    assert (note.clarification, note.clarification_question) == ("asked", "Who is Jo?")
    apply(
        room,
        "amira_me",
        type="answer_clarification",
        note_id=note.pk,
        reply="My friend from school",
    )
    note.refresh_from_db()
    assert note.clarification == "answered"
    apply(room, "fran", type="accept_clarification", note_id=note.pk)
    note.refresh_from_db()
    assert (note.clarification, note.clarification_question, note.clarification_reply) == (
        "",
        "",
        "",
    )


def test_editing_a_note_after_a_question_counts_as_an_answer(room):
    note = add(room)
    apply(room, "fran", type="ask_clarification", note_id=note.pk, question="Where?")
    apply(room, "amira_me", type="edit_note", note_id=note.pk, text="Swimming at Moorways with Jo")
    note.refresh_from_db()
    assert note.clarification == "answered"


def refused(room, actor_name, **message) -> str:
    with pytest.raises(DomainError) as caught:
        apply(room, actor_name, **message)
    return caught.value.code


def test_the_facilitator_suggests_words_and_only_the_writer_takes_them(room):
    note = add(room, text="Swimming wiv Jo")
    apply(room, "fran", type="suggest_wording", note_id=note.pk, text="Swimming with Jo")
    note.refresh_from_db()
    # A suggestion changes nothing on the chart until the writer decides.
    assert (note.text, note.suggestion, note.suggested_by) == (
        "Swimming wiv Jo",
        "Swimming with Jo",
        room["fran"].name,
    )
    assert refused(room, "yusuf", type="accept_wording", note_id=note.pk) == "not_your_note"
    assert refused(room, "fran", type="accept_wording", note_id=note.pk) == "not_your_note"
    result = apply(room, "amira_me", type="accept_wording", note_id=note.pk)
    note.refresh_from_db()
    assert (note.text, note.changed_by, note.suggestion, note.suggested_by) == (
        "Swimming with Jo",
        "",  # the writer chose them, so the words are the writer's own
        "",
        "",
    )
    assert result.event["kind"] == "wording_accepted"
    assert result.event["by"] == {"key": room["amira_me"].key, "name": "Amira"}


def test_the_writer_keeps_their_own_words_or_the_facilitator_takes_the_suggestion_back(room):
    note = add(room, text="Going to the pub")
    for decider in ("amira_me", "fran"):
        apply(room, "fran", type="suggest_wording", note_id=note.pk, text="Going out for a drink")
        apply(room, decider, type="decline_wording", note_id=note.pk)
        note.refresh_from_db()
        assert (note.text, note.suggestion) == ("Going to the pub", "")
    assert refused(room, "amira_me", type="decline_wording", note_id=note.pk) == "no_suggestion"


@pytest.mark.parametrize(
    ("actor_name", "writer", "words", "code"),
    [
        ("amira_me", "yusuf", "Better words", "facilitator_only"),
        ("fran", "fran", "Better words", "your_own_note"),
        ("fran", "amira_me", "Swimming with Jo", "same_words"),
        ("fran", "amira_me", "   ", "empty_text"),
    ],
)
def test_a_suggestion_is_refused_when_it_is_not_the_facilitators_to_make(
    room, actor_name, writer, words, code
):
    note = add(room, writer)
    got = refused(room, actor_name, type="suggest_wording", note_id=note.pk, text=words)
    assert got == code
    note.refresh_from_db()
    assert note.suggestion == ""


def test_a_removed_participant_can_no_longer_write(room):
    participant = room["yusuf"]
    from sessions_live.models import Participant

    services.participant_remove(participant=Participant.objects.get(pk=participant.participant_id))
    with pytest.raises(DomainError) as caught:
        add(room, "yusuf")
    assert caught.value.code == "removed"


def test_a_removed_device_cannot_rejoin_until_readmitted(room):
    from sessions_live.models import Participant

    yusuf = Participant.objects.get(pk=room["yusuf"].participant_id)
    services.participant_remove(participant=yusuf)
    with pytest.raises(DomainError) as caught:
        participant_make(
            room["amira"], "Yusuf again", "family", device=f"device-{room['amira'].pk}-Yusuf"
        )
    assert caught.value.code == "removed"
    services.participant_readmit(participant=yusuf)
    assert participant_make(room["amira"], "Yusuf", "family").removed_at is None


def test_invite_links_are_stored_only_as_a_hash(room):
    token = services.focus_person_invite_create(focus_person=room["amira"])
    assert len(token) >= 32  # 24 random bytes: 192 bits
    room["amira"].refresh_from_db()
    assert token not in room["amira"].invite_token_hash
    assert selectors.focus_person_for_invite(token_hash=services.token_hash(token)) == room["amira"]
    services.focus_person_invite_revoke(focus_person=room["amira"])
    assert selectors.focus_person_for_invite(token_hash=services.token_hash(token)) is None


def test_typed_codes_are_nine_characters_and_stop_working_when_they_expire(room):
    code = services.focus_person_code_create(focus_person=room["amira"])
    assert len(code) == 9
    assert (
        selectors.focus_person_for_code(code=f" {code.lower()[:3]}-{code.lower()[3:]} ")
        == room["amira"]
    )
    FocusPerson.objects.filter(pk=room["amira"].pk).update(
        join_code_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert selectors.focus_person_for_code(code=code) is None


@pytest.mark.parametrize(
    "steps",
    [
        ["add"],
        ["add", "edit"],
        ["add", "remove"],
        ["add", "remove", "restore"],
        ["add", "star", "ask", "answer", "accept"],
        ["add", "move"],
        ["add", "suggest", "accept_words"],
        ["add", "suggest", "decline_words"],
        ["lock_chart", "lock_board"],
        ["add", "add_ben", "edit"],
    ],
)
def test_state_before_plus_the_events_equals_a_fresh_read_after(room, steps):
    existing = add(room, text="Already here")
    # Ben is private, so the comparison covers what each viewer may see.
    focus_person_make_private(room["ben"])
    before = selectors.board_load(session_id=room["session"].pk)
    events = []
    note_id = existing.pk
    for step in steps:
        result = {
            "add": lambda: apply(
                room, "amira_me", type="add_note", chart_id=chart(room["amira"]).pk, text="New"
            ),
            "add_ben": lambda: apply(
                room, "ben_me", type="add_note", chart_id=chart(room["ben"]).pk, text="Ben"
            ),
            "edit": lambda: apply(
                room, "amira_me", type="edit_note", note_id=note_id, text="Edited"
            ),
            "remove": lambda: apply(room, "amira_me", type="remove_note", note_id=note_id),
            "restore": lambda: apply(room, "amira_me", type="restore_note", note_id=note_id),
            "star": lambda: apply(room, "fran", type="star_note", note_id=note_id, starred=True),
            "ask": lambda: apply(
                room, "fran", type="ask_clarification", note_id=note_id, question="Q?"
            ),
            "answer": lambda: apply(
                room, "amira_me", type="answer_clarification", note_id=note_id, reply="A."
            ),
            "accept": lambda: apply(room, "fran", type="accept_clarification", note_id=note_id),
            "suggest": lambda: apply(
                room, "fran", type="suggest_wording", note_id=note_id, text="Better"
            ),
            "accept_words": lambda: apply(room, "amira_me", type="accept_wording", note_id=note_id),
            "decline_words": lambda: apply(room, "fran", type="decline_wording", note_id=note_id),
            "move": lambda: apply(
                room, "fran", type="move_note", note_id=note_id, chart_id=chart(room["amira"], 5).pk
            ),
            "lock_chart": lambda: apply(
                room, "fran", type="lock_chart", chart_id=chart(room["amira"]).pk, locked=True
            ),
            "lock_board": lambda: apply(room, "fran", type="lock_board", locked=True),
        }[step]()
        events.append(result.event)
    folded = before
    for event in events:
        folded = domain.event_apply(folded, event)
    fresh = selectors.board_load(session_id=room["session"].pk)
    for viewer in ("fran", "amira_me", "ben_me"):
        assert visible(folded, room[viewer]) == visible(fresh, room[viewer])
    assert folded.seq == fresh.seq


def test_events_reach_the_session_group_only_after_commit(room, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note = add(room)
    assert len(callbacks) == 1, "the broadcast waits for the commit"

    async def listen_then_commit() -> dict:
        # One event loop throughout: the Redis pub/sub layer keeps channels per loop.
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(session_group(session_id=room["session"].pk), channel)
        for callback in callbacks:
            await sync_to_async(callback)()
        return await asyncio.wait_for(layer.receive(channel), 5)

    message = async_to_sync(listen_then_commit)()
    assert message["type"] == "board.event"
    assert json.loads(message["texts"][0])["event"]["note"]["id"] == note.pk


def test_a_refused_change_broadcasts_nothing(room, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(DomainError):
        apply(room, "ben_me", type="add_note", chart_id=chart(room["amira"]).pk, text="Nope")
    assert callbacks == []


def test_missed_changes_leave_out_a_private_persons_notes_for_other_tables(room):
    focus_person_make_private(room["ben"])
    room["session"].refresh_from_db()
    start = room["session"].last_seq
    add(room, "ben_me", "ben", "Ben's private note")
    add(room, "amira_me", "amira", "Amira's open note")
    for_amira = selectors.board_events_since(
        session_id=room["session"].pk, actor=room["amira_me"], last_seq=start
    )
    for_ben = selectors.board_events_since(
        session_id=room["session"].pk, actor=room["ben_me"], last_seq=start
    )
    for_fran = selectors.board_events_since(
        session_id=room["session"].pk, actor=room["fran"], last_seq=start
    )
    assert [e["note"]["text"] for e in for_amira] == ["Amira's open note"]
    assert [e["note"]["text"] for e in for_ben] == ["Ben's private note", "Amira's open note"]
    assert all(e["kind"] == "note_added" for e in for_amira + for_ben + for_fran)
    assert len(for_fran) == 2


def welcome_kind(room, actor: str, last_seq) -> str:
    answer = selectors.board_welcome(
        session_id=room["session"].pk, actor=room[actor], last_seq=last_seq
    )
    return "snapshot" if "snapshot" in answer else "events"


def test_a_last_seq_from_the_future_or_too_far_back_gets_a_snapshot(room):
    session = room["session"]
    assert welcome_kind(room, "fran", session.last_seq) == "events"
    assert welcome_kind(room, "fran", session.last_seq + 5) == "snapshot"
    assert welcome_kind(room, "fran", None) == "snapshot"
    session.refresh_from_db()
    session.last_seq += selectors.REPLAY_LIMIT + 1
    session.save()
    assert welcome_kind(room, "fran", 0) == "snapshot"
    assert welcome_kind(room, "fran", session.last_seq - selectors.REPLAY_LIMIT) == "events"


def test_the_snapshot_matches_the_event_payload_shapes(room):
    note = add(room)
    snapshot = selectors.board_snapshot(session_id=room["session"].pk, actor=room["fran"])
    from sessions_live.views_model import note_view

    assert asdict(note_view(note)) in snapshot["notes"]


def test_every_change_names_its_stream_and_the_previous_change_in_it(room):
    start = room["session"].last_seq
    focus_person_make_private(room["ben"])
    add(room, "amira_me", "amira", "Open 1")
    add(room, "ben_me", "ben", "Private 1")
    add(room, "amira_me", "amira", "Open 2")
    add(room, "ben_me", "ben", "Private 2")
    private = f"private-{room['ben'].pk}"
    rows = list(
        BoardEvent.objects.filter(session=room["session"], seq__gt=start).values_list(
            "seq", "stream", "prev_seq"
        )
    )
    made_private, open_1, private_1, open_2, private_2 = rows
    # Making Ben private changes what everyone sees, so everyone hears of it.
    assert made_private[1] == "public"
    assert made_private[2] == start  # the public stream's previous change
    assert (open_1[1], open_1[2]) == ("public", made_private[0])
    assert (private_1[1], private_1[2]) == (private, 0)
    assert (open_2[1], open_2[2]) == ("public", open_1[0])
    assert (private_2[1], private_2[2]) == (private, private_1[0])
    room["session"].refresh_from_db()
    assert room["session"].visibility_seq == made_private[0]
    heads = selectors.board_heads(session_id=room["session"].pk, actor=room["amira_me"])
    assert heads == {"public": open_2[0]}
    heads = selectors.board_heads(session_id=room["session"].pk, actor=room["ben_me"])
    assert heads == {"public": open_2[0], private: private_2[0]}
    assert selectors.board_heads(session_id=room["session"].pk, actor=room["fran"]) == heads
    # A screen resuming from before Ben was made private gets a fresh board.
    assert welcome_kind(room, "amira_me", made_private[0] - 1) == "snapshot"
    assert welcome_kind(room, "amira_me", made_private[0]) == "events"
