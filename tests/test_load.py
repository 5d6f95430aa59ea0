"""Load test: simulated users browse every page and change the map, against gunicorn.

Gunicorn runs as in the Procfile with 2 workers on loopback. LOAD_TEST_USERS threads
(default 8) act as users for LOAD_TEST_SECONDS (default 60): open a page as the browser does
(HTML, layout, page-content callback), and on Översikt change indicator, year and sort order
(the map-update callback). Bounded in time and in requests; stops by itself.

Passes with zero errors (HTTP status >= 400, timeouts or connection errors). The request
count and response times are printed and written to test-artifacts/load.json.
"""

from __future__ import annotations

import functools
import json
import os
import random
import statistics
import threading
import time

import procfile_server
import pytest
import requests
from conftest import ARTIFACTS

pytestmark = pytest.mark.slow  # starts gunicorn: not a unit test

SECONDS = float(os.environ.get("LOAD_TEST_SECONDS", "60"))
USERS = int(os.environ.get("LOAD_TEST_USERS", "8"))
MAX_REQUESTS = int(os.environ.get("LOAD_TEST_MAX_REQUESTS", "200000"))
PAGES = ["/", "/jamfor", "/kommun/0780", "/strategi", "/strategi/2/2.5", "/om"]
SORTS = ["kommun", "varde", "forandring"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.count = 0
        self.stop = threading.Event()

    def take(self) -> bool:
        with self.lock:
            if self.count >= MAX_REQUESTS:
                self.stop.set()
            self.count += 1
            return not self.stop.is_set()

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def user(server, deps, recorder: Recorder, seed: int, deadline: float) -> None:
    rng = random.Random(seed)
    ds_years = [str(y) for y in range(2018, 2026)]
    indicators = indicator_ids()
    pages_cb = procfile_server.find_callback(deps, "_pages_content")
    map_cb = procfile_server.find_callback(deps, "oversikt-karta")
    session = requests.Session()
    session.headers["Accept-Encoding"] = "br, gzip"

    def call(kind: str, method: str, path: str, **kwargs) -> None:
        if time.monotonic() > deadline or not recorder.take():
            recorder.stop.set()
            return
        start = time.perf_counter()
        error = None
        try:
            response = session.request(method, server.url + path, timeout=30, **kwargs)
            if response.status_code >= 400:
                error = f"{response.status_code} {method} {path}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__} {method} {path}: {exc}"
        recorder.add(kind, time.perf_counter() - start, error)

    while not recorder.stop.is_set() and time.monotonic() < deadline:
        path = rng.choice(PAGES)
        call("page", "GET", path)
        call("layout", "GET", "/_dash-layout")
        body = procfile_server.callback_body(
            pages_cb, {"_pages_location.pathname": path, "_pages_location.search": ""}
        )
        call("page-callback", "POST", "/_dash-update-component", json=body)
        if path == "/":
            for _ in range(rng.randint(1, 5)):
                values = {
                    "oversikt-indikator.value": rng.choice(indicators),
                    "oversikt-ar.value": rng.choice(ds_years),
                    "oversikt-sortera.value": rng.choice(SORTS),
                }
                body = procfile_server.callback_body(map_cb, values)
                call("map-callback", "POST", "/_dash-update-component", json=body)


@functools.cache
def indicator_ids() -> tuple[str, ...]:
    """The map picker's choices (the indicators that can be shown on the map)."""
    from dashboard import domain
    from dashboard.data.loader import get_dataset

    return tuple(domain.mappable_indicators(get_dataset())["id"])


@pytest.fixture(scope="module")
def server():
    srv = procfile_server.start(ARTIFACTS / "gunicorn-load.log", workers=2)
    try:
        yield srv
    finally:
        srv.stop()


def test_load(server):
    deps = requests.get(server.url + "/_dash-dependencies", timeout=30).json()
    indicator_ids()
    recorder = Recorder()
    started = time.monotonic()
    deadline = started + SECONDS
    threads = [
        threading.Thread(target=user, args=(server, deps, recorder, seed, deadline), daemon=True)
        for seed in range(USERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)  # each request has a 30 s timeout
    recorder.stop.set()
    elapsed = time.monotonic() - started

    all_times = [t for times in recorder.times.values() for t in times]
    summary = {
        "users": USERS,
        "seconds": round(elapsed, 1),
        "requests": len(all_times),
        "errors": len(recorder.errors),
        "error_samples": recorder.errors[:20],
        "requests_per_second": round(len(all_times) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(all_times), 1) if all_times else None,
        "p95_ms": round(1000 * percentile(all_times, 0.95), 1),
        "by_kind": {
            kind: {
                "count": len(times),
                "p50_ms": round(1000 * statistics.median(times), 1),
                "p95_ms": round(1000 * percentile(times, 0.95), 1),
                "max_ms": round(1000 * max(times), 1),
            }
            for kind, times in sorted(recorder.times.items())
        },
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(
        f"\nload test: {summary['requests']} requests in {summary['seconds']} s "
        f"({summary['requests_per_second']}/s) by {USERS} users, p95 {summary['p95_ms']} ms, "
        f"errors {summary['errors']}"
    )
    assert all(not t.is_alive() for t in threads), "a simulated user did not stop"
    assert summary["requests"] > 0
    assert not recorder.errors, f"{len(recorder.errors)} errors, e.g. {recorder.errors[:5]}"
    assert recorder.times.get("map-callback"), "the map-update callback was never called"
