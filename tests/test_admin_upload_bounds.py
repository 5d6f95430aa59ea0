"""Uploads do not make the store grow without bound (#35): at most MAX_PENDING files wait at
once, and a discarded file's bytes are dropped (its record and the audit log remain)."""

from __future__ import annotations

import sqlalchemy as sa
from test_admin_uploads import (  # noqa: F401 - the fixtures
    CONFIRM,
    admin,
    sign_in,
    store,
    upload_id,
    values_file,
)

from dashboard.data.store import schema
from dashboard.data.store.db import connect
from dashboard.web.admin import uploads


def stored_bytes(url: str, made: int) -> int:
    u = schema.upload
    with connect(url).connect() as conn:
        return len(conn.execute(sa.select(u.c.content).where(u.c.id == made)).scalar_one())


def test_a_discarded_file_keeps_its_record_but_not_its_bytes(admin):  # noqa: F811
    made = upload_id(admin.upload(values_file([("0760", "samordnare_antal", "4")])))
    assert stored_bytes(admin.url, made) > 0
    assert admin.post(f"/admin/inlasning/{made}/kassera", CONFIRM).status_code == 302
    assert stored_bytes(admin.url, made) == 0


def test_no_more_than_max_pending_files_wait(admin, monkeypatch):  # noqa: F811
    monkeypatch.setattr(uploads, "MAX_PENDING", 2)
    for value in ("4", "5"):
        upload_id(admin.upload(values_file([("0760", "samordnare_antal", value)])))
    refused = admin.upload(values_file([("0760", "samordnare_antal", "6")]))
    assert refused.status_code == 409
    assert "redan 2 filer som väntar" in refused.get_data(as_text=True)
