"""The live board's rules, as plain Python: no Django, no database, no event loop.

Services load the few facts a rule needs, ask this module whether a change is
allowed (each ``check_*`` raises ``DomainError`` with a code and a plain-English
message), write the change, and describe it as an event. ``event_apply`` folds
events into a ``Board``, which is how screens (and the tests) stay in step.
"""

import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

NOTE_MAX_LENGTH = 1000
QUESTION_MAX_LENGTH = 300
NAME_MAX_LENGTH = 60

FACILITATOR = "facilitator"
PARTICIPANT = "participant"

# Line breaks and tabs are ordinary in a note; every other control character
# (NUL, escape, backspace...) is refused rather than stored.
ALLOWED_CONTROLS = {"\n", "\t"}


class DomainError(Exception):
    """A change the rules do not allow, with a machine code and a message for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Actor:
    """Who is acting, as the server established it (never from a message field)."""

    role: str
    key: str
    name: str
    participant_id: int | None = None
    user_id: int | None = None
    focus_person_id: int | None = None
    # How a participant joined ("me", "family", ...) and, for "me", whether that
    # is confirmed: only for naming them in a plan's history and audit log.
    relation: str = ""
    me_confirmed: bool = True

    @property
    def is_facilitator(self) -> bool:
        """True for the session's facilitator."""
        return self.role == FACILITATOR


@dataclass(frozen=True)
class TableView:
    id: int
    name: str
    position: int


@dataclass(frozen=True)
class FocusPersonView:
    id: int
    first_name: str
    colour: str
    symbol: str
    table_id: int | None
    is_private: bool
    position: int


@dataclass(frozen=True)
class ChartView:
    id: int
    focus_person_id: int
    title: str
    prompt: str
    position: int
    is_locked: bool


@dataclass(frozen=True)
class NoteView:
    id: int
    chart_id: int
    author_key: str
    author_name: str
    text: str
    is_starred: bool
    clarification: str
    clarification_question: str
    clarification_reply: str
    is_removed: bool
    version: int
    created_seq: int
    updated_seq: int
    changed_by: str = ""  # who changed the words, if not the writer
    suggestion: str = ""  # the facilitator's suggested words, until the writer decides
    suggested_by: str = ""
    day: str = ""  # "", "good" or "bad": the kind of day it is true on (plans.headings)


@dataclass
class Board:
    """Everything one viewer can see of a session, at sequence number ``seq``."""

    session_id: int
    title: str
    is_locked: bool
    seq: int
    tables: dict[int, TableView] = field(default_factory=dict)
    focus_people: dict[int, FocusPersonView] = field(default_factory=dict)
    charts: dict[int, ChartView] = field(default_factory=dict)
    notes: dict[int, NoteView] = field(default_factory=dict)
    # Each person's indicative budget once it is revealed (plans.selectors.budget_payload),
    # by focus person id. Only the person's own screens and their allies' ever hold one.
    budgets: dict[int, dict] = field(default_factory=dict)
    # Each person's costing (plans.selectors.costing_payload), by focus person id: for
    # the same screens as their budget.
    costings: dict[int, dict] = field(default_factory=dict)
    # Each person's action plan (plans.selectors.action_payload rows), by focus person
    # id: seen by whoever sees the person's charts.
    actions: dict[int, list] = field(default_factory=dict)
    # The seq at which each thing was last set ("chart-12", "board"...); a thing
    # not listed was set at ``seq``'s starting value, as in a snapshot.
    versions: dict[str, int] = field(default_factory=dict, compare=False)
    base_seq: int = field(default=0, compare=False)
    # The seq of the latest change to who may see what (see PlanningSession).
    visibility_seq: int = field(default=0, compare=False)


# --- Text ------------------------------------------------------------------


def text_clean(text: Any, *, max_length: int = NOTE_MAX_LENGTH, what: str = "A note") -> str:
    """Return note text trimmed, or raise: empty, too long or with control characters."""
    if not isinstance(text, str):
        raise DomainError("bad_text", f"{what} did not arrive as text, so it was not saved.")
    cleaned = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not cleaned:
        raise DomainError("empty_text", f"{what} cannot be empty. Write something first.")
    if len(cleaned) > max_length:
        raise DomainError(
            "text_too_long",
            f"{what} can be up to {max_length:,} characters. This one has {len(cleaned):,}. "
            "Nothing was saved: shorten it, or split it into two.",
        )
    # Cc: control characters. Cs: a lone half of a UTF-16 pair, which a JSON
    # "\ud800" can carry but no database or UTF-8 text can hold.
    if any(
        unicodedata.category(ch) in {"Cc", "Cs"} and ch not in ALLOWED_CONTROLS for ch in cleaned
    ):
        raise DomainError(
            "control_characters",
            f"{what} contains hidden or broken characters, so it was not saved. "
            "Type it again without pasting.",
        )
    return cleaned


# --- Who may see and write what ---------------------------------------------


def can_view_focus_person(*, actor: Actor, focus_person: FocusPersonView) -> bool:
    """Private charts are for that person, their allies and the facilitator only."""
    return (
        actor.is_facilitator
        or not focus_person.is_private
        or actor.focus_person_id == focus_person.id
    )


def _check_writable(*, actor: Actor, board_locked: bool, chart: ChartView) -> None:
    if actor.is_facilitator:
        return
    if actor.focus_person_id != chart.focus_person_id:
        raise DomainError(
            "not_your_chart",
            "You can read these charts, but only write on the charts of the person you came with.",
        )
    if board_locked:
        raise DomainError(
            "board_locked", "The facilitator has paused writing for everyone. Nothing was saved."
        )
    if chart.is_locked:
        raise DomainError(
            "chart_locked", "The facilitator has locked this chart. Nothing was saved."
        )


def check_write_plan_rows(*, actor: Actor, board_locked: bool, focus_person_id: int) -> None:
    """May ``actor`` change the costing or the action plan of person ``focus_person_id``?
    The person, their allies and the facilitator may, while the board is not paused."""
    if actor.is_facilitator:
        return
    if actor.focus_person_id != focus_person_id:
        raise DomainError(
            "not_your_plan", "Only the person and the people with them can change their plan."
        )
    if board_locked:
        raise DomainError(
            "board_locked", "The facilitator has paused writing for everyone. Nothing was saved."
        )


def _check_own_note(*, actor: Actor, note: NoteView, action: str) -> None:
    if not actor.is_facilitator and note.author_key != actor.key:
        raise DomainError("not_your_note", f"You can only {action} notes you wrote yourself.")


def check_add_note(*, actor: Actor, board_locked: bool, chart: ChartView) -> None:
    """May ``actor`` add a note to ``chart``?"""
    _check_writable(actor=actor, board_locked=board_locked, chart=chart)


def check_change_note(
    *, actor: Actor, board_locked: bool, chart: ChartView, note: NoteView, action: str
) -> None:
    """May ``actor`` edit, remove or restore ``note``? (``action`` words the refusal.)"""
    _check_writable(actor=actor, board_locked=board_locked, chart=chart)
    _check_own_note(actor=actor, note=note, action=action)
    if note.is_removed and action != "restore":
        raise DomainError("note_removed", "That note has been removed.")


# The kinds of day a note can be for ("" any day): plans.headings.DAY_WORDS.
NOTE_DAYS = frozenset({"", "good", "bad"})


def day_clean(day: Any) -> str:
    """A note's kind of day as sent ("", "good" or "bad"), or raise with plain words."""
    if day not in NOTE_DAYS:
        raise DomainError(
            "bad_day",
            "Your page sent a kind of day the board does not know, so nothing was saved. "
            "Choose any day, a good day or a bad day.",
        )
    return day


def check_erase_note(*, actor: Actor, note: NoteView) -> None:
    """May ``actor`` erase ``note`` for good? Its writer or the facilitator, once removed.

    No lock stops it: erasing takes nothing from anyone's board (only the
    writer and the facilitator still see a removed note's words), and it is
    the writer's right to have their words gone.
    """
    if not note_words_allowed(actor=actor, author_key=note.author_key):
        raise DomainError("not_your_note", "You can only erase notes you wrote yourself.")
    if not note.is_removed:
        raise DomainError("not_removed", "Remove the note first. Then you can erase it for good.")


def check_facilitator(*, actor: Actor) -> None:
    """Only the facilitator may star, move, lock, or ask for a note to be made clearer."""
    if not actor.is_facilitator:
        raise DomainError("facilitator_only", "Only the facilitator can do that.")


def check_answer_clarification(
    *, actor: Actor, board_locked: bool, chart: ChartView, note: NoteView
) -> None:
    """The note's author (or the facilitator) answers a request to make it clearer."""
    check_change_note(
        actor=actor, board_locked=board_locked, chart=chart, note=note, action="answer questions on"
    )
    if note.clarification != "asked":
        raise DomainError(
            "no_question", "Nobody has asked about this note, so there is nothing to answer."
        )


def check_suggest_wording(*, actor: Actor, note: NoteView, text: str) -> None:
    """Only the facilitator suggests new words, for a note someone else wrote.

    The course's rule is that facilitators do not write on a person's chart for
    them: they offer words, and the writer decides (``check_decide_wording``).
    """
    check_facilitator(actor=actor)
    if note.is_removed:
        raise DomainError("note_removed", "That note has been removed.")
    if note.author_key == actor.key:
        raise DomainError("your_own_note", "That note is yours, so change the words yourself.")
    if text == note.text:
        raise DomainError(
            "same_words", "Those are the note's words already. Change something, then suggest it."
        )


def check_decide_wording(
    *, actor: Actor, board_locked: bool, chart: ChartView, note: NoteView, accept: bool
) -> None:
    """The writer takes the suggested words or keeps their own; the facilitator may
    take a suggestion back, but only the writer can take it."""
    if not note.suggestion:
        raise DomainError("no_suggestion", "Nobody has suggested new words for this note.")
    if accept and note.author_key != actor.key:
        raise DomainError(
            "not_your_note", "Only the person who wrote the note can take the suggested words."
        )
    check_change_note(
        actor=actor,
        board_locked=board_locked,
        chart=chart,
        note=note,
        action="answer suggestions for",
    )


def check_move_note(*, actor: Actor, note: NoteView, target: ChartView, source: ChartView) -> None:
    """A note moves to another heading of the same person's charts."""
    check_facilitator(actor=actor)
    if target.focus_person_id != source.focus_person_id:
        raise DomainError(
            "wrong_person", "A note can only move to another heading of the same person's charts."
        )
    if target.id == source.id:
        raise DomainError("same_chart", "The note is already under that heading.")


def edit_overwrites(*, note: NoteView, base_version: int | None) -> bool:
    """True when an edit was made on an older version: the later write still wins,
    and the event says so, so nobody's edit vanishes without a trace."""
    return base_version is not None and base_version != note.version


# --- Folding events into a board ---------------------------------------------


def note_from_payload(data: dict) -> NoteView:
    """A NoteView from an event's ``note`` payload."""
    return NoteView(**{name: data[name] for name in NoteView.__dataclass_fields__})


def chart_from_payload(data: dict) -> ChartView:
    """A ChartView from an event's ``chart`` payload."""
    return ChartView(**{name: data[name] for name in ChartView.__dataclass_fields__})


def focus_person_from_payload(data: dict) -> FocusPersonView:
    """A FocusPersonView from an event's ``focus_person`` payload."""
    return FocusPersonView(**{name: data[name] for name in FocusPersonView.__dataclass_fields__})


def table_from_payload(data: dict) -> TableView:
    """A TableView from an event's ``table`` payload."""
    return TableView(**{name: data[name] for name in TableView.__dataclass_fields__})


NOTE_EVENTS = {
    "note_added",
    "note_edited",
    "note_removed",
    "note_restored",
    "note_starred",
    "note_moved",
    "clarification_asked",
    "clarification_answered",
    "clarification_accepted",
    "wording_suggested",
    "wording_accepted",
    "wording_declined",
}


def _newer(board: Board, key: str, seq: int, *, floor: int = 0) -> bool:
    """Is a change at ``seq`` newer than what ``board`` holds for ``key``? If so, record it.

    Everything, held or not, counts as set at ``base_seq`` (the snapshot's
    seq): an older event about a thing the snapshot left out (a removed note)
    must not bring it back.
    """
    held = max(board.versions.get(key, board.base_seq), floor)
    if seq <= held:
        return False
    board.versions[key] = seq
    return True


def _note_erase(board: Board, note_id: int, seq: int) -> None:
    # An erased note leaves the board; holding its seq keeps older events from
    # bringing it back.
    current = board.notes.get(note_id)
    floor = current.updated_seq if current is not None else 0
    if _newer(board, f"note-{note_id}", seq, floor=floor):
        board.notes.pop(note_id, None)


def _note_set(board: Board, note: NoteView, seq: int) -> None:
    # A note never goes back to an older state than the one held.
    current = board.notes.get(note.id)
    floor = current.updated_seq if current is not None else 0
    if _newer(board, f"note-{note.id}", seq, floor=floor):
        board.notes[note.id] = note


def event_apply(board: Board, event: dict) -> Board:
    """Return ``board`` with one event applied, the way docs/live-protocol.md (3.2) says.

    Events are after-images, and each thing on the board remembers the seq at
    which it was last set, so an event changes a thing only if it is newer:
    applying one twice, or an older one after a newer, or any shuffle of a
    session's events, ends with the same board.
    """
    kind = event["kind"]
    seq = event["seq"]
    board = replace(
        board,
        seq=max(board.seq, seq),
        tables=dict(board.tables),
        focus_people=dict(board.focus_people),
        charts=dict(board.charts),
        notes=dict(board.notes),
        budgets=dict(board.budgets),
        costings=dict(board.costings),
        actions=dict(board.actions),
        versions=dict(board.versions),
    )
    if kind in NOTE_EVENTS:
        _note_set(board, note_from_payload(event["note"]), seq)
    elif kind == "note_erased":
        _note_erase(board, event["note_id"], seq)
    elif kind == "chart_locked":
        chart = chart_from_payload(event["chart"])
        if _newer(board, f"chart-{chart.id}", seq):
            board.charts[chart.id] = chart
    elif kind == "board_locked":
        if _newer(board, "board", seq):
            board.is_locked = event["is_locked"]
    elif kind in {"focus_person_added", "focus_person_updated"}:
        person = focus_person_from_payload(event["focus_person"])
        if _newer(board, f"person-{person.id}", seq):
            board.focus_people[person.id] = person
        for chart_data in event.get("charts", []):
            chart = chart_from_payload(chart_data)
            if _newer(board, f"chart-{chart.id}", seq):
                board.charts[chart.id] = chart
        # A plan brought from an earlier session arrives with the notes on its charts.
        for note_data in event.get("notes", []):
            _note_set(board, note_from_payload(note_data), seq)
    elif kind == "plan_moved":
        # The person took their plan on to a later session: its charts, and the
        # notes on them, are no longer on this board.
        gone = set(event["chart_ids"])
        for chart_id in gone:  # an older event about one of them must not bring it back
            _newer(board, f"chart-{chart_id}", seq)
        board.charts = {cid: c for cid, c in board.charts.items() if cid not in gone}
        board.notes = {nid: n for nid, n in board.notes.items() if n.chart_id not in gone}
        # The budget goes with the plan, to the board it moved to.
        person_id = event["focus_person_id"]
        if _newer(board, f"budget-{person_id}", seq):
            board.budgets.pop(person_id, None)
        if _newer(board, f"costing-{person_id}", seq):
            board.costings.pop(person_id, None)
        if _newer(board, f"actions-{person_id}", seq):
            board.actions.pop(person_id, None)
    elif kind == "actions_shown":
        person_id = event["focus_person_id"]
        if _newer(board, f"actions-{person_id}", seq):
            if event["actions"]:
                board.actions[person_id] = event["actions"]
            else:
                board.actions.pop(person_id, None)
    elif kind == "costing_shown":
        person_id = event["focus_person_id"]
        if _newer(board, f"costing-{person_id}", seq):
            if event["costing"] is None:
                board.costings.pop(person_id, None)
            else:
                board.costings[person_id] = event["costing"]
    elif kind == "budget_shown":
        person_id = event["focus_person_id"]
        if _newer(board, f"budget-{person_id}", seq):
            if event["budget"] is None:
                board.budgets.pop(person_id, None)
            else:
                board.budgets[person_id] = event["budget"]
    elif kind == "table_saved":
        table = table_from_payload(event["table"])
        if _newer(board, f"table-{table.id}", seq):
            board.tables[table.id] = table
    return board


# --- Streams: how a screen knows it missed nothing (docs/live-protocol.md, 3.4) ---

PUBLIC_STREAM = "public"
PRIVATE_STREAM_PREFIX = "private-"
# A person's money (their revealed budget): for their own screens and their
# allies' only. Never the facilitator's board screens, one of which may be the
# projector: the facilitator reads budgets on the set-up and plan pages.
MONEY_STREAM_PREFIX = "money-"
# The changes that go in a person's money stream.
MONEY_EVENTS = frozenset({"budget_shown", "costing_shown"})


def private_stream(*, focus_person_id: int) -> str:
    """The stream of a private person's changes: ``private-<id>``."""
    return f"{PRIVATE_STREAM_PREFIX}{int(focus_person_id)}"


def money_stream(*, focus_person_id: int) -> str:
    """The stream of a person's money: ``money-<id>``."""
    return f"{MONEY_STREAM_PREFIX}{int(focus_person_id)}"


def stream_is_money(stream: str) -> bool:
    """Is ``stream`` a person's money stream (seen by them and their allies only)?"""
    return stream.startswith(MONEY_STREAM_PREFIX)


def stream_focus_person_id(stream: str) -> int | None:
    """The person a private or money stream belongs to; None for the public stream."""
    for prefix in (PRIVATE_STREAM_PREFIX, MONEY_STREAM_PREFIX):
        if stream.startswith(prefix):
            return int(stream.removeprefix(prefix))
    return None


def stream_of(
    *, focus_person: FocusPersonView | None, visibility_change: bool = False, kind: str = ""
) -> str:
    """The stream a change belongs to: a person's money stream (``MONEY_EVENTS``), a
    private person's own, or the public one.

    A change to who may see a person (made private or public) is public
    whatever the person is after it: everyone's view changes, so everyone is told.
    """
    if focus_person is not None and kind in MONEY_EVENTS:
        return money_stream(focus_person_id=focus_person.id)
    if focus_person is not None and focus_person.is_private and not visibility_change:
        return private_stream(focus_person_id=focus_person.id)
    return PUBLIC_STREAM


def streams_visible_to(*, actor: Actor) -> list[str] | None:
    """The streams ``actor`` sees, or None for the facilitator: the public stream and
    every private one (never a money stream, see ``MONEY_STREAM_PREFIX``)."""
    if actor.is_facilitator:
        return None
    streams = [PUBLIC_STREAM]
    if actor.focus_person_id is not None:
        streams.append(private_stream(focus_person_id=actor.focus_person_id))
        streams.append(money_stream(focus_person_id=actor.focus_person_id))
    return streams


def board_visible_to(*, board: Board, actor: Actor) -> Board:
    """The part of ``board`` that ``actor`` may see (private people hidden from others)."""
    people = {
        pid: person
        for pid, person in board.focus_people.items()
        if can_view_focus_person(actor=actor, focus_person=person)
    }
    charts = {cid: c for cid, c in board.charts.items() if c.focus_person_id in people}
    # A removed note stays only for its writer and the facilitator (to undo or
    # erase it); everyone else's board no longer has it.
    notes = {
        nid: n
        for nid, n in board.notes.items()
        if n.chart_id in charts
        and (not n.is_removed or note_words_allowed(actor=actor, author_key=n.author_key))
    }
    # A budget only for the person's own screens and their allies'.
    budgets = {
        pid: budget
        for pid, budget in board.budgets.items()
        if not actor.is_facilitator and pid == actor.focus_person_id
    }
    costings = {
        pid: costing
        for pid, costing in board.costings.items()
        if not actor.is_facilitator and pid == actor.focus_person_id
    }
    actions = {pid: rows for pid, rows in board.actions.items() if pid in people}
    return replace(
        board,
        focus_people=people,
        charts=charts,
        notes=notes,
        budgets=budgets,
        costings=costings,
        actions=actions,
    )


# --- Words taken back: who may still read them (docs/live-protocol.md, 6) ----------

# A note's words: what a removed note no longer shows anyone but its writer and
# the facilitator.
# What people who have gone are called wherever their name was (erasure).
LEFT_NAME = "Someone who has left"
NOTE_WORDS = ("text", "clarification_question", "clarification_reply", "suggestion")
# The audience of the whole event, before anything is taken out of it.
AUDIENCE_FACILITATOR = "facilitator"


def note_words_allowed(*, actor: Actor, author_key: str) -> bool:
    """May ``actor`` read the words of a removed note, or what an edit replaced?

    Only the note's writer and the facilitator: words someone took back are
    theirs (and the facilitator's, who helps them undo or erase them).
    """
    return actor.is_facilitator or actor.key == author_key


def note_blanked(note: dict) -> dict:
    """A note payload with its words taken out (for a removed or erased note)."""
    return {**note, **dict.fromkeys(NOTE_WORDS, "")}


def event_notes(event: dict) -> list[dict]:
    """Every note payload ``event`` carries (its ``note``, a brought plan's ``notes``)."""
    notes = [event["note"]] if isinstance(event.get("note"), dict) else []
    return notes + list(event.get("notes", []))


def _event_for(event: dict, *, sees_all: bool, key: str | None, removed_ids) -> dict:
    """``event`` as a viewer who is the facilitator (``sees_all``) or has ``key`` gets it."""
    if sees_all:
        return event

    def shown(note: dict) -> dict:
        if note["author_key"] == key:
            return note
        if note["is_removed"] or note["id"] in removed_ids:
            return note_blanked(note)
        return note

    out = event
    if isinstance(event.get("note"), dict):
        note = shown(event["note"])
        if note is not event["note"]:
            out = {**out, "note": note}
        if "previous" in event and event["note"]["author_key"] != key:
            out = {name: value for name, value in out.items() if name != "previous"}
    if event.get("notes"):
        notes = [shown(note) for note in event["notes"]]
        if any(a is not b for a, b in zip(notes, event["notes"], strict=True)):
            out = {**out, "notes": notes}
    return out


def event_visible_to(event: dict, *, actor: Actor, removed_ids=frozenset()) -> dict:
    """What ``actor`` may receive of ``event``: the one rule for live and replayed events.

    A removed note's words reach only its writer and the facilitator (everyone
    else gets the note blanked); so does ``previous``, the words an edit
    replaced. ``removed_ids`` are notes removed *now*: a replay blanks them in
    every earlier event too, so a resuming screen never receives words that
    were taken back while it was away. Returns ``event`` itself when nothing
    is taken out.
    """
    return _event_for(event, sees_all=actor.is_facilitator, key=actor.key, removed_ids=removed_ids)


def event_audiences(event: dict) -> dict[str, dict]:
    """Every different version of ``event`` a screen may get, each made once.

    ``{"others": ...}`` alone when everyone gets the same; otherwise also
    ``"facilitator"`` (the whole event) and each writer whose words are in it
    but not in ``others``. A screen picks with ``event_audience_of``.
    """
    others = _event_for(event, sees_all=False, key=None, removed_ids=frozenset())
    if others is event:
        return {"others": event}
    audiences = {"others": others, AUDIENCE_FACILITATOR: event}
    keys = {note["author_key"] for note in event_notes(event) if note["is_removed"]}
    if "previous" in event:
        keys.add(event["note"]["author_key"])
    for key in keys:
        audiences[key] = _event_for(event, sees_all=False, key=key, removed_ids=frozenset())
    return audiences


def event_audience_of(*, actor: Actor) -> str:
    """Which ``event_audiences`` key is ``actor``'s (a missing key means ``others``)."""
    return AUDIENCE_FACILITATOR if actor.is_facilitator else actor.key


PRESENCE_EVERYONE = "everyone"
PRESENCE_PUBLIC = "public"


def presence_visible_to(*, people: list[dict], actor: Actor) -> list[dict]:
    """The "here now" list ``actor`` may see: allies of private people are left out."""
    return [
        {key: value for key, value in person.items() if key != "is_private"}
        for person in people
        if not person["is_private"]
        or actor.is_facilitator
        or actor.focus_person_id == person["focus_person_id"]
    ]


def presence_audience_of(*, actor: Actor) -> str:
    """Which version of the "here now" list ``actor`` gets (see ``presence_by_audience``)."""
    if actor.is_facilitator:
        return PRESENCE_EVERYONE
    return f"person-{actor.focus_person_id}"


def presence_by_audience(*, people: list[dict]) -> dict[str, list[dict]]:
    """Every different "here now" list a screen may be shown, each made once.

    ``everyone`` is the facilitator's; ``public`` leaves out the allies of
    private people; ``person-<id>`` is what a private person's own table sees.
    A screen whose ``presence_audience_of`` key is missing gets ``public``.
    Each list equals ``presence_visible_to`` for a viewer of that audience.
    """
    shown = [{key: value for key, value in p.items() if key != "is_private"} for p in people]
    lists = {
        PRESENCE_EVERYONE: shown,
        PRESENCE_PUBLIC: [s for s, p in zip(shown, people, strict=True) if not p["is_private"]],
    }
    for person_id in {p["focus_person_id"] for p in people if p["is_private"]}:
        lists[f"person-{person_id}"] = [
            s
            for s, p in zip(shown, people, strict=True)
            if not p["is_private"] or p["focus_person_id"] == person_id
        ]
    return lists


def presence_for_audience(*, lists: dict, audience: str):
    """The list (or its serialised text) for ``audience``, from ``presence_by_audience``."""
    return lists.get(audience, lists[PRESENCE_PUBLIC])
