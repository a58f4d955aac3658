"""Planning Live pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cms.roles import FACILITATORS
from sessions_live import access, selectors


def live_index(request: HttpRequest) -> HttpResponse:
    """What Planning Live is, the boards this device joined, and a check of live updates."""
    is_facilitator = (
        request.user.is_authenticated and request.user.groups.filter(name=FACILITATORS).exists()
    )
    boards = selectors.device_boards(participant_ids=access.participant_ids_joined(request.session))
    return render(
        request,
        "sessions_live/index.html",
        {"is_facilitator": is_facilitator, "boards": boards},
    )
