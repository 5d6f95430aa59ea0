"""Upload → preview → publish or discard, and the import templates (for the förvaltare).

An upload is checked by the command line's importers on a copy of the published version (a
dry run) before anything is kept: a file with errors is refused with every error, and is
not stored (only the attempt is, in the audit log). What is kept is the file itself and the
difference it makes; publishing imports the stored file again onto the version it was made
from and publishes that, so the preview is never trusted as the thing published. If someone
else has published in between, the publish is refused and the upload stays, to be read in
again against the new version.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.data.store import diff, publishing, schema, versions
from dashboard.data.store.db import StoreError, connect
from dashboard.data.tables import DataError
from dashboard.web.admin import ID, UPLOAD_LIMIT, blueprint
from dashboard.web.admin.auth import FORVALTARE, audit, current_account, require, store_url

SUFFIXES = (".csv", ".xlsx")
PENDING, PUBLISHED, DISCARDED = "vantar", "publicerad", "kasserad"
# Files kept waiting at once: the store does not grow with uploads nobody decides on. A
# discarded file's bytes are dropped (its record and the audit log remain).
MAX_PENDING = 20
STATUS_TEXT = {PENDING: "Väntar", PUBLISHED: "Publicerad", DISCARDED: "Kasserad"}
MAX_SOURCE = 300
MIN_YEAR, MAX_YEAR = 1990, 2100
PUBLISHED_TEXT = "Version {n} är publicerad. Den publika tjänsten visar den inom 10 sekunder."
MOVED_TEXT = "Någon annan har publicerat efter att du laddade upp – läs in filen igen."


class Refused(Exception):
    """An upload the form refuses before the importer sees it; `status` is the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# --- the form and the list of uploads waiting ---------------------------------------------


def _pending() -> list[Any]:
    u = schema.upload
    query = (sa.select(u.c.id, u.c.created_at, u.c.created_by, u.c.kind, u.c.filename,
                       u.c.base_version_id)
             .where(u.c.status == PENDING).order_by(u.c.id.desc()).limit(100))  # fmt: skip
    with connect(store_url()).connect() as conn:
        return list(conn.execute(query).all())


def _form_page(errors: list[str] | None = None, status: int = 200, form: dict | None = None):
    from dashboard.web.admin.versions_view import local_time

    page = render_template(
        "admin/uploads.html", kinds=publishing.KINDS, pending=_pending(), errors=errors or [],
        form=form or {}, templates=template_names(), local_time=local_time,
        limit_mb=megabytes(UPLOAD_LIMIT),
    )  # fmt: skip
    return page, status


@blueprint.get("/inlasning")
@require(FORVALTARE)
def uploads():
    return _form_page()


def _read_form() -> tuple[str, str, bytes, dict[str, Any]]:
    """The kind, file name, content and options of a posted upload, or Refused."""
    try:
        file = request.files.get("fil")
    except RequestEntityTooLarge as exc:
        raise _too_large() from exc
    kind = request.form.get("vad", "")
    if kind not in publishing.KINDS:
        raise Refused("Välj vilken sorts fil det är.")
    if file is None or not file.filename:
        raise Refused("Välj en fil att läsa in.")
    name = Path(file.filename.replace("\\", "/")).name[:200]
    if not name.lower().endswith(SUFFIXES):
        raise Refused(f"Filen ”{name}” kan inte läsas in: bara Excel-filer (.xlsx) och "
                      "CSV-filer (.csv) går att läsa in.", 415)  # fmt: skip
    data = file.stream.read(UPLOAD_LIMIT + 1)
    if len(data) > UPLOAD_LIMIT:
        raise _too_large()
    if not data:
        raise Refused(f"Filen ”{name}” är tom.")
    return kind, name, data, _options(kind)


def megabytes(size: int) -> str:
    """'5' or '2,5': megabytes as the importer counts them (10**6 bytes), so the form, this
    refusal and the importer's own 'högst 5,0 MB' name the same limit."""
    return f"{size / 1e6:.1f}".removesuffix(".0").replace(".", ",")


def _too_large() -> Refused:
    return Refused(f"Filen är för stor: högst {megabytes(UPLOAD_LIMIT)} MB går att läsa in. "
                   "Årets uppgifter för ett län är några hundra kB.", 413)  # fmt: skip


def _options(kind: str) -> dict[str, Any]:
    source = " ".join(request.form.get("kalla", "").split())
    if len(source) > MAX_SOURCE:
        raise Refused(f"Källan får vara högst {MAX_SOURCE} tecken.")
    year_text = request.form.get("ar", "").strip()
    year = None
    if year_text:
        if not year_text.isdigit() or not MIN_YEAR <= int(year_text) <= MAX_YEAR:
            raise Refused(f"Året ska vara ett årtal mellan {MIN_YEAR} och {MAX_YEAR}.")
        year = int(year_text)
    if kind != "varden" and (source or year):
        raise Refused("Källa och år gäller bara årets värden; lämna dem tomma för den här "
                      "sortens fil.")  # fmt: skip
    return {"source": source or None, "year": year}


def _base_version() -> int:
    """The published version's number; the store is seeded by the first load if empty."""
    found = versions.head_id(store_url())
    if not found:
        from dashboard.data.loader import get_dataset

        get_dataset()
        found = versions.head_id(store_url())
    if not found:
        raise StoreError("det finns ingen publicerad version att läsa in filen i.")
    return found


def _dry_run(kind: str, name: str, data: bytes, options: dict[str, Any], base_id: int,
             user: str) -> publishing.Outcome:  # fmt: skip
    """The importer on a copy of version `base_id`; its errors as Refused, in Swedish."""
    from dashboard.data.importer import ImportFailed

    try:
        return publishing.import_bytes(store_url(), kind, name, data, base_id=base_id,
                                       user=user, **options)  # fmt: skip
    except ImportFailed as failed:
        errors = [admin_wording(str(e)) for e in failed.errors]
        raise Refused("\n".join([f"Inget lästes in: {len(errors)} fel i filen.", *errors])) \
            from failed  # fmt: skip
    except (DataError, StoreError) as exc:
        raise Refused(f"Inget lästes in: {admin_wording(str(exc))}") from exc


# The importer speaks to the command line; in the admin the same choices are the form's fields.
CLI_WORDING = (
    (re.compile(r"ange --source ”…” för hela filen"),
     "fältet ”Källa för rader utan egen källa” för hela filen"),
    (re.compile(r"ange --year"), "fältet ”År (om filen saknar en kolumn för år)”"),
    (re.compile(r"stämmer inte med --year (\d+)"), r"stämmer inte med året \1 i fältet ”År”"),
)  # fmt: skip


def admin_wording(message: str) -> str:
    """An importer message as the admin's user reads it: the form's field for a command-line
    option, an indicator's name for its id and the levels' labels for a scale's codes."""
    for pattern, wording in CLI_WORDING:
        message = pattern.sub(wording, message)
    from dashboard.data.loader import get_dataset

    try:
        ds = get_dataset()
    except DataError:
        return message
    for _scale, levels in ds.scales.groupby("scale", sort=False):
        codes, labels = ", ".join(levels["code"]), ", ".join(f"”{x}”" for x in levels["label"])
        message = message.replace(f"förväntade {codes}.", f"förväntade {labels}.")
    ids = sorted(ds.indicators["id"], key=len, reverse=True)
    named = dict(zip(ds.indicators["id"], ds.indicators["name"], strict=True))
    pattern = re.compile(r"(?<![\w”])(" + "|".join(map(re.escape, ids)) + r")(?![\w”])")
    return pattern.sub(lambda m: f"”{named[m.group(1)]}”", message) if ids else message


@blueprint.post("/inlasning")
@require(FORVALTARE)
def upload_post():
    user = current_account().username
    form = {"vad": request.form.get("vad", ""), "kalla": request.form.get("kalla", ""),
            "ar": request.form.get("ar", "")}  # fmt: skip
    name = "(okänd fil)"
    try:
        kind, name, data, options = _read_form()
        base_id = _base_version()
        outcome = _dry_run(kind, name, data, options, base_id, user)
    except Refused as refused:
        audit("inläsning nekad", f"{name}: {str(refused).splitlines()[0]}", refused=True)
        return _form_page(str(refused).splitlines(), refused.status, form)
    except StoreError as exc:
        audit("inläsning nekad", f"{name}: {exc}", refused=True)
        return _form_page([f"Inget lästes in: {exc}"], 503, form)
    if not outcome.has_changes:
        audit("inläsning", f"{name} ({kind}): inga ändringar mot version {base_id}")
        return _form_page([f"Filen ”{name}” ändrar ingenting i version {base_id}, den som "
                           "är publicerad. Inget sparades."], 200, form)  # fmt: skip
    if _pending_count() >= MAX_PENDING:
        audit("inläsning nekad", f"{name}: {MAX_PENDING} filer väntar redan", refused=True)
        return _form_page([f"Det finns redan {MAX_PENDING} filer som väntar på att publiceras "
                           "eller kasseras. Ta ställning till dem först; inget sparades."],
                          409, form)  # fmt: skip
    preview = {"summary": outcome.summary, "changes": outcome.changes, "options": options}
    row = {"created_at": datetime.now(UTC), "created_by": user, "kind": kind, "filename": name,
           "content": data, "base_version_id": base_id, "status": PENDING,
           "preview": json.dumps(preview, ensure_ascii=False)}  # fmt: skip
    u = schema.upload
    with connect(store_url()).begin() as conn:
        upload_id = conn.execute(sa.insert(u).values(**row).returning(u.c.id)).scalar_one()
    audit("inläsning", f"uppladdning {upload_id}: {name} ({kind}, {len(data)} byte) mot "
                       f"version {base_id}: {diff.summary(outcome.changes)}")  # fmt: skip
    return redirect(url_for("admin.upload_preview", upload_id=upload_id))


@blueprint.errorhandler(413)
def too_large(_error):
    """A body over the admin's bound is refused while the CSRF check reads the form (before
    the view): the förvaltare gets the form again with the reason; anyone else a plain 413."""
    account = current_account()
    if request.endpoint == "admin.upload_post" and account and account.role == FORVALTARE:
        audit("inläsning nekad", "filen var större än gränsen", refused=True)
        return _form_page([str(_too_large())], 413)
    from dashboard.web.admin.auth import refusal

    return refusal(413, "Begäran är för stor.")


# --- preview, publish, discard ----------------------------------------------------------------


def _upload(upload_id: int) -> Any:
    u = schema.upload
    with connect(store_url()).connect() as conn:
        row = conn.execute(sa.select(u).where(u.c.id == upload_id)).first()
    if row is None:
        abort(404)
    return row


def names() -> tuple[dict[str, str], dict[str, str]]:
    """Municipalities' and indicators' names (code/id -> name) from the published dataset."""
    from dashboard.data.loader import get_dataset

    try:
        ds = get_dataset()
    except DataError:
        return {}, {}
    places = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    return places, dict(zip(ds.indicators["id"], ds.indicators["name"], strict=True))


def _fields() -> dict[str, Any]:
    """Each stored indicator's survey field (its scale's labels, its number format)."""
    from dashboard.data.loader import get_dataset
    from dashboard.data.store import survey_rules

    try:
        ds = get_dataset()
    except DataError:
        return {}
    stored = list(survey_rules.surveyable(ds)["id"])
    return {f.indicator_id: f for f in survey_rules.fields_for(ds, stored)}


def value_text(fields: dict[str, Any], indicator: str, value: str | None) -> str:
    """A value in a changes table as a reader says it: 'I bruk', 'Ja', '0,75', not codes."""
    if value is None:
        return "–"
    if value == "":
        return "uppgift saknas"
    found = fields.get(indicator)
    return found.label_of(value) if found else value


def change_tables(changes: list[dict[str, Any]]) -> dict[str, Any]:
    """What a changes table shows: value changes per municipality (names, not codes), then
    every other file's changes."""
    places, indicators = names()
    fields = _fields()
    # A whole file added or removed (the first version's "ny fil") names no municipality.
    values = [c for c in changes if c["fil"] == diff.VALUES_FILE and "kommunkod" in c]
    grouped = diff.per_municipality(values)
    tables = []
    for code in sorted(grouped, key=lambda c: (places.get(c, c), c)):
        rows = [{**c, "indikator_namn": indicators.get(ind, ind),
                 "fore_text": value_text(fields, ind, c["fore"]),
                 "efter_text": value_text(fields, ind, c["efter"])}
                for ind in sorted(grouped[code], key=lambda i: indicators.get(i, i))
                for c in grouped[code][ind]]  # fmt: skip
        tables.append({"code": code, "name": places.get(code, code), "rows": rows})
    others = [c for c in changes if c["fil"] != diff.VALUES_FILE or "kommunkod" not in c]
    for c in others:
        c.setdefault("kommun_namn", places.get(c.get("kommunkod", ""), c.get("kommunkod", "")))
    whole = [{**c, "fil": f"{c['fil']} (hela filen)"} if c["fil"] == diff.VALUES_FILE else c
             for c in others]  # diff.summary counts values by municipality  # fmt: skip
    return {"value_tables": tables, "other_changes": others,
            "summary": diff.summary(values + whole), "count": len(changes)}  # fmt: skip


def _preview_page(row: Any, status: int = 200, message: str | None = None):
    from dashboard.web.admin.versions_view import local_time

    preview = json.loads(row.preview)
    head_id = versions.head_id(store_url())
    page = render_template(
        "admin/upload_preview.html", upload=row, kind_name=publishing.KINDS.get(row.kind, row.kind),
        importer_summary=preview.get("summary", ""), options=preview.get("options", {}),
        head_id=head_id, moved=head_id != row.base_version_id and row.status == PENDING,
        moved_text=MOVED_TEXT, status_text=STATUS_TEXT.get(row.status, row.status),
        local_time=local_time, message=message, **change_tables(preview.get("changes", [])),
    )  # fmt: skip
    return page, status


@blueprint.get(f"/inlasning/<{ID}:upload_id>")
@require(FORVALTARE)
def upload_preview(upload_id: int):
    return _preview_page(_upload(upload_id))


def _not_pending(row: Any, action: str):
    audit(action, f"uppladdning {row.id} är redan {STATUS_TEXT[row.status].lower()}",
          refused=True)  # fmt: skip
    text = (f"Filen är redan publicerad som version {row.published_version_id}."
            if row.status == PUBLISHED else "Filen är redan kasserad.")  # fmt: skip
    return _preview_page(row, 409, f"{text} Den kan inte publiceras eller kasseras igen.")


def _mark(upload_id: int, status: str, version_id: int | None = None) -> bool:
    """Set a waiting upload's status; False if another request changed it first."""
    u = schema.upload
    dropped = {"content": b""} if status == DISCARDED else {}
    with connect(store_url()).begin() as conn:
        done = conn.execute(sa.update(u).where(u.c.id == upload_id, u.c.status == PENDING)
                            .values(status=status, published_version_id=version_id,
                                    **dropped))  # fmt: skip
        return done.rowcount == 1


def _pending_count() -> int:
    u = schema.upload
    with connect(store_url()).connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(u)
                                .where(u.c.status == PENDING)).scalar() or 0)  # fmt: skip


@blueprint.post(f"/inlasning/<{ID}:upload_id>/publicera")
@require(FORVALTARE)
def upload_publish(upload_id: int):
    from dashboard.web.admin.versions_view import confirm_page, confirmed

    row = _upload(upload_id)
    if row.status != PENDING:
        return _not_pending(row, "publicera")
    if not confirmed():
        changes = change_tables(json.loads(row.preview).get("changes", []))
        return confirm_page(
            f"Publicera ”{row.filename}”?",
            [f"Filen ändrar: {changes['summary'].rstrip('.')}.",
             "Den blir en ny version, och den publika tjänsten visar den inom 10 sekunder. "
             "Du kan ångra under Versioner."],
            "Ja, publicera", url_for("admin.upload_preview", upload_id=upload_id))  # fmt: skip
    user = current_account().username
    options = json.loads(row.preview).get("options", {})
    try:  # the stored file again, on the version it was made from: not the stored preview
        outcome = _dry_run(row.kind, row.filename, bytes(row.content), options,
                           row.base_version_id, user)  # fmt: skip
        source = f"Fil: {row.filename} ({publishing.KINDS[row.kind]})"
        info = publishing.publish(store_url(), outcome, by=user, source=source)
    except versions.ConcurrentPublish as exc:
        audit("publicera", f"uppladdning {upload_id}: {exc}", refused=True)
        return _preview_page(row, 409, f"Inte publicerad: {exc} {MOVED_TEXT}")
    except (Refused, StoreError) as exc:
        audit("publicera", f"uppladdning {upload_id}: {exc}", refused=True)
        return _preview_page(row, 400, f"Inte publicerad: {exc}")
    _mark(upload_id, PUBLISHED, info.id)
    audit("publicera", f"uppladdning {upload_id} ({row.filename}) blev version {info.id}: "
                       f"{info.summary}")  # fmt: skip
    flash(PUBLISHED_TEXT.format(n=info.id), "ok")
    return redirect(url_for("admin.version", version_id=info.id))


@blueprint.post(f"/inlasning/<{ID}:upload_id>/kassera")
@require(FORVALTARE)
def upload_discard(upload_id: int):
    from dashboard.web.admin.versions_view import confirm_page, confirmed

    row = _upload(upload_id)
    if row.status == PENDING and not confirmed():
        return confirm_page(
            f"Kassera ”{row.filename}”?",
            ["Ingenting publiceras, och filen tas bort från listan över filer som väntar. "
             "Vill du publicera den senare får du ladda upp den igen."],
            "Ja, kassera", url_for("admin.upload_preview", upload_id=upload_id), danger=True)  # fmt: skip
    if row.status != PENDING or not _mark(upload_id, DISCARDED):
        return _not_pending(_upload(upload_id), "kassera")
    audit("kassera", f"uppladdning {upload_id} ({row.filename}) kasserades")
    flash(f"Filen ”{row.filename}” kasserades; ingenting publicerades.", "ok")
    return redirect(url_for("admin.uploads"))


# --- the templates ----------------------------------------------------------------------------

MEDIA = {".csv": "text/csv; charset=utf-8",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def template_names() -> list[dict[str, str]]:
    """The templates `python -m dashboard import --mall` writes: file name and what it is."""
    from dashboard.data import import_templates, practice_import

    kinds = [(import_templates.TEMPLATE_NAME, publishing.KINDS["varden"])]
    kinds += [(f"{t.prefix}-mall", publishing.KINDS.get(t.key, t.key))
              for t in practice_import.TARGETS.values()]  # fmt: skip
    return [{"name": f"{stem}{suffix}", "what": what, "format": suffix[1:].upper()}
            for stem, what in kinds for suffix in (".xlsx", ".csv")]  # fmt: skip


@blueprint.get("/mallar/<name>")
@require(FORVALTARE)
def template(name: str):
    if name not in {t["name"] for t in template_names()}:
        abort(404)
    from dashboard.data.loader import get_dataset
    from dashboard.data.new_county import write_templates

    with tempfile.TemporaryDirectory(prefix="kvinnofrid-mallar-") as tmp:
        written = {p.name: p for p in write_templates(get_dataset(), Path(tmp))}
        if name not in written:
            abort(404)
        data = written[name].read_bytes()
    return send_file(io.BytesIO(data), mimetype=MEDIA[Path(name).suffix], as_attachment=True,
                     download_name=name)  # fmt: skip
