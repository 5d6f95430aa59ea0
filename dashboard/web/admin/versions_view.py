"""The version history (who published what, when, from which file), each version's changes,
undo (publish an earlier version's files again, as a new version) and a version's files as a
zip for the förvaltare's own copy."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, send_file, url_for

from dashboard.data.store import versions
from dashboard.data.store.db import StoreError
from dashboard.web.admin import ID, blueprint
from dashboard.web.admin.auth import FORVALTARE, audit, current_account, require, store_url

LOCAL = ZoneInfo("Europe/Stockholm")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december")  # fmt: skip
RESTORED_TEXT = ("Version {n} är publicerad, med samma uppgifter som version {old}. "
                 "Den publika tjänsten visar den inom 10 sekunder.")  # fmt: skip


def local_time(moment: datetime | None) -> str:
    """'7 december 2026 kl. 21.34' in Swedish local time (summer time included)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite gives back UTC without its zone
        moment = moment.replace(tzinfo=UTC)
    here = moment.astimezone(LOCAL)
    return f"{here.day} {MONTHS[here.month - 1]} {here.year} kl. {here:%H.%M}"


@blueprint.get("/versioner", endpoint="versions")  # `versions` stays the store module
@require(FORVALTARE)
def versions_list():
    url = store_url()
    return render_template("admin/versions.html", history=versions.history(url),
                           head_id=versions.head_id(url), local_time=local_time)  # fmt: skip


def _version(version_id: int) -> versions.VersionInfo:
    info = versions.get(store_url(), version_id)
    if info is None:
        abort(404)
    return info


@blueprint.get(f"/versioner/<{ID}:version_id>")
@require(FORVALTARE)
def version(version_id: int):
    from dashboard.web.admin.uploads import change_tables

    info = _version(version_id)
    tables = change_tables(versions.changes_of(store_url(), version_id))
    return render_template("admin/version.html", info=info, head_id=versions.head_id(store_url()),
                           local_time=local_time, **tables)  # fmt: skip


@blueprint.post(f"/versioner/<{ID}:version_id>/aterstall")
@require(FORVALTARE)
def version_restore(version_id: int):
    user = current_account().username
    _version(version_id)
    try:
        info = versions.restore(store_url(), version_id, by=user)
    except StoreError as exc:  # ConcurrentPublish too: someone published meanwhile
        audit("ångra", f"version {version_id}: {exc}", refused=True)
        flash(f"Inget publicerades: {exc}", "fel")
        return redirect(url_for("admin.version", version_id=version_id))
    audit("ångra", f"version {version_id} publicerades igen som version {info.id}")
    flash(RESTORED_TEXT.format(n=info.id, old=version_id), "ok")
    return redirect(url_for("admin.versions"))


@blueprint.get(f"/versioner/<{ID}:version_id>/filer.zip")
@require(FORVALTARE)
def version_zip(version_id: int):
    _version(version_id)
    files = versions.files_of(store_url(), version_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            archive.writestr(f"data/{path}", files[path])
    audit("hämta version", f"version {version_id} som zip ({len(files)} filer)")
    buffer.seek(0)
    return send_file(buffer, mimetype="application/zip", as_attachment=True,
                     download_name=f"kvinnofrid-version-{version_id}.zip")  # fmt: skip
