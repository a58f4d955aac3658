"""Channel layers with cheap fan-out. This module holds the embedded default's;
``sessions_live.layers_redis`` holds the scale-out one.

A note written on a busy board goes to every screen in the room. With
Channels' layers each delivery costs a queue put, a wake-up of the screen's
receive task, a wake-up of its consumer through ``asyncio.wait``, and a new
receive task: several task switches per screen, per note. Profiles showed that
as the largest cost per delivery once the database was tuned
(docs/performance.md).

So a consumer may register a **direct handler** for the few message types
that only pass prepared text on to its socket (``board.event``,
``presence.changed``). A group message of such a type is handed to that
handler at once, run eagerly up to its first wait, instead of being queued.
Sending to a socket normally finishes without waiting, so a delivery is one
function call; a screen that must wait (its socket is full) gets a task of its
own and holds up nobody else. Every other message type, and every channel
without a handler, goes through the queue exactly as before.

``FanOutInMemoryChannelLayer`` also:

- sweeps for expired messages at most once a second (Channels sweeps every
  channel on every send and receive);
- copies a group message once, not once per member;
- keeps each channel's pending messages in a slim inbox (a list and the
  waiting receiver) rather than an ``asyncio.Queue``: every open screen waits
  on its channel all the time, and a queue with its lock and four deques
  cost about 2.5 KB per screen (docs/performance.md, memory per socket);
- never drops a screen from its groups after 24 hours. Channels' default
  does, silently, and a projector left on overnight between the two days of
  a session would stop updating. A screen leaves its groups when it
  disconnects.
"""

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from copy import deepcopy

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer

logger = logging.getLogger(__name__)

SWEEP_INTERVAL_SECONDS = 1.0
DirectHandler = Callable[[dict], Awaitable[None]]
DirectHandlerMap = Mapping[str, DirectHandler]
EAGER_TASKS = sys.version_info >= (3, 12)


class DirectHandlers:
    """The direct handlers registered in one process, by channel name."""

    def __init__(self) -> None:
        self._handlers: dict[str, DirectHandlerMap] = {}
        self._waiting: set[asyncio.Task] = set()

    def register(self, channel: str, handlers: DirectHandlerMap) -> None:
        """Deliver group messages for ``channel`` whose type is in ``handlers`` by calling it."""
        self._handlers[channel] = dict(handlers)

    def unregister(self, channel: str) -> None:
        """Go back to queueing everything for ``channel``."""
        self._handlers.pop(channel, None)

    def __contains__(self, channel: str) -> bool:
        return channel in self._handlers

    def deliver(self, channel: str, message: dict) -> bool:
        """Hand ``message`` to ``channel``'s handler if it takes this type; say if it did."""
        handlers = self._handlers.get(channel)
        handler = handlers.get(message["type"]) if handlers is not None else None
        if handler is None:
            return False
        self._start(handler(message))
        return True

    def _start(self, coroutine) -> None:
        loop = asyncio.get_running_loop()
        if EAGER_TASKS:
            # Runs now, up to the first await; finished sends never touch the scheduler.
            task = asyncio.Task(coroutine, loop=loop, eager_start=True)
        else:  # Python 3.11: no eager tasks, so a task per delivery.
            task = loop.create_task(coroutine)
        if task.done():
            self._finished(task)
        else:
            self._waiting.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self._waiting.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if isinstance(error, OSError):
            # The socket closed as the message went out; its consumer is leaving anyway.
            logger.debug("Direct delivery to a closed socket: %s", error)
        elif error is not None:
            logger.error("Direct delivery failed", exc_info=error)


class _Inbox:
    """One channel's pending messages and the receivers waiting for them."""

    __slots__ = ("items", "maxsize", "waiters")

    def __init__(self, maxsize: int) -> None:
        self.items: list[tuple[float, dict]] = []
        self.waiters: list[asyncio.Future] = []
        self.maxsize = maxsize

    def put(self, item: tuple[float, dict]) -> bool:
        """Hand ``item`` to a waiting receiver, or keep it; False when the inbox is full."""
        while self.waiters:
            waiter = self.waiters.pop(0)
            if not waiter.done():
                waiter.set_result(item)
                return True
        if len(self.items) >= self.maxsize:
            return False
        self.items.append(item)
        return True


class FanOutInMemoryChannelLayer(InMemoryChannelLayer):
    """``InMemoryChannelLayer`` with direct handlers, cheap group sends and slim inboxes."""

    _last_sweep = 0.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.direct = DirectHandlers()
        self.channels: dict[str, _Inbox] = {}

    def direct_register(self, channel: str, handlers: DirectHandlerMap) -> None:
        """See ``DirectHandlers.register``."""
        self.direct.register(channel, handlers)

    def direct_unregister(self, channel: str) -> None:
        """See ``DirectHandlers.unregister``."""
        self.direct.unregister(channel)

    def _inbox(self, channel: str) -> _Inbox:
        inbox = self.channels.get(channel)
        if inbox is None:
            inbox = self.channels[channel] = _Inbox(self.get_capacity(channel))
        return inbox

    async def send(self, channel: str, message: dict) -> None:
        """Send ``message`` to one channel (raises ``ChannelFull`` when its inbox is full)."""
        assert isinstance(message, dict), "message is not a dict"  # noqa: S101
        self.require_valid_channel_name(channel)
        if not self._inbox(channel).put((time.time() + self.expiry, deepcopy(message))):
            raise ChannelFull(channel)

    async def receive(self, channel: str) -> dict:
        """The next message for ``channel``, waiting for one if need be."""
        self.require_valid_channel_name(channel)
        self._clean_expired()
        inbox = self._inbox(channel)
        if inbox.items:
            _expires, message = inbox.items.pop(0)
            self._forget_if_idle(channel, inbox)
            return message
        waiter = asyncio.get_running_loop().create_future()
        inbox.waiters.append(waiter)
        try:
            _expires, message = await waiter
        finally:
            # Also when the receiver is cancelled (its screen closed).
            if waiter in inbox.waiters:
                inbox.waiters.remove(waiter)
            self._forget_if_idle(channel, inbox)
        return message

    def _forget_if_idle(self, channel: str, inbox: _Inbox) -> None:
        if not inbox.items and not inbox.waiters and self.channels.get(channel) is inbox:
            del self.channels[channel]

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep < SWEEP_INTERVAL_SECONDS:
            return
        self._last_sweep = now
        wall = time.time()
        for channel, inbox in list(self.channels.items()):
            if inbox.items and inbox.items[0][0] < wall:
                # As Channels does: a channel that left messages unread is dead.
                inbox.items = [item for item in inbox.items if item[0] >= wall]
                self._remove_from_groups(channel)
            if not inbox.items and not inbox.waiters:
                self.channels.pop(channel, None)

    async def group_send(self, group: str, message: dict) -> None:
        """Send one shared copy of ``message`` to every channel in ``group``."""
        assert isinstance(message, dict), "Message is not a dict"  # noqa: S101
        self.require_valid_group_name(group)
        self._clean_expired()
        members = list(self.groups.get(group, {}))
        if not members:
            return
        # One copy, so the sender changing its dict later changes nothing delivered.
        shared = deepcopy(message)
        expires = time.time() + self.expiry
        for channel in members:
            if not self.direct.deliver(channel, shared):
                # Same as Channels: a full channel misses this message.
                self._inbox(channel).put((expires, shared))


__all__ = ["ChannelFull", "DirectHandlers", "FanOutInMemoryChannelLayer"]
