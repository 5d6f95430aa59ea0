"""A restart on a filled cache is ready at once (issue #32: at 290 municipalities warming spent
its whole 20 s budget on pages and views that were all in the cache already).

Warming records, per page and view, the keys of the cache entries it built; a restart on the
same code and data skips each one whose entries are all still there, builds again one that
lost an entry, and spends only what earlier starts left of the budget. Speed itself is
measured by `scripts/benchmark.py --startup`, not here."""

from __future__ import annotations

import time

import pytest

from dashboard import cache
from dashboard.data.loader import get_dataset
from dashboard.web import prewarm


@pytest.fixture
def few(monkeypatch):
    """Warming limited to two pages and three Översikt views."""
    ds = get_dataset()
    items = [(prewarm.PAGES, "/om"), (prewarm.PAGES, "/jamfor"),
             *((prewarm.VIEWS, s) for s in prewarm.overview_states(ds)[:3])]  # fmt: skip
    monkeypatch.setattr(prewarm, "warm_order", lambda ds: items)
    monkeypatch.setattr(cache, "has_room_for_warming", lambda: True)
    return items


def test_a_restart_skips_what_is_still_in_the_cache(app, fresh_cache, few, monkeypatch):
    first = prewarm.prewarm_caches(app.server)
    assert first[prewarm.PAGES][0] == 2 and first[prewarm.VIEWS][0] == 3
    assert prewarm.CACHED not in first
    record = prewarm.read_record(get_dataset())
    assert len(record["items"]) == 5 and all(record["items"].values())
    assert record["seconds"] > 0

    from dashboard.pages import oversikt

    def built_again(*_args):
        raise AssertionError("built again although it is in the cache")

    monkeypatch.setattr(oversikt, "view", built_again)
    again = prewarm.prewarm_caches(app.server)
    assert again[prewarm.CACHED][0] == 5
    assert again[prewarm.PAGES][0] == again[prewarm.VIEWS][0] == 0
    assert prewarm.read_record(get_dataset())["seconds"] == record["seconds"]  # nothing spent


def test_a_page_that_lost_an_entry_is_built_again(app, fresh_cache, few):
    prewarm.prewarm_caches(app.server)
    keys = prewarm.read_record(get_dataset())["items"]["page layouts|/om"]
    cache.backend().delete(keys[-1])
    again = prewarm.prewarm_caches(app.server)
    assert again[prewarm.PAGES][0] == 1 and again[prewarm.CACHED][0] == 4
    # recorded anew: what the page's request read or built this time, all of it there
    keys = prewarm.read_record(get_dataset())["items"]["page layouts|/om"]
    assert keys and cache.all_stored(keys)


def test_the_budget_is_shared_by_the_starts_on_the_same_code_and_data(app, fresh_cache, few,
                                                                      monkeypatch):  # fmt: skip
    ds = get_dataset()
    cache.write(prewarm.warming_record_key(ds), {"seconds": 19.5, "items": {}})
    monkeypatch.setenv("DASHBOARD_PREWARM_SECONDS", "20")
    started = time.monotonic()
    prewarm.prewarm_caches(app.server)
    # half a second left, then no more
    assert time.monotonic() - started < 5
    assert prewarm.read_record(ds)["seconds"] >= 19.5
    monkeypatch.setenv("DASHBOARD_PREWARM_SECONDS", "19")
    assert prewarm.prewarm_caches(app.server) == {prewarm.PAGES: (0, 0.0),
                                                  prewarm.VIEWS: (0, 0.0)}  # fmt: skip


def test_another_dataset_warms_from_the_start(app, fresh_cache, few):
    ds = get_dataset()
    cache.write(prewarm.warming_record_key(ds), {"seconds": 1000.0, "items": {}})
    other = type("Other", (), {"fingerprint": "another-dataset"})()
    assert prewarm.read_record(other) == {"seconds": 0.0, "items": {}}


def test_recording_gives_the_keys_read_and_written(fresh_cache):
    class Data:
        fingerprint = "data-a"

    cache.shared("prov", Data(), ("a",), lambda: "built")
    with cache.recording() as keys:
        assert cache.shared("prov", Data(), ("a",), lambda: "again") == "built"
        cache.shared("prov", Data(), ("b",), lambda: "new")
    assert len(keys) == 2 and all(k.startswith(cache.code_fingerprint()) for k in keys)
    assert cache.all_stored(keys)
    cache.backend().delete(keys[0])
    assert not cache.all_stored(keys)


def test_a_foreign_record_is_ignored(app, fresh_cache):
    ds = get_dataset()
    for junk in ("text", {"items": []}, {"items": {}, "seconds": "many"}, [1, 2]):
        cache.write(prewarm.warming_record_key(ds), junk)
        assert prewarm.read_record(ds) == {"seconds": 0.0, "items": {}}


def test_a_restart_requests_no_static_file_that_is_still_in_the_cache(app, fresh_cache):
    first = prewarm.prewarm_static(app.server)
    assert first and first > 5
    keys = prewarm.read_record(get_dataset())["items"][prewarm.STATIC]
    assert any(":static:" in key for key in keys) and cache.all_stored(keys)
    assert prewarm.prewarm_static(app.server) is None
    cache.backend().delete(next(key for key in keys if ":static:" in key))
    assert prewarm.prewarm_static(app.server) == first  # one lost: all requested again


def test_the_static_files_count_in_the_budget(app, fresh_cache):
    prewarm.prewarm_static(app.server)
    assert prewarm.read_record(get_dataset())["seconds"] > 0
