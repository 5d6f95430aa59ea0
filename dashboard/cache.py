"""The app's one cache: page layouts, first-paint previews, Översikt views, compressed files.

Built on diskcache (the library Dash's own DiskcacheManager uses for background callbacks):
a SQLite index with its transactions makes it safe for the several processes of a host to
share, and it keeps its size bound while they write at once. (cachelib's
FileSystemCache, tried first, keeps its entry count in a file the workers update without a
lock; two workers writing together went past its bound.) It needs no Flask application
context, so the pages' callbacks, the export and gunicorn's master warming it before any
request (web/prewarm.py) all use the same cache, and the pages layer uses it without
importing the web layer. A connection opened in the master is reopened after a fork.

`configure(settings)` (called by the app factory) opens it in `settings.cache_dir`:
- bounded to `settings.cache_max_mb` megabytes; when a write passes the bound, the entries
  stored longest ago are removed first, in the writing process, a few per write;
- entries expire after `settings.cache_timeout` seconds;
- values are pickles, and reading a pickle runs code, so the directory must be this user's
  own (mode 0700, not a symlink, not writable by others). If it is not, a private directory
  of this user in the temp folder is used instead, and if that fails too, nothing is kept.
Until configured nothing is kept: unit tests calling a layout build it each time.

Keys are never raw input: callers key on validated page state (a page's canonical_query,
an Översikt state) or on a digest of the content. Each key also holds a fingerprint of the
code and of the dataset, so a new release or a data import never reads an old entry; old
entries leave by the bound, oldest first.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import stat
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, TypeVar

import diskcache

from dashboard.config import Settings

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent

T = TypeVar("T")

_backend: diskcache.Cache | None = None
_timeout: int | None = None


class Fingerprinted(Protocol):
    fingerprint: str


def configure(settings: Settings) -> diskcache.Cache | None:
    """Open the cache for these settings (see the module docstring); None: nothing is kept."""
    global _backend, _timeout
    directory = private_directory(settings.cache_dir) or private_directory(
        Path(tempfile.gettempdir()) / f"kvinnofrid-dashboard-cache-{os.getuid()}"
    )
    _timeout = settings.cache_timeout
    if directory is None:
        log.warning("no private cache directory; nothing is cached")
        _backend = None
        return None
    _backend = diskcache.Cache(
        str(directory),
        disk=CompressedPickles,
        size_limit=settings.cache_max_mb * 1_000_000,
        eviction_policy="least-recently-stored",  # reads write nothing; oldest out first
        cull_limit=10,
    )
    return _backend


@dataclass(frozen=True)
class _Zipped:
    data: bytes


class CompressedPickles(diskcache.Disk):
    """diskcache's Disk (its documented extension point), zlib-compressing what it would
    pickle: views and layouts are HTML, SVG and JSON that shrink about tenfold, so the bound
    holds ten times as many (at 290 municipalities a view with its map is ~330 kB; 600 of
    them did not fit the warming half of 256 MB). Reading one back costs about a millisecond.
    Bytes (the already compressed static files), text and numbers are stored as before."""

    def store(self, value, read, key=diskcache.core.UNKNOWN):
        if not read and not isinstance(value, (bytes, str, int, float)):
            pickled = pickle.dumps(value, protocol=self.pickle_protocol)
            value = _Zipped(zlib.compress(pickled, ZLIB_LEVEL))
        return super().store(value, read, key=key)

    def fetch(self, mode, filename, value, read):
        data = super().fetch(mode, filename, value, read)
        if isinstance(data, _Zipped):
            return pickle.loads(zlib.decompress(data.data))  # noqa: S301 - our own directory (see above)
        return data


ZLIB_LEVEL = 1  # the fastest: most of the gain, a fraction of the time


def backend() -> diskcache.Cache | None:
    return _backend


def has_room_for_warming() -> bool:
    """True while the cache holds less than half its bound: warming stops there, so that it
    never pushes out what it warmed before and leaves room for what visitors open."""
    if _backend is None:
        return False
    return bool(_backend.volume() < _backend.size_limit // 2)


def private_directory(path: Path) -> Path | None:
    """The directory if cached entries may be read from it, else None."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError as error:
        log.info("cache directory %s not usable: %s", path, error)
        return None
    if (
        stat.S_ISLNK(info.st_mode)
        or not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or info.st_mode & 0o022
    ):
        log.warning("cache directory %s is not private to this user; not used", path)
        return None
    return path


def shared(kind: str, dataset: Fingerprinted, key: tuple, build: Callable[[], T]) -> T:
    """build(), or what this or another worker built before for the same code, data and key.

    Callers must not mutate the result; values are plain JSON (components.json_ready)."""
    return get_or_build(f"{kind}:{dataset.fingerprint}:{key_digest(*key)}", build)


def get_or_build(key: str, build: Callable[[], T]) -> T:
    if _backend is None:
        return build()
    full_key = f"{code_fingerprint()}:{key}"
    try:
        value = _backend.get(full_key)
    except Exception:  # noqa: BLE001 - a damaged entry is built again (and overwritten)
        log.warning("cache entry %s unreadable; built again", key)
        value = None
    if value is None:
        value = build()
        try:
            _backend.set(full_key, value, expire=_timeout)
        except Exception as error:  # noqa: BLE001 - a failed write (disk full) only costs time
            log.warning("cache entry %s not stored: %s", key, error)
    return value


def key_digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes with any file of the package or the versions of the libraries it renders with."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    for package in ("dash", "dash-bootstrap-components", "plotly"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:16]
