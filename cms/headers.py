"""Response headers that keep people's pages private and the browser locked down.

Two middlewares, both configured in ``config/settings/base.py``:

- ``SitePoliciesMiddleware`` sends ``Permissions-Policy`` (no camera, microphone,
  location, payment, USB and the like: the site uses none of them) on every
  response, and picks the Content-Security-Policy Django's
  ``ContentSecurityPolicyMiddleware`` sends: the strict ``SECURE_CSP`` for the
  site's own pages, with WebSocket connections allowed to this host only, and
  the looser ``SECURE_CSP_ADMIN`` for Wagtail's admin, which needs inline
  scripts and styles. A view that chose its own policy (Django's
  ``csp_override`` decorator) keeps it.
- ``PrivateNoStoreMiddleware`` sends ``Cache-Control: no-store`` on every
  response that can hold personal data, by one rule rather than view by view:
  any response to a signed-in person or to a device that joined a board, and
  anything under the personal URL prefixes (``PRIVATE_PATH_PREFIXES``). Public
  pages for visitors who are neither stay cacheable.
"""

import django
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"
CSP_HEADER = "Content-Security-Policy"
# Django 6 builds the header (ContentSecurityPolicyMiddleware); Django 5.2, which
# Python 3.11 runs, has no CSP support, so this module sends it there.
DJANGO_SENDS_CSP = django.VERSION >= (6,)


def permissions_policy_header(*, policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` as ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


def content_security_policy_for(*, path: str, websocket_origin: str | None) -> dict:
    """The Content-Security-Policy (as Django's ``SECURE_CSP`` dict) for a request to ``path``.

    ``websocket_origin`` ("wss://planning.example.org") is added to
    ``connect-src``: ``'self'`` covers same-host WebSockets in current browsers,
    but not in Safari before 15.4, which old venue tablets may still run.
    """
    if path.startswith(settings.ADMIN_PATH_PREFIX):
        return settings.SECURE_CSP_ADMIN
    policy = dict(settings.SECURE_CSP)
    if websocket_origin:
        policy["connect-src"] = [*policy.get("connect-src", ["'self'"]), websocket_origin]
    return policy


def content_security_policy_header(*, policy: dict) -> str:
    """A policy dict as the header's text, for Django versions that cannot build it."""
    return "; ".join(
        directive if values is True else f"{directive} {' '.join(values)}"
        for directive, values in policy.items()
        if values
    )


def _websocket_origin(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:  # the response is the error page for a host not ours
        return None
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


class SitePoliciesMiddleware:
    """Permissions-Policy on every response, and which Content-Security-Policy applies.

    Sits just inside ``ContentSecurityPolicyMiddleware``, which builds the header
    from the policy chosen here (``response._csp_config``, as Django's own
    ``csp_override`` decorator sets it).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(policy=settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(PERMISSIONS_POLICY_HEADER, self.permissions_policy)
        if hasattr(response, "_csp_config") or CSP_HEADER in response:
            return response  # the view chose its own policy
        policy = content_security_policy_for(
            path=request.path, websocket_origin=_websocket_origin(request)
        )
        if DJANGO_SENDS_CSP:
            response._csp_config = policy
        else:
            response[CSP_HEADER] = content_security_policy_header(policy=policy)
        return response


def response_is_private(request) -> bool:
    """Whether a response to ``request`` may hold someone's personal data.

    The session is read only when the request carries a session cookie, so a
    visitor without one gets public pages with no ``Vary: Cookie`` and no
    ``no-store``: browsers and proxies may keep them.
    """
    if request.path.startswith(tuple(settings.PRIVATE_PATH_PREFIXES)):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return session is not None and any(session.get(key) for key in settings.PRIVATE_SESSION_KEYS)


class PrivateNoStoreMiddleware:
    """``Cache-Control: no-store`` on every response that may hold personal data.

    Shared computers, browsers' back buttons and proxies then keep no copy of a
    plan, a board, a set-up page or a download. After authentication, so it
    knows who is signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response_is_private(request):
            add_never_cache_headers(response)
        return response
