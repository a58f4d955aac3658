"""The benchmark itself runs, end to end, on a tiny workload (figures are not checked here)."""

import os

import pytest

from tests.bench.runner import bench_run


def test_the_benchmark_runs_both_servers_and_delivers_every_message(tmp_path):
    out = tmp_path / "tiny.json"
    completed, result = bench_run(
        "bench.run", "--workload", "tiny", "--repeat", "1", "--duration", "2", out=out, timeout=240
    )
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
    _, result = bench_run(
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
        out=out,
        timeout=400,
        env=env,
    )
    for label in ("scale-out/daphne", "scale-out/uvicorn"):
        assert result[label]["delivery_ratio"] == 1.0, result[label]
        run = result[label]["runs"][0]
        assert run["sent"] > 0
        assert run["expected_deliveries"] == run["deliveries"] == 2 * run["sent"]
