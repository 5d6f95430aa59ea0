"""Versions of the dataset in the store: publish, read, materialise, export.

A version is every file of the data folder (the same files the importers write and the
loader reads), kept by content; its record says who made it, when, from what and what
changed. Versions are linear (schema.py): a publish names the version it was made from, and
if another publish landed first it is refused, never mixed in.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import sqlalchemy as sa

from dashboard.data.store import diff, schema
from dashboard.data.store.db import StoreError, connect

MAX_FILES = 2000
MAX_BYTES = 64 * 1024 * 1024  # a whole data folder; Kronoberg's is 0.4 MB
EXCLUDED_TOP = {"geo"}  # the map is read from the geo folder, not versioned with the values
COMPLETE_MARK = ".komplett"


class ConcurrentPublish(StoreError):
    """Another publish landed after the version this one was made from."""


@dataclass(frozen=True)
class VersionInfo:
    id: int
    parent_id: int
    created_at: datetime
    created_by: str
    source: str
    summary: str
    content_sha: str


def _included(rel: PurePosixPath) -> bool:
    if any(part.startswith(".") for part in rel.parts) or rel.parts[0] in EXCLUDED_TOP:
        return False
    return not (rel.name.startswith("dashboard.sqlite3") or rel.suffix == ".lock")


def checked_path(path: str) -> PurePosixPath:
    """A version's file path, relative and inside the data folder. The store's rows are
    written to disk on every server: a path that leaves the folder (absolute, '..') or names
    what is no data file is refused, so the database can never write elsewhere."""
    rel = PurePosixPath(path)
    if not rel.parts or rel.is_absolute() or "\\" in path or not _included(rel):
        raise StoreError(f"sökvägen {path!r} är ingen fil i datamappen.")
    return rel


def snapshot(folder: Path) -> dict[str, bytes]:
    """The data folder's files that make a version (path with '/' -> bytes), bounded."""
    files: dict[str, bytes] = {}
    total = 0
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            rel = PurePosixPath(path.relative_to(folder).as_posix())
            if not _included(rel) or not path.is_file():
                continue
            data = path.read_bytes()
            total += len(data)
            if len(files) >= MAX_FILES or total > MAX_BYTES:
                raise StoreError(f"datamappen är för stor för en version (högst {MAX_FILES} "
                                 f"filer och {MAX_BYTES // 2**20} MB).")  # fmt: skip
            files[str(rel)] = data
    return files


def content_sha(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    return digest.hexdigest()


def _info(row: Any) -> VersionInfo:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return VersionInfo(row.id, row.parent_id, created, row.created_by, row.source, row.summary,
                       row.content_sha)  # fmt: skip


def head(url: str) -> VersionInfo | None:
    """The published version: the newest."""
    v = schema.dataset_version
    with connect(url).connect() as conn:
        row = conn.execute(sa.select(v).order_by(v.c.id.desc()).limit(1)).first()
    return None if row is None else _info(row)


def head_id(url: str) -> int:
    """The published version's number, 0 when there is none (what the workers poll)."""
    v = schema.dataset_version
    with connect(url).connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(v.c.id))).scalar() or 0)


def get(url: str, version_id: int) -> VersionInfo | None:
    v = schema.dataset_version
    with connect(url).connect() as conn:
        row = conn.execute(sa.select(v).where(v.c.id == version_id)).first()
    return None if row is None else _info(row)


def history(url: str, limit: int = 200) -> list[VersionInfo]:
    v = schema.dataset_version
    with connect(url).connect() as conn:
        rows = conn.execute(sa.select(v).order_by(v.c.id.desc()).limit(limit)).all()
    return [_info(r) for r in rows]


def changes_of(url: str, version_id: int) -> list[dict[str, Any]]:
    v = schema.dataset_version
    with connect(url).connect() as conn:
        text = conn.execute(sa.select(v.c.changes).where(v.c.id == version_id)).scalar()
    return json.loads(text) if text else []


def files_of(url: str, version_id: int) -> dict[str, bytes]:
    f, b = schema.version_file, schema.blob
    query = (sa.select(f.c.path, b.c.content, b.c.sha256)
             .join(b, b.c.sha256 == f.c.sha256).where(f.c.version_id == version_id))  # fmt: skip
    with connect(url).connect() as conn:
        rows = conn.execute(query).all()
    if not rows:
        raise StoreError(f"version {version_id} finns inte i databasen.")
    files = {}
    for path, content, sha in rows:
        checked_path(path)
        data = bytes(content)
        if hashlib.sha256(data).hexdigest() != sha:  # never serve a damaged file
            raise StoreError(f"filen {path} i version {version_id} är skadad i databasen.")
        files[path] = data
    return files


def _store_blobs(eng: sa.Engine, files: dict[str, bytes]) -> dict[str, str]:
    """Each file's content once, by its hash; idempotent, so it needs no lock."""
    shas = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}
    table = schema.blob
    with eng.begin() as conn:
        present = set(conn.execute(sa.select(table.c.sha256)
                                   .where(table.c.sha256.in_(set(shas.values())))).scalars())  # fmt: skip
    missing = {sha: files[path] for path, sha in shas.items() if sha not in present}
    if missing:
        from sqlalchemy.dialects import postgresql, sqlite

        dialect = postgresql if eng.dialect.name == "postgresql" else sqlite
        rows = [{"sha256": s, "size": len(d), "content": d} for s, d in missing.items()]
        with eng.begin() as conn:
            conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)
    return shas


def publish(url: str, files: dict[str, bytes], *, parent_id: int, by: str, source: str,
            changes: list[dict[str, Any]] | None = None) -> VersionInfo:  # fmt: skip
    """Make `files` the published version, made from `parent_id` (0: the first version).

    Refused with ConcurrentPublish when a version made from the same parent exists: the
    person sees the newer version and decides again; nothing of theirs is mixed in."""
    for path in files:
        checked_path(path)
    eng = connect(url)
    if changes is None:
        changes = diff.changes(files_of(url, parent_id) if parent_id else {}, files)
    shas = _store_blobs(eng, files)
    record = {"parent_id": parent_id, "created_at": datetime.now(UTC), "created_by": by[:200],
              "source": source[:500], "summary": diff.summary(changes) if parent_id else
              "Första versionen i databasen.", "changes": json.dumps(changes, ensure_ascii=False),
              "content_sha": content_sha(files)}  # fmt: skip
    v = schema.dataset_version
    try:
        with eng.begin() as conn:
            newest = conn.execute(sa.select(sa.func.max(v.c.id))).scalar() or 0
            if newest != parent_id:
                raise ConcurrentPublish(_concurrent_text(newest))
            new_id = conn.execute(sa.insert(v).values(**record).returning(v.c.id)).scalar_one()
            conn.execute(sa.insert(schema.version_file),
                         [{"version_id": new_id, "path": p, "sha256": s} for p, s in shas.items()])  # fmt: skip
    except sa.exc.IntegrityError as exc:  # the same parent: the other publish was first
        raise ConcurrentPublish(_concurrent_text(head_id(url))) from exc
    info = get(url, new_id)
    assert info is not None
    return info


def _concurrent_text(newest: int) -> str:
    return (
        f"någon annan publicerade version {newest} under tiden. Ingenting av din ändring "
        "har sparats i den; förhandsgranska den mot den nya versionen och publicera igen."
    )


def restore(url: str, version_id: int, *, by: str) -> VersionInfo:
    """Undo: publish an earlier version's files again, as a new version."""
    current = head(url)
    if current is None or get(url, version_id) is None:
        raise StoreError(f"version {version_id} finns inte.")
    if version_id == current.id:
        raise StoreError(f"version {version_id} är redan den publicerade.")
    return publish(url, files_of(url, version_id), parent_id=current.id, by=by,
                   source=f"Återställd till version {version_id}")  # fmt: skip


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        target = folder / checked_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def materialise(url: str, version_id: int, root: Path) -> Path:
    """The version's files in `root/<id>/`, written once per host and never half: the
    folder appears by one rename, after every file in it is written."""
    final = root / f"{version_id:08d}"
    if (final / COMPLETE_MARK).exists():
        return final
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = files_of(url, version_id)
    work = Path(tempfile.mkdtemp(prefix=".skrivs-", dir=root))
    try:
        write_files(work, files)
        (work / COMPLETE_MARK).write_text(content_sha(files))
        try:
            os.rename(work, final)
        except OSError:  # another worker was first: theirs is complete, or is removed below
            if not (final / COMPLETE_MARK).exists():
                shutil.rmtree(final, ignore_errors=True)
                os.rename(work, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return final


def prune_materialised(root: Path, keep: Iterable[int], newest: int = 4) -> None:
    """Bound the disk: keep the newest folders and those in use."""
    if not root.is_dir():
        return
    folders = sorted(p for p in root.iterdir() if p.name.isdigit())
    wanted = {f"{i:08d}" for i in keep} | {p.name for p in folders[-newest:]}
    for path in folders:
        if path.name not in wanted:
            shutil.rmtree(path, ignore_errors=True)
    for leftover in root.glob(".skrivs-*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < datetime.now().timestamp() - 3600:
                shutil.rmtree(leftover, ignore_errors=True)


def export(url: str, version_id: int, folder: Path, stamp: str) -> Path | None:
    """Write a version back to the data folder's files. What the folder held that differs is
    first moved to .historik/fore-export-<stamp>/ (returned), so nothing is lost."""
    from dashboard.data.import_write import atomic_write

    files = files_of(url, version_id)
    present = snapshot(folder)
    changed = [p for p in present if files.get(p) != present[p]]
    backup = folder / ".historik" / f"fore-export-{stamp}" if changed else None
    for path in changed:
        assert backup is not None
        target = backup / PurePosixPath(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(present[path])
    for path, data in files.items():
        if present.get(path) != data:
            target = folder / PurePosixPath(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
    for path in present:
        if path not in files:
            (folder / PurePosixPath(path)).unlink()
    return backup
