"""The reconnect-storm benchmark runs end to end on a small storm (figures are not checked)."""

import json
import subprocess
import sys

from tests.servers import BASE_DIR


def test_a_small_storm_brings_every_screen_back_with_every_note_once(tmp_path):
    out = tmp_path / "storm.json"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
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
            "--json-out",
            str(out),
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["sockets"] == 20
    assert result["notes_written"] > 0
    assert result["notes_stored"] == result["notes_written"]
    assert result["lost_notes"] == result["duplicate_ops"] == 0
    assert result["screens_out_of_step"] == 0
