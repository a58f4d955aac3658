"""Reads for Planning Live: who is connecting, what they may see, what they missed."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from plans import selectors as plan_selectors
from plans.actions_document import plan_actions_of
from plans.cards import card_code_hash, card_code_normalise
from plans.documents import PlanDocument, PlanNote, PlanSection
from plans.headings import plan_profile
from plans.models import Plan
from plans.money_document import plan_money_of
from sessions_live import domain, store
from sessions_live.domain import Actor, Board, ChartView, FocusPersonView, NoteView
from sessions_live.models import (
    BoardEvent,
    Chart,
    FocusPerson,
    Note,
    Participant,
    PlanningSession,
    Presence,
)
from sessions_live.views_model import chart_view, focus_person_view, note_view, table_view

REPLAY_LIMIT = 2000
PRESENCE_TIMEOUT = timedelta(seconds=90)


def facilitator_actor(*, user) -> Actor:
    """The actor for a signed-in facilitator."""
    name = user.get_full_name() or user.get_username()
    return Actor(role=domain.FACILITATOR, key=f"u:{user.pk}", name=name, user_id=user.pk)


def participant_actor(*, participant: Participant) -> Actor:
    """The actor for a participant who joined from a link or code."""
    return Actor(
        role=domain.PARTICIPANT,
        key=f"p:{participant.pk}",
        name=participant.display_name,
        participant_id=participant.pk,
        focus_person_id=participant.focus_person_id,
        relation=participant.relation,
        me_confirmed=participant.me_confirmed,
    )


def board_actor_find(*, session_id: int, user, participant_ids: list[int]) -> Actor | None:
    """Who this connection is, for this session, or None if it has no place here.

    The facilitator is the session's own facilitator; a participant is the one
    of those recorded in this device's server-side session that is in this
    session now (a plan brought to a later session takes its people with it),
    and only while not removed.
    """
    if (
        user is not None
        and user.is_authenticated
        and PlanningSession.objects.filter(pk=session_id, facilitator=user).exists()
    ):
        return facilitator_actor(user=user)
    if participant_ids:
        participant = (
            Participant.objects.filter(
                pk__in=participant_ids, session_id=session_id, removed_at__isnull=True
            )
            .order_by("pk")
            .first()
        )
        if participant is not None:
            return participant_actor(participant=participant)
    return None


def participant_is_removed(*, session_id: int, participant_ids: list[int]) -> bool:
    """Has the facilitator removed one of these participants from this session?"""
    return Participant.objects.filter(
        pk__in=participant_ids, session_id=session_id, removed_at__isnull=False
    ).exists()


def participants_in_session(*, session_id: int, participant_ids: list[int]) -> set[int]:
    """Which of these participants are in this session now."""
    return set(
        Participant.objects.filter(pk__in=participant_ids, session_id=session_id).values_list(
            "pk", flat=True
        )
    )


def board_load(*, session_id: int) -> Board:
    """The whole board, as it is in the database now (removed notes included)."""
    session = PlanningSession.objects.get(pk=session_id)
    board = Board(
        session_id=session.pk,
        title=session.title,
        is_locked=session.is_locked,
        seq=session.last_seq,
        base_seq=session.last_seq,
        visibility_seq=session.visibility_seq,
    )
    board.tables = {t.pk: table_view(t) for t in session.tables.all()}
    board.focus_people = {p.pk: focus_person_view(p) for p in session.focus_people.all()}
    board.charts = {c.pk: chart_view(c) for c in Chart.objects.filter(session=session)}
    board.notes = _note_views(session_id=session.pk)
    board.budgets, board.costings, board.actions = _plan_parts(session=session, charts=board.charts)
    return board


def _plan_parts(*, session: PlanningSession, charts: dict) -> tuple[dict, dict, dict]:
    """Each revealed budget, costing and action plan, by focus person id, on the seat
    that holds its plan's charts (a plan moved on takes them with it)."""
    holding = {chart.focus_person_id for chart in charts.values()}
    seats = dict(session.focus_people.filter(pk__in=holding).values_list("plan_id", "pk"))
    shown = plan_selectors.budget_summaries(plan_ids=seats)
    budgets = {
        seats[plan_id]: plan_selectors.budget_payload(summary=summary)
        for plan_id, summary in shown.items()
    }
    costings = {
        seats[plan_id]: plan_selectors.costing_payload(summary=summary)
        for plan_id, summary in plan_selectors.costing_summaries(
            plan_ids=seats, budgets=shown
        ).items()
    }
    actions = {
        seats[plan_id]: rows
        for plan_id, rows in plan_selectors.action_payloads(plan_ids=seats).items()
    }
    return budgets, costings, actions


def _note_views(*, session_id: int) -> dict[int, NoteView]:
    # Plain rows, not model instances: a large board has thousands of notes,
    # and making an instance for each was most of this read's time (88 ms of
    # 2,600 notes, against 32 ms as rows).
    rows = Note.objects.filter(session_id=session_id).values_list(*store.NOTE_FIELDS)
    return {row[0]: store.note_from_row(row) for row in rows}


def board_payload(*, board: Board) -> dict:
    """A board as JSON-ready lists, in display order."""
    return {
        "session_id": board.session_id,
        "title": board.title,
        "is_locked": board.is_locked,
        "seq": board.seq,
        "tables": [_fields(t) for t in sorted(board.tables.values(), key=_order)],
        "focus_people": [_fields(p) for p in sorted(board.focus_people.values(), key=_order)],
        "charts": [_fields(c) for c in sorted(board.charts.values(), key=_order)],
        "notes": [_fields(n) for n in sorted(board.notes.values(), key=lambda n: n.created_seq)],
        "budgets": [
            {"focus_person_id": person_id, **budget}
            for person_id, budget in sorted(board.budgets.items())
        ],
        "costings": [
            {"focus_person_id": person_id, **costing}
            for person_id, costing in sorted(board.costings.items())
        ],
        "actions": [
            {"focus_person_id": person_id, "actions": rows}
            for person_id, rows in sorted(board.actions.items())
        ],
    }


def _fields(view) -> dict:
    # The views hold only plain values, so a shallow copy equals asdict(), which
    # copies deeply and took 17 ms for 2,600 notes (this takes 2).
    return dict(vars(view))


def _order(item) -> tuple[int, int]:
    return (item.position, item.id)


def board_snapshot(*, session_id: int, actor: Actor) -> dict:
    """What ``actor`` may see of the board now."""
    return _visible_payload(board=board_load(session_id=session_id), actor=actor)


def _visible_payload(*, board: Board, actor: Actor) -> dict:
    return board_payload(board=domain.board_visible_to(board=board, actor=actor))


def board_state(*, session_id: int, actor: Actor) -> dict:
    """A fresh board for ``actor``, with what a screen needs to keep it right.

    ``{"seq", "heads", "visibility_seq", "snapshot"}``: the board drawn at
    ``seq``, and the heads of the streams ``actor`` sees as they were at that
    ``seq`` (docs/live-protocol.md, 3.4).
    """
    board = board_load(session_id=session_id)
    return {
        "seq": board.seq,
        "heads": board_heads(session_id=session_id, actor=actor, up_to=board.seq),
        "visibility_seq": board.visibility_seq,
        "snapshot": _visible_payload(board=board, actor=actor),
    }


def board_heads(*, session_id: int, actor: Actor, up_to: int | None = None) -> dict[str, int]:
    """For each stream ``actor`` sees that has changes, the seq of its latest (at most ``up_to``).

    The facilitator sees the public stream and every person's private one.
    """
    return store.stream_heads(
        session_id=session_id,
        streams=domain.streams_visible_to(actor=actor),
        up_to=store.MAX_SEQ if up_to is None else up_to,
    )


def board_heads_now(*, session_id: int, actor: Actor) -> dict:
    """``{"heads", "visibility_seq"}`` as they are now, for a ``pong``."""
    visibility_seq = (
        PlanningSession.objects.filter(pk=session_id)
        .values_list("visibility_seq", flat=True)
        .first()
    )
    return {
        "heads": board_heads(session_id=session_id, actor=actor),
        "visibility_seq": visibility_seq or 0,
    }


def board_welcome(*, session_id: int, actor: Actor, last_seq: int | None) -> dict:
    """The answer to ``hello``: the changes ``actor`` missed since ``last_seq``, or a fresh board.

    ``{"seq", "heads", "visibility_seq"}`` and either ``"events"`` or
    ``"snapshot"``. A snapshot when ``last_seq`` is None, from the future,
    more than ``REPLAY_LIMIT`` changes old, or older than the latest change
    to who may see what: a replay filtered by today's privacy cannot take
    back what the screen showed before, a fresh board can.
    """
    if last_seq is None:
        return board_state(session_id=session_id, actor=actor)
    session = PlanningSession.objects.only("last_seq", "visibility_seq").get(pk=session_id)
    if (
        last_seq > session.last_seq
        or session.last_seq - last_seq > REPLAY_LIMIT
        or last_seq < session.visibility_seq
    ):
        return board_state(session_id=session_id, actor=actor)
    events = board_events_since(session_id=session_id, actor=actor, last_seq=last_seq)
    # Changes are committed in seq order, so every change up to the newest one
    # read is in: that is what this welcome brings the screen up to.
    seq = max([session.last_seq, *(event["seq"] for event in events)])
    return {
        "seq": seq,
        "heads": board_heads(session_id=session_id, actor=actor, up_to=seq),
        "visibility_seq": session.visibility_seq,
        "events": events,
    }


@dataclass(frozen=True)
class BoardNote:
    """One note as its own page shows it: where it is, and where it could move to."""

    note: NoteView
    chart: ChartView
    person: FocusPersonView
    person_charts: list[ChartView]
    board_locked: bool


def board_note_find(*, session_id: int, actor: Actor, note_id: int) -> BoardNote | None:
    """One note of this session that ``actor`` may see, with its person's headings.

    None when the note is not on this session's board, has been removed (and
    ``actor`` is not its writer or the facilitator, who may still undo or erase
    it), or is on a private person's charts that ``actor`` may not see. Two
    queries, however big the board is: a note's own page never loads the whole board.
    """
    note = (
        Note.objects.select_related("chart__focus_person", "session")
        .filter(pk=note_id, session_id=session_id)
        .first()
    )
    if note is None:
        return None
    if note.is_removed and not domain.note_words_allowed(
        actor=actor, author_key=note_view(note).author_key
    ):
        return None
    person = focus_person_view(note.chart.focus_person)
    if not domain.can_view_focus_person(actor=actor, focus_person=person):
        return None
    person_charts = [
        chart_view(chart)
        for chart in Chart.objects.filter(focus_person_id=person.id).order_by("position", "id")
    ]
    return BoardNote(
        note=note_view(note),
        chart=chart_view(note.chart),
        person=person,
        person_charts=person_charts,
        board_locked=note.session.is_locked,
    )


def board_events_since(*, session_id: int, actor: Actor, last_seq: int) -> list[dict]:
    """The changes after ``last_seq`` in the streams ``actor`` sees, oldest first.

    Filtered by the stream each change was made in, which matches who may see
    it as long as nobody was made private or public since ``last_seq``;
    ``board_welcome`` sends a fresh board otherwise.
    """
    rows = BoardEvent.objects.filter(session_id=session_id, seq__gt=last_seq)
    streams = domain.streams_visible_to(actor=actor)
    if streams is not None:
        rows = rows.filter(stream__in=streams)
    else:
        rows = rows.exclude(stream__startswith=domain.MONEY_STREAM_PREFIX)
    events = [
        {"seq": seq, "stream": stream, "prev": prev, "kind": kind, **payload}
        for seq, stream, prev, kind, payload in rows.order_by("seq").values_list(
            "seq", "stream", "prev_seq", "kind", "payload"
        )
    ]
    if actor.is_facilitator:
        return events
    # Words taken back since (a note removed now) are blanked in every earlier
    # event too, unless this screen is the writer's (domain.event_visible_to).
    note_ids = {note["id"] for event in events for note in domain.event_notes(event)}
    removed = (
        set(
            Note.objects.filter(pk__in=note_ids, is_removed=True)
            .exclude(author_participant_id=actor.participant_id or 0)
            .values_list("pk", flat=True)
        )
        if note_ids
        else set()
    )
    return [domain.event_visible_to(event, actor=actor, removed_ids=removed) for event in events]


def presence_everyone(*, session_id: int) -> list[dict]:
    """Everyone connected now, once each, with the privacy flag viewers are filtered by.

    Read as plain values, not model instances: every screen that connects
    asks for this, so a room reconnecting at once reads it many times.
    """
    since = timezone.now() - PRESENCE_TIMEOUT
    rows = (
        Presence.objects.filter(session_id=session_id, last_seen__gte=since)
        .order_by("pk")
        .values_list(
            "participant_id",
            "user_id",
            "display_name",
            "participant__focus_person_id",
            "participant__focus_person__table_id",
            "participant__focus_person__is_private",
        )
    )
    people = []
    seen = set()
    for participant_id, user_id, name, person_id, table_id, is_private in rows:
        if (participant_id, user_id) in seen:
            continue
        seen.add((participant_id, user_id))
        people.append(
            {
                "name": name,
                "role": "participant" if participant_id else "facilitator",
                "focus_person_id": person_id,
                "table_id": table_id,
                "is_private": bool(is_private),
            }
        )
    return sorted(people, key=lambda p: (p["table_id"] or 0, p["name"].lower()))


def presence_list(*, session_id: int, actor: Actor) -> list[dict]:
    """Who is connected now, per table; people at private tables stay hidden from others."""
    return domain.presence_visible_to(people=presence_everyone(session_id=session_id), actor=actor)


def focus_person_for_invite(*, token_hash: str) -> FocusPerson | None:
    """The focus person whose invite link has this token hash."""
    if not token_hash:
        return None
    return (
        FocusPerson.objects.select_related("session").filter(invite_token_hash=token_hash).first()
    )


def focus_person_for_code(*, code: str) -> FocusPerson | None:
    """The focus person whose typed code this is, if it has not expired."""
    code = "".join(code.split()).replace("-", "").upper()
    if not code:
        return None
    return (
        FocusPerson.objects.select_related("session")
        .filter(join_code=code, join_code_expires_at__gt=timezone.now())
        .first()
    )


def focus_person_for_code_group(*, group: str) -> FocusPerson | None:
    """The focus person whose working code starts with ``group`` (the first group
    of three): which code a typed try was aimed at, right or wrong."""
    if not group:
        return None
    return (
        FocusPerson.objects.filter(
            join_code__startswith=group, join_code_expires_at__gt=timezone.now()
        )
        .order_by("pk")
        .first()
    )


# How a note's writer is named on a plan, by how they joined ("this is me" is
# the person themself).
RELATION_WORDS = {
    Participant.Relation.ME: "in their own words",
    Participant.Relation.FAMILY: "family",
    Participant.Relation.FRIEND: "friend",
    Participant.Relation.PERSONAL_ASSISTANT: "personal assistant",
    Participant.Relation.SUPPORT_WORKER: "support worker",
    Participant.Relation.OTHER: "ally",
}


def plan_reader_allowed(*, actor: Actor, focus_person_id: int) -> bool:
    """Whether ``actor`` may read this person's plan: the person and their allies, and
    the session's facilitator; never the allies of other people in the room."""
    return actor.is_facilitator or actor.focus_person_id == focus_person_id


def plan_document_find(
    *, session_id: int, actor: Actor, focus_person_id: int, made_on: date
) -> PlanDocument | None:
    """One person's support plan as written on the board: their charts are its
    headings and the notes on them its words (read, never copied). None if there
    is no such person here or ``actor`` may not read their plan."""
    person = plan_seat_find(session_id=session_id, actor=actor, focus_person_id=focus_person_id)
    return None if person is None else plan_document_of(seat=person, made_on=made_on)


def plan_document_of(
    *, seat: FocusPerson, made_on: date, parts: plan_selectors.PlanParts | None = None
) -> PlanDocument:
    """The plan of a seat already found with ``plan_seat_find`` (so its reader is checked).

    Read from the plan's charts wherever they are now: on this board, or on a
    later one the person brought the plan to. ``parts`` (``plans.selectors.plan_parts``)
    saves reading the money and actions again when the caller has them.
    """
    person = seat
    charts = list(
        Chart.objects.filter(focus_person__plan_id=seat.plan_id).order_by("position", "pk")
    )
    notes = (
        Note.objects.filter(chart__focus_person__plan_id=seat.plan_id, is_removed=False)
        .select_related("author_participant")
        .order_by("created_seq")
    )
    by_chart: dict[int, list[PlanNote]] = {chart.pk: [] for chart in charts}
    for note in notes:
        writer = note.author_participant
        relation = RELATION_WORDS[writer.relation] if writer else "facilitator"
        by_chart[note.chart_id].append(
            PlanNote(
                text=note.text,
                author=note.author_name,
                relation=relation,
                changed_by=note.changed_by,
                key=f"note-{note.pk}",
                day=note.day,
            )
        )
    sections = tuple(
        PlanSection(title=chart.title, prompt=chart.prompt, notes=tuple(by_chart[chart.pk]))
        for chart in charts
    )
    parts = parts or plan_selectors.plan_parts(plan=person.plan, today=made_on)
    document = PlanDocument(
        person=person.first_name,
        profile=plan_profile(sections),
        sections=sections,
        made_on=made_on,
        review_on=person.plan.review_on if person.plan else None,
        # Only the budget the person has been shown: a sealed one is in no copy.
        money=plan_money_of(budget=parts.budget, costing=parts.costing),
        actions=plan_actions_of(actions=parts.actions),
    )
    # What the council's panel decided, so the page and every copy say it (one query).
    words = plan_selectors.plan_panel_words(plan=person.plan, now=document)
    return replace(document, panel_decision=words) if words else document


def plan_seat_find(*, session_id: int, actor: Actor, focus_person_id: int) -> FocusPerson | None:
    """The person on this board whose plan ``actor`` may read (with their plan), or None."""
    if not plan_reader_allowed(actor=actor, focus_person_id=focus_person_id):
        return None
    return (
        FocusPerson.objects.select_related("plan", "session")
        .filter(pk=focus_person_id, session_id=session_id)
        .first()
    )


def plan_seat_now(*, plan_id: int) -> FocusPerson | None:
    """The seat a plan is written on now: the one holding its charts (the latest
    board the person brought it to)."""
    return (
        FocusPerson.objects.filter(plan_id=plan_id, charts__isnull=False)
        .select_related("session")
        .distinct()
        .first()
    )


def plans_to_bring(*, session: PlanningSession) -> list[dict]:
    """Plans this session's facilitator could bring to it from their earlier sessions:
    ``{"plan_id", "words"}``, for example "Amira, from Meeting 1 (1 December 2026)".

    Only plans written on the facilitator's own other boards now, and not on
    this one already; newest board first.
    """
    here = FocusPerson.objects.filter(session=session).values("plan_id")
    seats = (
        FocusPerson.objects.filter(session__facilitator_id=session.facilitator_id)
        .exclude(session=session)
        .exclude(plan_id__in=here)
        .filter(charts__isnull=False)
        .select_related("session")
        .distinct()
        .order_by("-session__starts_on", "-session_id", "position", "pk")
    )
    return [
        {
            "plan_id": seat.plan_id,
            "words": f"{seat.first_name}, from {seat.session.title} "
            f"({date_format(seat.session.starts_on, 'j F Y')})",
        }
        for seat in seats
    ]


def plan_seat_find_any(*, focus_person_id: int) -> FocusPerson | None:
    """A seat with its plan, whoever asks (callers check the right to it first)."""
    return FocusPerson.objects.select_related("plan").filter(pk=focus_person_id).first()


def plans_named(*, first_name: str, limit: int = 20) -> list[FocusPerson]:
    """The plans of people with this first name, where each is written now (with its
    session), for someone at the ULO making a new card: names and places, no words."""
    name = " ".join(first_name.split())
    if len(name) < 2:
        return []
    return list(
        FocusPerson.objects.filter(first_name__iexact=name, charts__isnull=False)
        .select_related("session")
        .distinct()
        .order_by("-session__starts_on", "-pk")[:limit]
    )


def plan_editor_allowed(*, actor: Actor, focus_person_id: int) -> bool:
    """Whether ``actor`` may save a version of this plan or set its review date.

    The person themself (who joined as "This is me") and the facilitator, who
    does it with them. Allies may read and compare, not decide.
    """
    return actor.is_facilitator or plan_person_is(actor=actor, focus_person_id=focus_person_id)


def plan_person_is(*, actor: Actor, focus_person_id: int) -> bool:
    """Whether ``actor`` is the person themself on this seat, confirmed ("This is me")."""
    return (
        actor.participant_id is not None
        and Participant.objects.filter(
            pk=actor.participant_id,
            focus_person_id=focus_person_id,
            relation=Participant.Relation.ME,
            me_confirmed=True,
            removed_at__isnull=True,
        ).exists()
    )


def plan_sharer_is(*, actor: Actor, focus_person_id: int) -> bool:
    """Whether ``actor`` may share this person's plan by a link: the person themself, or
    an ally the person has let share it for them."""
    if plan_person_is(actor=actor, focus_person_id=focus_person_id):
        return True
    return (
        actor.participant_id is not None
        and Participant.objects.filter(
            pk=actor.participant_id,
            focus_person_id=focus_person_id,
            may_share=True,
            removed_at__isnull=True,
        )
        .exclude(relation=Participant.Relation.ME)
        .exists()
    )


def plan_me_waiting(*, actor: Actor, focus_person_id: int) -> bool:
    """Did ``actor`` join as this person, and is the facilitator still to confirm it?"""
    return (
        actor.participant_id is not None
        and Participant.objects.filter(
            pk=actor.participant_id,
            focus_person_id=focus_person_id,
            relation=Participant.Relation.ME,
            me_confirmed=False,
        ).exists()
    )


def actor_words(*, actor: Actor) -> str:
    """Who ``actor`` is, in words for a plan's history and the audit log, as the
    server knows them: "Fran (facilitator)", "Amira (themself)", "Sam (ally: friend)".

    The one place these words are made: a saved version's ``saved_by`` and every
    ``audit.AuditEvent.who`` use them. A second "This is me" that nobody has
    confirmed yet says so, since it may not be the person.
    """
    if actor.is_facilitator:
        return f"{actor.name} (facilitator)"
    if actor.relation == Participant.Relation.ME:
        if not actor.me_confirmed:
            return f"{actor.name} (joined as the person, not confirmed yet)"
        return f"{actor.name} (themself)"
    if actor.relation:
        words = RELATION_WORDS.get(actor.relation, "ally")
        return f"{actor.name} (ally)" if words == "ally" else f"{actor.name} (ally: {words})"
    return actor.name


def staff_words(*, user) -> str:
    """Someone at the ULO acting outside any board (a new plan card), for the audit log."""
    return f"ULO staff: {user.get_username()}"


def device_boards(*, participant_ids: list[int]) -> list[dict]:
    """The boards a device joined and is still welcome on, newest session first:
    ``{"session_id", "title", "starts_on", "person_id", "first_name", "is_me"}``."""
    participants = (
        Participant.objects.filter(pk__in=participant_ids, removed_at__isnull=True)
        .select_related("session", "focus_person")
        .order_by("-session__starts_on", "-session_id")
    )
    return [
        {
            "session_id": p.session_id,
            "title": p.session.title,
            "starts_on": p.session.starts_on,
            "person_id": p.focus_person_id,
            "first_name": p.focus_person.first_name,
            "is_me": p.relation == Participant.Relation.ME,
        }
        for p in participants
    ]


def participant_for_card(*, typed: str) -> Participant | None:
    """The ally whose own card has these words, while they are still on the plan."""
    if not card_code_normalise(typed):
        return None
    return Participant.objects.filter(
        card_hash=card_code_hash(typed), removed_at__isnull=True
    ).first()


@dataclass(frozen=True)
class WaysBack:
    """How a participant can come back to the plan, besides this device."""

    is_ally: bool
    account_name: str  # the username of the account they are kept on, or ""
    card_issued_at: object  # when an ally's own card was made, or None


def participant_ways_back(*, participant_id: int | None) -> WaysBack | None:
    """A participant's account and (for an ally) own card, in one query; None for nobody."""
    if participant_id is None:
        return None
    row = (
        Participant.objects.filter(pk=participant_id)
        .values("relation", "account__username", "card_hash", "card_issued_at")
        .first()
    )
    if row is None:
        return None
    return WaysBack(
        is_ally=row["relation"] != Participant.Relation.ME,
        account_name=row["account__username"] or "",
        card_issued_at=row["card_issued_at"] if row["card_hash"] else None,
    )


def account_participants(*, user) -> list[Participant]:
    """The participants kept on this account (their plan, and the plans they help with)."""
    if user is None or not user.is_authenticated:
        return []
    return list(Participant.objects.filter(account=user, removed_at__isnull=True).order_by("pk"))


def plan_allies(*, focus_person_id: int) -> list[dict]:
    """Who else may see this person's plan: ``{"id", "name", "relation", "joined_at", "says_me"}``.

    Allies, and any second device that joined as "This is me" and is still
    waiting to be confirmed (``says_me``), so that the person can say whether
    it is them even when no facilitator runs their plan.
    """
    allies = Participant.objects.filter(
        focus_person_id=focus_person_id, removed_at__isnull=True
    ).exclude(relation=Participant.Relation.ME, me_confirmed=True)
    return [
        {
            "id": ally.pk,
            "name": ally.display_name,
            "relation": RELATION_WORDS[ally.relation],
            "joined_at": ally.joined_at,
            "says_me": ally.relation == Participant.Relation.ME,
            "has_card": bool(ally.card_hash),
            "has_account": ally.account_id is not None,
            "may_share": ally.may_share,
        }
        for ally in allies
    ]


# --- Is the plan ready to share? ---------------------------------------------------------

# The headings a council's panel looks for first, by their standard titles.
READY_MATTERS = "What's important to me"
READY_NEEDS = "What I need support with"
READY_CHANGE = "What I want to change"
# Where to write needs on a plan begun before it had READY_NEEDS (a board keeps its charts).
READY_NEEDS_ELSEWHERE = "What's working / not working"
READY_CONTROL = "How I will stay in control"


@dataclass(frozen=True)
class ReadyItem:
    """One thing the readiness check looked for: whether the plan has it, in words, and
    where on the plan page to put it right."""

    key: str
    title: str
    ok: bool
    words: str
    href: str


def _needs_item(
    *, person: str, notes: dict[str, tuple[PlanNote, ...]], heading: Callable[[str], str]
) -> ReadyItem:
    """Whether the plan says what the person needs support with (Care Act 2014 s25).

    A plan begun before the standard headings had it has no such chart (a board keeps
    the charts it was made with): the item says so, and where to write it instead.
    """
    title = "It says what they need support with"
    if READY_NEEDS in notes:
        done = bool(notes[READY_NEEDS])
        words = "Done." if done else f"Write under \u201c{READY_NEEDS}\u201d."
        return ReadyItem("needs", title, done, words, heading(READY_NEEDS))
    where = (
        f"under \u201c{READY_NEEDS_ELSEWHERE}\u201d"
        if READY_NEEDS_ELSEWHERE in notes
        else "under another heading"
    )
    return ReadyItem(
        "needs",
        title,
        False,
        f"This plan was begun before plans had a \u201c{READY_NEEDS}\u201d heading, so it "
        f"has none. Write what {person} needs support with {where}.",
        heading(READY_NEEDS_ELSEWHERE),
    )


def _direct_payment_item(*, budget: plan_selectors.BudgetSummary | None) -> ReadyItem | None:
    """Whether each direct payment says how often it is paid; None when the budget the
    person has been shown has no direct payment (a sealed one is never looked at)."""
    payments = [line for line in budget.lines if line.is_direct_payment] if budget else []
    if not payments:
        return None
    undecided = [line for line in payments if not line.paid_every]
    words = "Done."
    if undecided:
        which = "each direct payment is" if len(payments) > 1 else "the direct payment is"
        words = (
            f"Say how often {which} paid: every week, every 4 weeks or every month. "
            "The facilitator records it with the budget, so ask them."
        )
    return ReadyItem(
        "paid_every",
        "It says how often the direct payment is paid",
        not undecided,
        words,
        "#budget",
    )


def plan_readiness(
    *,
    document: PlanDocument,
    plan: Plan,
    today: date,
    parts: plan_selectors.PlanParts | None = None,
) -> list[ReadyItem]:
    """What the plan still needs before it goes to anyone (the council's panel, a
    provider): each item says what is missing and links to where to fix it.

    It helps, it never blocks: a plan can be shared whatever this says.
    """
    person = document.person
    index = {section.title: number for number, section in enumerate(document.sections, 1)}
    notes = {section.title: section.notes for section in document.sections}

    def heading(title: str) -> str:
        return f"#heading-{index[title]}" if title in index else "#plan-top"

    own = Note.objects.filter(
        chart__focus_person__plan_id=plan.pk,
        is_removed=False,
        author_participant__relation=Participant.Relation.ME,
    ).exists()
    items = [
        ReadyItem(
            "own_words",
            f"It is in {person}\u2019s own words",
            own,
            f"{person} has written on the plan."
            if own
            else f"Nothing here is written by {person} yet. Ask them to add their own words.",
            heading(document.sections[0].title) if document.sections else "#plan-top",
        ),
        ReadyItem(
            "matters",
            "It says what matters",
            bool(notes.get(READY_MATTERS)),
            "Done." if notes.get(READY_MATTERS) else f"Write under “{READY_MATTERS}”.",
            heading(READY_MATTERS),
        ),
        _needs_item(person=person, notes=notes, heading=heading),
        ReadyItem(
            "change",
            "It says what they want to change",
            bool(notes.get(READY_CHANGE)),
            "Done." if notes.get(READY_CHANGE) else f"Write under “{READY_CHANGE}”.",
            heading(READY_CHANGE),
        ),
    ]
    parts = parts or plan_selectors.plan_parts(plan=plan, today=today)
    budget, costing = parts.budget, parts.costing
    if costing is None:
        fits, words = False, "Nothing is costed yet. Add what the support costs."
    elif budget is None:
        fits, words = False, "The budget has not been shown yet, so the costs cannot be checked."
    else:
        fits = costing.status in ("under", "exact")
        words = (
            f"{costing.difference}." if fits else f"{costing.difference}. Look again at the costs."
        )
    items.append(ReadyItem("costs", "The costs fit the budget", fits, words, "#costing"))
    paid = _direct_payment_item(budget=budget)
    if paid is not None:
        items.append(paid)
    actions = parts.actions
    vague = [a for a in actions if any(h.part in ("who", "when") for h in a.hints)]
    if not actions:
        done, words = False, "There are no actions yet. Add what will happen, who, and by when."
    elif vague:
        done = False
        words = f"“{vague[0].what}” needs to say who will do it and by when."
        if len(vague) > 1:
            words = f"{len(vague)} actions need to say who will do them and by when."
    else:
        done, words = True, "Every action says who will do it and by when."
    items.append(ReadyItem("actions", "Every action has who and when", done, words, "#actions"))
    safe = bool(notes.get(READY_CONTROL)) or bool(
        costing and any(line.is_contingency for line in costing.lines)
    )
    items.append(
        ReadyItem(
            "safety",
            "It says what could go wrong and who to contact",
            safe,
            "Done."
            if safe
            else f"Write under “{READY_CONTROL}” what could go wrong and who to call, "
            "or set money aside for it in the costing.",
            heading(READY_CONTROL),
        )
    )
    return items
