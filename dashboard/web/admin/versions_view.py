"""The version history (who published what, when, from which file), each version's changes,
undo (publish an earlier version's files again, as a new version) and a version's files as a
zip for the förvaltare's own copy."""

from __future__ import annotations

import io
import zipfile

from flask import abort, flash, redirect, render_template, request, send_file, url_for

from dashboard.data.store import versions
from dashboard.data.store.db import StoreError
from dashboard.web.admin import ID, blueprint, clock
from dashboard.web.admin.auth import FORVALTARE, audit, current_account, require, store_url

RESTORED_TEXT = ("Version {n} är publicerad, med samma uppgifter som version {old}. "
                 "Den publika tjänsten visar den inom 10 sekunder.")  # fmt: skip


def confirmed() -> bool:
    """Whether a posted publish, restore or discard is its second step: the first answers
    a page that asks "Är du säker?" and posts the same with bekrafta=ja."""
    return request.form.get("bekrafta") == "ja"


def confirm_page(question: str, details: list[str], button: str, back: str,
                 danger: bool = False) -> str:  # fmt: skip
    """The "Är du säker?" page: what will happen, a button that does it, and Avbryt."""
    return render_template("admin/confirm.html", question=question, details=details,
                           button=button, back=back, action=request.path, danger=danger)  # fmt: skip


local_time = clock.moment_text  # "7 december 2026 kl. 21.34"


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
    info = _version(version_id)
    if not confirmed():
        return _restore_question(info)
    try:
        info = versions.restore(store_url(), version_id, by=user)
    except StoreError as exc:  # ConcurrentPublish too: someone published meanwhile
        audit("ångra", f"version {version_id}: {exc}", refused=True)
        flash(f"Inget publicerades: {exc}", "fel")
        return redirect(url_for("admin.version", version_id=version_id))
    audit("ångra", f"version {version_id} publicerades igen som version {info.id}")
    flash(RESTORED_TEXT.format(n=info.id, old=version_id), "ok")
    return redirect(url_for("admin.versions"))


def _restore_question(info: versions.VersionInfo) -> str:
    head_id = versions.head_id(store_url())
    undo = head_id and head_id != info.id and versions.get(store_url(), head_id)
    details = [f"Version {info.id}:s uppgifter ({local_time(info.created_at)}, "
               f"{info.source}) publiceras som en ny version. Den publika tjänsten visar den "
               "inom 10 sekunder."]  # fmt: skip
    if undo and undo.parent_id == info.id:
        details.insert(0, f"Det ångrar den senaste ändringen, version {undo.id}: {undo.summary}")
    details.append("Versionerna efter den finns kvar i historiken och kan återställas igen.")
    return confirm_page(f"Återställa till version {info.id}?", details,
                        f"Ja, återställ till version {info.id}",
                        url_for("admin.version", version_id=info.id))  # fmt: skip


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
