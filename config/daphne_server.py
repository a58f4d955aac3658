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

Its access log hides invite tokens (``config.access_log``).

It also keeps each open WebSocket lighter than daphne 4.2.3 does (memory per
socket is a target, docs/performance.md), without changing what a socket does:

- Its messages in wait for the application in a ``SlimQueue``, not an
  ``asyncio.Queue``, whose four deques cost about 3 KB per socket.
- The HTTP request it was upgraded from is let go. daphne hands the connection
  to the WebSocket protocol but leaves the HTTP channel registered as the
  connection's producer, which keeps the channel, its request, both header sets
  and the request body alive as long as the socket (about 3 KB).

Remove this module, and go back to ``python -m daphne`` in config/serve.py,
once daphne advertises ``websocket.http.response`` itself (and keep the two
savings above if daphne has not made them by then).
"""

import asyncio
from collections import deque
from functools import partial
from http.client import responses

from autobahn.websocket.types import ConnectionDeny
from daphne.cli import CommandLineInterface
from daphne.server import Server
from twisted.web.http import HTTPChannel

from config.access_log import path_redact

EXTENSION = "websocket.http.response"


class SlimQueue:
    """An unbounded FIFO queue with ``asyncio.Queue``'s ``put_nowait`` and ``get``, and no more.

    One per open WebSocket: the frames and events daphne hands to the
    application. It is empty nearly all the time, with the application
    waiting on it, so it keeps its items in a deque only while it has some,
    rather than ``asyncio.Queue``'s four deques (its own three and its
    event's) for the socket's whole life. As ``asyncio.Queue``: items stay in
    the queue until a getter takes them, so a getter cancelled as it is woken
    loses nothing and passes its wake-up on.
    """

    __slots__ = ("_getters", "_items")

    def __init__(self) -> None:
        self._items: deque | None = None
        self._getters: list[asyncio.Future] = []

    def put_nowait(self, item) -> None:
        """Add ``item``; wake the longest-waiting getter."""
        if self._items is None:
            self._items = deque()
        self._items.append(item)
        self._wake_next()

    async def get(self):
        """Remove and return the oldest item, waiting for one if need be."""
        while not self._items:
            getter = asyncio.get_running_loop().create_future()
            self._getters.append(getter)
            try:
                await getter
            except BaseException:
                if getter in self._getters:
                    self._getters.remove(getter)
                elif self._items and not getter.cancelled():
                    self._wake_next()  # it was woken for an item it will not take
                raise
        item = self._items.popleft()
        if not self._items:
            self._items = None
        return item

    def _wake_next(self) -> None:
        while self._getters:
            getter = self._getters.pop(0)
            if not getter.done():
                getter.set_result(None)
                return


def release_http_channel(protocol) -> None:
    """Unregister the HTTP channel a WebSocket was upgraded from as its connection's producer.

    Only when doing so changes nothing but memory: the channel is still busy
    with the upgraded request and has no producer of its own, so its
    ``pauseProducing``, ``resumeProducing`` and ``stopProducing`` do nothing
    (twisted.web.http.HTTPChannel). The connection goes on as before. The
    channel also forgets the request, so that the two, and the request's
    headers and body, are freed as soon as daphne drops the request from its
    connections (within a second), not at some later garbage collection.
    """
    transport = getattr(protocol, "transport", None)
    channel = getattr(transport, "producer", None)
    if (
        isinstance(channel, HTTPChannel)
        and transport.protocol is protocol
        and channel._handlingRequest
        and channel._requestProducer is None
    ):
        transport.unregisterProducer()
        channel.requests = []


class DenialResponseServer(Server):
    """daphne's server, with the WebSocket Denial Response extension and lighter sockets.

    Its access log hides invite tokens and other secrets in addresses
    (``config.access_log``): the database keeps only their hashes.
    """

    def log_action(self, protocol, action, details):
        if "path" in details:
            details = {**details, "path": path_redact(details["path"])}
        return super().log_action(protocol, action, details)

    def create_application(self, protocol, scope):
        if scope["type"] != "websocket":
            return super().create_application(protocol, scope)
        scope["extensions"] = {**scope.get("extensions", {}), EXTENSION: {}}
        release_http_channel(protocol)
        # daphne's Server.create_application (4.2.3), with a SlimQueue.
        assert "application_instance" not in self.connections[protocol]  # noqa: S101
        input_queue = SlimQueue()
        scope.setdefault("asgi", {"version": "3.0"})
        application_instance = self.application(
            scope=scope,
            receive=input_queue.get,
            send=partial(self.handle_reply, protocol),
        )
        if protocol not in self.connections:
            return None
        self.connections[protocol]["application_instance"] = asyncio.ensure_future(
            application_instance, loop=asyncio.get_event_loop()
        )
        return input_queue

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
