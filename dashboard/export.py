"""Downloads of what a view shows, as CSV and Excel, with source and example-data notice.

Pages register a builder per view; the app serves them at /nedladdning/<vy>.<csv|xlsx>?…
(plain links: keyboard-friendly, shareable and stateless on the server).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

EXAMPLE_NOTICE = "EXEMPELDATA – påhittade värden, inte verkliga uppgifter om kommunerna."
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportTable:
    title: str
    frame: pd.DataFrame  # Swedish column names, values as shown
    sources: list[str] = field(default_factory=list)
    is_example: bool = False
    filename: str = "uttag"


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
        writer.writerow([f"# {key}", value])
    writer.writerow([])
    table.frame.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: ExportTable) -> bytes:
    """Sheet 'Data' holds the table; sheet 'Om uttaget' the title, source and notice."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.frame.to_excel(writer, sheet_name="Data", index=False)
        pd.DataFrame(metadata_rows(table), columns=["Uppgift", "Värde"]).to_excel(
            writer, sheet_name="Om uttaget", index=False
        )
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
