"""A client written only from docs/live-protocol.md: plain HTTP to join, then the socket.

It uses the standard library and the `websockets` package, none of the
project's code, against a real daphne server.
"""

import asyncio
import http.cookiejar
import json
import re
import urllib.parse
import urllib.request
import uuid

import pytest
from websockets.asyncio.client import connect

from sessions_live import services
from sessions_live.models import Note
from tests.sessions_live.factories import focus_person_make, session_make


@pytest.fixture
def invite(transactional_db, live_server_url):
    session = session_make()
    person = focus_person_make(session, "Amira")
    token = services.focus_person_invite_create(focus_person=person)
    return {"session_id": session.pk, "url": f"{live_server_url}/live/join/{token}/"}


def join_as(invite_url: str, name: str, relation: str) -> tuple[str, str]:
    """Follow the invite link like a browser; return (cookie header, final URL)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(invite_url)
    form_url = page.geturl()
    html = page.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "display_name": name, "relation": relation}
    ).encode()
    request = urllib.request.Request(form_url, data=body, headers={"Referer": form_url})  # noqa: S310
    landed = opener.open(request).geturl()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, landed


async def test_an_independent_client_joins_and_adds_edits_and_removes_a_note(
    invite, live_server_url
):
    cookie, landed = await asyncio.to_thread(join_as, invite["url"], "Yusuf", "family")
    assert landed.endswith(f"/live/s/{invite['session_id']}/")
    socket_url = live_server_url.replace("http", "ws") + f"/ws/live/{invite['session_id']}/"
    async with connect(
        socket_url, origin=live_server_url, additional_headers={"Cookie": cookie}
    ) as socket:

        async def next_message(kind: str) -> dict:
            while True:
                message = json.loads(await asyncio.wait_for(socket.recv(), 5))
                if message["type"] == kind:
                    return message

        await socket.send(json.dumps({"type": "hello", "last_seq": None}))
        welcome = await next_message("welcome")
        assert welcome["you"]["name"] == "Yusuf"
        chart = next(c for c in welcome["snapshot"]["charts"] if c["title"] == "A good day")

        async def command(**fields) -> dict:
            op_id = str(uuid.uuid4())
            await socket.send(json.dumps({**fields, "op_id": op_id}))
            ack = await next_message("ack")
            assert ack["op_id"] == op_id
            return ack

        added = await command(type="add_note", chart_id=chart["id"], text="Swimming with Jo")
        await command(
            type="edit_note", note_id=added["note_id"], text="Swimming with Jo", base_version=1
        )
        await command(type="remove_note", note_id=added["note_id"])

    note = await asyncio.to_thread(Note.objects.get, pk=added["note_id"])
    assert (note.author_name, note.version, note.is_removed) == ("Yusuf", 3, True)
