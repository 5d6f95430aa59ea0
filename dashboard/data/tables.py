"""Reading the county's semicolon-separated files, and the checks every loader shares.

Officials edit the files in a text editor or in Excel, so every problem is a DataError in
Swedish with file, row (as a spreadsheet numbers it) and column. No Dash, no other layer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
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


# Characters that may not be in a cell: NUL and other control characters; the line and
# paragraph separators (U+0085, U+2028, U+2029, \v, \f, \x1c–\x1e) that str.splitlines() and
# some programs treat as line breaks; the bidirectional controls (U+202A–U+202E, U+2066–U+2069,
# U+200E, U+200F, U+061C) that make text show in another order than it is stored ("Trojan
# Source"); and U+FEFF inside text, invisible. Tab, \n and \r (a line break inside a cell) are
# allowed.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e"
    "\u2066-\u2069\ufeff]"
)
FORBIDDEN_NAMES = {
    0x00: "NUL-tecknet (U+0000)",
    0x85: "radbrytningstecknet U+0085 (NEL)",
    0x2028: "radavgränsaren U+2028",
    0x2029: "styckeavgränsaren U+2029",
    0xFEFF: "det osynliga tecknet U+FEFF",
    **{code: f"styrtecknet för textriktning U+{code:04X}"
       for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}  # fmt: skip


def forbidden_in(text: str) -> str | None:
    """A sentence naming the first character of `text` that may not be in a cell, or None."""
    bad = FORBIDDEN.search(text)
    if not bad:
        return None
    code = ord(bad.group())
    what = FORBIDDEN_NAMES.get(code, f"styrtecknet U+{code:04X}")
    return (f"cellen innehåller {what}, som inte får finnas i en cell (tecken {bad.start() + 1}). "
            "Ta bort det – skriv om cellen – och spara igen.")  # fmt: skip


def delimiter_of(line: str) -> str:
    """The separator a header line uses: semicolon (Swedish Excel), comma or tab."""
    counts = {d: line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ";"))


def csv_records(text: str, name: str, delimiter: str, *, sheet: str | None = None
                ) -> Iterator[tuple[int, list[str]]]:  # fmt: skip
    """(row number as a spreadsheet shows it, cells) for every record of `text`.

    Strict CSV: a quoted cell may hold the separator and line breaks, but a quote left open
    to the end of the file, or text after a closing quote, is an error naming the row where
    the cell began, never a cell that swallows the rest of the file. Lines end at \n, \r\n or
    \r only (newline=""): str.splitlines() would also split inside a cell at U+2028 and others.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007 - read after the loop
            yield number, cells
    except csv.Error as exc:
        at = number + 1
        if "unexpected end of data" in str(exc):
            message = ("ett citattecken (\") öppnar en cell på den här raden men stängs aldrig, "
                       "så resten av filen skulle hamna i en enda cell. Lägg till det "
                       "avslutande citattecknet, eller ta bort det inledande.")  # fmt: skip
        else:
            message = ("raden kan inte läsas som CSV: efter ett avslutande citattecken (\") ska "
                       "det komma ett skiljetecken eller radslut. Kontrollera citattecknen – "
                       "en cell som innehåller \" skrivs \"\" inom citattecken.")  # fmt: skip
        raise DataError(message, file=name, sheet=sheet, row=at) from exc


def csv_rows(text: str, name: str, delimiter: str) -> list[list[str]]:
    """Every record of `text`, parsed as csv_records does: read in one go (a 46 000-row
    file in a fifth of the time a record-by-record generator takes), and on a CSV error
    read again record by record, so that the message names the row as csv_records does."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        for _record in csv_records(text, name, delimiter):
            pass
        raise  # csv_records raises the DataError; this is only reached if it did not


def duplicate_column(header: list[str], normalise=str.strip) -> tuple[str, int, int] | None:
    """(name, first index, second index) of a column named twice, or None."""
    seen: dict[str, int] = {}
    for index, text in enumerate(header):
        key = normalise(text)
        if not key:
            continue
        if key in seen:
            return key, seen[key], index
        seen[key] = index
    return None


def read_table(path: Path, required: list[str]) -> pd.DataFrame:
    """Read a semicolon- (or comma-) separated UTF-8 file as text, header checked.

    Row numbers in errors are the line numbers a spreadsheet shows (header is row 1). The
    same strict parsing as the importer's reader (csv_records); a column named twice, a
    row wider than the header, or a forbidden character is an error, never a silent choice.
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
    first_line = io.StringIO(text, newline="").readline().rstrip("\r\n")
    rows = csv_rows(text, name, delimiter_of(first_line))
    if FORBIDDEN.search(text):  # rare: then find the cell, for the message
        _raise_forbidden(rows, name)
    header = [h.strip() for h in rows[0]]
    twice = duplicate_column(header)
    if twice:
        raise DataError(f"kolumnen ”{twice[0]}” finns två gånger i rubrikraden (fält "
                        f"{twice[1] + 1} och {twice[2] + 1}); ta bort den ena.", file=name,
                        row=1)  # fmt: skip
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(
            "kolumnerna " + ", ".join(f"”{c}”" for c in missing) + " saknas i rubrikraden "
            f"(fanns: {', '.join(header)}).",
            file=name,
            row=1,
        )
    frame = pd.DataFrame(_records(rows, len(header), name), columns=["_row", *header],
                         dtype=object)  # fmt: skip
    frame["_row"] = frame["_row"].astype(int)
    return frame


def _raise_forbidden(rows: list[list[str]], name: str) -> None:
    """The DataError for the first cell holding a forbidden character, row by row."""
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            problem = forbidden_in(cell)
            if problem:
                column = rows[0][index].strip() if index < len(rows[0]) else None
                raise DataError(problem, file=name, row=number, column=column)


def _records(rows: list[list[str]], width: int, name: str) -> list[list]:
    """[row number, cells stripped and padded to the header's width] per row that is not
    empty; a row with text beyond the header's width is an error."""
    records: list[list] = []
    for number, row in enumerate(rows[1:], start=2):
        cells: list = list(map(str.strip, row))
        if not any(cells):
            continue
        if len(cells) != width:
            if len(cells) > width and any(cells[width:]):
                raise DataError(
                    f"raden har {len(row)} fält men rubrikraden {width}. Kontrollera "
                    "semikolon och citattecken.",
                    file=name,
                    row=number,
                )
            cells = (cells + [""] * (width - len(cells)))[:width]
        cells.insert(0, number)
        records.append(cells)
    return records


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
    """Every value of `column` (a cell may list several, separated by commas) is in `known`.

    Judged once per distinct cell, not per row: all of Sweden's values are 46 000 rows but a
    few hundred distinct cells, and a row-by-row walk took 3 s of a 3.5 s load. The error
    names the first bad row in file order and its first bad value, as a row walk would.
    """
    cells = frame[column]
    bad = [c for c in pd.unique(cells) if _first_unknown(c, known, allow_empty) is not None]
    if not bad:
        return
    row = frame[cells.isin(bad)].iloc[0]
    value = _first_unknown(row[column], known, allow_empty)
    raise DataError(f"okänt värde ”{value}”: förväntade {what}.", file=name,
                    row=int(row["_row"]), column=column)  # fmt: skip


def _first_unknown(cell: object, known: set[str], allow_empty: bool) -> str | None:
    """The first value of a cell that is not in `known`, or None if there is none."""
    values = [v.strip() for v in str(cell).split(",")] if cell else [""]
    for value in values:
        if value == "" and allow_empty:
            continue
        if value not in known:
            return value
    return None


def split_ids(text: str) -> tuple[str, ...]:
    """'1.4, 2.3' -> ('1.4', '2.3'): a cell listing ids separated by commas."""
    return tuple(part.strip() for part in str(text).split(",") if part.strip())


def bounded_integers(frame: pd.DataFrame, column: str, name: str, low: int, high: int,
                     what: str, *, allow_empty: bool = False) -> pd.Series:  # fmt: skip
    """The column as whole numbers low..high (pandas Int64, <NA> where empty and allowed).

    Every number in a data file is bounded: a typo such as 99999999999999999999 is a
    DataError naming the cell, never an overflow deep inside pandas or numpy. Spaces as
    thousands separators (12 345) are allowed. `what` names the number for the message.
    """
    text = frame[column].astype(str).str.replace(r"[\s\u00a0\u202f]", "", regex=True)
    digits = text.str.fullmatch(r"[0-9]{1,15}")  # at most 15 digits: exact as a float too
    numbers = pd.to_numeric(text.where(digits), errors="coerce")
    empty = text.eq("")
    bad = ~digits & ~(empty & allow_empty)
    bad |= digits & ~numbers.between(low, high)
    if bad.any():
        row = frame[bad].iloc[0]
        low_text, high_text = (f"{n:,}".replace(",", " ") for n in (low, high))
        raise DataError(f"”{row[column]}” ska vara {what}: ett heltal {low_text}–{high_text}"
                        + (", eller tomt." if allow_empty else "."), file=name,
                        row=int(row["_row"]), column=column)  # fmt: skip
    return numbers.astype("Int64")
