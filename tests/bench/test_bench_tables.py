"""`make bench` writes its set-up's table into docs/performance.md, keeping every other set-up's."""

from bench.run import cold_verdict, markdown_table, write_docs_table

PAGE = "# Performance\n\nBefore.\n\n<!-- bench:start -->\nNot measured yet.\n<!-- bench:end -->\n\nAfter.\n"


def a_result(database="sqlite", cache="in-process", scale=1, home_cold=20.0):
    rows = [
        {"endpoint": "healthz", "path": "/healthz", "rps": 1000.0, "ratio": 1.0},
        {"endpoint": "home", "path": "/", "rps": 900.0, "ratio": 0.9, "first_load_kb": 4.4},
    ]
    for row, cold in zip(rows, (2.5, home_cold), strict=True):
        row.update(p50_ms=4.0, p99_ms=8.0, errors=0, cold_p50_ms=cold)
        row["cold_vs_healthz"] = round(cold / 2.5, 2)
    return {
        "date": "2026-12-01T10:00:00+00:00",
        "scale": scale,
        "cores": 2,
        "python": "3.11.2",
        "database": database,
        "cache": cache,
        "seconds_per_endpoint": 5,
        "connections": 8,
        "worker_peak_memory_mb": 95.0,
        "cpu_calibration_ms": 60.0,
        "endpoints": rows,
    }


def test_bench_table_replaces_the_placeholder_and_keeps_the_rest_of_the_page(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE)

    said = write_docs_table(a_result(), page)

    text = page.read_text()
    assert said == f"Table for sqlite-in-process-scale1 written to {page}."
    assert text.startswith("# Performance\n\nBefore.\n\n<!-- bench:start -->\n")
    assert text.endswith("<!-- bench:end -->\n\nAfter.\n")
    assert "Not measured yet." not in text
    assert "| home | 900 | 4.00 | 8.00 | 0.90 | 20.00 | 8.00 | met | 0 | 4.4 |" in text


def test_bench_table_rewrites_its_own_set_up_and_keeps_the_others(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text(PAGE)
    write_docs_table(a_result("postgresql", "redis"), page)
    write_docs_table(a_result(home_cold=10.0), page)
    kept = page.read_text()

    write_docs_table(a_result(home_cold=30.0), page)

    text = page.read_text()
    assert text.count("<!-- bench:setup sqlite-in-process-scale1 -->") == 1
    assert text.count("<!-- bench:setup postgresql-redis-scale1 -->") == 1
    assert text.index("postgresql-redis-scale1") < text.index("sqlite-in-process-scale1")
    assert "| 10.00 | 4.00 | met (within the aim) |" in kept
    assert "| 30.00 | 12.00 | **NOT met** |" in text
    assert "| 10.00 | 4.00 |" not in text
    assert "### PostgreSQL, Redis cache, SCALE=1" in text


def test_bench_table_is_not_written_into_a_page_without_markers(tmp_path):
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n")

    said = write_docs_table(a_result(), page)

    assert (
        said
        == f"{page} has no <!-- bench:start --> ... <!-- bench:end --> block: no results table written there."
    )
    assert page.read_text() == "# Performance\n"


def test_bench_cold_verdict_marks_the_8x_target_and_the_4x_aim():
    assert cold_verdict(4.0) == "met (within the aim)"
    assert cold_verdict(8.0) == "met"
    assert cold_verdict(8.01) == "**NOT met**"
    assert cold_verdict(None) == "-"


def test_bench_table_of_a_bigger_scale_shows_growth_against_its_target():
    result = a_result(scale=100)
    result["endpoints"][1].update(cold_p50_ms_scale1=12.5, cold_ratio=1.6, cold_ratio_target=1.5)

    table = markdown_table(result)

    assert "| SCALE=1 cold p50 ms | growth | growth target |" in table
    assert "| 12.50 | 1.60 **NOT met** | 1.5 |" in table
