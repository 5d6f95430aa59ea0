"""Warm the caches in the background, once per worker process.

First the static files a page loads are requested once through the app, so their compressed
bodies are in memory (read from the shared disk cache, or compressed there by the first
worker) before the first visitor asks: brotli's best setting costs ~2 s for the plotly bundle.
Then the Översikt view cache is filled.

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
    from dashboard import domain, overview

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
    from dashboard.data import get_dataset
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


def start(server=None) -> threading.Thread | None:
    """Start the prewarming in a daemon thread, once per process, unless turned off."""
    global _started
    if _started or not enabled():
        return None
    _started = True

    def run():
        if server is not None:
            try:
                started = time.perf_counter()
                count = prewarm_static(server)
                log.info("%d static files compressed in %.1f s", count,
                         time.perf_counter() - started)  # fmt: skip
            except Exception:  # only saves time
                log.exception("prewarming the static files failed")
        try:
            prewarm()
        except Exception:  # the cache only saves time; requests build views themselves
            log.exception("Översikt: prewarming the view cache failed")

    thread = threading.Thread(target=run, name="prewarm-oversikt", daemon=True)
    thread.start()
    return thread
