"""Two app servers on one PostgreSQL (issue #35): each a gunicorn as the Procfile starts it,
on its own port with its own copy of the data folder, both with DATABASE_URL naming the same
database (started at once, so both seed the empty store together and one seed must give way).
The command line's import, run with the first server's settings, publishes a version; the
second server serves the new value within 10 s, in every worker, never going back to the old
one, with the version in /_redo (tests/test_store_switch.py asks and checks the answers).
Restarted, the second server (its files still the old version's) keeps serving the import."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from conftest import REPO
from test_store_switch import (
    INDICATOR,
    NEW_VALUE,
    WITHIN,
    Poller,
    Target,
    all_moved,
    changed_row,
    check_answers,
    data_copy,
    download_path,
    old_state,
    shown_value,
    start_server,
)

from dashboard.data.store import db, versions

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def import_file(tmp_path, code: str, year: str):
    path = tmp_path / "arets-uppgifter.csv"
    path.write_text("kommunkod;indikator;ar;varde;kalla\n"
                    f"{code};{INDICATOR};{year};{NEW_VALUE};Testets enkät\n",
                    encoding="utf-8-sig")  # fmt: skip
    return path


def stored_value(folder, code: str, year: str) -> str:
    """The value varden.csv in the folder holds for the changed row."""
    for line in (folder / "varden.csv").read_text(encoding="utf-8-sig").splitlines():
        fields = line.split(";")
        if fields[:3] == [code, INDICATOR, year]:
            return fields[3]
    raise AssertionError(f"no row {code} {INDICATOR} {year} in {folder}")


def current_state(url: str, code: str, year: str) -> tuple[int, str | None]:
    redo = requests.get(url + "/_redo", timeout=30).json()
    text = requests.get(url + download_path(year), timeout=30).text
    return int(redo["version"]), shown_value(text, code)


def run_cli_import(env: dict[str, str], path) -> subprocess.CompletedProcess:
    """`python -m dashboard import FILE` as an operator runs it on the first server."""
    return subprocess.run([sys.executable, "-m", "dashboard", "import", str(path)], cwd=REPO,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=180, check=False)  # fmt: skip


def test_a_version_imported_on_one_server_is_served_by_the_other_within_10_s(
    tmp_path, postgres_url
):
    folders = {name: data_copy(tmp_path / f"data-{name}") for name in ("a", "b")}
    code, year = changed_row(folders["a"])
    envs = {name: {"DATABASE_URL": postgres_url, "DASHBOARD_DATA_DIR": str(folder)}
            for name, folder in folders.items()}  # fmt: skip
    with ThreadPoolExecutor(2) as pool:  # both seed the empty store at once
        started = {name: pool.submit(start_server, f"pg-{name}", folders[name], tmp_path,
                                     envs[name], workers=2)
                   for name in folders}  # fmt: skip
        servers = {}
        for name, future in started.items():
            try:
                servers[name] = future.result()
            except Exception:
                for other in started.values():
                    if other.done() and not other.exception():
                        other.result().stop()
                raise
    a, b = servers["a"], servers["b"]
    try:
        assert versions.head_id(postgres_url) == 1  # one seed, the other gave way
        targets = {}
        for name, server in servers.items():
            old_version, old_value = old_state(server.url, code, year)
            assert old_version == 1
            targets[name] = Target(server.url, code, year, old_version, old_value)
        with Poller(targets["a"], threads=2) as on_a, Poller(targets["b"], threads=2) as on_b:
            time.sleep(1)
            published = time.monotonic()
            done = run_cli_import(envs["a"], import_file(tmp_path, code, year))
            imported = time.monotonic()
            assert done.returncode == 0, done.stdout + done.stderr
            deadline = imported + WITHIN + 5
            while time.monotonic() < deadline and not (
                all_moved([b], on_b.snapshot(), published)
                and all_moved([a], on_a.snapshot(), published)
            ):
                time.sleep(0.25)
            time.sleep(1.5)
        for poller in (on_a, on_b):
            assert not poller.errors, poller.errors[:3]
        assert all_moved([b], on_b.snapshot(), published), "not every worker of b moved"
        assert all_moved([a], on_a.snapshot(), published), "not every worker of a moved"
        last_old_b = check_answers([b], on_b.snapshot(), published)
        check_answers([a], on_a.snapshot(), published)
        assert last_old_b - imported < WITHIN, (
            f"b showed the old value {last_old_b - imported:.1f} s after the import ended"
        )
        head = versions.head(postgres_url)
        assert head is not None and head.id > 1
        assert "kommandoraden" in head.created_by, head
        changes = versions.changes_of(postgres_url, head.id)
        assert [(c["kommunkod"], c["indikator"], c["ar"]) for c in changes] == [
            (code, INDICATOR, year)
        ]
        # b serves the store's copy; its own files were not touched by a's import.
        assert (folders["b"] / ".versioner" / f"{head.id:08d}" / "varden.csv").exists()
        assert stored_value(folders["a"], code, year) in ("1,85", "1.85")  # a's files: the import
        assert stored_value(folders["b"], code, year) not in ("1,85", "1.85")
        # b restarted (its files still the old version's) serves the import, and publishes
        # nothing of its own over it.
        b.stop()
        servers["b"] = b = start_server("pg-b-igen", folders["b"], tmp_path, envs["b"], workers=2)
        assert versions.head_id(postgres_url) == head.id
        version, value = current_state(b.url, code, year)
        assert (version, value) == (head.id, NEW_VALUE)
    finally:
        for server in servers.values():
            server.stop()
        db.dispose_all()
    for server in servers.values():
        assert "Traceback" not in server.log_text()
