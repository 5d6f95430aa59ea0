"""Downloads of what a view shows, as CSV and Excel, with source and example-data notice.

Pages register a builder per view; the app serves them at /nedladdning/<vy>.<csv|xlsx>?…
(plain links: keyboard-friendly, shareable and stateless on the server).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from datetime import date

import pandas as pd

from dashboard.domain.export_table import ExportTable

EXAMPLE_NOTICE = "EXEMPELDATA – påhittade värden, inte verkliga uppgifter om kommunerna."
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# OWASP's CSV-injection rule: a cell starting with one of these is read as a formula (or DDE
# command) by Excel and LibreOffice. Imported text (sources, notes) reaches the downloads.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with ' so it stays text.

    A plain signed number ("-3", "+1,5") and a lone dash are left as they are: no program
    runs them, and they are what the view shows."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and value not in ("-", "+")
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _neutral_frame(frame: pd.DataFrame) -> pd.DataFrame:
    neutral = frame.copy()
    neutral.columns = [neutralise(str(c)) for c in neutral.columns]
    for column in neutral.columns:
        if neutral[column].dtype == object or pd.api.types.is_string_dtype(neutral[column]):
            neutral[column] = neutral[column].map(neutralise)
    return neutral


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
    rows.append(("Uttaget", date.today().isoformat()))
    return rows


def to_csv(table: ExportTable) -> bytes:
    """Semicolon CSV with BOM (opens right in Swedish Excel); notes first, then the table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for key, value in metadata_rows(table):
        writer.writerow([f"# {key}", neutralise(value)])
    writer.writerow([])
    _neutral_frame(table.frame).to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: ExportTable) -> bytes:
    """Sheet 'Data' holds the table; sheet 'Om uttaget' the title, source and notice.

    Every text cell is neutralised (see `neutralise`) and stored as text: openpyxl writes
    any string starting with '=' as a live formula otherwise."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _neutral_frame(table.frame).to_excel(writer, sheet_name="Data", index=False)
        pd.DataFrame(metadata_rows(table), columns=["Uppgift", "Värde"]).pipe(
            _neutral_frame
        ).to_excel(writer, sheet_name="Om uttaget", index=False)
        for worksheet in writer.sheets.values():
            for row in worksheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # never a formula, whatever the text
                        cell.data_type = "s"
        sheet = writer.sheets["Data"]
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    return buffer.getvalue()


def render(view: str, fmt: str, args: Mapping[str, str]) -> tuple[bytes, str, str]:
    """(body, mimetype, filename); KeyError for an unknown view or format."""
    if fmt not in FORMATS:
        raise KeyError(fmt)
    table = _builders[view](args)
    body = to_csv(table) if fmt == "csv" else to_xlsx(table)
    suffix = "-exempeldata" if table.is_example else ""
    return body, FORMATS[fmt], f"{table.filename}{suffix}.{fmt}"
