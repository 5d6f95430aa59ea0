"""Versions of the dataset in the store (dashboard/data/store/versions.py, issue #35): publish
makes the head, a version's files come back byte for byte, undo publishes an earlier version
again, two publishes from the same version never both land and never mix, the snapshot leaves
out what is not data, and a damaged file is never served.

Each test runs on SQLite in a temporary folder and on the session's throwaway PostgreSQL
(marked integration: it needs the server)."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard.data.store import db, diff, schema, versions

ROUNDS = 20  # concurrent publishes: a race that loses one time in a few shows here

BASE = {
    "varden.csv": "kommunkod;indikator;ar;varde;kalla\n0760;samordnare_antal;2024;3;Län\n".encode(),
    "plan/delmal.csv": b"id;namn\n1;Ett\n",
    "templates/mall.xlsx": bytes(range(256)) * 4,  # binary, not text
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def store_url(request, tmp_path) -> str:
    """An empty store: a SQLite file in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    yield url
    db.dispose_all()


def _with(files: dict[str, bytes], changes: dict[str, bytes]) -> dict[str, bytes]:
    return {**files, **changes}


def _all_version_rows(url: str) -> list[tuple[int, str, str]]:
    f = schema.version_file
    with db.connect(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(f.c.version_id, f.c.path, f.c.sha256))]


def test_publish_makes_the_head_and_its_files_come_back(store_url):
    assert versions.head(store_url) is None
    assert versions.head_id(store_url) == 0
    first = versions.publish(store_url, BASE, parent_id=0, by="anna", source="Första")
    assert first.id == versions.head_id(store_url) == 1
    assert versions.files_of(store_url, first.id) == BASE

    second_files = _with(BASE, {"varden.csv": BASE["varden.csv"].replace(b";3;", b";7;")})
    second = versions.publish(store_url, second_files, parent_id=first.id, by="bo",
                              source="varden_2024.xlsx")  # fmt: skip
    head = versions.head(store_url)
    assert head is not None and head.id == second.id == 2
    assert (head.parent_id, head.created_by, head.source) == (1, "bo", "varden_2024.xlsx")
    assert head.content_sha == versions.content_sha(second_files)
    assert head.created_at.tzinfo is not None
    assert versions.files_of(store_url, 2) == second_files
    assert versions.files_of(store_url, 1) == BASE  # the earlier version is untouched
    # What changed is recorded per municipality, indicator and year.
    changed = versions.changes_of(store_url, 2)
    assert [(c["kommunkod"], c["indikator"], c["fore"], c["efter"]) for c in changed] == [
        ("0760", "samordnare_antal", "3", "7")
    ]
    assert "1 ändrade" in head.summary
    # An unchanged file is stored once, shared by both versions.
    with db.connect(store_url).connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.blob)).scalar() == 4


def test_a_publish_from_an_older_version_is_refused(store_url):
    versions.publish(store_url, BASE, parent_id=0, by="a", source="s")
    versions.publish(store_url, _with(BASE, {"x.csv": b"1"}), parent_id=1, by="a", source="s")
    with pytest.raises(versions.ConcurrentPublish, match="version 2"):
        versions.publish(store_url, _with(BASE, {"y.csv": b"2"}), parent_id=1, by="b", source="s")
    with pytest.raises(versions.ConcurrentPublish):  # a second seed
        versions.publish(store_url, BASE, parent_id=0, by="b", source="s")
    assert versions.head_id(store_url) == 2
    assert "y.csv" not in versions.files_of(store_url, 2)


def test_undo_publishes_the_earlier_content_as_a_new_version(store_url):
    versions.publish(store_url, BASE, parent_id=0, by="a", source="Första")
    changed = _with(
        BASE, {"varden.csv": b"kommunkod;indikator;ar;varde\n", "extra/ny.txt": b"ny fil"}
    )
    versions.publish(store_url, changed, parent_id=1, by="a", source="fel fil")
    undone = versions.restore(store_url, 1, by="bo")
    assert undone.id == 3 and undone.parent_id == 2
    assert undone.source == "Återställd till version 1"
    assert undone.created_by == "bo"
    assert versions.files_of(store_url, 3) == BASE  # exactly, the added file gone too
    assert undone.content_sha == versions.get(store_url, 1).content_sha
    assert versions.files_of(store_url, 2) == changed  # history is kept, not rewritten
    with pytest.raises(db.StoreError, match="redan den publicerade"):
        versions.restore(store_url, 3, by="bo")
    with pytest.raises(db.StoreError, match="finns inte"):
        versions.restore(store_url, 99, by="bo")


def _race(url_a: str, url_b: str, parent: int, files: dict[str, dict[str, bytes]]):
    """Both publish from `parent` at the same moment; returns {name: VersionInfo | error}."""
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def publish(name: str, url: str) -> None:
        # Each thread its own engine (PostgreSQL: another URL) or pooled connection (SQLite).
        db.connect(url)
        barrier.wait()
        try:
            outcome[name] = versions.publish(url, files[name], parent_id=parent, by=name,
                                             source=f"fil från {name}")  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - the test looks at which error
            outcome[name] = exc

    threads = [threading.Thread(target=publish, args=pair) for pair in (("a", url_a), ("b", url_b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcome


def _two_urls(url: str) -> tuple[str, str]:
    if url.startswith("postgresql"):  # two engines, two connection pools, two sessions
        return url + "&application_name=a", url + "&application_name=b"
    return url, url


def test_concurrent_publishes_one_wins_nothing_mixed_or_lost(store_url):
    url_a, url_b = _two_urls(store_url)
    versions.publish(store_url, BASE, parent_id=0, by="seed", source="Första")
    winners = set()
    for round_no in range(ROUNDS):
        parent = versions.head_id(store_url)
        files = {
            name: _with(BASE, {"varden.csv": f"{name} {round_no}\n".encode(),
                        f"bara_{name}.csv": f"{name}{round_no}".encode() * 100})
            for name in ("a", "b")
        }  # fmt: skip
        outcome = _race(url_a, url_b, parent, files)
        won = [n for n, r in outcome.items() if isinstance(r, versions.VersionInfo)]
        lost = [n for n, r in outcome.items() if isinstance(r, versions.ConcurrentPublish)]
        assert len(won) == 1 and len(lost) == 1, f"round {round_no}: {outcome}"
        winner, loser = won[0], lost[0]
        winners.add(winner)
        head = versions.head(store_url)
        # PostgreSQL's sequence may skip the loser's number: the parent makes the line.
        assert head.id == outcome[winner].id > parent
        assert head.parent_id == parent
        assert versions.files_of(store_url, head.id) == files[winner]  # nothing of the other
        assert head.source == f"fil från {winner}"
        loser_sha = versions.content_sha(files[loser])
        assert all(v.content_sha != loser_sha for v in versions.history(store_url))
        loser_blob = hashlib.sha256(files[loser][f"bara_{loser}.csv"]).hexdigest()
        rows = _all_version_rows(store_url)
        assert all(sha != loser_blob and path != f"bara_{loser}.csv" or version != head.id
                   for version, path, sha in rows)  # fmt: skip
        assert not any(sha == loser_blob for _v, _p, sha in rows)
    # Versions stay a line: each has the one before as its parent, none is lost.
    chain = sorted((v.id, v.parent_id) for v in versions.history(store_url))
    assert len(chain) == ROUNDS + 1
    assert [parent for _id, parent in chain] == [0] + [i for i, _parent in chain[:-1]]


def test_snapshot_leaves_out_history_materialised_versions_database_and_map(tmp_path):
    folder = tmp_path / "data"
    wanted = {"varden.csv": b"v", "plan/delmal.csv": b"d", "templates/mall.xlsx": b"x"}
    versions.write_files(folder, wanted)
    others = {
        ".historik/fore-import/varden.csv": b"old",
        ".versioner/00000001/varden.csv": b"old",
        ".versioner/00000001/.komplett": b"sha",
        "dashboard.sqlite3": b"db",
        "dashboard.sqlite3-wal": b"wal",
        "dashboard.sqlite3-shm": b"shm",
        "dashboard.sqlite3.lock": b"",
        "geo/kommuner.geojson": b"{}",
        ".dold.csv": b"hidden",
    }
    for path, data in others.items():  # not through write_files: it writes data files only
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    assert versions.snapshot(folder) == wanted


def test_a_damaged_file_is_refused_and_never_written(store_url, tmp_path):
    info = versions.publish(store_url, BASE, parent_id=0, by="a", source="s")
    sha = hashlib.sha256(BASE["plan/delmal.csv"]).hexdigest()
    with db.connect(store_url).begin() as conn:
        conn.execute(sa.update(schema.blob).where(schema.blob.c.sha256 == sha)
                     .values(content=b"id;namn\n1;Fel\n"))  # fmt: skip
    with pytest.raises(db.StoreError, match="plan/delmal.csv.*skadad"):
        versions.files_of(store_url, info.id)
    root = tmp_path / "versioner"
    with pytest.raises(db.StoreError, match="skadad"):
        versions.materialise(store_url, info.id, root)
    assert not any(p.name.isdigit() for p in root.iterdir()) if root.exists() else True


def test_materialise_writes_a_complete_folder_once(store_url, tmp_path):
    info = versions.publish(store_url, BASE, parent_id=0, by="a", source="s")
    root = tmp_path / "versioner"
    folder = versions.materialise(store_url, info.id, root)
    assert folder == root / "00000001"
    assert versions.snapshot(folder) == BASE
    assert (folder / versions.COMPLETE_MARK).read_text() == info.content_sha
    assert not list(root.glob(".skrivs-*"))  # the work folder became the version's
    (folder / "varden.csv").write_bytes(b"changed")  # already complete: not written again
    assert versions.materialise(store_url, info.id, root) == folder
    assert (folder / "varden.csv").read_bytes() == b"changed"


def test_export_writes_a_version_back_and_keeps_what_it_replaced(store_url, tmp_path):
    versions.publish(store_url, BASE, parent_id=0, by="a", source="s")
    folder = tmp_path / "data"
    versions.write_files(folder, _with(BASE, {"varden.csv": b"handedit", "egen.txt": b"egen fil"}))
    backup = versions.export(store_url, 1, folder, "20260101-120000")
    assert versions.snapshot(folder) == BASE
    assert backup == folder / ".historik" / "fore-export-20260101-120000"
    assert (backup / "varden.csv").read_bytes() == b"handedit"
    assert (backup / "egen.txt").read_bytes() == b"egen fil"
    assert isinstance(backup, Path)


def test_two_sessions_setting_one_new_setting_at_once_both_succeed(store_url):
    """What two servers (or a server and the command line) do on their first start: record
    a setting that is not there yet. Neither may fail because the other was first."""
    url_a, url_b = _two_urls(store_url)
    db.connect(store_url)
    for round_no in range(ROUNDS):
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def record(url: str, value: str, key: str, barrier: threading.Barrier,
                   errors: list[BaseException]) -> None:  # fmt: skip
            eng = db.connect(url)
            barrier.wait()
            try:
                with eng.begin() as conn:
                    db.set_meta(conn, key, value)
            except Exception as exc:  # noqa: BLE001 - the test shows which
                errors.append(exc)

        threads = [threading.Thread(target=record, args=(u, v, f"prov_{round_no}", barrier, errors))
                   for u, v in ((url_a, "a"), (url_b, "b"))]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, f"round {round_no}: {errors}"
        with db.connect(store_url).connect() as conn:
            assert db.get_meta(conn, f"prov_{round_no}") in ("a", "b")


OUTSIDE = ["../utanfor.csv", "/tmp/utanfor.csv", "plan/../../utanfor.csv", "plan\\..\\x.csv",
           "", ".historik/x.csv", "geo/kommuner.geojson", "dashboard.sqlite3"]  # fmt: skip


@pytest.mark.parametrize("path", OUTSIDE)
def test_a_path_outside_the_data_files_is_never_published(store_url, path):
    with pytest.raises(db.StoreError, match="ingen fil i datamappen"):
        versions.publish(store_url, {**BASE, path: b"x"}, parent_id=0, by="a", source="s")
    assert versions.head_id(store_url) == 0


def test_a_path_changed_in_the_database_writes_nothing_outside(store_url, tmp_path):
    """The store's rows are written to disk on every server: a row that names a place
    outside the data folder (changed in the database, not through publish) is refused
    before anything is written."""
    info = versions.publish(store_url, BASE, parent_id=0, by="a", source="s")
    with db.connect(store_url).begin() as conn:
        conn.execute(sa.update(schema.version_file)
                     .where(schema.version_file.c.path == "plan/delmal.csv")
                     .values(path="../utanfor.csv"))  # fmt: skip
    root = tmp_path / "data" / ".versioner"
    with pytest.raises(db.StoreError, match="ingen fil i datamappen"):
        versions.materialise(store_url, info.id, root)
    with pytest.raises(db.StoreError, match="ingen fil i datamappen"):
        versions.export(store_url, info.id, tmp_path / "data", "20260101-120000")
    with pytest.raises(db.StoreError, match="ingen fil i datamappen"):
        versions.write_files(tmp_path / "data", {"../utanfor.csv": b"x"})
    written = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert [p for p in written if "utanfor" in p] == []


def test_a_whole_year_for_all_290_municipalities_is_recorded_and_counted_in_full():
    """20 stored indicators for 290 municipalities: 5 800 values in one import (the import
    reads up to 20 000 rows). The version's record and its summary hold every one."""
    header = "kommunkod;indikator;ar;varde\n"
    rows = [f"{1000 + m};ind_{i};2025;{{}}\n" for m in range(290) for i in range(20)]
    old = (header + "".join(r.format(1) for r in rows)).encode()
    new = (header + "".join(r.format(2) for r in rows)).encode()
    changed = diff.changes({"varden.csv": old}, {"varden.csv": new})
    assert len(changed) == 5800
    assert diff.summary(changed) == "Värden: 5800 ändrade (290 kommuner, 20 indikatorer)."
