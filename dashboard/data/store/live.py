"""Which version this process serves, and the switch to a newer one.

At a process's first load the data folder is compared with the store: the first start seeds
the store from the files; files changed by hand (or by a release) since the last time they
were read become a new version; otherwise the store's published version is served. Then a
thread in each worker asks the store every few seconds for the published version's number —
the only database query a public page ever depends on, and it is not on a request's path.
A new version is loaded completely (files written once per host, the dataset built) before
the process switches to it, so no request sees half of one.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import Settings, default_database_url
from dashboard.data.store import versions
from dashboard.data.store.db import StoreError, connect, get_meta, set_meta

log = logging.getLogger(__name__)
FILES_KEY = "files_sha"  # the data folder's content when it was last read into the store
MATERIALISED = ".versioner"


@dataclass(frozen=True)
class Served:
    version_id: int  # 0: the files themselves, the store could not be used
    folder: Path


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.served: dict[tuple[Path, str], Served] = {}
        self.pid = os.getpid()
        self.generation = 0
        self.pollers: set[tuple[Path, str]] = set()
        # No thread until a server says it serves (a gunicorn worker, `python -m dashboard`):
        # building the app, gunicorn's master, tests and the command line start none.
        self.hold = True


_STATE = _State()


def _check_pid() -> None:
    if _STATE.pid != os.getpid():  # forked: the parent's threads did not come along
        _STATE.pid = os.getpid()
        _STATE.pollers.clear()


def _folder_for(settings: Settings, info: versions.VersionInfo, files_sha: str) -> Path:
    if info.content_sha == files_sha:
        return settings.data_dir  # the files are this version: read them where they are
    return versions.materialise(settings.database_url, info.id,
                                settings.data_dir / MATERIALISED)  # fmt: skip


def _files_key(settings: Settings) -> str:
    """FILES_KEY for this host's data folder. Servers sharing a store (PostgreSQL) each have
    their own folder, and what one last read says nothing about another's: one key for all
    made a server's restart take its older files for a hand edit and publish them over a
    version another server had published. The SQLite store in the data folder is that
    folder's alone (and travels with it when the folder is copied): it keeps one key."""
    if settings.database_url == default_database_url(settings.data_dir):
        return FILES_KEY
    where = f"{socket.gethostname()}\0{settings.data_dir.resolve()}"
    return f"{FILES_KEY}:{hashlib.sha256(where.encode()).hexdigest()[:48]}"


def sync(settings: Settings, validate: Callable[[Path], None], by: str = "tjänsten") -> Served:
    """Bring the store and the data folder together (see the module's text)."""
    url = settings.database_url
    files = versions.snapshot(settings.data_dir)
    files_sha = versions.content_sha(files)
    head = versions.head(url)
    with connect(url).begin() as conn:
        last = get_meta(conn, _files_key(settings))
    if head is None or (files_sha not in (last, head.content_sha) and
                        head.content_sha == last):  # fmt: skip
        validate(settings.data_dir)  # a broken file never becomes a version
        source = ("Första versionen: filerna i datamappen" if head is None else
                  "Filerna i datamappen ändrades utanför tjänsten")  # fmt: skip
        try:
            head = versions.publish(url, files, parent_id=head.id if head else 0, by=by,
                                    source=source)  # fmt: skip
        except versions.ConcurrentPublish:  # another server or worker did the same
            head = versions.head(url)
            assert head is not None
    elif files_sha not in (last, head.content_sha):
        log.warning("Filerna i %s har ändrats, men en nyare version har publicerats i tjänsten "
                    "sedan de lästes: version %s visas. Exportera den (python -m dashboard "
                    "export) och gör om ändringen i filerna, eller läs in filen i tjänsten.",
                    settings.data_dir, head.id)  # fmt: skip
    if last != files_sha and files_sha == head.content_sha:  # only files read into the store:
        # a hand edit that gave way stays unread, so the import still refuses to start
        # from it and the next start warns again
        with connect(url).begin() as conn:
            set_meta(conn, _files_key(settings), files_sha)
    return Served(head.id, _folder_for(settings, head, files_sha))


def current(settings: Settings, validate: Callable[[Path], None],
            preload: Callable[[Path], None]) -> Served:  # fmt: skip
    """The version this process serves; the first call syncs and starts the poller."""
    key = (settings.data_dir, settings.database_url)
    _check_pid()
    served = _STATE.served.get(key)
    if served is None:
        with _STATE.lock:
            served = _STATE.served.get(key)
            if served is None:
                try:
                    served = sync(settings, validate)
                except StoreError as exc:
                    log.warning("Databasen kunde inte användas (%s); filerna i %s visas.",
                                exc, settings.data_dir)  # fmt: skip
                    served = Served(0, settings.data_dir)
                except Exception as exc:  # noqa: BLE001 - e.g. the database is unreachable
                    if type(exc).__name__ == "DataError":
                        raise
                    log.warning("Databasen kunde inte nås (%s); filerna i %s visas.",
                                type(exc).__name__, settings.data_dir)  # fmt: skip
                    served = Served(0, settings.data_dir)
                _STATE.served[key] = served
    if key not in _STATE.pollers and not _STATE.hold:
        _start_poller(settings, key, preload)
    return served


def worker_started(settings: Settings, validate: Callable[[Path], None],
                   preload: Callable[[Path], None]) -> None:  # fmt: skip
    """A new worker (also one replacing a recycled worker, forked from a master that loaded
    the data at start): serve the newest published version before the first request, so no
    one sees an older version after a newer one, then follow it with this worker's thread."""
    _STATE.hold = False
    _check_pid()
    served = current(settings, validate, preload)
    try:
        switch_if_newer(settings, (settings.data_dir, settings.database_url), preload)
    except Exception as exc:  # noqa: BLE001 - the thread tries again in a few seconds
        log.warning("Kunde inte se efter en ny version vid start: %s", exc)
    del served


def _start_poller(settings: Settings, key: tuple[Path, str],
                  preload: Callable[[Path], None]) -> None:  # fmt: skip
    with _STATE.lock:
        if key in _STATE.pollers:
            return
        _STATE.pollers.add(key)
        generation = _STATE.generation
    thread = threading.Thread(target=_poll, args=(settings, key, preload, generation),
                              name="versionsbevakning", daemon=True)  # fmt: skip
    thread.start()


def _poll(settings: Settings, key: tuple[Path, str], preload: Callable[[Path], None],
          generation: int) -> None:  # fmt: skip
    pid = os.getpid()
    failing_since = 0.0  # a database that is down is said once, then every ten minutes
    while _STATE.generation == generation and os.getpid() == pid:
        time.sleep(settings.version_poll_seconds)
        try:
            switch_if_newer(settings, key, preload)
        except Exception as exc:  # noqa: BLE001 - keep serving what is loaded; try again
            now = time.monotonic()
            if not failing_since or now - failing_since > 600:
                log.warning("Kunde inte se efter en ny version (visar den laddade): %s", exc)
                failing_since = now
        else:
            if failing_since:
                log.warning("Databasen svarar igen; nya versioner visas som vanligt.")
            failing_since = 0.0


def switch_if_newer(settings: Settings, key: tuple[Path, str],
                    preload: Callable[[Path], None]) -> bool:  # fmt: skip
    served = _STATE.served.get(key)
    newest = versions.head_id(settings.database_url)
    if served is None or newest == 0 or newest == served.version_id:
        return False
    info = versions.get(settings.database_url, newest)
    assert info is not None
    # Always the store's copy: the data folder may have been edited since it was read.
    folder = versions.materialise(settings.database_url, info.id,
                                  settings.data_dir / MATERIALISED)  # fmt: skip
    preload(folder)  # the whole dataset, before any request is given it
    _STATE.served[key] = Served(info.id, folder)
    log.info("Version %s visas nu (%s).", info.id, info.source)
    versions.prune_materialised(settings.data_dir / MATERIALISED, {info.id, served.version_id})
    return True


def prepare_files(settings: Settings, validate: Callable[[Path], None]) -> int:
    """Before the command line's import writes the data folder: its files become the
    published version (hand edits first published, a version published in the service
    exported to the files, the files it replaces kept in .historik/). Returns the version
    the import starts from; StoreError if both changed since the files were last read."""
    url = settings.database_url
    sync(settings, validate, by=_os_user())
    head = versions.head(url)
    assert head is not None
    files_sha = versions.content_sha(versions.snapshot(settings.data_dir))
    if files_sha != head.content_sha:
        with connect(url).connect() as conn:
            last = get_meta(conn, _files_key(settings))
        if files_sha != last:
            raise StoreError(
                f"filerna i {settings.data_dir} har ändrats, och version {head.id} har "
                "publicerats i tjänsten sedan de lästes. Ingenting lästes in. Spara dina "
                "ändrade filer på annat håll, hämta den publicerade versionen med "
                f"'python -m dashboard export --version {head.id}' och gör om ändringen."
            )
        backup = versions.export(url, head.id, settings.data_dir, time.strftime("%Y%m%d-%H%M%S"))
        log.info("Version %s skrevs till datamappen (det ersatta ligger i %s).", head.id, backup)
        _remember_files(settings, head.content_sha)
    return head.id


def publish_files(settings: Settings, parent_id: int, source: str) -> versions.VersionInfo | None:
    """After the command line's import: the data folder as the new version (None: nothing
    changed). On ConcurrentPublish the folder is put back to the published version."""
    url = settings.database_url
    files = versions.snapshot(settings.data_dir)
    parent = versions.get(url, parent_id)
    if parent is not None and versions.content_sha(files) == parent.content_sha:
        return None
    try:
        info = versions.publish(url, files, parent_id=parent_id, by=_os_user(), source=source)
    except versions.ConcurrentPublish:
        newest = versions.head_id(url)
        versions.export(url, newest, settings.data_dir, time.strftime("%Y%m%d-%H%M%S"))
        _remember_files(settings, versions.content_sha(versions.files_of(url, newest)))
        raise
    _remember_files(settings, info.content_sha)
    return info


def _remember_files(settings: Settings, files_sha: str) -> None:
    with connect(settings.database_url).begin() as conn:
        set_meta(conn, _files_key(settings), files_sha)


def _os_user() -> str:
    import getpass

    try:
        return f"{getpass.getuser()} (kommandoraden)"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "kommandoraden"


def served_version(settings: Settings) -> int | None:
    """The version number this process serves (None before its first load; 0: the files,
    the store could not be used)."""
    served = _STATE.served.get((settings.data_dir, settings.database_url))
    return None if served is None else served.version_id


def reset() -> None:
    """Forget what is served and stop the pollers (tests; loader.clear_cache())."""
    with _STATE.lock:
        _STATE.generation += 1
        _STATE.served.clear()
        _STATE.pollers.clear()
