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


def overview_states(ds) -> list:
    from dashboard import domain
    from dashboard.domain import overview

    years = sorted(ds.years, reverse=True)
    indicators = list(domain.mappable_indicators(ds)["id"])
    return [
        overview.OverviewState(indicator, year, sort)
        for year in years
        for indicator in indicators
        for sort in overview.SORTS
    ]


def prewarm() -> int:
    """Build the Översikt views, newest year first, while the cache is under half its bound
    (so warming never pushes out what it warmed before); returns the count."""
    from dashboard import cache
    from dashboard.data.loader import get_dataset
    from dashboard.pages import oversikt

    ds = get_dataset()
    started = time.perf_counter()
    built = 0
    for state in overview_states(ds):
        if not cache.has_room_for_warming():
            break
        oversikt.view(ds, state)
        built += 1
    log.info("Översikt: %d views built in %.1f s", built, time.perf_counter() - started)
    return built


ASSET_URL = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"')


def prewarm_static(server) -> int:
    """GET every script and stylesheet of the start page once, as a browser would."""
    client = server.test_client()
    html = client.get("/").get_data(as_text=True)
    urls = sorted(set(ASSET_URL.findall(html)))
    for url in urls:
        client.get(url.replace("&amp;", "&"), headers={"Accept-Encoding": "br"}).close()
    return len(urls)


def page_paths(ds) -> list[str]:
    """Every page at its default address: what a visitor or a link opens first."""
    paths = ["/", "/jamfor", "/kommun", "/strategi", "/strategi/sammanhang", "/om", "/presentera"]
    paths += [f"/kommun/{code}" for code in ds.municipalities["code"]]
    paths += [f"/strategi/{goal}" for goal in ds.plan.goals["id"]]
    paths += [f"/strategi/{row.goal_id}/{row.id}" for row in ds.plan.subgoals.itertuples()]
    return paths


def prewarm_pages(server) -> int:
    """Open each page once, as a browser's first request does: its first-paint preview and
    its layout (first_view, page_cache) are built into the cache."""
    from dashboard.data.loader import get_dataset

    client = server.test_client()
    paths = page_paths(get_dataset())
    for path in paths:
        client.get(path).close()
    return len(paths)


def first_request(server) -> None:
    """Make the request on which Dash completes its setup (Dash's first-request setup: the callback
    list, the scripts, the page router). Made before anyone is served, in gunicorn's master
    before it forks, so every worker inherits a finished setup and none races to do it."""
    from dashboard.config import get_settings

    server.test_client().get(f"{get_settings().url_base_pathname}_halsa").close()


def warm(server) -> list[str]:
    """Finish Dash's setup, then (unless turned off) build the caches, in this thread.

    Called once: by gunicorn's master before forking the workers (gunicorn.conf.py), so the
    workers, and those started later by max_requests, inherit the warm caches; and by
    `python -m dashboard` before it serves. No thread: nothing runs in the master at fork.
    Returns a line per cache warmed, for the caller's log (gunicorn's log in the master).
    """
    first_request(server)
    done: list[str] = []
    if not enabled():
        return done
    for label, step in (
        ("static files", prewarm_static),
        ("page layouts", prewarm_pages),
        ("Översikt views", lambda _server: prewarm()),
    ):
        try:
            started = time.perf_counter()
            count = step(server)
            done.append(f"{count} {label} prewarmed in {time.perf_counter() - started:.1f} s")
            log.info(done[-1])
        except Exception:  # the caches only save time; requests fill them themselves
            log.exception("prewarming the %s failed", label)
    return done
