"""Reading the county's semicolon-separated files, and the checks every loader shares.

Officials edit the files in a text editor or in Excel, so every problem is a DataError in
Swedish with file, row (as a spreadsheet numbers it) and column. No Dash, no other layer.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TypedDict

import pandas as pd


class _Where(TypedDict):
    """Where in a data file a problem is: DataError's file and row."""

    file: str
    row: int


class DataError(Exception):
    """A data file that cannot be used, described for the person who edits it."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, sheet: str | None = None) -> None:  # fmt: skip
        self.message, self.file, self.row, self.column = message, file, row, column
        self.sheet = sheet
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [part for part in (
            self.file,
            f"blad ”{self.sheet}”" if self.sheet else None,
            f"rad {self.row}" if self.row is not None else None,
            f"kolumn ”{self.column}”" if self.column else None,
        ) if part]  # fmt: skip
        return f"{', '.join(where)}: {self.message}" if where else self.message


def read_table(path: Path, required: list[str]) -> pd.DataFrame:
    """Read a semicolon- (or comma-) separated UTF-8 file as text, header checked.

    Row numbers in errors are the line numbers a spreadsheet shows (header is row 1).
    """
    name = _display_name(path)
    if not path.is_file():
        raise DataError("filen saknas.", file=name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"filen är inte sparad som UTF-8 (fel vid byte {exc.start}). Spara om den som "
            "”CSV UTF-8” i Excel.",
            file=name,
        ) from exc
    if not text.strip():
        raise DataError("filen är tom.", file=name)
    # Split on \n, \r\n and \r only: str.splitlines() also splits on U+2028, U+0085 and other
    # separators, which are text inside a cell, and would then blame the wrong row.
    lines = io.StringIO(text, newline="").readlines()
    first_line = lines[0].rstrip("\r\n")
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    rows = [row for row in reader]
    header = [h.strip() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(
            "kolumnerna " + ", ".join(f"”{c}”" for c in missing) + " saknas i rubrikraden "
            f"(fanns: {', '.join(header)}).",
            file=name,
            row=1,
        )
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise DataError(
                f"raden har {len(row)} fält men rubrikraden {len(header)}. Kontrollera "
                "semikolon och citattecken.",
                file=name,
                row=number,
            )
        cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        records.append([number, *cells[: len(header)]])
    frame = pd.DataFrame(records, columns=["_row", *header], dtype=object)
    frame["_row"] = frame["_row"].astype(int)
    return frame


def _display_name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[-2:]) if len(parts) >= 2 else str(path)


def require_values(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    for column in columns:
        empty = frame[frame[column] == ""]
        if not empty.empty:
            raise DataError("värde saknas.", file=name, row=int(empty["_row"].iloc[0]),
                            column=column)  # fmt: skip


def require_unique(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    duplicated = frame[frame.duplicated(columns, keep="first")]
    if not duplicated.empty:
        row = duplicated.iloc[0]
        key = ", ".join(f"{c} = {row[c]}" for c in columns)
        raise DataError(f"raden finns redan ({key}).", file=name, row=int(row["_row"]))


def require_known(frame: pd.DataFrame, column: str, known: set[str], name: str,
                   what: str, allow_empty: bool = False) -> None:  # fmt: skip
    for _, row in frame.iterrows():
        values = [v.strip() for v in str(row[column]).split(",")] if row[column] else [""]
        for value in values:
            if value == "" and allow_empty:
                continue
            if value not in known:
                raise DataError(f"okänt värde ”{value}”: förväntade {what}.", file=name,
                                row=int(row["_row"]), column=column)  # fmt: skip


def split_ids(text: str) -> tuple[str, ...]:
    """'1.4, 2.3' -> ('1.4', '2.3'): a cell listing ids separated by commas."""
    return tuple(part.strip() for part in str(text).split(",") if part.strip())
