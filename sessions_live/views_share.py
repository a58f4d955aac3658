"""Sharing a plan by a personal link (issue 13).

The person, on their plan page, shares it with one named person (which parts, which
copy, until when, whether they may comment), sees every opening and download, reads
the comments, and stops a link at any time. The recipient opens the link with no
account and reads only what was shared, read-only; a stopped or ended link says so
and shows nothing, and a page already open stops showing the plan within seconds
(``js/share-live.js`` asks ``shared_status``).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from audit.models import AuditEvent
from audit.services import audit_record, audit_record_unless_recent
from cms.guesses import client_address, guess_wrong_count, guesses_exhausted
from plans import selectors as plan_selectors
from plans import services as plan_services
from plans.cards import card_qr_svg
from plans.documents import PlanDocument
from plans.formats import PLAN_DOWNLOAD_BY_KEY, PLAN_DOWNLOADS
from plans.models import PlanShare
from plans.shares import SHARE_GUESSES, document_shared, share_parts, share_parts_words, share_state
from sessions_live import access, selectors, services
from sessions_live.domain import DomainError
from sessions_live.forms import PlanShareForm, ShareCommentForm
from sessions_live.views_plan import (
    PLAN_OPENED_ONCE_IN,
    _file,
    _now,
    _plan_page,
    not_found,
    plan_audit,
    reader_seat,
)

SHARE_TOO_MANY = (
    "Too many links that do not work were tried from here. Wait 15 minutes, then check the "
    "link you were given."
)


def _person_seat(request: HttpRequest, session_id: int, person_id: int):
    """(actor, seat) when this request may share the plan: the person themself, or an
    ally they let share it (``selectors.plan_sharer_is``)."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None or seat.plan is None:
        return None, None
    if not selectors.plan_sharer_is(actor=actor, focus_person_id=seat.pk):
        return None, None
    return actor, seat


@require_POST
@never_cache
def plan_ally_share(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """The person lets an ally share their plan by a link for them, or stops letting them."""
    actor, seat = reader_seat(request, session_id, person_id)
    if seat is None or not selectors.plan_person_is(actor=actor, focus_person_id=seat.pk):
        return not_found(request)
    back = reverse("live:plan", args=[session_id, person_id]) + "#who-sees"
    allow = request.POST.get("allow") == "yes"
    ally_id = request.POST.get("ally", "")
    try:
        ally = services.ally_share_allow(
            focus_person_id=seat.pk,
            participant_id=int(ally_id) if ally_id.isdigit() else 0,
            allow=allow,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.CHANGED,
        subject=AuditEvent.Subject.PARTICIPANT,
        subject_id=ally.pk,
        what=f"Let {ally.display_name} share the plan by a link"
        if allow
        else f"Stopped {ally.display_name} sharing the plan",
    )
    messages.success(
        request,
        f"Done. {ally.display_name} can now share your plan by a link for you. You see each "
        "link they make, and can stop it."
        if allow
        else f"Done. {ally.display_name} cannot make new links to your plan. Links they made "
        "still work until you stop them.",
    )
    return redirect(back)


# --- The person: share, stop ----------------------------------------------------------------


@require_POST
@never_cache
def plan_share_create(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Share the plan with one named person; the link is shown once, to give."""
    actor, seat = _person_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    today = timezone.localdate()
    parts = share_parts(_now(seat))
    versions = plan_selectors.plan_versions(plan=seat.plan)
    form = PlanShareForm(request.POST, parts=parts, versions=versions)
    if form.is_valid():
        try:
            share, token = plan_services.plan_share_create(
                plan=seat.plan,
                **form.share_fields(),
                allowed_parts=[part.key for part in parts],
                shared_by=selectors.actor_words(actor=actor),
                today=today,
            )
        except plan_services.PlanError as error:
            form.add_error(None, error.message)
        else:
            role = share.get_recipient_role_display()
            plan_audit(
                request,
                actor=actor,
                plan_id=seat.plan_id,
                action=AuditEvent.Action.SHARED,
                what=f"Shared {share_parts_words(share.parts)} with {share.recipient_name} "
                f"({role})",
                subject=AuditEvent.Subject.SHARE,
                subject_id=share.pk,
            )
            url = request.build_absolute_uri(reverse("live:shared_plan", args=[token]))
            context = {
                "person": seat.first_name,
                "share": share,
                "role": role,
                "parts": share_parts_words(share.parts),
                "url": url,
                "qr_svg": card_qr_svg(url),
                "plan_url": reverse("live:plan", args=[session_id, person_id]) + "#sharing",
            }
            return render(request, "sessions_live/plan/share_made.html", context)
    return _plan_page(
        request, session_id, person_id, actor=actor, seat=seat, share_form=form, status=400
    )


@require_POST
@never_cache
def plan_share_stop(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Stop a share: the link shows nothing from now on, even on a page already open."""
    actor, seat = _person_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    back = reverse("live:plan", args=[session_id, person_id]) + "#sharing"
    share_id = request.POST.get("share_id", "")
    try:
        share = plan_services.plan_share_stop(
            plan=seat.plan, share_id=int(share_id) if share_id.isdigit() else 0
        )
    except plan_services.PlanError as error:
        messages.error(request, error.message)
        return redirect(back)
    plan_audit(
        request,
        actor=actor,
        plan_id=seat.plan_id,
        action=AuditEvent.Action.CHANGED,
        what=f"Stopped sharing with {share.recipient_name}",
        subject=AuditEvent.Subject.SHARE,
        subject_id=share.pk,
    )
    messages.success(
        request, f"Stopped. The link you gave {share.recipient_name} shows nothing now."
    )
    return redirect(back)


# --- The recipient: read, download, comment -------------------------------------------------


def _no_referrer(response: HttpResponse) -> HttpResponse:
    # The link's secret is in the address: never pass it on to a site linked from here,
    # and keep the page out of search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _share_for(request: HttpRequest, token: str) -> tuple[PlanShare | None, HttpResponse | None]:
    """(the share, None) when the link works, else (None, the page that says why)."""
    device = access.device_id_for(request.session)
    address = client_address(request.META)
    if guesses_exhausted(limit=SHARE_GUESSES, device=device, address=address):
        response = render(
            request, "sessions_live/shared/not_found.html", {"message": SHARE_TOO_MANY}, status=429
        )
        response["Retry-After"] = str(SHARE_GUESSES.window_seconds)
        return None, _no_referrer(response)
    share = plan_selectors.share_find(token=token)
    if share is None:
        guess_wrong_count(limit=SHARE_GUESSES, device=device, address=address)
        return None, _no_referrer(
            render(request, "sessions_live/shared/not_found.html", status=404)
        )
    state = share_state(
        stopped_at=share.stopped_at, ends_on=share.ends_on, today=timezone.localdate()
    )
    if not state.works:
        response = render(
            request, "sessions_live/shared/stopped.html", {"message": state.words}, status=410
        )
        return None, _no_referrer(response)
    return share, None


def _shared_document(share: PlanShare) -> PlanDocument | None:
    """What the recipient may read: the chosen copy, with only the chosen parts."""
    today = timezone.localdate()
    if share.version is not None:
        document = plan_selectors.plan_version_document(version=share.version, made_on=today)
    else:
        seat = selectors.plan_seat_now(plan_id=share.plan_id)
        if seat is None:
            return None
        document = selectors.plan_document_of(seat=seat, made_on=today)
    return document_shared(document, share.parts)


def _recipient_words(share: PlanShare) -> str:
    return f"{share.recipient_name} ({share.get_recipient_role_display()}, through a shared link)"


def _share_audit(request: HttpRequest, share: PlanShare, *, action: str, what: str, once=False):
    """The person sees every opening and download in their plan's log."""
    fields = {
        "action": action,
        "subject": AuditEvent.Subject.SHARE,
        "subject_id": share.pk,
        "who": _recipient_words(share),
        "user": request.user,
        "plan_id": share.plan_id,
        "what": what,
    }
    if once:
        audit_record_unless_recent(within=PLAN_OPENED_ONCE_IN, **fields)
    else:
        audit_record(**fields)


@require_safe
@never_cache
def shared_plan(request: HttpRequest, token: str) -> HttpResponse:
    """The plan as shared with one person: read-only, only the parts they were given."""
    share, refused = _share_for(request, token)
    if refused is not None:
        return refused
    document = _shared_document(share)
    if document is None:
        return _no_referrer(render(request, "sessions_live/shared/not_found.html", status=404))
    _share_audit(
        request, share, action=AuditEvent.Action.VIEWED, what="Opened the shared plan", once=True
    )
    return _shared_page(request, token, share, document, ShareCommentForm())


def _shared_page(request, token, share, document, comment_form, status=200) -> HttpResponse:
    context = {
        "plan": document,
        "share": share,
        "role": share.get_recipient_role_display(),
        "parts": share_parts_words(share.parts),
        "downloads": [
            {"download": d, "url": reverse("live:shared_download", args=[token, d.key])}
            for d in PLAN_DOWNLOADS
        ],
        "comment_form": comment_form if share.may_comment else None,
        "error_forms": [comment_form] if comment_form.errors else [],
        "comment_url": reverse("live:shared_comment", args=[token]),
        "status_url": reverse("live:shared_status", args=[token]),
    }
    return _no_referrer(render(request, "sessions_live/shared/plan.html", context, status=status))


@require_safe
@never_cache
def shared_download(request: HttpRequest, token: str, key: str) -> HttpResponse:
    """The shared parts in one format, as a file to keep."""
    download = PLAN_DOWNLOAD_BY_KEY.get(key)
    if download is None:
        return _no_referrer(render(request, "sessions_live/shared/not_found.html", status=404))
    share, refused = _share_for(request, token)
    if refused is not None:
        return refused
    document = _shared_document(share)
    if document is None:
        return _no_referrer(render(request, "sessions_live/shared/not_found.html", status=404))
    _share_audit(
        request,
        share,
        action=AuditEvent.Action.DOWNLOADED,
        what=f"Downloaded the shared plan: {download.label}",
    )
    return _no_referrer(_file(document, download))


@require_POST
@never_cache
def shared_comment(request: HttpRequest, token: str) -> HttpResponse:
    """A comment for the person from someone they shared with; it never changes the plan."""
    share, refused = _share_for(request, token)
    if refused is not None:
        return refused
    form = ShareCommentForm(request.POST)
    if form.is_valid():
        try:
            plan_services.share_comment_add(
                share=share, text=form.cleaned_data["text"], today=timezone.localdate()
            )
        except plan_services.PlanError as error:
            form.add_error("text", error.message)
        else:
            seat = selectors.plan_seat_now(plan_id=share.plan_id)
            name = seat.first_name if seat else "The person"
            messages.success(request, f"Sent. {name} will see your comment on their plan page.")
            return _no_referrer(redirect(reverse("live:shared_plan", args=[token]) + "#comment"))
    document = _shared_document(share)
    if document is None:
        return _no_referrer(render(request, "sessions_live/shared/not_found.html", status=404))
    return _shared_page(request, token, share, document, form, status=400)


@require_safe
@never_cache
def shared_status(request: HttpRequest, token: str) -> JsonResponse:
    """Whether the link still works, for a shared page already open (``share-live.js``):
    stopped, it takes the plan off the screen and says why."""
    share = plan_selectors.share_find(token=token)
    if share is None:
        return _no_referrer(JsonResponse({"works": False, "words": "This link does not work."}))
    state = share_state(
        stopped_at=share.stopped_at, ends_on=share.ends_on, today=timezone.localdate()
    )
    return _no_referrer(JsonResponse({"works": state.works, "words": state.words}))
