"""The floor: a bare broadcast server written with the `websockets` library.

Rooms are keyed by the request path; every text message a client sends is
sent as it is to every other client in the same room. No framework, no
database, no authentication: the least work a live board could possibly do.

    python -m bench.bare_server --port 8765
"""

import argparse
import asyncio
from collections import defaultdict

from websockets.asyncio.server import broadcast, serve

ROOMS: dict[str, set] = defaultdict(set)


async def handler(connection) -> None:
    """Join the room named by the path; relay every message to the rest of the room."""
    room = ROOMS[connection.request.path]
    room.add(connection)
    try:
        async for message in connection:
            broadcast([peer for peer in room if peer is not connection], message)
    finally:
        room.discard(connection)


async def main(host: str, port: int) -> None:
    """Serve until killed."""
    async with serve(handler, host, port, max_size=64 * 1024, compression=None) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    asyncio.run(main(args.host, args.port))
