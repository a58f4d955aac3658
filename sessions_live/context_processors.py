"""Template context from Planning Live for every page: the boards this device joined."""

from functools import cache

from django.http import HttpRequest

from sessions_live import access, selectors


def device_boards(request: HttpRequest) -> dict:
    """``device_boards``: the boards and plans this device joined, read only if a page shows
    them, and ``device_boards_template``, the template that lists them.

    The home page and Planning Live's own page list them, so the way back to
    a board (and a plan) is one tap from the first page a person sees.
    """

    @cache
    def boards() -> list[dict]:
        session = getattr(request, "session", None)
        ids = access.participant_ids_joined(session) if session is not None else []
        return selectors.device_boards(participant_ids=ids) if ids else []

    # The template that lists them comes with them: the home page (in ``cms``,
    # below this app) includes it by this name, never by its own.
    return {"device_boards": boards, "device_boards_template": "sessions_live/_device_boards.html"}
