"""One person's support plan, as written on the board: a page and its downloads.

The plan's words are the notes on the person's charts (read, never copied), so
the page and every download always say what the board says. Only the person,
their allies and the session's facilitator may open it; anyone else gets the
same "not found" as for a board they have no place on.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache

from plans.documents import PlanDocument
from plans.formats import PLAN_DOWNLOAD_BY_KEY, PLAN_DOWNLOADS
from sessions_live import selectors
from sessions_live.access import actor_for


def _plan(request: HttpRequest, session_id: int, person_id: int) -> PlanDocument | None:
    actor = actor_for(session_id=session_id, user=request.user, django_session=request.session)
    if actor is None:
        return None
    return selectors.plan_document_find(
        session_id=session_id,
        actor=actor,
        focus_person_id=person_id,
        made_on=timezone.localdate(),
    )


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "sessions_live/board/not_found.html", status=404)


@never_cache  # health, money and family details: never kept by a shared browser or proxy
def plan_page(request: HttpRequest, session_id: int, person_id: int) -> HttpResponse:
    """The person's plan on one page, with its downloads; it prints as only this plan."""
    plan = _plan(request, session_id, person_id)
    if plan is None:
        return _not_found(request)
    downloads = [
        {
            "download": download,
            "url": reverse("live:plan_download", args=[session_id, person_id, download.key]),
        }
        for download in PLAN_DOWNLOADS
    ]
    return render(
        request,
        "sessions_live/plan/plan.html",
        {
            "plan": plan,
            "downloads": downloads,
            "board_url": reverse("live:board", args=[session_id]),
        },
    )


@never_cache
def plan_download(request: HttpRequest, session_id: int, person_id: int, key: str) -> HttpResponse:
    """The plan in one format, as a file to keep (PDF, large print, easy read, Braille, text)."""
    download = PLAN_DOWNLOAD_BY_KEY.get(key)
    plan = _plan(request, session_id, person_id) if download else None
    if plan is None:
        return _not_found(request)
    name = slugify(plan.title) or "support-plan"
    response = HttpResponse(download.make(plan), content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{download.extension}"'
    return response
