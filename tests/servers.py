"""Start real server processes for tests, with the same commands the README uses."""

import os
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from config.serve import server_command

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Ask the OS for a free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_for(settings_dict: dict) -> str:
    """A DATABASE_URL that points a server process at the test database."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def database_env() -> dict[str, str]:
    """Environment that points a server process at the test database."""
    from django.db import connection

    return {"DATABASE_URL": database_url_for(connection.settings_dict)}


class ServerProcess:
    """One server process on a fixed port, which a test can kill and start again.

    Its output goes to a log file the test can read (``log``); a restart keeps
    the port, so clients reconnect to the same address, as after a real crash.
    """

    def __init__(
        self,
        *,
        env_overrides: dict[str, str],
        server: str = "daphne",
        log_path: Path | None = None,
        port: int | None = None,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = server
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            # A server that outlives the test database's flushes (config.testing).
            "TEST_SERVER_PROCESS": "1",
            **env_overrides,
        }
        self.log_file = open(log_path, "w+b") if log_path else tempfile.TemporaryFile()  # noqa: SIM115
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 30.0) -> "ServerProcess":
        """Start the server and wait until it listens."""
        self.process = subprocess.Popen(
            server_command(server=self.server, host="127.0.0.1", port=self.port),
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.server} exited early:\n{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.server} did not start listening in time") from None
                time.sleep(0.1)

    def kill(self) -> None:
        """kill -9: no clean-up, no goodbyes, as when a machine loses power."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Stop the server politely (then firmly)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self) -> str:
        """Everything the server has written so far."""
        self.log_file.flush()
        self.log_file.seek(0)
        return self.log_file.read().decode(errors="replace")

    def close(self) -> None:
        self.stop()
        self.log_file.close()


@contextmanager
def running_server(
    *,
    env_overrides: dict[str, str],
    timeout: float = 30.0,
    server: str = "daphne",
    log_path: Path | None = None,
):
    """Run ``server`` (daphne or uvicorn) on a free port until the block ends; yield its URL.

    With ``log_path``, the server's output (stdout and stderr) goes to that file,
    for the test to read; complete once the block has ended.
    """
    process = ServerProcess(env_overrides=env_overrides, server=server, log_path=log_path)
    try:
        process.start(timeout=timeout)
        yield process.url
    finally:
        process.close()
