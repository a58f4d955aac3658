"""Turn database rows into the domain's plain views (and so into event payloads)."""

from sessions_live.domain import ChartView, FocusPersonView, NoteView, TableView
from sessions_live.models import Chart, FocusPerson, Note, Table


def table_view(table: Table) -> TableView:
    return TableView(id=table.pk, name=table.name, position=table.position)


def focus_person_view(person: FocusPerson) -> FocusPersonView:
    return FocusPersonView(
        id=person.pk,
        first_name=person.first_name,
        colour=person.colour,
        symbol=person.symbol,
        table_id=person.table_id,
        is_private=person.is_private,
        position=person.position,
    )


def chart_view(chart: Chart) -> ChartView:
    return ChartView(
        id=chart.pk,
        focus_person_id=chart.focus_person_id,
        title=chart.title,
        prompt=chart.prompt,
        position=chart.position,
        is_locked=chart.is_locked,
    )


def note_view(note: Note) -> NoteView:
    author_key = (
        f"p:{note.author_participant_id}"
        if note.author_participant_id
        else f"u:{note.author_user_id}"
    )
    return NoteView(
        id=note.pk,
        chart_id=note.chart_id,
        author_key=author_key,
        author_name=note.author_name,
        text=note.text,
        is_starred=note.is_starred,
        clarification=note.clarification,
        clarification_question=note.clarification_question,
        clarification_reply=note.clarification_reply,
        is_removed=note.is_removed,
        version=note.version,
        created_seq=note.created_seq,
        updated_seq=note.updated_seq,
        changed_by=note.changed_by,
        suggestion=note.suggestion,
        suggested_by=note.suggested_by,
        day=note.day,
    )
