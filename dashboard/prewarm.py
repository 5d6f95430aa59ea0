"""Fill the Översikt view cache in the background, once per worker process.

Building the view of a new (indicator, year, sort) state costs ~30 ms of CPU; a cached one
~2 ms. A background thread builds every state right after the worker starts (newest year
first), so the map-update callback rarely pays for a new state. Measured by
scripts/benchmark.py. `DASHBOARD_PREWARM=0` turns it off; it is off by default under pytest,
whose in-process servers would compete with the browser tests for the CPU.
"""

from __future__ import annotations

import logging
import os
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


def start() -> threading.Thread | None:
    """Start prewarm() in a daemon thread, once per process, unless turned off."""
    global _started
    if _started or not enabled():
        return None
    _started = True

    def run():
        try:
            prewarm()
        except Exception:  # the cache only saves time; requests build views themselves
            log.exception("Översikt: prewarming the view cache failed")

    thread = threading.Thread(target=run, name="prewarm-oversikt", daemon=True)
    thread.start()
    return thread
