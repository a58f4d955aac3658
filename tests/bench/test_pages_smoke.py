"""The content-pages benchmark runs end to end on the demo content.

Times are not checked here; query counts are, since they do not depend on
the machine.
"""

from tests.bench.runner import bench_run

PAGES = [
    "training index",
    "course",
    "module",
    "module, easy read",
    "module, print",
    "module, large print",
    "glossary A-Z",
    "search",
]


def test_the_pages_benchmark_times_every_training_page_and_counts_its_queries(tmp_path):
    out = tmp_path / "pages.json"
    completed, result = bench_run(
        "bench.pages",
        "--requests",
        "3",
        "--warmup",
        "1",
        "--inprocess-repeat",
        "1",
        out=out,
        timeout=400,
    )
    pages = result["pages"]
    assert set(pages) == {f"{page}|{user}" for page in PAGES for user in ("anonymous", "learner")}
    for key, figures in pages.items():
        assert len(figures["times_ms"]) == 3, key
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"], key
        assert figures["html_kb"] > 1, key
        assert figures["queries_fixed"], key
        assert figures["queries"] == len(figures["sql"]) > 0, key
    # Issue 5: a module page in a fixed number of queries, at most 12.
    for page in ("module", "module, easy read", "module, print", "module, large print"):
        assert pages[f"{page}|anonymous"]["queries"] <= 12, pages[f"{page}|anonymous"]["sql"]
    assert "module" in completed.stdout
