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

``FanOutInMemoryChannelLayer`` also sweeps for expired messages at most once a
second (Channels sweeps every channel on every send and receive) and copies a
group message once, not once per member.
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


class FanOutInMemoryChannelLayer(InMemoryChannelLayer):
    """``InMemoryChannelLayer`` with direct handlers and cheap group sends."""

    _last_sweep = 0.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.direct = DirectHandlers()

    def direct_register(self, channel: str, handlers: DirectHandlerMap) -> None:
        """See ``DirectHandlers.register``."""
        self.direct.register(channel, handlers)

    def direct_unregister(self, channel: str) -> None:
        """See ``DirectHandlers.unregister``."""
        self.direct.unregister(channel)

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._last_sweep >= SWEEP_INTERVAL_SECONDS:
            self._last_sweep = now
            super()._clean_expired()

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
            if self.direct.deliver(channel, shared):
                continue
            queue = self.channels.get(channel)
            if queue is None:
                queue = self.channels[channel] = asyncio.Queue(maxsize=self.get_capacity(channel))
            try:
                queue.put_nowait((expires, shared))
            except asyncio.QueueFull:
                # Same as Channels: a full channel misses this message.
                continue


__all__ = ["ChannelFull", "DirectHandlers", "FanOutInMemoryChannelLayer"]
