"""The live board's wire format: frames in, checked messages out; messages out, frames.

Incoming: only allow-listed message types with exactly their listed fields,
each of the right kind, get through; everything else becomes a
``ProtocolError`` with a machine code and a plain-English message that the
client can show as it is. The message says what did not happen, never which
field was wrong: people read it.

Outgoing: ``frames_of`` writes a message as compact UTF-8 JSON and, when it
would be bigger than one frame may be, splits its lists across several
frames (``parts`` and ``more``), so a board of any size reaches a screen.

Pure Python, no Django. The full protocol is docs/live-protocol.md.
"""

import json
from dataclasses import dataclass, field

MAX_ID_LENGTH = 64
MAX_INT = 2**53 - 1
# The servers cap WebSocket messages at 64 KiB (config/serve.py), both ways;
# the server's own frames stay under this, with room to spare for the few
# bytes of "parts" bookkeeping.
FRAME_BUDGET = 60_000


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


def is_id(value) -> bool:
    """An op id or ping id: 1 to 64 printable ASCII characters.

    Printable ASCII only, because ids are stored and echoed: a NUL is refused
    by PostgreSQL and a lone surrogate cannot be written as UTF-8 at all.
    """
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_ID_LENGTH
        and value.isascii()
        and value.isprintable()
        and " " not in value
    )


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_INT


def _is_optional_int(value) -> bool:
    return value is None or _is_int(value)


def _is_bool(value) -> bool:
    return isinstance(value, bool)


def _is_text(value) -> bool:
    # Only the kind is checked here. Length, trimming and characters are the
    # domain's rules (domain.text_clean), which give the friendlier messages.
    return isinstance(value, str)


# Field kinds: each checks one value; "text" failing is ``bad_text``, the rest ``bad_field``.
KINDS = {
    "id": is_id,
    "int": _is_int,
    "int?": _is_optional_int,
    "bool": _is_bool,
    "text": _is_text,
}


@dataclass(frozen=True)
class MessageSpec:
    """The fields a message type must carry, and those it may carry (besides ``type``)."""

    required: dict[str, str] = field(default_factory=dict)
    optional: dict[str, str] = field(default_factory=dict)
    # What the person was doing, for error messages: "Adding your note".
    doing: str = "That"


# Connection-check messages: "ping" measures the round trip, "wave" proves a
# message from one device reaches the others.
CONNECTION_CHECK_MESSAGES = {
    "ping": MessageSpec(required={"id": "id"}, doing="Checking the connection"),
    "wave": MessageSpec(doing="Waving to the other screens"),
}

_OP = {"op_id": "id"}
_NOTE = {**_OP, "note_id": "int"}
_ROW = {**_OP, "focus_person_id": "int", "row": "text", "row_id": "int"}

# Board messages. "hello" opens (or repairs) the conversation; the rest
# change the board and are answered with "ack" (or "error") carrying the same op_id.
BOARD_MESSAGES = {
    "hello": MessageSpec(optional={"last_seq": "int?"}, doing="Connecting to the board"),
    "ping": MessageSpec(required={"id": "id"}, doing="Checking the connection"),
    # "day": "", "good" or "bad", for a condition that comes and goes (domain.day_clean).
    "add_note": MessageSpec(
        required={**_OP, "chart_id": "int", "text": "text"},
        optional={"day": "text"},
        doing="Adding your note",
    ),
    "edit_note": MessageSpec(
        required={**_NOTE, "text": "text"},
        optional={"base_version": "int", "day": "text"},
        doing="Changing the note",
    ),
    "remove_note": MessageSpec(required=_NOTE, doing="Removing the note"),
    "restore_note": MessageSpec(required=_NOTE, doing="Putting the note back"),
    "erase_note": MessageSpec(required=_NOTE, doing="Erasing the note"),
    "star_note": MessageSpec(required={**_NOTE, "starred": "bool"}, doing="Starring the note"),
    "ask_clarification": MessageSpec(
        required={**_NOTE, "question": "text"}, doing="Asking about the note"
    ),
    "answer_clarification": MessageSpec(
        required={**_NOTE, "reply": "text"}, doing="Answering the question"
    ),
    "accept_clarification": MessageSpec(required=_NOTE, doing="Marking the note as clear"),
    "suggest_wording": MessageSpec(
        required={**_NOTE, "text": "text"}, doing="Suggesting new words"
    ),
    "accept_wording": MessageSpec(required=_NOTE, doing="Taking the suggested words"),
    "decline_wording": MessageSpec(required=_NOTE, doing="Keeping the note's own words"),
    "move_note": MessageSpec(required={**_NOTE, "chart_id": "int"}, doing="Moving the note"),
    "lock_chart": MessageSpec(
        required={**_OP, "chart_id": "int", "locked": "bool"}, doing="Locking the chart"
    ),
    "lock_board": MessageSpec(required={**_OP, "locked": "bool"}, doing="Pausing the board"),
    # A row of a person's costing. Amounts and hours are sent as typed ("£12.50",
    # "7.5"): the server reads them exactly (plans.money) and says what was wrong.
    "save_cost_line": MessageSpec(
        required={**_OP, "focus_person_id": "int", "what": "text"},
        optional={
            "line_id": "int",
            "who": "text",
            "paid": "bool",
            "hours_per_week": "text",
            "hourly_rate": "text",
            "amount": "text",
            "period": "text",
            "is_contingency": "bool",
        },
        doing="Saving the costing",
    ),
    "remove_cost_line": MessageSpec(
        required={**_OP, "focus_person_id": "int", "line_id": "int"},
        doing="Taking the row off the costing",
    ),
    # A row of a person's action plan, in their words (the SMART helper only suggests).
    "save_action": MessageSpec(
        required={**_OP, "focus_person_id": "int", "what": "text"},
        optional={"action_id": "int", "who": "text", "when": "text", "how_we_know": "text"},
        doing="Saving the action",
    ),
    "remove_action": MessageSpec(
        required={**_OP, "focus_person_id": "int", "action_id": "int"},
        doing="Taking the action off the plan",
    ),
    # "Make this clearer" on a costing row or an action: ``row`` is "cost_line" or
    # "action", as on a note (ask and close: the facilitator; answer: the person's table).
    "ask_row_question": MessageSpec(
        required={**_ROW, "question": "text"}, doing="Asking about the row"
    ),
    "answer_row_question": MessageSpec(
        required={**_ROW, "reply": "text"}, doing="Answering the question"
    ),
    "close_row_question": MessageSpec(required=_ROW, doing="Marking the row as clear"),
}
BOARD_COMMANDS = frozenset(BOARD_MESSAGES) - {"hello", "ping"}

# What each field is, in words, for "your page did not send ..." messages.
FIELD_WORDS = {
    "id": "the check number",
    "op_id": "the number it gives each change",
    "chart_id": "which chart it is for",
    "note_id": "which note it is about",
    "text": "the words",
    "base_version": "which version of the note was being changed",
    "starred": "whether to star it",
    "locked": "whether to lock it",
    "question": "the question",
    "reply": "the answer",
    "last_seq": "where the screen left off",
    "focus_person_id": "whose plan it is for",
    "line_id": "which row it is about",
    "what": "what it is",
    "action_id": "which action it is about",
    "row": "which kind of row it is about",
    "row_id": "which row it is about",
    "day": "which kind of day it is for",
}
RELOAD = "Nothing was changed. Reload the page and try again."


def _unreadable(what: str) -> str:
    return f"Your page sent {what} the board could not read, so nothing was changed."


def message_decode(
    *, text_data: str | None, bytes_data: bytes | None, specs: dict[str, MessageSpec]
) -> dict:
    """Parse one frame into a dict of an allowed type, or raise ``ProtocolError``."""
    if bytes_data is not None or text_data is None:
        raise ProtocolError("binary_frame", _unreadable("binary data, which"))
    try:
        message = json.loads(text_data)
    except (ValueError, RecursionError) as error:
        raise ProtocolError("bad_json", _unreadable("a message")) from error
    if not isinstance(message, dict):
        raise ProtocolError("bad_message", _unreadable("a message"))
    op_id = message.get("op_id") if is_id(message.get("op_id")) else None
    message_type = message.get("type")
    if not isinstance(message_type, str) or message_type not in specs:
        raise ProtocolError(
            "unknown_type",
            "Your page asked the board to do something it does not know how to do. " + RELOAD,
            op_id=op_id,
        )
    spec = specs[message_type]
    fields = set(message) - {"type"}
    missing = sorted(set(spec.required) - fields)
    extra = fields - set(spec.required) - set(spec.optional)
    if missing:
        words = " or ".join(FIELD_WORDS.get(name, "everything needed") for name in missing)
        raise ProtocolError(
            "missing_field",
            f"{spec.doing} did not work: your page did not send {words}. {RELOAD}",
            op_id=op_id,
        )
    if extra:
        raise ProtocolError(
            "unexpected_field",
            f"{spec.doing} did not work: your page sent something the board does not "
            f"expect. {RELOAD}",
            op_id=op_id,
        )
    for name, kind in {**spec.required, **spec.optional}.items():
        if name in message and not KINDS[kind](message[name]):
            words = FIELD_WORDS.get(name, "something")
            if kind == "text":
                raise ProtocolError(
                    "bad_text",
                    f"{spec.doing} did not work: {words} did not arrive as text. {RELOAD}",
                    op_id=op_id,
                )
            raise ProtocolError(
                "bad_field",
                f"{spec.doing} did not work: your page sent {words} in a form the board "
                f"cannot use. {RELOAD}",
                op_id=op_id,
            )
    return message


# --- Outgoing frames -------------------------------------------------------------


def _dumps(value) -> str:
    # UTF-8 as it is: "é" costs 2 bytes, not the 6 of "\u00e9".
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode())


def frames_of(message: dict, *, split: str | None = None, budget: int = FRAME_BUDGET) -> list[str]:
    """``message`` as one or more JSON text frames, each at most ``budget`` bytes of UTF-8.

    A message that fits is one frame. Otherwise the lists in ``message[split]``
    (or in ``message`` itself when ``split`` is None) are shared out, in
    order, across frames: the first is the message with ``"parts": n`` and the
    first items; each further frame is ``{"type": "more", "part": k,
    "parts": n, ...}`` with the same shape, holding only further items of
    those lists. A client joins each list onto the same list of the first frame.
    """
    container = message[split] if split is not None else message
    lists = [key for key, value in container.items() if isinstance(value, list)]
    if not any(container[key] for key in lists):
        # Nothing to share out (a note's change, an ack): one encoding, one frame.
        return [_dumps(message)]
    # Each item is encoded once; every frame, or the one frame, is written
    # around the encoded items, so a large board is never encoded twice.
    items = [(key, _dumps(item)) for key in lists for item in container[key]]
    scalars = {key: value for key, value in container.items() if key not in lists}
    outer = {key: value for key, value in message.items() if key != split} if split else {}

    def frame(head: dict, part_items: list[tuple[str, str]], own: dict, *, first: bool) -> str:
        # The first frame names every list (empty or not), so its shape is the message's.
        own_fields = [f"{_dumps(k)}:{_dumps(v)}" for k, v in own.items()]
        list_fields = [
            f"{_dumps(key)}:[{','.join(text for name, text in part_items if name == key)}]"
            for key in lists
            if first or any(name == key for name, _ in part_items)
        ]
        head_fields = [f"{_dumps(k)}:{_dumps(v)}" for k, v in head.items()]
        if split is None:
            return "{" + ",".join(own_fields + head_fields + list_fields) + "}"
        body = "{" + ",".join(own_fields + list_fields) + "}"
        return "{" + ",".join([*head_fields, f"{_dumps(split)}:{body}"]) + "}"

    whole = frame(outer, items, scalars, first=True)
    if _size(whole) <= budget:
        return [whole]
    # Share the items out greedily. The bookkeeping fields are at most a few
    # dozen bytes; 100 covers "parts" and "part" with any number of digits.
    first_room = budget - _size(frame({**outer, "parts": 0}, [], scalars, first=True)) - 100
    more_head = {"type": "more", "part": 0, "parts": 0}
    later_room = budget - _size(frame(more_head, [], {}, first=False)) - 100
    parts: list[list[tuple[str, str]]] = [[]]
    room = first_room
    for key, text in items:
        cost = _size(text) + _size(key) + 8
        if cost > room and parts[-1]:
            parts.append([])
            room = later_room
        parts[-1].append((key, text))
        room -= cost
    n = len(parts)
    frames = [frame({**outer, "parts": n}, parts[0], scalars, first=True)]
    frames += [
        frame({"type": "more", "part": k, "parts": n}, part, {}, first=False)
        for k, part in enumerate(parts[1:], start=2)
    ]
    return frames


def event_texts_for(message: dict, *, audience: str) -> list[str]:
    """The frames of a broadcast ``board.event`` made for ``audience``.

    Most changes read the same for everyone (``texts``). A change with words
    some screens may not have (a removed note, what an edit replaced) also
    carries ``texts_by``: the frames for each audience that gets more
    (``domain.event_audiences``, ``domain.event_audience_of``).
    """
    by = message.get("texts_by")
    if by:
        return by.get(audience, message["texts"])
    return message["texts"]


def frames_join(frames: list[dict]) -> dict:
    """The message ``frames`` (decoded, in order) carried: the reverse of ``frames_of``."""
    message = dict(frames[0])
    message.pop("parts", None)
    for more in frames[1:]:
        _join_into(message, {k: v for k, v in more.items() if k not in {"type", "part", "parts"}})
    return message


def _join_into(target: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, list):
            target[key] = [*target.get(key, []), *value]
        elif isinstance(value, dict):
            inner = dict(target.get(key, {}))
            _join_into(inner, value)
            target[key] = inner
