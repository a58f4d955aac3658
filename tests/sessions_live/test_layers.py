"""The embedded default's in-process channel layer: same behaviour, cheaper fan-out."""

import asyncio

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
