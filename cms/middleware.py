"""Signed-in sessions that end: after a while unused, and after a long day.

Staff see many people's plans, and people sign in on shared computers, so a
session left open is not left open for ever. Django's own session age (two
weeks) only says how long the cookie lasts; these two limits say how long a
sign-in does (settings ``SIGN_IN_IDLE`` and ``SIGN_IN_LONGEST``).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "signed_in_seen_at"
# Write "last seen" at most this often, so that most requests save no session.
SEEN_EVERY_SECONDS = 60


def sign_in_start(django_session) -> None:
    """Start the clocks for a new sign-in (called when someone signs in)."""
    now = time.time()
    django_session[SIGNED_IN_AT] = now
    django_session[SEEN_AT] = now


class SignInTimeoutMiddleware:
    """Sign out a session unused for ``SIGN_IN_IDLE``, or older than ``SIGN_IN_LONGEST``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session, now = request.session, time.time()
        started = session.get(SIGNED_IN_AT)
        if started is None:  # signed in before these limits existed: they start now
            sign_in_start(session)
            return
        seen = session.get(SEEN_AT, started)
        idle = now - seen > settings.SIGN_IN_IDLE.total_seconds()
        if idle or now - started > settings.SIGN_IN_LONGEST.total_seconds():
            logout(request)  # a fresh, empty session: the page goes on as for anyone
            messages.info(
                request,
                "You were signed out, because the site was not used for a while"
                if idle
                else "You were signed out, because you signed in a long time ago",
            )
            messages.info(request, "Sign in again to carry on.")
        elif now - seen > SEEN_EVERY_SECONDS:
            session[SEEN_AT] = now
