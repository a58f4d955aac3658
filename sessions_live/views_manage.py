"""Facilitator set-up pages and the join flow.

Server-rendered, so everything works without JavaScript. Views stay thin:
parse a form, call a service or selector, then redirect (post/redirect/get)
or render. A facilitator only ever sees their own sessions; anyone else gets
"not found", so a session's existence is not revealed.
"""

import re
from datetime import time, timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.services import audit_record
from cms.guesses import (
    GuessStop,
    client_address,
    guess_wrong_count,
    guesses_at_target,
    guesses_at_target_clear,
    guesses_exhausted,
    guesses_stopped,
)
from cms.roles import ENABLERS, FACILITATORS
from plans import selectors as plan_selectors
from plans import services as plan_services
from plans.cards import CARD_GUESSES
from plans.models import Plan
from sessions_live import access, reviews, selectors, services
from sessions_live.domain import DomainError
from sessions_live.forms import (
    HEADING_ROWS_MIN,
    BudgetPartForm,
    FocusPersonAddForm,
    FocusPersonBringForm,
    FocusPersonEditForm,
    JoinCodeForm,
    JoinDetailsForm,
    OwnPlanStartForm,
    PlanningSessionForm,
    TableForm,
    TemplateSetForm,
    template_set_choices,
)
from sessions_live.models import (
    ChartTemplateSet,
    FocusPerson,
    Participant,
    PlanningSession,
    Table,
)
from sessions_live.palette import COLOUR_BY_KEY, SYMBOL_BY_KEY

FORBIDDEN_TEMPLATE = "sessions_live/manage/forbidden.html"
# The raw invite link lives in the facilitator's session only until the next page shows it.
INVITE_FLASH_KEY = "live_invite_flash"
# Which focus person this device is joining, between the code/link step and the name step.
JOINING_KEY = "live_joining"
# How many wrong codes the limits allow (services.JOIN_CODE_GUESSES, cms.guesses).
JOIN_CODE_GUESSES = services.JOIN_CODE_GUESSES
# The set-up page warns the facilitator from this many wrong tries at one code.
WRONG_CODES_WARN_AT = 10
CODE_NOT_RIGHT = "That code is not right or has run out. Check it with your facilitator."
LINK_NOT_RIGHT = (
    "That link is not right or has stopped working. Ask your facilitator for a new link or a code."
)
# Why typed codes are stopped for now, for the person typing ({minutes}: how long to wait).
TOO_MANY_CODES = {
    "device": (
        "You have typed too many wrong codes on this device. Wait {minutes} minutes, "
        "then try again. Check the code with your facilitator first."
    ),
    "address": (
        "Too many wrong codes have been typed from this network. Wait {minutes} minutes, "
        "then try again, or ask your facilitator for an invite link."
    ),
    "target": (
        "That code has been typed wrongly too many times, so it is paused to keep the "
        "session safe. Ask your facilitator: they can start it again or give you a new "
        "code. Otherwise it starts again by itself within {minutes} minutes."
    ),
    "everywhere": (
        "Too many wrong codes have been typed on this site in the last hour, so typed codes "
        "are paused to keep sessions safe. Wait {minutes} minutes, or ask your facilitator "
        "for an invite link."
    ),
}
HEADING_ROWS_MAX = 100


# --- Helpers --------------------------------------------------------------------


def _role_required(*groups: str):
    """Anonymous people sign in first; signed-in people in none of ``groups`` get a 403 page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.groups.filter(name__in=groups).exists():
                return render(request, FORBIDDEN_TEMPLATE, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Facilitators run group sessions; enablers sit with one person and run only
# plans with one person (their own boards, and those boards' set-up).
facilitator_required = _role_required(FACILITATORS)
planner_required = _role_required(FACILITATORS, ENABLERS)


def _is_facilitator(request: HttpRequest) -> bool:
    return request.user.groups.filter(name=FACILITATORS).exists()


def _own_session(request: HttpRequest, session_id: int) -> PlanningSession:
    """The signed-in planner's own session, or 404 (never 403, to not reveal it).

    An enabler's own sessions are the plans with one person they started.
    """
    sessions = PlanningSession.objects.filter(facilitator=request.user)
    if not _is_facilitator(request):
        sessions = sessions.filter(is_own_plan=True)
    return get_object_or_404(sessions, pk=session_id)


def _own_focus_person(session: PlanningSession, focus_person_id: int) -> FocusPerson:
    return get_object_or_404(FocusPerson, pk=focus_person_id, session=session)


def _own_participant(session: PlanningSession, participant_id: int) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("focus_person"), pk=participant_id, session=session
    )


def _audit(
    request: HttpRequest,
    *,
    plan_id: int | None,
    action: str,
    what: str,
    subject: str = AuditEvent.Subject.PLAN,
    subject_id: int | None = None,
) -> None:
    """Note in the audit log what the facilitator did to someone's plan or place on it
    (with ``plan_id`` None, in the administrators' log only, not the plan's own)."""
    audit_record(
        action=action,
        subject=subject,
        subject_id=plan_id if subject_id is None else subject_id,
        who=selectors.actor_words(actor=selectors.facilitator_actor(user=request.user)),
        user=request.user,
        plan_id=plan_id,
        what=what,
    )


def _details_changed(person: FocusPerson, data: dict) -> str:
    """Which of a person's details the set-up form changes, in words: "name and privacy"."""
    changed = [
        words
        for words, before, after in (
            ("name", person.first_name, data["first_name"]),
            ("colour", person.colour, data["colour"]),
            ("symbol", person.symbol, data["symbol"]),
            ("table", person.table_id, data["table"].pk if data["table"] else None),
            ("privacy", person.is_private, data["is_private"]),
        )
        if before != after
    ]
    if not changed:
        return "nothing"
    return changed[0] if len(changed) == 1 else ", ".join(changed[:-1]) + " and " + changed[-1]


def _setup_redirect(session: PlanningSession) -> HttpResponse:
    return redirect("live:session_setup", session_id=session.pk)


def _when(moment) -> str:
    """A time people read easily, in the site's time zone: '3:45pm on Tuesday 2 December',
    and midnight as 'the end of Monday 1 December' (codes stop at the end of a day)."""
    local = timezone.localtime(moment)
    if local.time() == time.min:
        return "the end of " + date_format(local - timedelta(days=1), "l j F")
    return f"{date_format(local, 'g:i')}{date_format(local, 'a').replace('.', '')} on " + (
        date_format(local, "l j F")
    )


# For other pages that say when a code stops (views_plan).
when_words = _when


def code_spaced(code: str) -> str:
    """A code in groups of three, easier to read aloud and type: 'KD7 M2P XHR'."""
    group = services.JOIN_CODE_GROUP
    return " ".join(code[i : i + group] for i in range(0, len(code), group))


def removal_choices(data) -> dict:
    """Which ways back to stop, from the ticked boxes of a remove form."""
    return {
        "stop_code": data.get("stop_code") == "on",
        "stop_card": data.get("stop_card") == "on",
        "stop_account": data.get("stop_account") == "on",
    }


def removal_message(removal: services.ParticipantRemoval) -> str:
    """Exactly what removing someone did, and what could still bring them back."""
    name, person = removal.name, removal.focus_person_name
    parts = [f"{name} has been removed. The devices they joined on are closed and kept out."]
    if removal.old_code:
        parts.append(
            f"The code {code_spaced(removal.old_code)} no longer works. The new code for "
            f"{person}'s allies is {code_spaced(removal.new_code)}. "
            f"It works until {_when(removal.new_code_until)}."
        )
    if removal.link_stopped:
        parts.append(f"{person}'s invite link no longer works: make a new one if others need it.")
    if removal.card_stopped:
        parts.append(f"{name}'s own card no longer works.")
    if removal.account_unlinked:
        parts.append(f"{name}'s account no longer opens this board.")
    if removal.card_kept or removal.account_kept:
        kept = (
            "own card and account"
            if removal.card_kept and removal.account_kept
            else ("own card" if removal.card_kept else "account")
        )
        verb = "open" if " and " in kept else "opens"
        parts.append(
            f"{name}'s {kept} {verb} nothing while they are removed, "
            "but would work again if you let them back in."
        )
    if removal.code_still_works and removal.link_still_works:
        parts.append(
            f"{person}'s code and invite link still work, so {name} could join again "
            "from another device with either."
        )
    elif removal.code_still_works or removal.link_still_works:
        way = "code" if removal.code_still_works else "invite link"
        parts.append(
            f"{person}'s {way} still works, so {name} could join again from another device with it."
        )
    return " ".join(parts)


def _errors_in(*forms) -> list:
    """The forms that have errors, for the error summary at the top of a page."""
    return [form for form in forms if form is not None and form.is_bound and form.errors]


# --- Sessions -------------------------------------------------------------------


@planner_required
def session_list(request: HttpRequest) -> HttpResponse:
    """The signed-in planner's own sessions and plans with one person, with links to set
    up and to the board (an enabler's list has only plans with one person)."""
    return _session_list_page(request, OwnPlanStartForm(prefix="own"))


def _session_list_page(request: HttpRequest, own_form: OwnPlanStartForm) -> HttpResponse:
    sessions = list(PlanningSession.objects.filter(facilitator=request.user))
    is_facilitator = _is_facilitator(request)
    return render(
        request,
        "sessions_live/manage/session_list.html",
        {
            "is_facilitator": is_facilitator,
            "sessions": [s for s in sessions if not s.is_own_plan and is_facilitator],
            "own_plans": [s for s in sessions if s.is_own_plan],
            "own_form": own_form,
            "error_forms": _errors_in(own_form),
            "reviews_due": reviews.reviews_due_for(user=request.user, today=timezone.localdate()),
        },
        status=400 if own_form.errors else 200,
    )


@planner_required
@require_POST
def own_plan_start(request: HttpRequest) -> HttpResponse:
    """Start one person's plan on its own, to write with them now on a board of its own."""
    form = OwnPlanStartForm(request.POST, prefix="own")
    if not form.is_valid():
        return _session_list_page(request, form)
    person = services.own_plan_start(
        facilitator=request.user,
        first_name=form.cleaned_data["first_name"],
        today=timezone.localdate(),
    )
    messages.success(
        request,
        f"{person.first_name}'s plan is started. Write on the charts together. "
        "To let them carry on without you, make them a plan card from their plan page.",
    )
    return redirect("live:board", session_id=person.session_id)


@facilitator_required
def session_create(request: HttpRequest) -> HttpResponse:
    """Make a new session: name, dates, place and chart headings."""
    if request.method == "POST":
        form = PlanningSessionForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            session = services.planning_session_create(
                facilitator=request.user,
                title=data["title"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                venue=data["venue"],
                is_online=data["is_online"],
                template_set=data["template_set"],
            )
            messages.success(request, f"Session made: {session.title}. Now add the people.")
            return _setup_redirect(session)
    else:
        form = PlanningSessionForm(
            user=request.user,
            initial={"template_set": services.chart_template_set_builtin_ensure()},
        )
    return render(
        request,
        "sessions_live/manage/session_create.html",
        {"form": form, "error_forms": _errors_in(form)},
    )


def _setup_render(request: HttpRequest, session: PlanningSession, bound: dict | None = None):
    """The set-up page; ``bound`` holds a submitted form with errors, keyed by what it edits."""
    bound = bound or {}
    details_form = bound.get("details") or PlanningSessionForm(
        user=request.user,
        initial={
            "title": session.title,
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "venue": session.venue,
            "is_online": session.is_online,
            "template_set": session.template_set_id,
        },
    )
    tables = list(session.tables.all())
    table_rows = [
        (
            table,
            bound.get(("table", table.pk))
            or TableForm(prefix=f"table-{table.pk}", initial={"name": table.name}),
        )
        for table in tables
    ]
    table_add_form = bound.get("table_add") or TableForm(prefix="table-new")
    person_add_form = bound.get("person_add") or FocusPersonAddForm(
        session=session, prefix="person-new"
    )
    plans = selectors.plans_to_bring(session=session)
    person_bring_form = bound.get("person_bring") or FocusPersonBringForm(
        session=session, plans=plans, prefix="person-bring"
    )
    flash = request.session.pop(INVITE_FLASH_KEY, None)
    now = timezone.now()
    people = []
    for person in session.focus_people.select_related("table").prefetch_related("participants"):
        form = bound.get(("person", person.pk)) or FocusPersonEditForm(
            session=session,
            focus_person=person,
            prefix=f"person-{person.pk}",
            initial={
                "first_name": person.first_name,
                "colour": person.colour,
                "symbol": person.symbol,
                "table": person.table_id,
                "is_private": person.is_private,
            },
        )
        code_works = bool(
            person.join_code and person.join_code_expires_at and person.join_code_expires_at > now
        )
        wrong = guesses_at_target(limit=JOIN_CODE_GUESSES, target=str(person.pk))
        people.append(
            {
                "person": person,
                "colour": COLOUR_BY_KEY.get(person.colour),
                "symbol": SYMBOL_BY_KEY.get(person.symbol),
                "form": form,
                "has_link": bool(person.invite_token_hash),
                "code": code_spaced(person.join_code) if code_works else "",
                "code_until": _when(person.join_code_expires_at) if code_works else "",
                "participants": list(person.participants.all()),
                "wrong_codes": wrong if wrong.count >= WRONG_CODES_WARN_AT else None,
                # Sealed parts too: this page is the facilitator's own, never a shared screen.
                "budget": plan_selectors.budget_summary(plan=person.plan, sealed_too=True),
                "budget_form": bound.get(("budget", person.pk))
                or BudgetPartForm(prefix=f"budget-{person.pk}"),
            }
        )
    invite = None
    if flash:
        invite = next(
            (
                {
                    "url": flash["url"],
                    "name": row["person"].first_name,
                    "until": flash.get("until", ""),
                }
                for row in people
                if row["person"].pk == flash.get("focus_person_id")
            ),
            None,
        )
    context = {
        "session": session,
        "details_form": details_form,
        "table_rows": table_rows,
        "table_add_form": table_add_form,
        "person_add_form": person_add_form,
        "person_bring_form": person_bring_form,
        "people": people,
        "invite": invite,
        "wrong_codes_people": [row for row in people if row["wrong_codes"]],
        "budgets_sealed": sum(row["budget"].sealed for row in people if row["budget"]),
        "error_forms": _errors_in(*bound.values()),
    }
    return render(request, "sessions_live/manage/session_setup.html", context)


@planner_required
def session_setup(request: HttpRequest, session_id: int) -> HttpResponse:
    """Everything to set up one session: details, tables, people, invites, participants."""
    return _setup_render(request, _own_session(request, session_id))


@planner_required
@require_POST
def session_details_save(request: HttpRequest, session_id: int) -> HttpResponse:
    """Change the session's name, dates, place or chart headings."""
    session = _own_session(request, session_id)
    form = PlanningSessionForm(request.POST, user=request.user)
    if not form.is_valid():
        return _setup_render(request, session, {"details": form})
    services.planning_session_details_save(session=session, **form.cleaned_data)
    messages.success(request, "Session details saved.")
    return _setup_redirect(session)


@planner_required
@require_POST
def table_add(request: HttpRequest, session_id: int) -> HttpResponse:
    """Add a table to the room."""
    session = _own_session(request, session_id)
    form = TableForm(request.POST, prefix="table-new")
    if not form.is_valid():
        return _setup_render(request, session, {"table_add": form})
    table = services.table_save(session=session, name=form.cleaned_data["name"])
    messages.success(request, f"Table added: {table.name}.")
    return _setup_redirect(session)


@planner_required
@require_POST
def table_rename(request: HttpRequest, session_id: int, table_id: int) -> HttpResponse:
    """Rename one of the session's tables."""
    session = _own_session(request, session_id)
    table = get_object_or_404(Table, pk=table_id, session=session)
    form = TableForm(request.POST, prefix=f"table-{table.pk}")
    if not form.is_valid():
        return _setup_render(request, session, {("table", table.pk): form})
    services.table_save(session=session, name=form.cleaned_data["name"], table=table)
    messages.success(request, f"Table renamed: {form.cleaned_data['name']}.")
    return _setup_redirect(session)


@planner_required
@require_POST
def focus_person_add(request: HttpRequest, session_id: int) -> HttpResponse:
    """Add a focus person; they get the next free colour and symbol, and their charts."""
    session = _own_session(request, session_id)
    form = FocusPersonAddForm(request.POST, session=session, prefix="person-new")
    if not form.is_valid():
        return _setup_render(request, session, {"person_add": form})
    data = form.cleaned_data
    person = services.focus_person_add(
        session=session,
        first_name=data["first_name"],
        table=data["table"],
        is_private=data["is_private"],
    )
    messages.success(
        request, f"{person.first_name} added. Next, make an invite link or a typed code for them."
    )
    return _setup_redirect(session)


@planner_required
@require_POST
def focus_person_bring(request: HttpRequest, session_id: int) -> HttpResponse:
    """Bring a person's plan to this session: from one of this facilitator's earlier
    sessions, or by the words on the person's plan card (a plan started elsewhere)."""
    session = _own_session(request, session_id)
    form = FocusPersonBringForm(
        request.POST,
        session=session,
        plans=selectors.plans_to_bring(session=session),
        prefix="person-bring",
    )
    if not form.is_valid():
        return _setup_render(request, session, {"person_bring": form})
    if form.cleaned_data.get("plan"):
        plan = get_object_or_404(Plan, pk=form.cleaned_data["plan"])
    else:
        plan = _plan_by_card(request, form)
        if plan is None:
            return _setup_render(request, session, {"person_bring": form})
    try:
        person = services.focus_person_bring(
            session=session, plan=plan, table=form.cleaned_data["table"]
        )
    except DomainError as error:
        form.add_error("plan" if "plan" in form.fields else "card_words", error.message)
        return _setup_render(request, session, {"person_bring": form})
    _audit(
        request,
        plan_id=plan.pk,
        action=AuditEvent.Action.SHARED,
        what=f"Brought the plan to the session “{session.title}”",
    )
    messages.success(
        request,
        f"{person.first_name}'s plan is on this board now, with everything written so far. "
        "Their allies came too. Make a new invite link or code for anyone new.",
    )
    return _setup_redirect(session)


def _plan_by_card(request: HttpRequest, form: FocusPersonBringForm) -> Plan | None:
    """The plan whose card words the facilitator typed, within the card guessing limit;
    else None, with the reason on the form."""
    device = access.device_id_for(request.session)
    address = client_address(request.META)
    if guesses_exhausted(limit=CARD_GUESSES, device=device, address=address):
        form.add_error("card_words", "Too many wrong card words from this device. Wait 15 minutes.")
        return None
    plan = plan_selectors.plan_card_find(typed=form.cleaned_data["card_words"])
    if plan is None:
        guess_wrong_count(limit=CARD_GUESSES, device=device, address=address)
        form.add_error(
            "card_words",
            "Those words do not match a plan card. Check them on the card with the person.",
        )
    return plan


@planner_required
@require_POST
def focus_person_edit(request: HttpRequest, session_id: int, focus_person_id: int) -> HttpResponse:
    """Change a focus person's name, colour, symbol, table or privacy."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    form = FocusPersonEditForm(
        request.POST, session=session, focus_person=person, prefix=f"person-{person.pk}"
    )
    if not form.is_valid():
        return _setup_render(request, session, {("person", person.pk): form})
    changed = _details_changed(person, form.cleaned_data)
    services.focus_person_update(focus_person=person, **form.cleaned_data)
    _audit(
        request,
        plan_id=person.plan_id,
        action=AuditEvent.Action.CHANGED,
        what=f"Changed the person's {changed} on the set-up page",
    )
    messages.success(request, f"Changes saved for {person.first_name}.")
    return _setup_redirect(session)


@planner_required
@require_POST
def invite_create(request: HttpRequest, session_id: int, focus_person_id: int) -> HttpResponse:
    """Make a new invite link (the old one stops) and show it once on the next page."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    token = services.focus_person_invite_create(focus_person=person)
    _audit(
        request,
        plan_id=person.plan_id,
        action=AuditEvent.Action.SHARED,
        what="Made an invite link to join the person's charts (the old link stopped)",
    )
    url = request.build_absolute_uri(reverse("live:join_link", kwargs={"token": token}))
    until = _when(services.invite_token_until(token=token, focus_person=person))
    request.session[INVITE_FLASH_KEY] = {"focus_person_id": person.pk, "url": url, "until": until}
    messages.success(request, f"New invite link made for {person.first_name}.")
    return _setup_redirect(session)


# --- The indicative budget ---------------------------------------------------------


@planner_required
@require_POST
def budget_part_add(request: HttpRequest, session_id: int, focus_person_id: int) -> HttpResponse:
    """Record (part of) a person's indicative budget. It stays sealed until revealed."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    form = BudgetPartForm(request.POST, prefix=f"budget-{person.pk}")
    if not form.is_valid():
        return _setup_render(request, session, {("budget", person.pk): form})
    data = form.cleaned_data
    try:
        plan_services.budget_part_record(
            plan=person.plan,
            amount=data["amount"],
            period=data["period"],
            source=data["source"],
            managed_as=data["managed_as"],
            paid_every=data["paid_every"],
            recorded_by=selectors.actor_words(actor=selectors.facilitator_actor(user=request.user)),
        )
    except plan_services.PlanError as error:
        # How often it is paid, for a part that is not a direct payment: said beside that
        # question, with everything typed kept.
        form.add_error("paid_every", error.message)
        return _setup_render(request, session, {("budget", person.pk): form})
    _budget_audit(request, person, what="Recorded an indicative budget, sealed")
    messages.success(
        request,
        f"Budget recorded for {person.first_name}. It is sealed: nobody but you sees it "
        "until you reveal it to their table.",
    )
    return redirect(reverse("live:session_setup", args=[session.pk]) + f"#person-{person.pk}")


@planner_required
@require_POST
def budget_part_remove(
    request: HttpRequest, session_id: int, focus_person_id: int, part_id: int
) -> HttpResponse:
    """Take off a budget part recorded by mistake."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    part = services.budget_part_remove(session=session, focus_person=person, part_id=part_id)
    if part is None:
        messages.error(request, "That budget was already taken off.")
    else:
        _budget_audit(
            request,
            person,
            what="Took an indicative budget off the plan",
            sealed=part.revealed_at is None,
        )
        messages.success(request, f"Budget taken off {person.first_name}'s plan.")
    return redirect(reverse("live:session_setup", args=[session.pk]) + f"#person-{person.pk}")


def _budget_audit(request: HttpRequest, person: FocusPerson, *, what: str, sealed=True) -> None:
    """Note a change to a budget. While it is sealed the note is for administrators
    only (no ``plan_id``), because the person's own log must not hint at a budget
    they have not been shown; the reveal is then in their log, with who did it."""
    _audit(
        request,
        plan_id=None if sealed else person.plan_id,
        subject_id=person.plan_id,
        action=AuditEvent.Action.CHANGED,
        what=what,
    )


def _budget_reveal(request: HttpRequest, session: PlanningSession, person: FocusPerson) -> int:
    revealed = services.budget_reveal(session=session, focus_person=person)
    if revealed:
        _audit(
            request,
            plan_id=person.plan_id,
            action=AuditEvent.Action.SHARED,
            what="Revealed the indicative budget to the person and their allies",
        )
    return revealed


@planner_required
@require_POST
def budget_reveal(request: HttpRequest, session_id: int, focus_person_id: int) -> HttpResponse:
    """Unseal one person's budget: from now on they and their allies see it."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    if _budget_reveal(request, session, person):
        messages.success(
            request,
            f"{person.first_name} and their allies can see their budget now. Nobody else can.",
        )
    else:
        messages.error(request, f"There is no sealed budget for {person.first_name} to reveal.")
    return redirect(reverse("live:session_setup", args=[session.pk]) + f"#person-{person.pk}")


@planner_required
@require_POST
def budget_reveal_all(request: HttpRequest, session_id: int) -> HttpResponse:
    """Unseal every person's budget at once, each to their own table only."""
    session = _own_session(request, session_id)
    names = [
        person.first_name
        for person in session.focus_people.select_related("plan")
        if _budget_reveal(request, session, person)
    ]
    if names:
        messages.success(
            request,
            f"Budgets revealed to {_names_words(names)}, each to their own table only.",
        )
    else:
        messages.error(request, "There are no sealed budgets to reveal.")
    return _setup_redirect(session)


def _names_words(names: list[str]) -> str:
    """ "Amira", "Amira and Dev", "Amira, Dev and Rosa"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@planner_required
@require_POST
def code_create(request: HttpRequest, session_id: int, focus_person_id: int) -> HttpResponse:
    """Make a new typed code for a focus person; the old one stops. It works until the
    end of the session's day (services.join_code_until)."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    code = services.focus_person_code_create(focus_person=person)
    _audit(
        request,
        plan_id=person.plan_id,
        action=AuditEvent.Action.SHARED,
        what="Made a typed code to join the person's charts (the old code stopped)",
    )
    messages.success(
        request,
        f"New code for {person.first_name}: {code_spaced(code)}. "
        f"This code works until {_when(person.join_code_expires_at)}. "
        "The old code no longer works.",
    )
    return _setup_redirect(session)


@planner_required
@require_POST
def code_guesses_clear(request: HttpRequest, session_id: int, focus_person_id: int) -> HttpResponse:
    """Forget the wrong tries at a focus person's code, so it works again at once."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    guesses_at_target_clear(limit=JOIN_CODE_GUESSES, target=str(person.pk))
    messages.success(
        request,
        f"The count of wrong codes for {person.first_name} is cleared, and their code works "
        "again. If you think someone is guessing it, make a new code instead.",
    )
    return _setup_redirect(session)


@planner_required
@require_POST
def invite_revoke(request: HttpRequest, session_id: int, focus_person_id: int) -> HttpResponse:
    """Stop a focus person's invite link and typed code. People already in stay in."""
    session = _own_session(request, session_id)
    person = _own_focus_person(session, focus_person_id)
    services.focus_person_invite_revoke(focus_person=person)
    messages.success(request, f"The invite link and code for {person.first_name} no longer work.")
    return _setup_redirect(session)


@planner_required
@require_POST
def participant_remove(request: HttpRequest, session_id: int, participant_id: int) -> HttpResponse:
    """Remove a participant: their devices are closed and kept out, and the ways
    back the facilitator ticked are stopped. The message says exactly what was done."""
    session = _own_session(request, session_id)
    participant = _own_participant(session, participant_id)
    removal = services.participant_remove(participant=participant, **removal_choices(request.POST))
    _audit(
        request,
        plan_id=participant.focus_person.plan_id,
        action=AuditEvent.Action.CHANGED,
        subject=AuditEvent.Subject.PARTICIPANT,
        subject_id=participant.pk,
        what=f"Took {participant.display_name} off the board",
    )
    messages.success(request, removal_message(removal))
    return _setup_redirect(session)


@planner_required
@require_POST
def participant_me_confirm(
    request: HttpRequest, session_id: int, participant_id: int
) -> HttpResponse:
    """Confirm that a second "This is me" really is the person (they then have a say)."""
    session = _own_session(request, session_id)
    participant = _own_participant(session, participant_id)
    services.participant_me_confirm(participant=participant)
    _audit(
        request,
        plan_id=participant.focus_person.plan_id,
        action=AuditEvent.Action.CHANGED,
        subject=AuditEvent.Subject.PARTICIPANT,
        subject_id=participant.pk,
        what=f"Confirmed that {participant.display_name} on another device is the person",
    )
    messages.success(
        request,
        f"Confirmed: {participant.display_name} on this device is "
        f"{participant.focus_person.first_name}.",
    )
    return _setup_redirect(session)


@planner_required
@require_POST
def participant_readmit(request: HttpRequest, session_id: int, participant_id: int) -> HttpResponse:
    """Let a removed participant's device join again."""
    session = _own_session(request, session_id)
    participant = _own_participant(session, participant_id)
    services.participant_readmit(participant=participant)
    _audit(
        request,
        plan_id=participant.focus_person.plan_id,
        action=AuditEvent.Action.CHANGED,
        subject=AuditEvent.Subject.PARTICIPANT,
        subject_id=participant.pk,
        what=f"Let {participant.display_name} join the board again",
    )
    messages.success(request, f"{participant.display_name} can join again.")
    return _setup_redirect(session)


# --- Chart heading sets -----------------------------------------------------------


@facilitator_required
def template_list(request: HttpRequest) -> HttpResponse:
    """The built-in set of headings (read-only) first, then the facilitator's own sets."""
    services.chart_template_set_builtin_ensure()
    sets = template_set_choices(request.user).prefetch_related("headings")
    return render(request, "sessions_live/manage/template_list.html", {"sets": sets})


def _rows_posted(data) -> int:
    """How many heading rows the submitted form had, so none is silently dropped."""
    numbers = [int(m.group(1)) for key in data if (m := re.fullmatch(r"title_(\d+)", key))]
    return min(max([HEADING_ROWS_MIN, *numbers]), HEADING_ROWS_MAX)


def _template_form_page(request, form, template_set=None) -> HttpResponse:
    return render(
        request,
        "sessions_live/manage/template_form.html",
        {"form": form, "template_set": template_set, "error_forms": _errors_in(form)},
    )


def _template_save(request, form, template_set=None) -> HttpResponse | None:
    """Save a valid form; None (with the error on the form) if the rules refuse it."""
    try:
        saved = services.chart_template_set_save(
            owner=request.user,
            name=form.cleaned_data["name"],
            headings=form.cleaned_data["headings"],
            template_set=template_set,
        )
    except DomainError as error:
        form.add_error("title_1", error.message)
        return None
    messages.success(request, f"Headings saved: {saved.name}.")
    return redirect("live:template_list")


@facilitator_required
def template_create(request: HttpRequest) -> HttpResponse:
    """Make a new set of ordered headings, each with a short prompt."""
    if request.method == "POST":
        form = TemplateSetForm(request.POST, rows=_rows_posted(request.POST))
        if form.is_valid() and (response := _template_save(request, form)):
            return response
    else:
        form = TemplateSetForm()
    return _template_form_page(request, form)


@facilitator_required
def template_edit(request: HttpRequest, template_set_id: int) -> HttpResponse:
    """Change one of the facilitator's own sets. The built-in set cannot be changed."""
    template_set = get_object_or_404(
        ChartTemplateSet, pk=template_set_id, owner=request.user, is_builtin=False
    )
    if request.method == "POST":
        form = TemplateSetForm(request.POST, rows=_rows_posted(request.POST))
        if form.is_valid() and (response := _template_save(request, form, template_set)):
            return response
    else:
        initial, rows = TemplateSetForm.initial_for(template_set)
        form = TemplateSetForm(initial=initial, rows=rows)
    return _template_form_page(request, form, template_set)


# --- Joining ---------------------------------------------------------------------


def _not_right(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "sessions_live/join/not_right.html", {"message": message}, status=status)


def _too_many_codes(request: HttpRequest, stop: GuessStop) -> HttpResponse:
    message = TOO_MANY_CODES[stop.reason].format(minutes=stop.wait_minutes)
    response = render(request, "sessions_live/join/too_many.html", {"message": message}, status=429)
    response["Retry-After"] = str(stop.wait_seconds)
    return response


def join_code(request: HttpRequest) -> HttpResponse:
    """Type the code the facilitator gave out (capitals, spaces and dashes do not matter).

    Wrong codes are limited per device, per address, per code and for the whole
    site (services.JOIN_CODE_GUESSES); a device that has not typed a wrong code
    itself is not stopped by others' typos on the same Wi-Fi.
    """
    status = 200
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            code = form.cleaned_data["code"]
            device = access.device_id_for(request.session)
            address = client_address(request.META)
            # Which working code this try was aimed at, right or wrong (its first group).
            aimed_at = selectors.focus_person_for_code_group(
                group=services.join_code_first_group(code)
            )
            target = str(aimed_at.pk) if aimed_at is not None else ""
            stop = guesses_stopped(
                limit=JOIN_CODE_GUESSES, device=device, address=address, target=target
            )
            if stop is not None:
                return _too_many_codes(request, stop)
            person = selectors.focus_person_for_code(code=code)
            if person is not None:
                request.session[JOINING_KEY] = {"focus_person_id": person.pk, "code": code}
                return redirect("live:join_details")
            guess_wrong_count(
                limit=JOIN_CODE_GUESSES, device=device, address=address, target=target
            )
            form.add_error("code", CODE_NOT_RIGHT)
        status = 400
    return render(
        request,
        "sessions_live/join/code.html",
        {"form": form, "error_forms": _errors_in(form)},
        status=status,
    )


def join_link(request: HttpRequest, token: str) -> HttpResponse:
    """Open an invite link; then the person says who they are.

    A link works until the end of the session's last day (the time is part of
    the token), any number of times until then, or until a new link replaces it.
    """
    token_hash = services.token_hash(token)
    person = selectors.focus_person_for_invite(token_hash=token_hash)
    if person is None:
        return _not_right(request, LINK_NOT_RIGHT, 404)
    until = services.invite_token_until(token=token, focus_person=person)
    if until <= timezone.now():
        return _not_right(request, LINK_NOT_RIGHT, 404)
    # Only the hash is kept, so the server-side session never holds the raw token.
    request.session[JOINING_KEY] = {
        "focus_person_id": person.pk,
        "token_hash": token_hash,
        "until": until.timestamp(),
    }
    return redirect("live:join_details")


def _joining_person(joining: dict) -> FocusPerson | None:
    """The focus person being joined, if the link or code used still works."""
    if joining.get("token_hash"):
        person = selectors.focus_person_for_invite(token_hash=joining["token_hash"])
        if (joining.get("until") or 0) <= timezone.now().timestamp():
            person = None
    else:
        person = selectors.focus_person_for_code(code=joining.get("code") or "")
    if person is None or person.pk != joining.get("focus_person_id"):
        return None
    return person


def join_details(request: HttpRequest) -> HttpResponse:
    """Say who you are, then go to the board."""
    joining = request.session.get(JOINING_KEY)
    if not isinstance(joining, dict):
        messages.info(request, "Enter the code your facilitator gave you, or open their link.")
        return redirect("live:join_code")
    # Checked again here: the facilitator may have stopped the link or code meanwhile.
    person = _joining_person(joining)
    if person is None:
        del request.session[JOINING_KEY]
        message = LINK_NOT_RIGHT if joining.get("token_hash") else CODE_NOT_RIGHT
        return _not_right(request, message, 404)
    if request.method == "POST":
        form = JoinDetailsForm(request.POST)
        if form.is_valid():
            try:
                participant = services.participant_join(
                    focus_person=person,
                    display_name=form.cleaned_data["display_name"],
                    relation=form.cleaned_data["relation"],
                    device_id=access.device_id_for(request.session),
                )
            except DomainError as error:
                if error.code == "removed":
                    return _not_right(request, error.message, 403)
                field = "relation" if error.code == "bad_relation" else "display_name"
                form.add_error(field, error.message)
            else:
                del request.session[JOINING_KEY]
                # A new identity on this device gets a new session key, so a key
                # planted on the device before (session fixation) is worth nothing.
                request.session.cycle_key()
                access.participant_remember(
                    request.session, session_id=person.session_id, participant_id=participant.pk
                )
                return redirect("live:board", session_id=person.session_id)
    else:
        form = JoinDetailsForm()
    return render(
        request,
        "sessions_live/join/details.html",
        {"form": form, "person": person, "error_forms": _errors_in(form)},
    )
