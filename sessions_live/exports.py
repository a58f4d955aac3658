"""A copy of everything the site holds about one person (UK GDPR Article 15, right of access).

``person_copy`` is a pure read: it builds one plain dict (strings, numbers,
lists, None) from the database. The JSON download is that dict as it is; the
readable HTML download is a template of the same dict. One builder, so the two
can never disagree.

The person is the one whose plan it is. Everything held about them:

- their plan: every heading and every note on it, with who wrote it and when,
  its saved versions, its review date, the sessions it has been on, and its
  plan cards (when made and stopped; never the words or their hash);
- their own records as a participant (each time they joined as "This is me",
  and as an ally on someone else's plan through their account): name, how they
  know the person, when they joined, and how many devices, never device ids;
- the notes they wrote on other people's charts: their own words only, not the
  other person's name or anyone else's words;
- the allies on their plan, the accounts they keep it on, and the audit log of
  their plan;
- the costing and the action plan, with who wrote each row;
- the indicative budget the person has been shown (a budget still sealed is not
  in it, as it is on no page of theirs until it is revealed);
- every time their plan was sent to a council's panel, the panel's decision,
  conditions and comments;
- the links they shared their plan by: with whom, which parts, until when,
  whether stopped, and the comments left through them (never the links
  themselves, which are not kept).

Words taken back (a removed note, an earlier wording) are shown only when the
person wrote them: they are held, so the person's own are theirs to see, but
another writer's taken-back words are not given to anyone else.
"""

import json
from datetime import date, datetime

from django.utils import timezone

from audit.selectors import audit_for_plan_all
from cms.privacy import data_controller, retention_days
from plans.headings import DAY_WORDS
from plans.models import Plan, PlanCard, PlanVersion
from plans.selectors import budget_summary, costing_summary, plan_actions
from plans.shares import share_parts_words
from sessions_live.models import BoardEvent, Chart, FocusPerson, Note, Participant
from sessions_live.selectors import RELATION_WORDS

COPY_FORMAT = 1
ABOUT = (
    "Everything this website holds about you, made on the date below. "
    "It is your plan, the notes you wrote, how you joined, your plan cards, your allies, "
    "and who has looked at or changed your plan. Keep it safe: it is private."
)
BUDGETS_ABOUT = (
    "Your indicative budget, as you have been shown it: how much, where the money comes "
    "from, how it will be managed, how often a direct payment is paid, and who wrote it down."
)


def _when(moment: datetime | date | None) -> str | None:
    """A date or time as ISO 8601, in the site's time zone (None stays None)."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return timezone.localtime(moment).isoformat(timespec="minutes")
    return moment.isoformat()


def _relation(relation: str) -> str:
    if relation == Participant.Relation.ME:
        return "the person themself"
    return RELATION_WORDS.get(relation, "ally")


def _budgets(plan: Plan) -> dict:
    summary = budget_summary(plan=plan)
    items = [
        {
            "amount": line.amount,
            "a_year": line.per_year,
            "a_week": line.per_week,
            "from": line.source,
            "managed_as": line.managed_as,
            # A direct payment: how often it is paid and how much each time (None when
            # not decided, or not a direct payment).
            "paid_every": line.paid_every or None,
            "each_payment": line.payment or None,
            "written_down_by": line.recorded_by,
        }
        for line in (summary.lines if summary else [])
    ]
    return {"held": True, "items": items, "about": BUDGETS_ABOUT}


def _costing(plan: Plan) -> dict:
    summary = costing_summary(plan=plan)
    if summary is None:
        return {"rows": [], "a_week": None, "a_year": None, "difference": ""}
    return {
        "rows": [
            {
                "what": line.what,
                "who": line.who,
                "cost": line.cost,
                "for_a_year": line.per_year,
                "contingency": line.is_contingency,
                "written_by": line.written_by,
            }
            for line in summary.lines
        ],
        "a_week": summary.per_week,
        "a_year": summary.per_year,
        "difference": summary.difference,
    }


def person_copy(*, plan_id: int, made_at: datetime) -> dict:
    """Everything held about the person whose plan is ``plan_id``, as one plain dict.

    See the module's docstring for what is in it and why. The keys are fixed
    (``COPY_FORMAT``); an empty list means nothing of that kind is held.
    """
    plan = Plan.objects.get(pk=plan_id)
    seats = list(
        FocusPerson.objects.filter(plan_id=plan_id)
        .select_related("session__facilitator")
        .order_by("session__starts_on", "pk")
    )
    everyone_here = list(
        Participant.objects.filter(focus_person__plan_id=plan_id)
        .select_related("session", "account")
        .order_by("joined_at", "pk")
    )
    me = [p for p in everyone_here if p.relation == Participant.Relation.ME]
    allies = [p for p in everyone_here if p.relation != Participant.Relation.ME]
    accounts = {p.account_id: p.account for p in me if p.account_id}
    # The person as an ally on other people's plans, through an account they keep.
    elsewhere = list(
        Participant.objects.filter(account_id__in=accounts)
        .exclude(focus_person__plan_id=plan_id)
        .select_related("session")
        .order_by("joined_at", "pk")
    )
    mine = {p.pk for p in me} | {p.pk for p in elsewhere}
    controller = data_controller()
    return {
        "about": {
            "format": COPY_FORMAT,
            "what_this_is": ABOUT,
            "made_at": _when(made_at),
            "data_controller": {"name": controller.name, "contact": controller.contact},
            "kept_for_days_after_last_session": retention_days(),
        },
        "person": {"first_name": seats[-1].first_name if seats else ""},
        "plan": _plan_part(plan=plan, seats=seats, mine=mine),
        "participant_records": [_participant_record(p) for p in [*me, *elsewhere]],
        "devices": len({p.device_hash for p in [*me, *elsewhere] if p.device_hash}),
        "accounts": [
            {
                "username": account.get_username(),
                "email": account.email,
                "made_at": _when(account.date_joined),
                "last_signed_in_at": _when(account.last_login),
            }
            for account in accounts.values()
        ],
        "notes_on_others_charts": _notes_elsewhere(plan_id=plan_id, mine=mine),
        "allies": [
            {
                "name": ally.display_name,
                "relation": _relation(ally.relation),
                "joined_at": _when(ally.joined_at),
                "removed_at": _when(ally.removed_at),
                "has_own_card": bool(ally.card_hash),
            }
            for ally in allies
        ],
        "budgets": _budgets(plan),
        "costing": _costing(plan),
        "actions": [
            {
                "what": action.what,
                "who": action.who,
                "when": action.when,
                "how_we_know": action.how_we_know,
                "written_by": action.written_by,
            }
            for action in plan_actions(plan=plan, today=timezone.localdate())
        ],
        "shares": {
            "held": True,
            "about": "The links you shared your plan by, and the comments left through them.",
            "items": [_share_record(share) for share in plan.shares.prefetch_related("comments")],
        },
        "panel_decisions": [
            _submission_record(submission)
            for submission in plan.submissions.select_related("panel", "version")
            .prefetch_related("comments")
            .order_by("submitted_at", "pk")
        ],
        "audit_log": [
            {
                "at": _when(event.at),
                "who": event.who,
                "action": event.get_action_display(),
                "what": event.what,
            }
            for event in audit_for_plan_all(plan_id=plan_id)
        ],
    }


def _submission_record(submission) -> dict:
    return {
        "panel": submission.panel.name,
        "council": submission.panel.council,
        "version": submission.version.label,
        "sent_at": _when(submission.submitted_at),
        "sent_by": submission.submitted_by,
        "note": submission.note,
        "decision": submission.get_decision_display(),
        "conditions": submission.conditions,
        "decided_by": submission.decided_by,
        "decided_at": _when(submission.decided_at),
        "comments": [
            {
                "about": comment.section or "The whole plan",
                "text": comment.text,
                "by": comment.written_by,
                "at": _when(comment.written_at),
            }
            for comment in submission.comments.all()
        ],
    }


def _share_record(share) -> dict:
    return {
        "shared_with": share.recipient_name,
        "who_they_are": share.get_recipient_role_display(),
        "parts": share_parts_words(share.parts),
        "a_saved_version": share.version.label if share.version_id else None,
        "shared_at": _when(share.shared_at),
        "shared_by": share.shared_by,
        "last_day": _when(share.ends_on),
        "stopped_at": _when(share.stopped_at),
        "may_comment": share.may_comment,
        "comments": [
            {"text": comment.text, "at": _when(comment.written_at)}
            for comment in share.comments.all()
        ],
    }


def _plan_part(*, plan: Plan, seats: list[FocusPerson], mine: set[int]) -> dict:
    notes = list(
        Note.objects.filter(chart__focus_person__plan_id=plan.pk)
        .select_related("chart", "author_participant")
        .order_by("chart__position", "chart_id", "created_seq", "pk")
    )
    earlier = _earlier_words(plan_id=plan.pk)
    headings: dict[int, dict] = {}
    for chart in Chart.objects.filter(focus_person__plan_id=plan.pk).order_by("position", "pk"):
        headings[chart.pk] = {"title": chart.title, "prompt": chart.prompt, "notes": []}
    taken_back = 0
    for note in notes:
        own = note.author_participant_id in mine
        if note.is_removed and not own:
            # Another writer took these words back: held, but not theirs to give away.
            taken_back += 1
            continue
        writer = note.author_participant
        headings[note.chart_id]["notes"].append(
            {
                "text": note.text,
                "writer": note.author_name,
                "writer_is": _relation(writer.relation) if writer else "facilitator",
                "written_at": _when(note.created_at),
                "last_changed_at": _when(note.updated_at),
                "changed_by": note.changed_by,
                # "On a good day" or "On a bad day", or "" when it is true any day.
                "day": DAY_WORDS.get(note.day, ""),
                "removed": note.is_removed,
                "starred": note.is_starred,
                "question": note.clarification_question,
                "answer": note.clarification_reply,
                "suggested_wording": note.suggestion,
                "suggested_by": note.suggested_by,
                "earlier_words": earlier.get(note.pk, []) if own else [],
            }
        )
    return {
        "created_at": _when(plan.created_at),
        "review_on": _when(plan.review_on),
        # The review date the person and facilitator were last emailed about.
        "review_reminder_sent_for": _when(plan.review_told_on),
        "sessions": [
            {
                "title": seat.session.title,
                "starts_on": _when(seat.session.starts_on),
                "ends_on": _when(seat.session.ends_on),
                "place": "online" if seat.session.is_online else seat.session.venue,
                "facilitator": _staff_name(seat.session.facilitator),
                "name_there": seat.first_name,
                "charts_private": seat.is_private,
            }
            for seat in seats
        ],
        "headings": list(headings.values()),
        "notes_taken_back_by_others": taken_back,
        "versions": [
            {
                "label": version.label,
                "saved_by": version.saved_by,
                "saved_at": _when(version.saved_at),
                "content": version.content,
            }
            for version in PlanVersion.objects.filter(plan=plan)
        ],
        "cards": [
            {"made_at": _when(card.issued_at), "stopped_at": _when(card.stopped_at)}
            for card in PlanCard.objects.filter(plan=plan).order_by("issued_at", "pk")
        ],
    }


def _staff_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def _earlier_words(*, plan_id: int) -> dict[int, list[str]]:
    """Each note's earlier wordings still in the board's change log, oldest first."""
    words: dict[int, list[str]] = {}
    events = BoardEvent.objects.filter(focus_person__plan_id=plan_id, kind="note_edited").order_by(
        "seq"
    )
    for payload in events.values_list("payload", flat=True):
        note_id = (payload.get("note") or {}).get("id")
        text = (payload.get("previous") or {}).get("text")
        if note_id and text:
            words.setdefault(note_id, []).append(text)
    return words


def _participant_record(participant: Participant) -> dict:
    return {
        "name": participant.display_name,
        "joined_as": _relation(participant.relation),
        "session": participant.session.title,
        "joined_at": _when(participant.joined_at),
        "removed_at": _when(participant.removed_at),
        "confirmed_as_the_person": participant.me_confirmed
        if participant.relation == Participant.Relation.ME
        else None,
        "has_own_card_made_at": _when(participant.card_issued_at)
        if participant.card_hash
        else None,
    }


def _notes_elsewhere(*, plan_id: int, mine: set[int]) -> list[dict]:
    """The person's own notes on other people's charts: their words, the heading and
    the session, never the other person's name or other people's words."""
    notes = (
        Note.objects.filter(author_participant_id__in=mine)
        .exclude(chart__focus_person__plan_id=plan_id)
        .select_related("chart", "session")
        .order_by("created_at", "pk")
    )
    return [
        {
            "text": note.text,
            "heading": note.chart.title,
            "session": note.session.title,
            "written_at": _when(note.created_at),
            "removed": note.is_removed,
        }
        for note in notes
    ]


def person_copy_json(copy: dict) -> str:
    """The copy as JSON text, readable by people too (indented, characters as they are)."""
    return json.dumps(copy, indent=2, ensure_ascii=False)
