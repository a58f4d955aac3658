"""daphne, plus the ASGI WebSocket Denial Response extension.

    python -m config.daphne_server <daphne's own arguments>

Why: an application can refuse a WebSocket handshake with a real HTTP response
(``websocket.http.response.start`` and ``.body``, offered through
``scope["extensions"]["websocket.http.response"]``;
https://asgi.readthedocs.io/en/latest/extensions.html#websocket-denial-response).
uvicorn implements it; daphne 4.2.3 does not (django/daphne#486): it turns a
refusal into 403 and an error into 500. config/asgi.py uses the extension to
answer 404 for an address with no route.

What: daphne's own command line, with a ``Server`` that advertises the extension
and refuses the handshake with the application's status code. autobahn, under
daphne, sends only the status line (``ConnectionDeny``): the response's headers
and body are not sent.

Remove this module, and go back to ``python -m daphne`` in config/serve.py,
once daphne advertises ``websocket.http.response`` itself.
"""

from http.client import responses

from autobahn.websocket.types import ConnectionDeny
from daphne.cli import CommandLineInterface
from daphne.server import Server

EXTENSION = "websocket.http.response"


class DenialResponseServer(Server):
    """daphne's server, with the WebSocket Denial Response extension."""

    def create_application(self, protocol, scope):
        if scope["type"] == "websocket":
            scope["extensions"] = {**scope.get("extensions", {}), EXTENSION: {}}
        return super().create_application(protocol, scope)

    async def handle_reply(self, protocol, message):
        kind = message.get("type")
        if kind not in (f"{EXTENSION}.start", f"{EXTENSION}.body"):
            return await super().handle_reply(protocol, message)
        details = self.connections.get(protocol)
        if details is None or details.get("disconnected"):
            return None
        if not hasattr(protocol, "handshake_deferred"):
            raise ValueError(f"{kind!r} is only allowed before the WebSocket is accepted")
        if kind == f"{EXTENSION}.start":
            details["denial_status"] = message["status"]
        elif not message.get("more_body", False):
            # As daphne's own refusal (WebSocketProtocol.serverReject) does, with this status.
            status = details["denial_status"]
            protocol.handshake_deferred.errback(
                ConnectionDeny(code=status, reason=responses.get(status, "Refused"))
            )
            del protocol.handshake_deferred
            self.protocol_disconnected(protocol)
        return None


class DenialResponseCommandLineInterface(CommandLineInterface):
    server_class = DenialResponseServer


if __name__ == "__main__":
    DenialResponseCommandLineInterface.entrypoint()
