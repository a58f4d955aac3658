"""Send committed changes to connected screens. Called from ``transaction.on_commit``
only, so no screen ever sees a change that was rolled back.

Services run in a worker thread (``database_sync_to_async``, or a sync view).
Waiting there for the channel layer would hold the database thread while the
event loop fans the message out, so every other write queues behind the
broadcast. Instead, when the thread was called from a running event loop, the
send is handed to that loop and the thread moves on. One sender task per loop
sends in the order the changes committed, so screens receive them in ``seq``
order on every channel layer. Called from plain sync code (a management
command, a test), it sends and waits, as before.
"""

import asyncio
import contextvars
import logging
import threading
from collections.abc import Callable

from asgiref.sync import SyncToAsync, async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

_senders: dict[asyncio.AbstractEventLoop, asyncio.Queue] = {}
_senders_lock = threading.Lock()
_pending: dict[asyncio.AbstractEventLoop, set[str]] = {}

Outgoing = tuple[list[str], dict]


def groups_send(*, groups: list[str], message: dict) -> None:
    """Send one channel-layer message to each group, in commit order."""
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _calling_loop()
    if loop is None:
        for group in groups:
            async_to_sync(layer.group_send)(group, message)
        return
    loop.call_soon_threadsafe(_sender_queue(loop).put_nowait, (layer, groups, message))


def groups_send_coalesced(*, key: str, build: Callable[[], Outgoing], delay: float) -> None:
    """Send ``build()``'s message to its groups within ``delay`` seconds, once per burst.

    For state where only the latest version matters (who is here now): however
    many changes arrive for ``key`` while one send is pending, ``build`` runs
    once, after ``delay``, reading the state then. Without an event loop to
    wait on, it builds and sends at once.
    """
    if get_channel_layer() is None:
        return
    loop = _calling_loop()
    if loop is None:
        groups, message = build()
        groups_send(groups=groups, message=message)
        return
    # A fresh context: the calling thread's (inside sync_to_async) would make
    # the later database_sync_to_async call refuse to run.
    loop.call_soon_threadsafe(_coalesce, loop, key, build, delay, context=contextvars.Context())


def _coalesce(loop: asyncio.AbstractEventLoop, key: str, build, delay: float) -> None:
    pending = _pending.setdefault(loop, set())
    if key in pending:
        return
    pending.add(key)
    loop.call_later(delay, lambda: loop.create_task(_build_and_send(loop, key, build)))


async def _build_and_send(loop: asyncio.AbstractEventLoop, key: str, build) -> None:
    # Cleared before reading, so a change committed while this reads gets a send of its own.
    _pending.get(loop, set()).discard(key)
    try:
        groups, message = await database_sync_to_async(build)()
    except Exception:
        logger.exception("Building the message for %s failed", key)
        return
    _sender_queue(loop).put_nowait((get_channel_layer(), groups, message))


def _calling_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop that called into this worker thread, if any."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        # Called on the loop itself: nothing here does that, but async_to_sync
        # would refuse, so say so plainly.
        raise RuntimeError("groups_send is for sync code; await the channel layer instead.")
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is None or loop.is_closed() or not loop.is_running():
        return None
    return loop


def _sender_queue(loop: asyncio.AbstractEventLoop) -> asyncio.Queue:
    """The loop's outgoing queue, with its one sender task (made on first use)."""
    with _senders_lock:
        queue = _senders.get(loop)
        if queue is None:
            queue = _senders[loop] = asyncio.Queue()
            # The queue is only touched on the loop, through call_soon_threadsafe.
            loop.call_soon_threadsafe(_sender_start, loop, queue, context=contextvars.Context())
        return queue


def _sender_start(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue) -> None:
    task = loop.create_task(
        _sender(queue), name="board-broadcast-sender", context=contextvars.Context()
    )
    task.add_done_callback(lambda _task: _senders.pop(loop, None))


async def _sender(queue: asyncio.Queue) -> None:
    while True:
        layer, groups, message = await queue.get()
        for group in groups:
            try:
                await layer.group_send(group, message)
            except Exception:
                # A failed send must not stop later ones; screens that miss a
                # change catch up from the event log when they next say hello.
                logger.exception("Broadcast to %s failed", group)
