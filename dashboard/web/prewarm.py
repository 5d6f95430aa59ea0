"""Warm the caches once, before serving (gunicorn's master before it forks: gunicorn.conf.py).

First Dash's own setup (first_request). Then the static files a page loads are requested
once through the app, so their compressed bodies are in the app's cache (dashboard/cache.py)
before the first visitor asks: brotli's best setting is slow on the plotly bundle. Then the
layout of every page at its default address (page_cache: Jämför
and a municipality's page are the slowest to build), then the Översikt view cache: building
the view of a new (indicator, year, sort) state costs far more CPU than a cached one, so the
map-update callback rarely pays for a new state. Measured by scripts/benchmark.py.

`DASHBOARD_PREWARM=0` turns the caches' warming off (Dash's setup is still done); it is off
by default under pytest, whose in-process servers would compete with the browser tests.
"""

from __future__ import annotations

import logging
import math
import os
import re
import sys
import time

log = logging.getLogger(__name__)


def enabled() -> bool:
    value = os.environ.get("DASHBOARD_PREWARM", "").strip().lower()
    if value:
        return value not in {"0", "false", "no", "nej", "off"}
    return "pytest" not in sys.modules


DEFAULT_SECONDS = 20.0


def budget_seconds() -> float:
    """DASHBOARD_PREWARM_SECONDS: how long warming may take before the workers start."""
    try:
        return max(0.0, float(os.environ.get("DASHBOARD_PREWARM_SECONDS", "").strip()))
    except ValueError:
        return DEFAULT_SECONDS


def overview_states(ds) -> list:
    """Översikt's states in the order people open them: the newest year in the start order
    (by municipality), then its other sort orders, then the years before."""
    from dashboard import domain
    from dashboard.domain import overview

    years = sorted(ds.years, reverse=True)
    indicators = list(domain.mappable_indicators(ds)["id"])
    sorts = sorted(overview.SORTS, key=lambda sort: sort != "kommun")
    return [
        overview.OverviewState(indicator, year, sort)
        for year in years
        for sort in sorts
        for indicator in indicators
    ]


def prewarm(deadline: float = math.inf) -> int:
    """Build the Översikt views in overview_states' order, until the deadline (a
    time.monotonic() value) or until the cache is half full (so warming never pushes out
    what it warmed before); returns the count."""
    from dashboard import cache
    from dashboard.data.loader import get_dataset
    from dashboard.pages import oversikt

    ds = get_dataset()
    started = time.perf_counter()
    built = 0
    for state in overview_states(ds):
        if time.monotonic() >= deadline or not cache.has_room_for_warming():
            break
        oversikt.view(ds, state)
        built += 1
    log.info("Översikt: %d views built in %.1f s", built, time.perf_counter() - started)
    return built


ASSET_URL = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"')


def prewarm_static(server, deadline: float = math.inf) -> int:
    """GET every script and stylesheet of the start page once, as a browser would. All of
    them whatever the deadline: a handful of files, the slowest of all to compress."""
    client = server.test_client()
    html = client.get("/").get_data(as_text=True)
    urls = sorted(set(ASSET_URL.findall(html)))
    for url in urls:
        client.get(url.replace("&amp;", "&"), headers={"Accept-Encoding": "br"}).close()
    return len(urls)


def page_paths(ds) -> list[str]:
    """Every page at its default address, in the order people open them: the menu's pages,
    the goals, the municipalities from the largest, the delmål."""
    paths = ["/", "/jamfor", "/kommun", "/strategi", "/uppfoljning", "/presentera", "/om",
             "/strategi/sammanhang"]  # fmt: skip
    paths += [f"/strategi/{goal}" for goal in ds.plan.goals["id"]]
    largest_first = ds.municipalities.sort_values(["population", "code"], ascending=[False, True])
    paths += [f"/kommun/{code}" for code in largest_first["code"]]
    paths += [f"/strategi/{row.goal_id}/{row.id}" for row in ds.plan.subgoals.itertuples()]
    return paths


def prewarm_pages(server, deadline: float = math.inf) -> int:
    """Open each page once, as a browser's first request does, until the deadline: its
    first-paint preview and its layout (first_view, page_cache) are built into the cache."""
    from dashboard.data.loader import get_dataset

    client = server.test_client()
    opened = 0
    for path in page_paths(get_dataset()):
        if time.monotonic() >= deadline:
            break
        client.get(path).close()
        opened += 1
    return opened


def load_data() -> str:
    """Load and check the data files once, here: in gunicorn's master the workers inherit
    the result (copy-on-write) instead of each reading and checking them again. A broken
    file is logged; the pages say what is wrong, and /_redo answers 503."""
    from dashboard.data.loader import DataError, get_dataset

    started = time.perf_counter()
    try:
        ds = get_dataset()
    except DataError as error:
        log.error("data not loaded: %s", error)
        return f"data not loaded: {error}"
    return (f"data loaded and checked in {time.perf_counter() - started:.1f} s: "
            f"{len(ds.municipalities)} municipalities, {len(ds.values)} values")  # fmt: skip


def first_request(server) -> None:
    """Make the request on which Dash completes its setup (Dash's first-request setup: the callback
    list, the scripts, the page router). Made before anyone is served, in gunicorn's master
    before it forks, so every worker inherits a finished setup and none races to do it."""
    from dashboard.config import get_settings

    server.test_client().get(f"{get_settings().url_base_pathname}_halsa").close()


def warm(server) -> list[str]:
    """Finish Dash's setup, load the data, then (unless turned off) build the caches for at
    most budget_seconds(), in this thread.

    Called once: by gunicorn's master before forking the workers (gunicorn.conf.py), so the
    workers, and those started later by max_requests, inherit the data and the warm caches;
    and by `python -m dashboard` before it serves. No thread: nothing runs in the master at
    fork. Returns a line per step, for the caller's log (gunicorn's log in the master).
    """
    first_request(server)
    done = [load_data()]
    log.info(done[-1])
    if not enabled():
        return done
    deadline = time.monotonic() + budget_seconds()
    for label, step in (
        ("static files", prewarm_static),
        ("page layouts", prewarm_pages),
        ("Översikt views", lambda _server, until: prewarm(until)),
    ):
        try:
            started = time.perf_counter()
            count = step(server, deadline)
            done.append(f"{count} {label} prewarmed in {time.perf_counter() - started:.1f} s")
            log.info(done[-1])
        except Exception:  # the caches only save time; requests fill them themselves
            log.exception("prewarming the %s failed", label)
    return done
