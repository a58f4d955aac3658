"""The reconnect-storm benchmark runs end to end on a small storm (figures are not checked)."""

from tests.bench.runner import bench_run


def test_a_small_storm_brings_every_screen_back_with_every_note_once(tmp_path):
    out = tmp_path / "storm.json"
    _, result = bench_run(
        "bench.storm",
        "--sockets",
        "20",
        "--participants",
        "10",
        "--rate",
        "1",
        "--window",
        "1",
        "--warm",
        "1",
        "--after",
        "1",
        out=out,
        timeout=240,
    )
    assert result["sockets"] == 20
    assert result["notes_written"] > 0
    assert result["notes_stored"] == result["notes_written"]
    assert result["lost_notes"] == result["duplicate_ops"] == 0
    assert result["screens_out_of_step"] == 0
