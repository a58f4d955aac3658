"""The benchmark itself runs, end to end, on a tiny workload (figures are not checked here)."""

import json
import os
import subprocess
import sys

import pytest

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
    # 3 people writing at random (seeded) moments: each note reaches the other two.
    run = result["embedded"]["runs"][0]
    assert run["sent"] > 0
    assert run["expected_deliveries"] == run["deliveries"] == 2 * run["sent"]
    assert "ratio_to_floor" in result
    assert "embedded" in completed.stdout


@pytest.mark.scaleout
def test_the_scale_out_mode_runs_two_processes_over_redis_and_delivers_everything(tmp_path):
    out = tmp_path / "tiny-scale-out.json"
    # The benchmark makes (and drops) databases of its own on the test's PostgreSQL server.
    env = {
        **os.environ,
        "BENCH_POSTGRES_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
        "BENCH_REDIS_URL": os.environ["REDIS_URL"],
    }
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
            "--modes",
            "scale-out",
            "--servers",
            "daphne,uvicorn",
            "--json-out",
            str(out),
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    result = json.loads(out.read_text())
    for label in ("scale-out/daphne", "scale-out/uvicorn"):
        assert result[label]["delivery_ratio"] == 1.0, result[label]
        run = result[label]["runs"][0]
        assert run["sent"] > 0
        assert run["expected_deliveries"] == run["deliveries"] == 2 * run["sent"]
