"""A bounded soak: mixed reads and a few writes against gunicorn; zero errors, every write present.

python -m bench.soak            # 60 seconds on a fresh SQLite file
SOAK_SECONDS=120 DATABASE_URL=postgres://postgres@127.0.0.1:5432/baliportal_soak python -m bench.soak
"""

import itertools
import json
import os
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from bench.server import gunicorn, manage, prepare, production_env

READS = [
    "/",
    "/members/",
    "/members/viet-nam/",
    "/groups/ad-hoc-group/?as_of=2015-06-01",
    "/meetings/",
    "/meetings/ahg-som-11/",
    "/search/?q=Andaman",
    "/sources/rcp-profile/",
    "/api/v1/participants/",
    "/api/v1/meetings/?during=2015",
    "/api/v1/memberships/?as_of=2024-06-01",
    "/healthz",
]


def request(url, method="GET", body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # connection refused, reset or timed out


def main() -> int:
    seconds = float(os.environ.get("SOAK_SECONDS", "60"))
    with tempfile.TemporaryDirectory() as folder:
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/soak.sqlite3"
        env = production_env(database, API_ANON_RATE="1000000/minute")
        prepare(env)
        env_password = {**env, "SOAK_PASSWORD": "soak-editor-password-0123456789"}
        out = manage(
            env_password,
            "create_editor",
            "soak-editor",
            "--password-from-env",
            "SOAK_PASSWORD",
            "--token",
        )
        token = out.strip().rsplit("API token: ", 1)[1]
        counts, errors, written = {"reads": 0, "writes": 0}, [], []
        lock = threading.Lock()
        deadline = time.monotonic() + seconds
        with gunicorn(env, workers=2) as (base, _process):

            def reader(offset):
                for path in itertools.islice(itertools.cycle(READS), offset, None):
                    if time.monotonic() > deadline:
                        return
                    status = request(base + path)
                    with lock:
                        counts["reads"] += 1
                        if not 200 <= status < 400:
                            errors.append((path, status))

            def writer():
                for n in itertools.count(1):
                    if time.monotonic() > deadline:
                        return
                    slug = f"soak-person-{n}"
                    status = request(
                        base + "/api/v1/people/",
                        "POST",
                        {"slug": slug, "name": f"Soak {n}", "title": "soak"},
                        token,
                    )
                    patched = request(
                        base + "/api/v1/figures/rso-2023-dialogues/",
                        "PATCH",
                        {"context": f"soak {n}"},
                        token,
                    )
                    with lock:
                        counts["writes"] += 2
                        if status == 201:
                            written.append(slug)
                        else:
                            errors.append(("POST /api/v1/people/", status))
                        if patched != 200:
                            errors.append(("PATCH /api/v1/figures/", patched))
                    time.sleep(0.2)

            threads = [threading.Thread(target=reader, args=(i,)) for i in range(4)]
            threads.append(threading.Thread(target=writer))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            missing = [slug for slug in written if request(f"{base}/api/v1/people/{slug}/") != 200]
    print(
        f"soak: {seconds:.0f} s, {counts['reads']} reads, {counts['writes']} writes, "
        f"{len(errors)} errors, {len(written)} people written, {len(missing)} missing afterwards"
    )
    for path, status in errors[:20]:
        print(f"  error: {path} answered {status}")
    return 1 if errors or missing or not written else 0


if __name__ == "__main__":
    sys.exit(main())
