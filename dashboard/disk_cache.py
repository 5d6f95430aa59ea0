"""A cache directory shared by the worker processes, and kept when gunicorn restarts them.

Each worker keeps its caches in memory; what is expensive to build (brotli-compressed static
files, Översikt views, page layouts) is also written here, so the other workers and the
workers gunicorn starts later (--max-requests) read it instead of building it again.

What is read back is served to visitors, so the directory and its subdirectories must be
this process's own: they are created with mode 0700, and one that is a symlink, owned by
another user or writable by others is not used (the app then only caches in memory). Entries are keyed by content
or by a fingerprint of the code and the data (`fingerprint`), never trusted by name alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent


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


def write_bytes(path: Path, body: bytes) -> None:
    """Atomically: a reader never sees half a file. A failure only costs time."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as tmp_file:
            tmp_file.write(body)
        os.replace(tmp, path)
    except OSError as error:
        log.info("not cached on disk: %s", error)


def read_json(path: Path) -> object | None:
    body = read_bytes(path)
    if body is None:
        return None
    try:
        return json.loads(body)
    except ValueError:  # a damaged entry is rebuilt
        return None


def write_json(path: Path, value: object) -> None:
    write_bytes(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


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
    path = directory / f"{code_fingerprint()}-{dataset.fingerprint}" / f"{key_digest(*key)}.json"
    cached = read_json(path)
    if cached is not None:
        return cached
    value = build()
    write_json(path, value)
    return value
