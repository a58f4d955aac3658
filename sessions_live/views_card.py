"""Ways back to a plan: plan cards and allies' own cards, who is using a card, the
ULO's new card when every way back is lost, and starting a plan alone (which
gives its card first).

A card is four words (and a QR code of them) typed or scanned on any device;
only their hash is kept, the words are shown once, and a new card stops the
old one. Wrong words are limited per device and per address, so one person's
typos do not lock out a room on one Wi-Fi.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from audit.models import AuditEvent
from audit.services import audit_record
from cms.guesses import GuessLimit, client_address, guess_wrong_count, guesses_exhausted
from plans import selectors as plan_selectors
from plans import services as plan_services
from plans.cards import CARD_GUESSES, card_code_hash, card_qr_svg
from sessions_live import access, selectors, services
from sessions_live.domain import DomainError
from sessions_live.forms import PlanCardForm, PlanCardWhoForm, PlanStartAloneForm
from sessions_live.models import Participant
from sessions_live.views import CARD_REISSUE_PERMISSION
from sessions_live.views_plan import editor_seat, not_found, plan_audit, reader_seat

# The words of a card just made live in the maker's session only until the card page shows them.
CARD_FLASH_KEY = "plan_card_flash"
# After the right card words, who is using the card (the person or an ally with
# them) is asked for on the next page; the proof is kept this long.
CARD_WHO_KEY = "plan_card_who"
CARD_WHO_SECONDS = 15 * 60
# Plans started alone, without signing in: a few per device and many per address
# in an hour, so nobody fills the database from a script.
PLAN_STARTS = GuessLimit(name="plan-start", per_device=5, per_address=100, window_seconds=60 * 60)
PLAN_STARTS_TOO_MANY = (
    "This device has started several plans in the last hour. "
    "Wait an hour, or use the plan card of one you started."
)
CARD_NOT_RIGHT = (
    "Those words do not match a plan card. Check them on the card and try again. "
    "If the card was lost and a new one made, the old words stop working."
)
CARD_TOO_MANY = "Too many wrong tries from this device. Wait 15 minutes, then try again."


# --- The plan card: a way back without email or password ----------------------------


@never_cache
def plan_card(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Make a plan card (POST), or show the one just made, to print (shown once)."""
    actor, seat = editor_seat(request, session_id, person_id)
    if seat is None:
        return not_found(request)
    card_url = reverse("live:plan_card", args=[session_id, person_id])
    if request.method == "POST":
        had_card = plan_selectors.plan_card_issued_at(plan=seat.plan) is not None
        code = services.board_plan_card_issue(
            session_id=session_id, actor=actor, focus_person_id=person_id
        )
        plan_audit(
            request,
            actor=actor,
            plan_id=seat.plan_id,
            action=AuditEvent.Action.SHARED,
            what="Made a new plan card (the old card stopped working)"
            if had_card
            else "Made a plan card",
        )
        return _card_made(request, made_for={"person_id": person_id}, code=code, url=card_url)
    return _card_page(
        request,
        made_for={"person_id": person_id},
        person=seat.first_name,
        card_url=card_url,
        plan_url=reverse("live:plan", args=[session_id, person_id]),
        issued_at=plan_selectors.plan_card_issued_at(plan=seat.plan),
    )


def _card_made(request: HttpRequest, *, made_for: dict, code: str, url: str) -> HttpResponse:
    """Keep a card's words for the next page only, and go there (post/redirect/get:
    reloading the page never makes another card)."""
    request.session[CARD_FLASH_KEY] = {**made_for, "code": code}
    return redirect(url)


def _card_page(request: HttpRequest, *, made_for: dict, person: str, **context) -> HttpResponse:
    """The card page: the words and QR code of the card just made for ``made_for``,
    shown this once, or else how to make a new one."""
    flash = request.session.pop(CARD_FLASH_KEY, None) or {}
    just_made = all(flash.get(key) == value for key, value in made_for.items())
    code = flash.get("code") if just_made else None
    use_url = request.build_absolute_uri(reverse("live:card_use"))
    return render(
        request,
        "sessions_live/plan/card.html",
        {
            "person": person,
            "words": code.split("-") if code else None,
            # The words ride in the fragment, which browsers never send to the server.
            "qr_svg": card_qr_svg(f"{use_url}#{code}") if code else "",
            "use_url": use_url,
            **context,
        },
    )


def _card_use_page(request: HttpRequest, form, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "sessions_live/plan/card_use.html",
        {"form": form, "error_forms": [form] if form.errors else []},
        status=status,
    )


def _device_becomes(request: HttpRequest, participant: Participant) -> None:
    """This device is ``participant`` from now on, under a new session key (a new
    identity never keeps the key it had before, so nobody can fix it in advance)."""
    request.session.cycle_key()
    access.participant_remember(
        request.session, session_id=participant.session_id, participant_id=participant.pk
    )


def _welcome_back(request: HttpRequest, participant: Participant, *, how: str) -> HttpResponse:
    """This device is ``participant`` from now on; open their plan. ``how`` says which
    card brought them, for the plan's audit log."""
    _device_becomes(request, participant)
    plan_audit(
        request,
        actor=selectors.participant_actor(participant=participant),
        plan_id=participant.focus_person.plan_id,
        action=AuditEvent.Action.VIEWED,
        subject=AuditEvent.Subject.PARTICIPANT,
        subject_id=participant.pk,
        what=f"Came back to the plan on a device, with {how}",
    )
    messages.success(
        request,
        f"Welcome back, {participant.display_name}. "
        "This device now opens your plan and your board.",
    )
    return redirect(
        "live:plan", session_id=participant.session_id, person_id=participant.focus_person_id
    )


def _as_the_person(request: HttpRequest, form, plan) -> HttpResponse:
    try:
        participant = services.plan_card_use(
            plan=plan, device_id=access.device_id_for(request.session)
        )
    except DomainError as error:
        form.add_error("words", error.message)
        return _card_use_page(request, form, status=400)
    return _welcome_back(request, participant, how="the plan card")


@never_cache
def card_use(request: HttpRequest) -> HttpResponse:
    """Type (or scan) the words on a card: this device opens the plan and board.

    The person's plan card brings back the person, or an ally who is with them
    (asked on the next page); an ally's own card brings back that ally.
    """
    form = PlanCardForm(request.POST or None)
    if request.method != "POST":
        return _card_use_page(request, form)
    device = access.device_id_for(request.session)
    address = client_address(request.META)
    if guesses_exhausted(limit=CARD_GUESSES, device=device, address=address):
        context = {"form": PlanCardForm(), "too_many": CARD_TOO_MANY}
        response = render(request, "sessions_live/plan/card_use.html", context, status=429)
        response["Retry-After"] = str(CARD_GUESSES.window_seconds)
        return response
    if not form.is_valid():
        return _card_use_page(request, form, status=400)
    typed = form.cleaned_data["words"]
    plan = plan_selectors.plan_card_find(typed=typed)
    if plan is not None:
        seat = selectors.plan_seat_now(plan_id=plan.pk)
        if seat is not None and selectors.plan_allies(focus_person_id=seat.pk):
            # Someone with the person may be one of their allies: ask, so their
            # words keep their own name. The card is checked again there.
            request.session[CARD_WHO_KEY] = {
                "hash": card_code_hash(typed),
                "until": timezone.now().timestamp() + CARD_WHO_SECONDS,
            }
            return redirect("live:card_who")
        return _as_the_person(request, form, plan)
    ally = selectors.participant_for_card(typed=typed)
    if ally is not None:
        return _welcome_back(request, ally, how="their own card")
    guess_wrong_count(limit=CARD_GUESSES, device=device, address=address)
    form.add_error("words", CARD_NOT_RIGHT)
    return _card_use_page(request, form, status=400)


@never_cache
def card_who(request: HttpRequest) -> HttpResponse:
    """After the person's card words: is this the person, or one of their allies with them?"""
    proof = request.session.get(CARD_WHO_KEY)
    plan = None
    if isinstance(proof, dict) and proof.get("until", 0) > timezone.now().timestamp():
        plan = plan_selectors.plan_card_find_by_hash(code_hash=proof.get("hash", ""))
    seat = selectors.plan_seat_now(plan_id=plan.pk) if plan is not None else None
    if seat is None:
        request.session.pop(CARD_WHO_KEY, None)
        messages.info(request, "Type the words on the plan card again, please.")
        return redirect("live:card_use")
    allies = selectors.plan_allies(focus_person_id=seat.pk)
    form = PlanCardWhoForm(request.POST or None, person=seat.first_name, allies=allies)
    if request.method == "POST" and form.is_valid():
        who = form.cleaned_data["who"]
        try:
            if who == "me":
                participant = services.plan_card_use(
                    plan=plan, device_id=access.device_id_for(request.session)
                )
            else:
                participant = services.plan_card_ally_use(plan=plan, participant_id=int(who))
        except DomainError as error:
            form.add_error("who", error.message)
        else:
            request.session.pop(CARD_WHO_KEY, None)
            return _welcome_back(request, participant, how="the plan card")
    return render(
        request,
        "sessions_live/plan/card_who.html",
        {"form": form, "person": seat.first_name, "error_forms": [form] if form.errors else []},
        status=400 if form.errors else 200,
    )


@never_cache
def plan_start_alone(request: HttpRequest) -> HttpResponse:
    """Start your own plan, on your own: no facilitator, no account. You get a plan card."""
    form = PlanStartAloneForm(request.POST or None)
    if request.method == "POST":
        device = access.device_id_for(request.session)
        address = client_address(request.META)
        if guesses_exhausted(limit=PLAN_STARTS, device=device, address=address):
            form.add_error(None, PLAN_STARTS_TOO_MANY)
        elif form.is_valid():
            # Counted like a wrong guess: what is limited is how often, not whether right.
            guess_wrong_count(limit=PLAN_STARTS, device=device, address=address)
            me, code = services.own_plan_start_alone(
                first_name=form.cleaned_data["first_name"],
                device_id=device,
                today=timezone.localdate(),
            )
            _device_becomes(request, me)
            plan_audit(
                request,
                actor=selectors.participant_actor(participant=me),
                plan_id=me.focus_person.plan_id,
                action=AuditEvent.Action.CHANGED,
                what="Started this plan, on their own",
            )
            messages.success(
                request,
                f"Your plan is started, {me.display_name}. First, keep your plan card: "
                "it brings you back to your plan from any device.",
            )
            return _card_made(
                request,
                made_for={"person_id": me.focus_person_id},
                code=code,
                url=reverse("live:plan_card", args=[me.session_id, me.focus_person_id]),
            )
    return render(
        request,
        "sessions_live/plan/start.html",
        {"form": form, "error_forms": [form] if form.errors else []},
        status=400 if form.errors else 200,
    )


def _own_ally(actor, seat) -> int | None:
    """The participant id of ``actor`` if they are one of this person's allies."""
    if actor.participant_id is None or actor.focus_person_id != seat.pk:
        return None
    ways_back = selectors.participant_ways_back(participant_id=actor.participant_id)
    return actor.participant_id if ways_back and ways_back.is_ally else None


@never_cache
def plan_ally_card(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """An ally makes (POST) and prints a card of their own, to come back without the person."""
    actor, seat = reader_seat(request, session_id, person_id)
    ally_id = _own_ally(actor, seat) if seat is not None else None
    if ally_id is None:
        return not_found(request)
    card_url = reverse("live:plan_ally_card", args=[session_id, person_id])
    if request.method == "POST":
        code = services.participant_card_issue(participant_id=ally_id)
        plan_audit(
            request,
            actor=actor,
            plan_id=seat.plan_id,
            action=AuditEvent.Action.SHARED,
            subject=AuditEvent.Subject.PARTICIPANT,
            subject_id=ally_id,
            what="Made a card of their own, to come back to the plan",
        )
        return _card_made(request, made_for={"ally_id": ally_id}, code=code, url=card_url)
    return _card_page(
        request,
        made_for={"ally_id": ally_id},
        person=seat.first_name,
        holder=actor.name,
        card_url=card_url,
        plan_url=reverse("live:plan", args=[session_id, person_id]),
        issued_at=selectors.participant_ways_back(participant_id=ally_id).card_issued_at,
    )


# --- The ULO makes a new card, when the person has lost every way back ----------------------


@never_cache
def plan_cards(request: HttpRequest) -> HttpResponse:
    """Someone at the ULO finds a person's plan by first name and makes them a new card.

    For a plan with no facilitator (the person started it alone) whose card and
    devices are lost: it lists names and places, never a plan's words, and a new
    card stops the old one. The ULO checks who is asking first, its own way.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm(CARD_REISSUE_PERMISSION):
        return render(request, "sessions_live/manage/forbidden.html", status=403)
    if request.method == "POST":
        try:
            person_id = int(request.POST.get("person", ""))
        except ValueError:
            person_id = 0
        seat = selectors.plan_seat_find_any(focus_person_id=person_id)
        if seat is None:
            messages.error(request, "That plan was not found. Search for the person again.")
            return redirect("live:plan_cards")
        code = plan_services.plan_card_issue(plan=seat.plan)
        audit_record(
            action=AuditEvent.Action.SHARED,
            subject=AuditEvent.Subject.PLAN,
            subject_id=seat.plan_id,
            who=selectors.staff_words(user=request.user),
            user=request.user,
            plan_id=seat.plan_id,
            what="Made a new plan card for the person (the old card stopped working)",
        )
        return _card_made(request, made_for={"reissued": seat.pk}, code=code, url=request.path)
    flash = request.session.get(CARD_FLASH_KEY) or {}
    seat = selectors.plan_seat_find_any(focus_person_id=flash.get("reissued") or 0)
    if seat is not None:
        return _card_page(
            request,
            made_for={"reissued": seat.pk},
            person=seat.first_name,
            back_url=reverse("live:plan_cards"),
            back_words="Back to making cards",
        )
    name = request.GET.get("name", "")
    return render(
        request,
        "sessions_live/plan/cards.html",
        {"name": name, "seats": selectors.plans_named(first_name=name) if name else None},
    )
