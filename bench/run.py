"""`make bench`: the portal under gunicorn with production settings, measured endpoint by endpoint.

First single-request (concurrency 1) cold-cache latency, the endpoints taking turns; then for each
endpoint `wrk` load for a bounded time (requests/s, p50 and p99, errors = any answer outside 2xx/3xx), the ratio of its throughput to
/healthz in the same run, first-load transfer size, and the workers' peak memory. Results are printed,
written to artifacts/bench/results-<database>-<cache>-scale<N>.json, and written as this set-up's
table between the bench markers of docs/performance.md (other set-ups' tables are kept).

    python -m bench.run                 # SCALE=1, SQLite
    SCALE=100 python -m bench.run       # a synthetic knowledge base 100 times the real one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baliportal_bench CACHE_URL=redis://127.0.0.1:6379/1 python -m bench.run
"""

import contextlib
import gzip
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from bench.server import (
    ROOT,
    gunicorn,
    manage,
    peak_memory_mb,
    prepare,
    production_env,
    worker_pids,
)

ENDPOINTS = [
    ("healthz", "/healthz"),
    ("home", "/"),
    ("members directory", "/members/"),
    ("participant", "/members/australia/"),
    ("meetings timeline", "/meetings/"),
    ("meeting", "/meetings/ahg-som-11/"),
    ("body as_of", "/groups/ad-hoc-group/?as_of=2015-06-01"),
    ("search", "/search/?q=Andaman"),
    ("sources", "/sources/"),
    ("source", "/sources/rcp-profile/"),
    ("source coverage", "/sources/encyclopedia-article/coverage/"),
    ("map", "/map/"),
    ("changes", "/changes/"),
    ("record history", "/groups/ad-hoc-group/history/"),
    ("API list", "/api/v1/meetings/"),
    ("API detail", "/api/v1/participants/viet-nam/"),
]
COLD_REQUESTS = 50
LIST_PAGES = {
    "members directory",
    "meetings timeline",
    "search",
    "map",
    "API list",
    "home",
    "changes",
}
# A page type's cold render may cost at most this many times /healthz's cold p50 in the same run,
# aiming at COLD_VS_HEALTHZ_AIM (docs/performance.md, "Targets").
COLD_VS_HEALTHZ_TARGET = 8
COLD_VS_HEALTHZ_AIM = 4
THROUGHPUT_TARGET = 0.5
MEMORY_TARGET_MB = 200
FIRST_LOAD_TARGET_KB = 100
DOCS_TABLES = ROOT / "docs" / "performance.md"
START_MARKER = "<!-- bench:start -->"
END_MARKER = "<!-- bench:end -->"
SETUP_MARKER = re.compile(r"^<!-- bench:setup (\S+) -->$", re.M)


def cold_latencies(targets: list[tuple[str, str]], rounds: int) -> dict[tuple, list[float]]:
    """Sequential requests, one connection per server, a unique parameter making each miss the cache.

    Targets (server, path) take turns, one request each per round, so that a slow spell of a shared
    machine falls on all of them alike rather than on whichever was being measured.
    """
    connections = {}
    for base, _path in targets:
        if base not in connections:
            parts = urlsplit(base)
            connections[base] = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    times = {target: [] for target in targets}
    for n in range(rounds):
        for base, path in targets:
            connection = connections[base]
            url = f"{path}{'&' if '?' in path else '?'}_cold={n}-{time.monotonic_ns()}"
            started = time.perf_counter()
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            times[(base, path)].append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                sys.exit(f"{path} answered {response.status} during the cold run.")
    for connection in connections.values():
        connection.close()
    return times


def database_url(scale: int, folder, baseline: bool = False) -> str:
    """The database for a scale: a fresh SQLite file, or DATABASE_URL (suffixed `_scale1` for the
    same-run SCALE=1 baseline of a bigger run)."""
    given = os.environ.get("DATABASE_URL")
    if given and baseline:
        parts = urlsplit(given)
        return parts._replace(path=f"{parts.path}_scale1").geturl()
    if given:
        return given
    sqlite = folder / f"scale{scale}.sqlite3"
    for leftover in folder.glob(f"scale{scale}.sqlite3*"):
        leftover.unlink()
    return f"sqlite:///{sqlite}"


def cpu_calibration_ms() -> float:
    """A fixed pure-Python workload, timed (best of 5): how fast this machine was during this run.

    Absolute latencies differ from day to day on shared machines; this figure lets two runs'
    tables be compared.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        sum(i * i for i in range(1_000_000))
        best = min(best, (time.perf_counter() - started) * 1000)
    return round(best, 1)


def first_load_kb(base: str, path: str) -> float:
    """The page compressed as a browser would fetch it, plus its stylesheet and scripts (compressed)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read()
    total = len(gzip.compress(body))
    # Many <use href="...svg#XX"> on the map are one file, fetched once.
    for asset in set(re.findall(rb'(?:href|src)="(/static/[^"#]+)', body)):
        connection.request("GET", asset.decode(), headers={"Accept-Encoding": "br, gzip"})
        total += len(connection.getresponse().read())
    connection.close()
    return total / 1024


def parse_latency(text: str, label: str) -> float:
    match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(match[1]), match[2]
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def load(base: str, path: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", base + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50_ms": parse_latency(out, "50%"),
        "p99_ms": parse_latency(out, "99%"),
        "errors": (int(non_2xx[1]) if non_2xx else 0)
        + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def main() -> int:
    if not shutil.which("wrk"):
        sys.exit("The load tool wrk is missing: apt-get install -y wrk (make bench installs it).")
    scale = int(os.environ.get("SCALE", "1"))
    seconds = int(os.environ.get("BENCH_SECONDS", "5"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    folder = ROOT / "artifacts" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    rate = os.environ.get("API_ANON_RATE", "100000000/minute")
    database = database_url(scale, folder)
    env = production_env(database, API_ANON_RATE=rate)
    print(f"Preparing the database ({database.split('@')[-1]}), scale {scale}...", flush=True)
    prepare(env)
    baseline_env = None
    if scale > 1:
        print(manage(env, "synthesize", "--scale", str(scale)).strip(), flush=True)
        # The same run measures SCALE=1 too, on its own server, so that the two compare fairly.
        baseline_env = production_env(database_url(1, folder, baseline=True), API_ANON_RATE=rate)
        print("Preparing a SCALE=1 database to compare with...", flush=True)
        prepare(baseline_env)
    workers = int(os.environ.get("BENCH_WORKERS", "2"))
    paths = [path for _name, path in ENDPOINTS]
    rows = []
    with contextlib.ExitStack() as servers:
        base, process = servers.enter_context(gunicorn(env, workers=workers))
        targets = [(base, path) for path in paths]
        if baseline_env:
            baseline, _process = servers.enter_context(gunicorn(baseline_env, workers=workers))
            targets += [(baseline, path) for path in paths]
        cold = cold_latencies(targets, COLD_REQUESTS)
        for name, path in ENDPOINTS:
            measured = load(base, path, seconds, connections)
            row = {
                "endpoint": name,
                "path": path,
                **measured,
                "cold_p50_ms": round(statistics.median(cold[(base, path)]), 2),
                "first_load_kb": round(first_load_kb(base, path), 1)
                if not path.startswith(("/api", "/healthz"))
                else None,
            }
            if baseline_env:
                scale1 = statistics.median(cold[(baseline, path)])
                row["cold_p50_ms_scale1"] = round(scale1, 2)
                row["cold_ratio"] = round(statistics.median(cold[(base, path)]) / scale1, 2)
                row["cold_ratio_target"] = 1.5 if name in LIST_PAGES else 1.2
            rows.append(row)
            print(f"  measured {name}", flush=True)
        memory = max((peak_memory_mb(pid) for pid in worker_pids(process)), default=0.0)
    light = rows[0]["rps"]
    healthz_cold = rows[0]["cold_p50_ms"]
    for row in rows:
        row["ratio"] = round(row["rps"] / light, 2)
        row["cold_vs_healthz"] = round(row["cold_p50_ms"] / healthz_cold, 2)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "database": "postgresql" if database.startswith("postgres") else "sqlite",
        "cache": "redis" if os.environ.get("CACHE_URL") else "in-process",
        "seconds_per_endpoint": seconds,
        "connections": connections,
        "worker_peak_memory_mb": round(memory, 1),
        "cpu_calibration_ms": cpu_calibration_ms(),
        "endpoints": rows,
    }
    # One file per set-up, so that a PostgreSQL run never stands in for an SQLite one.
    setup = f"{result['database']}-{result['cache']}"
    path = folder / f"results-{setup}-scale{scale}.json"
    path.write_text(json.dumps(result, indent=2))
    print_table(result)
    if scale > 1:
        print_growth(result)
    print(f"\nWritten to {path.relative_to(ROOT)}")
    print(write_docs_table(result, DOCS_TABLES))
    return 1 if any(row["errors"] for row in rows) else 0


def setup_key(result: dict) -> str:
    """The set-up a table belongs to, as in the results file's name: sqlite-in-process-scale1."""
    return f"{result['database']}-{result['cache']}-scale{result['scale']}"


def cell(value, digits: int = 2) -> str:
    """A number for the table, or '-' where the run did not record it."""
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def cold_verdict(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    if ratio <= COLD_VS_HEALTHZ_AIM:
        return "met (within the aim)"
    return "met" if ratio <= COLD_VS_HEALTHZ_TARGET else "**NOT met**"


def markdown_table(result: dict) -> str:
    """This set-up's results as the Markdown section docs/performance.md holds between its markers."""
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "redis": "Redis"}
    grown = result["scale"] > 1
    lines = [
        f"<!-- bench:setup {setup_key(result)} -->",
        f"### {names.get(result['database'], result['database'])}, "
        f"{names.get(result['cache'], result['cache'])} cache, "
        f"SCALE={result['scale']}",
        "",
        f"Measured {result['date']} on {result['cores']} cores, "
        + (f"Python {result['python']}, " if result.get("python") else "")
        + f"CPU calibration {cell(result['cpu_calibration_ms'], 1)} ms; wrk "
        f"{result['connections']} connections x {result['seconds_per_endpoint']} s per endpoint.",
    ]
    if result.get("note"):
        lines.append(result["note"])
    head = ["endpoint", "req/s", "p50 ms", "p99 ms", "vs /healthz req/s", "cold p50 ms"]
    head += ["cold vs /healthz cold", f"{COLD_VS_HEALTHZ_TARGET}x target"]
    if grown:
        head += ["SCALE=1 cold p50 ms", "growth", "growth target"]
    head += ["errors", "first load KB"]
    lines += ["", "| " + " | ".join(head) + " |", "| --- |" + " ---: |" * (len(head) - 1)]
    for row in result["endpoints"]:
        healthz = row["path"] == "/healthz"
        ratio = row.get("cold_vs_healthz")
        cells = [row["endpoint"], cell(row.get("rps"), 0), cell(row.get("p50_ms"))]
        cells += [cell(row.get("p99_ms")), cell(row.get("ratio")), cell(row.get("cold_p50_ms"))]
        cells += ["1.00" if healthz else cell(ratio), "-" if healthz else cold_verdict(ratio)]
        if grown:
            growth, target = row.get("cold_ratio"), row.get("cold_ratio_target")
            mark = "" if growth is None or target is None or growth <= target else " **NOT met**"
            cells += [cell(row.get("cold_p50_ms_scale1")), cell(growth) + mark, cell(target, 1)]
        cells += [cell(row.get("errors")), cell(row.get("first_load_kb"), 1)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", summary(result), ""]
    return "\n".join(lines)


def summary(result: dict) -> str:
    """One sentence per target that is not in the table's columns."""
    rows = result["endpoints"]
    memory = result.get("worker_peak_memory_mb")
    slow = [r["endpoint"] for r in rows if (r.get("ratio") or 1) < THROUGHPUT_TARGET]
    heavy = [r["endpoint"] for r in rows if (r.get("first_load_kb") or 0) > FIRST_LOAD_TARGET_KB]
    errors = [r.get("errors") for r in rows]
    parts = [
        f"Worker peak memory {cell(memory, 1)} MB (target under {MEMORY_TARGET_MB} MB: "
        f"{'-' if memory is None else 'met' if memory < MEMORY_TARGET_MB else '**NOT met**'}).",
        f"Throughput at least {THROUGHPUT_TARGET:.0%} of /healthz: "
        + (f"**NOT met** by {', '.join(slow)}." if slow else "met."),
        f"First load under {FIRST_LOAD_TARGET_KB} KB: "
        + (
            "not recorded."
            if all(r.get("first_load_kb") is None for r in rows)
            else f"**NOT met** by {', '.join(heavy)}."
            if heavy
            else "met."
        ),
        "Errors: " + ("not recorded." if None in errors else f"{sum(errors)}."),
    ]
    return " ".join(parts)


def write_docs_table(result: dict, path) -> str:
    """Replace this set-up's table between the bench markers of `path`, keeping the other set-ups'.

    Returns a sentence saying what was written, or why nothing was.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"{path} is missing: no results table written there."
    start, end = text.find(START_MARKER), text.find(END_MARKER)
    if start < 0 or end < start:
        return (
            f"{path} has no {START_MARKER} ... {END_MARKER} block: no results table written there."
        )
    block = text[start + len(START_MARKER) : end]
    found = list(SETUP_MARKER.finditer(block))
    sections = {
        match[1]: block[
            match.start() : found[i + 1].start() if i + 1 < len(found) else None
        ].strip()
        for i, match in enumerate(found)
    }
    sections[setup_key(result)] = markdown_table(result).strip()
    # A fixed order (by set-up key), so that the file changes only where a table did.
    body = "\n\n".join(sections[key] for key in sorted(sections))
    text = f"{text[:start]}{START_MARKER}\n{body}\n{text[end:]}"
    path.write_text(text, encoding="utf-8")
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return f"Table for {setup_key(result)} written to {shown}."


def print_table(result: dict) -> None:
    print(
        f"\nBenchmark {result['date']}: scale {result['scale']}, {result['database']}, {result['cache']} cache, "
        f"{result['cores']} cores, wrk {result['connections']} connections x {result['seconds_per_endpoint']} s"
    )
    print(
        f"{'endpoint':<19}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs healthz':>12}{'cold p50':>10}{'cold/hz':>9}{'errors':>8}{'1st load KB':>13}"
    )
    for r in result["endpoints"]:
        kb = f"{r['first_load_kb']:.1f}" if r["first_load_kb"] is not None else "-"
        print(
            f"{r['endpoint']:<19}{r['rps']:>9.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['ratio']:>12.2f}{r['cold_p50_ms']:>10.2f}{r['cold_vs_healthz']:>9.2f}{r['errors']:>8}{kb:>13}"
        )
    print(f"worker peak memory: {result['worker_peak_memory_mb']} MB")
    print(
        f"CPU calibration: {result['cpu_calibration_ms']} ms for a fixed Python loop "
        "(lower is a faster machine; compare runs by it)"
    )


def print_growth(result: dict) -> None:
    """Cold p50 at this scale against SCALE=1 measured in the same run, next to the targets."""
    print("\nCold p50 against SCALE=1, measured in the same run (requests taking turns)")
    print(
        f"{'endpoint':<19}{'scale 1':>9}{'scale ' + str(result['scale']):>11}{'ratio':>8}{'target':>8}  met"
    )
    for row in result["endpoints"][1:]:
        ratio, target = row["cold_ratio"], row["cold_ratio_target"]
        print(
            f"{row['endpoint']:<19}{row['cold_p50_ms_scale1']:>9.2f}{row['cold_p50_ms']:>11.2f}"
            f"{ratio:>8.2f}{target:>8.1f}  {'yes' if ratio <= target else 'NO'}"
        )


if __name__ == "__main__":
    sys.exit(main())
