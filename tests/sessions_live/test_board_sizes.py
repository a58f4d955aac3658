"""Boards of real size open live, on a real server with its 64 KiB message cap.

The guaranteed sizes (docs/live-protocol.md, section 4): a board of 10 focus
people x 14 headings (the standard ones) x 25 notes of 1,000 non-ASCII
characters, and a screen that missed 2,000 changes. Without messages in parts, daphne closes the
socket (1011) as soon as a welcome passes 64 KiB: about 220 short notes.
"""

import asyncio
import json

import pytest
from websockets.asyncio.client import connect

from bench.setup_board import big_board_make
from plans.headings import STANDARD_HEADINGS
from sessions_live.protocol import FRAME_BUDGET
from tests.servers import ServerProcess, database_env
from tests.sessions_live.factories import facilitator_make
from tests.sessions_live.live_client import BoardModel

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE, NOTES_PER_CHART = 10, 25


@pytest.fixture
def big_board():
    """10 people x the standard headings x 25 notes of 1,000 "é", through the real service."""
    return big_board_make(
        facilitator=facilitator_make(), people=PEOPLE, notes_per_chart=NOTES_PER_CHART
    )


async def welcome_of(base_url: str, board: dict, last_seq: int | None) -> tuple[dict, list[str]]:
    """Say hello on a fresh socket; return the whole welcome and the frames it came in."""
    url = base_url.replace("http", "ws") + f"/ws/live/{board['session_id']}/"
    model = BoardModel()
    frames = []
    async with connect(
        url, origin=base_url, additional_headers={"Cookie": board["cookie"]}, max_size=None
    ) as socket:
        await socket.send(json.dumps({"type": "hello", "last_seq": last_seq}))
        while True:
            text = await asyncio.wait_for(socket.recv(), 30)
            frames.append(text)
            message = model.receive(json.loads(text))
            if message is not None and message["type"] == "welcome":
                return message, frames


async def test_the_largest_guaranteed_board_and_2000_missed_changes_open_live(big_board, tmp_path):
    server = ServerProcess(env_overrides=database_env(), log_path=tmp_path / "server.log")
    server.start()
    try:
        welcome, frames = await welcome_of(server.url, big_board, last_seq=None)
        notes = welcome["snapshot"]["notes"]
        assert len(notes) == PEOPLE * len(STANDARD_HEADINGS) * NOTES_PER_CHART == big_board["notes"]
        assert all(n["text"].endswith("é" * 10) for n in notes)
        assert len(frames) > 100
        assert max(len(frame.encode()) for frame in frames) <= FRAME_BUDGET
        assert welcome["heads"] == {"public": big_board["seq"]}

        missed = 2000
        welcome, frames = await welcome_of(
            server.url, big_board, last_seq=big_board["seq"] - missed
        )
        assert [e["seq"] for e in welcome["events"]] == list(
            range(big_board["seq"] - missed + 1, big_board["seq"] + 1)
        )
        assert max(len(frame.encode()) for frame in frames) <= FRAME_BUDGET
    finally:
        server.stop()
    log = server.log()
    server.close()
    assert "Traceback" not in log
