"""One person's support plan, as written on the board: its page, versions and downloads.

The plan's words are the notes on the person's charts (read, never copied), so
the page and every download always say what the board says. A saved version
is the one deliberate copy: it never changes. Only the person, their allies
and the session's facilitator may open the plan; only the person and the
facilitator may save a version or set the review date. Anyone else gets the
same "not found" as for a board they have no place on.
"""

from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.selectors import audit_for_plan_page
from audit.services import audit_record, audit_record_unless_recent
from plans import money, smart
from plans import selectors as plan_selectors
from plans.documents import PlanDocument
from plans.formats import PLAN_DOWNLOAD_BY_KEY, PLAN_DOWNLOADS
from plans.headings import DAY_HEADINGS
from plans.services import PlanError
from plans.shares import share_parts
from plans.versions import plan_compare, plan_money_compare, review_due
from sessions_live import exports, reviews, selectors, services, views_panel
from sessions_live.access import actor_for
from sessions_live.domain import DomainError
from sessions_live.forms import (
    PlanAccountForm,
    PlanCompareForm,
    PlanReviewForm,
    PlanShareForm,
    PlanVersionForm,
)
from sessions_live.protocol import is_id
from sessions_live.views_manage import (
    code_spaced,
    removal_choices,
    removal_message,
    when_words,
)

PRIVACY_NOT_CHOSEN = (
    "You did not choose who can see your charts, so nothing was changed. "
    "Choose one of the two answers, then press the button."
)


def _actor(request: HttpRequest, session_id: int):
    return actor_for(session_id=session_id, user=request.user, django_session=request.session)


def reader_seat(request: HttpRequest, session_id: int, person_id: int):
    """(actor, seat) when this request may read the person's plan, else (None, None)."""
    actor = _actor(request, session_id)
    if actor is None:
        return None, None
    seat = selectors.plan_seat_find(session_id=session_id, actor=actor, focus_person_id=person_id)
    return (actor, seat) if seat is not None else (None, None)


def editor_seat(request: HttpRequest, session_id: int, person_id: int):
    """(actor, seat) when this request may also change the plan: the person or the facilitator."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None or not selectors.plan_editor_allowed(actor=actor, focus_person_id=person_id):
        return None, None
    return actor, seat


def plan_audit(
    request: HttpRequest,
    *,
    actor,
    plan_id: int,
    action: str,
    what: str,
    subject: str = AuditEvent.Subject.PLAN,
    subject_id: int | None = None,
    once_in: timedelta | None = None,
) -> None:
    """Note in the audit log that ``actor`` did ``action`` to a plan: one INSERT.

    ``what`` is plain words the person reads on their plan's log ("Downloaded
    the large print PDF"); who is named by ``selectors.actor_words``. With
    ``once_in``, not again if this reader did the same within that time.
    """
    record = (
        audit_record if once_in is None else partial(audit_record_unless_recent, within=once_in)
    )
    record(
        action=action,
        subject=subject,
        subject_id=plan_id if subject_id is None else subject_id,
        who=selectors.actor_words(actor=actor),
        user=request.user,
        plan_id=plan_id,
        what=what,
    )


def _now(seat) -> PlanDocument:
    return selectors.plan_document_of(seat=seat, made_on=timezone.localdate())


def not_found(request: HttpRequest) -> HttpResponse:
    # The same answer whether the plan does not exist or is not this reader's to open.
    return render(request, "sessions_live/plan/not_found.html", status=404)


def _downloads(url_name: str, *args) -> list[dict]:
    return [
        {"download": download, "url": reverse(url_name, args=[*args, download.key])}
        for download in PLAN_DOWNLOADS
    ]


# A reader's openings of a plan within this time are one line in the person's log.
PLAN_OPENED_ONCE_IN = timedelta(minutes=15)


@never_cache  # health, money and family details: never kept by a shared browser or proxy
def plan_page(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """The person's plan on one page, with its versions and downloads; prints as only this plan."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    # Once in a while per reader: an open page redraws itself live (plan-live.js), and
    # each redraw is a fetch of this page, which must not fill the person's log.
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.VIEWED,
        what="Opened the plan",
        once_in=PLAN_OPENED_ONCE_IN,
    )
    return _plan_page(request, session_id, person_id, actor=actor, seat=seat)


def _plan_page(
    request: HttpRequest,
    session_id: int,
    person_id: int,
    *,
    actor,
    seat,
    version_form: PlanVersionForm | None = None,
    review_form: PlanReviewForm | None = None,
    account_form: PlanAccountForm | None = None,
    written: dict | None = None,
    costing_error: dict | None = None,
    action_error: dict | None = None,
    share_form: PlanShareForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    # The money and actions, read once for every part of the page that shows them.
    parts = plan_selectors.plan_parts(plan=seat.plan, today=today)
    plan = selectors.plan_document_of(seat=seat, made_on=today, parts=parts)
    versions = plan_selectors.plan_versions(plan=seat.plan)
    can_edit = selectors.plan_editor_allowed(actor=actor, focus_person_id=person_id)
    review_form = review_form or PlanReviewForm(initial={"review_on": plan.review_on})
    error_forms = [
        f
        for f in (version_form, review_form, account_form, share_form)
        if f is not None and f.errors
    ]
    write_charts = _write_charts(actor=actor, seat=seat)
    ways_back = selectors.participant_ways_back(participant_id=actor.participant_id)
    is_ally = bool(ways_back and ways_back.is_ally and actor.focus_person_id == seat.pk)
    # Only what has been revealed: before the reveal nothing here hints at a budget.
    budget, costing = parts.budget, parts.costing
    may_cost = bool(write_charts)
    # The same people write the costing and the actions; allies' names are offered to them.
    allies = selectors.plan_allies(focus_person_id=person_id) if can_edit or may_cost else []
    is_person = can_edit and not actor.is_facilitator
    return render(
        request,
        "sessions_live/plan/plan.html",
        {
            "plan": plan,
            "budget": budget,
            "budget_meanings": plan_selectors.budget_meanings(summary=budget),
            "downloads": _downloads("live:plan_download", session_id, person_id),
            "board_url": reverse("live:board", args=[session_id]),
            "review": review_due(review_on=plan.review_on, today=today),
            # Near or past the review date: what to look at first (sessions_live.reviews).
            "review_prompt": reviews.review_prompt(
                seat=seat, versions=versions, today=today, for_person=is_person
            ),
            "ready": _readiness_context(document=plan, seat=seat, today=today, parts=parts),
            "versions": [
                {
                    "version": version,
                    "url": reverse("live:plan_version", args=[session_id, person_id, version.pk]),
                }
                for version in reversed(versions)
            ],
            "compare_form": PlanCompareForm(versions=versions) if versions else None,
            "compare_url": reverse("live:plan_compare", args=[session_id, person_id]),
            "can_edit": can_edit,
            "me_waiting": not can_edit
            and selectors.plan_me_waiting(actor=actor, focus_person_id=person_id),
            "version_form": version_form or PlanVersionForm(),
            "version_save_url": reverse("live:plan_version_save", args=[session_id, person_id]),
            "review_form": review_form,
            "review_url": reverse("live:plan_review", args=[session_id, person_id]),
            "error_forms": error_forms,
            "card_url": reverse("live:plan_card", args=[session_id, person_id]),
            "write_charts": write_charts,
            # Listening for changes needs the charts too: none once the plan moved on.
            "live": {
                "session_id": session_id,
                "person_id": person_id,
                "chart_ids": write_charts,
                "seq": seat.session.last_seq,
            }
            if write_charts
            else None,
            "write_url": reverse("live:plan_note_add", args=[session_id, person_id]),
            # Headings where a note can be for a good or a bad day (plans.headings).
            "day_headings": DAY_HEADINGS,
            "written": written,
            "costing": costing,
            "may_cost": may_cost,
            **_costing_context(
                costing=costing, error=costing_error if may_cost else None, may_cost=may_cost
            ),
            "cost_save_url": reverse("live:plan_cost_line_save", args=[session_id, person_id]),
            "cost_remove_url": reverse("live:plan_cost_line_remove", args=[session_id, person_id]),
            **_actions_context(
                lines=parts.actions,
                error=action_error if may_cost else None,
                may_write=may_cost,
            ),
            "action_who_names": _action_who_names(seat=seat, allies=allies, is_person=is_person)
            if may_cost
            else [],
            "action_save_url": reverse("live:plan_action_save", args=[session_id, person_id]),
            "action_remove_url": reverse("live:plan_action_remove", args=[session_id, person_id]),
            # Only the facilitator asks for a row to be made clearer; the table answers.
            "row_asker": may_cost and actor.is_facilitator,
            "row_question_url": reverse("live:plan_row_question", args=[session_id, person_id]),
            # The council's panel: the versions sent to it and its decisions (views_panel).
            **views_panel.panel_context(
                request, seat=seat, actor=actor, versions=versions, document=plan, can_edit=can_edit
            ),
            "sharing": _sharing_context(
                actor=actor, seat=seat, document=plan, versions=versions, form=share_form
            ),
            "allies": allies if can_edit else [],
            # Only the person lets an ally share their plan by a link.
            "ally_share_url": reverse("live:plan_ally_share", args=[session_id, person_id])
            if is_person
            else "",
            "is_private": seat.is_private,
            # A plan the person started alone has nobody else on its board to hide from.
            "has_facilitator": seat.session.facilitator_id is not None,
            "privacy_url": reverse("live:plan_privacy", args=[session_id, person_id]),
            "ally_remove_url": reverse("live:plan_ally_remove", args=[session_id, person_id]),
            "me_confirm_url": reverse("live:plan_me_claim_confirm", args=[session_id, person_id]),
            "card_issued_at": plan_selectors.plan_card_issued_at(plan=seat.plan)
            if can_edit
            else None,
            "invite_url": reverse("live:plan_invite", args=[session_id, person_id]),
            "ally_card_url": reverse("live:plan_ally_card", args=[session_id, person_id])
            if is_ally
            else "",
            "ally_card_issued_at": ways_back.card_issued_at if is_ally else None,
            "account": _account_context(request, ways_back, account_form),
            "account_url": reverse("live:plan_account", args=[session_id, person_id]),
            "log_url": reverse("live:plan_log", args=[session_id, person_id]),
            "everything_json_url": reverse(
                "live:plan_everything", args=[session_id, person_id, "json"]
            ),
            "everything_html_url": reverse(
                "live:plan_everything", args=[session_id, person_id, "html"]
            ),
        },
        status=status,
    )


def _account_context(request: HttpRequest, ways_back, form: PlanAccountForm | None) -> dict | None:
    """What the optional-account box says: for the person and allies, never the facilitator."""
    if ways_back is None:
        return None
    return {
        "holder": ways_back.account_name,
        "signed_in_as": request.user.get_username() if request.user.is_authenticated else "",
        "form": form or PlanAccountForm(),
    }


def _write_charts(*, actor, seat) -> list[int]:
    """For someone who may write on this person's charts, each heading's chart id, in
    the plan's order; empty for anyone else, and once the plan has moved on."""
    if not (actor.is_facilitator or actor.focus_person_id == seat.pk):
        return []
    return list(seat.charts.order_by("position", "pk").values_list("pk", flat=True))


@require_POST
@never_cache
def plan_note_add(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Write under one heading from the plan page, between meetings.

    The same ``add_note`` command the board sends, through the same service:
    the note is the board's, numbered and sent live to every screen on it.
    """
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    charts = _write_charts(actor=actor, seat=seat)
    try:
        chart_id = int(request.POST.get("chart_id", ""))
    except ValueError:
        chart_id = None
    text = request.POST.get("text", "")
    if chart_id not in charts:
        messages.error(request, "That heading is not on this plan now, so nothing was saved.")
        return redirect(reverse("live:plan", args=[session_id, person_id]))
    message = {"type": "add_note", "op_id": request.POST.get("op_id", ""), "chart_id": chart_id}
    try:
        if not is_id(message["op_id"]):
            raise DomainError(
                "bad_form", "That form was out of date, so nothing was saved. Please try again."
            )
        services.board_command_apply(
            session_id=session_id,
            actor=actor,
            message={**message, "text": text, "day": request.POST.get("day", "")},
        )
    except DomainError as error:
        written = {"chart_id": chart_id, "message": error.message, "text": text}
        return _plan_page(
            request, session_id, person_id, actor=actor, seat=seat, written=written, status=400
        )
    index = charts.index(chart_id) + 1
    messages.success(request, "Your words were added. Everyone on the board sees them now.")
    return redirect(reverse("live:plan", args=[session_id, person_id]) + f"#heading-{index}")


# --- The costing: how the money will be spent -----------------------------------------

# Which field a refusal of a costing row is about, by its code (plans.money and
# plans.services), so the message is shown beside it. A code not here is about the row.
COST_ERROR_FIELDS = {
    "what_missing": "what",
    "paid_missing": "paid",
    "unpaid_with_cost": "paid",
    "period_unknown": "period",
    "missing_period": "period",
    "hours_period": "hours_per_week",
    "missing_hours": "hours_per_week",
    "no_cost": "hours_per_week",
    "missing_rate": "hourly_rate",
    "both_costs": "amount",
}
# plans.money.amount_parse's codes: the same for the pay per hour and for an amount.
AMOUNT_ERROR_CODES = frozenset(
    {"empty", "not_a_number", "negative", "too_much", "too_many_decimals", "pounds_and_pence"}
)
COST_PAID_MISSING = "You did not say if it is paid. Choose “Paid” or “Unpaid (free)”."
FORM_OUT_OF_DATE = "That form was out of date, so nothing was saved. Please try again."


def _posted_id(value: str) -> int | None:
    """A row id as a form sent it, or None when it is not one (nothing a database refuses)."""
    if value.isascii() and value.isdigit() and len(value) <= 10 and int(value) < 2**31:
        return int(value)
    return None


def _cost_typed(post) -> dict:
    """What was typed in a costing form, as sent: to send on, and to show again if refused."""
    paid = post.get("paid", "")
    return {
        "what": post.get("what", ""),
        "who": post.get("who", ""),
        "paid": paid if paid in ("yes", "no") else "",
        "hours_per_week": post.get("hours_per_week", ""),
        "hourly_rate": post.get("hourly_rate", ""),
        "amount": post.get("amount", ""),
        "period": post.get("period", ""),
        "is_contingency": post.get("is_contingency") == "yes",
    }


def _cost_line_typed(line) -> dict:
    """A saved row as its change form shows it: the amounts as they were typed."""
    return {
        "what": line.what,
        "who": line.who,
        "paid": "yes" if line.paid else "no",
        "hours_per_week": line.hours_per_week,
        "hourly_rate": line.hourly_rate,
        "amount": line.amount,
        "period": line.period,
        "is_contingency": line.is_contingency,
    }


def _cost_error_field(code: str, typed: dict) -> str:
    """Which field of the costing form a refusal is about; "" for the whole row."""
    if code in COST_ERROR_FIELDS:
        return COST_ERROR_FIELDS[code]
    if code.startswith("hours_"):
        return "hours_per_week"
    if code in AMOUNT_ERROR_CODES:
        # The pay per hour is read before the amount: if it can't be read, it was refused.
        rate = typed["hourly_rate"].strip()
        try:
            if rate:
                money.amount_parse(rate)
        except money.MoneyError:
            return "hourly_rate"
        return "amount"
    return ""


def _cost_form(*, line_id: int | None, typed: dict, error: dict | None = None) -> dict:
    """One costing form: to add a row (``line_id`` None) or to change one."""
    prefix = "cost-new" if line_id is None else f"cost-{line_id}"
    field = error["field"] if error else ""
    # The summary links to the first box or choice of the field refused.
    target = {"": "what", "paid": "paid-yes", "period": "period-week"}.get(field, field)
    return {
        "prefix": prefix,
        "line_id": line_id,
        "typed": typed,
        "error": error,
        "target": f"{prefix}-{target}",
    }


def _costing_context(*, costing, error: dict | None, may_cost: bool) -> dict:
    """The costing's rows, each with a form to change it, the form to add a row, and after
    a refusal what the error summary says. The refused form shows what was typed."""
    lines = costing.lines if costing else []
    # The totals' extra lines are said only when there is money in them.
    nothing = money.pounds(Decimal(0))
    totals = {
        "contingency": bool(costing) and costing.contingency_per_year != nothing,
        "one_off": bool(costing) and costing.one_off != nothing,
    }
    if not may_cost:
        return {
            "cost_rows": [{"line": line, "form": None} for line in lines],
            "cost_add": None,
            "cost_totals": totals,
            "costing_error": None,
        }
    rows, add, costing_error = _row_forms(
        lines=lines,
        error=error,
        id_key="line_id",
        make_form=lambda row_id, typed, refused: _cost_form(
            line_id=row_id, typed=typed, error=refused
        ),
        typed_of=_cost_line_typed,
        blank=_cost_typed({}),
    )
    return {
        "cost_rows": rows,
        "cost_add": add,
        "cost_totals": totals,
        "costing_error": costing_error,
    }


def _sharing_context(*, actor, seat, document, versions, form=None) -> dict | None:
    """The plan page's "Share your plan" part (views_share): for the person themself, who
    decides who else reads their plan, and an ally they let share it for them."""
    if seat.plan is None or not selectors.plan_sharer_is(actor=actor, focus_person_id=seat.pk):
        return None
    return {
        "lines": plan_selectors.plan_shares(plan=seat.plan, today=timezone.localdate()),
        "form": form or PlanShareForm(parts=share_parts(document), versions=versions),
        "create_url": reverse("live:plan_share_create", args=[seat.session_id, seat.pk]),
        "stop_url": reverse("live:plan_share_stop", args=[seat.session_id, seat.pk]),
    }


def _row_forms(*, lines, error: dict | None, id_key: str, make_form, typed_of, blank: dict):
    """The change form of each costing row or action, and the add form, for the plan
    page: (rows, add form, error for the summary). A refused form gets back what was
    typed and its error; a change refused because its row was taken off meanwhile
    comes back in the add form, so nothing typed is lost."""
    rows, refused_form = [], None
    for line in lines:
        refused = error is not None and error[id_key] == line.id
        form = make_form(
            line.id, error["typed"] if refused else typed_of(line), error if refused else None
        )
        refused_form = form if refused else refused_form
        rows.append({"line": line, "form": form})
    add_refused = error is not None and refused_form is None
    add = make_form(None, error["typed"] if add_refused else blank, error if add_refused else None)
    refused_form = add if add_refused else refused_form
    summary = (
        {"message": error["message"], "target": refused_form["target"]}
        if error is not None
        else None
    )
    return rows, add, summary


def _rows_writer(request: HttpRequest, session_id: int, person_id: int):
    """(actor, seat) when this request may change the person's costing and action plan,
    else (None, None): the person, their allies and the facilitator, as for the charts,
    while the plan is written on this board (the service checks again)."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None or not _write_charts(actor=actor, seat=seat):
        return None, None
    return actor, seat


@require_POST
@never_cache
def plan_cost_line_save(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Add a row to the person's costing from the plan page, or change one (``line_id``).

    The board's own ``save_cost_line`` command, through the same service, so the board
    and the plan always show one costing, and a form sent twice (same ``op_id``) saves
    once. Anything refused comes back on the plan page, with what was typed kept.
    """
    actor, seat = _rows_writer(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    typed = _cost_typed(request.POST)
    posted_line = request.POST.get("line_id", "")
    line_id = _posted_id(posted_line)
    message = {
        "type": "save_cost_line",
        "op_id": request.POST.get("op_id", ""),
        "focus_person_id": person_id,
        "what": typed["what"],
        "who": typed["who"],
        "paid": typed["paid"] == "yes",
        "hours_per_week": typed["hours_per_week"],
        "hourly_rate": typed["hourly_rate"],
        # How often goes with an amount only: a radio can't be cleared without a script,
        # so one left chosen on a row changed to hours must not refuse the hours.
        "amount": typed["amount"],
        "period": typed["period"] if typed["amount"].strip() else "",
        "is_contingency": typed["is_contingency"],
    }
    if line_id is not None:
        message["line_id"] = line_id
    try:
        if not is_id(message["op_id"]) or (posted_line and line_id is None):
            raise DomainError("bad_form", FORM_OUT_OF_DATE)
        if not typed["paid"]:
            raise DomainError("paid_missing", COST_PAID_MISSING)
        result = services.board_command_apply(session_id=session_id, actor=actor, message=message)
    except DomainError as error:
        refused = {
            "line_id": line_id,
            "typed": typed,
            "message": error.message,
            "field": _cost_error_field(error.code, typed),
        }
        return _plan_page(
            request,
            session_id,
            person_id,
            actor=actor,
            seat=seat,
            costing_error=refused,
            status=400,
        )
    _rows_audit(request, actor=actor, seat=seat, result=result, what="Changed the costing")
    messages.success(
        request,
        "Row changed. You and the people with you see the new costing on the board now."
        if line_id is not None
        else "Row added to the costing. You and the people with you see it on the board now.",
    )
    return redirect(reverse("live:plan", args=[session_id, person_id]) + "#costing")


@require_POST
@never_cache
def plan_cost_line_remove(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Take a row off the person's costing, with the board's own ``remove_cost_line``."""
    return _plan_row_remove(
        request,
        session_id,
        person_id,
        command="remove_cost_line",
        id_field="line_id",
        anchor="#costing",
        audit_what="Changed the costing",
        done="Row taken off the costing.",
    )


def _plan_row_remove(
    request: HttpRequest,
    session_id: int,
    person_id: int,
    *,
    command: str,
    id_field: str,
    anchor: str,
    audit_what: str,
    done: str,
) -> HttpResponse:
    """Take a costing row or an action off the plan with the board's own ``command``."""
    actor, seat = _rows_writer(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    back = reverse("live:plan", args=[session_id, person_id]) + anchor
    row_id = _posted_id(request.POST.get(id_field, ""))
    op_id = request.POST.get("op_id", "")
    try:
        if row_id is None or not is_id(op_id):
            raise DomainError("bad_form", FORM_OUT_OF_DATE)
        result = services.board_command_apply(
            session_id=session_id,
            actor=actor,
            message={
                "type": command,
                "op_id": op_id,
                "focus_person_id": person_id,
                id_field: row_id,
            },
        )
    except DomainError as error:
        # Nothing was typed, so nothing to keep: say why on the plan, at the section.
        messages.error(request, error.message)
        return redirect(back)
    _rows_audit(request, actor=actor, seat=seat, result=result, what=audit_what)
    messages.success(request, done)
    return redirect(back)


# "Make this clearer" on a costing row or an action: what each form asks the board to do.
ROW_QUESTION_COMMANDS = {
    "ask": "ask_row_question",
    "answer": "answer_row_question",
    "close": "close_row_question",
}
ROW_QUESTION_DONE = {
    "ask": "Question sent. The person\u2019s table sees it beside the row now.",
    "answer": "Answer sent. The facilitator sees it beside the row now.",
    "close": "Marked as clear. The question has gone.",
}
ROW_QUESTION_AUDIT = {
    "ask": "Asked for a row of the plan to be made clearer",
    "answer": "Answered a question on a row of the plan",
    "close": "Marked a row of the plan as clear",
}


@require_POST
@never_cache
def plan_row_question(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Ask for a costing row or an action to be made clearer (the facilitator), answer
    the question (the person's table), or mark it clear (the facilitator): the board's
    own ``ask_row_question``, ``answer_row_question`` and ``close_row_question``."""
    actor, seat = _rows_writer(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    act = request.POST.get("act", "")
    kind = request.POST.get("row", "")
    anchor = "#actions" if kind == "action" else "#costing"
    back = reverse("live:plan", args=[session_id, person_id]) + anchor
    row_id = _posted_id(request.POST.get("row_id", ""))
    op_id = request.POST.get("op_id", "")
    message = {
        "type": ROW_QUESTION_COMMANDS.get(act, ""),
        "op_id": op_id,
        "focus_person_id": person_id,
        "row": kind,
        "row_id": row_id,
    }
    if act == "ask":
        message["question"] = request.POST.get("question", "")
    elif act == "answer":
        message["reply"] = request.POST.get("reply", "")
    try:
        if act not in ROW_QUESTION_COMMANDS or row_id is None or not is_id(op_id):
            raise DomainError("bad_form", FORM_OUT_OF_DATE)
        result = services.board_command_apply(session_id=session_id, actor=actor, message=message)
    except DomainError as error:
        # Only an empty or unreadable question or answer is refused: nothing to keep.
        messages.error(request, error.message)
        return redirect(back)
    _rows_audit(request, actor=actor, seat=seat, result=result, what=ROW_QUESTION_AUDIT[act])
    messages.success(request, ROW_QUESTION_DONE[act])
    return redirect(back)


def _rows_audit(request: HttpRequest, *, actor, seat, result, what: str) -> None:
    """Note a costing or action plan change in the plan's log, once: a form sent twice
    (the same op_id) changed nothing the second time."""
    if not result.ack.get("duplicate"):
        plan_audit(
            request, actor=actor, plan_id=seat.plan_id, action=AuditEvent.Action.CHANGED, what=what
        )


# --- The action plan: what will happen, who will do it, by when -------------------------

ACTION_FIELDS = ("what", "who", "when", "how_we_know")
# Refusals (sessions_live.domain.text_clean's codes) that are about "What will happen";
# any other refusal is about the whole action, and is said at the top of its form.
ACTION_WHAT_CODES = frozenset({"empty_text", "text_too_long", "control_characters", "bad_text"})
ACTION_WHAT_MISSING = (
    "You did not write what will happen, so the action was not saved. "
    "Write it, for example: go swimming on Tuesdays."
)


def _action_typed(post) -> dict:
    """What was typed in an action form, as sent: to send on, and to show again if refused."""
    return {name: post.get(name, "") for name in ACTION_FIELDS}


def _action_form(*, action_id: int | None, typed: dict, error: dict | None = None) -> dict:
    """One action form: to add an action (``action_id`` None) or to change one. A refusal
    always links to "What will happen", the form's first box, even when it is about the
    whole action (said at the top of the form)."""
    prefix = "action-new" if action_id is None else f"action-change-{action_id}"
    return {
        "prefix": prefix,
        "action_id": action_id,
        "typed": typed,
        "error": error,
        "target": f"{prefix}-what",
    }


def _actions_context(*, lines: list, error: dict | None, may_write: bool) -> dict:
    """The actions, each with a form to change it, the form to add one, and after a
    refusal what the error summary says. The refused form shows what was typed."""
    if not may_write:
        return {
            "action_rows": [{"line": line, "form": None} for line in lines],
            "action_add": None,
            "action_error": None,
        }
    rows, add, action_error = _row_forms(
        lines=lines,
        error=error,
        id_key="action_id",
        make_form=lambda row_id, typed, refused: _action_form(
            action_id=row_id, typed=typed, error=refused
        ),
        typed_of=lambda line: {name: getattr(line, name) for name in ACTION_FIELDS},
        blank=_action_typed({}),
    )
    return {
        "action_rows": rows,
        "action_add": add,
        "action_error": action_error,
    }


def _action_who_names(*, seat, allies: list[dict], is_person: bool) -> list[str]:
    """Names offered for "Who will do it": "Me" to the person, their first name, their
    allies' names and "The facilitator" when there is one. Only offered: any words do."""
    names = ["Me"] if is_person else []
    names.append(seat.first_name)
    # A second device waiting to be confirmed as the person is not a name to suggest.
    names.extend(ally["name"] for ally in allies if not ally["says_me"])
    if seat.session.facilitator_id is not None:
        names.append("The facilitator")
    seen: set[str] = set()
    unique = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    return unique


def _readiness_context(*, document: PlanDocument, seat, today, parts) -> dict | None:
    """What the plan still needs before it is shared, and how many things that is."""
    if seat.plan is None:
        return None
    items = selectors.plan_readiness(document=document, plan=seat.plan, today=today, parts=parts)
    return {"items": items, "todo": sum(not item.ok for item in items)}


def _action_saved_words(*, changed: bool, typed: dict, today) -> str:
    """What the person is told once an action is saved: done, and whether there are tips."""
    done = "Action changed." if changed else "Action added."
    hints = smart.action_check(
        what=typed["what"],
        who=typed["who"],
        when=typed["when"],
        how_we_know=typed["how_we_know"],
        today=today,
    )
    if hints:
        return (
            f"{done} Everyone on the board sees it now. There are some tips beside it "
            "to think about. They only help: your words stay as you wrote them."
        )
    return (
        f"{done} Everyone on the board sees it now. It says what will happen, who will do "
        "it, by when and how you will know."
    )


@require_POST
@never_cache
def plan_action_save(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Add an action to the person's action plan from the plan page, or change one
    (``action_id``).

    The board's own ``save_action`` command, through the same service, so the board and
    the plan always show one action plan, and a form sent twice (same ``op_id``) saves
    once. Only an empty "What will happen" is refused: it comes back on the plan page,
    with everything typed kept. The helper's tips never stop an action being saved.
    """
    actor, seat = _rows_writer(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    typed = _action_typed(request.POST)
    posted_action = request.POST.get("action_id", "")
    action_id = _posted_id(posted_action)
    message = {
        "type": "save_action",
        "op_id": request.POST.get("op_id", ""),
        "focus_person_id": person_id,
        **typed,
    }
    if action_id is not None:
        message["action_id"] = action_id
    try:
        if not is_id(message["op_id"]) or (posted_action and action_id is None):
            raise DomainError("bad_form", FORM_OUT_OF_DATE)
        # Said here in the person's terms; the service would refuse it too, in its own.
        if not typed["what"].strip():
            raise DomainError("empty_text", ACTION_WHAT_MISSING)
        result = services.board_command_apply(session_id=session_id, actor=actor, message=message)
    except DomainError as error:
        refused = {
            "action_id": action_id,
            "typed": typed,
            "message": error.message,
            "field": "what" if error.code in ACTION_WHAT_CODES else "",
        }
        return _plan_page(
            request,
            session_id,
            person_id,
            actor=actor,
            seat=seat,
            action_error=refused,
            status=400,
        )
    _rows_audit(request, actor=actor, seat=seat, result=result, what="Changed the action plan")
    messages.success(
        request,
        _action_saved_words(changed=action_id is not None, typed=typed, today=timezone.localdate()),
    )
    # Straight to the action saved, where its tips are.
    saved_id = result.ack.get("action_id")
    anchor = f"#action-{saved_id}" if saved_id else "#actions"
    return redirect(reverse("live:plan", args=[session_id, person_id]) + anchor)


@require_POST
@never_cache
def plan_action_remove(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Take an action off the person's action plan, with the board's own ``remove_action``."""
    return _plan_row_remove(
        request,
        session_id,
        person_id,
        command="remove_action",
        id_field="action_id",
        anchor="#actions",
        audit_what="Changed the action plan",
        done="Action taken off the plan.",
    )


@never_cache
def plan_download(request: HttpRequest, session_id: int, person_id: int, key: str) -> HttpResponse:
    """The plan in one format, as a file to keep (PDF, large print, easy read, Braille, text)."""
    download = PLAN_DOWNLOAD_BY_KEY.get(key)
    actor, seat = reader_seat(request, session_id, person_id) if download else (None, None)
    if seat is None:
        return not_found(request)
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.DOWNLOADED,
        what=f"Downloaded the plan: {download.label}",
    )
    return _file(_now(seat), download)


def _file(plan: PlanDocument, download) -> HttpResponse:
    name = slugify(plan.title) or "support-plan"
    if plan.version_label:
        name = f"{name}-{slugify(plan.version_label)}".rstrip("-")
    response = HttpResponse(download.make(plan), content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{download.extension}"'
    return response


def _plan_setting_post(
    request: HttpRequest,
    session_id: int,
    person_id: int,
    *,
    form,
    save,
    anchor: str,
    form_name: str,
) -> HttpResponse:
    """Check the editor, save a plan setting from ``form`` and go back to the plan page.

    ``save(actor, data)`` changes the plan and returns what to tell the person; a
    PlanError is shown beside the form's one field, with what they typed kept.
    """
    actor, seat = editor_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    if form.is_valid():
        try:
            done = save(actor, form.cleaned_data)
        except PlanError as error:
            form.add_error(next(iter(form.fields)), error.message)
        else:
            messages.success(request, done)
            return redirect(reverse("live:plan", args=[session_id, person_id]) + anchor)
    return _plan_page(
        request, session_id, person_id, actor=actor, seat=seat, status=400, **{form_name: form}
    )


@require_POST
@never_cache
def plan_version_save(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Keep the plan as it stands now, under a name the person chooses."""

    def save(actor, data) -> str:
        version = services.board_plan_version_save(
            session_id=session_id,
            actor=actor,
            focus_person_id=person_id,
            label=data["label"],
            today=timezone.localdate(),
        )
        plan_audit(
            request,
            actor=actor,
            plan_id=version.plan_id,
            action=AuditEvent.Action.CHANGED,
            what=f"Saved a version called “{version.label}”",
        )
        return f"Saved this version of the plan as “{version.label}”. It will not change."

    return _plan_setting_post(
        request,
        session_id,
        person_id,
        form=PlanVersionForm(request.POST),
        save=save,
        anchor="#versions",
        form_name="version_form",
    )


@require_POST
@never_cache
def plan_review(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Set or clear the date the plan will be reviewed."""

    def save(actor, data) -> str:
        today = timezone.localdate()
        plan = services.board_plan_review_set(
            session_id=session_id,
            actor=actor,
            focus_person_id=person_id,
            review_on=data["review_on"],
            today=today,
        )
        plan_audit(
            request,
            actor=actor,
            plan_id=plan.pk,
            action=AuditEvent.Action.CHANGED,
            what=f"Set the review date to {plan.review_on:%-d %B %Y}"
            if plan.review_on
            else "Took the review date off",
        )
        return f"Review date saved. {review_due(review_on=plan.review_on, today=today).words}"

    return _plan_setting_post(
        request,
        session_id,
        person_id,
        form=PlanReviewForm(request.POST),
        save=save,
        anchor="#review",
        form_name="review_form",
    )


def _version(request: HttpRequest, session_id: int, person_id: int, version_id: int):
    """(actor, seat, the saved version as a document), or Nones when it is not this reader's."""
    actor, seat = reader_seat(request, session_id, person_id)
    plan = None if seat is None else _version_of(seat, version_id)
    return (actor, seat, plan) if plan is not None else (None, None, None)


def _version_of(seat, version_id: int) -> PlanDocument | None:
    version = plan_selectors.plan_version_find(plan=seat.plan, version_id=version_id)
    if version is None:
        return None
    return plan_selectors.plan_version_document(version=version, made_on=timezone.localdate())


@never_cache
def plan_version(
    request: HttpRequest, session_id: int, person_id: int, version_id: int
) -> HttpResponse:
    """One saved version of the plan, exactly as it was kept, with its downloads."""
    actor, seat, plan = _version(request, session_id, person_id, version_id)
    if plan is None:
        return not_found(request)
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.VIEWED,
        what=f"Opened the saved version “{plan.version_label}”",
    )
    return render(
        request,
        "sessions_live/plan/version.html",
        {
            "plan": plan,
            "downloads": _downloads(
                "live:plan_version_download", session_id, person_id, version_id
            ),
            "plan_url": reverse("live:plan", args=[session_id, person_id]),
        },
    )


@never_cache
def plan_version_download(
    request: HttpRequest, session_id: int, person_id: int, version_id: int, key: str
) -> HttpResponse:
    """A saved version in one format."""
    download = PLAN_DOWNLOAD_BY_KEY.get(key)
    found = _version(request, session_id, person_id, version_id) if download else None
    actor, seat, plan = found or (None, None, None)
    if plan is None:
        return not_found(request)
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.DOWNLOADED,
        what=f"Downloaded the saved version “{plan.version_label}”: {download.label}",
    )
    return _file(plan, download)


@never_cache
def plan_compare_page(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """What was added, changed, moved and removed between two versions (or a version and now)."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    versions = plan_selectors.plan_versions(plan=seat.plan)
    form = PlanCompareForm(request.GET or None, versions=versions)
    plan_url = reverse("live:plan", args=[session_id, person_id])
    context = {"form": form, "plan_url": plan_url, "person": seat.first_name, "changes": None}
    if versions and form.is_valid():
        older = _version_or_now(seat, form.cleaned_data["older"])
        newer = _version_or_now(seat, form.cleaned_data["newer"])
        context.update(
            older=older,
            newer=newer,
            changes=plan_compare(older=older, newer=newer),
            money_changes=plan_money_compare(older=older, newer=newer),
        )
        plan_audit(
            request,
            actor=actor,
            plan_id=seat.plan_id,
            action=AuditEvent.Action.VIEWED,
            what=f"Compared “{_version_name(older)}” with “{_version_name(newer)}”",
        )
    invalid = form.is_bound and not form.is_valid()
    context["error_forms"] = [form] if invalid else []
    status = 400 if invalid else 200
    return render(request, "sessions_live/plan/compare.html", context, status=status)


def _version_name(plan: PlanDocument | None) -> str:
    return (plan.version_label or "the plan now") if plan is not None else "a version"


def _version_or_now(seat, choice: str) -> PlanDocument | None:
    return _now(seat) if choice == "now" else _version_of(seat, int(choice))


# --- Who sees the plan: the person decides --------------------------------------------


@require_POST
@never_cache
def plan_privacy(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Make the person's charts private to them, their allies and the facilitator, or not."""
    actor, seat = editor_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    plan_url = reverse("live:plan", args=[session_id, person_id]) + "#who-sees"
    choice = request.POST.get("private")
    if choice not in ("yes", "no"):
        # Nothing is changed on a guess: a missing choice is not "everyone".
        messages.error(request, PRIVACY_NOT_CHOSEN)
        return redirect(plan_url)
    is_private = choice == "yes"
    services.focus_person_privacy_set(
        session_id=session_id, actor=actor, focus_person_id=person_id, is_private=is_private
    )
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.CHANGED,
        what="Made the charts private: only the person, their allies and the facilitator see them"
        if is_private
        else "Made the charts seen by everyone in the session",
    )
    messages.success(
        request,
        "Done. Only you, your allies and the facilitator see your charts now."
        if is_private
        else "Done. Everyone in the session can see your charts now.",
    )
    return redirect(plan_url)


@require_POST
@never_cache
def plan_ally_remove(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Take an ally off the person's plan and charts."""
    actor, seat = editor_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    try:
        ally, removal = services.focus_person_ally_remove(
            session_id=session_id,
            actor=actor,
            focus_person_id=person_id,
            participant_id=int(request.POST.get("ally", "0") or 0),
            **removal_choices(request.POST),
        )
    except (DomainError, ValueError):
        messages.error(request, "That person is not one of the allies on this plan any more.")
    else:
        plan_audit(
            request,
            actor=actor,
            plan_id=seat.plan_id,
            action=AuditEvent.Action.CHANGED,
            subject=AuditEvent.Subject.PARTICIPANT,
            subject_id=ally.pk,
            what=f"Took {ally.display_name} off the plan",
        )
        messages.success(
            request,
            f"{ally.display_name} can no longer see this plan or write on these charts. "
            + removal_message(removal),
        )
    return redirect(reverse("live:plan", args=[session_id, person_id]) + "#who-sees")


@require_POST
@never_cache
def plan_me_claim_confirm(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """The person says a second device that joined as "This is me" really is them."""
    actor, seat = editor_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    try:
        claim = services.focus_person_me_claim_confirm(
            session_id=session_id,
            actor=actor,
            focus_person_id=person_id,
            participant_id=int(request.POST.get("ally", "0") or 0),
        )
    except (DomainError, ValueError):
        messages.error(request, "Nobody is waiting to be confirmed on this plan any more.")
    else:
        plan_audit(
            request,
            actor=actor,
            plan_id=seat.plan_id,
            action=AuditEvent.Action.CHANGED,
            subject=AuditEvent.Subject.PARTICIPANT,
            subject_id=claim.pk,
            what=f"Confirmed that {claim.display_name} on another device is the person",
        )
        messages.success(
            request,
            f"Done. {claim.display_name} on that device is {seat.first_name} now, "
            "and has a say over this plan.",
        )
    return redirect(reverse("live:plan", args=[session_id, person_id]) + "#who-sees")


# --- Bringing people in, and their own ways back ----------------------------------------


@require_POST
@never_cache
def plan_invite(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """The person makes a typed code for someone they want to help with their plan."""
    actor, seat = editor_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    code = services.board_plan_invite_code(
        session_id=session_id, actor=actor, focus_person_id=person_id
    )
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.SHARED,
        what="Made a code for an ally to join (the old code stopped)",
    )
    join_url = request.build_absolute_uri(reverse("live:join_code"))
    seat.refresh_from_db(fields=["join_code_expires_at"])
    messages.success(
        request,
        f"The code is {code_spaced(code)}. Give it only to the person you want to help "
        f"you. They go to {join_url} and type it. This code works until "
        f"{when_words(seat.join_code_expires_at)}, for each person who joins; "
        "a new code stops this one.",
    )
    return redirect(reverse("live:plan", args=[session_id, person_id]) + "#who-sees")


@require_POST
@never_cache
def plan_account(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Keep your place on this plan on an account: make one, or add it to yours."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None or actor.participant_id is None:
        return not_found(request)
    plan_url = reverse("live:plan", args=[session_id, person_id]) + "#account"
    if request.user.is_authenticated:
        services.participant_account_link(participant_id=actor.participant_id, user=request.user)
        _account_audit(request, actor=actor, seat=seat, username=request.user.get_username())
        messages.success(
            request,
            f"Done. Sign in as {request.user.get_username()} on any device to come back here.",
        )
        return redirect(plan_url)
    form = PlanAccountForm(request.POST)
    if not form.is_valid():
        return _plan_page(
            request, session_id, person_id, actor=actor, seat=seat, account_form=form, status=400
        )
    user = services.participant_account_create(
        participant_id=actor.participant_id,
        username=form.cleaned_data["username"],
        email=form.cleaned_data["email"],
        password=form.cleaned_data["password1"],
    )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    _account_audit(request, actor=actor, seat=seat, username=user.get_username())
    messages.success(
        request,
        f"Your account is made, and you are signed in as {user.get_username()}. "
        "Sign in on any device to come back to this plan. Sign out on a shared computer.",
    )
    return redirect(plan_url)


def _account_audit(request: HttpRequest, *, actor, seat, username: str) -> None:
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.CHANGED,
        subject=AuditEvent.Subject.PARTICIPANT,
        subject_id=actor.participant_id,
        what=f"Kept their place on this plan on the account {username}",
    )


# --- What is held about the person: their plan's log, and a copy of everything ----------

LOG_PER_PAGE = 25


@never_cache
def plan_log(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Who has looked at or changed this plan: when, who, what, newest first.

    For the person and the facilitator (those who decide about the plan), not
    allies: an ally sees the plan, not who else does. Reading it is not logged.
    """
    _, seat = editor_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    page = audit_for_plan_page(
        plan_id=seat.plan_id, page_number=request.GET.get("page"), per_page=LOG_PER_PAGE
    )
    return render(
        request,
        "sessions_live/plan/log.html",
        {
            "person": seat.first_name,
            "page": page,
            "plan_url": reverse("live:plan", args=[session_id, person_id]),
            "has_facilitator": seat.session.facilitator_id is not None,
        },
    )


@never_cache
def plan_everything(
    request: HttpRequest, session_id: int, person_id: int, kind: str
) -> HttpResponse:
    """A copy of everything the site holds about the person (UK GDPR right of access):
    ``kind`` is "json" (for a computer) or "html" (to read and print). Both are the
    same dict, from ``exports.person_copy``, so they can never disagree."""
    actor, seat = (
        editor_seat(request, session_id, person_id) if kind in ("json", "html") else (None, None)
    )
    if seat is None:
        return not_found(request)
    made_at = timezone.now()
    copy = exports.person_copy(plan_id=seat.plan_id, made_at=made_at)
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.EXPORTED,
        what="Downloaded a copy of everything held about the person "
        + ("(for a computer)" if kind == "json" else "(to read or print)"),
    )
    name = f"everything-held-about-{slugify(seat.first_name) or 'you'}-{made_at:%Y-%m-%d}"
    if kind == "json":
        response = HttpResponse(
            exports.person_copy_json(copy), content_type="application/json; charset=utf-8"
        )
    else:
        response = render(request, "sessions_live/plan/everything.html", {"copy": copy})
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
