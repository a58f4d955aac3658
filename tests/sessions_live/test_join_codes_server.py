"""Join-code limits on a real server started as the README says, behind a proxy
(``python -m config.serve --behind-proxy``), against made-up X-Forwarded-For
headers and a fresh browser session on every try."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest

from sessions_live import services
from sessions_live.services import JOIN_CODE_GUESSES
from tests.servers import BASE_DIR, database_env, free_port
from tests.sessions_live.factories import focus_person_make, session_make

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def served_behind_proxy(server: str):
    """The README's command: ``python -m config.serve --behind-proxy``; yields its URL."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **database_env()}
    env.pop("DJANGO_BEHIND_PROXY", None)  # --behind-proxy must set it by itself
    command = [sys.executable, "-m", "config.serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--server", server, "--behind-proxy"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 30
            while True:
                assert process.poll() is None, "the server stopped"
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def csrf_for(base: str) -> tuple[str, str]:
    """A CSRF cookie and form token, got once; the session cookie is never kept."""
    response = OPENER.open(base + "/live/join/")
    cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    return cookie, token.group(1)


def try_code(base: str, csrf: tuple[str, str], code: str, forwarded_for: str) -> int:
    """Post a code as a brand-new browser (no session cookie); return the status."""
    body = urllib.parse.urlencode({"code": code, "csrfmiddlewaretoken": csrf[1]}).encode()
    request = urllib.request.Request(  # noqa: S310
        base + "/live/join/",
        data=body,
        headers={"Cookie": f"csrftoken={csrf[0]}", "X-Forwarded-For": forwarded_for},
    )
    try:
        return OPENER.open(request).status
    except urllib.error.HTTPError as error:
        return error.code


def wrong_code_not_aimed_at(code: str) -> str:
    group = "222" if not code.startswith("222") else "333"
    return group + "ZZZZZZ"


@pytest.mark.parametrize("server", ["daphne", "uvicorn"])
def test_made_up_forwarded_addresses_and_fresh_cookies_still_run_out_behind_the_proxy(server):
    person = focus_person_make(session_make(), "Amira")
    code = services.focus_person_code_create(focus_person=person)
    wrong = wrong_code_not_aimed_at(code)
    # The address the proxy really saw: one per server, because on the scale-out
    # pass the counts live in Redis and outlast the other server's run.
    seen = {"daphne": "198.51.100.7", "uvicorn": "198.51.100.17"}[server]
    with served_behind_proxy(server) as base:
        csrf = csrf_for(base)
        statuses = []
        for number in range(JOIN_CODE_GUESSES.address_cap + 1):
            # The client writes its own X-Forwarded-For; a proxy that appends
            # adds the address it really saw (198.51.100.7) on the right.
            made_up = f"203.0.113.{number % 250}, 10.{number % 250}.0.1"
            statuses.append(try_code(base, csrf, wrong, f"{made_up}, {seen}"))
        assert statuses[:-1] == [400] * JOIN_CODE_GUESSES.address_cap
        assert statuses[-1] == 429
        # The right code, even from a new browser, is refused on that address now...
        assert try_code(base, csrf, code, f"203.0.113.9, {seen}") == 429
        # ...but someone else, at another address the proxy saw, gets in.
        assert try_code(base, csrf, code, "198.51.100.8") == 302


def test_guessing_one_code_from_ever_new_addresses_and_cookies_pauses_that_code():
    person = focus_person_make(session_make(), "Amira")
    code = services.focus_person_code_create(focus_person=person)
    # Aimed at Amira's code (its first group), with a wrong secret part.
    aimed = code[:3] + ("222222" if code[3:] != "222222" else "333333")
    with served_behind_proxy("daphne") as base:
        csrf = csrf_for(base)
        statuses = [
            try_code(base, csrf, aimed, f"198.51.{number // 250}.{number % 250}")
            for number in range(JOIN_CODE_GUESSES.per_target + 1)
        ]
        assert statuses[:-1] == [400] * JOIN_CODE_GUESSES.per_target
        assert statuses[-1] == 429
        assert try_code(base, csrf, code, "192.0.2.77") == 429
