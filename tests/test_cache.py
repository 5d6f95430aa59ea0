"""The app's one cache (dashboard/cache.py): shared by the workers of a host, keyed on code,
data and validated state, bounded, and never read from a directory others can write."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from cachelib import FileSystemCache, NullCache, SimpleCache
from conftest import cache_entries

from dashboard import cache
from dashboard.config import get_settings

DATA = SimpleNamespace(fingerprint="data-a")


def counting_build(value):
    builds = []

    def build():
        builds.append(1)
        return value

    return build, builds


def test_a_value_built_by_one_worker_is_read_by_another(fresh_cache):
    build, builds = counting_build({"värde": [1, 2]})
    assert cache.shared("prov", DATA, ("a", 2025), build) == {"värde": [1, 2]}
    # Another worker: its own backend object on the same directory.
    cache.configure(dataclasses.replace(get_settings(), cache_dir=fresh_cache))
    assert cache.shared("prov", DATA, ("a", 2025), build) == {"värde": [1, 2]}
    assert len(builds) == 1
    cache.shared("prov", DATA, ("b", 2025), build)
    assert len(builds) == 2


def test_other_data_or_code_never_reads_an_old_entry(fresh_cache, monkeypatch):
    build, builds = counting_build([1])
    cache.shared("prov", DATA, ("a",), build)
    cache.shared("prov", SimpleNamespace(fingerprint="data-b"), ("a",), build)
    assert len(builds) == 2  # a new import: built again
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "ny-kod")
    cache.shared("prov", DATA, ("a",), build)
    assert len(builds) == 3  # a new release: built again


def test_a_damaged_entry_is_built_again(fresh_cache):
    build, builds = counting_build({"värde": 1})
    cache.shared("prov", DATA, ("a",), build)
    for garbage in (b"\x00\x00\x00\x00" + b"\x80\x05trasig", b"\x00\x00\x00\x00}", b"x"):
        for entry in cache_entries(fresh_cache):
            entry.write_bytes(garbage)
        assert cache.shared("prov", DATA, ("a",), build) == {"värde": 1}
    assert len(builds) == 4


def test_the_cache_keeps_to_its_entry_bound(tmp_path, monkeypatch):
    import cachelib.file

    clock = iter(range(1_800_000_000, 1_900_000_000))  # a second passes at every look
    monkeypatch.setattr(cachelib.file, "time", lambda: next(clock))
    bound = 20
    settings = dataclasses.replace(get_settings(), cache_dir=tmp_path, cache_max_entries=bound)
    before = cache.backend()
    try:
        assert isinstance(cache.configure(settings), FileSystemCache)
        for n in range(5 * bound):
            cache.shared("prov", DATA, (n,), lambda n=n: {"n": n})
        assert len(cache_entries(tmp_path)) <= bound
        # The newest entries are kept: the oldest leave first.
        kept = [n for n in range(5 * bound) if cache.backend().get(
            f"{cache.code_fingerprint()}:prov:data-a:{cache.key_digest(n)}") is not None]  # fmt: skip
        assert kept and min(kept) >= 3 * bound, kept
    finally:
        cache._backend = before


def test_cache_directory_must_be_private(tmp_path):
    assert cache.private_directory(tmp_path / "ny") == tmp_path / "ny"
    assert (tmp_path / "ny").stat().st_mode & 0o777 == 0o700
    shared = tmp_path / "delad"
    shared.mkdir()
    shared.chmod(0o777)
    assert cache.private_directory(shared) is None
    link = tmp_path / "lank"
    link.symlink_to(tmp_path / "ny")
    assert cache.private_directory(link) is None


def test_a_directory_others_can_write_means_memory_only_still_bounded(tmp_path):
    shared = tmp_path / "delad"
    shared.mkdir()
    shared.chmod(0o777)
    before = cache.backend()
    try:
        settings = dataclasses.replace(get_settings(), cache_dir=shared, cache_max_entries=10)
        backend = cache.configure(settings)
        assert isinstance(backend, SimpleCache)
        for n in range(100):
            cache.shared("prov", DATA, (n,), lambda n=n: n + 1)
        assert len(backend._cache) <= 10
        assert not list(shared.iterdir())  # nothing written where others could change it
    finally:
        cache._backend = before


def test_before_configure_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(cache, "_backend", NullCache())
    build, builds = counting_build([1])
    cache.shared("prov", DATA, ("a",), build)
    cache.shared("prov", DATA, ("a",), build)
    assert len(builds) == 2


@pytest.mark.parametrize("bad", ["", "x", "-5", "3"])
def test_bounds_from_the_environment_have_safe_floors(monkeypatch, bad):
    monkeypatch.setenv("DASHBOARD_CACHE_MAX_ENTRIES", bad)
    monkeypatch.setenv("DASHBOARD_CACHE_TIMEOUT", bad)
    settings = get_settings()
    assert settings.cache_max_entries >= 10
    assert settings.cache_timeout >= 60
