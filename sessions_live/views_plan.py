"""One person's support plan, as written on the board: its page, versions and downloads.

The plan's words are the notes on the person's charts (read, never copied), so
the page and every download always say what the board says. A saved version
is the one deliberate copy: it never changes. Only the person, their allies
and the session's facilitator may open the plan; only the person and the
facilitator may save a version or set the review date. Anyone else gets the
same "not found" as for a board they have no place on.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.guesses import GuessLimit, guess_wrong_count, guesses_exhausted
from plans import selectors as plan_selectors
from plans.cards import card_qr_svg
from plans.documents import PlanDocument
from plans.formats import PLAN_DOWNLOAD_BY_KEY, PLAN_DOWNLOADS
from plans.services import PlanError
from plans.versions import plan_compare, review_due
from sessions_live import access, selectors, services
from sessions_live.access import actor_for
from sessions_live.domain import DomainError
from sessions_live.forms import PlanCardForm, PlanCompareForm, PlanReviewForm, PlanVersionForm

# The words of a card just made live in the maker's session only until the card page shows them.
CARD_FLASH_KEY = "plan_card_flash"
# Wrong card words: a few per device, many per address (a room shares one Wi-Fi address).
CARD_GUESSES = GuessLimit(name="plan-card", per_device=8, per_address=200, window_seconds=15 * 60)
CARD_NOT_RIGHT = (
    "Those words do not match a plan card. Check them on the card and try again. "
    "If the card was lost and a new one made, the old words stop working."
)
PRIVACY_NOT_CHOSEN = (
    "You did not choose who can see your charts, so nothing was changed. "
    "Choose one of the two answers, then press the button."
)
CARD_TOO_MANY = "Too many wrong tries from this device. Wait 15 minutes, then try again."


def _actor(request: HttpRequest, session_id: int):
    return actor_for(session_id=session_id, user=request.user, django_session=request.session)


def _seat(request: HttpRequest, session_id: int, person_id: int):
    """(actor, seat) when this request may read the person's plan, else (None, None)."""
    actor = _actor(request, session_id)
    if actor is None:
        return None, None
    seat = selectors.plan_seat_find(session_id=session_id, actor=actor, focus_person_id=person_id)
    return (actor, seat) if seat is not None else (None, None)


def _editor_seat(request: HttpRequest, session_id: int, person_id: int):
    """(actor, seat) when this request may also change the plan: the person or the facilitator."""
    actor, seat = _seat(request, session_id, person_id)
    if seat is None or not selectors.plan_editor_allowed(actor=actor, focus_person_id=person_id):
        return None, None
    return actor, seat


def _now(seat) -> PlanDocument:
    return selectors.plan_document_of(seat=seat, made_on=timezone.localdate())


def _not_found(request: HttpRequest) -> HttpResponse:
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
    actor, seat = _seat(request, session_id, person_id)
    if seat is None:
        return _not_found(request)
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
    status: int = 200,
) -> HttpResponse:
    plan = _now(seat)
    versions = plan_selectors.plan_versions(plan=seat.plan)
    can_edit = selectors.plan_editor_allowed(actor=actor, focus_person_id=person_id)
    review_form = review_form or PlanReviewForm(initial={"review_on": plan.review_on})
    error_forms = [f for f in (version_form, review_form) if f is not None and f.errors]
    return render(
        request,
        "sessions_live/plan/plan.html",
        {
            "plan": plan,
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
            "write_urls": _write_urls(session_id, actor=actor, seat=seat),
            "allies": selectors.plan_allies(focus_person_id=person_id) if can_edit else [],
            "is_private": seat.is_private,
            "privacy_url": reverse("live:plan_privacy", args=[session_id, person_id]),
            "ally_remove_url": reverse("live:plan_ally_remove", args=[session_id, person_id]),
            "card_issued_at": plan_selectors.plan_card_issued_at(plan=seat.plan)
            if can_edit
            else None,
        },
        status=status,
    )


def _write_urls(session_id: int, *, actor, seat) -> list[str]:
    """For someone who may write on this person's charts here, a link per heading to
    its form on the board (the board is where the plan is written, live)."""
    if not (actor.is_facilitator or actor.focus_person_id == seat.pk):
        return []
    board = reverse("live:board", args=[session_id])
    # The facilitator's charts open their form on asking; a participant's are open.
    ask = "?write={}" if actor.is_facilitator else ""
    # Empty when the plan has moved on to a later board: there is nothing to write on here.
    return [
        f"{board}{ask.format(chart.pk)}#add-text-{chart.pk}"
        for chart in seat.charts.order_by("position", "pk")
    ]


@never_cache
def plan_download(request: HttpRequest, session_id: int, person_id: int, key: str) -> HttpResponse:
    """The plan in one format, as a file to keep (PDF, large print, easy read, Braille, text)."""
    download = PLAN_DOWNLOAD_BY_KEY.get(key)
    _, seat = _seat(request, session_id, person_id) if download else (None, None)
    if seat is None:
        return _not_found(request)
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
    actor, seat = _editor_seat(request, session_id, person_id)
    if seat is None:
        return _not_found(request)
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
    _, seat = _seat(request, session_id, person_id)
    return None if seat is None else _version_of(seat, version_id)


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
    plan = _version(request, session_id, person_id, version_id)
    if plan is None:
        return _not_found(request)
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
    plan = _version(request, session_id, person_id, version_id) if download else None
    if plan is None:
        return _not_found(request)
    return _file(plan, download)


@never_cache
def plan_compare_page(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """What was added, changed, moved and removed between two versions (or a version and now)."""
    _, seat = _seat(request, session_id, person_id)
    if seat is None:
        return _not_found(request)
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
    invalid = form.is_bound and not form.is_valid()
    context["error_forms"] = [form] if invalid else []
    status = 400 if invalid else 200
    return render(request, "sessions_live/plan/compare.html", context, status=status)


def _version_or_now(seat, choice: str) -> PlanDocument | None:
    return _now(seat) if choice == "now" else _version_of(seat, int(choice))


# --- The plan card: a way back without email or password ----------------------------


@never_cache
def plan_card(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Make a plan card (POST), or show the one just made, to print (shown once)."""
    actor, seat = _editor_seat(request, session_id, person_id)
    if seat is None:
        return _not_found(request)
    card_url = reverse("live:plan_card", args=[session_id, person_id])
    if request.method == "POST":
        code = services.board_plan_card_issue(
            session_id=session_id, actor=actor, focus_person_id=person_id
        )
        request.session[CARD_FLASH_KEY] = {"person_id": person_id, "code": code}
        return redirect(card_url)
    flash = request.session.pop(CARD_FLASH_KEY, None)
    code = flash["code"] if flash and flash.get("person_id") == person_id else None
    use_url = request.build_absolute_uri(reverse("live:card_use"))
    return render(
        request,
        "sessions_live/plan/card.html",
        {
            "person": seat.first_name,
            "words": code.split("-") if code else None,
            # The words ride in the fragment, which browsers never send to the server.
            "qr_svg": card_qr_svg(f"{use_url}#{code}") if code else "",
            "use_url": use_url,
            "card_url": card_url,
            "plan_url": reverse("live:plan", args=[session_id, person_id]),
            "issued_at": plan_selectors.plan_card_issued_at(plan=seat.plan),
        },
    )


@never_cache
def card_use(request: HttpRequest) -> HttpResponse:
    """Type (or scan) the words on a plan card: this device opens the person's plan and board."""
    form = PlanCardForm(request.POST or None)
    status = 200
    if request.method == "POST":
        device = access.device_id_for(request.session)
        address = request.META.get("REMOTE_ADDR", "")
        if guesses_exhausted(limit=CARD_GUESSES, device=device, address=address):
            context = {"form": PlanCardForm(), "too_many": CARD_TOO_MANY}
            response = render(request, "sessions_live/plan/card_use.html", context, status=429)
            response["Retry-After"] = str(CARD_GUESSES.window_seconds)
            return response
        plan = (
            plan_selectors.plan_card_find(typed=form.data.get("words", ""))
            if form.is_valid()
            else None
        )
        if form.is_valid() and plan is None:
            guess_wrong_count(limit=CARD_GUESSES, device=device, address=address)
            form.add_error("words", CARD_NOT_RIGHT)
        if plan is not None:
            try:
                participant = services.plan_card_use(plan=plan, device_id=device)
            except DomainError as error:
                form.add_error("words", error.message)
            else:
                request.session.cycle_key()  # a new session key for a new identity
                access.participant_remember(
                    request.session,
                    session_id=participant.session_id,
                    participant_id=participant.pk,
                )
                messages.success(
                    request,
                    f"Welcome back, {participant.display_name}. "
                    "This device now opens your plan and your board.",
                )
                return redirect(
                    "live:plan",
                    session_id=participant.session_id,
                    person_id=participant.focus_person_id,
                )
        status = 400
    return render(
        request,
        "sessions_live/plan/card_use.html",
        {"form": form, "error_forms": [form] if form.errors else []},
        status=status,
    )


# --- Who sees the plan: the person decides --------------------------------------------


@require_POST
@never_cache
def plan_privacy(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Make the person's charts private to them, their allies and the facilitator, or not."""
    actor, seat = _editor_seat(request, session_id, person_id)
    if seat is None:
        return _not_found(request)
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
    actor, seat = _editor_seat(request, session_id, person_id)
    if seat is None:
        return _not_found(request)
    try:
        ally = services.focus_person_ally_remove(
            session_id=session_id,
            actor=actor,
            focus_person_id=person_id,
            participant_id=int(request.POST.get("ally", "0") or 0),
        )
    except (DomainError, ValueError):
        messages.error(request, "That person is not one of the allies on this plan any more.")
    else:
        messages.success(
            request,
            f"{ally.display_name} can no longer see this plan or write on these charts. "
            "Their devices have been signed out of the board.",
        )
    return redirect(reverse("live:plan", args=[session_id, person_id]) + "#who-sees")
