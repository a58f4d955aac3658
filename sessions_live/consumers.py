"""WebSocket consumers. Thin: parse, apply the rule, reply; no ORM calls here."""

import json
import logging
import time

from autobahn.exception import Disconnected
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.sessions import InstanceSessionWrapper

from sessions_live import selectors, services
from sessions_live.access import actor_for, participant_was_removed
from sessions_live.domain import (
    DomainError,
    event_audience_of,
    presence_audience_of,
    presence_for_audience,
)
from sessions_live.groups import (
    connection_check_group,
    facilitator_group,
    focus_person_group,
    participant_group,
    session_group,
)
from sessions_live.protocol import (
    BOARD_MESSAGES,
    CONNECTION_CHECK_MESSAGES,
    ProtocolError,
    event_texts_for,
    frames_of,
    is_id,
    message_decode,
)
from sessions_live.ratelimit import TokenBucket

logger = logging.getLogger(__name__)

RATE_LIMITED = ProtocolError(
    "rate_limited", "Too many messages too quickly. Wait a few seconds, then try again."
)


class DirectDispatchMixin:
    """Route each message straight to its handler, without Channels' database clean-up.

    Channels runs ``close_old_connections`` through the thread pool before
    every handler, including pure fan-out ones that never touch the database:
    a thread hop on every delivered note. Every database call in these
    consumers goes through ``database_sync_to_async``, which cleans up in its
    own thread, so the extra hop is pure cost.
    """

    async def dispatch(self, message: dict) -> None:
        """Call the handler for ``message["type"]``."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)


class ConnectionCheckConsumer(DirectDispatchMixin, AsyncWebsocketConsumer):
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


NOT_ALLOWED = ProtocolError(
    "not_allowed",
    "This device has not joined this session. "
    "Open your invite link, or type your code at /live/join/.",
)
REMOVED = ProtocolError(
    "removed", "The facilitator has removed you from this session. Ask them if you can come back."
)
SERVER_ERROR = (
    "Something went wrong on the server, so that was not saved. "
    "Try again; if it keeps happening, tell the facilitator."
)
CLOSE_NOT_ALLOWED = 4403
# What sending to a socket the client has just closed raises: daphne (through
# autobahn) raises Disconnected; uvicorn, like the ASGI spec, an OSError. The
# client is gone and disconnect() follows, so there is nothing to tell anyone.
SOCKET_CLOSED = (OSError, Disconnected)


class BoardConsumer(DirectDispatchMixin, AsyncWebsocketConsumer):
    """One screen's live connection to one session's board.

    Identity comes from the server-side session (the signed-in facilitator, or
    the participant this device joined as), never from a message. Rules and
    writes live in services and selectors; this class only routes.

    Changes reach this screen two ways: from the channel layer (every change,
    as it commits, through ``board_event``) and in replies this consumer
    builds (``welcome``, a fresh ``snapshot``, an ``ack``). While a reply is
    being built and sent, changes wait in ``self.held`` and follow it, so a
    reply's parts are never split by other messages, the writer hears "saved"
    before it sees its own change, and nothing the reply already covers is
    sent twice.
    """

    async def connect(self) -> None:
        """Work out who this is; refuse politely if they have no place here."""
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        self.groups_joined: list[str] = []
        self.welcomed = False
        self.held: list[dict] | None = None
        self.held_presence: list[str] | None = None
        # The latest "who is here" list for this screen's audience. The room is
        # told of every arrival (this screen's own too, presence_enter below), so
        # a welcome can be followed by this list instead of a database read per
        # screen: a room coming back after the Wi-Fi drops reads it once per burst.
        self.presence_frames: list[str] | None = None
        self.bucket = TokenBucket(capacity=30, refill_per_second=10)
        self.socket_send = socket_send_of(self.base_send)
        self.actor = await database_sync_to_async(actor_for)(
            session_id=self.session_id,
            user=self.scope.get("user"),
            django_session=self.scope.get("session"),
        )
        await self.accept()
        if self.actor is None:
            removed = await database_sync_to_async(participant_was_removed)(
                session_id=self.session_id, django_session=self.scope.get("session")
            )
            await self.send_event((REMOVED if removed else NOT_ALLOWED).as_event())
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        groups = [session_group(session_id=self.session_id)]
        if self.actor.is_facilitator:
            groups.append(facilitator_group(session_id=self.session_id))
        else:
            groups.append(
                focus_person_group(
                    session_id=self.session_id, focus_person_id=self.actor.focus_person_id
                )
            )
            groups.append(participant_group(participant_id=self.actor.participant_id))
        self.presence_audience = presence_audience_of(actor=self.actor)
        # Which version of a change this screen gets, by who the server says it is:
        # a removed note's words go only to its writer and the facilitator.
        self.event_audience = event_audience_of(actor=self.actor)
        register = getattr(self.channel_layer, "direct_register", None)
        if register is not None:
            # Handlers that only pass prepared text to the socket: the channel
            # layer may call them directly instead of queueing (sessions_live/layers.py).
            register(
                self.channel_name,
                {"board.event": self.board_event, "presence.changed": self.presence_changed},
            )
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = groups
        await database_sync_to_async(services.presence_enter)(
            session_id=self.session_id, channel_name=self.channel_name, actor=self.actor
        )

    async def disconnect(self, code: int) -> None:
        """Leave the groups and the presence list."""
        unregister = getattr(self.channel_layer, "direct_unregister", None)
        if unregister is not None:
            unregister(self.channel_name)
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.groups_joined:
            await database_sync_to_async(services.presence_leave)(
                session_id=self.session_id, channel_name=self.channel_name
            )

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Handle one frame. Bad frames get an error; the socket stays open."""
        if self.actor is None:
            return
        message = None
        try:
            if not self.bucket.allow(now=time.monotonic()):
                raise ProtocolError(
                    "rate_limited",
                    "Too many messages too quickly, so that one was not saved. "
                    "Wait a moment; your page will send it again.",
                    op_id=_op_id_of(text_data),
                )
            message = message_decode(
                text_data=text_data, bytes_data=bytes_data, specs=BOARD_MESSAGES
            )
            if message["type"] == "hello":
                await self.welcome(last_seq=message.get("last_seq"))
            elif message["type"] == "ping":
                await self.pong(ping_id=message["id"])
            else:
                await self.command(message)
        except ProtocolError as error:
            await self.send_event(error.as_event())
        except DomainError as error:
            await self.send_event({"type": "error", "code": error.code, "message": error.message})
        except SOCKET_CLOSED:
            pass  # the screen left while we answered
        except Exception:
            # A bug must not close the socket: the client would reconnect and
            # send the same frame again, for ever. Say so, log it, carry on.
            logger.exception("Board frame failed on session %s", self.session_id)
            reply = {"type": "error", "code": "server_error", "message": SERVER_ERROR}
            if message is not None and message.get("op_id"):
                reply["op_id"] = message["op_id"]
            await self.send_event(reply)

    async def command(self, message: dict) -> None:
        """Apply one board command; answer with its ack (or error) before its own event."""
        self.hold()
        try:
            result = await database_sync_to_async(services.board_command_apply)(
                session_id=self.session_id, actor=self.actor, message=message
            )
            await self.send_event(result.ack)
        except DomainError as error:
            reply = {"type": "error", "code": error.code, "message": error.message}
            reply["op_id"] = message["op_id"]
            await self.send_event(reply)
        finally:
            await self.release()

    async def welcome(self, *, last_seq: int | None) -> None:
        """Answer "hello" (the first, or one that repairs a gap) with what this screen needs."""
        self.hold()
        seq = None
        try:
            answer = await database_sync_to_async(selectors.board_welcome)(
                session_id=self.session_id, actor=self.actor, last_seq=last_seq
            )
            seq = answer["seq"]
            reply = {"type": "welcome", "you": self.you(), **answer}
            split = "snapshot" if "snapshot" in reply else None
            await self.send_frames(frames_of(reply, split=split))
            self.welcomed = True
        finally:
            presence_sent = await self.release(after_seq=seq)
        if not presence_sent and self.presence_frames is not None:
            await self.send_frames(self.presence_frames)
        # Otherwise the announcement of this screen's own arrival is on its way,
        # and reaches the screen now that it is welcomed.

    async def pong(self, *, ping_id: str) -> None:
        """Answer a ping with the heads of this screen's streams, so it can spot a gap."""
        heads = await database_sync_to_async(services.board_ping)(
            session_id=self.session_id, channel_name=self.channel_name, actor=self.actor
        )
        await self.send_event({"type": "pong", "id": ping_id, **heads})

    def you(self) -> dict:
        """Who the server says this screen is."""
        return {
            "role": self.actor.role,
            "key": self.actor.key,
            "name": self.actor.name,
            "focus_person_id": self.actor.focus_person_id,
        }

    def hold(self) -> None:
        """Keep changes from the channel layer back until ``release``."""
        if self.held is None:
            self.held = []

    async def release(self, *, after_seq: int | None = None) -> bool:
        """Send the changes held back (only those after ``after_seq``, when given).

        True when a "who is here" list was among them.
        """
        held, self.held = self.held or [], None
        presence, self.held_presence = self.held_presence, None
        for message in held:
            if self.welcomed and (after_seq is None or message["seq"] > after_seq):
                await self.send_frames(event_texts_for(message, audience=self.event_audience))
        if presence is not None and self.welcomed:
            await self.send_frames(presence)
            return True
        return False

    async def board_event(self, message: dict) -> None:
        """A committed change: pass it on (held while a reply is on its way).

        Before the first welcome there is nothing to pass on: the welcome
        will cover every change committed before it is read.
        """
        if self.held is not None:
            self.held.append(message)
        elif self.welcomed:
            # Straight to the socket: this runs once per screen for every change.
            await self.send_frames(event_texts_for(message, audience=self.event_audience))

    async def board_resync(self, message: dict) -> None:
        """Who may see what has changed: send a fresh board."""
        if not self.welcomed:
            return
        self.hold()
        seq = None
        try:
            state = await database_sync_to_async(selectors.board_state)(
                session_id=self.session_id, actor=self.actor
            )
            seq = state.pop("seq")
            await self.send_frames(frames_of({"type": "snapshot", **state}, split="snapshot"))
        finally:
            await self.release(after_seq=seq)

    async def presence_changed(self, message: dict) -> None:
        """Someone connected or left: pass on the list made for this screen's audience."""
        frames = presence_for_audience(lists=message["texts"], audience=self.presence_audience)
        self.presence_frames = frames
        if self.held is not None:
            self.held_presence = frames  # only the latest list matters
        elif self.welcomed:
            await self.send_frames(frames)

    async def participant_removed(self, message: dict) -> None:
        """The facilitator removed this participant: say so and close."""
        await self.send_event(REMOVED.as_event())
        await self.close(code=CLOSE_NOT_ALLOWED)

    async def send_event(self, event: dict) -> None:
        """Send one small JSON message (a reply, never a board) to this screen."""
        await self.send_frames(frames_of(event))

    async def send_frames(self, frames: list[str]) -> None:
        """Send prepared frames, in order; a screen that has gone is not an error."""
        try:
            for text in frames:
                await self.socket_send({"type": "websocket.send", "text": text})
        except SOCKET_CLOSED:
            logger.debug("Board screen on session %s left mid-send", self.session_id)


def socket_send_of(send):
    """The server's own ``send``, from under Channels' session wrapper, if there is one.

    The wrapper saves the session when an HTTP response starts; it never does
    on a WebSocket frame, yet it reads the (lazy) session on every frame, and
    that was a tenth of the cost of each delivered note.
    """
    wrapper = getattr(send, "__self__", None)
    if isinstance(wrapper, InstanceSessionWrapper):
        return wrapper.real_send
    return send


def _op_id_of(text_data: str | None) -> str | None:
    """Best-effort op_id from a frame, so an error can name the change it refuses."""
    try:
        value = json.loads(text_data or "").get("op_id")
    except (ValueError, AttributeError, RecursionError):
        return None
    return value if is_id(value) else None
