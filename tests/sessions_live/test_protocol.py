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
