"""Frames become checked messages or clear errors; nothing else gets through."""

import json

import pytest

from sessions_live.protocol import CONNECTION_CHECK_MESSAGES, ProtocolError, message_decode


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
    from sessions_live.protocol import BOARD_MESSAGES

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
        ({"type": "add_note", "op_id": "o", "chart_id": 1, "text": ["x"]}, "bad_field"),
        ({"type": "lock_board", "op_id": "o", "locked": True, "session_id": 2}, "unexpected_field"),
    ],
)
def test_board_commands_with_the_wrong_kind_of_value_are_refused(message, code):
    with pytest.raises(ProtocolError) as caught:
        decode_board(message)
    assert caught.value.code == code
    if message.get("op_id"):
        assert caught.value.as_event()["op_id"] == message["op_id"]
