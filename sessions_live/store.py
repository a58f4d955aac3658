"""SQL for the board's busiest path: one board command, a handful of statements.

Through the ORM a board command cost about 2.8 ms of CPU, nearly all of it
Python building the same queries again on every note (docs/performance.md);
with a room of people writing at once, that was the ceiling. The statements
here are written once, from the models' own table and column names, and run
on SQLite (3.35+, for RETURNING) and PostgreSQL alike. They read straight into
the domain's plain views, never model instances.

Only the per-command path lives here; everything else uses the ORM. Callers
run these inside ``transaction.atomic``.
"""

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.utils import timezone

from sessions_live.domain import (
    PUBLIC_STREAM,
    ChartView,
    FocusPersonView,
    NoteView,
    private_stream,
)
from sessions_live.models import BoardEvent, Chart, FocusPerson, Note, Participant, PlanningSession

# Higher than any seq (PositiveBigIntegerField), for "the latest, whenever".
MAX_SEQ = 2**63 - 1


@dataclass(frozen=True)
class SessionRow:
    """What a board command needs to know about its session, read in one statement."""

    id: int
    facilitator_id: int
    is_locked: bool
    last_seq: int
    participant_active: bool
    earlier_seq: int | None


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model, names: list[str]) -> str:
    return ", ".join(
        connection.ops.quote_name(model._meta.get_field(name).column) for name in names
    )


def _column(model, name: str, alias: str = "") -> str:
    quoted = connection.ops.quote_name(model._meta.get_field(name).column)
    return f"{alias}.{quoted}" if alias else quoted


NOTE_FIELDS = [
    "id",
    "chart",
    "author_participant",
    "author_user",
    "author_name",
    "text",
    "is_starred",
    "clarification",
    "clarification_question",
    "clarification_reply",
    "is_removed",
    "version",
    "created_seq",
    "updated_seq",
    "changed_by",
    "suggestion",
    "suggested_by",
    "day",
]
CHART_FIELDS = ["id", "focus_person", "title", "prompt", "position", "is_locked"]
PERSON_FIELDS = ["id", "first_name", "colour", "symbol", "table", "is_private", "position"]
NOTE_CHANGEABLE = [
    "chart",
    "text",
    "is_starred",
    "clarification",
    "clarification_question",
    "clarification_reply",
    "is_removed",
    "version",
    "updated_seq",
    "changed_by",
    "suggestion",
    "suggested_by",
    "day",
]


def _select_list(model, alias: str, names: list[str]) -> str:
    return ", ".join(_column(model, name, alias) for name in names)


@cache
def _statements(vendor: str) -> dict[str, str]:
    """Every statement, built once per database vendor from the models."""
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update else ""
    session_fields = ["id", "facilitator", "is_locked", "last_seq"]
    session, chart, person = _table(PlanningSession), _table(Chart), _table(FocusPerson)
    note, event, participant = _table(Note), _table(BoardEvent), _table(Participant)
    chart_person = _column(Chart, "focus_person", "c")
    chart_join = f"JOIN {person} p ON {chart_person} = {_column(FocusPerson, 'id', 'p')}"
    note_insert_fields = [f for f in NOTE_FIELDS if f != "id"] + [
        "session",
        "created_at",
        "updated_at",
    ]
    note_update = ", ".join(
        f"{_column(Note, name)} = %s" for name in [*NOTE_CHANGEABLE, "updated_at"]
    )
    event_fields = [
        "session",
        "seq",
        "kind",
        "focus_person",
        "actor_key",
        "op_id",
        "stream",
        "payload",
        "created_at",
    ]
    return {
        # The session row (locked), whether the participant may still write, and
        # whether this operation id was already applied: one round trip.
        "session": (
            f"SELECT {_select_list(PlanningSession, 's', session_fields)}, "
            f"(SELECT 1 FROM {participant} WHERE {_column(Participant, 'id')} = %s "
            f"AND {_column(Participant, 'session')} = {_column(PlanningSession, 'id', 's')} "
            f"AND {_column(Participant, 'removed_at')} IS NULL), "
            f"(SELECT {_column(BoardEvent, 'seq')} FROM {event} "
            f"WHERE {_column(BoardEvent, 'session')} = {_column(PlanningSession, 'id', 's')} "
            f"AND {_column(BoardEvent, 'actor_key')} = %s AND {_column(BoardEvent, 'op_id')} = %s "
            # Repeats the unique index's condition, so the database can use that
            # (partial) index instead of reading every change in the session.
            f"AND NOT ({_column(BoardEvent, 'op_id')} = '')) "
            f"FROM {session} s WHERE {_column(PlanningSession, 'id', 's')} = %s{lock}"
        ),
        "session_seq": (
            f"UPDATE {session} SET {_column(PlanningSession, 'last_seq')} = %s "
            f"WHERE {_column(PlanningSession, 'id')} = %s"
        ),
        "earlier_event": (
            f"SELECT {_column(BoardEvent, 'payload')} FROM {event} "
            f"WHERE {_column(BoardEvent, 'session')} = %s AND {_column(BoardEvent, 'seq')} = %s"
        ),
        "chart": (
            f"SELECT {_select_list(Chart, 'c', CHART_FIELDS)}, "
            f"{_select_list(FocusPerson, 'p', PERSON_FIELDS)} "
            f"FROM {chart} c {chart_join} "
            f"WHERE {_column(Chart, 'id', 'c')} = %s AND {_column(Chart, 'session', 'c')} = %s"
        ),
        "note": (
            f"SELECT {_select_list(Note, 'n', NOTE_FIELDS)}, "
            f"{_select_list(Chart, 'c', CHART_FIELDS)}, "
            f"{_select_list(FocusPerson, 'p', PERSON_FIELDS)} "
            f"FROM {note} n JOIN {chart} c "
            f"ON {_column(Note, 'chart', 'n')} = {_column(Chart, 'id', 'c')} "
            f"{chart_join} "
            f"WHERE {_column(Note, 'id', 'n')} = %s AND {_column(Note, 'session', 'n')} = %s"
        ),
        "note_insert": (
            f"INSERT INTO {note} ({_columns(Note, note_insert_fields)}) "
            f"VALUES ({', '.join(['%s'] * len(note_insert_fields))}) "
            f"RETURNING {_column(Note, 'id')}"
        ),
        "note_update": f"UPDATE {note} SET {note_update} WHERE {_column(Note, 'id')} = %s",
        # One stream's latest change at or before a seq: the last entry of its
        # range in the (session, stream, seq) index, however long the log.
        "stream_head": (
            f"SELECT MAX({_column(BoardEvent, 'seq')}) FROM {event} "
            f"WHERE {_column(BoardEvent, 'session')} = %s "
            f"AND {_column(BoardEvent, 'stream')} = %s AND {_column(BoardEvent, 'seq')} <= %s"
        ),
        "person_ids": (
            f"SELECT {_column(FocusPerson, 'id')} FROM {person} "
            f"WHERE {_column(FocusPerson, 'session')} = %s"
        ),
        # The stream's previous change is read in the same statement, from the
        # (session, stream, seq) index; the session row lock keeps it exact.
        "event_insert": (
            f"INSERT INTO {event} ({_columns(BoardEvent, [*event_fields, 'prev_seq'])}) "
            f"VALUES ({', '.join(['%s'] * len(event_fields))}, "
            f"(SELECT COALESCE(MAX({_column(BoardEvent, 'seq')}), 0) FROM {event} "
            f"WHERE {_column(BoardEvent, 'session')} = %s "
            f"AND {_column(BoardEvent, 'stream')} = %s)) "
            f"RETURNING {_column(BoardEvent, 'prev_seq')}"
        ),
    }


def _sql(name: str) -> str:
    return _statements(connection.vendor)[name]


def _now():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def session_for_command(
    *, session_id: int, participant_id: int | None, actor_key: str, op_id: str
) -> SessionRow | None:
    """The session, locked until the transaction ends, with the two facts every command needs.

    ``participant_active`` is whether ``participant_id`` is still in the
    session (False when it is None); ``earlier_seq`` is the change this
    actor's ``op_id`` already made, if any. SQLite's writer lock, taken when
    the transaction begins, does the locking there.
    """
    with connection.cursor() as cursor:
        cursor.execute(_sql("session"), [participant_id, actor_key, op_id, session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return SessionRow(
        id=row[0],
        facilitator_id=row[1],
        is_locked=bool(row[2]),
        last_seq=row[3],
        participant_active=row[4] is not None,
        earlier_seq=row[5],
    )


def stream_heads(*, session_id: int, streams: list[str] | None, up_to: int) -> dict[str, int]:
    """For each of ``streams`` (every one the session can have, when None) that has
    changes at or before ``up_to``, the seq of its latest.

    Read on every welcome and ping, so written here once rather than through
    the ORM (which built each query again: most of a welcome's added cost).
    """
    with connection.cursor() as cursor:
        if streams is None:
            cursor.execute(_sql("person_ids"), [session_id])
            people = [row[0] for row in cursor.fetchall()]
            streams = [PUBLIC_STREAM, *(private_stream(focus_person_id=p) for p in people)]
        heads = {}
        for stream in streams:
            cursor.execute(_sql("stream_head"), [session_id, stream, up_to])
            head = cursor.fetchone()[0]
            if head:
                heads[stream] = head
    return heads


def session_seq_set(*, session_id: int, seq: int) -> None:
    """Record ``seq`` as the session's latest change number."""
    with connection.cursor() as cursor:
        cursor.execute(_sql("session_seq"), [seq, session_id])


def event_payload(*, session_id: int, seq: int) -> dict:
    """The payload of change ``seq`` (to repeat an acknowledgement)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql("earlier_event"), [session_id, seq])
        stored = cursor.fetchone()[0]
    return BoardEvent._meta.get_field("payload").from_db_value(stored, None, connection)


def _chart_from(row, start: int) -> ChartView:
    return ChartView(
        id=row[start],
        focus_person_id=row[start + 1],
        title=row[start + 2],
        prompt=row[start + 3],
        position=row[start + 4],
        is_locked=bool(row[start + 5]),
    )


def _person_from(row, start: int) -> FocusPersonView:
    return FocusPersonView(
        id=row[start],
        first_name=row[start + 1],
        colour=row[start + 2],
        symbol=row[start + 3],
        table_id=row[start + 4],
        is_private=bool(row[start + 5]),
        position=row[start + 6],
    )


def note_from_row(row) -> NoteView:
    """A note as the domain sees it, from a row that starts with ``NOTE_FIELDS``."""
    (
        note_id,
        chart_id,
        participant_id,
        user_id,
        author_name,
        text,
        is_starred,
        clarification,
        question,
        reply,
        is_removed,
        version,
        created_seq,
        updated_seq,
        changed_by,
        suggestion,
        suggested_by,
        day,
    ) = row[: len(NOTE_FIELDS)]
    return NoteView(
        id=note_id,
        chart_id=chart_id,
        author_key=f"p:{participant_id}" if participant_id else f"u:{user_id}",
        author_name=author_name,
        text=text,
        is_starred=bool(is_starred),
        clarification=clarification,
        clarification_question=question,
        clarification_reply=reply,
        is_removed=bool(is_removed),
        version=version,
        created_seq=created_seq,
        updated_seq=updated_seq,
        changed_by=changed_by,
        suggestion=suggestion,
        suggested_by=suggested_by,
        day=day,
    )


def chart_with_person(
    *, chart_id: int, session_id: int
) -> tuple[ChartView, FocusPersonView] | None:
    """A chart of this session and the focus person it belongs to."""
    with connection.cursor() as cursor:
        cursor.execute(_sql("chart"), [chart_id, session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return _chart_from(row, 0), _person_from(row, len(CHART_FIELDS))


def note_with_chart(
    *, note_id: int, session_id: int
) -> tuple[NoteView, ChartView, FocusPersonView] | None:
    """A note of this session, its chart, and the chart's focus person."""
    with connection.cursor() as cursor:
        cursor.execute(_sql("note"), [note_id, session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    chart_start = len(NOTE_FIELDS)
    person_start = chart_start + len(CHART_FIELDS)
    return note_from_row(row), _chart_from(row, chart_start), _person_from(row, person_start)


def note_insert(
    *,
    session_id: int,
    note: NoteView,
    author_participant_id: int | None,
    author_user_id: int | None,
) -> int:
    """Store a new note (its ``id`` is ignored); return the id it was given."""
    now = _now()
    values = [
        note.chart_id,
        author_participant_id,
        author_user_id,
        note.author_name,
        note.text,
        note.is_starred,
        note.clarification,
        note.clarification_question,
        note.clarification_reply,
        note.is_removed,
        note.version,
        note.created_seq,
        note.updated_seq,
        note.changed_by,
        note.suggestion,
        note.suggested_by,
        note.day,
        session_id,
        now,
        now,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_sql("note_insert"), values)
        return cursor.fetchone()[0]


def note_update(*, note: NoteView) -> None:
    """Store every changeable field of ``note``."""
    values = [
        note.chart_id,
        note.text,
        note.is_starred,
        note.clarification,
        note.clarification_question,
        note.clarification_reply,
        note.is_removed,
        note.version,
        note.updated_seq,
        note.changed_by,
        note.suggestion,
        note.suggested_by,
        note.day,
        _now(),
        note.id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_sql("note_update"), values)


def event_insert(
    *,
    session_id: int,
    seq: int,
    kind: str,
    focus_person_id: int | None,
    actor_key: str,
    op_id: str,
    stream: str,
    payload: dict,
) -> int:
    """Log one numbered change in ``stream``; return the seq of the stream's previous one."""
    stored = BoardEvent._meta.get_field("payload").get_db_prep_save(payload, connection)
    values = [session_id, seq, kind, focus_person_id, actor_key, op_id, stream, stored, _now()]
    with connection.cursor() as cursor:
        cursor.execute(_sql("event_insert"), [*values, session_id, stream])
        return cursor.fetchone()[0]
