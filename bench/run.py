"""`make bench`: the portal under gunicorn with production settings, measured endpoint by endpoint.

First single-request (concurrency 1) cold-cache latency, the endpoints taking turns; then for each
endpoint `wrk` load for a bounded time (requests/s, p50 and p99, errors = any answer outside 2xx/3xx), the ratio of its throughput to
/healthz in the same run, first-load transfer size, and the workers' peak memory. Results are printed
and written to artifacts/bench/results-<database>-<cache>-scale<N>.json.

    python -m bench.run                 # SCALE=1, SQLite
    SCALE=100 python -m bench.run       # a synthetic knowledge base 100 times the real one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baliportal_bench CACHE_URL=redis://127.0.0.1:6379/1 python -m bench.run
"""

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
    ("map", "/map/"),
    ("API list", "/api/v1/meetings/"),
    ("API detail", "/api/v1/participants/viet-nam/"),
]
COLD_REQUESTS = 50
LIST_PAGES = {"members directory", "meetings timeline", "search", "map", "API list", "home"}


def cold_latencies(base: str, paths: list[str], rounds: int) -> dict[str, list[float]]:
    """Sequential requests on one connection, a unique parameter making each miss the cache.

    Endpoints take turns (one request each per round), so that a slow spell of a shared machine
    falls on all of them alike rather than on whichever was being measured.
    """
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    times = {path: [] for path in paths}
    for n in range(rounds):
        for path in paths:
            url = f"{path}{'&' if '?' in path else '?'}_cold={n}-{time.monotonic_ns()}"
            started = time.perf_counter()
            connection.request("GET", url)
            response = connection.getresponse()
            response.read()
            times[path].append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                sys.exit(f"{path} answered {response.status} during the cold run.")
    connection.close()
    return times


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
    database = os.environ.get("DATABASE_URL")
    if not database:
        # A separate database per scale, made afresh each run.
        sqlite = folder / f"scale{scale}.sqlite3"
        for leftover in folder.glob(f"scale{scale}.sqlite3*"):
            leftover.unlink()
        database = f"sqlite:///{sqlite}"
    env = production_env(
        database, API_ANON_RATE=os.environ.get("API_ANON_RATE", "100000000/minute")
    )
    print(f"Preparing the database ({database.split('@')[-1]}), scale {scale}...", flush=True)
    prepare(env)
    if scale > 1:
        print(manage(env, "synthesize", "--scale", str(scale)).strip(), flush=True)
    rows = []
    with gunicorn(env, workers=int(os.environ.get("BENCH_WORKERS", "2"))) as (base, process):
        cold = cold_latencies(base, [path for _name, path in ENDPOINTS], COLD_REQUESTS)
        for name, path in ENDPOINTS:
            measured = load(base, path, seconds, connections)
            rows.append(
                {
                    "endpoint": name,
                    "path": path,
                    **measured,
                    "cold_p50_ms": round(statistics.median(cold[path]), 2),
                    "first_load_kb": round(first_load_kb(base, path), 1)
                    if not path.startswith(("/api", "/healthz"))
                    else None,
                }
            )
            print(f"  measured {name}", flush=True)
        memory = max((peak_memory_mb(pid) for pid in worker_pids(process)), default=0.0)
    light = rows[0]["rps"]
    for row in rows:
        row["ratio"] = round(row["rps"] / light, 2)
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
    baseline = folder / f"results-{setup}-scale1.json"
    if scale > 1 and baseline.exists():
        print_growth(result, json.loads(baseline.read_text()))
    print(f"\nWritten to {path.relative_to(ROOT)}")
    return 1 if any(row["errors"] for row in rows) else 0


def print_table(result: dict) -> None:
    print(
        f"\nBenchmark {result['date']}: scale {result['scale']}, {result['database']}, {result['cache']} cache, "
        f"{result['cores']} cores, wrk {result['connections']} connections x {result['seconds_per_endpoint']} s"
    )
    print(
        f"{'endpoint':<19}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs healthz':>12}{'cold p50':>10}{'errors':>8}{'1st load KB':>13}"
    )
    for r in result["endpoints"]:
        kb = f"{r['first_load_kb']:.1f}" if r["first_load_kb"] is not None else "-"
        print(
            f"{r['endpoint']:<19}{r['rps']:>9.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{r['ratio']:>12.2f}{r['cold_p50_ms']:>10.2f}{r['errors']:>8}{kb:>13}"
        )
    print(f"worker peak memory: {result['worker_peak_memory_mb']} MB")
    print(
        f"CPU calibration: {result['cpu_calibration_ms']} ms for a fixed Python loop "
        "(lower is a faster machine; compare runs by it)"
    )


def print_growth(result: dict, baseline: dict) -> None:
    """Cold p50 at this scale against the SCALE=1 run's, next to the issue's targets."""
    before = {row["endpoint"]: row["cold_p50_ms"] for row in baseline["endpoints"]}
    print(
        f"\nCold p50 against the SCALE=1 run of {baseline['date']} "
        f"(CPU calibration then {baseline.get('cpu_calibration_ms', '?')} ms, now {result['cpu_calibration_ms']} ms)"
    )
    print(f"{'endpoint':<19}{'scale 1':>9}{'now':>9}{'ratio':>8}{'target':>8}  met")
    for row in result["endpoints"][1:]:
        old = before.get(row["endpoint"])
        if not old:
            continue
        ratio = row["cold_p50_ms"] / old
        target = 1.5 if row["endpoint"] in LIST_PAGES else 1.2
        print(
            f"{row['endpoint']:<19}{old:>9.2f}{row['cold_p50_ms']:>9.2f}{ratio:>8.2f}{target:>8.1f}  "
            f"{'yes' if ratio <= target else 'NO'}"
        )


if __name__ == "__main__":
    sys.exit(main())
