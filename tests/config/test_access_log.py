"""Invite tokens never reach the server's logs: real daphne and uvicorn processes
are asked for a join link, and their whole output is read."""

import contextlib
import secrets
import time
import urllib.error
import urllib.request

import pytest

from config.access_log import path_redact
from tests.servers import database_env, running_server


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/live/join/Xy7_abc-123/", "/live/join/[hidden]/"),
        ("/live/join/Xy7abc123", "/live/join/[hidden]"),
        ("/live/join/Xy7abc123/?next=/x/", "/live/join/[hidden]/?next=/x/"),
        ("/training/join/abcDEF123/", "/training/join/[hidden]/"),
        ("/live/plans/cards/?name=Helen", "/live/plans/cards/?[hidden]"),
        (
            "/training/certificates/check/7K3Q-9XWD-M2PA/",
            "/training/certificates/check/[hidden]/",
        ),
        # The page to type a code into has none in its address.
        ("/training/certificates/check/", "/training/certificates/check/"),
        # Pages with nothing secret in their address are logged as they are.
        ("/live/join/", "/live/join/"),
        ("/live/join/details/", "/live/join/details/"),
        ("/live/s/12/", "/live/s/12/"),
        ("/live/card/", "/live/card/"),
    ],
)
def test_secrets_in_addresses_are_hidden_and_nothing_else_is(path, logged):
    assert path_redact(path) == logged


def test_a_whole_log_line_is_redacted_too():
    line = '127.0.0.1:5000 - - [01/Jun/2025:10:00:00] "GET /live/join/Xy7abc123/" 302 -'
    assert "Xy7abc123" not in path_redact(line)


def fetch(url: str) -> None:
    # A 404 for an unknown token is logged all the same.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(url, timeout=10).read()  # noqa: S310 (a local test server)


@pytest.mark.parametrize("server", ["daphne", "uvicorn"])
def test_the_servers_logs_never_hold_an_invite_token(
    django_db_setup, django_db_blocker, tmp_path, server
):
    token = secrets.token_urlsafe(24)
    course_token = secrets.token_urlsafe(24)
    log_path = tmp_path / f"{server}.log"
    with django_db_blocker.unblock():
        env = database_env()
    with running_server(
        env_overrides={**env, "DJANGO_LOG_LEVEL": "INFO"}, server=server, log_path=log_path
    ) as url:
        fetch(f"{url}/live/join/{token}/")
        fetch(f"{url}/training/join/{course_token}/")
        fetch(f"{url}/live/join/details/")
        time.sleep(0.5)  # the access log is written as the response finishes
    log = log_path.read_text()
    assert token not in log
    assert course_token not in log
    # The requests are still logged, with the secret hidden.
    assert "/live/join/[hidden]/" in log
    assert "/training/join/[hidden]/" in log
    assert "/live/join/details/" in log
