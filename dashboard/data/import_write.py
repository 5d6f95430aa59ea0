"""Writing data/: atomic writes, the lock that serialises imports and undos, and the
history of earlier versions in data/.historik/ (shared by the values importer and
practice_import).

A write goes to a temporary file in the same directory, is fsynced, optionally checked (the
loader's own rules on the new file) and then replaces the old one (os.replace; a symlinked
file is written through to its target). A failed write leaves the old file as it was and
says why in Swedish (WriteFailed). Imports and undos of one data directory take a lock on
the directory before they read anything of it.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from dashboard.data.loader import DataError
from dashboard.data.spreadsheet import _env_int

VALUES_FILE = "varden.csv"
HISTORY_DIR = ".historik"


def history_keep() -> int:
    return _env_int("DASHBOARD_IMPORT_KEEP", 20)


def lock_timeout() -> float:
    """Seconds an import or undo waits for another one before it is refused (0: no wait)."""
    text = os.environ.get("DASHBOARD_IMPORT_LOCK_TIMEOUT", "").strip()
    try:
        return max(0.0, float(text)) if text else 120.0
    except ValueError:
        return 120.0


def _fsync_dir(directory: Path) -> None:
    with suppress(OSError):  # not possible on every platform; the data is already synced
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, check=None) -> None:
    """Write to a temporary file in the same directory, fsync, optionally check it, replace.

    A crash, a full disk or a failed check leaves the old file as it was (a crash can leave
    the temporary file: _remove_leftovers clears it on the next run). A symlink is written
    through: its target is replaced and the link stays a link.
    """
    path = path.resolve()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        try:
            if path.exists():  # keep the file's permissions (mkstemp creates 0600)
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if check is not None:
            check(tmp)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


class WriteFailed(DataError, OSError):
    """data/ could not be written (read-only, no permission, disk full); nothing was changed.

    Also an OSError, for callers that catch those."""


def _os_problem(exc: OSError) -> str:
    """A Swedish sentence for a failed read or write of data/."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disken är full (eller kvoten är slut)"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "skrivskyddat – behörighet saknas att skriva här"
    return f"kunde inte skriva ({exc.strerror or exc})"


def describe_os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{_os_problem(exc)}."


@contextmanager
def _writing(data_dir: Path, what: str, file: str = VALUES_FILE) -> Iterator[None]:
    """OSError -> WriteFailed with a Swedish message; the callers have left data/ as it was."""
    try:
        yield
    except DataError:
        raise
    except OSError as exc:
        hint = ("Frigör utrymme och försök igen." if exc.errno in (errno.ENOSPC, errno.EDQUOT)
                else f"Kör som en användare som får skriva i {data_dir}/, eller be den som "
                "sköter servern om skrivrätt.")  # fmt: skip
        raise WriteFailed(f"{_os_problem(exc)}: {what} kunde inte sparas. Inget ändrades – "
                          f"{file} är som förut. {hint}",
                          file=str(exc.filename or data_dir)) from exc  # fmt: skip


# Data folders whose lock this process holds: the command line takes it around a whole
# import into a version (store/live.py: make the folder the published version, import,
# publish), and the importer inside asks for it again.
_HELD: set[Path] = set()


@contextmanager
def _lock(data_dir: Path) -> Iterator[None]:
    key = data_dir.resolve()
    if key in _HELD:
        yield
        return
    with _flock(data_dir):
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)


lock = _lock  # the public name for the command line's import into a version


@contextmanager
def _flock(data_dir: Path) -> Iterator[None]:
    """One import or undo at a time per data directory, from reading varden.csv to the write.

    The lock is on the directory itself, so taking it writes nothing (a refused file leaves
    data/ exactly as it was) and works on a read-only data/ too; the kernel drops it when the
    process ends, even by kill -9. A second import waits (and says so on stderr) for at most
    lock_timeout() seconds, then is refused: two imports planned from the same old file would
    each drop the other's rows.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, imports are rare
        yield
        return
    try:
        fd = os.open(data_dir, os.O_RDONLY)
    except OSError as exc:
        raise DataError(
            f"katalogen kan inte öppnas ({exc.strerror}).", file=f"{data_dir}/"
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            timeout = lock_timeout()
            print(f"Väntar på en annan inläsning eller ångring i {data_dir}/ som pågår "
                  f"(högst {timeout:.0f} s) …", file=sys.stderr, flush=True)  # fmt: skip
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DataError(
                            f"en annan inläsning eller ångring pågår fortfarande efter "
                            f"{timeout:.0f} s. Inget ändrades; försök igen när den är klar "
                            "(väntetiden ställs med DASHBOARD_IMPORT_LOCK_TIMEOUT).",
                            file=f"{data_dir}/",
                        ) from None
                    time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S%f")


def _backups(data_dir: Path, prefix: str = "varden") -> list[Path]:
    """The saved versions of a file (varden-<tid>.csv; aktiviteter-<tid>.csv …), oldest first."""
    return sorted((data_dir / HISTORY_DIR).glob(f"{prefix}-[0-9]*.csv"))


def _remove_leftovers(data_dir: Path, current: bytes, file: str = VALUES_FILE,
                      prefix: str = "varden") -> None:  # fmt: skip
    """What a killed import or undo left behind; only called under the lock.

    Temporary files of atomic_write are removed; backups at the end of the history that are
    identical to the live file (a kill between the backup and the replace, or before the
    restored backup was removed) are dropped, so that --undo restores a different version.
    """
    target = (data_dir / file).resolve()
    history = data_dir / HISTORY_DIR
    leftovers = {*data_dir.glob(f".{file}.*.tmp"), *history.glob(".*.tmp"),
                 *target.parent.glob(f".{target.name}.*.tmp")}  # fmt: skip
    for leftover in leftovers:
        with suppress(OSError):  # housekeeping: never a reason to refuse the import
            leftover.unlink()
    for backup in reversed(_backups(data_dir, prefix)):
        if backup.read_bytes() != current:
            break
        with suppress(OSError):
            backup.unlink()


def _prune(data_dir: Path, prefix: str = "varden") -> None:
    keep = history_keep()
    undone = "angrad-" if prefix == "varden" else f"angrad-{prefix}-"
    for start in (f"{prefix}-", undone):
        files = sorted((data_dir / HISTORY_DIR).glob(f"{start}[0-9]*.csv"))
        for old in files[:-keep]:
            with suppress(OSError):  # the new version is already saved; pruning can wait
                old.unlink()
