"""Nothing saved is lost: imports serialised end to end by a lock (two real processes), Swedish
messages instead of tracebacks for a read-only data/ or a full disk, leftovers of a killed
import cleaned up, --undo never a no-op, and a symlinked varden.csv written through. Every
test works on a copy of data/ in tmp_path."""

from __future__ import annotations

import csv
import errno
import fcntl
import io
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import COUNTY_DATA

from dashboard.__main__ import main
from dashboard.config import REPO_ROOT
from dashboard.data import importer

DATA = COUNTY_DATA  # the fixture county (conftest), never the shipped data/
GEO = REPO_ROOT / "geo"
SOURCE = "Kommunens svar på Länsstyrelsens enkät 2026"
WAITING = "Väntar på en annan inläsning eller ångring"


def upload(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """An import file of (kommunkod, indikator, värde) for 2025."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["kommunkod", "indikator", "ar", "varde", "kalla"])
    writer.writerows([code, ind, "2025", value, SOURCE] for code, ind, value in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def stored(data_dir: Path) -> dict[tuple[str, str], str]:
    """(kommunkod, indikator) -> värde for 2025 in varden.csv."""
    with open(data_dir / "varden.csv", encoding="utf-8-sig", newline="") as f:
        return {(r["kommunkod"], r["indikator"]): r["varde"]
                for r in csv.DictReader(f, delimiter=";") if r["ar"] == "2025"}  # fmt: skip


def run(path: Path, data_dir: Path) -> importer.Result:
    return importer.run_import(path, data_dir=data_dir, geo_dir=GEO, user="testare")


@contextmanager
def held_lock(data_dir: Path):
    """Another import in progress: the lock the importer takes, held by the test."""
    fd = os.open(data_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# --- two imports at once ----------------------------------------------------------------------

FILE_A = [("0780", "samordnare_antal", "7"), ("0781", "samordnare_antal", "8")]
FILE_B = [("0760", "samordnare_antal", "9"), ("0761", "samordnare_antal", "11")]


def start_import(path: Path, data_dir: Path, log: Path, **env: str) -> subprocess.Popen:
    environment = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir), **env}
    return subprocess.Popen([sys.executable, "-m", "dashboard", "import", str(path)],
                            cwd=REPO_ROOT, env=environment, stdout=open(log, "w"),
                            stderr=subprocess.STDOUT)  # fmt: skip


def check_both_or_refused(data_dir: Path, outcomes: list[tuple[int, str, list]]) -> int:
    """Each process either printed Klart and its rows are there, or was refused in Swedish
    with exit 1; never Klart with rows lost. Returns how many were written."""
    values = stored(data_dir)
    written = 0
    for code, out, rows in outcomes:
        if code == 0:
            assert "Klart" in out, out
            for municipality, indicator, value in rows:
                assert values[(municipality, indicator)] == value, (out, values)
            written += 1
        else:
            assert code == 1 and "Fel: " in out and "pågår fortfarande" in out, out
            assert "Traceback" not in out
    return written


@pytest.mark.integration
def test_two_imports_started_together_keep_both_files(tmp_path, data_dir):
    a, b = upload(tmp_path / "a.csv", FILE_A), upload(tmp_path / "b.csv", FILE_B)
    original = (data_dir / "varden.csv").read_bytes()
    started = time.perf_counter()
    # 1. Deterministic: both start while an import holds the lock, both must wait and say so.
    with held_lock(data_dir):
        procs = [start_import(f, data_dir, tmp_path / f"{f.stem}.log") for f in (a, b)]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            logs = [(tmp_path / f"{f.stem}.log").read_text() for f in (a, b)]
            if all(WAITING in log for log in logs):
                break
            time.sleep(0.1)
        assert all(WAITING in log for log in logs), logs
        assert all(p.poll() is None for p in procs)  # still waiting, nothing written
        assert (data_dir / "varden.csv").read_bytes() == original
    outcomes = []
    for proc, f, rows in zip(procs, (a, b), (FILE_A, FILE_B), strict=True):
        outcomes.append((proc.wait(timeout=120), (tmp_path / f"{f.stem}.log").read_text(), rows))
    assert check_both_or_refused(data_dir, outcomes) == 2
    assert len(list((data_dir / ".historik").glob("varden-*.csv"))) == 2
    held = time.perf_counter() - started
    # 2. As the issue tried it: started together, no one holding the lock, a few times.
    for round_ in range(3):
        values = [str(20 + round_), str(30 + round_)]
        fa = upload(tmp_path / f"a{round_}.csv", [(c, i, values[0]) for c, i, _ in FILE_A])
        fb = upload(tmp_path / f"b{round_}.csv", [(c, i, values[1]) for c, i, _ in FILE_B])
        procs = [start_import(f, data_dir, tmp_path / f"{f.stem}.log") for f in (fa, fb)]
        outcomes = [(p.wait(timeout=120), (tmp_path / f"{f.stem}.log").read_text(), rows)
                    for p, f, rows in zip(procs, (fa, fb),
                                          ([(c, i, values[0]) for c, i, _ in FILE_A],
                                           [(c, i, values[1]) for c, i, _ in FILE_B]),
                                          strict=True)]  # fmt: skip
        assert check_both_or_refused(data_dir, outcomes) == 2
    print(f"held-lock round {held:.1f} s, all rounds {time.perf_counter() - started:.1f} s")


def test_a_second_import_is_refused_after_the_timeout(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DASHBOARD_IMPORT_LOCK_TIMEOUT", "0.3")
    before = (data_dir / "varden.csv").read_bytes()
    with held_lock(data_dir):
        started = time.monotonic()
        assert main(["import", str(upload(tmp_path / "a.csv", FILE_A))]) == 1
        assert time.monotonic() - started < 5
        err = capsys.readouterr().err
        assert WAITING in err and "Fel: " in err
        assert "en annan inläsning eller ångring pågår fortfarande efter 0 s" in err
        assert main(["import", "--undo"]) == 1  # undo waits for the same lock
        assert "pågår fortfarande" in capsys.readouterr().err
    assert (data_dir / "varden.csv").read_bytes() == before
    assert not (data_dir / ".historik").exists()


def test_the_lock_is_taken_before_varden_csv_is_read(tmp_path, data_dir, monkeypatch):
    """The race of the issue, in one process: B planned from the file A had not yet written."""
    reads = []
    real = importer.load_dataset

    def load(*args, **kwargs):
        reads.append(importer.lock_timeout())  # any call: record that a load happened
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "load_dataset", load)
    monkeypatch.setenv("DASHBOARD_IMPORT_LOCK_TIMEOUT", "0.2")
    with held_lock(data_dir), pytest.raises(importer.DataError, match="pågår fortfarande"):
        run(upload(tmp_path / "a.csv", FILE_A), data_dir)
    assert reads == []  # refused before anything of data/ was read


# --- a read-only data/, a full disk, no permission -------------------------------------------


def snapshot(data_dir: Path) -> dict[str, bytes]:
    # The store's database and written-out versions (#35) have their own tests.
    return {p.relative_to(data_dir).as_posix(): p.read_bytes()
            for p in data_dir.rglob("*") if p.is_file()
            and not p.relative_to(data_dir).as_posix().startswith((".versioner", "dashboard.sqlite3"))}  # fmt: skip


@contextmanager
def read_only(data_dir: Path, monkeypatch):
    """data/ that cannot be written: chmod where that binds, else (root) the kernel's answer
    for a read-only file system on every way the importer creates a file."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [data_dir, *data_dir.rglob("*")] if p.is_dir()}
        for path in modes:
            path.chmod(0o555)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(data_dir))

    with monkeypatch.context() as patch:
        patch.setattr(importer.tempfile, "mkstemp", refuse)
        patch.setattr(Path, "mkdir", refuse)
        yield


def test_a_read_only_data_dir_gives_a_swedish_message(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    run(upload(tmp_path / "a.csv", FILE_A), data_dir)  # a version to undo
    before = snapshot(data_dir)
    with read_only(data_dir, monkeypatch):
        assert main(["import", str(upload(tmp_path / "b.csv", FILE_B))]) == 1
        err = capsys.readouterr().err
        assert err.startswith("Fel: ") and "Traceback" not in err
        assert "behörighet saknas att skriva" in err or "skrivskyddat" in err
        assert "Inget ändrades" in err
        assert main(["import", "--undo"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("Fel: ") and "skrivskyddat" in err and "Inget ändrades" in err
        # a dry run needs no write access
        assert main(["import", str(tmp_path / "b.csv"), "--dry-run"]) == 0
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("failing", ["backup", "varden.csv"])
def test_a_full_disk_gives_a_swedish_message_and_loses_nothing(tmp_path, data_dir, monkeypatch,
                                                               capsys, failing):  # fmt: skip
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    run(upload(tmp_path / "a.csv", FILE_A), data_dir)
    before = snapshot(data_dir)
    writes = []
    real_write = os.write

    def write(fd, data):
        writes.append(fd)
        if failing == "backup" or len(writes) > 1:  # the backup is written first
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(importer.os, "write", write)
    assert main(["import", str(upload(tmp_path / "b.csv", FILE_B))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel: ") and "disken är full" in err and "Traceback" not in err
    assert "Inget ändrades – varden.csv är som förut. Frigör utrymme" in err
    assert snapshot(data_dir) == before  # no temporary file, no extra backup
    monkeypatch.setattr(importer.os, "write", real_write)
    assert main(["import", str(tmp_path / "b.csv")]) == 0  # room again: it goes through


def test_undo_on_a_full_disk(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    run(upload(tmp_path / "a.csv", FILE_A), data_dir)
    before = snapshot(data_dir)

    def full(path, data, check=None):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(importer, "atomic_write", full)
    assert main(["import", "--undo"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel: ") and "disken är full" in err
    assert snapshot(data_dir) == before


def test_permission_error_on_replace(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    before = snapshot(data_dir)

    def denied(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(importer.os, "replace", denied)
    assert main(["import", str(upload(tmp_path / "a.csv", FILE_A))]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel: ") and "behörighet saknas att skriva" in err
    assert snapshot(data_dir) == before
    with pytest.raises(OSError):  # still an OSError for callers that catch those
        run(tmp_path / "a.csv", data_dir)


def test_an_unreadable_import_file_is_explained(tmp_path, data_dir, monkeypatch):
    path = upload(tmp_path / "hemlig.csv", FILE_A)
    monkeypatch.setattr(importer.os, "access", lambda *a, **k: False)
    with pytest.raises(importer.ImportFailed, match="hemlig.csv: filen kan inte läsas"):
        run(path, data_dir)


# --- leftovers of a killed import; undo is never a no-op ---------------------------------------


def kill_leftovers(data_dir: Path) -> list[Path]:
    """What kill -9 between the steps of atomic_write leaves: temporary files."""
    history = data_dir / ".historik"
    history.mkdir(exist_ok=True)
    files = [data_dir / ".varden.csv.k1ll3d.tmp", history / ".varden-20260101T000000.csv.x.tmp",
             history / ".angrad-20260101T000000.csv.y.tmp"]  # fmt: skip
    for path in files:
        path.write_bytes(b"halvskriven")
    return files


def test_next_import_removes_temporary_files(tmp_path, data_dir):
    leftovers = kill_leftovers(data_dir)
    run(upload(tmp_path / "a.csv", FILE_A), data_dir)
    assert not any(p.exists() for p in leftovers)
    assert not list(data_dir.rglob("*.tmp"))


def test_undo_skips_a_backup_identical_to_the_live_file(tmp_path, data_dir):
    original = (data_dir / "varden.csv").read_bytes()
    run(upload(tmp_path / "a.csv", FILE_A), data_dir)
    after_a = (data_dir / "varden.csv").read_bytes()
    # kill -9 after the backup of a second import was written, before varden.csv was replaced
    orphan = data_dir / ".historik" / "varden-29991231T235959000000.csv"
    orphan.write_bytes(after_a)
    leftovers = kill_leftovers(data_dir)
    restored = importer.undo(data_dir)
    assert (data_dir / "varden.csv").read_bytes() == original  # A is undone: not a no-op
    assert restored != orphan and not orphan.exists()
    assert not any(p.exists() for p in leftovers)


def test_undo_with_only_identical_backups_says_so(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    history = data_dir / ".historik"
    history.mkdir()
    (history / "varden-20260101T000000000000.csv").write_bytes((data_dir / "varden.csv")
                                                               .read_bytes())  # fmt: skip
    before = (data_dir / "varden.csv").read_bytes()
    assert main(["import", "--undo"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel: ") and "ingen tidigare version som skiljer sig" in err
    assert (data_dir / "varden.csv").read_bytes() == before


def test_an_undo_killed_before_it_removed_the_backup_is_finished_by_the_next(tmp_path, data_dir):
    original = (data_dir / "varden.csv").read_bytes()
    run(upload(tmp_path / "a.csv", FILE_A), data_dir)
    after_a = (data_dir / "varden.csv").read_bytes()
    run(upload(tmp_path / "b.csv", FILE_B), data_dir)
    backups = sorted((data_dir / ".historik").glob("varden-*.csv"))
    # the undo of B restored after_a and was killed before it removed that backup
    (data_dir / "varden.csv").write_bytes(backups[-1].read_bytes())
    assert (data_dir / "varden.csv").read_bytes() == after_a
    importer.undo(data_dir)  # undoes A, not B again
    assert (data_dir / "varden.csv").read_bytes() == original


# --- a symlinked varden.csv -------------------------------------------------------------------


def test_a_symlinked_varden_csv_is_written_through(tmp_path, data_dir):
    shared = tmp_path / "delad"
    shared.mkdir()
    target = shared / "varden-delad.csv"
    original = (data_dir / "varden.csv").read_bytes()
    shutil.move(data_dir / "varden.csv", target)
    (data_dir / "varden.csv").symlink_to(target)
    run(upload(tmp_path / "a.csv", FILE_A), data_dir)
    link = data_dir / "varden.csv"
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert stored(data_dir)[("0780", "samordnare_antal")] == "7"
    assert target.read_bytes() != original
    assert not list(shared.glob("*.tmp")) and not list(data_dir.glob("*.tmp"))
    importer.undo(data_dir)
    assert link.is_symlink() and target.read_bytes() == original
