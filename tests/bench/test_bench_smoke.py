"""The benchmark itself runs, end to end, on a tiny workload (figures are not checked here)."""

import json
import subprocess
import sys

from tests.servers import BASE_DIR


def test_the_benchmark_runs_both_servers_and_delivers_every_message(tmp_path):
    out = tmp_path / "tiny.json"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--workload",
            "tiny",
            "--repeat",
            "1",
            "--duration",
            "2",
            "--json-out",
            str(out),
        ],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    result = json.loads(out.read_text())
    for mode in ("bare", "embedded"):
        assert result[mode]["delivery_ratio"] == 1.0, result[mode]
        assert result[mode]["errors"] == []
    # 3 people at 1 note/s for 2 s: each note reaches the other two.
    assert result["embedded"]["runs"][0]["expected_deliveries"] == 12
    assert "ratio_to_floor" in result
    assert "embedded" in completed.stdout
