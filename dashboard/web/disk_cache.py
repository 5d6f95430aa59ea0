"""A cache directory shared by the worker processes, and kept when gunicorn restarts them.

Each worker keeps its caches in memory; what is expensive to build (brotli-compressed static
files, Översikt views, page layouts) is also written here, so the other workers and the
workers gunicorn starts later (--max-requests) read it instead of building it again.

What is read back is served to visitors, so the directory and its subdirectories must be
this process's own: they are created with mode 0700, and one that is a symlink, owned by
another user or writable by others is not used (the app then only caches in memory). Entries are keyed by content
or by a fingerprint of the code and the data (`fingerprint`), never trusted by name alone.

The directory is bounded: each kind (static, pages, oversikt) keeps at most
DASHBOARD_CACHE_MAX_ENTRIES files and DASHBOARD_CACHE_MAX_MB megabytes, the oldest removed
first, and the folders of other code or data fingerprints are removed when a process first
uses its own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
import threading
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the whole dashboard package


def private_directory(path: Path) -> Path | None:
    """The directory if it is safe to read cached responses from, else None."""
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
        log.warning("cache directory %s is not private to this user; caching in memory only", path)
        return None
    return path


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_bytes(path: Path, body: bytes, bounded: Path | None = None) -> None:
    """Atomically: a reader never sees half a file. A failure only costs time.

    `bounded`: the kind's directory, pruned to the configured bounds after the write."""
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as tmp_file:
            tmp_file.write(body)
        os.replace(tmp, path)
    except OSError as error:
        log.info("not cached on disk: %s", error)
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
        return
    if bounded is not None:
        from dashboard.config import get_settings

        settings = get_settings()
        prune(bounded, settings.cache_max_entries, settings.cache_max_bytes)


def prune(directory: Path, max_entries: int, max_bytes: int) -> int:
    """Remove the oldest files under directory (one level of folders deep) until at most
    max_entries files and max_bytes bytes are left; returns how many were removed."""
    entries: list[tuple[float, int, str]] = []
    try:
        with os.scandir(directory) as top:
            for entry in top:
                if entry.is_dir(follow_symlinks=False):
                    with os.scandir(entry.path) as inner:
                        entries += [_entry(e) for e in inner if e.is_file(follow_symlinks=False)]
                elif entry.is_file(follow_symlinks=False):
                    entries.append(_entry(entry))
    except OSError:
        return 0
    total = sum(size for _, size, _ in entries)
    if len(entries) <= max_entries and total <= max_bytes:
        return 0
    removed = 0
    for _, size, path in sorted(entries):  # oldest first
        if len(entries) - removed <= max_entries and total <= max_bytes:
            break
        with suppress(OSError):
            os.unlink(path)
        removed += 1
        total -= size
    return removed


def _entry(entry: os.DirEntry) -> tuple[float, int, str]:
    try:
        info = entry.stat(follow_symlinks=False)
        return info.st_mtime, info.st_size, entry.path
    except OSError:
        return 0.0, 0, entry.path


def read_json(path: Path) -> object | None:
    body = read_bytes(path)
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:  # a damaged entry is rebuilt
        return None


def write_json(path: Path, value: object, bounded: Path | None = None) -> None:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    write_bytes(path, body, bounded)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes with any file of the package or the versions of the libraries it renders with."""
    import dash
    import dash_bootstrap_components
    import plotly

    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    for version in (dash.__version__, dash_bootstrap_components.__version__, plotly.__version__):
        digest.update(version.encode())
    return digest.hexdigest()[:16]


def key_digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


@lru_cache(maxsize=16)
def _checked(directory: Path) -> Path | None:
    return private_directory(directory)


def subdirectory(root: Path, kind: str) -> Path | None:
    """root/kind, if both are private to this user (checked once per process)."""
    if _checked(root) is None:
        return None
    return _checked(root / kind)


def shared(kind: str, dataset, key: tuple, build):
    """build(), or what a worker built before for the same code, data and key.

    The value must be plain JSON (components.json_ready)."""
    from dashboard.config import get_settings

    directory = subdirectory(get_settings().cache_dir, kind)
    if directory is None:
        return build()
    folder = f"{code_fingerprint()}-{dataset.fingerprint}"
    _remove_other_fingerprints(directory, folder)
    path = directory / folder / f"{key_digest(*key)}.json"
    cached = read_json(path)
    if cached is not None:
        return cached
    value = build()
    write_json(path, value, bounded=directory)
    return value


_pruned: set[tuple[Path, str]] = set()
_pruned_lock = threading.Lock()


def _remove_other_fingerprints(directory: Path, current: str) -> None:
    """Once per process and fingerprint: entries of other code or data are never read again."""
    with _pruned_lock:
        if (directory, current) in _pruned:
            return
        _pruned.add((directory, current))
    try:
        others = [e.path for e in os.scandir(directory) if e.is_dir(follow_symlinks=False)
                  and e.name != current]  # fmt: skip
    except OSError:
        return
    for other in others:
        shutil.rmtree(other, ignore_errors=True)
