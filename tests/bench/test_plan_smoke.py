"""The plan benchmark runs end to end on a small plan (figures are not checked)."""

from plans.formats import PLAN_DOWNLOADS
from tests.bench.runner import bench_run


def test_a_small_plans_page_and_every_download_are_measured(tmp_path):
    _, result = bench_run(
        "bench.plan",
        *("--notes", "6", "--requests", "2", "--repeat", "1"),
        out=tmp_path / "plan.json",
        timeout=240,
    )
    assert result["notes"] == 6
    first, second = result["page"]["queries"]
    assert first == second  # a fixed number of queries, whatever the plan holds
    assert set(result["downloads"]) == {download.key for download in PLAN_DOWNLOADS}
    assert all(d["bytes"] > 0 for d in result["downloads"].values())
