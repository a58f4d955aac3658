"""After-commit broadcasts: sent in commit order, without holding the database thread."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from sessions_live import broadcast
from sessions_live.layers import FanOutInMemoryChannelLayer

# Uses the channel layer (Redis in the scale-out pass), without the database.
pytestmark = pytest.mark.channel_layer


class GatedLayer(FanOutInMemoryChannelLayer):
    """The real in-process layer, except that group sends wait for a gate to open."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def group_send(self, group: str, message: dict) -> None:
        await self.gate.wait()
        await super().group_send(group, message)


async def test_a_worker_thread_hands_its_broadcasts_to_the_loop_and_moves_on(monkeypatch):
    layer = GatedLayer()
    monkeypatch.setattr(broadcast, "get_channel_layer", lambda: layer)
    channel = await layer.new_channel()
    await layer.group_add("broadcast-test", channel)

    def commit_three_changes() -> None:
        for n in range(3):
            broadcast.groups_send(groups=["broadcast-test"], message={"type": "t", "n": n})

    # Returns although the layer cannot send yet: the thread never waits for it.
    await asyncio.wait_for(sync_to_async(commit_three_changes)(), 5)
    assert layer.channels.get(channel) is None or layer.channels[channel].empty()
    layer.gate.set()
    received = [await asyncio.wait_for(layer.receive(channel), 5) for _ in range(3)]
    assert [m["n"] for m in received] == [0, 1, 2]


async def test_a_burst_of_coalesced_sends_is_built_and_sent_once():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("broadcast-burst", channel)
    builds = []

    def build():
        builds.append(len(builds) + 1)
        return ["broadcast-burst"], {"type": "t", "build": len(builds)}

    def burst() -> None:
        for _ in range(5):
            broadcast.groups_send_coalesced(key="burst", build=build, delay=0.05)

    await sync_to_async(burst)()
    assert await asyncio.wait_for(layer.receive(channel), 5) == {"type": "t", "build": 1}
    assert builds == [1]
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(layer.receive(channel), 0.3)


async def test_a_change_after_a_coalesced_send_gets_a_send_of_its_own():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("broadcast-again", channel)
    builds = []

    def build():
        builds.append(1)
        return ["broadcast-again"], {"type": "t", "build": len(builds)}

    def one_change() -> None:
        broadcast.groups_send_coalesced(key="again", build=build, delay=0.02)

    await sync_to_async(one_change)()
    assert (await asyncio.wait_for(layer.receive(channel), 5))["build"] == 1
    await sync_to_async(one_change)()
    assert (await asyncio.wait_for(layer.receive(channel), 5))["build"] == 2
