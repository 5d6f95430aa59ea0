"""An Excel file as a person makes one, for the importers' tests: a header row and rows on a
named sheet."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def xlsx(path: Path, header: list[str], rows: list[list[object]], sheet: str = "Aktiviteter",
         *, keep_text: bool = False) -> Path:  # fmt: skip
    """keep_text: a cell typed as "= …", "- …", "+ …" or "@ …" stays text, as Excel keeps
    what a person types after an apostrophe (hostile or just unlucky text)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    if keep_text:
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str) and cell.value[:1] in "=-+@":
                    cell.data_type = "s"
    book.save(path)
    return path
