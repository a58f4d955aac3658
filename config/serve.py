"""Start the product under daphne with the project's limits.

This is the one place that knows the server command line, so the README's
run command, the tests and the benchmarks all start the same server.

    python -m config.serve --host 127.0.0.1 --port 8000
"""

import argparse
import os
import sys

from config.settings.base import WEBSOCKET_MAX_MESSAGE_SIZE


def daphne_command(*, host: str, port: int, behind_proxy: bool = False) -> list[str]:
    """Return the daphne command line, with WebSocket messages capped at 64 KiB."""
    command = [
        sys.executable,
        "-m",
        "daphne",
        "--bind",
        host,
        "--port",
        str(port),
        "--websocket-max-message-size",
        str(WEBSOCKET_MAX_MESSAGE_SIZE),
        "--websocket-max-frame-size",
        str(WEBSOCKET_MAX_MESSAGE_SIZE),
    ]
    if behind_proxy:
        # Trust X-Forwarded-For only when a reverse proxy sets it.
        command.append("--proxy-headers")
    command.append("config.asgi:application")
    return command


def main() -> None:
    """Replace this process with daphne."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="trust X-Forwarded-For from a reverse proxy in front of this server",
    )
    args = parser.parse_args()
    command = daphne_command(host=args.host, port=args.port, behind_proxy=args.behind_proxy)
    os.execv(command[0], command)  # noqa: S606


if __name__ == "__main__":
    main()
