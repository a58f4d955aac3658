"""Reading plans: their saved versions, and the indicative budget."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from audit.models import AuditEvent
from cms.roles import PANEL_MEMBERS
from courses.models import GlossaryTerm
from plans import money, panels, shares, smart
from plans.cards import card_code_hash, card_code_normalise
from plans.documents import PlanDocument
from plans.models import (
    BudgetPart,
    Clarifiable,
    CostLine,
    Panel,
    PanelSubmission,
    Plan,
    PlanAction,
    PlanCard,
    PlanShare,
    PlanVersion,
    ShareComment,
)
from plans.versions import document_from_content


def plan_versions(*, plan: Plan | None) -> list[PlanVersion]:
    """The versions of ``plan`` the person chose to keep, oldest first (none without a plan)."""
    if plan is None:
        return []
    return list(plan.versions.defer("content"))


def plan_version_find(*, plan: Plan | None, version_id: int) -> PlanVersion | None:
    """One saved version of ``plan``, or None if it is not one of this plan's."""
    if plan is None:
        return None
    return PlanVersion.objects.filter(plan=plan, pk=version_id).first()


def plan_version_document(*, version: PlanVersion, made_on: date) -> PlanDocument:
    """The plan exactly as this version kept it, for its page and downloads, with what
    the council's panel decided on this version, if it has."""
    document = document_from_content(
        version.content,
        label=version.label,
        saved_on=version.saved_at.date(),
        made_on=made_on,
    )
    return replace(document, panel_decision=version_panel_words(version=version))


def plan_card_find(*, typed: str) -> Plan | None:
    """The plan whose card has these words, if the card has not been stopped."""
    if not card_code_normalise(typed):
        return None
    return plan_card_find_by_hash(code_hash=card_code_hash(typed))


def plan_card_find_by_hash(*, code_hash: str) -> Plan | None:
    """The plan whose working card has this hash (a card checked a moment ago, again)."""
    if not code_hash:
        return None
    card = (
        PlanCard.objects.select_related("plan")
        .filter(code_hash=code_hash, stopped_at__isnull=True)
        .first()
    )
    return card.plan if card else None


def plan_card_issued_at(*, plan: Plan | None):
    """When the plan's working card was made, or None if it has none."""
    if plan is None:
        return None
    card = PlanCard.objects.filter(plan=plan, stopped_at__isnull=True).first()
    return card.issued_at if card else None


# --- The indicative budget -------------------------------------------------------------

# The jargon buster's term for each way a budget is managed, so the meaning
# people read is the one trainers keep up to date (courses.GlossaryTerm).
MANAGEMENT_TERMS = {
    BudgetPart.Management.DIRECT_PAYMENT: "direct payment",
    BudgetPart.Management.SUITABLE_PERSON: "suitable person",
    BudgetPart.Management.ISF: "Individual Service Fund",
    BudgetPart.Management.COUNCIL: "managed budget",
}
BUDGET_TERM = "indicative budget"
# The two ways of managing a budget that pay the money out, to the person or to a
# suitable person for them: only these say how often it is paid (Care Act 2014 s25).
DIRECT_PAYMENTS = frozenset(
    {BudgetPart.Management.DIRECT_PAYMENT, BudgetPart.Management.SUITABLE_PERSON}
)


@dataclass(frozen=True)
class BudgetLine:
    """One part of the budget, in words."""

    id: int
    amount: str  # "£350.00 a week"
    per_year: str  # "£18,200.00"
    per_week: str  # "£350.00"
    source: str  # "The council"
    managed_as: str  # "Direct payment"
    managed_term: str  # the jargon buster's term for it, or ""
    is_sealed: bool
    recorded_by: str
    # A direct payment (to the person, or to a suitable person for them), and how it is
    # paid: how often ("every 4 weeks") and how much each time ("£1,400.00"), both ""
    # until how often is decided. Never set for a part that is not a direct payment.
    is_direct_payment: bool = False
    to_suitable_person: bool = False
    paid_every: str = ""
    payment: str = ""


@dataclass(frozen=True)
class BudgetSummary:
    """A plan's indicative budget: its parts and their total, exact, and in words."""

    lines: list[BudgetLine]
    # The whole budget, exactly: a week's if every part is weekly, else a year's.
    budget: money.Budget
    per_year: str
    per_week: str
    sealed: int  # how many parts are still sealed (only ever counted when asked for)


def budget_summary(*, plan: Plan | None, sealed_too: bool = False) -> BudgetSummary | None:
    """The budget the person has been shown (and, with ``sealed_too``, what is still
    sealed, for the facilitator's set-up page only). None when there is nothing to show,
    so a page before the reveal has nothing that hints at a budget.
    """
    if plan is None:
        return None
    parts = BudgetPart.objects.filter(plan=plan)
    if not sealed_too:
        parts = parts.filter(revealed_at__isnull=False)
    return _summary(list(parts))


def budget_summaries(*, plan_ids) -> dict[int, BudgetSummary]:
    """The shown budget of each of ``plan_ids`` that has one, in one query (for a board)."""
    parts: dict[int, list[BudgetPart]] = {}
    for part in BudgetPart.objects.filter(plan_id__in=set(plan_ids), revealed_at__isnull=False):
        parts.setdefault(part.plan_id, []).append(part)
    return {plan_id: _summary(found) for plan_id, found in parts.items()}


def _summary(parts: list[BudgetPart]) -> BudgetSummary | None:
    if not parts:
        return None
    budgets = [money.Budget(amount=p.amount, period=money.Period(p.period)) for p in parts]
    total = money.budget_total(parts=budgets)
    lines = [
        BudgetLine(
            id=part.pk,
            amount=f"{money.pounds(part.amount)} {part.get_period_display()}",
            per_year=money.pounds(amount.per_year),
            per_week=money.pounds(amount.per_week),
            source=part.get_source_display(),
            managed_as=part.get_managed_as_display(),
            managed_term=MANAGEMENT_TERMS.get(part.managed_as, ""),
            is_sealed=part.revealed_at is None,
            recorded_by=part.recorded_by,
            **_direct_payment(part, amount),
        )
        for part, amount in zip(parts, budgets, strict=True)
    ]
    return BudgetSummary(
        lines=lines,
        budget=total,
        per_year=money.pounds(total.per_year),
        per_week=money.pounds(total.per_week),
        sealed=sum(line.is_sealed for line in lines),
    )


def _direct_payment(part: BudgetPart, amount: money.Budget) -> dict:
    """How a direct payment part is paid, in words (``BudgetLine``'s last four fields)."""
    if part.managed_as not in DIRECT_PAYMENTS:
        return {}
    paid = {
        "is_direct_payment": True,
        "to_suitable_person": part.managed_as == BudgetPart.Management.SUITABLE_PERSON,
    }
    if not part.paid_every:
        return paid
    paid_every = money.PaidEvery(part.paid_every)
    each = money.payment_amount(budget=amount, paid_every=paid_every)
    return {**paid, "paid_every": paid_every.words, "payment": money.pounds(each)}


def budget_payload(*, summary: BudgetSummary | None) -> dict | None:
    """A shown budget as the live board sends it: words only, the same in an event
    and in a fresh board, so the two can never disagree."""
    if summary is None:
        return None
    return {
        "per_week": summary.per_week,
        "per_year": summary.per_year,
        "parts": [
            {"amount": line.amount, "source": line.source, "managed_as": line.managed_as}
            for line in summary.lines
        ],
    }


def budget_meanings(*, summary: BudgetSummary | None) -> list[GlossaryTerm]:
    """The jargon buster's meanings of the words a budget uses, in the order met."""
    if summary is None:
        return []
    wanted = [BUDGET_TERM, *(line.managed_term for line in summary.lines if line.managed_term)]
    terms = {t.term.lower(): t for t in GlossaryTerm.objects.published().filter(term__in=wanted)}
    return [terms[w.lower()] for w in dict.fromkeys(wanted) if w.lower() in terms]


# --- The costing ------------------------------------------------------------------------


@dataclass(frozen=True)
class CostingLine:
    """One row of the costing, in words."""

    id: int
    what: str
    who: str
    paid: bool
    is_contingency: bool
    cost: str  # "7.5 hours a week at £12.63 an hour", "£30.00 a month", "Unpaid"
    per_year: str  # "£4,925.70 a year", "£400.00 once", "" when unpaid
    written_by: str
    # As typed, for the form that changes it.
    hours_per_week: str
    hourly_rate: str
    amount: str
    period: str
    # The facilitator's "make this clearer" question: "", "asked" or "answered".
    clarification: str = ""
    clarification_question: str = ""
    clarification_reply: str = ""


@dataclass(frozen=True)
class CostingSummary:
    """A plan's costing: its rows and totals in words, and, only once the person has been
    shown their budget, how far the total is from it."""

    lines: list[CostingLine]
    per_week: str
    per_year: str
    regular_per_week: str
    contingency_per_year: str
    one_off: str
    difference: str  # "" until a budget is shown
    status: str  # "under", "over", "exact", or "" with no budget shown


def _money_line(row: CostLine) -> money.CostLine:
    return money.CostLine(
        what=row.what,
        who=row.who,
        paid=row.paid,
        hours_per_week=row.hours_per_week,
        hourly_rate=row.hourly_rate,
        amount=row.amount,
        period=money.Period(row.period) if row.period else None,
        is_contingency=row.is_contingency,
    )


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text} hour" if text == "1" else f"{text} hours"


def _cost_words(row: CostLine) -> tuple[str, str]:
    """What a row costs, as the person typed it and for a year."""
    if not row.paid:
        return "Unpaid", ""
    line = _money_line(row)
    if row.hourly_rate is not None:
        cost = f"{_hours(row.hours_per_week)} a week at {money.pounds(row.hourly_rate)} an hour"
    else:
        cost = f"{money.pounds(row.amount)} {row.get_period_display()}"
    if row.period == CostLine.Period.ONE_OFF:
        return cost, f"{money.pounds(money.line_one_off(line))} once"
    return cost, f"{money.pounds(money.line_per_year(line))} a year"


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def costing_summary(*, plan: Plan | None) -> CostingSummary | None:
    """The plan's costing with its totals; None when it has no rows yet.

    The difference from the budget counts only the budget the person has been
    shown, so the costing never hints at a sealed one.
    """
    if plan is None:
        return None
    return _costing(list(CostLine.objects.filter(plan=plan)), budget_summary(plan=plan))


def costing_summaries(
    *, plan_ids, budgets: dict[int, BudgetSummary] | None = None
) -> dict[int, CostingSummary]:
    """The costing of each of ``plan_ids`` that has rows, in one query, or two without
    ``budgets`` (``budget_summaries`` of the same plans, for a board that has them)."""
    rows: dict[int, list[CostLine]] = {}
    for row in CostLine.objects.filter(plan_id__in=set(plan_ids)):
        rows.setdefault(row.plan_id, []).append(row)
    if budgets is None:
        budgets = budget_summaries(plan_ids=list(rows)) if rows else {}
    return {plan_id: _costing(found, budgets.get(plan_id)) for plan_id, found in rows.items()}


def _costing(rows: list[CostLine], shown: BudgetSummary | None) -> CostingSummary | None:
    if not rows:
        return None
    budget = shown.budget if shown else None
    totals = money.costing_total(lines=[_money_line(row) for row in rows], budget=budget)
    lines = []
    for row in rows:
        cost, per_year = _cost_words(row)
        lines.append(
            CostingLine(
                id=row.pk,
                what=row.what,
                who=row.who,
                paid=row.paid,
                is_contingency=row.is_contingency,
                cost=cost,
                per_year=per_year,
                written_by=row.written_by,
                hours_per_week=_plain(row.hours_per_week),
                hourly_rate=_plain(row.hourly_rate),
                amount=_plain(row.amount),
                period=row.period,
                **_question_of(row),
            )
        )
    difference = totals.difference
    return CostingSummary(
        lines=lines,
        per_week=money.pounds(totals.total_per_week),
        per_year=money.pounds(totals.total_for_year),
        regular_per_week=money.pounds(totals.regular_per_week),
        contingency_per_year=money.pounds(totals.contingency_per_year),
        one_off=money.pounds(totals.one_off_total),
        difference=difference.words() if difference else "",
        status=difference.status if difference else "",
    )


def costing_payload(*, summary: CostingSummary | None) -> dict | None:
    """A costing as the live board sends it (words only), or None with no rows."""
    if summary is None:
        return None
    return {
        "per_week": summary.per_week,
        "per_year": summary.per_year,
        "difference": summary.difference,
        "status": summary.status,
        "lines": [
            {
                "id": line.id,
                "what": line.what,
                "who": line.who,
                "cost": line.cost,
                "per_year": line.per_year,
                "is_contingency": line.is_contingency,
                "clarification": line.clarification,
                "clarification_question": line.clarification_question,
                "clarification_reply": line.clarification_reply,
            }
            for line in summary.lines
        ],
    }


# --- The action plan ------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    """One action, as written, with the helper's suggestions for today."""

    id: int
    what: str
    who: str
    when: str  # as written
    when_words: str  # as read: "by 12 March 2027", "every week"; "" when it cannot tell
    how_we_know: str
    written_by: str
    hints: tuple[smart.Hint, ...]
    # The facilitator's "make this clearer" question: "", "asked" or "answered".
    clarification: str = ""
    clarification_question: str = ""
    clarification_reply: str = ""


def action_payloads(*, plan_ids) -> dict[int, list[dict]]:
    """Each plan's actions as the live board sends them (words as written), in one query."""
    found: dict[int, list[dict]] = {}
    for row in PlanAction.objects.filter(plan_id__in=set(plan_ids)):
        found.setdefault(row.plan_id, []).append(action_payload(row=row))
    return found


def action_payload(*, row: PlanAction) -> dict:
    """One action as the live board sends it: no hints, which depend on the day."""
    return {
        "id": row.pk,
        "what": row.what,
        "who": row.who,
        "when": row.when,
        "how_we_know": row.how_we_know,
        **_question_of(row),
    }


def _question_of(row: Clarifiable) -> dict:
    """The facilitator's question on a row and its answer, as the row's fields name them."""
    return {
        "clarification": row.clarification,
        "clarification_question": row.clarification_question,
        "clarification_reply": row.clarification_reply,
    }


def action_lines(*, actions: list[dict], today: date) -> list[ActionLine]:
    """Actions (as ``action_payload`` gives them) with the helper's suggestions for ``today``."""
    lines = []
    for action in actions:
        when = smart.when_parse(action["when"], today=today) if action["when"] else None
        lines.append(
            ActionLine(
                id=action["id"],
                what=action["what"],
                who=action["who"],
                when=action["when"],
                when_words=when.words() if when else "",
                how_we_know=action["how_we_know"],
                written_by=action.get("written_by", ""),
                clarification=action.get("clarification", ""),
                clarification_question=action.get("clarification_question", ""),
                clarification_reply=action.get("clarification_reply", ""),
                hints=tuple(
                    smart.action_check(
                        what=action["what"],
                        who=action["who"],
                        when=action["when"],
                        how_we_know=action["how_we_know"],
                        today=today,
                    )
                ),
            )
        )
    return lines


def plan_actions(*, plan: Plan | None, today: date) -> list[ActionLine]:
    """The plan's action plan with the helper's suggestions, oldest first."""
    if plan is None:
        return []
    rows = PlanAction.objects.filter(plan=plan)
    return action_lines(
        actions=[{**action_payload(row=row), "written_by": row.written_by} for row in rows],
        today=today,
    )


# --- Everything a plan page shows of the money and actions, read once ----------------------


@dataclass(frozen=True)
class PlanParts:
    """A plan's shown budget, its costing and its action plan, read once for a page or
    a copy (three queries), so each part of the page uses the same reading."""

    budget: BudgetSummary | None
    costing: CostingSummary | None
    actions: list[ActionLine]


def plan_parts(*, plan: Plan | None, today: date) -> PlanParts:
    """The budget the person has been shown, the costing and the action plan of ``plan``."""
    if plan is None:
        return PlanParts(budget=None, costing=None, actions=[])
    budget = budget_summary(plan=plan)
    return PlanParts(
        budget=budget,
        costing=_costing(list(CostLine.objects.filter(plan=plan)), budget),
        actions=plan_actions(plan=plan, today=today),
    )


# --- Shares ----------------------------------------------------------------------------------


def share_find(*, token: str) -> PlanShare | None:
    """The share whose link carries ``token`` (stopped or not: the caller says which), or None."""
    if not token or len(token) > 100:
        return None
    return (
        PlanShare.objects.select_related("plan", "version")
        .filter(token_hash=shares.share_token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class ShareLine:
    """One share on the person's plan page: who, what, until when, and who looked."""

    share: PlanShare
    role: str  # "GP or doctor"
    parts: str  # "the whole plan", "“A good day” and the action plan"
    shows: str  # "the plan as it is whenever they open it", "the version “for the panel”"
    state: shares.ShareState
    openings: int  # times the page was opened (at most once in 15 minutes each)
    downloads: int
    last_opened: datetime | None
    comments: list[ShareComment]


def plan_shares(*, plan: Plan | None, today: date) -> list[ShareLine]:
    """Every share of ``plan``, newest first, with how often each was opened and
    downloaded (from the audit log: nobody's reading is hidden from the person)."""
    if plan is None:
        return []
    found = list(
        PlanShare.objects.filter(plan=plan).select_related("version").prefetch_related("comments")
    )
    counts: dict[tuple[int, str], dict] = {}
    for row in (
        AuditEvent.objects.filter(
            subject=AuditEvent.Subject.SHARE, subject_id__in=[share.pk for share in found]
        )
        .values("subject_id", "action")
        .annotate(n=Count("id"), last=Max("at"))
    ):
        counts[(row["subject_id"], row["action"])] = row
    lines = []
    for share in found:
        opened = counts.get((share.pk, AuditEvent.Action.VIEWED), {})
        downloaded = counts.get((share.pk, AuditEvent.Action.DOWNLOADED), {})
        lines.append(
            ShareLine(
                share=share,
                role=share.get_recipient_role_display(),
                parts=shares.share_parts_words(share.parts),
                shows=f"the saved version “{share.version.label}”"
                if share.version
                else "the plan as it is whenever they open it",
                state=shares.share_state(
                    stopped_at=share.stopped_at, ends_on=share.ends_on, today=today
                ),
                openings=opened.get("n", 0),
                downloads=downloaded.get("n", 0),
                last_opened=max(
                    (when for when in (opened.get("last"), downloaded.get("last")) if when),
                    default=None,
                ),
                comments=list(share.comments.all()),
            )
        )
    return lines


# --- Panels ----------------------------------------------------------------------------------
# A council's panel agrees the plan (issue 13). Members of a panel (accounts in the
# "Panel members" group, added to that panel) see only the versions sent to it.

# How many decided submissions a member's list shows after every waiting one.
PANEL_QUEUE_DECIDED_MOST = 50


@dataclass(frozen=True)
class PanelCommentLine:
    """One of the panel's comments, tied to a part of the plan."""

    section: str  # the part's title as the version has it; "" for the whole plan
    about: str  # "the whole plan", the part's name in curly quotes
    text: str
    written_by: str
    written_at: datetime


@dataclass(frozen=True)
class PanelSubmissionLine:
    """A saved version sent to a panel, and what the panel decided, in words."""

    id: int
    plan_id: int
    panel_id: int
    panel: str  # "Derby support planning panel"
    council: str  # "Derby City Council"
    version_id: int
    version_label: str
    person: str  # the first name the version has
    submitted_by: str
    submitted_at: datetime
    note: str
    decision: str  # "", "agreed", "conditions" or "changes"
    words: str  # "Agreed by Derby support planning panel on 4 December 2026"
    conditions: str
    decided_by: str
    decided_at: datetime | None
    comments: tuple[PanelCommentLine, ...]
    # The version's content (plans.versions.document_content), to compare with the plan now.
    content: dict

    @property
    def is_waiting(self) -> bool:
        """Whether the panel has still to decide."""
        return self.decision == panels.WAITING

    @property
    def is_agreed(self) -> bool:
        """Agreed, with or without conditions."""
        return self.decision in (panels.AGREED, panels.CONDITIONS)


def _decided_on(submission: PanelSubmission) -> date | None:
    return timezone.localdate(submission.decided_at) if submission.decided_at else None


def _submission_line(
    submission: PanelSubmission, *, with_comments: bool = True
) -> PanelSubmissionLine:
    version = submission.version
    return PanelSubmissionLine(
        id=submission.pk,
        plan_id=submission.plan_id,
        panel_id=submission.panel_id,
        panel=submission.panel.name,
        council=submission.panel.council,
        version_id=version.pk,
        version_label=version.label,
        person=version.content.get("person", ""),
        submitted_by=submission.submitted_by,
        submitted_at=submission.submitted_at,
        note=submission.note,
        decision=submission.decision,
        words=panels.decision_words(
            decision=submission.decision,
            panel=submission.panel.name,
            on=_decided_on(submission),
        ),
        conditions=submission.conditions,
        decided_by=submission.decided_by,
        decided_at=submission.decided_at,
        comments=tuple(
            PanelCommentLine(
                section=comment.section,
                about=panels.part_words(comment.section),
                text=comment.text,
                written_by=comment.written_by,
                written_at=comment.written_at,
            )
            for comment in (submission.comments.all() if with_comments else ())
        ),
        content=version.content,
    )


def panels_of_member(*, user) -> QuerySet[Panel]:
    """The panels ``user`` sits on: only for an active account in the "Panel members"
    group, so everyone who reads plans for a panel signs in with a second factor
    (``cms.roles.SECOND_FACTOR_ROLES``). Being on a panel's list is not enough alone."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Panel.objects.none()
    return Panel.objects.filter(members=user, members__groups__name=PANEL_MEMBERS).distinct()


def panel_member_allowed(*, user, panel_id: int) -> bool:
    """Whether ``user`` is a member of this one panel (see ``panels_of_member``)."""
    return panels_of_member(user=user).filter(pk=panel_id).exists()


def panel_queue(*, user) -> list[PanelSubmissionLine]:
    """What a member's panels have been sent: every submission still waiting, oldest
    first (first come, first read), then the newest decided ones. Only submissions to
    panels ``user`` is a member of; nothing else of any plan."""
    mine = PanelSubmission.objects.filter(panel__in=panels_of_member(user=user))
    mine = mine.select_related("panel", "version").prefetch_related("comments")
    waiting = mine.filter(decision=panels.WAITING).order_by("submitted_at", "id")
    decided = mine.exclude(decision=panels.WAITING).order_by("-decided_at", "-id")
    return [
        _submission_line(submission)
        for submission in [*waiting, *decided[:PANEL_QUEUE_DECIDED_MOST]]
    ]


def panel_submission_for_member(*, user, submission_id: int) -> PanelSubmission | None:
    """One submission, with its panel and version, if ``user`` is a member of the panel
    it was sent to; else None (the same whether it does not exist or is not theirs)."""
    return (
        PanelSubmission.objects.filter(pk=submission_id, panel__in=panels_of_member(user=user))
        .select_related("panel", "version")
        .first()
    )


def panel_submission_line(*, submission: PanelSubmission) -> PanelSubmissionLine:
    """A submission already found (so its reader is checked), in words, with comments."""
    return _submission_line(submission)


def panel_submission_document(*, submission: PanelSubmission, made_on: date) -> PlanDocument:
    """The frozen version a panel reads, as the plan's page and copies show a version."""
    return plan_version_document(version=submission.version, made_on=made_on)


def panel_submissions_before(*, submission: PanelSubmission) -> list[PanelSubmissionLine]:
    """What this panel decided on the same plan before this submission, newest first:
    the panel's own earlier readings (never another panel's, never other versions)."""
    earlier = (
        PanelSubmission.objects.filter(
            plan_id=submission.plan_id,
            panel_id=submission.panel_id,
            submitted_at__lte=submission.submitted_at,
        )
        .exclude(pk=submission.pk)
        .select_related("panel", "version")
        .prefetch_related("comments")
    )
    return [_submission_line(found) for found in earlier]


def panels_all() -> list[Panel]:
    """Every council panel a plan can be sent to, by name."""
    return list(Panel.objects.order_by("name", "pk"))


def plan_panel_submissions(*, plan: Plan | None) -> list[PanelSubmissionLine]:
    """Every version of ``plan`` sent to a panel, newest first, with the decision and
    the panel's comments (three queries)."""
    if plan is None:
        return []
    found = (
        PanelSubmission.objects.filter(plan=plan)
        .select_related("panel", "version")
        .prefetch_related("comments")
    )
    return [_submission_line(submission) for submission in found]


def plan_panel_submission_find(*, plan: Plan | None, submission_id: int) -> PanelSubmission | None:
    """One submission of ``plan``, with its panel and version; None if not this plan's."""
    if plan is None:
        return None
    return (
        PanelSubmission.objects.filter(plan=plan, pk=submission_id)
        .select_related("panel", "version")
        .first()
    )


@dataclass(frozen=True)
class PanelStanding:
    """Where the plan stands with one panel: the latest submission to it, and for an
    agreed one, whether the plan has changed since (so it can be sent again)."""

    latest: PanelSubmissionLine
    changed: bool
    agreed_on: date | None

    @property
    def may_send_again(self) -> bool:
        """After changes were asked for, or once the agreed plan has changed."""
        return self.latest.decision == panels.CHANGES or self.changed


def plan_panel_standings(
    *, submissions: list[PanelSubmissionLine], now: PlanDocument
) -> list[PanelStanding]:
    """Where the plan stands with each panel it was sent to, the panel sent to last
    first, from its submissions already read (``plan_panel_submissions``, newest first)
    and the plan ``now``."""
    standings = []
    seen: set[int] = set()
    for line in submissions:
        if line.panel_id in seen:
            continue
        seen.add(line.panel_id)
        changed = False
        if line.is_agreed:
            agreed = document_from_content(
                line.content, label=line.version_label, saved_on=now.made_on, made_on=now.made_on
            )
            changed = panels.plan_changed(agreed=agreed, now=now)
        standings.append(
            PanelStanding(
                latest=line,
                changed=changed,
                agreed_on=timezone.localdate(line.decided_at) if line.is_agreed else None,
            )
        )
    return standings


def plan_panel_words(*, plan: Plan | None, now: PlanDocument) -> str:
    """What every copy of the plan as it is ``now`` says of the panel
    (``PlanDocument.panel_decision``): its latest submission's decision, or that the panel
    has still to decide, and whether the plan has changed since it was agreed; "" when it
    has never been sent to a panel. One query."""
    if plan is None:
        return ""
    latest = PanelSubmission.objects.filter(plan=plan).select_related("panel", "version").first()
    if latest is None:
        return ""
    # The standing needs no comments: no query for them (the copy's words may, below).
    (standing,) = plan_panel_standings(
        submissions=[_submission_line(latest, with_comments=False)], now=now
    )
    return panels.document_words(
        decision=latest.decision,
        panel=latest.panel.name,
        on=_decided_on(latest),
        conditions=latest.conditions,
        changed=standing.changed,
        comments=_asked(latest),
    )


def _asked(submission: PanelSubmission) -> tuple[tuple[str, str], ...]:
    """The changes a panel asked for, (part, words), for a copy: a query only then."""
    if submission.decision != panels.CHANGES:
        return ()
    return tuple(submission.comments.values_list("section", "text"))


def version_panel_words(*, version: PlanVersion) -> str:
    """What a copy of one saved version says of the panel: the latest decision on that
    very version ("" when it was never decided). A version never changes, so there is
    no "changed since"."""
    decided = (
        PanelSubmission.objects.filter(version=version)
        .exclude(decision=panels.WAITING)
        .select_related("panel")
        .first()
    )
    if decided is None:
        return ""
    return panels.document_words(
        decision=decided.decision,
        panel=decided.panel.name,
        on=_decided_on(decided),
        conditions=decided.conditions,
        comments=_asked(decided),
    )
