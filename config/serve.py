"""Start the product under an ASGI server with the project's limits.

This is the one place that knows the server command lines, so the README's
run command, the tests and the benchmarks all start the same server.

    python -m config.serve --host 127.0.0.1 --port 8000                # daphne
    python -m config.serve --host 127.0.0.1 --port 8000 --server uvicorn

daphne is the default and is tested on every run. uvicorn (with uvloop) is
offered because it sends live board messages at a fraction of daphne's CPU
cost: see docs/performance.md for the figures.
"""

import argparse
import os
import sys
from pathlib import Path

from config.settings.base import WEBSOCKET_MAX_MESSAGE_SIZE

SERVERS = ("daphne", "uvicorn")
UVICORN_LOG_CONFIG = Path(__file__).resolve().parent / "uvicorn_logging.json"
# Where the reverse proxy connects from: the same machine, as in the README.
PROXY_ADDRESSES = "127.0.0.1,::1"


def daphne_command(*, host: str, port: int, behind_proxy: bool = False) -> list[str]:
    """Return the daphne command line, with WebSocket messages capped at 64 KiB.

    It runs daphne through config.daphne_server, which adds the WebSocket Denial
    Response extension daphne lacks (so an unknown address answers 404).
    """
    command = [
        sys.executable,
        "-m",
        "config.daphne_server",
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
        # daphne takes the *first* X-Forwarded-For entry, which is the client's
        # only when the proxy replaces the header (the README's nginx does). It
        # is used for daphne's own log; the limits take the proxy's own hop
        # whatever daphne does (cms.guesses.client_address).
        command.append("--proxy-headers")
    command.append("config.asgi:application")
    return command


def uvicorn_command(*, host: str, port: int, behind_proxy: bool = False) -> list[str]:
    """Return the uvicorn command line, with the same 64 KiB cap as daphne."""
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--host",
        host,
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--ws",
        "websockets-sansio",
        "--ws-max-size",
        str(WEBSOCKET_MAX_MESSAGE_SIZE),
        # Board messages are small JSON; compressing each costs more CPU than
        # it saves on a local network, and old phones pay for it too.
        "--ws-per-message-deflate",
        "false",
        "--lifespan",
        "off",
        # uvicorn's own logging, with invite tokens hidden from its access log
        # (config.access_log).
        "--log-config",
        str(UVICORN_LOG_CONFIG),
        "--timeout-graceful-shutdown",
        "5",
    ]
    if behind_proxy:
        # Headers only from the proxy's own address; uvicorn then takes the
        # right-most entry that is not the proxy ("*" would take the first,
        # which the client can write).
        command += ["--proxy-headers", "--forwarded-allow-ips", PROXY_ADDRESSES]
    else:
        command.append("--no-proxy-headers")
    command.append("config.asgi:application")
    return command


def server_command(
    *, server: str = "daphne", host: str, port: int, behind_proxy: bool = False
) -> list[str]:
    """The command line for ``server`` ("daphne" or "uvicorn")."""
    if server == "daphne":
        return daphne_command(host=host, port=port, behind_proxy=behind_proxy)
    if server == "uvicorn":
        return uvicorn_command(host=host, port=port, behind_proxy=behind_proxy)
    raise ValueError(f"Unknown server {server!r}: choose one of {', '.join(SERVERS)}.")


def main() -> None:
    """Replace this process with the chosen server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default=os.environ.get("ASGI_SERVER", "daphne"),
        help="which ASGI server to run (default: daphne, or $ASGI_SERVER)",
    )
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="take each device's address from the reverse proxy's own X-Forwarded-For entry",
    )
    args = parser.parse_args()
    if args.behind_proxy:
        # Tells the site to take a device's address from the proxy's own hop
        # (settings.BEHIND_PROXY, cms.guesses.client_address).
        os.environ["DJANGO_BEHIND_PROXY"] = "true"
    command = server_command(
        server=args.server, host=args.host, port=args.port, behind_proxy=args.behind_proxy
    )
    os.execv(command[0], command)  # noqa: S606


if __name__ == "__main__":
    main()
