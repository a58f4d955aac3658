"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest

from cms.navigation import navigation_links, request_navigation_section
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
        "site_navigation": navigation_links(
            links=settings.SITE_NAVIGATION,
            request_path=request.path,
            section=request_navigation_section(request=request),
        ),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
