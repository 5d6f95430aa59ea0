"""Downloads of what a view shows, as CSV and Excel, with source and example-data notice.

Pages register a builder per view; the app serves them at /nedladdning/<vy>.<csv|xlsx>?…
The follow-up report and the Kommunrapport also as documents, /nedladdning/<vy>.<pdf|docx>?…
(register_document; ui/report_content.py).
(plain links: keyboard-friendly, shareable and stateless on the server).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from dashboard import cache, domain
from dashboard.data.loader import get_dataset
from dashboard.data.spreadsheet import guard  # the templates' formula-safe rule, one for both
from dashboard.domain import activity_plan, comparison, overview
from dashboard.domain.export_table import (
    STATUS_SUFFIX,
    YEAR_HEADER,
    ExportTable,
    is_numeric_header,
    split_counts,
)
from dashboard.domain.formatting import MISSING, ShownNumber, parse_shown
from dashboard.ui import report_content, report_docx, report_pdf

EXAMPLE_NOTICE = "EXEMPELDATA – påhittade värden, inte verkliga uppgifter om kommunerna."
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    neutral = frame.copy()
    neutral.columns = [guard(str(c)) for c in neutral.columns]
    for column in neutral.columns:
        if neutral[column].dtype == object or pd.api.types.is_string_dtype(neutral[column]):
            neutral[column] = neutral[column].map(guard)
    return neutral


# --- numbers as numbers --------------------------------------------------------------------

# Texts that stand where a value is missing; anything else non-numeric keeps a column text.
# (a count hidden by röjandeskydd, 'Färre än 5', is one of them: never a number here).
# A change's reason ('Ingen jämförelse med 2024', 'Ny definition från 2025: …') and a
# placing's ('Rangordnas inte') likewise.
NOT_A_VALUE = re.compile(
    r"^(|–|-|Uppgift saknas.*|Visas inte.*|Ingen uppgift.*|Färre än .*|Ingen jämförelse.*"
    r"|Ny definition från .*|Rangordnas inte.*|Ingen placering.*)$"
)
NOTE_COLUMN = "Anmärkning"
UNIT_COLUMN = "Enhet"
CSV_FORMAT_NOTE = "Tal med decimalkomma och utan tusentalsavgränsare; andelar i procent (0–100)"


def csv_format_note(frame: pd.DataFrame) -> str:
    """The CSV's format note as the file is (#31: it named a note column that was not there
    and called missing values empty cells where they read 'Uppgift saknas'): empty cells in
    the number columns only where there are any, the note column only where it is there, the
    words a text column writes for a missing value only where it writes them."""
    parts = [CSV_FORMAT_NOTE]
    notes = [c for c in frame.columns if str(c).startswith(NOTE_COLUMN)]
    numbers = [c for c in frame.columns if c not in notes and frame[c].map(
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)).any()]  # fmt: skip
    empty = any(frame[c].map(lambda v: v is None or (isinstance(v, float) and math.isnan(v)))
                .any() for c in numbers)  # fmt: skip
    if empty:
        why = f" (kolumnen {notes[0]} säger varför)" if notes else ""
        parts.append(f"en tom cell i en talkolumn betyder att värdet saknas{why}")
    if any(frame[c].eq(MISSING).any() for c in frame.columns if c not in numbers):
        parts.append(f"i textkolumnerna står ”{MISSING}” där uppgiften saknas")
    return "; ".join(parts) + "."


@dataclass(frozen=True)
class TypedTable:
    """A download's table with numbers as numbers: `frame` holds floats/ints (None where a
    value is missing), `formats[column][row]` the Excel number format of each number."""

    frame: pd.DataFrame
    formats: dict[str, list[str | None]]


def _excel_format(number: ShownNumber, year_like: bool) -> str:
    decimals = "." + "0" * number.decimals if number.decimals else ""
    if number.unit == "%":
        return f'0{decimals}" %"'
    if year_like:
        return "0"
    return f"#,##0{decimals}"


@dataclass(frozen=True)
class _Column:
    values: list
    formats: list[str | None]
    notes: list[str]  # per row: why a value is missing ('' when it is not)
    units: list[str]  # per row: the unit of its number ('' when none)
    unit: str | None  # the column's one unit; None when its rows differ (a key-figure table)
    hidden: bool = False  # every value hidden by röjandeskydd: the unit is the table's


# A value röjandeskydd hides ('Färre än 5', 'Visas inte (röjandeskydd)'): a number's place.
HIDDEN_VALUE = re.compile(r"^(Färre än .*|Visas inte.*)$")


def _all_hidden(cells: list) -> bool:
    """A column whose every value röjandeskydd hides (or is missing): a municipality's
    counts in every year, or a mean never shown. It is still a column of numbers."""
    present = [c for c in cells if not (c is None or (isinstance(c, float) and math.isnan(c)))]
    texts = [c for c in present if isinstance(c, str)]
    return (len(texts) == len(present) and all(NOT_A_VALUE.match(c) for c in texts)
            and any(HIDDEN_VALUE.match(c) for c in texts))  # fmt: skip


def _hidden_column(name: str, cells: list) -> _Column:
    """Empty cells, the reason in the note column, the unit left to the table (typed)."""
    notes = [f"{name}: {c}" if isinstance(c, str) and c else "" for c in cells]
    return _Column([None] * len(cells), [None] * len(cells), notes, [""] * len(cells), "", True)


def _typed_column(name: str, cells: list) -> _Column | None:
    """The column with its numbers as numbers; None to keep it as text (codes, statuses,
    changes, dates: no cell is a number). A column of numbers in one unit (and missing
    values) gets the unit in its name and empty cells for missing values; a column whose
    rows differ (key figures: '67 %', '1 person', 'Ja') keeps its texts beside the numbers
    and gives each row's unit to the table's unit column."""
    if name.lower().endswith("kod"):
        return None
    parsed: list[ShownNumber | str | None] = []  # number, other text, or a missing value
    for cell in cells:
        if isinstance(cell, bool):
            return None
        if isinstance(cell, (int, float)) and not pd.isna(cell):
            # as many decimals as the number has, up to two (87.5 shows as '87,5')
            decimals = next((d for d in (0, 1) if round(float(cell), d) == float(cell)), 2)
            parsed.append(ShownNumber(float(cell), decimals, "", False))
        elif isinstance(cell, str) and (number := parse_shown(cell)) is not None:
            parsed.append(number)
        elif cell is None or pd.isna(cell) or (isinstance(cell, str) and NOT_A_VALUE.match(cell)):
            parsed.append(None)
        else:
            parsed.append(str(cell))
    numbers = [p for p in parsed if isinstance(p, ShownNumber)]
    if not numbers and _all_hidden(cells):
        return _hidden_column(name, cells)
    if not numbers and not is_numeric_header(name):  # a column of numbers stays one when
        return None  # none has a value (a first year's changes): empty, with the reasons
    uniform = len({n.unit for n in numbers}) <= 1 and not any(isinstance(p, str) for p in parsed)
    if not numbers and not uniform:
        return None
    year_like = bool(YEAR_HEADER.match(name.strip())) and all(
        n.decimals == 0 and not n.grouped for n in numbers
    )
    column = _Column([], [], [], [], (numbers[0].unit if numbers else "") if uniform else None)
    for cell, item in zip(cells, parsed, strict=True):
        if isinstance(item, ShownNumber):
            column.values.append(int(item.value) if item.decimals == 0 else item.value)
            column.formats.append(_excel_format(item, year_like))
            column.notes.append("")
            column.units.append(item.unit)
        elif uniform or item is None:  # a missing value among numbers: empty, said why
            column.values.append(None)
            column.formats.append(None)
            text = cell if isinstance(cell, str) else ""
            # None or NaN: nothing to say (the row has no such figure; its own note says why)
            column.notes.append(f"{name}: {text or MISSING}" if isinstance(cell, str) else "")
            column.units.append("")
        else:
            column.values.append(cell)
            column.formats.append(None)
            column.notes.append("")
            column.units.append("")
    return column


def typed(frame: pd.DataFrame) -> TypedTable:
    """The table with its shown numbers ('87 %', '19 830', '1,25 årsarbetare') turned back
    into numbers. A column's one unit moves into its name; in a table whose rows have
    different units (key figures) a column 'Enhet' says each row's unit. A missing value in a
    column of numbers becomes an empty cell, named in the note column."""
    out = pd.DataFrame(index=frame.index)
    formats: dict[str, list[str | None]] = {}
    notes: list[list[str]] = [[] for _ in range(len(frame))]
    row_units = [""] * len(frame)
    frame = split_counts(frame)  # '4 av 8: Ja' as counts in columns of their own
    columns = {name: _typed_column(str(name), list(frame[name])) for name in frame.columns}
    # a column röjandeskydd hides throughout takes the unit of the table's other numbers,
    # where they have one: 'Alvesta (placeringar)' beside 'Växjö (placeringar)'
    units = {c.unit for c in columns.values() if c is not None and c.unit and any(
        v is not None for v in c.values)}  # fmt: skip
    for name in frame.columns:
        cells = list(frame[name])
        column = columns[name]
        if column is None:
            out[name] = cells
            continue
        if column.hidden and len(units) == 1:
            column = replace(column, unit=next(iter(units)))
        if column.unit and f"({column.unit})" not in str(name):
            name = f"{name} ({column.unit})"
        words = [v if isinstance(v, str) else "" for v in column.values]
        out[name] = pd.Series(
            [None if isinstance(v, str) else v for v in column.values], index=frame.index,
            dtype=object)  # fmt: skip
        formats[name] = column.formats
        if any(words):  # a status among numbers ('Ja' beside '67 %'): text of its own
            out[f"{name}, {STATUS_SUFFIX}"] = words
        for row, (note, unit) in enumerate(zip(column.notes, column.units, strict=True)):
            if note:
                notes[row].append(note)
            if column.unit is None and unit and not row_units[row]:
                row_units[row] = unit
    if any(row_units):
        out[UNIT_COLUMN if UNIT_COLUMN not in out.columns else f"{UNIT_COLUMN} (uttag)"] = row_units
    if any(notes):
        note_name = NOTE_COLUMN if NOTE_COLUMN not in out.columns else f"{NOTE_COLUMN} (uttag)"
        out[note_name] = ["; ".join(n) for n in notes]
    return TypedTable(out.reset_index(drop=True), formats)


def _csv_cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.10g}".replace(".", ",")
    return value


Builder = Callable[[Mapping[str, str]], ExportTable]
_builders: dict[str, Builder] = {}


def register(view: str) -> Callable[[Builder], Builder]:
    def decorator(builder: Builder) -> Builder:
        _builders[view] = builder
        return builder

    return decorator


def views() -> list[str]:
    return sorted(_builders)


def metadata_rows(table: ExportTable) -> list[tuple[str, str]]:
    rows = [("Titel", table.title)]
    if table.is_example:
        rows.append(("Exempeldata", EXAMPLE_NOTICE))
    rows += [("Källa", s) for s in table.sources]
    rows += list(table.notes)
    rows.append(("Uttaget", date.today().isoformat()))
    return rows


def csv_metadata_rows(
    table: ExportTable, frame: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """The notes above the CSV's table; `frame`: the table as written (typed), which the
    format note describes."""
    frame = typed(table.frame).frame if frame is None else frame
    return [*metadata_rows(table), ("Format", csv_format_note(frame))]


def to_csv(table: ExportTable) -> bytes:
    """Semicolon CSV with BOM (opens right in Swedish Excel); notes first (the format among
    them: decimal comma, no thousands separator), then the table with numbers as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    written = typed(table.frame).frame
    for key, value in csv_metadata_rows(table, written):
        writer.writerow([f"# {key}", guard(value)])
    writer.writerow([])
    frame = _neutral_frame(written)
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: ExportTable) -> bytes:
    """Sheet 'Data' holds the table; sheet 'Om uttaget' the title, source and notice.

    Numbers are numbers with Swedish-looking formats ('87 %', '19 830'; see `typed`). Every
    text cell is guarded (spreadsheet.guard) and stored as text: openpyxl writes any
    string starting with '=' as a live formula otherwise."""
    buffer = io.BytesIO()
    data = typed(table.frame)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _neutral_frame(data.frame).to_excel(writer, sheet_name="Data", index=False)
        pd.DataFrame(metadata_rows(table), columns=["Uppgift", "Värde"]).pipe(
            _neutral_frame
        ).to_excel(writer, sheet_name="Om uttaget", index=False)
        for worksheet in writer.sheets.values():
            for row in worksheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # never a formula, whatever the text
                        cell.data_type = "s"
        sheet = writer.sheets["Data"]
        for index, name in enumerate(data.frame.columns, start=1):
            for row, number_format in enumerate(data.formats.get(name, []), start=2):
                if number_format:
                    sheet.cell(row=row, column=index).number_format = number_format
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    return buffer.getvalue()


# --- a download's address names something, or is refused ----------------------------------

# The tables a view's download offers (pages/kommun.py and pages/jamfor.py name the same;
# tests/test_export_refusal.py holds them equal).
KOMMUN_TABLES = ("nyckeltal", "malomraden", "kriterier", "delmal", "utveckling")
JAMFOR_TABLES = ("matris", "rangordning", "utveckling")


class DownloadRefused(report_content.ReportRequestError):
    """A parameter value that names nothing this download offers: answered 404 in Swedish,
    never with another table (an edited link must not give plausible wrong data)."""


def _years(ds) -> list[str]:
    return [str(y) for y in ds.years]


def _indicators(ds) -> list[str]:
    return [str(i) for i in ds.indicators["id"]]


def _municipalities(ds) -> list[str]:
    return [str(c) for c in ds.municipalities["code"]]


# view -> parameter -> (what it names, in Swedish; its allowed values; a comma list?)
_Rule = tuple[str, Callable[..., list[str]], bool]
_RULES: dict[str, dict[str, _Rule]] = {
    "oversikt": {
        "indikator": (
            "indikator",
            lambda ds: (
                _indicators(ds)
                + ([overview.LOCAL_PLAN_LAYER] if overview.has_local_plans(ds) else [])
            ),
            False,
        ),
        "ar": ("år", _years, False),
    },
    "kommun": {
        "kod": ("kommunkod", _municipalities, False),
        "tabell": ("tabell", lambda ds: list(KOMMUN_TABLES), False),
        # the trend table follows the headline indicators only, as the page does
        "indikator": ("indikator", lambda ds: list(comparison.main_indicators(ds)["id"]), False),
        "ar": ("år", _years, False),
    },
    "jamfor": {
        "tabell": ("tabell", lambda ds: list(JAMFOR_TABLES), False),
        "indikator": ("indikator", _indicators, False),
        "min": ("kommunkod", _municipalities, False),
        "kommuner": ("kommunkod", _municipalities, True),
        "grupp": ("grupp", lambda ds: list(comparison.GROUP_KEYS), False),
        "ar": ("år", _years, False),
    },
    "presentera": {
        "indikatorer": ("indikator", lambda ds: list(domain.mappable_indicators(ds)["id"]), True),
        "kommun": ("kommunkod", _municipalities, False),
        "ar": ("år", _years, False),
    },
    "verksamhetsplan": {
        "ar": ("år", lambda ds: [str(y) for y in activity_plan.years(ds)], False),
    },
    "strategi": {"plan": ("handlingsplan", lambda ds: [p.id for p in ds.plans], False)},
    "uppfoljning": {"plan": ("handlingsplan", lambda ds: [p.id for p in ds.plans], False)},
}


_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_.\-åäöÅÄÖ]{1,40}")


def check_parameters(view: str, args: Mapping[str, str]) -> None:
    """DownloadRefused for a value the view's download does not offer (an empty value, or a
    parameter the view does not read, is left to the view's own defaults)."""
    rules = _RULES.get(view, {})
    ds = get_dataset()
    for key, (what, allowed, is_list) in rules.items():
        raw = str(args.get(key) or "").strip()
        if not raw:
            continue
        known = allowed(ds)
        values = [v.strip() for v in raw.split(",")] if is_list else [raw]
        for value in values:
            if value not in known:
                shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
                # an address is echoed only when it is plain (never markup or a long text)
                named = f"”{value}”" if _PLAIN_VALUE.fullmatch(value) else "med det värdet"
                raise DownloadRefused(
                    f"Nedladdningen finns inte: det finns ingen {what} {named} "
                    f"att ladda ner här (parametern {key}). Giltiga värden: {shown}."
                )


def render(view: str, fmt: str, args: Mapping[str, str]) -> tuple[bytes, str, str]:
    """(body, mimetype, filename); KeyError for an unknown view or format, DownloadRefused
    for a parameter value that names nothing the view offers."""
    if fmt in DOCUMENT_FORMATS:
        return render_document(view, fmt, args)
    if fmt not in FORMATS or view not in _builders:
        raise KeyError(fmt)
    check_parameters(view, args)
    table = _builders[view](args)
    body = to_csv(table) if fmt == "csv" else to_xlsx(table)
    suffix = "-exempeldata" if table.is_example else ""
    return body, FORMATS[fmt], f"{table.filename}{suffix}.{fmt}"


# --- the report as a document: PDF and Word (ui/report_content.py and its renderers) ------

DOCUMENT_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DocumentRefused = report_content.ReportRequestError  # Swedish message and status for the route
DOCUMENT_SECONDS = 20.0  # below gunicorn's worker timeout (30 s): the refusal is ours to say
_documents: dict[str, report_content.DocumentView] = {}
_document_pool: list[ThreadPoolExecutor] = []  # made on the first document, not on import


def register_document(view: str, document: report_content.DocumentView) -> None:
    _documents[view] = document


def _pool() -> ThreadPoolExecutor:
    if not _document_pool:  # two at a time per process: a burst of requests queues
        _document_pool.append(ThreadPoolExecutor(max_workers=2, thread_name_prefix="rapport"))
    return _document_pool[0]


def render_document(view: str, fmt: str, args: Mapping[str, str]) -> tuple[bytes, str, str]:
    """(body, mimetype, filename) of a report document, from the one cache per data version,
    validated parameters and day (the document is dated); KeyError for an unknown view or
    format, report_content.ReportRequestError for parameters that name nothing."""
    document = _documents[view]
    renderer = {"pdf": report_pdf.render, "docx": report_docx.render}[fmt]
    ds = get_dataset()
    params, filename = document.resolve(ds, args)
    made = date.today()

    def build() -> bytes:
        return renderer(document.build(ds, params, made))

    key = (view, fmt, sorted(params.items()), made.isoformat())
    future = _pool().submit(cache.shared, "rapport", ds, key, build)
    try:
        body = future.result(timeout=DOCUMENT_SECONDS)
    except FutureTimeout:
        raise report_content.ReportTimeout() from None
    return body, DOCUMENT_FORMATS[fmt], f"{filename}.{fmt}"
