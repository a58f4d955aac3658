"""Views for site-wide pages that are not Wagtail pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cms.preferences import (
    CONTRASTS,
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    TEXT_SIZES,
    DisplayPreferences,
    display_preferences_serialize,
)


@require_http_methods(["GET", "POST"])
def display_settings(request: HttpRequest) -> HttpResponse:
    """Show and save text size and colours; works without JavaScript."""
    if request.method == "GET":
        return render(request, "cms/display_settings.html")
    errors = {}
    text_size = request.POST.get("text_size", "")
    contrast = request.POST.get("contrast", "")
    if text_size not in TEXT_SIZES:
        errors["text_size"] = "Choose a text size."
    if contrast not in CONTRASTS:
        errors["contrast"] = "Choose the colours you want."
    if errors:
        return render(request, "cms/display_settings.html", {"errors": errors}, status=400)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        COOKIE_NAME,
        display_preferences_serialize(
            preferences=DisplayPreferences(text_size=text_size, contrast=contrast)
        ),
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        # Not HttpOnly: the JavaScript control writes the same cookie, and it holds
        # nothing private.
        httponly=False,
    )
    return response
