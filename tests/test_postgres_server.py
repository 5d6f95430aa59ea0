"""The throwaway PostgreSQL the store's tests run on (tests/postgres_server.py): it starts,
gives each test a database of its own, and behaves as a shared server does for the store,
where two processes (or threads) see each other's committed rows."""

from __future__ import annotations

import threading

import pytest
from postgres_server import PostgresMissing, find_binaries
from sqlalchemy import create_engine, text


def _scalar(url: str, query: str):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query)).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.integration
def test_each_database_is_its_own_and_reached_through_sqlalchemy(postgres_server):
    first = postgres_server.create_database("first_of_two")
    second = postgres_server.create_database("second_of_two")
    assert first.startswith("postgresql+psycopg://")
    assert _scalar(first, "select 1") == 1
    assert _scalar(first, "select current_database()") == "first_of_two"
    assert _scalar(second, "select current_database()") == "second_of_two"

    engine = create_engine(first)
    with engine.begin() as connection:
        connection.execute(text("create table only_in_first (n integer)"))
    engine.dispose()
    assert _scalar(first, "select to_regclass('only_in_first') is not null") is True
    assert _scalar(second, "select to_regclass('only_in_first') is not null") is False


@pytest.mark.integration
def test_the_server_listens_on_its_socket_only(postgres_server, postgres_url):
    # inet_server_port() is null over a unix socket; listen_addresses is empty: no TCP at all.
    assert _scalar(postgres_url, "select inet_server_port()") is None
    assert _scalar(postgres_url, "show listen_addresses") == ""
    assert postgres_server.socket_dir.is_dir()


@pytest.mark.integration
def test_two_engines_in_two_threads_see_each_others_committed_rows(postgres_url):
    setup = create_engine(postgres_url)
    with setup.begin() as connection:
        connection.execute(text("create table notes (author text, body text)"))
    setup.dispose()
    committed = {"a": threading.Event(), "b": threading.Event()}
    seen: dict[str, list[tuple[str, str]]] = {}
    errors: list[BaseException] = []

    def write_then_read(name: str, other: str) -> None:
        """b writes once a's row is committed; each reads once the other's is."""
        engine = create_engine(postgres_url)
        try:
            if name == "b":
                assert committed["a"].wait(timeout=20)
            with engine.begin() as connection:
                connection.execute(
                    text("insert into notes values (:author, :body)"),
                    {"author": name, "body": f"from {name}"},
                )
            committed[name].set()
            assert committed[other].wait(timeout=20)
            with engine.connect() as connection:
                rows = connection.execute(text("select author, body from notes order by author"))
                seen[name] = [tuple(row) for row in rows]
        except BaseException as error:  # re-raised in the test's thread below
            errors.append(error)
        finally:
            engine.dispose()

    threads = [
        threading.Thread(target=write_then_read, args=("a", "b")),
        threading.Thread(target=write_then_read, args=("b", "a")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    expected = [("a", "from a"), ("b", "from b")]
    assert seen == {"a": expected, "b": expected}


def test_missing_binaries_name_the_way_to_install_them(monkeypatch, tmp_path):
    monkeypatch.setenv("POSTGRES_BIN", str(tmp_path))
    with pytest.raises(PostgresMissing, match="apt-get install postgresql"):
        find_binaries()
