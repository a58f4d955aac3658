"""Frames become checked messages or clear errors; nothing else gets through."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions_live.protocol import (
    BOARD_MESSAGES,
    CONNECTION_CHECK_MESSAGES,
    ProtocolError,
    frames_join,
    frames_of,
    is_id,
    message_decode,
)


def decode(text=None, data=None):
    return message_decode(text_data=text, bytes_data=data, specs=CONNECTION_CHECK_MESSAGES)


def test_an_allowed_message_comes_through_unchanged():
    assert decode('{"type": "ping", "id": "7"}') == {"type": "ping", "id": "7"}


@pytest.mark.parametrize(
    ("text", "data", "code"),
    [
        (None, b"\x00\x01", "binary_frame"),
        ("{not json", None, "bad_json"),
        ("[1, 2]", None, "bad_message"),
        ('"ping"', None, "bad_message"),
        ('{"type": "delete_everything"}', None, "unknown_type"),
        ('{"type": 7}', None, "unknown_type"),
        ('{"type": "ping"}', None, "missing_field"),
        ('{"type": "wave", "as_user": "facilitator"}', None, "unexpected_field"),
        ('{"type": "ping", "id": 12}', None, "bad_field"),
        (json.dumps({"type": "ping", "id": "x" * 65}), None, "bad_field"),
        ("[" * 100_000 + "]" * 100_000, None, "bad_json"),
    ],
)
def test_bad_frames_raise_a_coded_error_with_a_plain_message(text, data, code):
    with pytest.raises(ProtocolError) as caught:
        decode(text, data)
    assert caught.value.code == code
    event = caught.value.as_event()
    assert event["type"] == "error"
    assert event["message"].endswith(".")


def decode_board(message):
    return message_decode(text_data=json.dumps(message), bytes_data=None, specs=BOARD_MESSAGES)


def test_board_commands_with_exactly_their_fields_come_through():
    add = {"type": "add_note", "op_id": "o1", "chart_id": 3, "text": "Hello"}
    assert decode_board(add) == add
    edit = {"type": "edit_note", "op_id": "o2", "note_id": 4, "text": "Hi", "base_version": 2}
    assert decode_board(edit) == edit
    assert decode_board({"type": "hello"}) == {"type": "hello"}
    assert decode_board({"type": "hello", "last_seq": None})["last_seq"] is None


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "add_note", "op_id": "o", "chart_id": True, "text": "x"}, "bad_field"),
        ({"type": "add_note", "op_id": "o", "chart_id": -1, "text": "x"}, "bad_field"),
        ({"type": "add_note", "op_id": "o", "chart_id": 1.5, "text": "x"}, "bad_field"),
        ({"type": "add_note", "op_id": "", "chart_id": 1, "text": "x"}, "bad_field"),
        ({"type": "star_note", "op_id": "o", "note_id": 1, "starred": "yes"}, "bad_field"),
        ({"type": "hello", "last_seq": "7"}, "bad_field"),
        ({"type": "add_note", "op_id": "o", "chart_id": 1, "text": ["x"]}, "bad_text"),
        ({"type": "lock_board", "op_id": "o", "locked": True, "session_id": 2}, "unexpected_field"),
    ],
)
def test_board_commands_with_the_wrong_kind_of_value_are_refused(message, code):
    with pytest.raises(ProtocolError) as caught:
        decode_board(message)
    assert caught.value.code == code
    if message.get("op_id"):
        assert caught.value.as_event()["op_id"] == message["op_id"]


# --- Properties (Hypothesis) ---------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
FIELD_NAMES = st.sampled_from(
    [
        "type",
        "op_id",
        "chart_id",
        "note_id",
        "text",
        "reply",
        "question",
        "starred",
        "locked",
        "base_version",
        "last_seq",
        "id",
        "author",
    ]
)


def board_frames():
    """Frames shaped like board messages, with any values: the interesting inputs."""
    message = st.fixed_dictionaries(
        {"type": st.sampled_from(sorted(BOARD_MESSAGES)) | st.text(max_size=5)}
    ).flatmap(
        lambda m: st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=5).map(
            lambda fields: {**fields, **m}
        )
    )
    return message.map(json.dumps) | st.text() | JSON_VALUES.map(json.dumps)


@settings(max_examples=500, deadline=None)
@given(frame=board_frames())
def test_any_frame_is_an_allowed_message_or_a_coded_error_that_can_be_sent(frame):
    try:
        message = message_decode(text_data=frame, bytes_data=None, specs=BOARD_MESSAGES)
    except ProtocolError as error:
        event = error.as_event()
        json.dumps(event, ensure_ascii=False).encode()  # sendable: no broken characters
        assert event["code"] in ERROR_CODES
        if "op_id" in event:
            assert is_id(event["op_id"])
        return
    spec = BOARD_MESSAGES[message["type"]]
    assert set(spec.required) <= set(message) - {"type"} <= set(spec.required) | set(spec.optional)
    for name, kind in {**spec.required, **spec.optional}.items():
        if name in message and kind == "id":
            assert is_id(message[name])
            message[name].encode()


ERROR_CODES = {
    "binary_frame",
    "bad_json",
    "bad_message",
    "unknown_type",
    "missing_field",
    "unexpected_field",
    "bad_field",
    "bad_text",
}


ITEMS = st.dictionaries(
    st.sampled_from(["id", "text", "title"]), st.text(max_size=300) | st.integers(), max_size=3
)


@settings(max_examples=200, deadline=None)
@given(
    notes=st.lists(ITEMS, max_size=60),
    charts=st.lists(ITEMS, max_size=20),
    title=st.text(max_size=50),
    budget=st.integers(min_value=1_200, max_value=5_000),
)
def test_a_message_split_into_frames_fits_them_and_joins_back_whole(notes, charts, title, budget):
    message = {
        "type": "welcome",
        "seq": 7,
        "snapshot": {"title": title, "charts": charts, "notes": notes},
    }
    frames = frames_of(message, split="snapshot", budget=budget)
    assert all(len(frame.encode()) <= budget for frame in frames)
    decoded = [json.loads(frame) for frame in frames]
    if len(frames) > 1:
        assert decoded[0]["parts"] == len(frames)
        assert [f["part"] for f in decoded[1:]] == list(range(2, len(frames) + 1))
        assert {f["type"] for f in decoded[1:]} == {"more"}
    assert frames_join(decoded) == message
