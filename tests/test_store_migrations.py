"""The store's Alembic migrations (dashboard/data/store/migrations, issue #35): an empty
database becomes the newest schema, a database of the previous version keeps its versions
and gains the new tables, the migrated tables are exactly what schema.py reads and writes,
and two processes starting on one empty PostgreSQL database at once both succeed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from dashboard.data.store import db, schema, versions

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]
TABLES_0001 = {"meta", "blob", "dataset_version", "version_file"}
TABLES_0002 = {"account", "session", "login_attempt", "audit", "upload", "survey",
               "survey_response"}  # fmt: skip
FILES = {"varden.csv": b"kommunkod;indikator;ar;varde\n0760;x;2024;1\n", "lan.csv": b"kod\n07\n"}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def empty_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_url")
    yield url
    db.dispose_all()


def _tables(url: str) -> set[str]:
    return set(sa.inspect(db.engine(url)).get_table_names())


def test_an_empty_database_is_migrated_to_the_newest_schema(empty_url):
    assert _tables(empty_url) == set()
    db.upgrade(empty_url)
    assert _tables(empty_url) == TABLES_0001 | TABLES_0002 | {"alembic_version"}
    with db.engine(empty_url).connect() as conn:
        assert db.current_revision(conn) == db.head_revision() == "0002"
    db.dispose_all()
    db.upgrade(empty_url)  # again, in a "new process": nothing to do, nothing breaks
    assert versions.head_id(empty_url) == 0


def test_the_migrated_tables_are_what_schema_py_describes(empty_url):
    db.upgrade(empty_url)
    with db.engine(empty_url).connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert differences == []


def _publish_at_0001(url: str) -> None:
    """A version written as the code of migration 0001 wrote it: Core inserts into its
    tables, without connect() (which would migrate to the newest first)."""
    import hashlib

    eng = db.engine(url)
    shas = {p: hashlib.sha256(d).hexdigest() for p, d in FILES.items()}
    with eng.begin() as conn:
        conn.execute(sa.insert(schema.blob), [{"sha256": shas[p], "size": len(d), "content": d}
                                              for p, d in FILES.items()])  # fmt: skip
        conn.execute(sa.insert(schema.dataset_version).values(
            id=1, parent_id=0, created_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
            created_by="anna", source="Första versionen", summary="Första versionen i databasen.",
            changes="[]", content_sha=versions.content_sha(FILES)))  # fmt: skip
        conn.execute(sa.insert(schema.version_file),
                     [{"version_id": 1, "path": p, "sha256": s}
                      for p, s in shas.items()])  # fmt: skip
        conn.execute(sa.insert(schema.meta).values(key="secret_key", value="hemlig"))
    if eng.dialect.name == "postgresql":  # the explicit id left the sequence behind
        with eng.begin() as conn:
            conn.execute(sa.text("SELECT setval('dataset_version_id_seq', 1)"))


def test_a_database_of_the_previous_version_keeps_its_versions(empty_url):
    db.upgrade(empty_url, "0001")
    assert _tables(empty_url) == TABLES_0001 | {"alembic_version"}
    _publish_at_0001(empty_url)

    db.upgrade(empty_url)
    assert _tables(empty_url) >= TABLES_0002
    with db.engine(empty_url).connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
    head = versions.head(empty_url)
    assert head is not None
    assert (head.id, head.created_by, head.source) == (1, "anna", "Första versionen")
    assert head.created_at == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    assert versions.files_of(empty_url, 1) == FILES
    assert db.shared_secret(empty_url) == "hemlig"
    # And the store goes on from there with the new tables in use.
    after = versions.publish(empty_url, {**FILES, "ny.csv": b"a\n"}, parent_id=1, by="bo",
                             source="s")  # fmt: skip
    assert after.parent_id == 1 and versions.head_id(empty_url) == after.id
    with db.connect(empty_url).begin() as conn:
        conn.execute(sa.insert(schema.audit).values(at=datetime.now(UTC), username="bo",
                                                    action="test", detail="", ip="127.0.0.1",
                                                    refused=False))  # fmt: skip
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.audit)).scalar() == 1


MIGRATE_AT = textwrap.dedent("""
    import sys, time
    from dashboard.data.store import db
    start = float(sys.argv[2])
    while time.time() < start:
        time.sleep(0.001)
    db.upgrade(sys.argv[1])
    print("klar")
""")


@pytest.mark.integration
def test_two_processes_migrating_one_empty_postgresql_database_both_succeed(postgres_url):
    # Both start migrating at the same instant, after their imports are done.
    start = time.time() + 4
    children = [
        subprocess.Popen([sys.executable, "-c", MIGRATE_AT, postgres_url, str(start)], cwd=REPO,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]  # fmt: skip
    results = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err[-3000:]
        assert out.strip() == "klar"
    assert time.time() > start
    assert _tables(postgres_url) == TABLES_0001 | TABLES_0002 | {"alembic_version"}
    with db.engine(postgres_url).connect() as conn:
        assert db.current_revision(conn) == db.head_revision()
        rows = conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar()
    assert rows == 1
    db.dispose_all()
