"""The budget reveal through the real socket stack: the person's screens and their
ally's get the moment live; another table's screen and the facilitator's (the
projector is one) get not one frame that hints at it, live or on coming back."""

import pytest
from asgiref.sync import sync_to_async

from sessions_live import services
from tests.sessions_live.factories import (
    budget_record,
    device_cookie,
    focus_person_make,
    participant_make,
    session_make,
)
from tests.sessions_live.test_board_socket import next_of_type, open_board

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def room():
    session = session_make()
    amira = focus_person_make(session, "Amira")
    ben = focus_person_make(session, "Ben")
    budget_record(amira, "412.35")
    return {
        "session": session,
        "amira": amira,
        "cookies": {
            "amira": device_cookie(participant_make(amira)),
            "yusuf": device_cookie(participant_make(amira, "Yusuf", "family")),
            "ben": device_cookie(participant_make(ben)),
            "fran": device_cookie(user=session.facilitator),
        },
    }


async def frames_until_quiet(socket) -> list[str]:
    """Every frame a socket is sent until it has been quiet for half a second."""
    frames = []
    while not await socket.receive_nothing(timeout=0.5):
        frames.append(await socket.receive_from())
    return frames


async def test_the_reveal_reaches_the_persons_table_only_live_and_on_return(room):
    session_id = room["session"].pk
    sockets, welcomes = {}, {}
    for name, cookie in room["cookies"].items():
        sockets[name], welcomes[name] = await open_board(session_id, cookie)
    # Sealed: in nobody's welcome.
    assert all("412" not in str(welcome) for welcome in welcomes.values())

    await sync_to_async(services.budget_reveal)(session=room["session"], focus_person=room["amira"])
    for name in ("amira", "yusuf"):
        message = await next_of_type(sockets[name], "event")
        assert message["event"]["kind"] == "budget_shown"
        assert message["event"]["budget"]["per_week"] == "£412.35"
        assert message["event"]["stream"] == f"money-{room['amira'].pk}"
    for name in ("ben", "fran"):
        frames = await frames_until_quiet(sockets[name])
        assert not [f for f in frames if "412" in f or "budget" in f or "money-" in f]

    # Coming back with an old seq, or fresh: still nothing for them, the budget for Amira.
    for name, last_seq in (("ben", 0), ("fran", 0), ("ben", None), ("fran", None)):
        await sockets[name].disconnect()
        sockets[name], welcome = await open_board(session_id, room["cookies"][name], last_seq)
        assert "412" not in str(welcome)
        assert not any(stream.startswith("money-") for stream in welcome["heads"])
    await sockets["amira"].disconnect()
    sockets["amira"], welcome = await open_board(session_id, room["cookies"]["amira"], None)
    assert welcome["snapshot"]["budgets"][0]["per_year"] == "£21,442.20"
    for socket in sockets.values():
        await socket.disconnect()


async def test_an_allys_costing_row_reaches_the_persons_screen_and_no_other_table(room):
    session_id = room["session"].pk
    sockets = {}
    for name in ("amira", "yusuf", "ben"):
        sockets[name], _ = await open_board(session_id, room["cookies"][name])
    await sockets["yusuf"].send_json_to(
        {
            "type": "save_cost_line",
            "op_id": "cost-1",
            "focus_person_id": room["amira"].pk,
            "what": "Swimming club",
            "amount": "£30",
            "period": "month",
        }
    )
    ack = await next_of_type(sockets["yusuf"], "ack")
    assert ack["line_id"] > 0
    shown = await next_of_type(sockets["amira"], "event")
    assert shown["event"]["costing"]["lines"][0]["cost"] == "£30.00 a month"
    assert not [f for f in await frames_until_quiet(sockets["ben"]) if "Swimming" in f]
    # A bad amount: a coded error that quotes what was typed, and the socket stays usable.
    await sockets["yusuf"].send_json_to(
        {
            "type": "save_cost_line",
            "op_id": "cost-2",
            "focus_person_id": room["amira"].pk,
            "what": "Cinema",
            "amount": "lots",
            "period": "week",
        }
    )
    error = await next_of_type(sockets["yusuf"], "error")
    assert (error["code"], error["op_id"]) == ("not_a_number", "cost-2")
    assert "“lots”" in error["message"]
    await sockets["yusuf"].send_json_to({"type": "ping", "id": "still-here"})
    assert (await next_of_type(sockets["yusuf"], "pong"))["id"] == "still-here"
    for socket in sockets.values():
        await socket.disconnect()
