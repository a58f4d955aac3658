"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSockets pass the Origin check (only this site's own pages may connect)
and the session/auth middleware, so consumers learn who is connecting from
the server-side session, never from a message field.
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

from sessions_live.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Everything loaded so far (Django, Wagtail, the apps: about 300,000 objects)
# lives as long as the process. Frozen, the garbage collector stops scanning it
# on every full collection, which otherwise paused a busy server for about
# 170 ms at a time (docs/performance.md).
gc.freeze()
