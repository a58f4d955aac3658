"""Writes for Planning Live. One transaction per operation; every change to a
board gets the session's next sequence number, is logged as a ``BoardEvent``,
and is broadcast only after the transaction commits."""

import re
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cms.guesses import GuessLimit, guesses_at_target_clear
from cms.tokens import token_hash
from plans import money
from plans import selectors as plan_selectors
from plans import services as plan_services
from plans.cards import card_code_hash, card_code_new
from plans.headings import STANDARD_HEADINGS
from plans.models import QUESTION_MAX_LENGTH as ROW_QUESTION_MAX_LENGTH
from plans.models import REPLY_MAX_LENGTH, Plan, PlanVersion
from sessions_live import domain, store
from sessions_live.broadcast import groups_send, groups_send_coalesced
from sessions_live.domain import Actor, DomainError
from sessions_live.groups import (
    facilitator_group,
    participant_group,
    session_group,
    stream_groups,
)
from sessions_live.models import (
    BoardEvent,
    Chart,
    ChartTemplateHeading,
    ChartTemplateSet,
    FocusPerson,
    Note,
    Participant,
    PlanningSession,
    Presence,
    Table,
)
from sessions_live.palette import palette_next
from sessions_live.protocol import RELOAD, frames_of
from sessions_live.selectors import (
    actor_words,
    board_heads_now,
    plan_document_find,
    plan_editor_allowed,
    plan_seat_now,
    presence_everyone,
)
from sessions_live.views_model import chart_view, focus_person_view, table_view

# The built-in chart headings are the standard headings of a support plan.
DEFAULT_HEADINGS = STANDARD_HEADINGS
BUILTIN_TEMPLATE_NAME = "Support plan headings (standard)"
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
# Nine characters, read aloud in three groups of three ("KD7 M2P XHR"). The
# first group is different for every code working at once, so a wrong try can
# be counted against the one code it was aimed at (JOIN_CODE_GUESSES); the
# other six (31**6, about 30 bits) are the secret. docs/security.md has the sums.
JOIN_CODE_LENGTH = 9
JOIN_CODE_GROUP = 3
# A code made late in the evening still works for this long (to the next day's end).
JOIN_CODE_SHORTEST = timedelta(hours=3)
# Wrong codes (cms.guesses): a device gets 8 in 15 minutes. An address gets 60,
# counted only against devices that have typed a wrong code themselves (a room
# shares one venue Wi-Fi), and 300 for everyone on it. One code gets 40 in an
# hour, and the whole site 1,000 aimed at working codes in an hour: these stop
# someone who clears cookies or changes address each try. docs/security.md.
JOIN_CODE_GUESSES = GuessLimit(
    name="join-code",
    per_device=8,
    per_address=60,
    window_seconds=15 * 60,
    address_cap=300,
    per_target=40,
    everywhere=1000,
    long_window_seconds=60 * 60,
)
PRESENCE_STALE_AFTER = timedelta(minutes=5)


# --- Template sets -----------------------------------------------------------


@transaction.atomic
def chart_template_set_builtin_ensure() -> ChartTemplateSet:
    """The built-in set of headings from the support planning process, as the code has
    them now: a site made before a heading was added gets it on its next board (boards
    already made keep their charts; charts copy the headings' words, not refer to them)."""
    template_set, _created = ChartTemplateSet.objects.get_or_create(
        is_builtin=True, owner=None, defaults={"name": BUILTIN_TEMPLATE_NAME}
    )
    held = list(template_set.headings.order_by("position").values_list("title", "prompt"))
    if held != list(DEFAULT_HEADINGS):
        template_set.headings.all().delete()
        ChartTemplateHeading.objects.bulk_create(
            ChartTemplateHeading(template_set=template_set, position=i, title=t, prompt=p)
            for i, (t, p) in enumerate(DEFAULT_HEADINGS)
        )
    return template_set


@transaction.atomic
def chart_template_set_save(
    *,
    owner,
    name: str,
    headings: list[tuple[str, str]],
    template_set: ChartTemplateSet | None = None,
) -> ChartTemplateSet:
    """Create or replace a facilitator's own set of ordered headings."""
    if not headings:
        raise DomainError("no_headings", "A set needs at least one heading.")
    if template_set is None:
        template_set = ChartTemplateSet.objects.create(owner=owner, name=name)
    else:
        if template_set.owner_id != owner.pk:
            raise DomainError("not_yours", "You can only change your own sets of headings.")
        template_set.name = name
        template_set.save(update_fields=["name"])
        template_set.headings.all().delete()
    ChartTemplateHeading.objects.bulk_create(
        ChartTemplateHeading(template_set=template_set, position=i, title=t, prompt=p)
        for i, (t, p) in enumerate(headings)
    )
    return template_set


# --- Sessions, tables and focus people ------------------------------------------


@transaction.atomic
def planning_session_create(
    *,
    facilitator,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    venue: str = "",
    is_online: bool = False,
    template_set: ChartTemplateSet | None = None,
    is_own_plan: bool = False,
) -> PlanningSession:
    """Create a session with the chosen (or built-in) headings and one table."""
    session = PlanningSession.objects.create(
        facilitator=facilitator,
        is_own_plan=is_own_plan,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue,
        is_online=is_online,
        template_set=template_set or chart_template_set_builtin_ensure(),
    )
    Table.objects.create(session=session, name="Table 1", position=0)
    return session


@transaction.atomic
def own_plan_start(*, facilitator, first_name: str, today: date) -> FocusPerson:
    """Start one person's plan on its own, with the standard headings, on a board
    of its own: written live with the same protocol, and brought to a group
    session later if the person joins one."""
    session = planning_session_create(
        facilitator=facilitator, title=f"{first_name}'s plan", starts_on=today, is_own_plan=True
    )
    return focus_person_add(session=session, first_name=first_name, table=session.tables.get())


@transaction.atomic
def own_plan_start_alone(
    *, first_name: str, device_id: str, today: date
) -> tuple[Participant, str]:
    """A person starts their own plan by themself: no facilitator, no account.

    Their device joins it as "This is me", so they decide everything about it,
    and they get a plan card straight away: the card, not this device, is their
    way back (a phone gets lost; a library computer is shared). Returns their
    participant and the card's words, to show once.
    """
    seat = own_plan_start(facilitator=None, first_name=first_name, today=today)
    me = participant_join(
        focus_person=seat,
        display_name=seat.first_name,
        relation=Participant.Relation.ME,
        device_id=device_id,
    )
    return me, plan_services.plan_card_issue(plan=seat.plan)


def planning_session_details_save(
    *,
    session: PlanningSession,
    title: str,
    starts_on: date,
    ends_on: date | None,
    venue: str,
    is_online: bool,
    template_set: ChartTemplateSet | None,
) -> PlanningSession:
    """Change a session's details. Charts already made keep their headings.

    Only the set-up page changes these, and no screen shows them live, so no
    board event is needed (the board title refreshes on the next load).
    """
    session.title = title
    session.starts_on = starts_on
    session.ends_on = ends_on
    session.venue = "" if is_online and not venue else venue
    session.is_online = is_online
    session.template_set = template_set
    # Named fields only, so a concurrent board change to last_seq is never overwritten.
    session.save(
        update_fields=["title", "starts_on", "ends_on", "venue", "is_online", "template_set"]
    )
    return session


def _event_record(
    *,
    session_id: int,
    seq: int,
    actor_key: str,
    kind: str,
    payload: dict,
    focus_person: domain.FocusPersonView | None = None,
    op_id: str = "",
    visibility_change: bool = False,
) -> dict:
    """Log change number ``seq`` and broadcast it once the transaction commits.

    The caller must hold the session row (``_locked_session`` or
    ``store.session_for_command``) and pass its ``last_seq + 1``, so numbers
    never collide. The change's stream (``domain.stream_of``) decides who
    receives it.
    """
    stream = domain.stream_of(
        focus_person=focus_person, visibility_change=visibility_change, kind=kind
    )
    store.session_seq_set(session_id=session_id, seq=seq)
    prev = store.event_insert(
        session_id=session_id,
        seq=seq,
        kind=kind,
        focus_person_id=focus_person.id if focus_person else None,
        actor_key=actor_key,
        op_id=op_id,
        stream=stream,
        payload=payload,
    )
    event = {"seq": seq, "stream": stream, "prev": prev, "kind": kind, **payload}
    groups = stream_groups(session_id=session_id, stream=stream)
    # Serialised once here, not once per screen; split into frames if need be.
    # A change with words not everyone may read (a removed note, what an edit
    # replaced) is written once per audience; each screen picks its own
    # (protocol.event_texts_for), by who the server says it is.
    audiences = domain.event_audiences(event)
    texts = {
        audience: frames_of({"type": "event", "event": version}, split="event")
        for audience, version in audiences.items()
    }
    message = {"type": "board.event", "seq": seq, "texts": texts.pop("others")}
    if texts:
        message["texts_by"] = texts
    transaction.on_commit(lambda: groups_send(groups=groups, message=message))
    return event


def _setup_actor_key(session: PlanningSession) -> str:
    """Who set-up changes are logged as: the facilitator, or "owner" on a board the
    person started themself (no facilitator runs it)."""
    return f"u:{session.facilitator_id}" if session.facilitator_id else "owner"


def _locked_session(session_id: int) -> PlanningSession:
    return PlanningSession.objects.select_for_update().get(pk=session_id)


@transaction.atomic
def table_save(*, session: PlanningSession, name: str, table: Table | None = None) -> Table:
    """Add a table to the room, or rename one."""
    session = _locked_session(session.pk)
    if table is None:
        table = Table.objects.create(session=session, name=name, position=session.tables.count())
    else:
        table.name = name
        table.save(update_fields=["name"])
    _event_record(
        session_id=session.pk,
        seq=session.last_seq + 1,
        actor_key=_setup_actor_key(session),
        kind="table_saved",
        payload={"table": asdict(table_view(table))},
    )
    return table


def _charts_create(*, session: PlanningSession, person: FocusPerson) -> list[Chart]:
    # A new plan's sections: the session's headings, or the standard ones.
    headings = (
        list(session.template_set.headings.all())
        if session.template_set
        else list(chart_template_set_builtin_ensure().headings.all())
    )
    return Chart.objects.bulk_create(
        Chart(
            session=session,
            focus_person=person,
            title=h.title,
            prompt=h.prompt,
            position=h.position,
        )
        for h in headings
    )


@transaction.atomic
def focus_person_add(
    *,
    session: PlanningSession,
    first_name: str,
    table: Table | None = None,
    is_private: bool = False,
) -> FocusPerson:
    """Add a focus person with the next free colour and symbol, a new plan of their
    own, and its charts (the plan's sections, on this board).

    A person added as private is private from the start, in this transaction:
    their arrival is a change in their own stream, so the public stream never
    carries their name or charts, not even for a moment.
    """
    session = _locked_session(session.pk)
    people = list(session.focus_people.all())
    colour, symbol = palette_next(
        taken_colours={p.colour for p in people}, taken_symbols={p.symbol for p in people}
    )
    person = FocusPerson.objects.create(
        session=session,
        plan=plan_services.plan_create(),
        first_name=first_name,
        table=table,
        colour=colour,
        symbol=symbol,
        is_private=is_private,
        position=len(people),
    )
    charts = _charts_create(session=session, person=person)
    _person_added_record(session=session, person=person, charts=charts)
    return person


def _person_added_record(
    *,
    session: PlanningSession,
    person: FocusPerson,
    charts: list[Chart],
    notes: list[domain.NoteView] = (),
) -> None:
    view = focus_person_view(person)
    payload = {"focus_person": asdict(view), "charts": [asdict(chart_view(c)) for c in charts]}
    if notes:
        payload["notes"] = [asdict(note) for note in notes]
    _event_record(
        session_id=session.pk,
        seq=session.last_seq + 1,
        actor_key=_setup_actor_key(session),
        kind="focus_person_added",
        focus_person=view,
        payload=payload,
    )


@transaction.atomic
def focus_person_bring(
    *, session: PlanningSession, plan: Plan, table: Table | None = None
) -> FocusPerson:
    """Bring a person's plan from an earlier session to this board.

    The plan's charts, with every note on them, move to a new seat here: the
    same rows, so the plan keeps one copy of its words. The board they leave is
    told (``plan_moved``), and this board gets them in one ``focus_person_added``
    event with the charts and their notes. The notes are numbered afresh with
    this board's change number, since sequence numbers belong to a board.
    """
    earlier = FocusPerson.objects.filter(plan=plan).exclude(session=session).order_by("-pk").first()
    if earlier is None:
        raise DomainError("no_plan", "That plan is not on any earlier board.")
    holder = plan_seat_now(plan_id=plan.pk)
    # Both boards' rows are locked, lower id first, so two moves never wait on each other.
    sessions = {session.pk} | ({holder.session_id} if holder else set())
    locked = {
        s.pk: s
        for s in PlanningSession.objects.select_for_update().filter(pk__in=sessions).order_by("pk")
    }
    session = locked[session.pk]
    if session.focus_people.filter(plan=plan).exists():
        raise DomainError("already_here", f"{earlier.first_name}'s plan is on this board already.")
    people = list(session.focus_people.all())
    taken_colours, taken_symbols = {p.colour for p in people}, {p.symbol for p in people}
    colour, symbol = palette_next(taken_colours=taken_colours, taken_symbols=taken_symbols)
    person = FocusPerson.objects.create(
        session=session,
        plan=plan,
        first_name=earlier.first_name,
        table=table,
        # Their own colour and symbol again, when nobody here has them.
        colour=earlier.colour if earlier.colour not in taken_colours else colour,
        symbol=earlier.symbol if earlier.symbol not in taken_symbols else symbol,
        is_private=earlier.is_private,
        position=len(people),
    )
    seq = session.last_seq + 1
    chart_ids = list(holder.charts.values_list("pk", flat=True)) if holder else []
    Chart.objects.filter(pk__in=chart_ids).update(
        session=session, focus_person=person, is_locked=False
    )
    Note.objects.filter(chart_id__in=chart_ids).update(
        session=session, created_seq=seq, updated_seq=seq
    )
    if holder:
        # The person and their allies come too, as the same participants: their
        # notes stay theirs, and their devices open the new board (access.actor_for).
        Participant.objects.filter(focus_person=holder).update(session=session, focus_person=person)
        # The old board's link and code would seat someone where the plan no longer is.
        FocusPerson.objects.filter(pk=holder.pk).update(
            invite_token_hash="", join_code="", join_code_expires_at=None
        )
        old = locked[holder.session_id]
        _event_record(
            session_id=old.pk,
            seq=old.last_seq + 1,
            actor_key=_setup_actor_key(session),
            kind="plan_moved",
            focus_person=focus_person_view(holder),
            payload={"focus_person_id": holder.pk, "chart_ids": chart_ids},
        )
    charts = list(person.charts.all()) or _charts_create(session=session, person=person)
    # Removed notes come too: their writers and the facilitator can still undo or
    # erase them here (everyone else's copy of the event has them blanked).
    rows = Note.objects.filter(chart_id__in=chart_ids).values_list(*store.NOTE_FIELDS)
    notes = [store.note_from_row(row) for row in rows]
    _person_added_record(session=session, person=person, charts=charts, notes=notes)
    _budget_shown_record(session=session, person=person, none_too=False)
    return person


@transaction.atomic
def focus_person_update(
    *,
    focus_person: FocusPerson,
    first_name: str,
    colour: str,
    symbol: str,
    table: Table | None,
    is_private: bool,
) -> FocusPerson:
    """Change a focus person's name, colour, symbol, table or privacy."""
    session = _locked_session(focus_person.session_id)
    privacy_changed = focus_person.is_private != is_private
    focus_person.first_name = first_name
    focus_person.colour = colour
    focus_person.symbol = symbol
    focus_person.table = table
    focus_person.is_private = is_private
    focus_person.save()
    seq = session.last_seq + 1
    _event_record(
        session_id=session.pk,
        seq=seq,
        actor_key=_setup_actor_key(session),
        kind="focus_person_updated",
        focus_person=focus_person_view(focus_person),
        payload={"focus_person": asdict(focus_person_view(focus_person))},
        visibility_change=privacy_changed,
    )
    if privacy_changed:
        # Screens resuming from before this get a fresh board, not a replay.
        PlanningSession.objects.filter(pk=session.pk).update(visibility_seq=seq)
        # Who may see these charts has changed: every screen gets a fresh board.
        groups = [
            session_group(session_id=session.pk),
            facilitator_group(session_id=session.pk),
        ]
        transaction.on_commit(lambda: groups_send(groups=groups, message={"type": "board.resync"}))
    return focus_person


def _day_end(day: date) -> datetime:
    """Midnight at the end of ``day``, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def join_code_until(*, session: PlanningSession, now: datetime | None = None) -> datetime:
    """When a typed code made now stops: at the end of the session's day.

    Made before the session, it works to the end of its first day; made on a
    day of the session, or after it (someone invited between meetings, or to a
    plan started alone), to the end of that day. Made within three hours of
    midnight, to the end of the next day, so it is not gone before it is used.
    """
    now = now or timezone.now()
    day = max(timezone.localdate(now), session.starts_on)
    until = _day_end(day)
    if until - now < JOIN_CODE_SHORTEST:
        until = _day_end(day + timedelta(days=1))
    return until


def invite_link_until(*, session: PlanningSession, now: datetime | None = None) -> datetime:
    """When an invite link made now stops: at the end of the session's last day
    (or, made on or after that day, as a typed code made now)."""
    now = now or timezone.now()
    last_day = session.ends_on or session.starts_on
    return max(_day_end(last_day), join_code_until(session=session, now=now))


# An invite token: 192 random bits, then when it stops (Unix seconds). The time
# is part of what is hashed, so it cannot be changed without breaking the link.
_INVITE_TOKEN = re.compile(r"[0-9a-f]{48}-(?P<until>[0-9]{1,12})")


def invite_token_until(*, token: str, focus_person: FocusPerson) -> datetime:
    """When the invite link with ``token`` stops working.

    A link made before links carried their end works to the end of the
    session's last day.
    """
    match = _INVITE_TOKEN.fullmatch(token)
    if match:
        return datetime.fromtimestamp(int(match["until"]), tz=timezone.get_current_timezone())
    session = focus_person.session
    return _day_end(session.ends_on or session.starts_on)


def focus_person_invite_create(*, focus_person: FocusPerson) -> str:
    """Make a new invite token and keep only its hash.

    The old link stops working. The token is returned once, to show the
    facilitator. It works until the end of the session's last day
    (``invite_link_until``; ``invite_token_until`` reads it back).
    """
    until = invite_link_until(session=focus_person.session)
    token = f"{secrets.token_hex(24)}-{int(until.timestamp())}"
    focus_person.invite_token_hash = token_hash(token)
    focus_person.save(update_fields=["invite_token_hash"])
    return token


def focus_person_invite_revoke(*, focus_person: FocusPerson) -> None:
    """Stop the invite link and the typed code working."""
    focus_person.invite_token_hash = ""
    focus_person.join_code = ""
    focus_person.join_code_expires_at = None
    focus_person.save(update_fields=["invite_token_hash", "join_code", "join_code_expires_at"])
    guesses_at_target_clear(limit=JOIN_CODE_GUESSES, target=str(focus_person.pk))


def join_code_first_group(code: str) -> str:
    """The first group of a code (which code a try was aimed at); empty if too short."""
    return code[:JOIN_CODE_GROUP] if len(code) >= JOIN_CODE_GROUP else ""


@transaction.atomic
def focus_person_code_create(*, focus_person: FocusPerson) -> str:
    """Make a typed code that works until the end of the session's day (``join_code_until``).

    Its first group differs from every other working code's (and from this
    person's old code's), so wrong tries at it are counted for it alone; the
    old code stops, and so does its count of wrong tries.
    """
    now = timezone.now()
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        clash = FocusPerson.objects.filter(
            join_code__startswith=join_code_first_group(code), join_code_expires_at__gt=now
        ).exists()
        if not clash:
            break
    focus_person.join_code = code
    focus_person.join_code_expires_at = join_code_until(session=focus_person.session, now=now)
    focus_person.save(update_fields=["join_code", "join_code_expires_at"])
    guesses_at_target_clear(limit=JOIN_CODE_GUESSES, target=str(focus_person.pk))
    return code


# --- Participants --------------------------------------------------------------


@transaction.atomic
def participant_join(
    *, focus_person: FocusPerson, display_name: str, relation: str, device_id: str
) -> Participant:
    """Let a device join a focus person's charts, unless it has been removed."""
    name = domain.text_clean(display_name, max_length=domain.NAME_MAX_LENGTH, what="Your name")
    if relation not in Participant.Relation.values:
        raise DomainError("bad_relation", "Choose how you know the person you are planning with.")
    device_hash = token_hash(device_id)
    session_id = focus_person.session_id
    if Participant.objects.filter(
        session_id=session_id, device_hash=device_hash, removed_at__isnull=False
    ).exists():
        raise DomainError(
            "removed",
            "The facilitator has removed this device from the session. "
            "Ask them if you can come back.",
        )
    participant, _ = Participant.objects.get_or_create(
        session_id=session_id,
        focus_person=focus_person,
        device_hash=device_hash,
        display_name=name,
        defaults={"relation": relation},
    )
    if participant.relation != relation:
        participant.relation = relation
    # A second "This is me" for the same person waits for the facilitator to say it is them.
    participant.me_confirmed = relation != Participant.Relation.ME or not (
        Participant.objects.filter(
            focus_person=focus_person,
            relation=Participant.Relation.ME,
            me_confirmed=True,
            removed_at__isnull=True,
        )
        .exclude(pk=participant.pk)
        .exists()
    )
    participant.save(update_fields=["relation", "me_confirmed"])
    return participant


@transaction.atomic
def participant_me_confirm(*, participant: Participant) -> None:
    """The facilitator confirms that this device's "This is me" really is the person."""
    Participant.objects.filter(pk=participant.pk, relation=Participant.Relation.ME).update(
        me_confirmed=True
    )


@dataclass(frozen=True)
class ParticipantRemoval:
    """What removing someone did, to tell the person who removed them exactly that."""

    name: str
    focus_person_name: str
    old_code: str = ""  # the typed code that was stopped, if one was working
    new_code: str = ""  # the new code made for the others, if one was
    new_code_until: datetime | None = None
    code_still_works: bool = False  # a code works that the removed person may know
    link_stopped: bool = False
    link_still_works: bool = False
    card_stopped: bool = False
    account_unlinked: bool = False
    # Kept, but they open nothing while the person is removed (only if let back in).
    card_kept: bool = False
    account_kept: bool = False


@transaction.atomic
def participant_remove(
    *,
    participant: Participant,
    stop_code: bool = False,
    stop_card: bool = False,
    stop_account: bool = False,
) -> ParticipantRemoval:
    """Remove a participant; every device they joined on is closed and kept out.

    A new device is not: they could come back with the code or invite link
    they used, their own card or their account. ``stop_code`` stops the focus
    person's code and link (others may be using them, so a new code is made
    for them when a code was working); ``stop_card`` stops their own card;
    ``stop_account`` takes this board off their account.
    """
    now = timezone.now()
    removed = Participant.objects.filter(
        session_id=participant.session_id, device_hash=participant.device_hash
    )
    ids = list(removed.values_list("pk", flat=True))
    changes = {"removed_at": now}
    if stop_card:
        changes |= {"card_hash": "", "card_issued_at": None}
    if stop_account:
        changes["account"] = None
    had_card = removed.exclude(card_hash="").exists()
    had_account = removed.filter(account__isnull=False).exists()
    removed.update(**changes)
    groups = [participant_group(participant_id=pk) for pk in ids]
    transaction.on_commit(
        lambda: groups_send(groups=groups, message={"type": "participant.removed"})
    )
    person = FocusPerson.objects.select_related("session").get(pk=participant.focus_person_id)
    code_works = bool(
        person.join_code and person.join_code_expires_at and person.join_code_expires_at > now
    )
    link_works = bool(person.invite_token_hash)
    result = ParticipantRemoval(
        name=participant.display_name,
        focus_person_name=person.first_name,
        card_stopped=stop_card and had_card,
        account_unlinked=stop_account and had_account,
        card_kept=not stop_card and had_card,
        account_kept=not stop_account and had_account,
    )
    if not stop_code:
        return replace(result, code_still_works=code_works, link_still_works=link_works)
    old_code = person.join_code if code_works else ""
    person.invite_token_hash = ""
    person.save(update_fields=["invite_token_hash"])
    if not code_works:
        return replace(result, link_stopped=link_works)
    new_code = focus_person_code_create(focus_person=person)
    return replace(
        result,
        old_code=old_code,
        new_code=new_code,
        new_code_until=person.join_code_expires_at,
        link_stopped=link_works,
    )


@transaction.atomic
def participant_readmit(*, participant: Participant) -> None:
    """Let a removed participant's device join again."""
    Participant.objects.filter(
        session_id=participant.session_id, device_hash=participant.device_hash
    ).update(removed_at=None)


# --- Board commands --------------------------------------------------------------


@dataclass(frozen=True)
class CommandResult:
    """What the sender is told (``ack``) and what every allowed screen receives."""

    ack: dict
    event: dict | None


def _not_found(what: str) -> DomainError:
    return DomainError("not_found", f"That {what} is not on this board. It may have been removed.")


@dataclass(frozen=True)
class _Command:
    """One board command in progress: who, on which session, as change number ``seq``."""

    session: store.SessionRow
    actor: Actor
    message: dict
    seq: int


# What a command handler returns: the event kind, whose charts it concerns, the payload.
Change = tuple[str, domain.FocusPersonView | None, dict]


def _chart_in(command: _Command, chart_id: int) -> tuple[domain.ChartView, domain.FocusPersonView]:
    found = store.chart_with_person(chart_id=chart_id, session_id=command.session.id)
    if found is None:
        raise _not_found("chart")
    return found


def _note_in(
    command: _Command, note_id: int
) -> tuple[domain.NoteView, domain.ChartView, domain.FocusPersonView]:
    found = store.note_with_chart(note_id=note_id, session_id=command.session.id)
    if found is None:
        raise _not_found("note")
    return found


def _check_visible(actor: Actor, person: domain.FocusPersonView) -> None:
    if not domain.can_view_focus_person(actor=actor, focus_person=person):
        raise _not_found("chart")


def _add_note(command: _Command) -> Change:
    actor, seq = command.actor, command.seq
    chart, person = _chart_in(command, command.message["chart_id"])
    _check_visible(actor, person)
    domain.check_add_note(actor=actor, board_locked=command.session.is_locked, chart=chart)
    note = domain.NoteView(
        id=0,
        chart_id=chart.id,
        author_key=actor.key,
        author_name=actor.name,
        text=domain.text_clean(command.message["text"]),
        day=domain.day_clean(command.message.get("day", "")),
        is_starred=False,
        clarification=Note.Clarification.NONE.value,
        clarification_question="",
        clarification_reply="",
        is_removed=False,
        version=1,
        created_seq=seq,
        updated_seq=seq,
    )
    note_id = store.note_insert(
        session_id=command.session.id,
        note=note,
        author_participant_id=actor.participant_id,
        author_user_id=actor.user_id,
    )
    return "note_added", person, {"note": asdict(replace(note, id=note_id))}


def _change(command: _Command, action: str):
    note, chart, person = _note_in(command, command.message["note_id"])
    _check_visible(command.actor, person)
    domain.check_change_note(
        actor=command.actor,
        board_locked=command.session.is_locked,
        chart=chart,
        note=note,
        action=action,
    )
    return note, person


def _saved(
    command: _Command,
    note: domain.NoteView,
    person: domain.FocusPersonView,
    kind: str,
    changes: dict,
    **extra,
) -> Change:
    note = replace(note, **changes, version=note.version + 1, updated_seq=command.seq)
    store.note_update(note=note)
    return kind, person, {"note": asdict(note), **extra}


def _edit_note(command: _Command) -> Change:
    actor, message = command.actor, command.message
    note, person = _change(command, "edit")
    changes = {"text": domain.text_clean(message["text"])}
    if "day" in message:
        changes["day"] = domain.day_clean(message["day"])
    overwrote = domain.edit_overwrites(note=note, base_version=message.get("base_version"))
    previous = {"text": note.text, "version": note.version}
    if note.clarification == Note.Clarification.ASKED and not actor.is_facilitator:
        changes["clarification"] = Note.Clarification.ANSWERED.value
    # Someone else's words are shown as theirs; the writer's own edit makes them the writer's again.
    changes["changed_by"] = "" if actor.key == note.author_key else actor.name
    by = {"key": actor.key, "name": actor.name}
    return _saved(
        command, note, person, "note_edited", changes, overwrote=overwrote, previous=previous, by=by
    )


def _remove_note(command: _Command) -> Change:
    note, person = _change(command, "remove")
    return _saved(command, note, person, "note_removed", {"is_removed": True})


def _restore_note(command: _Command) -> Change:
    note, person = _change(command, "restore")
    if not note.is_removed:
        raise DomainError("not_removed", "That note is already on the board.")
    return _saved(command, note, person, "note_restored", {"is_removed": False})


def _erase_note(command: _Command) -> Change:
    """Erase a removed note for good: the row, and its words in every stored event.

    Words someone took back must not stay on the server. The event log is kept
    (screens replay it, and each stream's ``prev`` chain must stay whole), so
    the note's words are blanked in every event that held them, on every board
    its plan has been on; then the row goes. A plan version saved while the
    note was on the board keeps it: a version is the person's deliberate copy
    and never changes (``PlanVersion.save``), and the page that erases says so.
    """
    note, _chart, person = _note_in(command, command.message["note_id"])
    _check_visible(command.actor, person)
    domain.check_erase_note(actor=command.actor, note=note)
    plan_id = FocusPerson.objects.filter(pk=person.id).values_list("plan_id", flat=True).first()
    sessions = {command.session.id}
    if plan_id is not None:
        # A plan brought from an earlier board left the note's history there.
        sessions |= set(
            FocusPerson.objects.filter(plan_id=plan_id).values_list("session_id", flat=True)
        )
    # Marked removed too, so a screen replaying the history never draws it blank.
    _history_rewrite(
        session_ids=sessions,
        notes={note.id: {**dict.fromkeys(domain.NOTE_WORDS, ""), "is_removed": True}},
    )
    Note.objects.filter(pk=note.id).delete()
    audit_record(
        action=AuditEvent.Action.ERASED,
        subject=AuditEvent.Subject.PLAN,
        subject_id=plan_id or 0,
        plan_id=plan_id,
        who=actor_words(actor=command.actor),
        user=get_user_model().objects.filter(pk=command.actor.user_id).first()
        if command.actor.user_id
        else None,
        what="a note's words",
    )
    return "note_erased", person, {"note_id": note.id, "chart_id": note.chart_id}


def _history_rewrite(
    *,
    session_ids,
    notes: dict[int, dict],
    by_keys: set[str] = frozenset(),
    names: dict[str, str] | None = None,
) -> int:
    """Take words and names out of the stored event history of ``session_ids``.

    ``notes`` maps a note id to the fields every after-image of it gets (its
    words now, or none at all, and the writer's new name); the ``previous``
    words an edit replaced are blanked with it. ``by_keys`` are actors whose name is
    replaced by ``domain.LEFT_NAME`` where an event says who did it; ``names`` replaces
    whole names in ``changed_by`` and ``suggested_by``. Returns how many events
    changed. Sequence numbers and streams stay, so screens never see a gap.
    """
    names = names or {}
    changed = []
    events = BoardEvent.objects.filter(session_id__in=set(session_ids)).only("pk", "payload")
    if not by_keys and not names:
        # Only events that carry one of these notes can change: read just those.
        events = events.filter(Q(payload__note__id__in=list(notes)) | Q(payload__has_key="notes"))
    for event in events.iterator(chunk_size=500):
        payload = event.payload
        touched = False
        for note in domain.event_notes(payload):
            fields = notes.get(note.get("id"))
            if fields is not None:
                note.update(fields)
                previous = payload.get("previous")
                if payload.get("note") is note and isinstance(previous, dict):
                    # The words go; the field stays, so the event keeps its shape.
                    payload["previous"] = {**previous, "text": ""}
                touched = True
            for name_field in ("changed_by", "suggested_by"):
                if note.get(name_field) in names:
                    note[name_field] = names[note[name_field]]
                    touched = True
            if note.get("author_key") in by_keys and note.get("author_name") != domain.LEFT_NAME:
                note["author_name"] = domain.LEFT_NAME
                touched = True
        by = payload.get("by")
        if isinstance(by, dict) and by.get("key") in by_keys:
            by["name"] = domain.LEFT_NAME
            touched = True
        if touched:
            changed.append(event)
    BoardEvent.objects.bulk_update(changed, ["payload"], batch_size=200)
    return len(changed)


def _facilitator_note(command: _Command):
    domain.check_facilitator(actor=command.actor)
    note, chart, person = _note_in(command, command.message["note_id"])
    if note.is_removed:
        raise DomainError("note_removed", "That note has been removed.")
    return note, chart, person


def _star_note(command: _Command) -> Change:
    note, _chart, person = _facilitator_note(command)
    starred = {"is_starred": command.message["starred"]}
    return _saved(command, note, person, "note_starred", starred)


def _ask_clarification(command: _Command) -> Change:
    note, _chart, person = _facilitator_note(command)
    question = domain.text_clean(
        command.message["question"], max_length=domain.QUESTION_MAX_LENGTH, what="A question"
    )
    changes = {
        "clarification_question": question,
        "clarification": Note.Clarification.ASKED.value,
        "clarification_reply": "",
    }
    return _saved(command, note, person, "clarification_asked", changes)


def _answer_clarification(command: _Command) -> Change:
    note, chart, person = _note_in(command, command.message["note_id"])
    _check_visible(command.actor, person)
    domain.check_answer_clarification(
        actor=command.actor, board_locked=command.session.is_locked, chart=chart, note=note
    )
    changes = {
        "clarification_reply": domain.text_clean(command.message["reply"], what="A reply"),
        "clarification": Note.Clarification.ANSWERED.value,
    }
    return _saved(command, note, person, "clarification_answered", changes)


def _accept_clarification(command: _Command) -> Change:
    note, _chart, person = _facilitator_note(command)
    if not note.clarification:
        raise DomainError("no_question", "Nobody has asked about this note.")
    changes = {
        "clarification": Note.Clarification.NONE.value,
        "clarification_question": "",
        "clarification_reply": "",
    }
    return _saved(command, note, person, "clarification_accepted", changes)


def _suggest_wording(command: _Command) -> Change:
    note, _chart, person = _note_in(command, command.message["note_id"])
    _check_visible(command.actor, person)
    text = domain.text_clean(command.message["text"], what="A suggestion")
    domain.check_suggest_wording(actor=command.actor, note=note, text=text)
    changes = {"suggestion": text, "suggested_by": command.actor.name}
    return _saved(command, note, person, "wording_suggested", changes)


def _decide_wording(command: _Command, *, accept: bool) -> Change:
    note, chart, person = _note_in(command, command.message["note_id"])
    _check_visible(command.actor, person)
    domain.check_decide_wording(
        actor=command.actor,
        board_locked=command.session.is_locked,
        chart=chart,
        note=note,
        accept=accept,
    )
    changes = {"suggestion": "", "suggested_by": ""}
    if accept:
        # The writer chose these words, so they are the writer's own now.
        changes |= {"text": note.suggestion, "changed_by": ""}
    by = {"key": command.actor.key, "name": command.actor.name}
    kind = "wording_accepted" if accept else "wording_declined"
    return _saved(command, note, person, kind, changes, by=by)


def _accept_wording(command: _Command) -> Change:
    return _decide_wording(command, accept=True)


def _decline_wording(command: _Command) -> Change:
    return _decide_wording(command, accept=False)


def _move_note(command: _Command) -> Change:
    note, source, _person = _facilitator_note(command)
    target, target_person = _chart_in(command, command.message["chart_id"])
    domain.check_move_note(actor=command.actor, note=note, target=target, source=source)
    return _saved(
        command,
        note,
        target_person,
        "note_moved",
        {"chart_id": target.id},
        from_chart_id=source.id,
    )


def _lock_chart(command: _Command) -> Change:
    domain.check_facilitator(actor=command.actor)
    chart, person = _chart_in(command, command.message["chart_id"])
    Chart.objects.filter(pk=chart.id).update(is_locked=command.message["locked"])
    chart = replace(chart, is_locked=command.message["locked"])
    return "chart_locked", person, {"chart": asdict(chart)}


def _lock_board(command: _Command) -> Change:
    domain.check_facilitator(actor=command.actor)
    locked = command.message["locked"]
    PlanningSession.objects.filter(pk=command.session.id).update(is_locked=locked)
    return "board_locked", None, {"is_locked": locked}


# --- The costing: rows of support and what they cost (docs/live-protocol.md) ------------


def _plan_rows_person(command: _Command) -> tuple[FocusPerson, domain.FocusPersonView]:
    """The person whose costing or action plan a command is for, checked: on this board,
    holding their plan here, and ``actor`` allowed to change it."""
    person_id = command.message["focus_person_id"]
    person = (
        FocusPerson.objects.select_related("plan")
        .filter(pk=person_id, session_id=command.session.id)
        .first()
    )
    view = focus_person_view(person) if person is not None else None
    if person is None or not domain.can_view_focus_person(actor=command.actor, focus_person=view):
        raise DomainError("not_found", "That plan is not on this board.")
    domain.check_write_plan_rows(
        actor=command.actor, board_locked=command.session.is_locked, focus_person_id=person_id
    )
    if not Chart.objects.filter(focus_person_id=person_id).exists():
        raise DomainError(
            "plan_moved", "This plan has moved on to a later session. Change it there."
        )
    return person, view


def _costing_payload(person: FocusPerson) -> dict:
    return {
        "focus_person_id": person.pk,
        "costing": plan_selectors.costing_payload(
            summary=plan_selectors.costing_summary(plan=person.plan)
        ),
    }


def _save_cost_line(command: _Command) -> Change:
    person, view = _plan_rows_person(command)
    message = command.message
    try:
        row = plan_services.cost_line_save(
            plan=person.plan,
            line_id=message.get("line_id"),
            what=message["what"],
            who=message.get("who", ""),
            paid=message.get("paid", True),
            hours_per_week=message.get("hours_per_week", ""),
            hourly_rate=message.get("hourly_rate", ""),
            amount=message.get("amount", ""),
            period=message.get("period", ""),
            is_contingency=message.get("is_contingency", False),
            written_by=actor_words(actor=command.actor),
            by_facilitator=command.actor.is_facilitator,
        )
    except money.MoneyError as error:
        raise DomainError(error.code, error.message) from None
    return "costing_shown", view, {**_costing_payload(person), "line_id": row.pk}


def _remove_cost_line(command: _Command) -> Change:
    person, view = _plan_rows_person(command)
    line_id = command.message["line_id"]
    if plan_services.cost_line_remove(plan=person.plan, line_id=line_id) is None:
        raise DomainError("not_found", "That row has already been taken off the costing.")
    return "costing_shown", view, {**_costing_payload(person), "line_id": line_id}


def _actions_payload(person: FocusPerson) -> dict:
    rows = plan_selectors.action_payloads(plan_ids=[person.plan_id]).get(person.plan_id, [])
    return {"focus_person_id": person.pk, "actions": rows}


def _save_action(command: _Command) -> Change:
    person, view = _plan_rows_person(command)
    message = command.message
    try:
        row = plan_services.plan_action_save(
            plan=person.plan,
            action_id=message.get("action_id"),
            what=domain.text_clean(message["what"], max_length=300, what="An action"),
            who=message.get("who", ""),
            when=message.get("when", ""),
            how_we_know=message.get("how_we_know", ""),
            written_by=actor_words(actor=command.actor),
            by_facilitator=command.actor.is_facilitator,
        )
    except plan_services.PlanError as error:
        raise DomainError("action_refused", error.message) from None
    return "actions_shown", view, {**_actions_payload(person), "action_id": row.pk}


def _remove_action(command: _Command) -> Change:
    person, view = _plan_rows_person(command)
    action_id = command.message["action_id"]
    if plan_services.plan_action_remove(plan=person.plan, action_id=action_id) is None:
        raise DomainError("not_found", "That action has already been taken off the plan.")
    return "actions_shown", view, {**_actions_payload(person), "action_id": action_id}


def _row_question(command: _Command, change) -> Change:
    """Ask, answer or close a question on a costing row or an action (``change`` is the
    plans service that does it), and show the row's table the row as it now stands."""
    person, view = _plan_rows_person(command)
    kind = command.message["row"]
    if kind not in plan_services.ROW_KINDS:
        raise DomainError(
            "bad_field", f"Your page sent a kind of row the board does not know. {RELOAD}"
        )
    try:
        row = change(plan=person.plan, kind=kind, row_id=command.message["row_id"])
    except plan_services.PlanError as error:
        raise DomainError("row_question_refused", error.message) from None
    if kind == "cost_line":
        return "costing_shown", view, {**_costing_payload(person), "line_id": row.pk}
    return "actions_shown", view, {**_actions_payload(person), "action_id": row.pk}


def _ask_row_question(command: _Command) -> Change:
    domain.check_facilitator(actor=command.actor)
    question = domain.text_clean(
        # The row's own field decides how long (plans.Clarifiable), as a note's does for notes.
        command.message["question"],
        max_length=ROW_QUESTION_MAX_LENGTH,
        what="A question",
    )
    return _row_question(command, partial(plan_services.plan_row_question_ask, question=question))


def _answer_row_question(command: _Command) -> Change:
    reply = domain.text_clean(
        command.message["reply"], max_length=REPLY_MAX_LENGTH, what="An answer"
    )
    return _row_question(command, partial(plan_services.plan_row_question_answer, reply=reply))


def _close_row_question(command: _Command) -> Change:
    domain.check_facilitator(actor=command.actor)
    return _row_question(command, plan_services.plan_row_question_close)


COMMAND_HANDLERS = {
    "add_note": _add_note,
    "edit_note": _edit_note,
    "remove_note": _remove_note,
    "restore_note": _restore_note,
    "erase_note": _erase_note,
    "star_note": _star_note,
    "ask_clarification": _ask_clarification,
    "answer_clarification": _answer_clarification,
    "accept_clarification": _accept_clarification,
    "suggest_wording": _suggest_wording,
    "accept_wording": _accept_wording,
    "decline_wording": _decline_wording,
    "move_note": _move_note,
    "lock_chart": _lock_chart,
    "lock_board": _lock_board,
    "save_cost_line": _save_cost_line,
    "remove_cost_line": _remove_cost_line,
    "save_action": _save_action,
    "remove_action": _remove_action,
    "ask_row_question": _ask_row_question,
    "answer_row_question": _answer_row_question,
    "close_row_question": _close_row_question,
}


def _ack(event_row_seq: int, op_id: str, payload: dict, *, duplicate: bool) -> dict:
    ack = {"type": "ack", "op_id": op_id, "seq": event_row_seq, "duplicate": duplicate}
    if "note" in payload:
        ack["note_id"] = payload["note"]["id"]
    elif "note_id" in payload:
        ack["note_id"] = payload["note_id"]
    for key in ("line_id", "action_id"):
        if key in payload:
            ack[key] = payload[key]
    return ack


def board_command_apply(*, session_id: int, actor: Actor, message: dict) -> CommandResult:
    """Apply one checked board command for ``actor``: one transaction, one event.

    A repeated ``op_id`` from the same actor changes nothing and gets the first
    acknowledgement again, so a retry after a dropped connection never
    duplicates a note. This is the board's busiest path, so it reads and
    writes through ``store`` (a few prepared statements) rather than the ORM.
    """
    try:
        return _board_command_apply(session_id=session_id, actor=actor, message=message)
    except IntegrityError:
        # The same op id reached another server process at the same moment and
        # committed first. On PostgreSQL the op id check reads from before that
        # commit even after waiting for the session lock, so the unique index
        # is what caught it. The transaction is rolled back (nothing stored,
        # nothing broadcast); run again, now it is found: a duplicate ack.
        return _board_command_apply(session_id=session_id, actor=actor, message=message)


@transaction.atomic
def _board_command_apply(*, session_id: int, actor: Actor, message: dict) -> CommandResult:
    op_id = message["op_id"]
    session = store.session_for_command(
        session_id=session_id, participant_id=actor.participant_id, actor_key=actor.key, op_id=op_id
    )
    if session is None:
        raise DomainError("not_found", "This session no longer exists.")
    if actor.participant_id is not None and not session.participant_active:
        raise DomainError(
            "removed", "The facilitator has removed you from this session. Nothing was saved."
        )
    if session.earlier_seq is not None:
        payload = store.event_payload(session_id=session_id, seq=session.earlier_seq)
        return CommandResult(
            ack=_ack(session.earlier_seq, op_id, payload, duplicate=True), event=None
        )
    command = _Command(session=session, actor=actor, message=message, seq=session.last_seq + 1)
    kind, focus_person, payload = COMMAND_HANDLERS[message["type"]](command)
    event = _event_record(
        session_id=session_id,
        seq=command.seq,
        actor_key=actor.key,
        kind=kind,
        payload=payload,
        focus_person=focus_person,
        op_id=op_id,
    )
    return CommandResult(ack=_ack(event["seq"], op_id, payload, duplicate=False), event=event)


# --- Presence -----------------------------------------------------------------


@transaction.atomic
def presence_enter(*, session_id: int, channel_name: str, actor: Actor) -> None:
    """Record an open connection, and tell the room who is here."""
    # Connections cut off by a server restart never said goodbye; forget them.
    Presence.objects.filter(
        session_id=session_id, last_seen__lt=timezone.now() - PRESENCE_STALE_AFTER
    ).delete()
    # A plain insert: every connection has a channel name of its own.
    Presence.objects.create(
        channel_name=channel_name,
        session_id=session_id,
        participant_id=actor.participant_id,
        user_id=actor.user_id,
        display_name=actor.name,
        last_seen=timezone.now(),
    )
    _presence_announce(session_id)


@transaction.atomic
def presence_touch(*, channel_name: str) -> None:
    """Keep a connection counted as here (called on each ping)."""
    Presence.objects.filter(channel_name=channel_name).update(last_seen=timezone.now())


def board_ping(*, session_id: int, channel_name: str, actor: Actor) -> dict:
    """A screen's ping: keep it in "here now", and return the heads of its streams.

    One call, so the consumer makes one trip to a database thread per ping.
    """
    presence_touch(channel_name=channel_name)
    return board_heads_now(session_id=session_id, actor=actor)


@transaction.atomic
def presence_leave(*, session_id: int, channel_name: str) -> None:
    """Forget a closed connection, and tell the room."""
    Presence.objects.filter(channel_name=channel_name).delete()
    _presence_announce(session_id)


PRESENCE_ANNOUNCE_DELAY = 0.3


def _presence_announce(session_id: int) -> None:
    """Tell the room who is here, once per burst of arrivals and departures.

    When a room reconnects after the Wi-Fi drops, dozens of screens arrive
    within a second; each announcement is a list of everyone sent to
    everyone, so one per arrival would cost the square of the room's size.
    The list is read once and serialised once per audience (the facilitator,
    most screens, each private person's table), so no screen filters or
    encodes anything itself.
    """
    groups = [session_group(session_id=session_id), facilitator_group(session_id=session_id)]

    def build() -> tuple[list[str], dict]:
        lists = domain.presence_by_audience(people=presence_everyone(session_id=session_id))
        texts = {
            audience: frames_of({"type": "presence", "people": people})
            for audience, people in lists.items()
        }
        return groups, {"type": "presence.changed", "texts": texts}

    transaction.on_commit(
        lambda: groups_send_coalesced(
            key=f"presence-{session_id}", build=build, delay=PRESENCE_ANNOUNCE_DELAY
        )
    )


# --- The person's plan -------------------------------------------------------------


def _plan_editor_seat(
    *, session_id: int, actor: Actor, focus_person_id: int, doing: str
) -> FocusPerson:
    # Views check first and answer "not found"; this keeps the rule for any other caller.
    if not plan_editor_allowed(actor=actor, focus_person_id=focus_person_id):
        raise PermissionError(f"Only the person or the facilitator may {doing}.")
    seat = (
        FocusPerson.objects.select_related("plan", "table")
        .filter(pk=focus_person_id, session_id=session_id)
        .first()
    )
    if seat is None:
        raise PermissionError("No such plan here.")
    return seat


def board_plan_version_save(
    *, session_id: int, actor: Actor, focus_person_id: int, label: str, today: date
) -> PlanVersion:
    """Keep this person's plan as it is now, named ``label`` (the person or facilitator only)."""
    seat = _plan_editor_seat(
        session_id=session_id, actor=actor, focus_person_id=focus_person_id, doing="save a version"
    )
    with transaction.atomic():
        document = plan_document_find(
            session_id=session_id, actor=actor, focus_person_id=focus_person_id, made_on=today
        )
        if document is None:
            raise PermissionError("No such plan here.")
        return plan_services.plan_version_save(
            plan=seat.plan,
            document=document,
            label=label,
            saved_by=actor_words(actor=actor),
        )


def board_plan_review_set(
    *, session_id: int, actor: Actor, focus_person_id: int, review_on: date | None, today: date
) -> Plan:
    """Set when this person's plan is reviewed (the person or facilitator only)."""
    seat = _plan_editor_seat(
        session_id=session_id,
        actor=actor,
        focus_person_id=focus_person_id,
        doing="set the review date",
    )
    return plan_services.plan_review_set(
        plan=seat.plan,
        review_on=review_on,
        today=today,
    )


def board_plan_card_issue(*, session_id: int, actor: Actor, focus_person_id: int) -> str:
    """A new plan card for this person (the person or facilitator only); the old one stops.

    Returns the card's words, to show once and print.
    """
    seat = _plan_editor_seat(
        session_id=session_id,
        actor=actor,
        focus_person_id=focus_person_id,
        doing="make a plan card",
    )
    return plan_services.plan_card_issue(plan=seat.plan)


def plan_card_use(*, plan: Plan, device_id: str) -> Participant:
    """Bring the card's holder back to their plan on this device, as themself.

    They come back as the person's one "This is me" participant on the board
    their plan is on now (so their notes stay theirs), made if nobody has
    joined as them yet. A person the facilitator removed stays out.
    """
    seat = plan_seat_now(plan_id=plan.pk)
    if seat is None:
        raise DomainError("no_board", "This card's plan is not on a board yet.")
    me = (
        Participant.objects.filter(
            focus_person=seat, relation=Participant.Relation.ME, me_confirmed=True
        )
        .order_by("joined_at", "pk")
        .first()
    )
    if me is not None and me.removed_at is not None:
        raise DomainError(
            "removed",
            "The facilitator has taken this plan's owner off the board. Ask them to add you back.",
        )
    if me is not None:
        return me
    return participant_join(
        focus_person=seat,
        display_name=seat.first_name,
        relation=Participant.Relation.ME,
        device_id=device_id,
    )


def plan_card_ally_use(*, plan: Plan, participant_id: int) -> Participant:
    """An ally comes back with the person's card, while they are with them: as
    themself (one of the allies on the board the plan is on now), never as the person."""
    seat = plan_seat_now(plan_id=plan.pk)
    ally = (
        Participant.objects.filter(pk=participant_id, focus_person=seat, removed_at__isnull=True)
        .exclude(relation=Participant.Relation.ME)
        .first()
        if seat is not None
        else None
    )
    if ally is None:
        raise DomainError("no_such_ally", "That person is not one of the allies on this plan now.")
    return ally


@transaction.atomic
def participant_card_issue(*, participant_id: int) -> str:
    """A card of an ally's own, to come back without the person; their old one stops.

    The person has the plan card; an ally's card brings back only the ally.
    Returns the card's words, once: only their hash is kept.
    """
    code = card_code_new()
    changed = (
        Participant.objects.filter(pk=participant_id, removed_at__isnull=True)
        .exclude(relation=Participant.Relation.ME)
        .update(card_hash=card_code_hash(code), card_issued_at=timezone.now())
    )
    if not changed:
        raise DomainError("no_such_ally", "Only an ally on this plan can make a card of their own.")
    return code


@transaction.atomic
def participant_account_link(*, participant_id: int, user) -> None:
    """Keep this participant on ``user``'s account: signing in on any device brings
    them back. An account holds any number of participants (their plan, and the
    plans they help with)."""
    Participant.objects.filter(pk=participant_id, removed_at__isnull=True).update(account=user)


@transaction.atomic
def participant_account_create(*, participant_id: int, username: str, email: str, password: str):
    """Make an account for the person (or an ally) and keep this participant on it.

    The account has no role: it opens only the plans its participants are on.
    """
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    participant_account_link(participant_id=participant_id, user=user)
    return user


def board_plan_invite_code(*, session_id: int, actor: Actor, focus_person_id: int) -> str:
    """A typed code the person gives to someone they want to help with their plan.

    The person decides who joins, not only a facilitator (and a plan they started
    on their own has no facilitator). The same code the set-up page makes: it
    works until the end of the session's day (``join_code_until``), and a new
    one replaces it.
    """
    seat = _plan_editor_seat(
        session_id=session_id, actor=actor, focus_person_id=focus_person_id, doing="invite someone"
    )
    return focus_person_code_create(focus_person=seat)


# --- The person's say over who sees their plan ----------------------------------------


def focus_person_privacy_set(
    *, session_id: int, actor: Actor, focus_person_id: int, is_private: bool
) -> FocusPerson:
    """The person (or the facilitator) decides whether their charts are private.

    Private: only they, their allies and the facilitator see the charts.
    Everyone's screens change at once, as when the facilitator sets it.
    """
    seat = _plan_editor_seat(
        session_id=session_id, actor=actor, focus_person_id=focus_person_id, doing="change this"
    )
    return focus_person_update(
        focus_person=seat,
        first_name=seat.first_name,
        colour=seat.colour,
        symbol=seat.symbol,
        table=seat.table,
        is_private=is_private,
    )


def focus_person_ally_remove(
    *,
    session_id: int,
    actor: Actor,
    focus_person_id: int,
    participant_id: int,
    stop_code: bool = False,
    stop_card: bool = False,
    stop_account: bool = False,
) -> tuple[Participant, ParticipantRemoval]:
    """The person (or the facilitator) takes an ally off their plan and charts.

    The ally's devices are closed and kept out, as when the facilitator removes
    someone, and the ways back chosen are stopped (``participant_remove``). The
    person's own confirmed place ("This is me") cannot be removed this way; a
    second "This is me" still waiting to be confirmed can.
    """
    _plan_editor_seat(
        session_id=session_id, actor=actor, focus_person_id=focus_person_id, doing="remove an ally"
    )
    ally = (
        Participant.objects.filter(
            pk=participant_id,
            session_id=session_id,
            focus_person_id=focus_person_id,
            removed_at__isnull=True,
        )
        .exclude(relation=Participant.Relation.ME, me_confirmed=True)
        .first()
    )
    if ally is None:
        raise DomainError("no_such_ally", "That person is not one of the allies on this plan.")
    removal = participant_remove(
        participant=ally, stop_code=stop_code, stop_card=stop_card, stop_account=stop_account
    )
    return ally, removal


def focus_person_me_claim_confirm(
    *, session_id: int, actor: Actor, focus_person_id: int, participant_id: int
) -> Participant:
    """The person (or the facilitator) says a second "This is me" really is them.

    A plan the person started alone has no facilitator, so the person, already
    confirmed on their own device, is the one who can say so.
    """
    _plan_editor_seat(
        session_id=session_id,
        actor=actor,
        focus_person_id=focus_person_id,
        doing="confirm another device",
    )
    claim = Participant.objects.filter(
        pk=participant_id,
        session_id=session_id,
        focus_person_id=focus_person_id,
        relation=Participant.Relation.ME,
        me_confirmed=False,
        removed_at__isnull=True,
    ).first()
    if claim is None:
        raise DomainError("no_such_claim", "Nobody is waiting to be confirmed on this plan.")
    participant_me_confirm(participant=claim)
    return claim


# --- The indicative budget on the board -------------------------------------------------


def _budget_shown_record(
    *, session: PlanningSession, person: FocusPerson, none_too: bool = True
) -> None:
    """Tell the person's screens and their allies' the budget they may see now, if any.

    In the person's money stream, so no other screen receives it: not other
    tables, not the facilitator's board screens (one may be the projector).
    The caller holds the session row. With ``none_too`` False, a plan with no
    budget shown yet sends nothing.
    """
    payload = plan_selectors.budget_payload(summary=plan_selectors.budget_summary(plan=person.plan))
    if payload is None and not none_too:
        return
    changes = []
    costing = _costing_payload(person)
    if costing["costing"] is not None:
        # Its difference from the budget changes with the budget. Sent first, so
        # the budget is the last thing the screen says.
        changes.append(("costing_shown", costing))
    changes.append(("budget_shown", {"focus_person_id": person.pk, "budget": payload}))
    for kind, change in changes:
        session.refresh_from_db(fields=["last_seq"])
        _event_record(
            session_id=session.pk,
            seq=session.last_seq + 1,
            actor_key=_setup_actor_key(session),
            kind=kind,
            focus_person=focus_person_view(person),
            payload=change,
        )


@transaction.atomic
def budget_reveal(*, session: PlanningSession, focus_person: FocusPerson) -> int:
    """Unseal a person's budget and show it, live, on their screens and their allies'.

    Returns how many sealed parts were revealed (0: nothing changes, nothing is sent).
    """
    session = _locked_session(session.pk)
    revealed = plan_services.budget_reveal(plan=focus_person.plan)
    if revealed:
        _budget_shown_record(session=session, person=focus_person)
    return revealed


@transaction.atomic
def budget_part_remove(*, session: PlanningSession, focus_person: FocusPerson, part_id: int):
    """Take off a part of a person's budget; their screens are told if they had seen it.

    Returns the part taken off, or None if it was not there.
    """
    session = _locked_session(session.pk)
    part = plan_services.budget_part_remove(plan=focus_person.plan, part_id=part_id)
    if part is not None and part.revealed_at is not None:
        _budget_shown_record(session=session, person=focus_person)
    return part


# --- Who may share the plan -------------------------------------------------------------------


@transaction.atomic
def ally_share_allow(*, focus_person_id: int, participant_id: int, allow: bool) -> Participant:
    """The person lets one of their allies share their plan by a link for them, or stops
    letting them. Links the ally made stay until the person stops them."""
    ally = (
        Participant.objects.select_for_update()
        .filter(pk=participant_id, focus_person_id=focus_person_id, removed_at__isnull=True)
        .exclude(relation=Participant.Relation.ME)
        .first()
    )
    if ally is None:
        raise DomainError(
            "not_an_ally", "That person is not one of the allies on this plan any more."
        )
    if ally.may_share != allow:
        ally.may_share = allow
        ally.save(update_fields=["may_share"])
    return ally
