"""WebSocket consumers. Thin: parse, apply the rule, reply; no ORM calls here."""

import json
import time

from channels.generic.websocket import AsyncWebsocketConsumer

from sessions_live.groups import connection_check_group
from sessions_live.protocol import CONNECTION_CHECK_MESSAGES, ProtocolError, message_decode
from sessions_live.ratelimit import TokenBucket

RATE_LIMITED = ProtocolError(
    "rate_limited", "Too many messages too quickly. Wait a few seconds, then try again."
)


class ConnectionCheckConsumer(AsyncWebsocketConsumer):
    """Lets a facilitator check, before a session, that live updates work at a venue.

    ``ping`` gets a ``pong`` straight back (the page shows the round trip);
    ``wave`` reaches every other device on the check page, through the
    channel layer, so it also proves that separate server processes can reach
    each other.
    """

    async def connect(self) -> None:
        """Join the check group and accept."""
        self.group = connection_check_group()
        self.bucket = TokenBucket(capacity=10, refill_per_second=2)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        """Leave the check group."""
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Handle one frame from the browser; bad frames get an error and change nothing."""
        try:
            if not self.bucket.allow(now=time.monotonic()):
                raise RATE_LIMITED
            message = message_decode(
                text_data=text_data, bytes_data=bytes_data, specs=CONNECTION_CHECK_MESSAGES
            )
        except ProtocolError as error:
            await self.send_event(error.as_event())
            return
        if message["type"] == "ping":
            await self.send_event({"type": "pong", "id": message["id"]})
        else:
            await self.channel_layer.group_send(
                self.group, {"type": "check.wave", "sender": self.channel_name}
            )
            await self.send_event({"type": "wave_sent"})

    async def check_wave(self, event: dict) -> None:
        """Pass a wave on to this browser, unless this browser sent it."""
        if event["sender"] != self.channel_name:
            await self.send_event({"type": "wave"})

    async def send_event(self, event: dict) -> None:
        """Send one JSON event to this browser."""
        await self.send(text_data=json.dumps(event))
