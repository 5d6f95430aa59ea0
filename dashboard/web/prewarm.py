"""Warm the caches in the background, once per worker process.

First the static files a page loads are requested once through the app, so their compressed
bodies are in memory (read from the shared disk cache, or compressed there by the first
worker) before the first visitor asks: brotli's best setting costs ~2 s for the plotly bundle.
Then the layout of every page at its default address (page_cache: Jämför and a
municipality's page cost 140–340 ms to build), then the Översikt view cache.

Building the view of a new (indicator, year, sort) state costs ~30 ms of CPU; a cached one
~2 ms. A background thread builds every state right after the worker starts (newest year
first), so the map-update callback rarely pays for a new state. Measured by
scripts/benchmark.py. `DASHBOARD_PREWARM=0` turns it off; it is off by default under pytest,
whose in-process servers would compete with the browser tests for the CPU.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time

log = logging.getLogger(__name__)
_started = False


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
    """Build the Översikt view of every state (up to the cache's size); returns the count."""
    from dashboard.data.loader import get_dataset
    from dashboard.pages import oversikt

    ds = get_dataset()
    limit = oversikt.view.cache_info().maxsize or 0
    states = overview_states(ds)[:limit]
    started = time.perf_counter()
    for state in states:
        oversikt.view(ds, state)
        time.sleep(0)  # let request threads run between views
    log.info("Översikt: %d views built in %.1f s", len(states), time.perf_counter() - started)
    return len(states)


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
    """Build each page's layout once, the way a browser's first request does (first_view)."""
    from dashboard.data.loader import get_dataset

    client = server.test_client()
    paths = page_paths(get_dataset())
    for path in paths:
        client.get("/_dash-layout", headers={"Referer": f"http://localhost{path}"}).close()
        time.sleep(0)
    return len(paths)


def start(server=None) -> threading.Thread | None:
    """Start the prewarming in a daemon thread, once per process, unless turned off."""
    global _started
    if _started or not enabled():
        return None
    _started = True

    def run():
        for label, step in (("static files", prewarm_static), ("page layouts", prewarm_pages)):
            if server is None:
                break
            try:
                started = time.perf_counter()
                count = step(server)
                log.info("%d %s prewarmed in %.1f s", count, label, time.perf_counter() - started)
            except Exception:  # only saves time
                log.exception("prewarming the %s failed", label)
        try:
            prewarm()
        except Exception:  # the cache only saves time; requests build views themselves
            log.exception("Översikt: prewarming the view cache failed")

    thread = threading.Thread(target=run, name="prewarm-oversikt", daemon=True)
    thread.start()
    return thread
