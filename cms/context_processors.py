"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest

from cms.preferences import (
    CONTRASTS,
    COOKIE_NAME,
    TEXT_SIZES,
    display_preferences_parse,
)


def display_preferences(request: HttpRequest) -> dict:
    """Expose the browser's display settings and the main navigation."""
    preferences = display_preferences_parse(cookie_value=request.COOKIES.get(COOKIE_NAME))
    return {
        "display_preferences": preferences,
        "text_size_choices": TEXT_SIZES.items(),
        "contrast_choices": CONTRASTS.items(),
        "site_navigation": [
            {"label": label, "path": path, "current": _is_current(request.path, path)}
            for label, path in settings.SITE_NAVIGATION
        ],
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def _is_current(request_path: str, link_path: str) -> bool:
    if link_path == "/":
        return request_path == "/"
    return request_path.startswith(link_path)
