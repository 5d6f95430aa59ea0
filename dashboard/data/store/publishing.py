"""Importing a file into a new version: the same importers, readers and checks as the
command line, run on a copy of the version the person started from, never on the live
files. The admin's upload and the yearly survey use it; `python -m dashboard import` keeps
its data folder and publishes what it wrote (store/live.py).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dashboard.config import get_settings
from dashboard.data.store import diff, versions

# What can be read in: the command line's `--vad`, and what a person calls it.
KINDS = {
    "varden": "Värden per kommun och år (årets uppgifter)",
    "aktiviteter": "Länsstyrelsens aktiviteter",
    "lokala-planer": "Lokala handlingsplaner",
    "processtod": "Länsstyrelsens processtöd",
    "bedomningar": "Länsstyrelsens bedömning per delmål",
}


@dataclass(frozen=True)
class Outcome:
    """A file imported into a copy of version `base_id`: what the importer said, the new
    version's files and what changed. Nothing is published yet."""

    kind: str
    base_id: int
    summary: str
    files: dict[str, bytes]
    changes: list[dict[str, Any]]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


def _run(kind: str, path: Path, folder: Path, *, user: str, source: str | None,
         year: int | None, today: date | None) -> str:  # fmt: skip
    from dashboard.data import importer, practice_import

    geo_dir = get_settings().geo_dir
    if kind == "varden":
        result = importer.run_import(path, data_dir=folder, geo_dir=geo_dir, year=year,
                                     source=source, user=user, today=today)  # fmt: skip
        return result.summary
    if kind not in practice_import.TARGETS:
        raise ValueError(f"okänd sorts fil: {kind}")
    target = practice_import.TARGETS[kind]
    return practice_import.run_import(target, path, data_dir=folder, geo_dir=geo_dir).summary


def import_file(url: str, kind: str, path: Path, *, base_id: int, user: str,
                source: str | None = None, year: int | None = None,
                today: date | None = None) -> Outcome:  # fmt: skip
    """Import `path` (as `kind`) into a copy of version `base_id`. Raises what the command
    line's import raises (ImportFailed with every problem, DataError) — in Swedish."""
    base = versions.files_of(url, base_id)
    with tempfile.TemporaryDirectory(prefix="kvinnofrid-import-") as tmp:
        folder = Path(tmp) / "data"
        versions.write_files(folder, base)
        summary = _run(kind, path, folder, user=user, source=source, year=year, today=today)
        files = versions.snapshot(folder)
    return Outcome(kind, base_id, summary, files, diff.changes(base, files))


def import_bytes(url: str, kind: str, filename: str, data: bytes, **kwargs: Any) -> Outcome:
    """The same, for an uploaded file: written under its own (sanitised) name, since the
    importer reads the suffix (.csv, .xlsx) and records the file's name as the source."""
    safe = "".join(c for c in Path(filename).name if c.isalnum() or c in "._- ")[:100]
    safe = safe.strip(". ") or "uppladdad.csv"
    with tempfile.TemporaryDirectory(prefix="kvinnofrid-fil-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        return import_file(url, kind, path, **kwargs)


def publish(url: str, outcome: Outcome, *, by: str, source: str) -> versions.VersionInfo:
    """Publish an outcome as the new version; ConcurrentPublish if its base is no longer
    the published version (the person previews again)."""
    return versions.publish(url, outcome.files, parent_id=outcome.base_id, by=by,
                            source=source, changes=outcome.changes)  # fmt: skip
