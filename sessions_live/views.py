"""Planning Live pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def live_index(request: HttpRequest) -> HttpResponse:
    """Say what Planning Live is, and let a device check it can get live updates."""
    return render(request, "sessions_live/index.html")
