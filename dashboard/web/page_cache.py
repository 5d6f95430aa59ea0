"""Page layouts cached per validated page state, as plain JSON, in the app's one cache.

Every page layout is a pure function of the dataset (immutable for the life of the process)
and the page's state in the URL. Building Jämför or a municipality's page costs a lot more
CPU than reading it back, so layouts are cached (dashboard/cache.py); but the key is never
the raw URL:
every distinct junk query string (`?utm_x=1`, `=2`, …) would be another entry. A page whose
layout reads the URL declares `canonical_query` in `dash.register_page`: a function
(dataset, URL parameters) → the validated parameters that give the same page. The layout is
built from those only, so anything unknown or invalid maps to the same entry, and the
number of entries is bounded by the pages' own state space and by the cache's bound. A page
that declares nothing is cached only if its layout takes no arguments; otherwise it is
built for every request, as Dash builds it (prepare_layouts).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping

from dashboard import cache
from dashboard.data.loader import DataError, Dataset, get_dataset
from dashboard.ui.components import guarded, json_ready
from dashboard.web import page_contract

Canonical = Callable[[Dataset, Mapping[str, object]], Mapping[str, str]]


def _ignore_query(_ds: Dataset, _params: Mapping[str, object]) -> dict[str, str]:
    return {}


def memoized(
    layout: Callable[..., object], canonical: Canonical | None = None
) -> Callable[..., object]:
    """layout(**params), built once per canonical(dataset, params) and dataset."""
    name = f"{layout.__module__}.{layout.__qualname__}"
    canonical = canonical or _ignore_query

    def build(dataset, key: tuple[tuple[str, str], ...]) -> object:
        # The dataset's fingerprint is part of the key: a new import never sees stale pages.
        return cache.shared("page", dataset, (name, key), lambda: json_ready(layout(**dict(key))))

    @functools.wraps(layout)
    def wrapper(**params):
        try:
            dataset = get_dataset()
        except DataError:  # the page shows the error (components.guarded); never cached
            return layout()
        return build(dataset, canonical_key(canonical, dataset, params))

    wrapper.memoized = True
    wrapper.canonical = canonical
    return wrapper


def canonical_key(
    canonical: Canonical, dataset: Dataset, params: Mapping[str, object]
) -> tuple[tuple[str, str], ...]:
    """The validated parameters as a sorted tuple of strings: a cache key."""
    return tuple(sorted((str(k), str(v)) for k, v in canonical(dataset, params).items()))


def prepare_layouts(pages: Iterable[dict]) -> int:
    """Make every callable layout of Dash's page registry safe to serve (once); returns how
    many are cached.

    Every layout shows a data error as the Swedish message (components.guarded). A layout
    is cached only when that cannot change what it shows: the page declares
    `canonical_query` (the validated state is the key), or its layout takes no arguments
    (it cannot read the URL). Any other layout, e.g. one written as in Dash's docs with
    `def layout(ar=None, **kwargs)`, is built for every request, exactly as Dash does.
    """
    count = 0
    for page in pages:
        layout = page.get("layout")
        if not callable(layout) or getattr(layout, "prepared", False):
            continue
        canonical = page.get("canonical_query")
        safe = guarded(layout)
        if canonical is not None or not page_contract.reads_url(layout):
            safe = memoized(safe, canonical)
            count += 1
        safe.prepared = True  # type: ignore[attr-defined]
        page["layout"] = safe
    return count
