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
"""

from __future__ import annotations

import csv
import errno
import getpass
import io
import os
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from dashboard.config import get_settings
from dashboard.data.loader import (
    CATEGORICAL_TYPES,
    MIN_YEAR,
    DataError,
    Dataset,
    ValueProblem,
    _load_values,
    load_dataset,
    range_text,
    scale_orders,
    value_score,
)
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

VALUES_FILE = "varden.csv"
HISTORY_DIR = ".historik"
TEMPLATE_NAME = "uppfoljning-mall"
# Columns of the import file (the template writes them in this order).
COLUMNS = ["kommunkod", "kommun", "indikator", "indikatorns_namn", "ar", "varde", "kalla",
           "anmarkning"]  # fmt: skip
MISSING_WORDS = {"saknas", "uppgift saknas", "-", "–"}
TYPE_NAMES = {"ja_nej": "ja/nej", "ordinal": "status (skala)", "andel": "andel i procent",
              "antal": "antal (heltal)", "decimal": "tal med decimaler"}  # fmt: skip
# What a numeric value should look like; {range} is the indicator's range from the catalogue.
EXPECTED = {
    "antal": "ett heltal {range} (t.ex. 3)",
    "andel": "en andel i procent, {range} (t.ex. 12,5)",
    "decimal": "ett tal {range} (t.ex. 0,75)",
}
MAX_LISTED_ERRORS = 50
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entry times: the template is byte-reproducible


def history_keep() -> int:
    return _env_int("DASHBOARD_IMPORT_KEEP", 20)


def lock_timeout() -> float:
    """Seconds an import or undo waits for another one before it is refused (0: no wait)."""
    text = os.environ.get("DASHBOARD_IMPORT_LOCK_TIMEOUT", "").strip()
    try:
        return max(0.0, float(text)) if text else 120.0
    except ValueError:
        return 120.0


class ImportFailed(Exception):
    """The file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__(self.report())

    def report(self) -> str:
        shown = [f"  – {e}" for e in self.errors[:MAX_LISTED_ERRORS]]
        more = len(self.errors) - MAX_LISTED_ERRORS
        if more > 0:
            shown.append(f"  … och {more} fel till.")
        count = len(self.errors)
        head = f"Inget lästes in: {count} {'fel' if count == 1 else 'fel'} i filen."
        return "\n".join([head, *shown])


# --- reading the file ---------------------------------------------------------------------


# --- validation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRow:
    row: int
    code: str
    indicator_id: str
    year: int
    value: str  # normalised code or number; "" = explicit 'uppgift saknas'
    source: str
    note: str


@dataclass
class Parsed:
    rows: list[ImportRow]
    empty_rows: int  # rows without a value: left as they are
    table: RawTable


def importable_indicators(ds: Dataset) -> pd.DataFrame:
    """Indicators a file may hold: every stored one (derived compliance is computed)."""
    return ds.indicators[ds.indicators["derived"] == ""]


def _labels_to_codes(ds: Dataset) -> dict[str, dict[str, str]]:
    mapping: dict[str, dict[str, str]] = {}
    for scale, code, label in zip(ds.scales["scale"], ds.scales["code"], ds.scales["label"],
                                  strict=True):  # fmt: skip
        codes = mapping.setdefault(scale, {})
        codes[code.casefold()] = code
        codes[label.casefold()] = code
    return mapping


def _plain_name(text: str) -> str:
    text = text.casefold().strip()
    return text[: -len(" kommun")] if text.endswith(" kommun") else text


def _normalise_number(number: float, ind_type: str) -> str:
    if ind_type == "antal":
        return str(int(number))
    return format(number, ".10g").replace(".", ",")


def validate(ds: Dataset, table: RawTable, year: int | None = None,
             source: str | None = None, last_year: int | None = None) -> Parsed:  # fmt: skip
    """Every row checked against the catalogue; ImportFailed lists all problems found."""
    errors: list[DataError] = []

    def error(row: int, column: str | None, message: str) -> None:
        errors.append(DataError(message, file=table.name, sheet=table.sheet, row=row,
                                column=column))  # fmt: skip

    names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    known_codes = ", ".join(f"{c} ({n})" for c, n in names.items())
    indicators = ds.indicators.set_index("id")
    importable = set(importable_indicators(ds)["id"])
    orders = scale_orders(ds.scales)
    labels = _labels_to_codes(ds)
    last_year = last_year or date.today().year
    default_source = (source or "").strip()
    rows: list[ImportRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    empty = 0
    for number, raw_cells in table.rows:
        cells = {column: text.strip() for column, text in raw_cells.items()}
        code = cells.get("kommunkod", "")
        if code.isdigit() and len(code) < 4:
            code = code.zfill(4)  # Excel drops the leading zero of 0760
        indicator_id = cells.get("indikator", "")
        raw = cells.get("varde", "")
        problems = len(errors)
        if code not in names:
            error(number, "kommunkod", f"okänd kommunkod ”{code}”: förväntade en av {known_codes}.")
        elif cells.get("kommun") and _plain_name(cells["kommun"]) != _plain_name(names[code]):
            error(number, "kommun", f"kommunkoden {code} är {names[code]}, men raden säger "
                  f"”{cells['kommun']}”. Kontrollera att raderna inte har förskjutits.")  # fmt: skip
        if indicator_id not in indicators.index:
            error(number, "indikator", f"okänt indikator-id ”{indicator_id}”: förväntade ett id "
                  f"från bladet ”{INDICATORS_SHEET}” i mallen (t.ex. samordnare).")  # fmt: skip
        elif indicator_id not in importable:
            error(number, "indikator", f"{indicator_id} beräknas från kriteriebedömningarna och "
                  "kan inte läsas in; fyll i kriterierna (krit_…) i stället.")  # fmt: skip
        year_text = cells.get("ar", "")
        row_year: int | None = None
        if year_text:
            if not year_text.isdigit() or not MIN_YEAR <= int(year_text) <= last_year:
                error(number, "ar", f"året ”{year_text}” ska vara ett årtal "
                      f"{MIN_YEAR}–{last_year}.")  # fmt: skip
            elif year is not None and int(year_text) != year:
                error(number, "ar", f"året {year_text} stämmer inte med --year {year}.")
            else:
                row_year = int(year_text)
        elif year is not None:
            row_year = year
        else:
            error(number, "ar", "året saknas: fyll i kolumnen ar eller ange --year.")
        if raw == "":
            empty += 1
            continue
        value = raw
        if indicator_id in importable:
            ind = indicators.loc[indicator_id]
            if ind["type"] in CATEGORICAL_TYPES:
                value = labels.get(ind["scale"], {}).get(raw.casefold(), raw)
            if value.casefold() in MISSING_WORDS and value not in orders.get(ind["scale"], {}):
                value = ""
            else:
                try:
                    score = value_score(ind, indicator_id, value, orders)
                except ValueProblem as exc:
                    expected = expected_text(ind)
                    message = str(exc) + (f" Förväntade {expected}." if expected else "")
                    error(number, "varde", message)
                else:
                    if ind["type"] not in CATEGORICAL_TYPES:
                        value = _normalise_number(score, ind["type"])
        row_source = cells.get("kalla", "").strip() or default_source
        if not row_source:
            error(number, "kalla", "källa saknas: fyll i kolumnen kalla eller ange "
                  "--source ”…” för hela filen.")  # fmt: skip
        if len(errors) > problems or row_year is None:
            continue
        key = (code, indicator_id, row_year)
        if key in seen:
            error(number, None, f"{names[code]}, {indicator_id}, {row_year} finns redan på rad "
                  f"{seen[key]}: varje kommun, indikator och år får bara finnas en gång.")  # fmt: skip
            continue
        seen[key] = number
        rows.append(ImportRow(number, code, indicator_id, row_year, value, row_source,
                              cells.get("anmarkning", "")))  # fmt: skip
    if not errors and not rows:
        errors.append(DataError("filen har inga värden att läsa in (kolumnen varde är tom på "
                                "alla rader).", file=table.name, sheet=table.sheet))  # fmt: skip
    if errors:
        raise ImportFailed(errors)
    return Parsed(rows, empty, table)


# --- planning the change ----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    kind: str  # "tillagd", "ändrad", "borttagen", "oförändrad"
    row: ImportRow
    old_value: str | None
    old_example: bool


@dataclass
class Plan:
    header: list[str]
    records: list[dict[str, str]]  # the new varden.csv, in file order
    changes: list[Change] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def has_changes(self) -> bool:
        return any(c.kind != "oförändrad" for c in self.changes)


def _read_values_file(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    return list(reader.fieldnames or []), [dict(r) for r in reader]


def plan_changes(ds: Dataset, parsed: Parsed, values: Path | bytes, origin: str,
                 today: str) -> Plan:  # fmt: skip
    """The new content of varden.csv (given as its path or its bytes) and what changes,
    without writing anything."""
    header, records = _read_values_file(values if isinstance(values, bytes)
                                        else values.read_bytes())  # fmt: skip
    if any(r.note for r in parsed.rows) and "anmarkning" not in header:
        header.append("anmarkning")
    for column in ("underlag", "uppdaterad"):
        if column not in header:
            header.append(column)
    index = {(r["kommunkod"], r["indikator"], int(r["ar"])): i for i, r in enumerate(records)}
    indicators = ds.indicators.set_index("id")
    orders = scale_orders(ds.scales)

    def same(ind_id: str, a: str, b: str) -> bool:
        if a == b:
            return True
        try:
            ind = indicators.loc[ind_id]
            return value_score(ind, ind_id, a, orders) == value_score(ind, ind_id, b, orders)
        except ValueProblem:
            return False

    plan = Plan(header, records)
    for row in parsed.rows:
        key = (row.code, row.indicator_id, row.year)
        new = {"kommunkod": row.code, "indikator": row.indicator_id, "ar": str(row.year),
               "varde": row.value, "exempeldata": "nej", "kalla": row.source,
               "underlag": origin, "uppdaterad": today}  # fmt: skip
        if "anmarkning" in header:
            new["anmarkning"] = row.note
        at = index.get(key)
        if at is None:
            if row.value == "":
                plan.changes.append(Change("oförändrad", row, None, False))
                continue
            index[key] = len(records)
            records.append({c: new.get(c, "") for c in header})
            plan.changes.append(Change("tillagd", row, None, False))
            continue
        old = records[at]
        old_value, old_example = old.get("varde", ""), old.get("exempeldata") == "ja"
        if (not old_example and same(row.indicator_id, old_value, row.value)
                and old.get("kalla", "") == row.source
                and old.get("anmarkning", "") == row.note):  # fmt: skip
            plan.changes.append(Change("oförändrad", row, old_value, old_example))
            continue
        kind = "borttagen" if row.value == "" and old_value != "" else "ändrad"
        records[at] = {**{c: old.get(c, "") for c in header}, **new}
        plan.changes.append(Change(kind, row, old_value, old_example))
    return plan


def render_values(plan: Plan) -> bytes:
    """varden.csv as the app writes it: semicolons, UTF-8 with BOM, one line per value."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=plan.header, delimiter=";", lineterminator="\n",
                            extrasaction="ignore")  # fmt: skip
    writer.writeheader()
    writer.writerows({c: r.get(c) or "" for c in plan.header} for r in plan.records)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def incomplete_years(ds: Dataset, plan: Plan, parsed: Parsed) -> list[str]:
    """Lines naming the years and indicators this import leaves incomplete: not every
    municipality has a value or a stated 'saknas'. The pages show such a year as preliminary
    and open on the latest complete year."""
    touched = {(r.indicator_id, r.year) for r in parsed.rows}
    reported: dict[tuple[str, int], set[str]] = {key: set() for key in touched}
    for record in plan.records:
        key = (record["indikator"], int(record["ar"]))
        if key in reported:
            reported[key].add(record["kommunkod"])
    total = len(ds.municipalities)
    by_year: dict[int, list[str]] = {}
    for (indicator_id, year), codes in sorted(reported.items()):
        if len(codes) < total:
            by_year.setdefault(year, []).append(f"{indicator_id} {len(codes)} av {total}")
    lines = []
    for year, items in by_year.items():
        shown = ", ".join(items[:8]) + (f" och {len(items) - 8} till" if len(items) > 8 else "")
        lines.append(f"Ofullständigt {year}, kommuner med uppgift: {shown}. Året visas som "
                     "preliminärt tills alla kommuner har svarat (eller ”saknas” angetts); "
                     "sidorna öppnar på det senaste fullständiga året.")  # fmt: skip
    return lines


def describe(ds: Dataset, plan: Plan, limit: int = 200) -> str:
    """What the import changes, for a person: counts, then one line per changed value."""
    names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    lines = [
        f"Tillagda: {plan.count('tillagd')}, ändrade: {plan.count('ändrad')}, "
        f"borttagna: {plan.count('borttagen')}, oförändrade: {plan.count('oförändrad')}."
    ]
    shown = 0
    for kind, title in (("tillagd", "Tillagda värden"), ("ändrad", "Ändrade värden"),
                        ("borttagen", "Borttagna värden (uppgift saknas)")):  # fmt: skip
        changes = [c for c in plan.changes if c.kind == kind]
        if not changes:
            continue
        lines.append(f"{title}:")
        for c in changes:
            if shown >= limit:
                break
            shown += 1
            r = c.row
            old = "" if c.old_value is None else (c.old_value or "uppgift saknas")
            old += " (exempel)" if c.old_example else ""
            new = r.value or "uppgift saknas"
            arrow = f"{old} → {new}" if c.old_value is not None else new
            lines.append(f"  {r.code} {names[r.code]} · {r.indicator_id} {r.year}: {arrow}"
                         f"  (rad {r.row})")  # fmt: skip
    changed = sum(1 for c in plan.changes if c.kind != "oförändrad")
    if changed > shown:
        lines.append(f"  … och {changed - shown} ändringar till.")
    return "\n".join(lines)


# --- writing, history and undo ---------------------------------------------------------------


def _fsync_dir(directory: Path) -> None:
    with suppress(OSError):  # not possible on every platform; the data is already synced
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, check=None) -> None:
    """Write to a temporary file in the same directory, fsync, optionally check it, replace.

    A crash, a full disk or a failed check leaves the old file as it was (a crash can leave
    the temporary file: _remove_leftovers clears it on the next run). A symlink is written
    through: its target is replaced and the link stays a link.
    """
    path = path.resolve()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        try:
            if path.exists():  # keep the file's permissions (mkstemp creates 0600)
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            view = memoryview(data)
            while view:  # os.write may write less than asked
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if check is not None:
            check(tmp)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


class WriteFailed(DataError, OSError):
    """data/ could not be written (read-only, no permission, disk full); nothing was changed.

    Also an OSError, for callers that catch those."""


def _os_problem(exc: OSError) -> str:
    """A Swedish sentence for a failed read or write of data/."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disken är full (eller kvoten är slut)"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "skrivskyddat – behörighet saknas att skriva här"
    return f"kunde inte skriva ({exc.strerror or exc})"


def describe_os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{_os_problem(exc)}."


@contextmanager
def _writing(data_dir: Path, what: str, file: str = VALUES_FILE) -> Iterator[None]:
    """OSError -> WriteFailed with a Swedish message; the callers have left data/ as it was."""
    try:
        yield
    except DataError:
        raise
    except OSError as exc:
        hint = ("Frigör utrymme och försök igen." if exc.errno in (errno.ENOSPC, errno.EDQUOT)
                else f"Kör som en användare som får skriva i {data_dir}/, eller be den som "
                "sköter servern om skrivrätt.")  # fmt: skip
        raise WriteFailed(f"{_os_problem(exc)}: {what} kunde inte sparas. Inget ändrades – "
                          f"{file} är som förut. {hint}",
                          file=str(exc.filename or data_dir)) from exc  # fmt: skip


@contextmanager
def _lock(data_dir: Path) -> Iterator[None]:
    """One import or undo at a time per data directory, from reading varden.csv to the write.

    The lock is on the directory itself, so taking it writes nothing (a refused file leaves
    data/ exactly as it was) and works on a read-only data/ too; the kernel drops it when the
    process ends, even by kill -9. A second import waits (and says so on stderr) for at most
    lock_timeout() seconds, then is refused: two imports planned from the same old file would
    each drop the other's rows.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, imports are rare
        yield
        return
    try:
        fd = os.open(data_dir, os.O_RDONLY)
    except OSError as exc:
        raise DataError(
            f"katalogen kan inte öppnas ({exc.strerror}).", file=f"{data_dir}/"
        ) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            timeout = lock_timeout()
            print(f"Väntar på en annan inläsning eller ångring i {data_dir}/ som pågår "
                  f"(högst {timeout:.0f} s) …", file=sys.stderr, flush=True)  # fmt: skip
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DataError(
                            f"en annan inläsning eller ångring pågår fortfarande efter "
                            f"{timeout:.0f} s. Inget ändrades; försök igen när den är klar "
                            "(väntetiden ställs med DASHBOARD_IMPORT_LOCK_TIMEOUT).",
                            file=f"{data_dir}/",
                        ) from None
                    time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%dT%H%M%S%f")


def _backups(data_dir: Path, prefix: str = "varden") -> list[Path]:
    """The saved versions of a file (varden-<tid>.csv; aktiviteter-<tid>.csv …), oldest first."""
    return sorted((data_dir / HISTORY_DIR).glob(f"{prefix}-[0-9]*.csv"))


def _remove_leftovers(data_dir: Path, current: bytes, file: str = VALUES_FILE,
                      prefix: str = "varden") -> None:  # fmt: skip
    """What a killed import or undo left behind; only called under the lock.

    Temporary files of atomic_write are removed; backups at the end of the history that are
    identical to the live file (a kill between the backup and the replace, or before the
    restored backup was removed) are dropped, so that --undo restores a different version.
    """
    target = (data_dir / file).resolve()
    history = data_dir / HISTORY_DIR
    leftovers = {*data_dir.glob(f".{file}.*.tmp"), *history.glob(".*.tmp"),
                 *target.parent.glob(f".{target.name}.*.tmp")}  # fmt: skip
    for leftover in leftovers:
        with suppress(OSError):  # housekeeping: never a reason to refuse the import
            leftover.unlink()
    for backup in reversed(_backups(data_dir, prefix)):
        if backup.read_bytes() != current:
            break
        with suppress(OSError):
            backup.unlink()


def _prune(data_dir: Path, prefix: str = "varden") -> None:
    keep = history_keep()
    undone = "angrad-" if prefix == "varden" else f"angrad-{prefix}-"
    for start in (f"{prefix}-", undone):
        files = sorted((data_dir / HISTORY_DIR).glob(f"{start}[0-9]*.csv"))
        for old in files[:-keep]:
            with suppress(OSError):  # the new version is already saved; pruning can wait
                old.unlink()


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


# --- templates ------------------------------------------------------------------------------


def template_rows(ds: Dataset, year: int) -> list[dict[str, str]]:
    rows = []
    for _, m in ds.municipalities.sort_values("code").iterrows():
        for _, ind in importable_indicators(ds).iterrows():
            rows.append({"kommunkod": m["code"], "kommun": m["name"], "indikator": ind["id"],
                         "indikatorns_namn": ind["name"], "ar": str(year), "varde": "",
                         "kalla": "", "anmarkning": ""})  # fmt: skip
    return rows


def expected_text(ind: pd.Series) -> str:
    """'ett heltal 0–100 (t.ex. 3)': the type and the catalogue's range of a numeric indicator."""
    if ind["type"] not in EXPECTED:
        return ""
    return EXPECTED[ind["type"]].format(range=range_text(ind))


def allowed_text(ds: Dataset, ind: pd.Series) -> str:
    if ind["type"] in CATEGORICAL_TYPES:
        levels = ds.scales[ds.scales["scale"] == ind["scale"]]
        return ", ".join(f"{c} ({lbl})" for c, lbl in zip(levels["code"], levels["label"],
                                                          strict=True))  # fmt: skip
    return expected_text(ind)


def instructions(ds: Dataset, year: int) -> list[str]:
    threshold = get_settings().suppress_below
    return [
        f"Mall för årets uppföljning – {ds.county.organisation}",
        "",
        f"1. Fyll i kolumnen varde (bladet ”{VALUES_SHEET}”): en rad per kommun och indikator, "
        f"året {year} (kolumnen ar).",
        "2. Tillåtna värden per indikator står på bladet ”Indikatorer” (i CSV-mallen i "
        "kommentarerna). För ja/nej och statusar går både kod och text: ”i_bruk” eller ”I bruk”.",
        "   Andelar anges i procent, antal som heltal, decimaltal med komma eller punkt – inom "
        "det rimliga intervall som står för varje indikator (annat läses inte in).",
        "3. Lämna varde tomt för det som inte ska ändras. Skriv ”saknas” om kommunen inte har "
        "lämnat uppgiften (ett tidigare värde tas då bort).",
        "4. Ange källan i kolumnen kalla (t.ex. ”Kommunens svar på Länsstyrelsens enkät 2026”), "
        "eller för hela filen med --source.",
        "5. Rör inte kolumnerna kommunkod, indikator och ar. Kommun och indikatorns namn är "
        "bara till för läsaren.",
        "6. Kontrollera först utan att spara:  python -m dashboard import fil.xlsx --dry-run",
        "   Läs sedan in:                      python -m dashboard import fil.xlsx",
        "   Ångra den senaste inläsningen:     python -m dashboard import --undo",
        "7. Starta om tjänsten efteråt – den läser uppgifterna när den startar.",
        "",
        "Beräknade indikatorer (efterlevnad av SOSFS 2014:4 per målområde) läses inte in; de "
        "räknas fram ur kriterierna.",
        f"Röjandeskydd: för indikatorer markerade med röjandeskydd visas antal under {threshold} "
        "aldrig i tjänsten eller i nedladdningar. Fyll ändå i det verkliga antalet.",
        "Inlästa värden ersätter exempelvärdena för samma kommun, indikator och år.",
    ]


def indicator_table(ds: Dataset) -> list[list[str]]:
    rows = [["id", "namn", "typ", "enhet", "tillåtna värden", "röjandeskydd", "beskrivning"]]
    for _, ind in importable_indicators(ds).iterrows():
        rows.append([ind["id"], ind["name"], TYPE_NAMES[ind["type"]], ind["unit"],
                     allowed_text(ds, ind), "ja" if ind["disclosure_control"] else "nej",
                     ind["description"]])  # fmt: skip
    return rows


def template_csv(ds: Dataset, year: int) -> bytes:
    """The CSV template: the instructions and the indicators as leading comments, then the
    table, written by the formula-safe writer the reader undoes (spreadsheet.write_csv)."""
    comments = [*instructions(ds, year), "", "Indikatorer (id – namn – typ – tillåtna värden):"]
    comments += [f"  {row[0]} – {row[1]} – {row[2]} – {row[4]}" for row in indicator_table(ds)[1:]]
    rows = ([row[c] for c in COLUMNS] for row in template_rows(ds, year))
    return write_csv(COLUMNS, rows, comments=comments)


def template_xlsx(ds: Dataset, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    write_xlsx_rows(info, ([line] for line in instructions(ds, year)))
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 120

    sheet = wb.create_sheet(VALUES_SHEET)
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = bold
    indicators = ds.indicators.set_index("id")
    validations: dict[object, DataValidation] = {}  # one per scale, or per type and range
    for number, row in enumerate(template_rows(ds, year), start=2):
        write_xlsx_rows(sheet, [[row[c] for c in COLUMNS]])
        sheet.cell(row=number, column=1).number_format = "@"
        sheet.cell(row=number, column=6).fill = fill
        ind = indicators.loc[row["indikator"]]
        key = (ind["scale"] if ind["type"] in CATEGORICAL_TYPES
               else (ind["type"], ind["min"], ind["max"]))  # fmt: skip
        if key not in validations:
            validations[key] = _validation(ds, ind)
            sheet.add_data_validation(validations[key])
        validations[key].add(f"F{number}")
    for letter, width in zip("ABCDEFGH", (11, 14, 28, 60, 7, 16, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    table = wb.create_sheet(INDICATORS_SHEET)
    write_xlsx_rows(table, indicator_table(ds))
    for cell in table[1]:
        cell.font = bold
    for letter, width in zip("ABCDEFG", (26, 50, 18, 14, 60, 13, 80), strict=True):
        table.column_dimensions[letter].width = width
    for row in table.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    fixed = datetime(*FIXED_TIME)
    wb.properties.creator = ds.county.organisation
    wb.properties.created = fixed
    buffer = io.BytesIO()
    wb.save(buffer)
    return _reproducible_zip(buffer.getvalue(), fixed)


def _validation(ds: Dataset, ind: pd.Series):
    from openpyxl.worksheet.datavalidation import DataValidation

    hint = "Skriv ”saknas” om uppgiften inte har lämnats."
    if ind["type"] in CATEGORICAL_TYPES:
        labels = ds.scales[ds.scales["scale"] == ind["scale"]]["label"]
        dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"',
                            allow_blank=True, errorStyle="warning")  # fmt: skip
    else:  # the catalogue's range, as the import checks it
        dv = DataValidation(type="whole" if ind["type"] == "antal" else "decimal",
                            operator="between", formula1=format(ind["min"], "g"),
                            formula2=format(ind["max"], "g"), allow_blank=True,
                            errorStyle="warning")  # fmt: skip
    dv.error = f"Förväntade {allowed_text(ds, ind)}. {hint}"
    dv.errorTitle = "Värdet stämmer inte med indikatorn"
    return dv


def _reproducible_zip(data: bytes, when: datetime) -> bytes:
    """Same bytes for the same content: fixed entry times and document dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:  # fmt: skip
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + stamp.encode(), content)  # fmt: skip
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()


def write_templates(ds: Dataset, year: int, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, build in (("xlsx", template_xlsx), ("csv", template_csv)):
        path = out_dir / f"{TEMPLATE_NAME}.{suffix}"
        atomic_write(path, build(ds, year))
        paths.append(path)
    return paths


def default_template_year(ds: Dataset) -> int:
    return ds.years[-1] if ds.years else date.today().year - 1
