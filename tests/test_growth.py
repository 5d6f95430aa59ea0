"""No request makes memory or disk grow without a bound (issue: hardening).

gunicorn as the Procfile starts it (two workers, no recycling, so growth would show), then
JUNK_PER_TARGET distinct junk query strings on every page and every static file, junk path
variables and made-up version fingerprints; afterwards each worker's resident memory and the
cache folder must stay within their bounds, measured in bytes and entries. A second server
with a small size bound gets many *valid* distinct page states: the cache must still keep to
its bound (dashboard/cache.py) while two workers write at once.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import procfile_server
import pytest
import requests
from conftest import cache_entry_count

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
JUNK_PER_TARGET = int(os.environ.get("GROWTH_JUNK_PER_TARGET", "1000"))
MAX_RSS_GROWTH = 40 * 1024 * 1024  # per worker, after its first view of every page
ASSET_URL = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"')
FINGERPRINT = re.compile(r"\.v[\w-]+m[0-9a-f]+\.(js|css)$")

pytestmark = pytest.mark.slow


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise LookupError(pid)


def folder_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def page_paths() -> list[str]:
    from dashboard.data.loader import get_dataset
    from dashboard.web import prewarm

    return prewarm.page_paths(get_dataset())


def get_all(base: str, paths: list[str], workers: int = 4) -> list[int]:
    session = requests.Session()

    def get(path: str) -> int:
        response = session.get(base + path, headers={"Accept-Encoding": "br, gzip"}, timeout=60)
        return response.status_code

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(get, paths))


def junk_targets(base: str) -> list[str]:
    """Every page and static file, plus paths whose variables or fingerprints are junk."""
    html = requests.get(base + "/", timeout=30).text
    statics = sorted({u.replace("&amp;", "&") for u in ASSET_URL.findall(html)})
    statics = [u.split("?")[0] for u in statics]
    targets = page_paths() + statics
    suites = [u for u in statics if FINGERPRINT.search(u)]
    return targets, suites


def junk_requests(targets: list[str], suites: list[str], count: int) -> list[str]:
    paths = []
    for n in range(count):
        paths += [f"{t}?utm_x={n}&indikator=x{n}&ar={n}" for t in targets]
        paths += [f"/kommun/{9000 + n}", f"/strategi/{n}/{n}.{n}", f"/strategi/{n}"]
        paths += [FINGERPRINT.sub(rf".v{n}m{n:x}.\1", s) for s in suites]
    return paths


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("growth-cache")


@pytest.fixture(scope="module")
def server(cache_dir):
    srv = procfile_server.start(
        ARTIFACTS / "gunicorn-growth.log",
        workers=2,
        extra_args=["--max-requests", "0"],  # no recycling: growth must show, not be reset
        extra_env={"DASHBOARD_CACHE_DIR": str(cache_dir), "DASHBOARD_PREWARM": "0"},
    )
    try:
        yield srv
    finally:
        srv.stop()


def test_junk_requests_leave_memory_and_disk_bounded(app, server, cache_dir, record_property):
    # `app`: the page list comes from Dash's page registry, filled when the app is built.
    targets, suites = junk_targets(server.url)
    # Every page and file once per worker, twice over, so that what a worker keeps for the
    # pages it serves (the baseline) is there before the junk comes.
    for _ in range(3):
        assert set(get_all(server.url, targets * 4)) == {200}
    time.sleep(1)
    pids = worker_pids(server.process.pid)
    assert len(pids) == 2
    before = {pid: rss(pid) for pid in pids}
    entries_before, bytes_before = cache_entry_count(cache_dir), folder_size(cache_dir)[1]

    paths = junk_requests(targets, suites, JUNK_PER_TARGET)
    statuses = get_all(server.url, paths)
    assert not [s for s in statuses if s >= 500], "a junk request got a 5xx"

    assert worker_pids(server.process.pid) == pids, "a worker was restarted"
    growth = {pid: rss(pid) - before[pid] for pid in pids}
    entries_after, bytes_after = cache_entry_count(cache_dir), folder_size(cache_dir)[1]
    record_property("requests", len(paths))
    record_property("rss_growth_bytes", max(growth.values()))
    record_property("cache_entries", f"{entries_before} -> {entries_after}")
    record_property("cache_bytes", f"{bytes_before} -> {bytes_after}")
    print(f"{len(paths)} junk requests: worst worker RSS growth "
          f"{max(growth.values()) / 1e6:.1f} MB; cache {entries_before} -> {entries_after} entries, "
          f"{bytes_before / 1e6:.2f} -> {bytes_after / 1e6:.2f} MB")  # fmt: skip
    assert max(growth.values()) < MAX_RSS_GROWTH, growth
    # Junk maps to the pages' own states: at most a few new entries (the junk path
    # variables' "not found" pages), never one per request.
    assert entries_after - entries_before <= 10, (entries_before, entries_after)


def test_the_cache_keeps_its_size_bound(tmp_path):
    """Many valid, distinct page states: the cache stays within its bound in megabytes."""
    srv = procfile_server.start(
        ARTIFACTS / "gunicorn-growth-bound.log",
        workers=2,
        extra_env={
            "DASHBOARD_CACHE_DIR": str(tmp_path),
            "DASHBOARD_PREWARM": "0",
            "DASHBOARD_CACHE_MAX_MB": "1",
        },  # fmt: skip
    )
    try:
        from dashboard import domain
        from dashboard.data.loader import get_dataset

        ds = get_dataset()
        # every state of Översikt: with its entries compressed (cache.CompressedJson) the
        # cache holds ~100 of them in 1 MB, so fewer would not reach the bound at all
        states = [f"/?indikator={i}&ar={y}&sortera={s}"
                  for i in domain.mappable_indicators(ds)["id"] for y in ds.years
                  for s in ("kommun", "varde", "forandring")]  # fmt: skip
        assert set(get_all(srv.url, states)) == {200}
    finally:
        srv.stop()
    import diskcache

    with diskcache.Cache(str(tmp_path)) as opened:
        volume, entries = opened.volume(), len(opened)
    print(f"{len(states)} states: {entries} entries, {volume / 1e6:.2f} MB kept, bound 1 MB")
    # diskcache removes up to ten entries per write once over the bound; each worker may be
    # a write behind the other: never the unbounded sum of every state's view.
    assert volume <= 1_300_000, volume
    assert entries < len(states), entries
    assert folder_size(tmp_path)[1] <= 6_000_000  # index, its write-ahead log and files
