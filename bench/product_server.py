"""The real product server for the page benchmarks (first paint, content pages).

The same server as ``bench.run.board_server``: production settings, a fresh
SQLite database, ``config.serve.server_command`` (daphne by default), pinned
to core 0. Two things are added because these benchmarks load pages, not
only WebSockets:

- ``collectstatic`` into a temporary ``DJANGO_STATIC_ROOT``: production
  serves hashed static files through WhiteNoise and cannot render a page
  without their manifest.
- A temporary ``DJANGO_MEDIA_ROOT``, so demo pictures and their renditions
  never touch the project's own ``media/``.

Production redirects plain HTTP to HTTPS (TLS ends at the reverse proxy), so
clients send ``X-Forwarded-Proto: https`` (``PROXY_HEADERS``), as the proxy
would. Nothing in the server's settings is changed for the benchmark.
"""

import json
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from bench.run import BASE_DIR, free_port, pinned, stop, wait_for_port

SERVERS = ("daphne", "uvicorn")
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def product_env(workdir: Path) -> dict[str, str]:
    """The server's environment: production settings on files inside ``workdir``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SQLITE_PATH": str(workdir / "bench.sqlite3"),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    """Run ``manage.py`` with ``env``; return its output when ``capture`` is set."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return done.stdout if capture else ""


def module_json(env: dict[str, str], module: str, *args: str) -> dict:
    """Run ``python -m <module> <args>`` with ``env`` (the server's settings and
    database, in a Django of its own) and read the JSON it prints."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


@contextmanager
def product_server(
    workdir: Path,
    *,
    server: str = "daphne",
    before_start: Callable[[dict[str, str]], None] | None = None,
):
    """Migrate, collect static files, run ``before_start(env)``, then start the server.

    Yields ``{"process", "port", "env", "base_url", "log"}``; the server's output
    goes to ``workdir/server.log``.
    """
    from config.serve import server_command

    env = product_env(workdir)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    if before_start is not None:
        before_start(env)
    port = free_port()
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            pinned(server_command(server=server, host="127.0.0.1", port=port), 0),
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, process)
            yield {
                "process": process,
                "port": port,
                "env": env,
                "base_url": f"http://127.0.0.1:{port}",
                "log": log_path,
            }
        finally:
            stop(process)
