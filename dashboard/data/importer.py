"""Import a year's follow-up into data/varden.csv: templates, validation, atomic write, undo.

    python -m dashboard import --mall [--year 2025]           # write the templates
    python -m dashboard import uppfoljning.xlsx [--year 2025] [--source "…"] [--dry-run]
    python -m dashboard import --undo                          # back to the previous version

Everything in the file is checked before anything is written, and every problem is listed in
Swedish with file, sheet, row and column. The file is bounded before it is parsed further: its
size, an .xlsx's unpacked size, entries and compression ratio, then rows (empty ones too),
cells and characters while it is read, stopping at the first breach. Imports and undos are
serialised end to end by a lock in data/.historik/ taken before varden.csv is read. The write
is atomic (temporary file in the same directory, fsync, os.replace; a symlinked varden.csv is
written through to its target), the previous version is kept in data/.historik/ and the new
file is read back with the loader's own rules before it replaces the old one. Imported values
are real (exempeldata = nej) and replace example values for the same municipality,
indicator and year. The running app reads the data once per process: restart it afterwards.

The work is split by job, and this module is the entry point that runs it (the CLI, the
practice importer, the pages and the tests call it, and use the names it re-exports):
spreadsheet.py reads the file (bounded), import_validate checks every row, import_plan
plans the new varden.csv and says what changes, import_write writes it (lock, atomic write,
history), import_templates writes the templates.
"""

from __future__ import annotations

import getpass
import os  # noqa: F401 - importer.os: the tests make writes fail through it
import tempfile  # noqa: F401 - importer.tempfile: likewise
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.config import get_settings
from dashboard.data.import_plan import (  # noqa: F401 - this module's API too
    Change,
    Plan,
    describe,
    incomplete_years,
    plan_changes,
    render_values,
)
from dashboard.data.import_templates import (  # noqa: F401 - this module's API too
    COLUMNS,
    FIXED_TIME,
    TEMPLATE_NAME,
    TYPE_NAMES,
    _reproducible_zip,
    allowed_text,
    default_template_year,
    indicator_table,
    instructions,
    template_csv,
    template_rows,
    template_xlsx,
    write_templates,
)
from dashboard.data.import_validate import (  # noqa: F401 - this module's API too
    EXPECTED,
    MAX_LISTED_ERRORS,
    MISSING_WORDS,
    ImportFailed,
    ImportRow,
    Parsed,
    expected_text,
    importable_indicators,
    validate,
)
from dashboard.data.import_write import (  # noqa: F401 - this module's API too
    HISTORY_DIR,
    VALUES_FILE,
    WriteFailed,
    _backups,
    _lock,
    _prune,
    _remove_leftovers,
    _stamp,
    _writing,
    atomic_write,
    describe_os_error,
    history_keep,
    lock_timeout,
)
from dashboard.data.loader import DataError, Dataset, _load_values, load_dataset
from dashboard.data.spreadsheet import (  # noqa: F401 - read_file and the bounds: this module's API too
    EXTRA_ROWS,
    INDICATORS_SHEET,
    INSTRUCTIONS_SHEET,
    VALUES_SHEET,
    RawTable,
    _env_int,
    column_letter,
    max_bytes,
    max_rows,
    read_file,
    write_csv,
    write_xlsx_rows,
)


@dataclass
class Result:
    plan: Plan
    parsed: Parsed
    written: bool
    backup: Path | None
    summary: str


def run_import(path: Path, *, data_dir: Path | None = None, geo_dir: Path | None = None,
               year: int | None = None, source: str | None = None, dry_run: bool = False,
               user: str | None = None, today: date | None = None) -> Result:  # fmt: skip
    """Validate the file, plan the change and (unless dry_run) write it with a backup.

    Raises ImportFailed (all problems) or DataError (the file or the data cannot be read, or
    WriteFailed: data/ cannot be written); in every case nothing has been written. Everything
    from reading varden.csv to the write happens under the lock; a dry run takes no lock.
    """
    settings = get_settings()
    data_dir = data_dir or settings.data_dir
    geo_dir = geo_dir or settings.geo_dir
    try:
        table = read_file(path)  # bounded, and needs nothing from data/
    except DataError as exc:
        raise ImportFailed([exc]) from exc
    args = (path, table, data_dir, geo_dir, year, source, dry_run, user, today)
    if dry_run:
        return _import(*args)
    with _lock(data_dir):
        return _import(*args)


def _import(path: Path, table: RawTable, data_dir: Path, geo_dir: Path, year: int | None,
            source: str | None, dry_run: bool, user: str | None,
            today: date | None) -> Result:  # fmt: skip
    values_path = data_dir / VALUES_FILE
    if not dry_run:
        _remove_leftovers(data_dir, values_path.read_bytes())
    ds = load_dataset(data_dir, geo_dir)
    today = today or date.today()
    parsed = validate(ds, table, year=year, source=source, last_year=today.year)
    origin = f"{path.name} (inläst av {user or _user()})"
    current = values_path.read_bytes()
    plan = plan_changes(ds, parsed, current, origin, today.isoformat())
    summary = "\n".join([*table.notices(), describe(ds, plan), *incomplete_years(ds, plan, parsed)])
    if parsed.empty_rows:
        summary += f"\n{parsed.empty_rows} rader utan värde lämnades orörda."
    if dry_run or not plan.has_changes:
        return Result(plan, parsed, False, None, summary)

    def check(tmp: Path) -> None:  # the loader's own rules on the new file before it counts
        _load_values(data_dir, ds.municipalities, ds.indicators, ds.scales, path=tmp)

    backup = data_dir / HISTORY_DIR / f"varden-{_stamp()}.csv"
    with _writing(data_dir, "den nya versionen"):
        backup.parent.mkdir(exist_ok=True)
        atomic_write(backup, current)
        try:
            atomic_write(values_path, render_values(plan), check=check)
        except BaseException:
            with suppress(OSError):
                backup.unlink()
            raise
    _prune(data_dir)
    return Result(plan, parsed, True, backup, summary)


def undo(data_dir: Path | None = None, file: str = VALUES_FILE, prefix: str = "varden") -> Path:
    """Put back the version of `file` (by default varden.csv) before its latest import; the
    undone one is kept as angrad-*.csv.

    Never a no-op: backups identical to the live file are dropped first. Returns the backup
    that was restored; DataError if there is none (WriteFailed if data/ cannot be written).
    """
    data_dir = data_dir or get_settings().data_dir
    path = data_dir / file
    with _lock(data_dir):
        current = path.read_bytes() if path.exists() else b""
        had_backups = bool(_backups(data_dir, prefix))
        _remove_leftovers(data_dir, current, file, prefix)
        backups = _backups(data_dir, prefix)
        if not backups:
            if had_backups:
                raise DataError("det finns ingen tidigare version som skiljer sig från den "
                                f"nuvarande {file} (säkerhetskopiorna i {HISTORY_DIR}/ "
                                f"var likadana som den och har tagits bort). {file} är "
                                "oförändrad.",
                                file=f"{data_dir.name}/")  # fmt: skip
            raise DataError("det finns ingen tidigare version att återställa (inga "
                            f"säkerhetskopior av {file} i {HISTORY_DIR}/).",
                            file=f"{data_dir.name}/")  # fmt: skip
        latest = backups[-1]
        undone_name = (
            f"angrad-{_stamp()}.csv" if prefix == "varden" else f"angrad-{prefix}-{_stamp()}.csv"
        )
        undone = data_dir / HISTORY_DIR / undone_name
        with _writing(data_dir, "den återställda versionen", file):
            undone.parent.mkdir(exist_ok=True)
            atomic_write(undone, current)
            try:
                atomic_write(path, latest.read_bytes())
            except BaseException:
                with suppress(OSError):
                    undone.unlink()
                raise
        with suppress(OSError):  # if it stays, the next run drops it: identical to the live file
            latest.unlink()
        _prune(data_dir, prefix)
    return latest


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "okänd användare"


# --- imports shown on /om -----------------------------------------------------------------------


def imports_overview(ds: Dataset) -> pd.DataFrame:
    """One row per import still in the data: file (underlag), date, values, sources."""
    real = ds.values[~ds.values["is_example"]]
    columns = ["origin", "updated", "values", "years", "sources"]
    if real.empty:
        return pd.DataFrame(columns=columns)
    grouped = real.groupby(["origin", "updated"], sort=False)
    frame = grouped.agg(
        values=("indicator_id", "size"),
        years=("year", lambda y: ", ".join(str(v) for v in sorted(set(y)))),
        sources=("source", lambda s: "; ".join(sorted(set(s)))),
    ).reset_index()
    return frame.sort_values("updated", ascending=False, kind="stable")[columns]
