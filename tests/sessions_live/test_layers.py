"""The embedded default's in-process channel layer: same behaviour, cheaper fan-out."""

import asyncio
import uuid

import pytest

from sessions_live import layers
from sessions_live.layers import FanOutInMemoryChannelLayer


async def test_a_group_message_reaches_every_member_once():
    layer = FanOutInMemoryChannelLayer()
    channels = [await layer.new_channel() for _ in range(5)]
    outsider = await layer.new_channel()
    for channel in channels:
        await layer.group_add("live-1", channel)
    await layer.group_send("live-1", {"type": "board.event", "n": 1})
    for channel in channels:
        assert await layer.receive(channel) == {"type": "board.event", "n": 1}
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(layer.receive(outsider), 0.1)
    for channel in channels:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(layer.receive(channel), 0.05)


async def test_the_sender_changing_its_dict_afterwards_changes_nothing_delivered():
    layer = FanOutInMemoryChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("live-1", channel)
    message = {"type": "board.event", "event": {"text": "before"}}
    await layer.group_send("live-1", message)
    message["event"]["text"] = "after"
    assert (await layer.receive(channel))["event"]["text"] == "before"


async def test_a_full_channel_misses_the_message_but_others_still_get_it():
    layer = FanOutInMemoryChannelLayer(capacity=1)
    full, free = await layer.new_channel(), await layer.new_channel()
    for channel in (full, free):
        await layer.group_add("live-1", channel)
    await layer.send(full, {"type": "x"})
    await layer.group_send("live-1", {"type": "y"})
    assert (await layer.receive(free))["type"] == "y"
    assert (await layer.receive(full))["type"] == "x"


async def test_expired_messages_are_still_swept(monkeypatch):
    monkeypatch.setattr(layers, "SWEEP_INTERVAL_SECONDS", 0.0)
    layer = FanOutInMemoryChannelLayer(expiry=0)
    channel = await layer.new_channel()
    await layer.group_add("live-1", channel)
    await layer.group_send("live-1", {"type": "stale"})
    await asyncio.sleep(0.01)
    layer._clean_expired()
    assert channel not in layer.channels


def _recorder(seen: list):
    async def handler(message: dict) -> None:
        seen.append(message)

    return handler


async def test_a_direct_handler_gets_its_message_types_without_the_queue():
    layer = FanOutInMemoryChannelLayer()
    direct, queued = await layer.new_channel(), await layer.new_channel()
    for channel in (direct, queued):
        await layer.group_add("live-1", channel)
    seen = []
    layer.direct_register(direct, {"board.event": _recorder(seen)})
    await layer.group_send("live-1", {"type": "board.event", "n": 1})
    # Handed over during group_send itself: no task switch needed.
    assert seen == [{"type": "board.event", "n": 1}]
    assert direct not in layer.channels
    assert await layer.receive(queued) == {"type": "board.event", "n": 1}


async def test_other_message_types_and_unregistered_channels_still_use_the_queue():
    layer = FanOutInMemoryChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("live-1", channel)
    seen = []
    layer.direct_register(channel, {"board.event": _recorder(seen)})
    await layer.group_send("live-1", {"type": "board.resync"})
    assert seen == []
    assert await layer.receive(channel) == {"type": "board.resync"}
    layer.direct_unregister(channel)
    await layer.group_send("live-1", {"type": "board.event", "n": 2})
    assert seen == []
    assert await layer.receive(channel) == {"type": "board.event", "n": 2}


async def test_a_screen_that_must_wait_holds_up_nobody_else():
    layer = FanOutInMemoryChannelLayer()
    slow, fast = await layer.new_channel(), await layer.new_channel()
    for channel in (slow, fast):
        await layer.group_add("live-1", channel)
    writable = asyncio.Event()
    slow_seen, fast_seen = [], []

    async def slow_handler(message: dict) -> None:
        await writable.wait()  # like a socket whose buffer is full
        slow_seen.append(message["n"])

    layer.direct_register(slow, {"board.event": slow_handler})
    layer.direct_register(fast, {"board.event": _recorder(fast_seen)})
    for n in range(3):
        await layer.group_send("live-1", {"type": "board.event", "n": n})
    assert [m["n"] for m in fast_seen] == [0, 1, 2]
    assert slow_seen == []
    writable.set()
    await asyncio.sleep(0.01)
    assert slow_seen == [0, 1, 2]  # in order, once the socket drains


async def test_a_failing_direct_handler_is_logged_and_the_others_still_get_the_message(caplog):
    layer = FanOutInMemoryChannelLayer()
    broken, fine = await layer.new_channel(), await layer.new_channel()
    for channel in (broken, fine):
        await layer.group_add("live-1", channel)

    async def explode(message: dict) -> None:
        raise ValueError("boom")

    seen = []
    layer.direct_register(broken, {"board.event": explode})
    layer.direct_register(fine, {"board.event": _recorder(seen)})
    await layer.group_send("live-1", {"type": "board.event"})
    assert len(seen) == 1
    assert "Direct delivery failed" in caplog.text


@pytest.mark.scaleout
async def test_the_redis_pub_sub_layer_hands_group_messages_to_direct_handlers():
    from sessions_live.layers_redis import FanOutRedisPubSubChannelLayer
    from tests.sessions_live.test_servers import redis_url

    prefix = f"layer-test-{uuid.uuid4().hex}"
    sender = FanOutRedisPubSubChannelLayer(hosts=[redis_url()], prefix=prefix)
    receiver = FanOutRedisPubSubChannelLayer(hosts=[redis_url()], prefix=prefix)
    direct, queued = await receiver.new_channel(), await receiver.new_channel()
    for channel in (direct, queued):
        await receiver.group_add("live-1", channel)
    arrived = asyncio.Event()
    seen = []

    async def handler(message: dict) -> None:
        seen.append(message)
        arrived.set()

    receiver.direct_register(direct, {"board.event": handler})
    try:
        await sender.group_send("live-1", {"type": "board.event", "text": "hello"})
        await asyncio.wait_for(arrived.wait(), 5)
        assert seen == [{"type": "board.event", "text": "hello"}]
        assert await asyncio.wait_for(receiver.receive(queued), 5) == {
            "type": "board.event",
            "text": "hello",
        }
        # Other types still queue, on the direct channel too.
        await sender.group_send("live-1", {"type": "board.resync"})
        assert await asyncio.wait_for(receiver.receive(direct), 5) == {"type": "board.resync"}
        assert len(seen) == 1
    finally:
        await sender.flush()
        await receiver.flush()


async def test_a_screen_still_gets_group_messages_after_a_day_connected(monkeypatch):
    # Channels drops members after 24 hours; a projector left on overnight would go quiet.
    monkeypatch.setattr(layers, "SWEEP_INTERVAL_SECONDS", 0.0)
    layer = FanOutInMemoryChannelLayer()
    channel = await layer.new_channel()
    await layer.group_add("live-1", channel)
    layer.groups["live-1"][channel] -= 25 * 60 * 60
    await layer.group_send("live-1", {"type": "board.event", "n": 1})
    assert await asyncio.wait_for(layer.receive(channel), 1) == {"type": "board.event", "n": 1}


async def test_a_closed_screen_leaves_no_inbox_behind():
    layer = FanOutInMemoryChannelLayer()
    channel = await layer.new_channel()
    waiting = asyncio.create_task(layer.receive(channel))
    await asyncio.sleep(0)
    assert channel in layer.channels
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert channel not in layer.channels


async def test_sending_to_a_full_channel_says_so_and_keeps_what_it_had():
    layer = FanOutInMemoryChannelLayer(capacity=2)
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "a"})
    await layer.send(channel, {"type": "b"})
    with pytest.raises(layers.ChannelFull):
        await layer.send(channel, {"type": "c"})
    assert [(await layer.receive(channel))["type"] for _ in range(2)] == ["a", "b"]
