"""Turn WebSocket frames into checked messages, and errors into replies.

Only allow-listed message types with exactly their listed fields, each of the
right kind, get through; everything else becomes a ``ProtocolError`` with a
machine code and a plain-English message that the client can show as it is.
The full protocol is documented in docs/live-protocol.md.
"""

import json
from dataclasses import dataclass, field

MAX_ID_LENGTH = 64
MAX_TEXT_FIELD = 20_000  # domain rules give the real limits and friendlier messages


class ProtocolError(Exception):
    """A message the server will not act on, with a code and a message for people."""

    def __init__(self, code: str, message: str, *, op_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.op_id = op_id

    def as_event(self) -> dict:
        """The error as it is sent to the client."""
        event = {"type": "error", "code": self.code, "message": self.message}
        if self.op_id:
            event["op_id"] = self.op_id
        return event


# Field kinds: each checks one value and names what it expected.
def _is_id(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_LENGTH


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53


def _is_optional_int(value) -> bool:
    return value is None or _is_int(value)


def _is_bool(value) -> bool:
    return isinstance(value, bool)


def _is_text(value) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT_FIELD


KINDS = {
    "id": (_is_id, f"text of 1 to {MAX_ID_LENGTH} characters"),
    "int": (_is_int, "a whole number"),
    "int?": (_is_optional_int, "a whole number or null"),
    "bool": (_is_bool, "true or false"),
    "text": (_is_text, "text"),
}


@dataclass(frozen=True)
class MessageSpec:
    """The fields a message type must carry, and those it may carry (besides ``type``)."""

    required: dict[str, str] = field(default_factory=dict)
    optional: dict[str, str] = field(default_factory=dict)


# Connection-check messages: "ping" measures the round trip, "wave" proves a
# message from one device reaches the others.
CONNECTION_CHECK_MESSAGES = {
    "ping": MessageSpec(required={"id": "id"}),
    "wave": MessageSpec(),
}

_OP = {"op_id": "id"}
_NOTE = {**_OP, "note_id": "int"}

# Board messages. "hello" opens the conversation; the rest change the board
# and are answered with "ack" (or "error") carrying the same op_id.
BOARD_MESSAGES = {
    "hello": MessageSpec(optional={"last_seq": "int?"}),
    "ping": MessageSpec(required={"id": "id"}),
    "add_note": MessageSpec(required={**_OP, "chart_id": "int", "text": "text"}),
    "edit_note": MessageSpec(required={**_NOTE, "text": "text"}, optional={"base_version": "int"}),
    "remove_note": MessageSpec(required=_NOTE),
    "restore_note": MessageSpec(required=_NOTE),
    "star_note": MessageSpec(required={**_NOTE, "starred": "bool"}),
    "ask_clarification": MessageSpec(required={**_NOTE, "question": "text"}),
    "answer_clarification": MessageSpec(required={**_NOTE, "reply": "text"}),
    "accept_clarification": MessageSpec(required=_NOTE),
    "move_note": MessageSpec(required={**_NOTE, "chart_id": "int"}),
    "lock_chart": MessageSpec(required={**_OP, "chart_id": "int", "locked": "bool"}),
    "lock_board": MessageSpec(required={**_OP, "locked": "bool"}),
}
BOARD_COMMANDS = frozenset(BOARD_MESSAGES) - {"hello", "ping"}


def message_decode(
    *, text_data: str | None, bytes_data: bytes | None, specs: dict[str, MessageSpec]
) -> dict:
    """Parse one frame into a dict of an allowed type, or raise ``ProtocolError``."""
    if bytes_data is not None or text_data is None:
        raise ProtocolError(
            "binary_frame", "This connection only understands text messages, not binary data."
        )
    try:
        message = json.loads(text_data)
    except (ValueError, RecursionError) as error:
        raise ProtocolError(
            "bad_json", "That message was not valid JSON, so nothing was changed."
        ) from error
    if not isinstance(message, dict):
        raise ProtocolError("bad_message", "A message must be a JSON object with a 'type'.")
    op_id = message.get("op_id") if _is_id(message.get("op_id")) else None
    message_type = message.get("type")
    if not isinstance(message_type, str) or message_type not in specs:
        allowed = ", ".join(sorted(specs))
        raise ProtocolError(
            "unknown_type",
            f"Unknown message type. This connection accepts: {allowed}.",
            op_id=op_id,
        )
    spec = specs[message_type]
    fields = set(message) - {"type"}
    missing = set(spec.required) - fields
    extra = fields - set(spec.required) - set(spec.optional)
    if missing:
        raise ProtocolError(
            "missing_field",
            f"A '{message_type}' message needs: {', '.join(sorted(missing))}.",
            op_id=op_id,
        )
    if extra:
        raise ProtocolError(
            "unexpected_field",
            f"A '{message_type}' message cannot have: {', '.join(sorted(extra))}.",
            op_id=op_id,
        )
    for name, kind in {**spec.required, **spec.optional}.items():
        if name in message:
            check, expected = KINDS[kind]
            if not check(message[name]):
                raise ProtocolError("bad_field", f"'{name}' must be {expected}.", op_id=op_id)
    return message
