"""The app's one cache (dashboard/cache.py): shared by the workers of a host, keyed on code,
data and validated state, bounded, and never read from a directory others can write."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import diskcache
import pytest
from conftest import cache_entry_count
from markupsafe import Markup

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
    # large values are files beside diskcache's index (random text: it compresses little)
    big = {"värde": os.urandom(100_000).hex()}
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
        payload = os.urandom(20_000).hex()  # 100 entries of ~20 kB compressed: twice the bound
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
    with diskcache.Cache(str(tmp_path), disk=cache.CompressedJson) as opened:
        assert opened.volume() <= 1_100_000 + 2 * 10 * 25_000
        assert 20 <= len(opened) < 100


def _write_many(directory: str, offset: int) -> None:
    from pathlib import Path

    settings = dataclasses.replace(get_settings(), cache_dir=Path(directory), cache_max_mb=1)
    cache.configure(settings)
    payload = os.urandom(20_000).hex()  # ~20 kB compressed
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
    """A view is HTML and SVG: stored zlib-compressed (cache.CompressedJson), so the bound
    holds about ten times as many; bytes (compressed static files) are stored as they are."""
    view = {"map": "<svg>" + "<path d='M1 2l3 4z'/>" * 20_000 + "</svg>", "n": [1, 2.5, None]}
    assert cache.shared("prov", DATA, ("vy",), lambda: view) == view
    assert cache.backend().volume() < len(view["map"]) / 10
    body = os.urandom(50_000)
    assert cache.get_or_build("statisk", lambda: body) == body
    assert cache.get_or_build("statisk", lambda: b"") == body  # read back, not built again


# --- nothing planted in the directory is run or shown (#30) -----------------------------------


def planted_pickle(marker: Path) -> object:
    """What an attacker would plant: unpickling it creates `marker` and yields a value."""

    class Payload:
        def __reduce__(self):
            return eval, (f"(open({str(marker)!r}, 'w').close(), 'planted')[1]",)

    return Payload()


def full_key(kind: str, *key) -> str:
    return f"{cache.code_fingerprint()}:{kind}:{DATA.fingerprint}:{cache.key_digest(*key)}"


def test_a_planted_pickle_is_never_run_and_the_value_is_built(fresh_cache, tmp_path):
    marker = tmp_path / "ran"
    small, large = planted_pickle(marker), [planted_pickle(marker), "x" * 100_000]
    with diskcache.Cache(str(fresh_cache)) as plain:  # diskcache's own Disk: pickles
        plain.set(full_key("prov", "a"), small)  # in the index
        plain.set(full_key("prov", "b"), large)  # in a file beside it
    assert cache.shared("prov", DATA, ("a",), lambda: "byggd") == "byggd"
    assert cache.shared("prov", DATA, ("b",), lambda: ["byggd"]) == ["byggd"]
    assert not marker.exists()
    # Built again and overwritten in the cache's own format: read back without building.
    assert cache.shared("prov", DATA, ("a",), lambda: "igen") == "byggd"


def test_a_directory_swapped_while_open_is_never_read(tmp_path):
    """Someone able to rename the cache directory puts another in its place, with entries
    under the right keys: a pickle, and a well-formed entry of HTML. A new connection (a
    new worker or thread) would open the planted index; nothing planted is read."""
    marker, directory = tmp_path / "ran", tmp_path / "cache"
    before = cache.backend()
    try:
        cache.configure(dataclasses.replace(get_settings(), cache_dir=directory))
        assert cache.shared("prov", DATA, ("a",), lambda: "äkta") == "äkta"
        directory.rename(tmp_path / "undan")
        with diskcache.Cache(str(directory), disk=cache.CompressedJson) as planted:
            planted.set(full_key("prov", "a"), "<script>planted()</script>")
        with diskcache.Cache(str(directory)) as plain:
            plain.set(full_key("prov", "b"), planted_pickle(marker))
        directory.chmod(0o700)
        planted_count = cache_entry_count(directory)

        def in_a_new_thread():
            return [cache.shared("prov", DATA, (k,), lambda: "byggd") for k in ("a", "b", "c")]

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            assert pool.submit(in_a_new_thread).result() == ["byggd"] * 3
        assert cache.shared("prov", DATA, ("a",), lambda: "byggd") == "byggd"
        assert not marker.exists()
        assert cache.backend() is None  # from now on nothing is kept in this process
        assert cache_entry_count(directory) == planted_count  # nothing written there either
        assert not cache.has_room_for_warming()
    finally:
        cache._backend = before


def test_a_directory_in_a_parent_others_can_write_is_refused(tmp_path, monkeypatch):
    """Others could rename it and put theirs in its place; /tmp's sticky bit forbids that."""
    open_parent = tmp_path / "öppen"
    open_parent.mkdir()
    open_parent.chmod(0o777)
    assert cache.private_directory(open_parent / "cache") is None
    open_parent.chmod(0o1777)  # sticky: only a file's owner may rename it
    assert cache.private_directory(open_parent / "cache") == open_parent / "cache"
    open_parent.chmod(0o777)
    monkeypatch.setattr(cache.tempfile, "gettempdir", lambda: str(tmp_path / "privat"))
    (tmp_path / "privat").mkdir(mode=0o700)
    before = cache.backend()
    try:
        opened = cache.configure(
            dataclasses.replace(get_settings(), cache_dir=open_parent / "cache")
        )
        assert opened is not None and Path(opened.directory).parent == tmp_path / "privat"
        opened.close()
    finally:
        cache._backend = before


@pytest.mark.parametrize(
    "value",
    [
        os.urandom(40),  # compressed static files: in the index …
        os.urandom(100_000),  # … and in a file beside it
        "<div>en förhandsvisning</div>",  # Jämför's ranking HTML
        "<svg>" + "<path/>" * 10_000 + "</svg>",
        {"props": {"children": [{"type": "Div", "props": {"id": "x"}}, "text", 1, 2.5, None]}},
        [{"namespace": "dash_html_components", "props": {"hidden": True}}],
    ],
)
def test_every_kind_of_value_the_app_caches_is_read_back_the_same(fresh_cache, value):
    assert cache.get_or_build("värde", lambda: value) == value
    read = cache.get_or_build("värde", lambda: None)
    assert read == value and type(read) is type(value)
    with sqlite3.connect(fresh_cache / "cache.db") as index:
        modes = {mode for (mode,) in index.execute("SELECT mode FROM Cache")}
    assert modes <= {diskcache.core.MODE_RAW, diskcache.core.MODE_BINARY}  # never a pickle


def test_a_preview_pair_comes_back_as_a_list_callers_unpack(fresh_cache):
    cache.get_or_build("förhandsvisning", lambda: ("<main/>", "Titel"))
    html, title = cache.get_or_build("förhandsvisning", lambda: ("", ""))
    assert (html, title) == ("<main/>", "Titel")


@pytest.mark.parametrize(
    "value", [dataclasses.make_dataclass("Vy", ["a"])(1), Markup("<b/>"), {1: "x"}, {"s": {1}}]
)
def test_values_json_cannot_hold_the_same_are_refused(value):
    with pytest.raises(TypeError):
        cache.encode(value)


def test_entries_naming_files_outside_the_directory_are_never_read(tmp_path):
    disk = cache.CompressedJson(str(tmp_path / "cache"))
    secret = tmp_path / "hemlig"
    secret.write_bytes(b"B" + b"hemligt")
    for name in (str(secret), "../hemlig", "aa/bb/../../../hemlig"):
        with pytest.raises(cache.UnreadableEntry):
            disk.fetch(diskcache.core.MODE_BINARY, name, None, False)
        disk.remove(name)
    assert secret.exists()
    with pytest.raises(cache.UnreadableEntry):
        disk.fetch(diskcache.core.MODE_PICKLE, None, b"\x80\x05N.", False)
