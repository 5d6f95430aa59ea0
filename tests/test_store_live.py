"""Which version a process serves (dashboard/data/store/live.py, issue #35), through the
loader as the pages reach it: the first load seeds the store, a hand-edited file becomes a
version at the next load (a broken one never does), a version published in the store is
served once the process has switched to it, a hand edit made while the service published
gives way to the published version with a warning, and without a database the files are
served.

Each test has a copy of the session's fixture county (the shipped catalogue and plan with
example values) without the store the session's own loads made in it. The poller thread is
left out: the tests call switch_if_newer themselves, as it would."""

from __future__ import annotations

import logging
import shutil
import socket
from pathlib import Path

import pytest
from conftest import COUNTY_DATA

from dashboard.config import get_settings
from dashboard.data import loader
from dashboard.data.store import db, live, versions

INDICATOR = "samordnare_tjanstgrad"  # a decimal: any value 0–100 is shown as it is


@pytest.fixture
def live_data(tmp_path, monkeypatch) -> Path:
    """A fresh data folder (no store yet) that the loader reads; no poller thread."""
    folder = tmp_path / "data"
    shutil.copytree(COUNTY_DATA, folder, ignore=shutil.ignore_patterns(
        "dashboard.sqlite3*", live.MATERIALISED, ".historik"))  # fmt: skip
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(live, "_start_poller", lambda *args: None)
    loader.clear_cache()
    yield folder
    loader.clear_cache()
    db.dispose_all()


def last_row(folder: Path, indicator: str = INDICATOR) -> tuple[str, str, str]:
    """(municipality, year, value) of the indicator's last row in varden.csv."""
    lines = (folder / "varden.csv").read_text(encoding="utf-8-sig").splitlines()
    fields = next(line.split(";") for line in reversed(lines) if f";{indicator};" in line)
    return fields[0], fields[2], fields[3]


def with_value(data: bytes, code: str, year: str, value: str) -> bytes:
    """varden.csv's bytes with one value of INDICATOR changed."""
    out = []
    for line in data.decode("utf-8-sig").splitlines(keepends=True):
        fields = line.split(";")
        if fields[:3] == [code, INDICATOR, year]:
            fields[3] = value
            line = ";".join(fields)
        out.append(line)
    return "\ufeff".encode() + "".join(out).encode() if data.startswith(b"\xef\xbb\xbf") else \
        "".join(out).encode()  # fmt: skip


def edit_value(folder: Path, value: str) -> tuple[str, str]:
    code, year, _old = last_row(folder)
    path = folder / "varden.csv"
    path.write_bytes(with_value(path.read_bytes(), code, year, value))
    return code, year


def shown(code: str, year: str) -> str:
    """The value the served dataset holds."""
    values = loader.get_dataset().values
    row = values[(values["municipality_code"] == code) & (values["indicator_id"] == INDICATOR)
                 & (values["year"] == int(year))]  # fmt: skip
    assert len(row) == 1
    return str(row["raw"].iloc[0])


def served() -> live.Served:
    return live.current(get_settings(), loader.check_files, loader._preload)


def test_the_first_load_seeds_version_1_from_the_files(live_data):
    assert not (live_data / "dashboard.sqlite3").exists()
    loader.get_dataset()
    settings = get_settings()
    assert live.served_version(settings) == 1
    head = versions.head(settings.database_url)
    assert head is not None and head.id == 1
    assert head.source == "Första versionen: filerna i datamappen"
    assert versions.files_of(settings.database_url, 1) == versions.snapshot(live_data)
    assert served().folder == live_data  # the files are version 1: read where they are
    assert (live_data / "dashboard.sqlite3").exists()
    loader.clear_cache()  # a restart: nothing new
    loader.get_dataset()
    assert live.served_version(settings) == 1 and versions.head_id(settings.database_url) == 1


def test_a_hand_edited_file_becomes_the_next_version(live_data):
    loader.get_dataset()
    code, year = edit_value(live_data, "1,85")
    loader.clear_cache()
    assert shown(code, year) == "1,85"
    settings = get_settings()
    assert live.served_version(settings) == 2
    head = versions.head(settings.database_url)
    assert head.source == "Filerna i datamappen ändrades utanför tjänsten"
    changes = versions.changes_of(settings.database_url, 2)
    assert [(c["kommunkod"], c["indikator"], c["ar"], c["efter"]) for c in changes] == [
        (code, INDICATOR, year, "1,85")
    ]


def test_a_broken_hand_edit_raises_and_publishes_nothing(live_data):
    loader.get_dataset()
    edit_value(live_data, "inget tal")
    loader.clear_cache()
    with pytest.raises(loader.DataError, match="inget tal"):
        loader.get_dataset()
    assert versions.head_id(get_settings().database_url) == 1


def test_a_published_version_is_served_from_its_own_folder_after_the_switch(live_data):
    loader.get_dataset()
    settings = get_settings()
    url = settings.database_url
    code, year, old = last_row(live_data)
    files = versions.files_of(url, 1)
    files["varden.csv"] = with_value(files["varden.csv"], code, year, "2,35")
    versions.publish(url, files, parent_id=1, by="anna", source="varden.xlsx")
    key = (settings.data_dir, url)
    assert shown(code, year) == old  # until the process switches
    assert live.switch_if_newer(settings, key, loader._preload) is True
    assert live.served_version(settings) == 2
    folder = served().folder
    assert folder == live_data / live.MATERIALISED / "00000002"
    assert (folder / versions.COMPLETE_MARK).exists()
    assert shown(code, year) == "2,35"
    assert last_row(live_data)[2] == old  # the data folder's own files are left alone
    assert live.switch_if_newer(settings, key, loader._preload) is False  # nothing newer


def test_a_broken_version_is_not_switched_to(live_data):
    loader.get_dataset()
    settings = get_settings()
    url = settings.database_url
    code, year, old = last_row(live_data)
    files = versions.files_of(url, 1)
    files["varden.csv"] = with_value(files["varden.csv"], code, year, "inget tal")
    versions.publish(url, files, parent_id=1, by="anna", source="trasig")
    with pytest.raises(loader.DataError):
        live.switch_if_newer(settings, (settings.data_dir, url), loader._preload)
    assert live.served_version(settings) == 1  # keeps serving what it had, whole
    assert shown(code, year) == old


def test_a_hand_edit_made_while_a_newer_version_was_published_gives_way(live_data, caplog):
    loader.get_dataset()
    url = get_settings().database_url
    code, year, _old = last_row(live_data)
    files = versions.files_of(url, 1)
    files["varden.csv"] = with_value(files["varden.csv"], code, year, "3,15")
    versions.publish(url, files, parent_id=1, by="anna", source="varden.xlsx")
    edit_value(live_data, "4,45")  # meanwhile, on the server's disk
    loader.clear_cache()  # a restart
    with caplog.at_level(logging.WARNING, logger=live.__name__):
        assert shown(code, year) == "3,15"
    assert live.served_version(get_settings()) == 2
    assert versions.head_id(url) == 2  # the hand edit is not published over it
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("nyare version har publicerats" in w and "version 2 visas" in w
               for w in warnings), warnings  # fmt: skip


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


def test_an_unreachable_database_serves_the_files_with_a_warning(live_data, monkeypatch, caplog):
    url = (f"postgresql+psycopg://dashboard@127.0.0.1:{_closed_port()}/kvinnofrid"
           "?connect_timeout=2")  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", url)
    code, year = edit_value(live_data, "5,55")
    loader.clear_cache()
    with caplog.at_level(logging.WARNING, logger=live.__name__):
        assert shown(code, year) == "5,55"
    assert live.served_version(get_settings()) == 0
    assert served().folder == live_data
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Databasen kunde inte" in w and str(live_data) in w for w in warnings), warnings


def test_a_restart_of_another_server_does_not_publish_its_older_files(live_data, monkeypatch):
    """Two servers on one store, each with its own data folder: what one server last read
    from its folder says nothing about the other's. A hand edit published at a's restart
    must not make b's restart take b's (older) files for a hand edit and publish them."""
    shared = live_data.parent / "delad.sqlite3"  # outside both folders, as PostgreSQL is
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{shared}")
    other = live_data.parent / "data-b"
    shutil.copytree(live_data, other)

    def restart(folder: Path) -> None:
        monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
        loader.clear_cache()
        loader.get_dataset()

    restart(live_data)
    restart(other)
    assert versions.head_id(f"sqlite:///{shared}") == 1
    code, year = edit_value(live_data, "6,65")  # on a's disk
    restart(live_data)
    assert versions.head_id(f"sqlite:///{shared}") == 2
    restart(other)  # b's files are still version 1's
    assert versions.head_id(f"sqlite:///{shared}") == 2, versions.head(f"sqlite:///{shared}")
    assert live.served_version(get_settings()) == 2
    assert shown(code, year) == "6,65"


def test_a_hand_edit_that_gave_way_is_still_not_taken_as_read(live_data, caplog):
    """The warning at a restart does not settle the conflict: the files were not read into
    the store, so the command line's import still refuses to start from them (it would move
    the hand edit aside) and the next restart warns again."""
    loader.get_dataset()
    settings = get_settings()
    url = settings.database_url
    code, year, _old = last_row(live_data)
    files = versions.files_of(url, 1)
    files["varden.csv"] = with_value(files["varden.csv"], code, year, "3,15")
    versions.publish(url, files, parent_id=1, by="anna", source="varden.xlsx")
    edit_value(live_data, "4,45")
    loader.clear_cache()
    assert shown(code, year) == "3,15"  # the restart that warned
    with pytest.raises(db.StoreError, match="har ändrats"):
        live.prepare_files(settings, loader.check_files)
    assert last_row(live_data)[2] == "4,45"  # the hand edit is where the person left it
    loader.clear_cache()
    with caplog.at_level(logging.WARNING, logger=live.__name__):
        assert shown(code, year) == "3,15"
    assert any("nyare version har publicerats" in r.getMessage() for r in caplog.records)
