"""Load the data and warm the caches once, before serving (gunicorn's master before it forks:
gunicorn.conf.py).

First Dash's own setup (first_request), then the data files are read and checked (load_data):
the workers inherit both. Then the static files a page loads are requested once through the
app, so their compressed bodies are in the app's cache (dashboard/cache.py) before the first
visitor asks: brotli's best setting is slow on the plotly bundle. Then pages and Översikt's
views, first things first (warm_order): the menu's pages, Översikt in every year (the newest
first), the municipalities from the largest, the delmål. A view of a new (indicator,
year, sort) state costs far more CPU than a cached one, so the map-update callback rarely
pays for one. Measured by scripts/benchmark.py.

Warming is bounded in time (`DASHBOARD_PREWARM_SECONDS`, default 20): the workers are forked
only after it, so it decides how soon a cold start is ready. What is left is built on its
first request and then shared by every worker of the host through the cache, so each thing
is built once per host.

A restart on a filled cache is ready at once: warming keeps a record in the cache of what it
built for this code and data (the keys of the entries the static files, each page and each
view read or wrote, and the seconds it spent), so a restart skips whatever has all its
entries still there (one index lookup per entry, no value read), and the budget is shared
by all starts on the same code and data: a restart spends only what the earlier ones left
of it (nothing, after a start that used it all; what is left then is built on request). A new release or a data import changes the fingerprints in the keys, and warming
starts over.

`DASHBOARD_PREWARM=0` turns the caches' warming off (Dash's setup and loading the data are
still done); it is off by default under pytest, whose in-process servers would compete with
the browser tests.
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
    """Översikt's states, the newest year first; an indicator's three sort orders one after
    another, the start order (by municipality) first: they share their map and table rows
    (oversikt.sort_free_parts), so the second and third cost little."""
    from dashboard import domain
    from dashboard.domain import overview

    years = sorted(ds.years, reverse=True)
    indicators = list(domain.mappable_indicators(ds)["id"])
    sorts = sorted(overview.SORTS, key=lambda sort: sort != "kommun")
    return [
        overview.OverviewState(indicator, year, sort)
        for year in years
        for indicator in indicators
        for sort in sorts
    ]


ASSET_URL = re.compile(r'<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"')


STATIC = "static files"


def prewarm_static(server) -> int | None:
    """GET every script and stylesheet of the start page once, as a browser would: a
    handful of files, the slowest of all to compress (not bounded by the deadline). How
    many; None when the record of an earlier warming on this code and data shows them, and
    the start page, all still in the cache: then nothing is requested."""
    from dashboard import cache
    from dashboard.data.loader import get_dataset

    ds = get_dataset()
    record = read_record(ds)
    known = record["items"].get(STATIC)
    if known and cache.all_stored(known):
        return None
    client = server.test_client()
    started = time.perf_counter()
    with cache.recording() as keys:
        html = client.get("/").get_data(as_text=True)
        urls = sorted(set(ASSET_URL.findall(html)))
        for url in urls:
            client.get(url.replace("&amp;", "&"), headers={"Accept-Encoding": "br"}).close()
    record["items"][STATIC] = list(dict.fromkeys(keys))
    # counted in the budget, as warm() counts it: what a restart may still spend is what
    # the whole warm-up left, so a restart after one that used it all warms nothing more
    record["seconds"] += time.perf_counter() - started
    cache.write(warming_record_key(ds), record)
    return len(urls)


def first_paths() -> list[str]:
    """The pages with an address of their own, the menu's first (Dash's page registry:
    ui/menu.page_addresses)."""
    from dashboard.ui.menu import page_addresses

    return page_addresses()


def page_paths(ds) -> list[str]:
    """Every page at its default address, in the order people open them: the pages with an
    address of their own (the menu's first), the goals, the municipalities from the
    largest, the delmål."""
    paths = first_paths() + [f"/strategi/{goal}" for goal in ds.plan.goals["id"]]
    largest_first = ds.municipalities.sort_values(["population", "code"], ascending=[False, True])
    paths += [f"/kommun/{code}" for code in largest_first["code"]]
    paths += [f"/strategi/{row.goal_id}/{row.id}" for row in ds.plan.subgoals.itertuples()]
    return paths


PAGES, VIEWS = "page layouts", "Översikt views"


def warm_order(ds) -> list[tuple[str, object]]:
    """What warming builds, first things first: the menu's pages and the goals, then
    Översikt's views (the start page, and what its choices open: every indicator and year,
    the newest first), then the municipalities' pages from the largest and the delmål.
    (PAGES, path) or (VIEWS, OverviewState)."""
    paths = page_paths(ds)
    first_pages = len(first_paths()) + len(ds.plan.goals)
    return ([(PAGES, p) for p in paths[:first_pages]]
            + [(VIEWS, s) for s in overview_states(ds)]
            + [(PAGES, p) for p in paths[first_pages:]])  # fmt: skip


CACHED = "pages and views still in the cache"


def warming_record_key(ds) -> str:
    return f"warmed:{ds.fingerprint}"


def read_record(ds) -> dict:
    """What earlier warmings on this code and data built: {"seconds": they spent, "items":
    {warm item: the full keys of the cache entries it read or wrote}}."""
    from dashboard import cache

    record = cache.read(warming_record_key(ds))
    if (not isinstance(record, dict) or not isinstance(record.get("items"), dict)
            or not isinstance(record.get("seconds"), int | float)):  # fmt: skip
        return {"seconds": 0.0, "items": {}}
    return record


def prewarm_caches(server, deadline: float = math.inf) -> dict[str, tuple[int, float]]:
    """Open each page once, as a browser's first request does (its first-paint preview and
    its layout go into the cache: first_view, page_cache), and build Översikt's views, in
    warm_order, until the deadline (a time.monotonic() value) or until the warmings on this
    code and data have spent budget_seconds() in all. What the record of earlier warmings
    shows still in the cache is skipped. Views stop too when the cache is half full, so
    warming never pushes out what it warmed before. {label: (count, s)}; CACHED only when
    something was skipped."""
    from dashboard import cache
    from dashboard.data.loader import get_dataset

    ds = get_dataset()
    record = read_record(ds)
    deadline = min(deadline, time.monotonic() + max(0.0, budget_seconds() - record["seconds"]))
    done = {PAGES: [0, 0.0], VIEWS: [0, 0.0], CACHED: [0, 0.0]}
    try:
        _warm_items(server.test_client(), ds, record["items"], deadline, done)
    finally:
        spent = done[PAGES][1] + done[VIEWS][1]
        if done[PAGES][0] or done[VIEWS][0]:
            cache.write(warming_record_key(ds), {"seconds": record["seconds"] + spent,
                                                 "items": record["items"]})  # fmt: skip
    if not done[CACHED][0]:
        del done[CACHED]
    return {kind: (count, seconds) for kind, (count, seconds) in done.items()}


def _warm_items(client, ds, items: dict[str, list[str]], deadline: float,
                done: dict[str, list]) -> None:  # fmt: skip
    """Warm what warm_order lists until the deadline, skipping what `items` (the record)
    shows still in the cache, and record in `items` what each one built."""
    from dashboard import cache
    from dashboard.pages import oversikt

    for kind, item in warm_order(ds):
        if time.monotonic() >= deadline:
            break
        started = time.perf_counter()
        name = f"{kind}|{item}"
        if items.get(name) and cache.all_stored(items[name]):
            done[CACHED][0] += 1
            done[CACHED][1] += time.perf_counter() - started
            continue
        if kind == VIEWS and not cache.has_room_for_warming():
            continue
        with cache.recording() as keys:
            if kind == PAGES:
                client.get(str(item)).close()
            else:
                oversikt.view(ds, item)
        items[name] = list(dict.fromkeys(keys))
        done[kind][0] += 1
        done[kind][1] += time.perf_counter() - started


def load_data() -> str:
    """Load and check the data files once, here: in gunicorn's master the workers inherit
    the result (copy-on-write) instead of each reading and checking them again. A broken
    file is logged; the pages say what is wrong, and /_redo answers 503."""
    from dashboard.data.loader import DataError, get_dataset

    try:
        ds = get_dataset()
    except DataError as error:
        log.error("data not loaded: %s", error)
        return f"data not loaded: {error}"
    return (f"data loaded and checked: {len(ds.municipalities)} municipalities, "
            f"{len(ds.values)} values")  # fmt: skip


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
    if not enabled() or done[0].startswith("data not loaded"):
        return done
    deadline = time.monotonic() + budget_seconds()
    try:
        started = time.perf_counter()
        count = prewarm_static(server)
        done.append(f"{STATIC} still in the cache, skipped" if count is None else
                    f"{count} {STATIC} prewarmed in {time.perf_counter() - started:.1f} s")  # fmt: skip
        for label, (count, seconds) in prewarm_caches(server, deadline).items():
            if label == CACHED:
                done.append(f"{count} {label}, skipped (checked in {seconds:.2f} s)")
            else:
                done.append(f"{count} {label} prewarmed in {seconds:.1f} s")
    except Exception:  # the caches only save time; requests fill them themselves
        log.exception("prewarming failed")
    for line in done[1:]:
        log.info(line)
    return done
