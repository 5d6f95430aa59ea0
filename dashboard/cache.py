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
- values are data, never code: bytes as they are, anything else as zlib-compressed JSON
  (CompressedJson). Nothing read from the directory is unpickled, so an entry someone else
  managed to put there could at most be wrong content, never run code;
- so that it cannot be even that, the directory must be this user's own (made 0700,
  writable by no one else, not a symlink) in a parent no other user can change (this
  user's or root's, and writable by no one else unless sticky, as /tmp is). If it is not,
  a private directory of this user in the temp folder is used instead, and if that fails
  too, nothing is kept. The directory's identity is recorded then and compared on every
  access (one lstat): if it was replaced or changed, the process stops using the cache and
  builds everything itself.
Until configured nothing is kept: unit tests calling a layout build it each time.

Keys are never raw input: callers key on validated page state (a page's canonical_query,
an Översikt state) or on a digest of the content. Each key also holds a fingerprint of the
code and of the dataset, so a new release or a data import never reads an old entry; old
entries leave by the bound, oldest first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol, TypeVar

import diskcache
import orjson
from diskcache.core import MODE_BINARY, MODE_RAW, UNKNOWN

from dashboard.config import Settings

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent

T = TypeVar("T")


class Fingerprinted(Protocol):
    fingerprint: str


class UnreadableEntry(ValueError):
    """An entry not in this cache's format (a pickle, another tag, a file outside the
    directory): it is built again and overwritten, never interpreted."""


# --- the format: bytes or compressed JSON, a tag byte first -----------------------------------

BYTES = b"B"  # the value itself (compressed static files)
JSON = b"J"  # zlib-compressed JSON: layouts, views, previews, HTML text
ZLIB_LEVEL = 1  # the fastest: most of the gain, a fraction of the time

# Values orjson would otherwise turn into something else without a word (a dataclass into a
# dict, a str subclass such as Markup into a str): refused, so a caller notices in tests.
_STRICT = (
    orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def encode(value: object) -> bytes:
    """The stored form of a value: bytes stay bytes; str, numbers, None, lists and dicts
    with str keys become JSON (tuples come back as lists). Anything else: TypeError."""
    if type(value) is bytes:
        return BYTES + value
    return JSON + zlib.compress(orjson.dumps(value, option=_STRICT), ZLIB_LEVEL)


def decode(data: object) -> Any:
    """The value of a stored form; UnreadableEntry for anything that is not one."""
    if type(data) is not bytes or not data:
        raise UnreadableEntry("not a stored value")
    tag, body = data[:1], memoryview(data)[1:]
    if tag == BYTES:
        return bytes(body)
    if tag == JSON:
        try:
            return orjson.loads(zlib.decompress(body))
        except (zlib.error, orjson.JSONDecodeError) as error:
            raise UnreadableEntry(str(error)) from None
    raise UnreadableEntry(f"unknown tag {tag!r}")


# diskcache's own names for value files (Disk.filename): two levels of sub-directories.
_VALUE_FILE = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{28}\.val")


class CompressedJson(diskcache.Disk):
    """diskcache's Disk (its documented extension point) storing every value as bytes in
    the format above, so diskcache keeps it in its index (small) or in a file beside it, and
    never pickles. Views and layouts are HTML, SVG and JSON that shrink about tenfold, so the
    bound holds ten times as many (at 290 municipalities a view with its map is ~330 kB; 600
    of them did not fit the warming half of 256 MB). Reading one back costs about a
    millisecond.

    Reading never runs pickle: an entry diskcache itself pickled (its MODE_PICKLE), one
    with another tag, or one naming a file outside the directory raises UnreadableEntry, and
    get_or_build builds it again. Keys must be str (diskcache pickles other keys)."""

    def put(self, key):
        if type(key) is not str:
            raise TypeError(f"cache keys are str, not {type(key).__name__}")
        return super().put(key)

    def get(self, key, raw):
        if not raw:  # a pickled key: only in an index this cache did not write
            raise UnreadableEntry("a pickled key")
        return super().get(key, raw)

    def store(self, value, read, key=UNKNOWN):
        if read:
            raise TypeError("file-like values are not stored")
        return super().store(encode(value), False, key=key)

    def fetch(self, mode, filename, value, read):
        if read or mode not in (MODE_RAW, MODE_BINARY):
            raise UnreadableEntry(f"mode {mode}")
        if filename is not None and not _VALUE_FILE.fullmatch(filename):
            raise UnreadableEntry(f"file name {filename!r}")
        return decode(super().fetch(mode, filename, value, False))

    def remove(self, file_path):
        if _VALUE_FILE.fullmatch(file_path):  # never a path the index made up
            super().remove(file_path)


# --- the directory, checked at configure and compared on every access -------------------------


class PinnedCache(diskcache.Cache):
    """diskcache.Cache and its directory's identity when it was found private."""

    identity: tuple[int, ...] = ()


_backend: PinnedCache | None = None
_timeout: int | None = None


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
    identity = directory_identity(directory)
    _backend = PinnedCache(
        str(directory),
        disk=CompressedJson,
        size_limit=settings.cache_max_mb * 1_000_000,
        eviction_policy="least-recently-stored",  # reads write nothing; oldest out first
        cull_limit=10,
    )
    _backend.identity = identity
    return _backend


def backend() -> diskcache.Cache | None:
    return _backend


def usable_backend() -> PinnedCache | None:
    """The backend, if its directory is still the one found private at configure (same
    device, inode, owner and mode). If not, someone replaced it: a warning, and from then on
    this process keeps nothing rather than read or write there."""
    global _backend
    opened = _backend
    if opened is None:
        return None
    try:
        current = directory_identity(opened.directory)
    except OSError:
        current = ()
    if current == opened.identity:
        return opened
    if _backend is opened:
        _backend = None
        log.warning("cache directory %s was replaced or changed since it was opened; "
                    "nothing is cached from now on", opened.directory)  # fmt: skip
        with contextlib.suppress(Exception):
            opened.close()
    return None


def directory_identity(directory: str | os.PathLike[str]) -> tuple[int, ...]:
    info = os.lstat(directory)
    return (info.st_dev, info.st_ino, info.st_uid, info.st_mode)


def has_room_for_warming() -> bool:
    """True while the cache holds less than half its bound: warming stops there, so that it
    never pushes out what it warmed before and leaves room for what visitors open."""
    opened = usable_backend()
    if opened is None:
        return False
    return bool(opened.volume() < opened.size_limit // 2)


def private_directory(path: Path) -> Path | None:
    """The directory if cached entries may be read from it, else None: this user's own
    (writable by no one else, not a symlink) in a parent that no other user can change, so no one else can
    replace it (the parent this user's or root's, and writable by no one else unless sticky,
    as /tmp is)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
        parent = os.stat(os.path.join(path, os.pardir))  # the directory that holds its name
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
    if parent.st_uid not in (os.getuid(), 0) or (
        parent.st_mode & 0o022 and not parent.st_mode & stat.S_ISVTX
    ):
        log.warning("others can replace cache directory %s (its parent is not this user's "
                    "or root's, or others may write there); not used", path)  # fmt: skip
        return None
    return path


# --- reading and writing ----------------------------------------------------------------------


def shared(kind: str, dataset: Fingerprinted, key: tuple, build: Callable[[], T]) -> T:
    """build(), or what this or another worker built before for the same code, data and key.

    Callers must not mutate the result. Values are bytes or plain JSON
    (components.json_ready); a tuple comes back as a list."""
    return get_or_build(f"{kind}:{dataset.fingerprint}:{key_digest(*key)}", build)


def get_or_build(key: str, build: Callable[[], T]) -> T:
    opened = usable_backend()
    if opened is None:
        return build()
    full_key = f"{code_fingerprint()}:{key}"
    recorded = _recorded.get()
    if recorded is not None:
        recorded.append(full_key)
    try:
        value = opened.get(full_key)
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is built again (and overwritten)
        log.warning("cache entry %s unreadable; built again", key)
        value = None
    if value is None:
        value = build()
        try:
            opened.set(full_key, value, expire=_timeout)
        except TypeError as error:  # a value the format cannot hold: the caller must convert
            log.error("cache entry %s not stored: %s", key, error)
        except Exception as error:  # noqa: BLE001 - a failed write (disk full) only costs time
            log.warning("cache entry %s not stored: %s", key, error)
    return value


# --- what a piece of work keeps: warming skips work whose entries are all still here ----------

_recorded: ContextVar[list[str] | None] = ContextVar("recorded", default=None)


@contextlib.contextmanager
def recording() -> Iterator[list[str]]:
    """The full keys of every entry get_or_build reads or writes in this block, in order
    (web/prewarm.py keeps them, to see on a restart that the work is still done)."""
    keys: list[str] = []
    token = _recorded.set(keys)
    try:
        yield keys
    finally:
        _recorded.reset(token)


def all_stored(keys: Iterable[str]) -> bool:
    """True if every one of these full keys (as recording() gave them) is in the cache and
    not expired: one lookup in the index each, no value read. False without a cache."""
    opened = usable_backend()
    if opened is None:
        return False
    try:
        return all(key in opened for key in keys)
    except Exception:  # noqa: BLE001 - an unreadable index only means the work is done again
        return False


def read(key: str) -> Any:
    """The value stored under `key` for this code (write), or None."""
    opened = usable_backend()
    if opened is None:
        return None
    try:
        return opened.get(f"{code_fingerprint()}:{key}")
    except Exception:  # noqa: BLE001 - damaged or foreign: as if it were not there
        return None


def write(key: str, value: object) -> None:
    """Store `value` under `key` for this code; a failed write (disk full) is only logged."""
    opened = usable_backend()
    if opened is None:
        return
    try:
        opened.set(f"{code_fingerprint()}:{key}", value, expire=_timeout)
    except Exception as error:  # noqa: BLE001 - it only costs time
        log.warning("cache entry %s not stored: %s", key, error)


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
