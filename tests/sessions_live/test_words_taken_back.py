"""Words taken back are gone (issue 11, item 7) and a person can be private from the
start (item 9): the services against the real database, for each kind of viewer."""

import asyncio
import json
from dataclasses import asdict
from datetime import date

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from audit.models import AuditEvent
from sessions_live import domain, selectors, services
from sessions_live.domain import DomainError
from sessions_live.groups import session_group
from sessions_live.models import BoardEvent, FocusPerson, Note
from sessions_live.protocol import event_texts_for
from tests.sessions_live.factories import (
    facilitator_actor,
    focus_person_make,
    participant_actor,
    participant_make,
    session_make,
)

pytestmark = pytest.mark.django_db

SECRET = "my mum's diagnosis"
VIEWERS = ("amira_me", "fran", "ben_me", "yusuf")


@pytest.fixture
def room():
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    session.refresh_from_db()
    return {
        "session": session,
        "amira": amira,
        "ben": ben,
        "fran": facilitator_actor(user=session.facilitator),
        # Amira writes; Yusuf is her ally; Ben is at another table.
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


def add(room, text=SECRET, actor_name="amira_me"):
    chart = room["amira"].charts.get(position=0)
    result = apply(room, actor_name, type="add_note", chart_id=chart.pk, text=text)
    return result.ack["note_id"]


def events_text(session_ids=None) -> str:
    rows = BoardEvent.objects.all()
    if session_ids is not None:
        rows = rows.filter(session_id__in=session_ids)
    return json.dumps([row.payload for row in rows], ensure_ascii=False)


def visible(board, actor):
    return selectors.board_payload(board=domain.board_visible_to(board=board, actor=actor))


@pytest.mark.parametrize(
    "steps",
    [
        ["remove"],
        ["remove", "restore"],
        ["remove", "erase"],
        ["remove", "erase_by_facilitator"],
        ["edit"],
        ["edit_by_facilitator", "remove", "restore", "remove", "erase"],
    ],
)
def test_each_viewer_folds_what_they_receive_into_a_fresh_read(room, steps):
    note_id = add(room)
    before = selectors.board_load(session_id=room["session"].pk)
    commands = {
        "remove": ("amira_me", {"type": "remove_note"}),
        "restore": ("amira_me", {"type": "restore_note"}),
        "erase": ("amira_me", {"type": "erase_note"}),
        "erase_by_facilitator": ("fran", {"type": "erase_note"}),
        "edit": ("amira_me", {"type": "edit_note", "text": "Swimming"}),
        "edit_by_facilitator": ("fran", {"type": "edit_note", "text": "Swimming"}),
    }
    events = []
    for step in steps:
        actor_name, message = commands[step]
        events.append(apply(room, actor_name, note_id=note_id, **message).event)
    fresh = selectors.board_load(session_id=room["session"].pk)
    for name in VIEWERS:
        viewer = room[name]
        folded = domain.board_visible_to(board=before, actor=viewer)
        for event in events:
            folded = domain.event_apply(folded, domain.event_visible_to(event, actor=viewer))
        assert visible(folded, viewer) == visible(fresh, viewer), name


def test_removing_a_note_sends_its_words_only_to_its_writer_and_the_facilitator(
    room, django_capture_on_commit_callbacks
):
    note_id = add(room)
    with django_capture_on_commit_callbacks(execute=False):
        event = apply(room, "amira_me", type="remove_note", note_id=note_id).event
    texts = {}
    for name in VIEWERS:
        seen = domain.event_visible_to(event, actor=room[name])
        texts[name] = seen["note"]["text"]
    assert texts == {"amira_me": SECRET, "fran": SECRET, "ben_me": "", "yusuf": ""}


def test_the_broadcast_carries_a_version_for_each_audience(
    room, django_capture_on_commit_callbacks
):
    note_id = add(room)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply(room, "amira_me", type="remove_note", note_id=note_id)

    async def listen_then_commit() -> dict:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add(session_group(session_id=room["session"].pk), channel)
        for callback in callbacks:
            await sync_to_async(callback)()
        return await asyncio.wait_for(layer.receive(channel), 5)

    message = async_to_sync(listen_then_commit)()
    assert SECRET not in "".join(message["texts"]), "the default is everyone else's"
    for name, shown in {"amira_me": True, "fran": True, "ben_me": False, "yusuf": False}.items():
        audience = domain.event_audience_of(actor=room[name])
        frames = event_texts_for(message, audience=audience)
        assert (SECRET in "".join(frames)) is shown, name


def test_previous_goes_only_to_the_writer_and_the_facilitator_live_and_on_replay(room):
    note_id = add(room)
    room["session"].refresh_from_db()
    start = room["session"].last_seq
    event = apply(room, "fran", type="edit_note", note_id=note_id, text="Swimming").event
    assert event["previous"]["text"] == SECRET
    for name, shown in {"amira_me": True, "fran": True, "ben_me": False, "yusuf": False}.items():
        live = domain.event_visible_to(event, actor=room[name])
        (replayed,) = selectors.board_events_since(
            session_id=room["session"].pk, actor=room[name], last_seq=start
        )
        assert ("previous" in live) is shown, name
        assert ("previous" in replayed) is shown, name


def test_a_screen_resuming_after_a_removal_never_receives_the_words(room):
    room["session"].refresh_from_db()
    start = room["session"].last_seq
    note_id = add(room)
    apply(room, "fran", type="ask_clarification", note_id=note_id, question="Whose?")
    apply(room, "amira_me", type="remove_note", note_id=note_id)
    for name, shown in {"amira_me": True, "fran": True, "ben_me": False, "yusuf": False}.items():
        replay = selectors.board_events_since(
            session_id=room["session"].pk, actor=room[name], last_seq=start
        )
        assert len(replay) == 3
        assert (SECRET in json.dumps(replay, ensure_ascii=False)) is shown, name
        assert ("Whose?" in json.dumps(replay)) is shown, name
        snapshot = selectors.board_snapshot(session_id=room["session"].pk, actor=room[name])
        assert (SECRET in json.dumps(snapshot, ensure_ascii=False)) is shown, name


def test_erasing_a_note_deletes_its_words_from_the_row_and_every_stored_event(room):
    note_id = add(room)
    apply(room, "fran", type="suggest_wording", note_id=note_id, text=f"{SECRET}, said kindly")
    apply(room, "amira_me", type="edit_note", note_id=note_id, text=f"{SECRET} (edited)")
    apply(room, "amira_me", type="remove_note", note_id=note_id)
    assert SECRET in events_text()
    result = apply(room, "amira_me", type="erase_note", note_id=note_id)
    assert result.ack["note_id"] == note_id
    assert result.event["kind"] == "note_erased"
    assert not Note.objects.filter(pk=note_id).exists()
    assert SECRET not in events_text()
    # The history still replays, in order, with nothing to draw.
    replay = selectors.board_events_since(
        session_id=room["session"].pk, actor=room["amira_me"], last_seq=0
    )
    board = selectors.board_load(session_id=room["session"].pk)
    folded = domain.Board(session_id=board.session_id, title=board.title, is_locked=False, seq=0)
    for event in replay:
        folded = domain.event_apply(folded, event)
    assert note_id not in folded.notes


def test_erasing_records_who_and_what_in_the_audit_log_but_never_the_words(room):
    note_id = add(room)
    apply(room, "amira_me", type="remove_note", note_id=note_id)
    apply(room, "fran", type="erase_note", note_id=note_id)
    (entry,) = AuditEvent.objects.filter(action="erased")
    assert entry.subject == "plan"
    assert entry.plan_id == room["amira"].plan_id
    assert entry.what == "a note's words"
    assert entry.user == room["session"].facilitator
    assert SECRET not in f"{entry.who} {entry.what}"


@pytest.mark.parametrize(
    ("actor_name", "remove_first", "code"),
    [
        ("yusuf", True, "not_your_note"),
        ("ben_me", True, "not_your_note"),
        ("amira_me", False, "not_removed"),
    ],
)
def test_only_the_writer_or_the_facilitator_erases_a_removed_note(
    room, actor_name, remove_first, code
):
    note_id = add(room)
    if remove_first:
        apply(room, "amira_me", type="remove_note", note_id=note_id)
    with pytest.raises(DomainError) as caught:
        apply(room, actor_name, type="erase_note", note_id=note_id)
    assert caught.value.code == code
    assert Note.objects.filter(pk=note_id).exists()


def test_erasing_reaches_the_history_a_plan_left_on_an_earlier_board(room):
    note_id = add(room)
    first_session = room["session"].pk
    later = session_make(facilitator=room["session"].facilitator, title="Later")
    services.focus_person_bring(session=later, plan=room["amira"].plan)
    assert SECRET in events_text([first_session])
    moved = Note.objects.get(pk=note_id)
    assert moved.session_id == later.pk
    fran = facilitator_actor(user=later.facilitator)
    for kind in ("remove_note", "erase_note"):
        services.board_command_apply(
            session_id=later.pk,
            actor=fran,
            message={"type": kind, "op_id": f"later-{kind}", "note_id": note_id},
        )
    assert SECRET not in events_text()


def test_a_version_saved_after_removal_leaves_the_note_out_and_one_saved_before_keeps_it(room):
    note_id = add(room)
    kept = services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=room["amira_me"],
        focus_person_id=room["amira"].pk,
        label="Before",
        today=date(2026, 1, 5),
    )
    apply(room, "amira_me", type="remove_note", note_id=note_id)
    after = services.board_plan_version_save(
        session_id=room["session"].pk,
        actor=room["amira_me"],
        focus_person_id=room["amira"].pk,
        label="After",
        today=date(2026, 1, 6),
    )
    apply(room, "amira_me", type="erase_note", note_id=note_id)
    kept.refresh_from_db()
    assert SECRET in json.dumps(kept.content, ensure_ascii=False), "a deliberate copy is kept"
    assert SECRET not in json.dumps(after.content, ensure_ascii=False)


def test_a_person_added_as_private_never_reaches_the_public_stream(room):
    session = room["session"]
    person = services.focus_person_add(session=session, first_name="Zainab", is_private=True)
    assert FocusPerson.objects.get(pk=person.pk).is_private
    rows = BoardEvent.objects.filter(session=session, kind="focus_person_added")
    added = rows.get(focus_person=person)
    assert added.stream == f"private-{person.pk}"
    public = BoardEvent.objects.filter(session=session, stream="public")
    assert "Zainab" not in json.dumps([r.payload for r in public])
    for name in ("ben_me", "amira_me"):
        snapshot = selectors.board_snapshot(session_id=session.pk, actor=room[name])
        assert "Zainab" not in json.dumps(snapshot)
    snapshot = selectors.board_snapshot(session_id=session.pk, actor=room["fran"])
    assert "Zainab" in json.dumps(snapshot)


def test_the_snapshot_note_shape_still_matches_the_event_shape_for_a_removed_note(room):
    note_id = add(room)
    event = apply(room, "amira_me", type="remove_note", note_id=note_id).event
    snapshot = selectors.board_snapshot(session_id=room["session"].pk, actor=room["amira_me"])
    assert event["note"] in snapshot["notes"]
    assert asdict(domain.note_from_payload(event["note"]))["is_removed"] is True
