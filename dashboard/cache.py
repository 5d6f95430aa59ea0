"""The app's one cache: page layouts, first-paint previews, Översikt views, compressed files.

Built on cachelib (Pallets' cache backends, the ones Flask-Caching wraps) rather than on
Flask-Caching itself: cachelib needs no Flask application context, so the same cache
serves the pages' callbacks, the export and gunicorn's master warming it before any
request (web/prewarm.py), and the pages layer can use it without importing the web layer.

`configure(settings)` (called by the app factory) picks the backend:
- FileSystemCache in `settings.cache_dir`: every worker of a host, and the workers gunicorn
  starts later (max_requests), read what one of them built. Bounded to
  `settings.cache_max_entries` files; entries expire after `settings.cache_timeout` seconds,
  and cachelib removes the entries that expire first, i.e. the oldest, when the bound is
  reached. The count is kept by cachelib in a file and is approximate when several workers
  write at once; it is recounted when the cache is configured.
- SimpleCache (memory of each process, the same bound) when that directory is not safe:
  cachelib stores pickles, and reading a pickle runs code, so the directory must be this
  user's own (mode 0700, not a symlink, not writable by others).
- NullCache (nothing kept) until configured: unit tests calling a layout build it each time.

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
import stat
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, TypeVar

from cachelib import BaseCache, FileSystemCache, NullCache, SimpleCache

from dashboard.config import Settings

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent

T = TypeVar("T")

_backend: BaseCache = NullCache()


class Fingerprinted(Protocol):
    fingerprint: str


def configure(settings: Settings) -> BaseCache:
    """Choose and set up the backend for these settings (see the module docstring)."""
    global _backend
    directory = private_directory(settings.cache_dir)
    # cachelib prunes once an entry beyond its threshold is written: one below the bound.
    threshold = settings.cache_max_entries - 1
    if directory is None:
        _backend = SimpleCache(threshold=threshold, default_timeout=settings.cache_timeout)
    else:
        _backend = FileSystemCache(
            str(directory),
            threshold=threshold,
            default_timeout=settings.cache_timeout,
            mode=0o600,
        )
    return _backend


def backend() -> BaseCache:
    return _backend


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
        log.warning("cache directory %s is not private to this user; caching in memory", path)
        return None
    return path


def shared(kind: str, dataset: Fingerprinted, key: tuple, build: Callable[[], T]) -> T:
    """build(), or what this or another worker built before for the same code, data and key.

    Callers must not mutate the result; values are plain JSON (components.json_ready)."""
    return get_or_build(f"{kind}:{dataset.fingerprint}:{key_digest(*key)}", build)


def get_or_build(key: str, build: Callable[[], T]) -> T:
    full_key = f"{code_fingerprint()}:{key}"
    try:
        value = _backend.get(full_key)
    except Exception:  # noqa: BLE001 - a damaged entry (cachelib catches only some) is rebuilt
        log.warning("cache entry %s unreadable; built again", key)
        value = None
    if value is None:
        value = build()
        _backend.set(full_key, value)  # a failed write only costs time (cachelib logs it)
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
