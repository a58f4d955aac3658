"""Redis channel layers compared: round trips and time per group send.

The scale-out setup carries every board change between server processes
through Redis. This measures, for Channels' core ``RedisChannelLayer`` and for
the project's ``FanOutRedisPubSubChannelLayer`` (channels_redis pub/sub), what
one ``group_send`` to a room costs: Redis commands (from ``INFO
commandstats``), wall time per send, and the time until every member has it.

    python -m bench.redis_layers                      # 20 screens per room, 2,000 sends
    python -m bench.redis_layers --members 60 --sends 500
"""

import argparse
import asyncio
import json
import statistics
import time
import uuid

import redis

from bench.run import REDIS_URL


def redis_commands(client: redis.Redis) -> int:
    """Commands Redis has processed so far, of every kind."""
    return sum(v["calls"] for v in client.info("commandstats").values())


async def measure(layer, *, members: int, sends: int) -> dict:
    """Send ``sends`` group messages to a group of ``members`` channels in this process."""
    channels = [await layer.new_channel() for _ in range(members)]
    group = f"bench-{uuid.uuid4().hex[:8]}"
    for channel in channels:
        await layer.group_add(group, channel)
    counter = redis.Redis.from_url(REDIS_URL)
    await asyncio.sleep(0.2)  # subscriptions settle
    before = redis_commands(counter)
    send_times, arrival_times = [], []
    for n in range(sends):
        started = time.perf_counter()
        await layer.group_send(group, {"type": "board.event", "n": n, "text": "x" * 300})
        sent = time.perf_counter()
        await asyncio.gather(*(layer.receive(channel) for channel in channels))
        arrived = time.perf_counter()
        send_times.append((sent - started) * 1e3)
        arrival_times.append((arrived - started) * 1e3)
    # Less the INFO calls made by this measurement itself.
    commands = redis_commands(counter) - before - 1
    await layer.flush()
    return {
        "redis_commands_per_send": commands / sends,
        "group_send_ms_p50": statistics.median(send_times),
        "all_received_ms_p50": statistics.median(arrival_times),
        "all_received_ms_p99": sorted(arrival_times)[int(0.99 * (len(arrival_times) - 1))],
    }


async def main_async(members: int, sends: int) -> dict:
    from channels_redis.core import RedisChannelLayer

    from sessions_live.layers_redis import FanOutRedisPubSubChannelLayer

    prefix = f"benchlayers{uuid.uuid4().hex[:6]}"
    return {
        "core RedisChannelLayer": await measure(
            RedisChannelLayer(hosts=[REDIS_URL], prefix=prefix), members=members, sends=sends
        ),
        "pub/sub (this project's)": await measure(
            FanOutRedisPubSubChannelLayer(hosts=[REDIS_URL], prefix=prefix),
            members=members,
            sends=sends,
        ),
    }


def main() -> None:
    """Run both layers and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--sends", type=int, default=2000)
    parser.add_argument("--json-out")
    args = parser.parse_args()
    result = asyncio.run(main_async(args.members, args.sends))
    print(f"{args.members} members per group, {args.sends} group sends")
    print("layer                       Redis cmds/send  send p50 ms  all received p50 / p99 ms")
    for name, m in result.items():
        print(
            f"{name:<27} {m['redis_commands_per_send']:15.1f} {m['group_send_ms_p50']:12.3f}"
            f"  {m['all_received_ms_p50']:.3f} / {m['all_received_ms_p99']:.3f}"
        )
    if args.json_out:
        with open(args.json_out, "w") as out:
            json.dump(result, out, indent=2)


if __name__ == "__main__":
    main()
