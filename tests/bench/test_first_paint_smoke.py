"""The first-paint benchmark runs end to end on a tiny board (times are not checked here)."""

import pytest

from plans.headings import STANDARD_HEADINGS
from tests.bench.runner import bench_run


@pytest.mark.browser
def test_the_first_paint_benchmark_loads_the_board_for_both_roles_and_profiles(tmp_path):
    out = tmp_path / "first-paint.json"
    completed, result = bench_run(
        "bench.first_paint",
        "--people",
        "2",
        "--notes-per-chart",
        "1",
        "--repeat",
        "1",
        out=out,
        timeout=400,
    )
    board = result["board"]
    # Built through the services: 2 people x the built-in headings x 1 note.
    charts = 2 * len(STANDARD_HEADINGS)
    assert board["charts"] == 2 * board["charts_per_person"] == charts
    assert board["notes"] == charts
    for profile in ("fast", "throttled"):
        for role in ("participant", "facilitator"):
            figures = result[profile][role]
            assert (figures["loads"], figures["timeouts"]) == (1, 0)
            (run,) = figures["runs"]
            assert run["status"] == 200
            assert run["states"][0] == "connecting"
            assert run["states"][-1] == "live"
            assert run["notes_shown"] == charts
            assert run["charts_shown"] == charts
            for key in ("fcp_ms", "dcl_ms", "ready_ms", "usable_ms"):
                assert figures[key]["median"] > 0, key
                assert figures[key]["median"] <= figures[key]["p90"] <= figures[key]["max"]
            assert run["usable_ms"] >= run["ready_ms"] >= run["js_rendered_ms"] > 0
            assert figures["html_kb"] > 1
            assert figures["dom_elements"] > 100
            assert figures["dom_nodes"] >= figures["dom_elements"]
            assert figures["js_heap_mb"] > 0
    # The facilitator's board carries the facilitator's tools on every note.
    assert result["fast"]["facilitator"]["html_kb"] > result["fast"]["participant"]["html_kb"]
    assert "usable" in completed.stdout
