"""The files officials edit in Excel: one reader for every importer, one formula-safe writer
for the templates and the downloads.

Reading (`read_file`) gives a file's table exactly as it is, or refuses it with a Swedish
DataError naming file, sheet, row and column; nothing is dropped or guessed silently:

- CSV is parsed strictly (tables.csv_records): a quoted cell may hold separators, line
  breaks and lines starting with '#'; a quote left open is refused, never a cell that
  swallows the rest of the file. Only lines *before the header* that start with '#' are the
  template's comments.
- The encoding is decided, never guessed silently: UTF-8 (with or without BOM), UTF-16 with
  BOM (Excel's "Unicode-text"), and the two legacy encodings Excel writes, Windows-1252 and
  Mac OS Roman, told apart by which of them gives Swedish letters; a file that fits neither
  clearly, or a UTF-8 BOM before text that is not UTF-8, is refused. The table says which
  encoding was read, and the importers print it when it is not UTF-8.
- An .xlsx sheet is read by its name (a workbook with a single sheet: that one, said so); a
  hidden sheet with that name is refused, other hidden sheets are ignored and said to be;
  merged cells and formulas without a computed value are refused (both would read as empty).
- A column named twice, text to the right of the header, control and bidirectional
  characters, and every size bound below are refused.

Writing: `guard` keeps a text that a spreadsheet would run as a formula as text (OWASP's
CSV-injection rule: a leading apostrophe), and `unguard`, applied by the reader, removes
exactly that apostrophe again, so any text the writers write is read back identically
(tests/test_spreadsheet_roundtrip.py). `write_csv` and `write_xlsx_rows` are the writers
the templates use; the downloads (ui/export.py) use the same `guard`.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import struct
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from dashboard.data.tables import (
    DataError,
    csv_records,
    delimiter_of,
    duplicate_column,
    forbidden_in,
)

VALUES_SHEET = "Värden"
INSTRUCTIONS_SHEET = "Instruktioner"
INDICATORS_SHEET = "Indikatorer"
REQUIRED = ("kommunkod", "indikator", "varde")  # the values file's columns that must be there


def max_bytes() -> int:
    return _env_int("DASHBOARD_IMPORT_MAX_BYTES", 5_000_000)


def max_rows() -> int:
    return _env_int("DASHBOARD_IMPORT_MAX_ROWS", 20_000)


# Bounds checked while a file is read, each configurable. A year's file has one row per
# municipality and indicator (a few hundred rows of eight short cells), so every default is
# far above a real file and far below what would fill memory.
EXTRA_ROWS = 1_000  # beyond max_rows(): header, the template's comments, blank lines


def max_cells() -> int:  # every cell of every row, empty ones too
    return _env_int("DASHBOARD_IMPORT_MAX_CELLS", 1_000_000)


def max_columns() -> int:
    return _env_int("DASHBOARD_IMPORT_MAX_COLUMNS", 100)


def max_cell_chars() -> int:
    return _env_int("DASHBOARD_IMPORT_MAX_CELL_CHARS", 10_000)


def max_text_chars() -> int:  # all cells together
    return _env_int("DASHBOARD_IMPORT_MAX_CHARS", 5_000_000)


def max_unpacked() -> int:  # an .xlsx unpacked, all entries together
    return _env_int("DASHBOARD_IMPORT_MAX_UNPACKED", 50_000_000)


def max_unpacked_entry() -> int:  # one entry of an .xlsx (sheet, shared strings) unpacked
    return _env_int("DASHBOARD_IMPORT_MAX_UNPACKED_ENTRY", 25_000_000)


def max_zip_ratio() -> int:  # unpacked / packed size of one entry over 1 MB
    return _env_int("DASHBOARD_IMPORT_MAX_RATIO", 100)


def max_zip_entries() -> int:
    return _env_int("DASHBOARD_IMPORT_MAX_ENTRIES", 1_000)


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, "").strip() or default))
    except ValueError:
        return default


def _megabytes(size: float) -> str:
    return f"{size / 1e6:.1f}".replace(".", ",") + " MB"


# --- text encodings ------------------------------------------------------------------------

UTF8 = "UTF-8"
# The two single-byte encodings Excel saves CSV in, as a person finds them in its menu.
LEGACY = (
    ("cp1252", "Windows-1252 (”CSV (semikolonavgränsad)” i Excel för Windows)"),
    ("mac_roman", "Mac OS Roman (”CSV (Macintosh)” i Excel för Mac)"),
)
# What non-ASCII text in a Swedish file is made of: letters of Swedish and its neighbours'
# names, and the punctuation Excel and Word put in. The legacy encoding that turns a file's
# bytes into these (and not into ‰, ≈, Œ …) is the one it was saved in.
SWEDISH_LETTERS = frozenset("åäöÅÄÖéÉ")
EXPECTED_LETTERS = SWEDISH_LETTERS | frozenset("üÜøØæÆáÁàâêëíìîïóòôúùûçÇñÑß–—‘’‚“”„…€§°«»•\u00a0")
# UTF-8 read as Windows-1252 and saved again: 'Ã¥' where 'å' was.
DOUBLE_ENCODED = re.compile("Ã[¥¤¶…„–©]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # as a person knows it: 'UTF-8', 'Windows-1252 (… Excel för Windows)'


def _looks_binary(head: bytes) -> bool:
    """UTF-16 without a BOM or a binary file: NUL bytes throughout, not one stray NUL."""
    nuls = head.count(0)
    return nuls > 1 and nuls * 100 > len(head)


def decode(data: bytes, name: str) -> Decoded:
    """The file's text and the encoding it was read in; DataError if that cannot be told."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _checked(Decoded(data[3:].decode("utf-8"), UTF8), name)
        except UnicodeDecodeError as exc:
            raise DataError(
                "filen börjar med märket för UTF-8 (BOM), men längre fram (byte "
                f"{exc.start + 4}) är den inte UTF-8: den har sparats i två olika "
                "teckenkodningar. Öppna den i Excel och spara som ”CSV UTF-8”.", file=name,
            ) from exc  # fmt: skip
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise DataError("filen börjar som UTF-16 men är skadad längre fram (byte "
                                f"{exc.start + len(bom) + 1}). Spara om den som ”CSV UTF-8”.",
                                file=name) from exc  # fmt: skip
            return _checked(Decoded(text, "UTF-16 (”Unicode-text” i Excel)"), name)
    if _looks_binary(data[:4096]):
        raise DataError("filen är ingen textfil (CSV), eller UTF-16 utan märke i början. Spara "
                        "den som ”CSV UTF-8” eller ”Excel-arbetsbok (.xlsx)”.", file=name)  # fmt: skip
    try:
        return _checked(Decoded(data.decode("utf-8"), UTF8), name)
    except UnicodeDecodeError:
        pass
    return _checked(_legacy(data, name), name)


def _legacy(data: bytes, name: str) -> Decoded:
    """Windows-1252 or Mac OS Roman: the one that reads every non-ASCII byte as an expected
    character (EXPECTED_LETTERS) when the other does not; refused when both do or neither.

    Both encodings give *some* text for almost any bytes, so the only evidence is what the
    text is made of. A file of expected characters is read as such in the encoding it was
    saved in, so when only one encoding does that, it is that one. When both do (a Windows
    '€' or '…' is a Mac 'Ä' or 'Ö'; a Windows '–' is a Mac 'ñ'), nothing in the file tells
    them apart: refused, showing both readings, never decided by which looks more Swedish.
    A file with a few unexpected characters (≥ 90 % expected in neither reading fully) is
    read only if the other reading is not that close too; otherwise refused the same way.
    """
    high = len(data.translate(None, bytes(range(0x80))))  # bytes that are not ASCII
    readings: list[tuple[int, Decoded]] = []  # (expected characters, decoded)
    for codec, label in LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue  # Windows-1252 leaves five bytes undefined
        found = re.findall(r"[^\x00-\x7f]", text)
        readings.append((sum(c in EXPECTED_LETTERS for c in found), Decoded(text, label)))
    full = [decoded for expected, decoded in readings if expected == high]
    near = [decoded for expected, decoded in readings if expected >= 0.9 * high]
    candidates = full or near
    if len({c.text for c in candidates}) > 1:
        raise _ambiguous(data, candidates, name)
    if not candidates:
        raise DataError(
            "filen är inte UTF-8, och det går inte att avgöra säkert vilken teckenkodning den "
            "har (varken Windows-1252 eller Mac OS Roman ger entydigt svenska bokstäver). "
            "Öppna den i Excel och spara som ”CSV UTF-8”.", file=name,
        )  # fmt: skip
    return candidates[0]


def _ambiguous(data: bytes, readings: list[Decoded], name: str) -> DataError:
    """Both legacy encodings read the file as ordinary text: say how each reads it, at the
    first byte that is not ASCII, and how to save the file so that nothing is guessed."""
    at = next(i for i, byte in enumerate(data) if byte >= 0x80)  # one byte, one character
    start = max(data.rfind(b"\n", 0, at) + 1, at - 30)
    end = min(len(data) if data.find(b"\n", at) < 0 else data.find(b"\n", at), at + 30)
    line = data.count(b"\n", 0, at) + 1
    shown = [f"som {d.encoding} står det ”{d.text[start:end].strip()}”" for d in readings]
    return DataError(
        "filen är inte UTF-8, och den kan läsas på två sätt som båda ger vanlig text: på "
        f"textrad {line} "
        + " men ".join(shown)
        + ". Det går inte att avgöra säkert vilken teckenkodning "
        "filen har, så den läses inte in (annars kunde fel tecken sparas). Öppna filen i "
        "Excel på den sorts dator där den sparades (Windows eller Mac), kontrollera att "
        "texten ser rätt ut och spara den som ”CSV UTF-8 (kommaavgränsad)” (Arkiv → Spara "
        "som → Filformat), eller som ”Excel-arbetsbok (.xlsx)”.",
        file=name,
    )


def _checked(decoded: Decoded, name: str) -> Decoded:
    found = DOUBLE_ENCODED.search(decoded.text)
    if found:
        raise DataError(
            f"texten ser ut att ha kodats om två gånger (”{found.group()}” där det troligen "
            "stod å, ä, ö eller é). Öppna originalfilen och spara den som ”CSV UTF-8” en gång.",
            file=name,
        )  # fmt: skip
    return decoded


# --- reading ---------------------------------------------------------------------------------


@dataclass
class RawTable:
    name: str  # file name as the person knows it
    sheet: str | None  # Excel sheet, None for CSV
    rows: list[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, cells)
    encoding: str | None = None  # a CSV file's, as a person knows it
    notes: list[str] = field(default_factory=list)  # what the person should be told

    def notices(self) -> list[str]:
        """What an import prints besides its result: the encoding when not UTF-8, sheets
        passed over."""
        said = [f"Filen lästes som {self.encoding}."] if self.encoding not in (None, UTF8) else []
        return said + self.notes


def _normalise_header(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", " ": "_", "-": "_"})
    return str(text or "").strip().lower().translate(table)


def read_file(path: Path, required: tuple[str, ...] = REQUIRED,
              what: str = "En årsfil har en rad per kommun och indikator",
              sheet: str = VALUES_SHEET) -> RawTable:  # fmt: skip
    """The rows of an .xlsx or .csv file as text, exactly as written (guards removed), header
    checked (`required` columns); DataError if unusable. `what` says how large a right file
    is; `sheet` is the sheet of a workbook to read."""
    name = path.name
    if not path.is_file():
        raise DataError("filen finns inte.", file=str(path))
    if not os.access(path, os.R_OK):
        raise DataError("filen kan inte läsas: behörighet saknas.", file=name)
    size = path.stat().st_size
    if size == 0:
        raise DataError("filen är tom.", file=name)
    limit = max_bytes()
    if size > limit:
        raise DataError(
            f"filen är för stor ({size / 1e6:.1f} MB; högst {limit / 1e6:.1f} MB). {what} "
            "och är mycket mindre – kontrollera att det är rätt fil.",
            file=name,
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, required, sheet)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, required)
    if suffix == ".xls":
        raise DataError("det gamla Excel-formatet .xls kan inte läsas. Spara filen som "
                        "”Excel-arbetsbok (.xlsx)” eller ”CSV UTF-8”.", file=name)  # fmt: skip
    raise DataError("okänd filtyp: förväntade en Excel-arbetsbok (.xlsx) eller en CSV-fil "
                    "(.csv).", file=name)  # fmt: skip


def _header_map(header: list[str], name: str, sheet: str | None, row: int,
                required: tuple[str, ...] = REQUIRED) -> dict[int, str]:  # fmt: skip
    columns = {i: _normalise_header(h) for i, h in enumerate(header)}
    columns = {i: c for i, c in columns.items() if c}
    twice = duplicate_column(header, _normalise_header)
    if twice:
        label, first, second = twice
        raise DataError(
            f"kolumnen ”{label}” finns två gånger i rubrikraden (kolumn {column_letter(first)} "
            f"och {column_letter(second)}), så det går inte att veta vilken som gäller. Ta bort "
            "eller byt namn på den ena.",
            file=name, sheet=sheet, row=row, column=column_letter(second),
        )  # fmt: skip
    missing = [c for c in required if c not in columns.values()]
    if missing:
        found = ", ".join(str(h).strip() for h in header if str(h or "").strip()) or "inga"
        raise DataError(
            "kolumnerna " + ", ".join(f"”{c}”" for c in missing) + " saknas i rubrikraden "
            f"(fanns: {found}). Utgå från mallen i data/templates/.",
            file=name, sheet=sheet, row=row,
        )  # fmt: skip
    return columns


def _too_many_rows(name: str, sheet: str | None) -> DataError:
    return DataError(
        f"filen har fler än {max_rows()} rader. En årsfil har en rad per kommun och "
        "indikator – kontrollera att det är rätt fil.",
        file=name, sheet=sheet,
    )  # fmt: skip


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _beyond_header(cells: Sequence[str], width: int, name: str, sheet: str | None,
                   number: int) -> None:  # fmt: skip
    """Text to the right of the header's last column would be dropped: refused instead."""
    extra = next((i for i in range(width, len(cells)) if cells[i].strip()), None)
    if extra is not None:
        raise DataError(
            f"raden har text i kolumn {column_letter(extra)}, till höger om rubrikradens sista "
            f"kolumn ({column_letter(width - 1)}). Den skulle inte läsas in: ge kolumnen en "
            "rubrik, flytta texten eller ta bort den. (I en CSV-fil kan ett citattecken eller "
            "semikolon för mycket ha flyttat texten.)",
            file=name, sheet=sheet, row=number, column=column_letter(extra),
        )  # fmt: skip


class _Bounds:
    """Counts what a file has given so far; a DataError at the first breach, before more is read.

    Rows are counted by position, so empty rows count too; cells are every cell of every row.
    """

    def __init__(self, name: str, sheet: str | None) -> None:
        self.name, self.sheet = name, sheet
        self.row_limit = max_rows() + EXTRA_ROWS
        self.cell_limit, self.column_limit = max_cells(), max_columns()
        self.char_limit, self.text_limit = max_cell_chars(), max_text_chars()
        self.cells = self.chars = 0
        self.columns: dict[int, str] = {}  # header names once the header is read

    def label(self, index: int) -> str:
        return self.columns.get(index) or column_letter(index)

    def error(self, message: str, row: int | None = None, column: str | None = None) -> DataError:
        return DataError(message, file=self.name, sheet=self.sheet, row=row, column=column)

    def rows(self, count: int) -> None:
        if count > self.row_limit:
            raise self.error(f"filen har fler än {self.row_limit} rader (tomma rader räknas "
                             "också). En årsfil har en rad per kommun och indikator – ta bort "
                             "tomma rader under tabellen eller kontrollera att det är rätt fil.",
                             row=self.row_limit + 1)  # fmt: skip

    def row(self, number: int, cells: int) -> None:
        self.rows(number)
        self.cells += cells
        if self.cells > self.cell_limit:
            raise self.error(f"filen har fler än {self.cell_limit} celler (tomma celler räknas "
                             "också) – kontrollera att det är rätt fil.", row=number)  # fmt: skip

    def too_wide(self, number: int) -> DataError:
        return self.error(f"raden har fler än {self.column_limit} kolumner; mallarna har ett "
                          "tiotal – ta bort det som står till höger om tabellen.",
                          row=number, column=column_letter(self.column_limit))  # fmt: skip

    def cell(self, number: int, index: int, text: str) -> None:
        if len(text) > self.char_limit:
            raise self.error(f"cellen har {len(text)} tecken (högst {self.char_limit}). Korta "
                             "texten, eller kontrollera att det är rätt fil.", row=number,
                             column=self.label(index))  # fmt: skip
        problem = forbidden_in(text)
        if problem:
            raise self.error(problem, row=number, column=self.label(index))
        self.chars += len(text)
        if self.chars > self.text_limit:
            raise self.error(f"filen har mer än {self.text_limit} tecken text – kontrollera att "
                             "det är rätt fil.", row=number, column=self.label(index))  # fmt: skip


@contextmanager
def _csv_field_limit(limit: int) -> Iterator[None]:
    """csv refuses fields over 131 072 characters with an English error and no column; our
    own cell bound (smaller) then names the cell. Only raised, and only while reading."""
    old = csv.field_size_limit(max(limit, csv.field_size_limit()))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _is_comment(cells: Sequence[str]) -> bool:
    return bool(cells) and cells[0].lstrip().startswith("#")


def _read_csv(path: Path, required: tuple[str, ...] = REQUIRED) -> RawTable:
    name = path.name
    decoded = decode(path.read_bytes(), name)
    text = decoded.text
    bounds = _Bounds(name, None)
    bounds.rows(text.count("\n") + text.count("\r") - text.count("\r\n"))
    # The separator is the header line's: the first line that is neither blank nor one of
    # the template's leading comments.
    header_line = next((line for line in io.StringIO(text, newline="")
                        if line.strip(" ;,\t\r\n") and not line.lstrip(' "').startswith("#")),
                       None)  # fmt: skip
    if header_line is None:
        raise DataError("filen är tom (bara kommentarer, ingen rubrikrad).", file=name)
    delimiter = delimiter_of(header_line.rstrip("\r\n"))
    rows: list[tuple[int, dict[str, str]]] = []
    columns: dict[int, str] | None = None
    width = 0
    with _csv_field_limit(len(text) + 1):
        for number, cells in csv_records(text, name, delimiter):
            bounds.row(number, len(cells))
            if len(cells) > bounds.column_limit and any(cells[bounds.column_limit :]):
                raise bounds.too_wide(number)
            for index, cell in enumerate(cells):
                bounds.cell(number, index, cell)
            if not any(c.strip() for c in cells):
                continue
            if columns is None:
                if _is_comment(cells):  # comments only before the header, never in the table
                    continue
                columns = _header_map([unguard(c) for c in cells], name, None, number, required)
                bounds.columns, width = columns, len(cells)
                continue
            _beyond_header(cells, width, name, None, number)
            rows.append((number, {columns[i]: _cell(c) for i, c in enumerate(cells)
                                  if i in columns}))  # fmt: skip
            if len(rows) > max_rows():
                raise _too_many_rows(name, None)
    if columns is None:
        raise DataError("filen är tom (bara kommentarer, ingen rubrikrad).", file=name)
    return RawTable(name, None, rows, encoding=decoded.encoding)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # 1e308 stays 1e+308 (refused by its range, not expanded)
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _zip_entry_count(path: Path) -> int | None:
    """The entry count in the zip's end record, read before zipfile builds one object per
    entry; None if there is no plain end record (zipfile then decides)."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 65_557))  # the end record and the longest comment
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    return struct.unpack("<4s4H2LH", tail[at : at + 22])[4]


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Entry name -> sheet name (xl/worksheets/sheet1.xml -> Värden), best effort, so that a
    refused entry is named as the person knows it. Only small entries are parsed."""
    parts: dict[str, str] = {}
    try:
        infos = {i.filename: i for i in archive.infolist()}
        book, rels = infos.get("xl/workbook.xml"), infos.get("xl/_rels/workbook.xml.rels")
        if not book or not rels or max(book.file_size, rels.file_size) > 1_000_000:
            return parts
        targets = {}
        for rel in ElementTree.fromstring(archive.read(rels)):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = (
                target.lstrip("/") if target.startswith("/") else "xl/" + target
            )
        r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        for element in ElementTree.fromstring(archive.read(book)).iter():
            if element.tag.endswith("}sheet") and element.get(r_id) in targets:
                parts[targets[element.get(r_id)]] = element.get("name", "")
    except Exception:  # a broken workbook: openpyxl will say so; names are only a courtesy
        return {}
    return parts


@dataclass
class _PartFacts:
    """What the streamed pass saw in one XML part: its first merged range and formulas."""

    merged: str | None = None
    formulas: bool = False


def _check_zip(path: Path, not_excel: DataError) -> tuple[dict[str, str], dict[str, _PartFacts]]:
    """Refuse a zip bomb from the zip's own directory, before openpyxl unpacks anything.

    zipfile never unpacks more than an entry's declared size, so the declared sizes bound
    what openpyxl can read; openpyxl keeps the shared strings in memory, hence the per-entry
    bound. Then the rows and cells of every part are counted, streamed, and the sheet is
    bounded once more row by row (cells, lengths) in _read_xlsx.
    """
    name = path.name
    count = _zip_entry_count(path)
    limit = max_zip_entries()
    if count is not None and count > limit:
        raise DataError(f"arbetsboken består av {count} delar (högst {limit}); en årsfil har "
                        "ett tiotal – kontrollera att det är rätt fil.", file=name)  # fmt: skip
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            sheets = _sheet_parts(archive)
            _check_sizes(name, infos, sheets)
            facts = {}
            for info in infos:  # every XML part: a sheet need not be in xl/worksheets/
                if info.filename.lower().endswith(".xml"):
                    bounds = _Bounds(name, sheets.get(info.filename))
                    facts[info.filename] = _count_rows_and_cells(archive, info, bounds)
            return sheets, facts
    except DataError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise not_excel from exc  # RuntimeError: an encrypted entry


def _check_sizes(name: str, infos: list[zipfile.ZipInfo], sheets: dict[str, str]) -> None:
    limit = max_zip_entries()
    if len(infos) > limit:
        raise DataError(f"arbetsboken består av {len(infos)} delar (högst {limit}).", file=name)
    total = 0
    entry_limit, total_limit, ratio_limit = max_unpacked_entry(), max_unpacked(), max_zip_ratio()
    for info in infos:
        sheet = sheets.get(info.filename)
        part = f"(delen {info.filename}) "
        total += info.file_size
        if info.file_size > entry_limit:
            raise DataError(f"arbetsboken är komprimerad, och uppackad blir en del av den "
                            f"{_megabytes(info.file_size)} {part}– högst {_megabytes(entry_limit)}. "
                            "En årsfil är mycket mindre: kontrollera att det är rätt fil.",
                            file=name, sheet=sheet)  # fmt: skip
        if total > total_limit:
            raise DataError(f"arbetsboken är komprimerad, och uppackad blir den mer än "
                            f"{_megabytes(total_limit)} {part}– högst {_megabytes(total_limit)}. "
                            "Kontrollera att det är rätt fil.", file=name, sheet=sheet)  # fmt: skip
        if info.file_size > 1_000_000 and info.file_size > ratio_limit * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise DataError(f"en del av arbetsboken {part}packas upp {ratio:.0f} gånger större "
                            f"(högst {ratio_limit} gånger): så komprimeras bara en fil med "
                            "mängder av tomma rader eller upprepad text. Kopiera tabellen till "
                            "en ny arbetsbok eller spara som ”CSV UTF-8”.", file=name,
                            sheet=sheet)  # fmt: skip


ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|f|mergeCell)[\s/>]")
MERGE_REF = re.compile(rb'\bref="([A-Z]{1,3}[0-9]{1,7})(?::[A-Z]{1,3}[0-9]{1,7})?"')


def _count_rows_and_cells(archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                          bounds: _Bounds) -> _PartFacts:  # fmt: skip
    """Count <row> and <c> elements of one XML entry, streamed in 1 MB pieces.

    openpyxl builds every worksheet when it opens the workbook and, for a sheet without a
    <dimension>, parses all of its rows first and keeps them (500 MB for five million empty
    rows): so the rows and cells are bounded here, in constant memory, before it starts.
    """
    rows = cells = 0
    facts = _PartFacts()
    carry = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(1 << 20)
            data = carry + chunk
            safe = len(data) if not chunk else max(0, len(data) - 128)  # a tag split by pieces
            for match in ROW_OR_CELL.finditer(data):
                if match.start() >= safe:  # counted with the next piece
                    break
                if match.group(1) == b"row":
                    rows += 1
                    bounds.rows(rows)
                    continue
                if match.group(1) == b"f":
                    facts.formulas = True
                    continue
                if match.group(1) == b"mergeCell":
                    ref = MERGE_REF.search(data, match.end(), match.end() + 64)
                    facts.merged = facts.merged or (ref.group(1).decode() if ref else "?")
                    continue
                cells += 1
                if cells > bounds.cell_limit:
                    raise bounds.error(f"filen har fler än {bounds.cell_limit} celler (tomma "
                                       "celler räknas också) – kontrollera att det är rätt "
                                       "fil.", row=rows)  # fmt: skip
            carry = data[safe:]
            if not chunk:
                return facts


def _choose_sheet(workbook, name: str, wanted: str) -> tuple[str, list[str]]:
    """The sheet to read and what to tell the person about the others."""
    states = {ws.title: ws.sheet_state for ws in workbook.worksheets}
    names = list(states)
    notes = []
    if wanted in states:
        chosen = wanted
    elif len(names) == 1:
        chosen = names[0]
        notes.append(f"Bladet ”{chosen}” lästes: arbetsboken har inget blad ”{wanted}”, bara "
                     "det här.")  # fmt: skip
    else:
        listed = ", ".join(f"”{n}”" for n in names) or "inga"
        raise DataError(
            f"arbetsboken har inget blad ”{wanted}” (den har {listed}), så det går inte att "
            f"veta vilket som ska läsas in. Byt namn på bladet med tabellen till ”{wanted}”, "
            "eller utgå från mallen.",
            file=name,
        )  # fmt: skip
    if states[chosen] != "visible":
        raise DataError(
            f"bladet ”{chosen}” är dolt. Visa det (högerklicka på en bladflik → Ta fram), "
            "kontrollera att det är det som ska läsas in och spara igen.",
            file=name, sheet=chosen,
        )  # fmt: skip
    hidden = [n for n in names if n != chosen and states[n] != "visible"]
    if hidden:
        notes.append("Dolda blad lästes inte: " + ", ".join(f"”{n}”" for n in hidden) + ".")
    return chosen, notes


def _split_ref(ref: str) -> tuple[int | None, str | None]:
    match = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    return (int(match.group(2)), match.group(1)) if match else (None, None)


def _read_xlsx(path: Path, required: tuple[str, ...] = REQUIRED,
               wanted: str = VALUES_SHEET) -> RawTable:  # fmt: skip
    import openpyxl

    name = path.name
    not_excel = DataError(
        "filen är ingen Excel-arbetsbok (.xlsx) – den kan vara skadad eller av en annan typ. "
        "Öppna den i Excel och spara som ”Excel-arbetsbok (.xlsx)” eller ”CSV UTF-8”.",
        file=name,
    )
    if not zipfile.is_zipfile(path):
        raise not_excel
    parts, facts = _check_zip(path, not_excel)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise not_excel from exc
    formulas = None
    try:
        sheet, notes = _choose_sheet(workbook, name, wanted)
        part = _PartFacts()
        for entry, sheet_name in parts.items():
            if sheet_name == sheet:
                part = facts.get(entry, part)
        worksheet = workbook[sheet]
        # Rows as they are in the file: a wrong <dimension> neither hides rows nor pads every
        # row to 16 384 columns and 1 048 576 rows.
        worksheet.reset_dimensions()
        _refuse_merged(part, name, sheet, worksheet)
        formula_rows: Iterator = iter(())
        if part.formulas:  # the formulas themselves, to tell an uncomputed one from a blank
            formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
            formula_sheet = formulas[sheet]
            formula_sheet.reset_dimensions()
            formula_rows = formula_sheet.iter_rows(values_only=True)
        rows = _xlsx_rows(worksheet.iter_rows(values_only=True), formula_rows,
                          _Bounds(name, sheet), required)  # fmt: skip
        return RawTable(name, sheet, rows, notes=notes)
    finally:
        workbook.close()
        if formulas is not None:
            formulas.close()


def _refuse_merged(part: _PartFacts, name: str, sheet: str, worksheet) -> None:
    """A sheet with merged cells would read as rows with empty cells: refused, naming the
    first merged range, and its column by the header's name when it lies below the header."""
    if part.merged:
        row, column = _split_ref(part.merged)
        if row is not None and column is not None:
            column = _header_name(worksheet, row, column) or column
        raise DataError(
            f"bladet har sammanslagna celler (den första börjar i {part.merged}). En "
            "sammanslagen cell har sitt värde bara i sin första rad, så de andra raderna "
            "skulle läsas som tomma. Dela upp dem (Start → Sammanfoga och centrera → Dela "
            "upp celler) och fyll i varje rad.",
            file=name, sheet=sheet, row=row, column=column,
        )  # fmt: skip


def _header_name(worksheet, row: int, letter: str) -> str | None:
    """The header's name of column `letter` (as the other errors name a column), if the
    header (the first row with text) is above `row`. The rows were counted and bounded
    before (_check_zip), and this reads only up to the header."""
    index = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letter))) - 1
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number >= row:
            return None
        texts = [_cell_text(c) for c in cells]
        if any(t.strip() for t in texts):
            return _normalise_header(unguard(texts[index])) if index < len(texts) else None
    return None


def _xlsx_rows(values: Iterator, formula_rows: Iterator, bounds: _Bounds,
               required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:  # fmt: skip
    """(row number, {column: text}) for every row of the sheet below its header, each row
    bounded as it is read. A cell openpyxl cannot convert names the row it stopped at."""
    name, sheet = bounds.name, bounds.sheet
    rows: list[tuple[int, dict[str, str]]] = []
    columns: dict[int, str] | None = None
    width = 0
    limit = max_rows()
    number = 0
    try:
        for number, cells in enumerate(values, start=1):
            texts = _xlsx_row_texts(cells, next(formula_rows, ()), bounds, number)
            if not any(t.strip() for t in texts):
                continue
            if columns is None:
                columns = _header_map([unguard(t) for t in texts], name, sheet, number,
                                      required)  # fmt: skip
                bounds.columns, width = columns, len(texts)
                continue
            _beyond_header(texts, width, name, sheet, number)
            rows.append((number, {columns[i]: _cell(t) for i, t in enumerate(texts)
                                  if i in columns}))  # fmt: skip
            if len(rows) > limit:
                raise _too_many_rows(name, sheet)
    except DataError:
        raise
    except Exception as exc:  # a cell openpyxl cannot convert (e.g. a 5 000-digit number)
        raise DataError("raden kan inte läsas – arbetsboken kan vara skadad. Öppna den i "
                        "Excel och spara den igen, eller spara som ”CSV UTF-8”.", file=name,
                        sheet=sheet, row=number + 1) from exc  # fmt: skip
    if columns is None:
        raise DataError("bladet är tomt.", file=name, sheet=sheet)
    return rows


def _xlsx_row_texts(cells: tuple, written: tuple, bounds: _Bounds, number: int) -> list[str]:
    """A row's cells as text, bounded; `written` are the same cells' formulas, if any (an
    uncomputed formula would read as an empty cell: refused)."""
    bounds.row(number, len(cells))
    if len(cells) > bounds.column_limit:
        if any(c not in (None, "") for c in cells[bounds.column_limit :]):
            raise bounds.too_wide(number)
        cells = cells[: bounds.column_limit]  # formatted but empty: ignored
    texts = []
    for index, value in enumerate(cells):
        if value is None and index < len(written) and _is_formula(written[index]):
            raise bounds.error(
                f"cellen innehåller formeln {str(written[index])[:60]} men inget "
                "beräknat värde, så den skulle läsas som tom. Öppna filen i Excel "
                "och spara den igen (då räknas formlerna ut), eller skriv in värdet.",
                row=number, column=bounds.label(index),
            )  # fmt: skip
        text = _cell_text(value)
        bounds.cell(number, index, text)
        texts.append(text)
    return texts


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")


# --- formulas: written as text, read back as written ------------------------------------------

# OWASP's CSV-injection rule: a cell starting with one of these is read as a formula (or DDE
# command) by Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _runs_as_formula(text: str) -> bool:
    """A plain signed number ("-3", "+1,5") and a lone sign are not: no program runs them."""
    return (text.startswith(FORMULA_PREFIXES) and text not in ("-", "+")
            and not PLAIN_NUMBER.fullmatch(text))  # fmt: skip


def guard(value: object) -> object:
    """Text that a spreadsheet would run as a formula, with one more leading apostrophe, so
    it stays text. Also a text whose first character after its leading apostrophes would
    run, so that `unguard` can always tell the guard from the person's own apostrophe."""
    if isinstance(value, str) and _runs_as_formula(value.lstrip("'")):
        return "'" + value
    return value


def unguard(text: str) -> str:
    """The text `guard` was given: its one added apostrophe removed; anything else as it is."""
    if text.startswith("'") and _runs_as_formula(text.lstrip("'")):
        return text[1:]
    return text


def _cell(text: str) -> str:
    """A cell as read: unguarded, and a line break inside it written \n however it was saved
    (Windows \r\n, old Mac \r; an .xlsx stores \n): one form, which every CSV writer quotes."""
    return unguard(text).replace("\r\n", "\n").replace("\r", "\n")


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]], *,
              comments: Sequence[str] = ()) -> bytes:  # fmt: skip
    """Semicolon CSV, UTF-8 with BOM (opens right in Swedish Excel), every text guarded.

    `comments` become the leading '#' lines the reader skips (a template's instructions)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    for line in comments:
        writer.writerow([f"# {line}" if line else "#"])
    writer.writerow([guard(h) for h in header])
    writer.writerows([guard("" if v is None else v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx_rows(sheet, rows: Iterable[Sequence[object]]) -> None:
    """Append rows to an openpyxl sheet with every text guarded and stored as text: openpyxl
    writes any string starting with '=' as a live formula otherwise (one without a computed
    value, which the reader would refuse and Excel would run)."""
    for row in rows:
        sheet.append([guard(v) for v in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
