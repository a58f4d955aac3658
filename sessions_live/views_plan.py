"""One person's support plan, as written on the board: its page, versions and downloads.

The plan's words are the notes on the person's charts (read, never copied), so
the page and every download always say what the board says. A saved version
is the one deliberate copy: it never changes. Only the person, their allies
and the session's facilitator may open the plan; only the person and the
facilitator may save a version or set the review date. Anyone else gets the
same "not found" as for a board they have no place on.
"""

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
from audit.services import audit_record
from plans import selectors as plan_selectors
from plans.documents import PlanDocument
from plans.formats import PLAN_DOWNLOAD_BY_KEY, PLAN_DOWNLOADS
from plans.services import PlanError
from plans.versions import plan_compare, review_due
from sessions_live import exports, selectors, services
from sessions_live.access import actor_for
from sessions_live.domain import DomainError
from sessions_live.forms import (
    PlanAccountForm,
    PlanCompareForm,
    PlanReviewForm,
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
) -> None:
    """Note in the audit log that ``actor`` did ``action`` to a plan: one INSERT.

    ``what`` is plain words the person reads on their plan's log ("Downloaded
    the large print PDF"); who is named by ``selectors.actor_words``.
    """
    audit_record(
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


@never_cache  # health, money and family details: never kept by a shared browser or proxy
def plan_page(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """The person's plan on one page, with its versions and downloads; prints as only this plan."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.VIEWED,
        what="Opened the plan",
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
    status: int = 200,
) -> HttpResponse:
    plan = _now(seat)
    versions = plan_selectors.plan_versions(plan=seat.plan)
    can_edit = selectors.plan_editor_allowed(actor=actor, focus_person_id=person_id)
    review_form = review_form or PlanReviewForm(initial={"review_on": plan.review_on})
    error_forms = [
        f for f in (version_form, review_form, account_form) if f is not None and f.errors
    ]
    write_charts = _write_charts(actor=actor, seat=seat)
    ways_back = selectors.participant_ways_back(participant_id=actor.participant_id)
    is_ally = bool(ways_back and ways_back.is_ally and actor.focus_person_id == seat.pk)
    # Only what has been revealed: before the reveal nothing here hints at a budget.
    budget = plan_selectors.budget_summary(plan=seat.plan)
    return render(
        request,
        "sessions_live/plan/plan.html",
        {
            "plan": plan,
            "budget": budget,
            "budget_meanings": plan_selectors.budget_meanings(summary=budget),
            "downloads": _downloads("live:plan_download", session_id, person_id),
            "board_url": reverse("live:board", args=[session_id]),
            "review": review_due(review_on=plan.review_on, today=timezone.localdate()),
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
            "written": written,
            "allies": selectors.plan_allies(focus_person_id=person_id) if can_edit else [],
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
            session_id=session_id, actor=actor, message={**message, "text": text}
        )
    except DomainError as error:
        written = {"chart_id": chart_id, "message": error.message, "text": text}
        return _plan_page(
            request, session_id, person_id, actor=actor, seat=seat, written=written, status=400
        )
    index = charts.index(chart_id) + 1
    messages.success(request, "Your words were added. Everyone on the board sees them now.")
    return redirect(reverse("live:plan", args=[session_id, person_id]) + f"#heading-{index}")


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
