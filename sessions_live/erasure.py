"""Erasing people, handing over a leaver's sessions, and deleting old sessions.

Erasure keeps everybody else's work intact:

- **A participant** (an ally, or a second device of the person): their
  participant row goes (name, device, card, account link). The notes they
  wrote either stay, written by "Someone who has left", or are removed and
  their words erased, as the person asking chooses. Earlier words of theirs
  are taken out of the board's event history either way, and their name out
  of the plan's saved versions.
- **A focus person** (the person themself): their plan, every seat it had on
  any board, the charts and every note on them, its versions and cards, their
  allies' places on it, and the event history of their charts. Notes they
  wrote on other people's plans (as an ally, on the same account) follow
  their choice, as for a participant.
- **A staff account**: the sessions it runs and the mentoring records it
  holds as mentor are handed to someone else first (``PlanningSession`` and
  ``MentoringLog`` refuse to lose them); then, if asked, its name is taken
  off the notes it wrote; then the account goes, and with it its own
  learning records (``courses`` deletes enrolments, progress, attendance and
  feedback with the account; other learners' records only lose "recorded by").

Boards change for everyone at once, through the board's own broadcast path
(``services._event_record``): changed notes travel as their after-images in
a ``focus_person_updated`` event; an erased seat goes with a ``plan_moved``
(which drops its charts and notes) and a change to who may see what, so every
screen, live or resuming, fetches a fresh board without the person. The audit
log records each erasure without what was erased.
"""

import logging
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import router, transaction
from django.db.models import Max, Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_record
from cms.roles import ENABLERS, FACILITATORS
from learning.models import MentoringLog
from plans import services as plan_services
from plans.models import CostLine, Plan, PlanAction, PlanCard, PlanVersion
from sessions_live import domain, store
from sessions_live.broadcast import groups_send
from sessions_live.domain import LEFT_NAME, DomainError
from sessions_live.groups import facilitator_group, participant_group, session_group
from sessions_live.models import (
    BoardEvent,
    Chart,
    ChartTemplateSet,
    FocusPerson,
    Note,
    Participant,
    PlanningSession,
)
from sessions_live.services import _event_record, _history_rewrite, _setup_actor_key
from sessions_live.views_model import focus_person_view

logger = logging.getLogger(__name__)

# What happens to the notes a leaver wrote on other people's charts.
NOTES_KEEP = "keep"  # they stay, written by "Someone who has left"
NOTES_REMOVE = "remove"  # they are removed and their words erased
NOTES_CHOICES = (NOTES_KEEP, NOTES_REMOVE)

# A note's words (domain.NOTE_WORDS), and the names that went with a rewording.
_ERASED_WORDS = {**dict.fromkeys(domain.NOTE_WORDS, ""), "suggested_by": "", "changed_by": ""}


# --- Helpers shared by every kind of erasure ---------------------------------------


def _locked(session_ids) -> dict[int, PlanningSession]:
    """The sessions' rows, locked lower id first so two erasures never wait on each other."""
    rows = PlanningSession.objects.select_for_update().filter(pk__in=set(session_ids))
    return {s.pk: s for s in rows.order_by("pk")}


def _next_seq(session_id: int) -> int:
    """The session's next change number. The caller holds the session row; board
    commands run inside the same transaction may have taken numbers since it was read."""
    return PlanningSession.objects.filter(pk=session_id).values_list("last_seq", flat=True)[0] + 1


def _notes_announce(*, sessions: dict[int, PlanningSession], note_ids) -> None:
    """Send the after-images of changed notes to every screen that sees them.

    One ``focus_person_updated`` per person whose charts hold them, with the
    notes in its ``notes`` list (the same shape ``focus_person_added`` brings a
    plan's notes in), in that person's stream, so a private person's notes
    still go only to their table and the facilitator. Screens fold it like any
    other event; the board page fetches itself again. Each note is marked as
    last set by that event (``updated_seq``), as every note change is.
    """
    placed = Note.objects.filter(pk__in=list(note_ids)).values_list(
        "pk", "session_id", "chart__focus_person_id"
    )
    by_person: dict[tuple[int, int], list[int]] = {}
    for note_id, session_id, person_id in placed:
        by_person.setdefault((session_id, person_id), []).append(note_id)
    people = FocusPerson.objects.in_bulk([person_id for _, person_id in by_person])
    for (session_id, person_id), ids in sorted(by_person.items()):
        session = sessions[session_id]
        seq = _next_seq(session_id)
        Note.objects.filter(pk__in=ids).update(updated_seq=seq)
        rows = Note.objects.filter(pk__in=ids).order_by("created_seq", "pk")
        notes = [asdict(store.note_from_row(row)) for row in rows.values_list(*store.NOTE_FIELDS)]
        view = focus_person_view(people[person_id])
        _event_record(
            session_id=session_id,
            seq=seq,
            actor_key=_setup_actor_key(session),
            kind="focus_person_updated",
            focus_person=view,
            payload={"focus_person": asdict(view), "notes": notes},
        )


def _notes_erase_for_good(*, sessions: dict[int, PlanningSession], note_ids) -> None:
    """Erase notes for good, as the board's "erase for good" does: their words go
    from every stored event of their history on every board their plan has been
    on, the writer's name with them, the rows are deleted, and every screen that
    had them is told with a ``note_erased`` event in the person's stream.

    Done here rather than through the ``erase_note`` board command, which only
    the writer or the facilitator may send, and only on a note already removed:
    erasure acts for a writer who is leaving, on a board that may have no
    facilitator.
    """
    found = list(
        Note.objects.filter(pk__in=list(note_ids)).values_list(
            "pk", "chart_id", "session_id", "chart__focus_person_id", "chart__focus_person__plan_id"
        )
    )
    if not found:
        return
    # One pass over the history of every board the plans have been on (the notes'
    # own sessions are among ``sessions``) blanks the words and the writer's name.
    history_sessions = set(sessions) | set(
        FocusPerson.objects.filter(plan_id__in={row[4] for row in found}).values_list(
            "session_id", flat=True
        )
    )
    _history_rewrite(
        session_ids=history_sessions,
        notes={
            row[0]: {**_ERASED_WORDS, "author_name": LEFT_NAME, "is_removed": True} for row in found
        },
    )
    people = FocusPerson.objects.in_bulk({row[3] for row in found})
    Note.objects.filter(pk__in=[row[0] for row in found]).delete()
    for note_id, chart_id, session_id, person_id, _plan_id in found:
        _event_record(
            session_id=session_id,
            seq=_next_seq(session_id),
            actor_key=_setup_actor_key(sessions[session_id]),
            kind="note_erased",
            focus_person=focus_person_view(people[person_id]),
            payload={"note_id": note_id, "chart_id": chart_id},
        )


def _audit_names_forget(*, plan_ids, names) -> None:
    """Take a leaver's name off their plan's audit log ("Sam (ally: friend)" becomes
    "Someone who has left (ally: friend)"), and off the costing rows and actions they
    wrote on it; what was done, and when, stays."""
    for name in {n for n in names if n}:
        for model, field_name, most in (
            (AuditEvent, "who", 160),
            (CostLine, "written_by", 140),
            (PlanAction, "written_by", 140),
        ):
            rows = model.objects.filter(
                plan_id__in=list(plan_ids), **{f"{field_name}__startswith": f"{name} ("}
            )
            for pk, words in rows.values_list("pk", field_name):
                model.objects.filter(pk=pk).update(
                    **{field_name: f"{LEFT_NAME}{words[len(name) :]}"[:most]}
                )


def _resync_on_commit(session_id: int) -> None:
    groups = [session_group(session_id=session_id), facilitator_group(session_id=session_id)]
    transaction.on_commit(lambda: groups_send(groups=groups, message={"type": "board.resync"}))


def _close_on_commit(participant_ids) -> None:
    groups = [participant_group(participant_id=pk) for pk in participant_ids]
    if groups:
        transaction.on_commit(
            lambda: groups_send(groups=groups, message={"type": "participant.removed"})
        )


# --- A participant ---------------------------------------------------------------


@dataclass(frozen=True)
class ErasureSummary:
    """What an erasure will take and what it leaves, for the confirmation page."""

    name: str
    notes_written: int
    notes_elsewhere: int = 0
    plans: int = 0
    versions: int = 0
    allies: int = 0
    seats: int = 0
    is_person: bool = False
    facts: list[str] = field(default_factory=list)


def participant_erase_summary(*, participant: Participant) -> ErasureSummary:
    """What erasing ``participant`` takes: their name, and how many notes they wrote."""
    written = Note.objects.filter(author_participant=participant, is_removed=False).count()
    return ErasureSummary(name=participant.display_name, notes_written=written)


def _me_elsewhere(participant: Participant) -> Participant | None:
    """Another confirmed "This is me" of the same person, who keeps their notes."""
    if participant.relation != Participant.Relation.ME:
        return None
    return (
        Participant.objects.filter(
            focus_person_id=participant.focus_person_id,
            relation=Participant.Relation.ME,
            me_confirmed=True,
            removed_at__isnull=True,
        )
        .exclude(pk=participant.pk)
        .order_by("joined_at", "pk")
        .first()
    )


def participant_erase(
    *, participant_id: int, notes: str, who: str, user=None, recorded: bool = True
) -> bool:
    """Erase one participant (an ally or a device), keeping everyone else's work.

    ``notes`` is NOTES_KEEP (their notes stay, by "Someone who has left"; a
    second device of the person leaves them to the person) or NOTES_REMOVE
    (removed, and their words erased). Notes they had already removed are
    erased either way. Returns False, changing nothing, when there is no such
    participant (already erased: a second press is harmless). The person's
    only confirmed "This is me" cannot be erased this way: that is erasing
    the person (``plan_erase``).
    """
    if notes not in NOTES_CHOICES:
        raise DomainError("bad_choice", "Choose what happens to the notes they wrote.")
    with transaction.atomic():
        found = Participant.objects.filter(pk=participant_id).values_list("session_id", flat=True)
        session_id = found.first()
        if session_id is None:
            return False
        sessions = _locked([session_id])
        participant = Participant.objects.select_related("focus_person").filter(pk=participant_id)
        participant = participant.first()
        if participant is None or participant.session_id not in sessions:
            return False
        is_me = participant.relation == Participant.Relation.ME and participant.me_confirmed
        heir = _me_elsewhere(participant)
        if is_me and heir is None:
            raise DomainError(
                "is_the_person",
                "This is the person themself. To erase them, erase their plan and "
                "everything about them instead.",
            )
        written = Note.objects.filter(author_participant=participant)
        live_ids = list(written.filter(is_removed=False).values_list("pk", flat=True))
        removed_ids = list(written.filter(is_removed=True).values_list("pk", flat=True))
        name = participant.display_name
        plan_id = participant.focus_person.plan_id
        keep = notes == NOTES_KEEP
        if keep and heir is not None:
            # The person's own words, from another of their devices: still theirs.
            Note.objects.filter(pk__in=live_ids).update(author_participant=heir)
            kept_fields = {}
        elif keep:
            Note.objects.filter(pk__in=live_ids).update(author_name=LEFT_NAME)
            kept_fields = {"author_name": LEFT_NAME}
        erase_ids = removed_ids + ([] if keep else live_ids)
        # The plan's history is on every board it has been on.
        plan_sessions = set(sessions) | set(
            FocusPerson.objects.filter(plan_id=plan_id).values_list("session_id", flat=True)
        )
        _close_on_commit([participant.pk])
        participant.delete()  # Presence goes with it; notes keep their rows
        _notes_erase_for_good(sessions=sessions, note_ids=erase_ids)
        if keep:
            words = dict(Note.objects.filter(pk__in=live_ids).values_list("pk", "text"))
            _history_rewrite(
                session_ids=plan_sessions,
                notes={pk: {"text": words[pk], **kept_fields} for pk in live_ids},
                by_keys={f"p:{participant_id}"} if heir is None else set(),
            )
        else:
            _history_rewrite(session_ids=plan_sessions, notes={}, by_keys={f"p:{participant_id}"})
        if heir is None:
            plan_services.plan_versions_writer_forget(
                plan_ids=[plan_id],
                note_keys={f"note-{pk}" for pk in live_ids + removed_ids},
                writer=LEFT_NAME,
            )
            _audit_names_forget(plan_ids=[plan_id], names=[name])
        _notes_announce(sessions=sessions, note_ids=live_ids)
        if recorded:
            audit_record(
                action=AuditEvent.Action.ERASED,
                subject=AuditEvent.Subject.PARTICIPANT,
                subject_id=participant_id,
                who=who,
                user=user,
                plan_id=plan_id,
                what=(
                    "Someone on the plan, and their name on their notes"
                    if keep
                    else "Someone on the plan, and the notes they wrote"
                ),
            )
    return True


# --- A focus person: their plan and everything about them ------------------------


def _person_participants(plan_id: int):
    return Participant.objects.filter(focus_person__plan_id=plan_id)


def _elsewhere(plan_id: int):
    """The person's places on other people's plans: participants on the same account
    as one of their own "This is me" places (the only way to know it is them)."""
    accounts = set(
        _person_participants(plan_id)
        .filter(relation=Participant.Relation.ME, account__isnull=False)
        .values_list("account_id", flat=True)
    )
    if not accounts:
        return Participant.objects.none()
    return Participant.objects.filter(account_id__in=accounts).exclude(
        focus_person__plan_id=plan_id
    )


def plan_erase_summary(*, seat: FocusPerson) -> ErasureSummary:
    """What erasing the person whose plan is on ``seat`` takes."""
    plan_id = seat.plan_id
    elsewhere = _elsewhere(plan_id)
    return ErasureSummary(
        name=seat.first_name,
        notes_written=Note.objects.filter(chart__focus_person__plan_id=plan_id).count(),
        notes_elsewhere=Note.objects.filter(author_participant__in=elsewhere).count(),
        versions=PlanVersion.objects.filter(plan_id=plan_id).count(),
        allies=_person_participants(plan_id).exclude(relation=Participant.Relation.ME).count(),
        seats=FocusPerson.objects.filter(plan_id=plan_id).count(),
        is_person=True,
    )


def _seats_erase(*, sessions: dict[int, PlanningSession], seats: list[FocusPerson]) -> None:
    """Take seats off their boards for every screen: a ``plan_moved`` (ids only, in
    the public stream, so no name travels) drops their charts and notes, and the
    change to who may see what sends every screen, live or resuming, a fresh
    board without them. The rows themselves go when the plan (or seat) is deleted."""
    for seat in seats:
        session = sessions[seat.session_id]
        chart_ids = list(Chart.objects.filter(focus_person=seat).values_list("pk", flat=True))
        seq = _next_seq(session.pk)
        _event_record(
            session_id=session.pk,
            seq=seq,
            actor_key=_setup_actor_key(session),
            kind="plan_moved",
            payload={"focus_person_id": seat.pk, "chart_ids": chart_ids},
            visibility_change=True,
        )
        PlanningSession.objects.filter(pk=session.pk).update(visibility_seq=seq)
    for session_id in {seat.session_id for seat in seats}:
        _resync_on_commit(session_id)


def plan_erase(*, focus_person_id: int, notes: str, who: str, user=None) -> bool:
    """Erase a person: their plan and everything about them, on every board.

    Goes: the plan, each of its seats (the name, colour and codes), the charts
    and every note on them (whoever wrote it: they are the person's plan),
    saved versions, plan cards, their allies' places on it, the event history
    of those charts, and their name on the plan's audit log. Notes they wrote
    on other people's plans (as an ally, on the same account) follow ``notes``,
    as for ``participant_erase``. Everyone else's boards carry on. Returns
    False when there is nothing to erase (a second press).
    """
    if notes not in NOTES_CHOICES:
        raise DomainError("bad_choice", "Choose what happens to the notes they wrote.")
    plan_id = FocusPerson.objects.filter(pk=focus_person_id).values_list("plan_id", flat=True)
    plan_id = plan_id.first()
    if plan_id is None:
        return False
    for other in list(_elsewhere(plan_id).values_list("pk", flat=True)):
        # Their own transaction each, on that board: other people's plans.
        try:
            participant_erase(participant_id=other, notes=notes, who=who, user=user)
        except DomainError:
            logger.warning("An ally place of an erased person was a person themself; left.")
    with transaction.atomic():
        seats = list(FocusPerson.objects.filter(plan_id=plan_id))
        if not seats:
            return False
        sessions = _locked(seat.session_id for seat in seats)
        seats = list(FocusPerson.objects.filter(plan_id=plan_id))  # read again under the lock
        participants = list(_person_participants(plan_id))
        names = {seat.first_name for seat in seats} | {p.display_name for p in participants}
        _close_on_commit([p.pk for p in participants])
        _seats_erase(sessions=sessions, seats=seats)
        # Deleting the plan deletes its seats, versions and cards; a seat takes its
        # charts, their notes, the allies' places and its events with it.
        Plan.objects.filter(pk=plan_id).delete()
        # A board of the person's own plan ("Amira's plan") has nothing else on it,
        # and its title names them: it goes too.
        PlanningSession.objects.filter(
            pk__in=list(sessions), is_own_plan=True, focus_people__isnull=True
        ).delete()
        _plan_accounts_delete(
            {p.account_id for p in participants if p.relation == Participant.Relation.ME}
        )
        _audit_names_forget(plan_ids=[plan_id], names=names)
        audit_record(
            action=AuditEvent.Action.ERASED,
            subject=AuditEvent.Subject.PLAN,
            subject_id=plan_id,
            who=who,
            user=user,
            plan_id=plan_id,
            what="The plan and everything about the person",
        )
    return True


def _plan_accounts_delete(account_ids) -> None:
    """Delete the person's own plan accounts once they open nothing: an account made
    from a plan page has no role, and its username and email are about them.
    Accounts with a role, staff or other places on plans stay."""
    get_user_model().objects.filter(
        pk__in=[pk for pk in account_ids if pk],
        is_staff=False,
        is_superuser=False,
        groups__isnull=True,
        plan_participants__isnull=True,
    ).delete()


# --- Staff accounts: what they hold, handing it over, erasing the account -------------


@dataclass(frozen=True)
class Holding:
    """Something an account still holds that stops it being deleted."""

    says: str  # "Fran runs 3 Planning Live sessions."
    what_to_do: str  # "Give them to another facilitator first."


def _display(user) -> str:
    return user.get_full_name() or user.get_username()


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def account_holdings(*, user) -> list[Holding]:
    """What ``user`` still holds that deleting the account would break, in plain words.

    Empty when the account can go. Besides the two records the site knows
    (sessions they run, mentoring records they hold as mentor), any other
    record that refuses to lose the account is named too, so a delete never
    fails with a server error.
    """
    name = _display(user)
    held = []
    sessions = PlanningSession.objects.filter(facilitator=user).count()
    if sessions:
        runs = _plural(sessions, "Planning Live session", "Planning Live sessions")
        held.append(Holding(f"{name} runs {runs}.", "Give them to another facilitator first."))
    mentoring = MentoringLog.objects.filter(mentor=user).count()
    if mentoring:
        records = _plural(mentoring, "mentoring record", "mentoring records")
        held.append(
            Holding(f"{name} is the mentor on {records}.", "Give them to another mentor first.")
        )
    known = {PlanningSession, MentoringLog}
    collector = Collector(using=router.db_for_write(type(user)))
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or getattr(
            error, "restricted_objects", ()
        )
        for model in sorted({type(obj) for obj in blocking} - known, key=str):
            count = sum(1 for obj in blocking if type(obj) is model)
            held.append(
                Holding(
                    f"{name} is named on {count} {model._meta.verbose_name_plural}.",
                    "Change or delete those first.",
                )
            )
    return held


def hand_over_candidates(*, user):
    """Who may take over ``user``'s sessions and mentoring: active facilitators, but not them."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=FACILITATORS)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def planning_session_hand_over(*, from_user, to_user, who: str, by_user=None) -> int:
    """Give every session ``from_user`` runs, and their mentoring records, to ``to_user``.

    ``to_user`` must be an active facilitator (an enabler only when every
    session is a plan with one person, which is all an enabler runs). The
    heading sets those sessions use go with them. Returns how many sessions
    moved. Their open board pages keep working: the new facilitator opens the
    board from their own session list.
    """
    if to_user.pk == from_user.pk:
        raise DomainError("same_person", "Choose someone else to give them to.")
    sessions = PlanningSession.objects.select_for_update().filter(facilitator=from_user)
    ids = list(sessions.order_by("pk").values_list("pk", flat=True))
    groups = set(to_user.groups.values_list("name", flat=True))
    only_own = not sessions.filter(is_own_plan=False).exists()
    if not to_user.is_active or not (FACILITATORS in groups or (ENABLERS in groups and only_own)):
        raise DomainError(
            "not_a_facilitator",
            f"{_display(to_user)} is not a facilitator, so they cannot run these sessions. "
            "Choose a facilitator.",
        )
    ChartTemplateSet.objects.filter(owner=from_user, pk__in=sessions.values("template_set")).update(
        owner=to_user
    )
    PlanningSession.objects.filter(pk__in=ids).update(facilitator=to_user)
    MentoringLog.objects.filter(mentor=from_user).update(mentor=to_user)
    for session_id in ids:
        audit_record(
            action=AuditEvent.Action.CHANGED,
            subject=AuditEvent.Subject.SESSION,
            subject_id=session_id,
            who=who,
            user=by_user,
            what="Handed over to another facilitator",
        )
    return len(ids)


def staff_account_erase(
    *, user, hand_to=None, forget_name: bool = False, who: str, by_user=None
) -> None:
    """Erase a staff account (a facilitator, champion, enabler, trainer or admin).

    What it runs and mentors goes to ``hand_to`` first (required when there is
    any). With ``forget_name`` the notes it wrote on boards, and words it
    changed or suggested, say "Someone who has left" (the words stay: they
    are part of people's plans), in the notes, their history and the screens.
    Then the account goes, with its personal fields and its own learning
    records (``courses``: enrolments, progress, attendance and feedback are the
    account's and go with it; other people's attendance it recorded stays).
    """
    with transaction.atomic():
        if account_holdings(user=user) and hand_to is None:
            raise DomainError(
                "holds_things",
                f"{_display(user)} still runs sessions or holds mentoring records. "
                "Choose who takes them over.",
            )
        if hand_to is not None:
            planning_session_hand_over(from_user=user, to_user=hand_to, who=who, by_user=by_user)
        # Their notes change writer key when the account goes (to nobody's), so
        # every screen is told, whether or not their name goes too.
        written = Note.objects.filter(author_user=user).values_list("pk", "session_id")
        note_ids = {pk for pk, _ in written}
        sessions = _locked({session_id for _, session_id in written})
        if forget_name:
            named, named_sessions = _staff_name_forget(user=user)
            note_ids |= named
            sessions = {**sessions, **named_sessions}
        user_id = user.pk
        user.delete()
        _notes_announce(sessions=sessions, note_ids=note_ids)
        audit_record(
            action=AuditEvent.Action.ERASED,
            subject=AuditEvent.Subject.ACCOUNT,
            subject_id=user_id,
            who=who,
            user=by_user,
            what="A staff account",
        )


def _staff_name_forget(*, user) -> tuple[set[int], dict[int, PlanningSession]]:
    """Put "Someone who has left" where the account's name is on notes and their
    history; returns the notes changed and their sessions (locked), to announce."""
    name = _display(user)
    named = Note.objects.filter(
        Q(author_user=user) | Q(changed_by=name) | Q(suggested_by=name)
    ).values_list("pk", "session_id")
    note_ids = {pk for pk, _ in named}
    if not note_ids:
        return set(), {}
    sessions = _locked({session_id for _, session_id in named})
    Note.objects.filter(pk__in=note_ids, author_user=user).update(author_name=LEFT_NAME)
    Note.objects.filter(pk__in=note_ids, changed_by=name).update(changed_by=LEFT_NAME)
    Note.objects.filter(pk__in=note_ids, suggested_by=name).update(suggested_by=LEFT_NAME)
    _history_rewrite(
        session_ids=sessions,
        notes={},
        by_keys={f"u:{user.pk}"},
        names={name: LEFT_NAME},
    )
    plan_ids = set(
        Note.objects.filter(pk__in=note_ids).values_list("chart__focus_person__plan_id", flat=True)
    )
    plan_services.plan_versions_writer_forget(
        plan_ids=plan_ids,
        note_keys={f"note-{pk}" for pk in note_ids},
        writer=LEFT_NAME,
        only_named=name,
    )
    return note_ids, sessions


# --- Retention: old sessions go, plans kept by their owners stay ------------------


def retention_days() -> int:
    """How many days after a session ended it is kept (``DJANGO_RETENTION_DAYS``)."""
    return int(getattr(settings, "RETENTION_DAYS", 365))


@dataclass
class RetentionStep:
    """What retention does to one old session."""

    session_id: int
    ended_on: date
    delete_session: bool
    seats_to_delete: list[int]
    plans_to_delete: list[int]
    plans_kept: list[int]
    participants_to_delete: list[int]

    def says(self, *, done: bool) -> str:
        """The step in plain words, with numbers only (a log is no place for names)."""
        parts = []
        if self.plans_to_delete:
            parts.append(_plural(len(self.plans_to_delete), "plan", "plans") + " nobody kept")
        moved = len(self.seats_to_delete) - len(self.plans_to_delete)
        if moved > 0:
            parts.append(_plural(moved, "old place", "old places") + " of plans that moved on")
        if self.participants_to_delete:
            removed = len(self.participants_to_delete)
            parts.append(_plural(removed, "removed participant", "removed participants"))
        ended = f"{self.ended_on:%d %B %Y}".lstrip("0")
        what = ", ".join(parts)
        verb = "Deleted" if done else "Would delete"
        if self.delete_session:
            with_what = f", with {what}" if what else ""
            return f"Session {self.session_id} (last used {ended}): {verb.lower()} it{with_what}."
        kept = _plural(len(self.plans_kept), "plan", "plans")
        return (
            f"Session {self.session_id} (last used {ended}): kept for {kept} their owners "
            f"keep; {verb.lower()} {what}."
        )

    @property
    def changes_anything(self) -> bool:
        return bool(self.delete_session or self.seats_to_delete or self.participants_to_delete)


def plan_is_kept(*, plan_id: int, since) -> bool:
    """Is this plan kept by its owner? (docs/security.md, "Retention".)

    Yes when its person holds a plan card that still works, when anyone on it
    (the person or an ally) has an account, when it has a saved version, or
    when anything on it was written or changed since ``since``.
    """
    return (
        PlanCard.objects.filter(plan_id=plan_id, stopped_at__isnull=True).exists()
        or PlanVersion.objects.filter(plan_id=plan_id).exists()
        or Participant.objects.filter(focus_person__plan_id=plan_id, account__isnull=False).exists()
        or Note.objects.filter(chart__focus_person__plan_id=plan_id, updated_at__gte=since).exists()
    )


def _last_used(session: PlanningSession) -> date:
    last_change = BoardEvent.objects.filter(session=session).aggregate(at=Max("created_at"))["at"]
    days = [session.starts_on, session.ends_on, last_change.date() if last_change else None]
    return max(day for day in days if day is not None)


def retention_steps(*, today: date, days: int) -> list[RetentionStep]:
    """What retention would do today: every session last used more than ``days`` ago.

    A session's end is the latest of its start, its end date and its last change
    on the board (a board still written on has not ended). Its seats go unless
    their plan is kept by its owner (``plan_is_kept``) or has moved on to a later
    board (then only this old, empty place goes). The session goes when no kept
    plan is still on it; removed participants past the age go either way.
    """
    cutoff = today - timedelta(days=days)
    since = timezone_start(cutoff)
    steps = []
    for session in PlanningSession.objects.filter(
        Q(ends_on__lt=cutoff) | Q(ends_on__isnull=True, starts_on__lt=cutoff)
    ).order_by("pk"):
        ended = _last_used(session)
        if ended >= cutoff:
            continue
        seats_to_delete, plans_to_delete, kept = [], [], []
        for seat in session.focus_people.all().order_by("pk"):
            if FocusPerson.objects.filter(plan_id=seat.plan_id, pk__gt=seat.pk).exists():
                seats_to_delete.append(seat.pk)  # its plan moved on to a later board
            elif plan_is_kept(plan_id=seat.plan_id, since=since):
                kept.append(seat.plan_id)
            else:
                seats_to_delete.append(seat.pk)
                plans_to_delete.append(seat.plan_id)
        delete_session = not kept
        removed = []
        if not delete_session:
            removed = list(
                Participant.objects.filter(
                    session=session, removed_at__lt=since, focus_person__plan_id__in=kept
                ).values_list("pk", flat=True)
            )
        step = RetentionStep(
            session_id=session.pk,
            ended_on=ended,
            delete_session=delete_session,
            seats_to_delete=seats_to_delete,
            plans_to_delete=plans_to_delete,
            plans_kept=kept,
            participants_to_delete=removed,
        )
        if step.changes_anything:
            steps.append(step)
    return steps


def timezone_start(day: date) -> datetime:
    """The first moment of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def retention_step_apply(*, step: RetentionStep, days: int) -> None:
    """Carry out one session's step, in one transaction of its own.

    Each plan it deletes, or the session, is recorded in the audit log as
    erased by "Retention (automatic)". Running a step again finds nothing left
    to do: ids already gone are skipped.
    """
    who = "Retention (automatic)"
    what = f"Kept {days} days after it was last used"
    with transaction.atomic():
        sessions = _locked([step.session_id])
        if not sessions:
            return
        seats = list(FocusPerson.objects.filter(pk__in=step.seats_to_delete))
        if not step.delete_session:
            # The board stays, for the plans kept on it: its screens are told.
            _seats_erase(sessions=sessions, seats=seats)
        plans = list(Plan.objects.filter(pk__in=step.plans_to_delete).values_list("pk", flat=True))
        FocusPerson.objects.filter(pk__in=[seat.pk for seat in seats]).delete()
        Plan.objects.filter(pk__in=plans).delete()
        Participant.objects.filter(pk__in=step.participants_to_delete).delete()
        for plan_id in plans:
            audit_record(
                action=AuditEvent.Action.ERASED,
                subject=AuditEvent.Subject.PLAN,
                subject_id=plan_id,
                plan_id=plan_id,
                who=who,
                what=what,
            )
        if step.delete_session:
            PlanningSession.objects.filter(pk=step.session_id).delete()
            audit_record(
                action=AuditEvent.Action.ERASED,
                subject=AuditEvent.Subject.SESSION,
                subject_id=step.session_id,
                who=who,
                what=what,
            )
