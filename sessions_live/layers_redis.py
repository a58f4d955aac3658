"""The scale-out channel layer: channels_redis's pub/sub layer with direct handlers.

Why pub/sub: the core ``RedisChannelLayer`` makes several round trips to Redis
per group send (read the group's members, then a send per member, each to a
list of its own), while the pub/sub layer sends one PUBLISH per group and
Redis fans it out to each subscribed process. Each process then decodes the
message once and hands it to its own screens, through their direct handlers
(see ``sessions_live.layers``) where they have one, or their queues.

Pub/sub keeps nothing: a process that is not listening at that moment misses
the message. Screens recover from that the same way as from a dropped
connection: they ask for the changes since their last ``seq``.

Only imported when ``REDIS_URL`` is set (channels_redis is in the ``scale`` extra).
"""

import asyncio

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close, decode_hosts

from sessions_live.layers import DirectHandlerMap, DirectHandlers


class _DirectShardConnection(RedisSingleShardConnection):
    """One Redis connection; group messages are decoded once per process, not per screen."""

    def _receive_message(self, message) -> None:
        if message is None:
            return
        name, data = message["channel"], message["data"]
        if isinstance(name, bytes):
            name = name.decode()
        layer = self.channel_layer
        if name in layer.channels:
            layer.channels[name].put_nowait(data)
            return
        decoded = None
        for channel in list(layer.groups.get(name, ())):
            queue = layer.channels.get(channel)
            if queue is None:
                continue
            if channel in layer.direct:
                if decoded is None:
                    decoded = layer.channel_layer.deserialize(data)
                if layer.direct.deliver(channel, decoded):
                    continue
            queue.put_nowait(data)


class _DirectLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, hosts=None, **kwargs) -> None:
        super().__init__(hosts=hosts, **kwargs)
        self.direct = DirectHandlers()
        self._shards = [_DirectShardConnection(host, self) for host in decode_hosts(hosts)]

    def direct_register(self, channel: str, handlers: DirectHandlerMap) -> None:
        """See ``DirectHandlers.register``."""
        self.direct.register(channel, handlers)

    def direct_unregister(self, channel: str) -> None:
        """See ``DirectHandlers.unregister``."""
        self.direct.unregister(channel)


class FanOutRedisPubSubChannelLayer(RedisPubSubChannelLayer):
    """``RedisPubSubChannelLayer`` whose per-loop layers support direct handlers."""

    def _get_layer(self):
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = self._layers[loop] = _DirectLoopLayer(
                *self._args, **self._kwargs, channel_layer=self
            )
            _wrap_close(self, loop)
            return layer
