"""Page layouts memoised per URL, as plain JSON.

Every page layout is a pure function of the dataset (immutable for the life of the process)
and the URL's path variables and query parameters. Building Jämför or a municipality's page
costs 140–340 ms of CPU (figures, tables: measured in-process); a cached one costs a lookup
and a JSON dump. Pages stay plain `dash.register_page` modules: the memo wraps the layout
functions in Dash's page registry once the pages are loaded (create_app).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from dashboard import disk_cache
from dashboard.components import json_ready
from dashboard.data import DataError, get_dataset

MAX_ENTRIES = 256  # per page and worker; a page is 10–60 kB of JSON
MAX_KEY_CHARS = 2000  # longer (hostile) URLs are built, not cached


def memoized(layout: Callable[..., object]) -> Callable[..., object]:
    name = f"{layout.__module__}.{layout.__qualname__}"

    @functools.lru_cache(maxsize=MAX_ENTRIES)
    def build(dataset, key: tuple[tuple[str, str], ...]) -> object:
        # The dataset is part of the key: a reloaded dataset (tests) never sees stale pages.
        # Shared with the other workers through the disk cache (disk_cache.shared).
        return disk_cache.shared(
            "pages", dataset, (name, key), lambda: json_ready(layout(**dict(key)))
        )

    @functools.wraps(layout)
    def wrapper(**kwargs):
        key = tuple(sorted(kwargs.items()))
        cacheable = all(isinstance(value, str) for _, value in key) and (
            sum(len(name) + len(value) for name, value in key) <= MAX_KEY_CHARS
        )
        if not cacheable:  # repeated parameters arrive as lists
            return layout(**kwargs)
        try:
            dataset = get_dataset()
        except DataError:  # the page shows the error (components.guarded); never cached
            return layout(**kwargs)
        return build(dataset, key)

    wrapper.memoized = True
    wrapper.cache_info = build.cache_info
    return wrapper


def memoize_layouts(pages: Iterable[dict]) -> int:
    """Wrap every callable layout of Dash's page registry (once); returns how many."""
    count = 0
    for page in pages:
        layout = page.get("layout")
        if callable(layout) and not getattr(layout, "memoized", False):
            page["layout"] = memoized(layout)
            count += 1
    return count
