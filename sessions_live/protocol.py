"""Turn WebSocket frames into checked messages, and errors into replies.

Only allow-listed message types with exactly their listed fields get
through; everything else becomes a ``ProtocolError`` with a machine code
and a plain-English message that the client can show as it is.
"""

import json
from dataclasses import dataclass

MAX_ID_LENGTH = 64


class ProtocolError(Exception):
    """A message the server will not act on, with a code and a message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def as_event(self) -> dict:
        """The error as it is sent to the client."""
        return {"type": "error", "code": self.code, "message": self.message}


@dataclass(frozen=True)
class MessageSpec:
    """The fields a message type must carry (besides ``type``)."""

    required: frozenset[str] = frozenset()


# Connection-check messages: "ping" measures the round trip, "wave" proves a
# message from one device reaches the others.
CONNECTION_CHECK_MESSAGES = {
    "ping": MessageSpec(required=frozenset({"id"})),
    "wave": MessageSpec(),
}


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
    message_type = message.get("type")
    if not isinstance(message_type, str) or message_type not in specs:
        allowed = ", ".join(sorted(specs))
        raise ProtocolError(
            "unknown_type", f"Unknown message type. This connection accepts: {allowed}."
        )
    spec = specs[message_type]
    fields = set(message) - {"type"}
    missing = spec.required - fields
    extra = fields - spec.required
    if missing:
        raise ProtocolError(
            "missing_field", f"A '{message_type}' message needs: {', '.join(sorted(missing))}."
        )
    if extra:
        raise ProtocolError(
            "unexpected_field",
            f"A '{message_type}' message cannot have: {', '.join(sorted(extra))}.",
        )
    if "id" in message and not (
        isinstance(message["id"], str) and 0 < len(message["id"]) <= MAX_ID_LENGTH
    ):
        raise ProtocolError("bad_field", f"'id' must be text of 1 to {MAX_ID_LENGTH} characters.")
    return message
