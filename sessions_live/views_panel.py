"""The council's panel: its members' list of the plans sent to it, one sent version to read
and decide on, and, on the person's plan page, sending a version and the decisions.

A panel member (an account in the "Panel members" group, put on a panel in the Wagtail
admin) signs in with a second factor (``cms.second_factor``, enforced for the whole site
by its middleware) and sees only the frozen versions sent to their own panels: never a
board, never another version, never a plan sent to another panel. Anything else is the
site's plain "Page not found", the same whether it exists or not.

Every reading, download and decision goes in the person's plan log
(``audit.AuditEvent`` with the plan's id), named "Dev Patel (Derby support planning
panel)", so the person sees who read their plan for the council and when.
"""

from dataclasses import replace
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from audit.services import audit_record, audit_record_unless_recent
from plans import panels, smart
from plans import selectors as plan_selectors
from plans import services as plan_services
from plans.documents import PlanDocument, PlanMoney
from plans.formats import PLAN_DOWNLOAD_BY_KEY
from plans.formats.common import (
    action_cells,
    budget_part_lines,
    budget_total_line,
    cost_cells,
    date_words,
    has_budget,
    has_costs,
    total_lines,
)
from plans.models import PanelSubmission
from plans.services import PanelDecisionError, PlanError

# views_plan as a module: it imports this module for the plan page's panel part.
from sessions_live import selectors, services, views_plan
from sessions_live.forms_panel import NOW, PanelDecisionForm, PanelSendForm
from sessions_live.models import Participant

# A member's readings of one plan within this time are one line in the person's log.
PANEL_READ_ONCE_IN = timedelta(minutes=15)
# Which box of the decision form a refusal is about (plans.services.PanelDecisionError).
DECISION_ERROR_FIELDS = {
    "decision": "decision",
    "conditions": "conditions",
    "comments": "comment_1_text",
}


# --- The panel's own pages -------------------------------------------------------------------


def _signed_in(view):
    """Anyone not signed in signs in first, and comes back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def member_words(*, user, panel: str) -> str:
    """A panel member as the person's log and the decision name them:
    "Dev Patel (Derby support planning panel)"."""
    name = user.get_full_name() or user.get_username()
    return f"{name} ({panel})"[:140]


def _panel_audit(
    request: HttpRequest,
    *,
    plan_id: int,
    panel: str,
    action: str,
    what: str,
    once_in: timedelta | None = None,
) -> None:
    """Note in the person's plan log what a member of ``panel`` did with their plan."""
    fields = {
        "action": action,
        "subject": AuditEvent.Subject.PLAN,
        "subject_id": plan_id,
        "who": member_words(user=request.user, panel=panel),
        "user": request.user,
        "plan_id": plan_id,
        "what": what,
    }
    if once_in is None:
        audit_record(**fields)
    else:
        audit_record_unless_recent(within=once_in, **fields)


def _submission(request: HttpRequest, submission_id: int) -> PanelSubmission:
    """The submission, if the signed-in member sits on the panel it was sent to; else
    the site's plain not-found page."""
    submission = plan_selectors.panel_submission_for_member(
        user=request.user, submission_id=submission_id
    )
    if submission is None:
        raise Http404("Not a submission to this member's panels.")
    return submission


@never_cache  # names of people and their plans: never kept by a shared browser or proxy
@_signed_in
def panel_queue(request: HttpRequest) -> HttpResponse:
    """The plans sent to the member's panels: those waiting first, then those decided."""
    if not plan_selectors.panels_of_member(user=request.user).exists():
        raise Http404("Not a member of any panel.")
    items = plan_selectors.panel_queue(user=request.user)
    for item in items:
        # The list shows each person's first name and version: the person sees that too.
        _panel_audit(
            request,
            plan_id=item.plan_id,
            panel=item.panel,
            action=AuditEvent.Action.VIEWED,
            what=f"Saw \u201c{item.version_label}\u201d in the panel\u2019s list of plans",
            once_in=PANEL_READ_ONCE_IN,
        )
    return render(
        request,
        "sessions_live/panel/queue.html",
        {
            "waiting": [
                {"item": item, "url": reverse("live:panel_submission", args=[item.id])}
                for item in items
                if item.is_waiting
            ],
            "decided": [
                {"item": item, "url": reverse("live:panel_submission", args=[item.id])}
                for item in items
                if not item.is_waiting
            ],
        },
    )


@never_cache
@_signed_in
def panel_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    """One version sent to the member's panel, read-only, with its readiness check, its
    money, and the form to record the panel's decision while it is waiting."""
    submission = _submission(request, submission_id)
    _panel_audit(
        request,
        plan_id=submission.plan_id,
        panel=submission.panel.name,
        action=AuditEvent.Action.VIEWED,
        what=f"Read by the panel: \u201c{submission.version.label}\u201d",
        once_in=PANEL_READ_ONCE_IN,
    )
    return _submission_page(request, submission)


def _submission_page(
    request: HttpRequest,
    submission: PanelSubmission,
    *,
    form: PanelDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    document = plan_selectors.panel_submission_document(submission=submission, made_on=today)
    line = plan_selectors.panel_submission_line(submission=submission)
    form = form or PanelDecisionForm(parts=panels.comment_parts(document=document))
    return render(
        request,
        "sessions_live/panel/submission.html",
        {
            "submission": line,
            "plan": document,
            "ready": version_readiness(document=document, plan=submission.plan, today=today),
            "money": _money_words(document.money),
            "actions": [action_cells(item) for item in document.actions],
            "earlier": plan_selectors.panel_submissions_before(submission=submission),
            "form": form if line.is_waiting else None,
            "error_forms": [form] if line.is_waiting and form.errors else [],
            "decide_url": reverse("live:panel_decide", args=[submission.pk]),
            "queue_url": reverse("live:panel_queue"),
            "downloads": views_plan._downloads("live:panel_download", submission.pk),
        },
        status=status,
    )


def _money_words(money: PlanMoney | None) -> dict | None:
    """The version's money as the words every copy prints (plans.formats.common)."""
    if money is None or money == PlanMoney():
        return None
    return {
        "has_budget": has_budget(money),
        "budget_total": budget_total_line(money),
        "budget_parts": budget_part_lines(money),
        "has_costs": has_costs(money),
        "rows": [cost_cells(line) for line in money.lines],
        "totals": total_lines(money),
    }


def version_readiness(*, document: PlanDocument, plan, today) -> dict:
    """The readiness check (``selectors.plan_readiness``) of a sent version, not of the
    plan now: the headings are checked as ever, on the version's words; whose words they
    are, the costs, the direct payment and the actions are read from what the version
    kept (its words as printed that day), since the plan may have changed since."""
    empty = plan_selectors.PlanParts(budget=None, costing=None, actions=[])
    items = selectors.plan_readiness(document=document, plan=plan, today=today, parts=empty)
    person = document.person
    money = document.money or PlanMoney()
    notes = [note for section in document.sections for note in section.notes]
    own = any(note.relation == selectors.RELATION_WORDS[Participant.Relation.ME] for note in notes)
    if not has_costs(money):
        fits, cost_words = False, "Nothing is costed in this version."
    elif not has_budget(money):
        fits, cost_words = False, "No budget had been shown, so the costs could not be checked."
    else:
        fits = "over your budget" not in money.difference
        cost_words = f"{money.difference}." if money.difference else "Done."
    vague = [
        item
        for item in document.actions
        if any(
            hint.part in ("who", "when")
            for hint in smart.action_check(
                what=item.what,
                who=item.who,
                when=item.when,
                how_we_know=item.how_we_know,
                today=today,
            )
        )
    ]
    if not document.actions:
        actions_ok, action_words = False, "There are no actions in this version."
    elif vague:
        actions_ok = False
        action_words = f"\u201c{vague[0].what}\u201d does not say who will do it and by when."
        if len(vague) > 1:
            action_words = f"{len(vague)} actions do not say who will do them and by when."
    else:
        actions_ok, action_words = True, "Every action says who will do it and by when."
    contingency = any(line.is_contingency for line in money.lines)
    found = []
    for item in items:
        if item.key == "own_words":
            item = replace(
                item,
                ok=own,
                words=f"{person} has written on the plan."
                if own
                else f"Nothing in this version is written by {person}.",
            )
        elif item.key == "costs":
            item = replace(item, ok=fits, words=cost_words)
            found.append(item)
            item = _direct_payment_item(money)
            if item is None:
                continue
        elif item.key == "actions":
            item = replace(item, ok=actions_ok, words=action_words)
        elif item.key == "safety" and contingency and not item.ok:
            item = replace(item, ok=True, words="Done.")
        found.append(item)
    return {"items": found, "todo": sum(not item.ok for item in found)}


def _direct_payment_item(money: PlanMoney) -> selectors.ReadyItem | None:
    """Whether each direct payment in the version says how often it is paid: a part's
    words then end ": £1,400.00 every 4 weeks" (``plans.money_document``)."""
    payments = [part for part in money.budget_parts if "direct payment" in part]
    if not payments:
        return None
    undecided = [part for part in payments if ": " not in part]
    return selectors.ReadyItem(
        "paid_every",
        "It says how often the direct payment is paid",
        not undecided,
        "Done." if not undecided else "This version does not say how often it is paid.",
        "#budget",
    )


@require_POST
@never_cache
@_signed_in
def panel_decide(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Record the panel's decision on a waiting version, with its comments."""
    submission = _submission(request, submission_id)
    back = reverse("live:panel_submission", args=[submission.pk])
    if submission.decision != panels.WAITING:
        messages.error(
            request,
            f"{submission.decided_by} recorded the panel\u2019s decision already, "
            "so nothing was changed.",
        )
        return redirect(back + "#decision")
    document = plan_selectors.panel_submission_document(
        submission=submission, made_on=timezone.localdate()
    )
    form = PanelDecisionForm(request.POST, parts=panels.comment_parts(document=document))
    if form.is_valid():
        try:
            decided = plan_services.panel_submission_decide(
                submission_id=submission.pk,
                user=request.user,
                decision=form.cleaned_data["decision"],
                conditions=form.cleaned_data["conditions"],
                comments=form.comments(),
                decided_by=member_words(user=request.user, panel=submission.panel.name),
            )
        except PermissionError as error:
            raise Http404("Not a member of this panel.") from error
        except PanelDecisionError as error:
            form.add_error(DECISION_ERROR_FIELDS.get(error.field), error.message)
        else:
            words = panels.decision_words(
                decision=decided.decision,
                panel=submission.panel.name,
                on=timezone.localdate(decided.decided_at),
            )
            _panel_audit(
                request,
                plan_id=submission.plan_id,
                panel=submission.panel.name,
                action=AuditEvent.Action.CHANGED,
                what=f"The panel\u2019s decision on \u201c{submission.version.label}\u201d: "
                f"{words}",
            )
            messages.success(
                request,
                f"{words}. {submission.version.content.get('person', 'The person')} "
                "sees the decision and your comments on their plan page now.",
            )
            return redirect(back + "#decision")
    return _submission_page(request, submission, form=form, status=400)


@never_cache
@_signed_in
def panel_download(request: HttpRequest, submission_id: int, key: str) -> HttpResponse:
    """The sent version in one format (PDF, large print, easy read, Braille, text)."""
    download = PLAN_DOWNLOAD_BY_KEY.get(key)
    if download is None:
        raise Http404("No such format.")
    submission = _submission(request, submission_id)
    _panel_audit(
        request,
        plan_id=submission.plan_id,
        panel=submission.panel.name,
        action=AuditEvent.Action.DOWNLOADED,
        what=f"Downloaded by the panel: \u201c{submission.version.label}\u201d, {download.label}",
    )
    document = plan_selectors.panel_submission_document(
        submission=submission, made_on=timezone.localdate()
    )
    return views_plan._file(document, download)


# --- On the person's plan page ---------------------------------------------------------------


def panel_context(
    request: HttpRequest, *, seat, actor, versions, document: PlanDocument, can_edit: bool
) -> dict:
    """What the plan page's "The council's panel" part shows (``plan/_panel.html``): each
    version sent to a panel with its decision and comments, the plan's standing with each
    panel, and for the person and the facilitator, the form to send a version."""
    session_id, person_id = seat.session_id, seat.pk
    submissions = plan_selectors.plan_panel_submissions(plan=seat.plan)
    standings = plan_selectors.plan_panel_standings(submissions=submissions, now=document)
    panel_list = plan_selectors.panels_all() if can_edit else []
    compare_url = reverse("live:plan_compare", args=[session_id, person_id])
    links = _part_links(document)
    by_latest = {standing.latest.id: standing for standing in standings}
    shown = []
    for line in submissions:
        standing = by_latest.get(line.id)
        shown.append(
            {
                "line": line,
                "standing": standing,
                "parts": _comments_by_part(line, links),
                "decided_on": timezone.localdate(line.decided_at) if line.decided_at else None,
                "compare_url": f"{compare_url}?older={line.version_id}&newer=now",
                "send_again_url": reverse(
                    "live:plan_panel_send_again", args=[session_id, person_id, line.id]
                )
                if can_edit and standing is not None and standing.may_send_again
                else "",
            }
        )
    return {
        "panel_box": {
            "submissions": shown,
            "standings": standings,
            "can_send": can_edit and bool(panel_list),
            "no_panels": can_edit and not panel_list,
            "form": PanelSendForm(versions=versions, panel_list=panel_list) if panel_list else None,
            "send_url": reverse("live:plan_panel_send", args=[session_id, person_id]),
        }
    }


def _part_links(document: PlanDocument) -> dict[str, str]:
    """Where on the plan page each part a comment can be about is, by its title (the whole
    plan is the page itself: no link)."""
    links = {panels.WHOLE_PLAN: ""}
    for number, section in enumerate(document.sections, 1):
        links.setdefault(section.title, f"#heading-{number}")
    links[panels.MONEY_PART] = "#costing"
    links[panels.ACTIONS_PART] = "#actions"
    return links


def _comments_by_part(line, links: dict[str, str]) -> list[dict]:
    """The panel's comments on one version, under the part of the plan each is about,
    in the order the panel wrote them."""
    parts: dict[str, dict] = {}
    for comment in line.comments:
        part = parts.setdefault(
            comment.section,
            {"about": comment.about, "href": links.get(comment.section, ""), "comments": []},
        )
        part["comments"].append(comment)
    return list(parts.values())


def _send_label(today) -> str:
    return f"for the panel, {date_words(today)}"


def _sent(request: HttpRequest, *, actor, submission, panel_name: str) -> None:
    views_plan.plan_audit(
        request,
        actor=actor,
        plan_id=submission.plan_id,
        action=AuditEvent.Action.SHARED,
        what=f"Sent \u201c{submission.version.label}\u201d to {panel_name}",
    )
    messages.success(
        request,
        f"Sent \u201c{submission.version.label}\u201d to {panel_name}. "
        "The panel reads that version, and its decision will show here.",
    )


def _save_now(*, session_id: int, actor, person_id: int, today):
    """The plan as it is now, kept as a new version to send (it never changes after)."""
    return services.board_plan_version_save(
        session_id=session_id,
        actor=actor,
        focus_person_id=person_id,
        label=_send_label(today),
        today=today,
    )


@require_POST
@never_cache
def plan_panel_send(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Send a saved version (or the plan now, saved as a new version) to a council panel:
    the person, or the facilitator with them."""
    actor, seat = views_plan.editor_seat(request, session_id, person_id)
    if seat is None:
        return views_plan.not_found(request)
    back = reverse("live:plan", args=[session_id, person_id]) + "#panel"
    versions = plan_selectors.plan_versions(plan=seat.plan)
    panel_list = plan_selectors.panels_all()
    form = PanelSendForm(request.POST, versions=versions, panel_list=panel_list)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    panel = next(p for p in panel_list if str(p.pk) == form.cleaned_data["panel"])
    today = timezone.localdate()
    try:
        with transaction.atomic():
            # Saved only if it is sent: a refusal takes the new version back too.
            if form.cleaned_data["version"] == NOW:
                version = _save_now(
                    session_id=session_id, actor=actor, person_id=person_id, today=today
                )
            else:
                version = plan_selectors.plan_version_find(
                    plan=seat.plan, version_id=int(form.cleaned_data["version"])
                )
            submission = plan_services.panel_submission_send(
                plan=seat.plan,
                version=version,
                panel=panel,
                submitted_by=selectors.actor_words(actor=actor),
                note=form.cleaned_data["note"],
            )
    except PlanError as error:
        messages.error(request, error.message)
        return redirect(back)
    _sent(request, actor=actor, submission=submission, panel_name=panel.name)
    return redirect(back)


@require_POST
@never_cache
def plan_panel_send_again(
    request: HttpRequest, session_id: int, person_id: int, submission_id: int
) -> HttpResponse:
    """Send the plan as it is now to the same panel again: after the panel asked for
    changes, or after it agreed a plan that has changed since. The plan is kept as a new
    version, which is the one the panel reads."""
    actor, seat = views_plan.editor_seat(request, session_id, person_id)
    before = (
        None
        if seat is None
        else plan_selectors.plan_panel_submission_find(plan=seat.plan, submission_id=submission_id)
    )
    if before is None:
        return views_plan.not_found(request)
    back = reverse("live:plan", args=[session_id, person_id]) + "#panel"
    today = timezone.localdate()
    try:
        with transaction.atomic():
            version = _save_now(
                session_id=session_id, actor=actor, person_id=person_id, today=today
            )
            submission = plan_services.panel_submission_send(
                plan=seat.plan,
                version=version,
                panel=before.panel,
                submitted_by=selectors.actor_words(actor=actor),
            )
    except PlanError as error:
        messages.error(request, error.message)
        return redirect(back)
    _sent(request, actor=actor, submission=submission, panel_name=before.panel.name)
    return redirect(back)
