"""Planning Live pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cms.roles import FACILITATORS


def live_index(request: HttpRequest) -> HttpResponse:
    """What Planning Live is, the boards this device joined, and a check of live updates."""
    is_facilitator = (
        request.user.is_authenticated and request.user.groups.filter(name=FACILITATORS).exists()
    )
    return render(request, "sessions_live/index.html", {"is_facilitator": is_facilitator})
