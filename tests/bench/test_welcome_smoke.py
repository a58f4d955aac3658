"""The large-board welcome benchmark runs end to end on a small board (figures are not checked)."""

from plans.headings import STANDARD_HEADINGS
from sessions_live.protocol import FRAME_BUDGET
from tests.bench.runner import bench_run


def test_a_small_board_too_big_for_one_frame_opens_in_parts(tmp_path):
    _, result = bench_run(
        "bench.welcome",
        *("--people", "2", "--notes-per-chart", "2", "--missed", "20", "--repeat", "1"),
        out=tmp_path / "welcome.json",
        timeout=240,
    )
    assert result["board"]["notes"] == 2 * len(STANDARD_HEADINGS) * 2  # people x charts x notes
    assert result["fresh"]["kind"] == "snapshot"
    assert result["fresh"]["frames"] > 1
    assert result["fresh"]["largest_frame"] <= FRAME_BUDGET
    assert result["back"]["kind"] == "events"
