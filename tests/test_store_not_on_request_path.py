"""The public pages never ask the database (#35): a version is loaded once per process and
the workers' threads ask for newer ones, so a public request costs what it cost before the
store. Every statement any engine sends is counted while public addresses are served."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.data import loader

PUBLIC = ["/", "/jamfor", "/kommun/0780", "/strategi", "/uppfoljning", "/om", "/_redo",
          "/_halsa", "/nedladdning/oversikt.csv"]  # fmt: skip


def test_serving_public_pages_sends_no_statement_to_the_database(app):
    client = app.server.test_client()
    loader.get_dataset()  # the process's first load (which does read the store) is behind us
    for path in PUBLIC:  # and Dash's setup and the caches' first builds too
        client.get(path)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        for path in PUBLIC:
            assert client.get(path).status_code == 200, path
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
    assert statements == []


def test_the_counter_sees_a_statement_the_store_sends(app):
    # The check above could pass by counting nothing: the same listener sees a real query.
    from dashboard.config import get_settings
    from dashboard.data.store import versions

    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        versions.head_id(get_settings().database_url)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
    assert seen
