"""Erasing people (``erasure.py``): the confirmation pages, and the admin's hand-over.

Each erasure has a confirmation page that says, in plain words, what will go
and what stays, and asks what happens to the notes the person wrote. Who may
open it: the facilitator (from the set-up page), the participant themself
(from their own device), and the person whose plan it is (for an ally on it,
or for their own plan). Anyone else, and any id that is not there, gets "not
found". A second press finds nothing left and says so, never an error.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from wagtail.users.utils import user_can_delete_user

from sessions_live import access, erasure, selectors
from sessions_live.domain import DomainError
from sessions_live.erasure import NOTES_KEEP
from sessions_live.forms_erase import EraseForm, HandOverForm
from sessions_live.models import FocusPerson, Participant, PlanningSession
from sessions_live.views_plan import not_found

FACILITATOR = "facilitator"
THEMSELF = "themself"
PERSON = "person"


def _actor(request: HttpRequest, session_id: int):
    return access.actor_for(
        session_id=session_id, user=request.user, django_session=request.session
    )


def _asker_for_participant(actor, participant: Participant) -> str | None:
    if actor.is_facilitator:
        return FACILITATOR
    if actor.participant_id == participant.pk:
        return THEMSELF
    if selectors.plan_person_is(actor=actor, focus_person_id=participant.focus_person_id):
        return PERSON
    return None


def _back_url(asker: str, session_id: int, person_id: int) -> str:
    if asker == FACILITATOR:
        return reverse("live:session_setup", args=[session_id])
    return reverse("live:plan", args=[session_id, person_id])


def _form(request: HttpRequest, asks: bool) -> EraseForm:
    if request.method != "POST":
        return EraseForm()
    data = request.POST if asks else {"notes": NOTES_KEEP}
    return EraseForm(data)


@never_cache
def participant_erase(request: HttpRequest, session_id: int, participant_id: int) -> HttpResponse:
    """Confirm, then erase one participant: an ally, or another device of the person."""
    actor = _actor(request, session_id)
    participant = (
        Participant.objects.select_related("focus_person")
        .filter(pk=participant_id, session_id=session_id)
        .first()
    )
    if actor is None or participant is None:
        return not_found(request)
    asker = _asker_for_participant(actor, participant)
    if asker is None:
        return not_found(request)
    summary = erasure.participant_erase_summary(participant=participant)
    asks = summary.notes_written > 0
    form = _form(request, asks)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            erasure.participant_erase(
                participant_id=participant.pk,
                notes=form.cleaned_data["notes"],
                who=selectors.actor_words(actor=actor),
                user=request.user,
            )
        except DomainError as error:
            problem = error.message
        else:
            if asker == THEMSELF:
                access.participant_forget(request.session, session_id=session_id)
            return render(
                request,
                "sessions_live/erase/done.html",
                {
                    "title": "You have been erased from this board"
                    if asker == THEMSELF
                    else f"{summary.name} has been erased",
                    "back_url": None
                    if asker == THEMSELF
                    else _back_url(asker, session_id, participant.focus_person_id),
                    "asker": asker,
                },
            )
    context = {
        "summary": summary,
        "person_name": participant.focus_person.first_name,
        "is_me_device": participant.relation == Participant.Relation.ME,
        "asker": asker,
        "form": form,
        "asks": asks,
        "problem": problem,
        "error_forms": [form] if form.errors else [],
        "back_url": _back_url(asker, session_id, participant.focus_person_id),
    }
    status = 400 if form.errors else (409 if problem else 200)
    return render(request, "sessions_live/erase/participant.html", context, status=status)


@never_cache
def participant_erase_me(request: HttpRequest, session_id: int) -> HttpResponse:
    """An ally's own "Erase me": the same page, for whoever this device joined as here."""
    actor = _actor(request, session_id)
    if actor is None or actor.participant_id is None:
        return not_found(request)
    return participant_erase(request, session_id, actor.participant_id)


@never_cache
def person_erase(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """Confirm, then erase a person: their plan and everything about them.

    The facilitator does it from the set-up page; the person themself (joined
    as "This is me", confirmed) from their plan page. Allies may not.
    """
    actor = _actor(request, session_id)
    seat = FocusPerson.objects.filter(pk=person_id, session_id=session_id).first()
    if actor is None or seat is None:
        return not_found(request)
    if actor.is_facilitator:
        asker = FACILITATOR
    elif selectors.plan_person_is(actor=actor, focus_person_id=seat.pk):
        asker = THEMSELF
    else:
        return not_found(request)
    summary = erasure.plan_erase_summary(seat=seat)
    asks = summary.notes_elsewhere > 0
    form = _form(request, asks)
    if request.method == "POST" and form.is_valid():
        erasure.plan_erase(
            focus_person_id=seat.pk,
            notes=form.cleaned_data["notes"],
            who=selectors.actor_words(actor=actor),
            user=request.user,
        )
        if asker == THEMSELF:
            access.participant_forget(request.session, session_id=session_id)
        back_url = _back_url(asker, session_id, seat.pk) if asker == FACILITATOR else None
        if back_url and not PlanningSession.objects.filter(pk=session_id).exists():
            back_url = reverse("live:session_list")  # a board of the person's own plan went too
        return render(
            request,
            "sessions_live/erase/done.html",
            {
                "title": "Your plan and everything about you have been erased"
                if asker == THEMSELF
                else f"{summary.name}\u2019s plan and everything about them have been erased",
                "back_url": back_url,
                "asker": asker,
            },
        )
    context = {
        "summary": summary,
        "asker": asker,
        "form": form,
        "asks": asks,
        "error_forms": [form] if form.errors else [],
        "back_url": _back_url(asker, session_id, seat.pk),
        "plan_url": reverse("live:plan", args=[session_id, seat.pk]),
    }
    return render(
        request, "sessions_live/erase/person.html", context, status=400 if form.errors else 200
    )


# --- The Wagtail admin: deleting a staff account never fails ------------------------


def account_delete_refused(request: HttpRequest, user, holdings) -> TemplateResponse:
    """Wagtail's "Delete user" answered with what the account still holds, and how to
    hand it over, instead of a server error (``wagtail_hooks.before_delete_user``)."""
    return TemplateResponse(
        request,
        "sessions_live/erase/account_refused.html",
        {
            "page_title": "Delete user",
            "header_title": "Delete user",
            "page_subtitle": user.get_full_name() or user.get_username(),
            "accounts": [
                {
                    "user": user,
                    "holdings": holdings,
                    "hand_over_url": reverse("live_account_hand_over", args=[user.pk]),
                }
            ],
        },
    )


def accounts_delete_refused(request: HttpRequest, held) -> TemplateResponse:
    """The same answer for Wagtail's "delete selected users", naming each account."""
    return TemplateResponse(
        request,
        "sessions_live/erase/account_refused.html",
        {
            "page_title": "Delete users",
            "header_title": "Delete users",
            "accounts": [
                {
                    "user": user,
                    "holdings": holdings,
                    "hand_over_url": reverse("live_account_hand_over", args=[user.pk]),
                }
                for user, holdings in held
            ],
        },
    )


def account_hand_over(request: HttpRequest, user_id: int) -> HttpResponse:
    """Give a leaver's sessions and mentoring records to someone else (Wagtail admin).

    "Hand over" then goes back to Wagtail's delete page, now free to delete;
    "Hand over and erase" erases the account at once (``erasure.staff_account_erase``),
    taking their name off their notes if asked.
    """
    leaver = get_object_or_404(get_user_model(), pk=user_id)
    if not user_can_delete_user(request.user, leaver):
        raise PermissionDenied
    candidates = erasure.hand_over_candidates(user=leaver)
    form = HandOverForm(request.POST or None, candidates=candidates)
    problem = ""
    if request.method == "POST" and form.is_valid():
        who = f"Admin: {request.user.get_username()}"
        hand_to = form.cleaned_data["hand_to"]
        name = leaver.get_full_name() or leaver.get_username()
        try:
            if request.POST.get("then") == "erase":
                erasure.staff_account_erase(
                    user=leaver,
                    hand_to=hand_to,
                    forget_name=form.cleaned_data["forget_name"],
                    who=who,
                    by_user=request.user,
                )
                messages.success(request, f"{name}\u2019s account has been erased.")
                return redirect("wagtailusers_users:index")
            moved = erasure.planning_session_hand_over(
                from_user=leaver, to_user=hand_to, who=who, by_user=request.user
            )
        except DomainError as error:
            problem = error.message
        else:
            messages.success(
                request,
                f"{name}\u2019s {moved} session{'s' if moved != 1 else ''} and mentoring "
                "records now belong to the person you chose. You can delete the account now.",
            )
            return redirect("wagtailusers_users:delete", leaver.pk)
    return TemplateResponse(
        request,
        "sessions_live/erase/account_hand_over.html",
        {
            "page_title": "Hand over before deleting",
            "header_title": "Hand over before deleting",
            "page_subtitle": leaver.get_full_name() or leaver.get_username(),
            "leaver": leaver,
            "holdings": erasure.account_holdings(user=leaver),
            "form": form,
            "problem": problem,
            "has_candidates": candidates.exists(),
        },
        status=400 if form.errors or problem else 200,
    )
