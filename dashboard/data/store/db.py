"""The store's database: one engine per process and URL, migrations under a lock, settings
kept in the database (the secret the servers share).

SQLite (the default, a file in the data folder) runs in WAL mode with a busy timeout, so the
workers of one host read while one of them writes. PostgreSQL is used when DATABASE_URL
names it; then several servers share one store.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from dashboard.data.store import schema

MIGRATIONS = Path(__file__).with_name("migrations")
_ENGINES: dict[tuple[str, int], sa.Engine] = {}
_UPGRADED: set[tuple[str, int]] = set()
_GUARD = threading.Lock()
MIGRATION_LOCK_ID = 7_351_204  # pg_advisory_lock key: one migration at a time per database


class StoreError(Exception):
    """A problem with the store, said in Swedish for the person who can act on it."""


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")  # a published version survives a power cut
    cursor.close()


def engine(url: str) -> sa.Engine:
    """The process's engine for the URL. Keyed on the process id too: a connection opened
    in gunicorn's master must never be used by a forked worker."""
    key = (url, os.getpid())
    with _GUARD:
        found = _ENGINES.get(key)
        if found is None:
            if url.startswith("sqlite"):
                found = sa.create_engine(url, connect_args={"timeout": 15})
                sa.event.listen(found, "connect", _on_sqlite_connect)
            else:
                found = sa.create_engine(url, pool_pre_ping=True, pool_size=3, max_overflow=2)
            _ENGINES[key] = found
    return found


def _alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return str(ScriptDirectory.from_config(config).get_current_head())


def current_revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def _migration_lock(eng: sa.Engine, connection: sa.Connection) -> Iterator[None]:
    """Two servers (or workers) starting at once migrate one after the other."""
    if eng.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_ID})
        try:
            yield
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_ID})
        return
    database = eng.url.database or ""
    lock_path = Path(database + ".lock") if database and database != ":memory:" else None
    if lock_path is None:
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database to `revision` (normally the newest); cheap when it is there."""
    key = (url, os.getpid())
    if revision == "head" and key in _UPGRADED:
        return
    _ensure_sqlite_folder(url)
    eng = engine(url)
    with eng.connect() as connection, _migration_lock(eng, connection):
        connection.commit()  # the advisory lock is held by the session, not a transaction
        if revision != "head" or current_revision(connection) != head_revision():
            command.upgrade(_alembic_config(connection), revision)
            connection.commit()
    if revision == "head":
        _UPGRADED.add(key)


def _ensure_sqlite_folder(url: str) -> None:
    parsed = sa.make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise StoreError(f"mappen för databasen finns inte: {folder}")


def connect(url: str) -> sa.Engine:
    """The engine, with the database migrated to the newest schema."""
    upgrade(url)
    return engine(url)


def get_meta(conn: sa.Connection, key: str) -> str | None:
    row = conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == key)).first()
    return None if row is None else str(row[0])


def set_meta(conn: sa.Connection, key: str, value: str) -> None:
    """One statement (insert, or update on conflict): an update-then-insert let two
    sessions recording a new key at once both insert, and one failed (PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(schema.meta).values(key=key, value=value)
    conn.execute(statement.on_conflict_do_update(index_elements=[schema.meta.c.key],
                                                 set_={"value": value}))  # fmt: skip


def shared_secret(url: str) -> str:
    """The secret the servers sharing a store sign with: made once, kept in the database."""
    eng = connect(url)
    with eng.begin() as conn:
        found = get_meta(conn, "secret_key")
        if found:
            return found
    try:
        with eng.begin() as conn:
            conn.execute(sa.insert(schema.meta).values(key="secret_key",
                                                       value=secrets.token_hex(32)))  # fmt: skip
    except sa.exc.IntegrityError:  # another server made it first: use theirs
        pass
    with eng.begin() as conn:
        return str(get_meta(conn, "secret_key"))


def dispose_all() -> None:
    """Close every engine of this process (tests; after a fork the keys differ anyway)."""
    with _GUARD:
        for key, eng in list(_ENGINES.items()):
            if key[1] == os.getpid():
                eng.dispose()
            del _ENGINES[key]
        _UPGRADED.clear()
