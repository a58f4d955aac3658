"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSockets pass the Origin check (only this site's own pages may connect)
and the session/auth middleware, so consumers learn who is connecting from
the server-side session, never from a message field (staff who still owe their
second-factor code count as nobody signed in: cms.second_factor). An address with no route
is refused with 404 (``websocket_not_found``), not an error.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from cms.second_factor import SecondFactorSocketMiddleware  # noqa: E402
from sessions_live.routing import websocket_urlpatterns  # noqa: E402

NOT_FOUND_BODY = b"No live board at this address."


async def websocket_not_found(scope, receive, send):
    """Refuse a WebSocket handshake to an address with no route.

    With the ASGI WebSocket Denial Response extension (uvicorn; daphne through
    config.daphne_server) the answer is HTTP 404; without it, a plain refusal,
    which servers send as 403. Channels' URLRouter would otherwise raise, which
    servers answer with 500 and a traceback in the log. No database work.
    """
    if (await receive())["type"] != "websocket.connect":
        return
    if "websocket.http.response" in (scope.get("extensions") or {}):
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 404,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")],
            }
        )
        await send({"type": "websocket.http.response.body", "body": NOT_FOUND_BODY})
    else:
        await send({"type": "websocket.close"})


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                # Staff who have not typed their second-factor code count as not signed in.
                SecondFactorSocketMiddleware(
                    # The fallback comes last, so it only answers what no real route matched.
                    URLRouter([*websocket_urlpatterns, re_path(r"", websocket_not_found)])
                )
            )
        ),
    }
)

# Everything loaded so far (Django, Wagtail, the apps: about 300,000 objects)
# lives as long as the process. Frozen, the garbage collector stops scanning it
# on every full collection, which otherwise paused a busy server for about
# 170 ms at a time (docs/performance.md).
gc.freeze()
