"""The privacy notice, in plain English and in easy read.

A plain Django view, not a Wagtail page: what it says follows the site's own
settings (who the data controller is, how long data is kept), and the notice
must exist on every install from the first start.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cms.privacy import ICO_COMPLAINTS_URL, data_controller, retention_words


def _context() -> dict:
    return {
        "controller": data_controller(),
        "kept_for": retention_words(),
        "ico_url": ICO_COMPLAINTS_URL,
    }


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """What the site keeps about people, why, who sees it, for how long, and people's rights."""
    return render(request, "cms/privacy.html", _context())


def privacy_notice_easy_read(request: HttpRequest) -> HttpResponse:
    """The same notice in easy read: short sentences, each with a picture."""
    return render(request, "cms/privacy_easy_read.html", _context())
