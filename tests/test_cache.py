"""The app's one cache (dashboard/cache.py): shared by the workers of a host, keyed on code,
data and validated state, bounded, and never read from a directory others can write."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from types import SimpleNamespace

import diskcache
import pytest

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
    # large values are files beside diskcache's index (random bytes: they do not compress)
    big = {"värde": os.urandom(100_000)}
    build, builds = counting_build(big)
    cache.shared("prov", DATA, ("a",), build)
    for garbage in (b"\x80\x05trasig", b"}", b""):
        files = [p for p in fresh_cache.rglob("*.val")]
        assert files
        for entry in files:
            entry.write_bytes(garbage)
        assert cache.shared("prov", DATA, ("a",), build) == big
    assert len(builds) == 4


def test_a_failed_write_only_costs_time(fresh_cache, monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.backend(), "set", disk_full)
    build, builds = counting_build([1])
    assert cache.shared("prov", DATA, ("a",), build) == [1]
    assert cache.shared("prov", DATA, ("a",), build) == [1]
    assert len(builds) == 2


def test_the_cache_keeps_to_its_size_bound_oldest_out_first(tmp_path):
    settings = dataclasses.replace(get_settings(), cache_dir=tmp_path, cache_max_mb=1)
    before = cache.backend()
    try:
        cache.configure(settings)
        payload = os.urandom(20_000)  # 100 entries of 20 kB that do not compress: twice the bound
        for n in range(100):
            cache.shared("prov", DATA, (n,), lambda n=n: {"n": n, "p": payload})
        assert cache.backend().volume() <= 1_000_000 + 20 * 25_000  # one cull's worth over
        # The newest entries are kept: the oldest leave first.
        kept = [n for n in range(100) if cache.backend().get(
            f"{cache.code_fingerprint()}:prov:data-a:{cache.key_digest(n)}") is not None]  # fmt: skip
        assert kept and min(kept) >= 40 and max(kept) == 99, kept
        assert not cache.has_room_for_warming()
    finally:
        cache.backend().close()
        cache._backend = before


@pytest.mark.integration
def test_two_processes_writing_at_once_keep_the_bound(tmp_path):
    """gunicorn's workers write at once; the bound holds (cachelib's did not, see the docs)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    writers = [
        context.Process(target=_write_many, args=(str(tmp_path), offset)) for offset in (0, 1000)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    with diskcache.Cache(str(tmp_path), disk=cache.CompressedPickles) as opened:
        assert opened.volume() <= 1_100_000 + 2 * 10 * 25_000
        assert 20 <= len(opened) < 100


def _write_many(directory: str, offset: int) -> None:
    from pathlib import Path

    settings = dataclasses.replace(get_settings(), cache_dir=Path(directory), cache_max_mb=1)
    cache.configure(settings)
    payload = os.urandom(20_000)  # does not compress
    for n in range(offset, offset + 100):
        cache.shared("prov", DATA, (n,), lambda n=n: {"n": n, "p": payload})


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


def test_a_directory_others_can_write_is_never_used(tmp_path, monkeypatch):
    shared = tmp_path / "delad"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setattr(cache.tempfile, "gettempdir", lambda: str(tmp_path / "privat"))
    (tmp_path / "privat").mkdir()
    before = cache.backend()
    try:
        backend = cache.configure(dataclasses.replace(get_settings(), cache_dir=shared))
        assert backend is not None and Path(backend.directory).parent == tmp_path / "privat"
        cache.shared("prov", DATA, ("a",), lambda: 1)
        assert not list(shared.iterdir())  # nothing written where others could change it
        backend.close()
        # Neither directory private: nothing is kept, every call builds.
        (tmp_path / "privat").chmod(0o777)
        for child in (tmp_path / "privat").iterdir():
            child.chmod(0o777)
        assert cache.configure(dataclasses.replace(get_settings(), cache_dir=shared)) is None
        build, builds = counting_build([1])
        cache.shared("prov", DATA, ("a",), build)
        cache.shared("prov", DATA, ("a",), build)
        assert len(builds) == 2
    finally:
        cache._backend = before


def test_before_configure_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(cache, "_backend", None)
    build, builds = counting_build([1])
    cache.shared("prov", DATA, ("a",), build)
    cache.shared("prov", DATA, ("a",), build)
    assert len(builds) == 2


@pytest.mark.parametrize("bad", ["", "x", "-5", "0"])
def test_bounds_from_the_environment_have_safe_floors(monkeypatch, bad):
    monkeypatch.setenv("DASHBOARD_CACHE_MAX_MB", bad)
    monkeypatch.setenv("DASHBOARD_CACHE_TIMEOUT", bad)
    settings = get_settings()
    assert settings.cache_max_mb >= 1
    assert settings.cache_timeout >= 60


def test_entries_are_stored_compressed_and_read_back_whole(fresh_cache):
    """A view is HTML and SVG: stored zlib-compressed (cache.CompressedPickles), so the bound
    holds about ten times as many; bytes (compressed static files) are stored as they are."""
    view = {"map": "<svg>" + "<path d='M1 2l3 4z'/>" * 20_000 + "</svg>", "n": [1, 2.5, None]}
    assert cache.shared("prov", DATA, ("vy",), lambda: view) == view
    assert cache.backend().volume() < len(view["map"]) / 10
    body = os.urandom(50_000)
    assert cache.get_or_build("statisk", lambda: body) == body
    assert cache.get_or_build("statisk", lambda: b"") == body  # read back, not built again
