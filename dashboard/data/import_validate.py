"""Checking a year's follow-up file (already read: spreadsheet.read_file) row by row against
the catalogue, before anything is planned or written.

Every problem is collected, not only the first, each a DataError in Swedish with file,
sheet, row and column; ImportFailed carries them all. Values are normalised on the way:
a scale's label becomes its code ("I bruk" → i_bruk), "saknas" an explicit empty value,
numbers the form varden.csv stores (12,5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.data.loader import (
    CATEGORICAL_TYPES,
    MIN_YEAR,
    DataError,
    Dataset,
    ValueProblem,
    range_text,
    scale_orders,
    value_score,
)
from dashboard.data.spreadsheet import INDICATORS_SHEET, RawTable

MISSING_WORDS = {"saknas", "uppgift saknas", "-", "–"}
# What a numeric value should look like; {range} is the indicator's range from the catalogue.
EXPECTED = {
    "antal": "ett heltal {range} (t.ex. 3)",
    "andel": "en andel i procent, {range} (t.ex. 12,5)",
    "decimal": "ett tal {range} (t.ex. 0,75)",
}
MAX_LISTED_ERRORS = 50


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


def expected_text(ind: pd.Series) -> str:
    """'ett heltal 0–100 (t.ex. 3)': the type and the catalogue's range of a numeric indicator."""
    if ind["type"] not in EXPECTED:
        return ""
    return EXPECTED[ind["type"]].format(range=range_text(ind))


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


Report = Callable[[int, str | None, str], None]  # (row, column, message): one problem


class _Rules:
    """What every row is checked against: the municipalities, the catalogue, the years and
    the file's default source; each check reports its problems and returns what it read."""

    def __init__(self, ds: Dataset, year: int | None, source: str | None,
                 last_year: int | None) -> None:  # fmt: skip
        self.names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
        self.known_codes = ", ".join(f"{c} ({n})" for c, n in self.names.items())
        self.indicators = ds.indicators.set_index("id")
        self.importable = set(importable_indicators(ds)["id"])
        self.orders = scale_orders(ds.scales)
        self.labels = _labels_to_codes(ds)
        self.year = year
        self.last_year = last_year or date.today().year
        self.default_source = (source or "").strip()

    def place(self, number: int, cells: dict[str, str], error: Report) -> tuple[str, str]:
        """The municipality's code (zero-padded as Excel drops it) and the indicator's id."""
        code = cells.get("kommunkod", "")
        if code.isdigit() and len(code) < 4:
            code = code.zfill(4)  # Excel drops the leading zero of 0760
        indicator_id = cells.get("indikator", "")
        names = self.names
        if code not in names:
            error(number, "kommunkod", f"okänd kommunkod ”{code}”: förväntade en av "
                  f"{self.known_codes}.")  # fmt: skip
        elif cells.get("kommun") and _plain_name(cells["kommun"]) != _plain_name(names[code]):
            error(number, "kommun", f"kommunkoden {code} är {names[code]}, men raden säger "
                  f"”{cells['kommun']}”. Kontrollera att raderna inte har förskjutits.")  # fmt: skip
        if indicator_id not in self.indicators.index:
            error(number, "indikator", f"okänt indikator-id ”{indicator_id}”: förväntade ett id "
                  f"från bladet ”{INDICATORS_SHEET}” i mallen (t.ex. samordnare).")  # fmt: skip
        elif indicator_id not in self.importable:
            error(number, "indikator", f"{indicator_id} beräknas från kriteriebedömningarna och "
                  "kan inte läsas in; fyll i kriterierna (krit_…) i stället.")  # fmt: skip
        return code, indicator_id

    def row_year(self, number: int, year_text: str, error: Report) -> int | None:
        """The row's year (column ar, else --year), or None after reporting why not."""
        year, last_year = self.year, self.last_year
        if not year_text:
            if year is None:
                error(number, "ar", "året saknas: fyll i kolumnen ar eller ange --year.")
            return year
        if not year_text.isdigit() or not MIN_YEAR <= int(year_text) <= last_year:
            error(number, "ar", f"året ”{year_text}” ska vara ett årtal {MIN_YEAR}–{last_year}.")
        elif year is not None and int(year_text) != year:
            error(number, "ar", f"året {year_text} stämmer inte med --year {year}.")
        else:
            return int(year_text)
        return None

    def value(self, number: int, indicator_id: str, raw: str, error: Report) -> str:
        """The value as varden.csv stores it: a scale's code for its label, "" for
        'saknas', a number normalised; as written when the indicator is unknown."""
        if indicator_id not in self.importable:
            return raw
        ind = self.indicators.loc[indicator_id]
        value = raw
        if ind["type"] in CATEGORICAL_TYPES:
            value = self.labels.get(ind["scale"], {}).get(raw.casefold(), raw)
        if value.casefold() in MISSING_WORDS and value not in self.orders.get(ind["scale"], {}):
            return ""
        try:
            score = value_score(ind, indicator_id, value, self.orders)
        except ValueProblem as exc:
            expected = expected_text(ind)
            error(number, "varde", str(exc) + (f" Förväntade {expected}." if expected else ""))
            return value
        if ind["type"] not in CATEGORICAL_TYPES:
            value = _normalise_number(score, ind["type"])
        return value

    def source(self, number: int, cells: dict[str, str], error: Report) -> str:
        row_source = cells.get("kalla", "").strip() or self.default_source
        if not row_source:
            error(number, "kalla", "källa saknas: fyll i kolumnen kalla eller ange "
                  "--source ”…” för hela filen.")  # fmt: skip
        return row_source


def validate(ds: Dataset, table: RawTable, year: int | None = None,
             source: str | None = None, last_year: int | None = None) -> Parsed:  # fmt: skip
    """Every row checked against the catalogue; ImportFailed lists all problems found."""
    errors: list[DataError] = []

    def error(row: int, column: str | None, message: str) -> None:
        errors.append(DataError(message, file=table.name, sheet=table.sheet, row=row,
                                column=column))  # fmt: skip

    rules = _Rules(ds, year, source, last_year)
    rows: list[ImportRow] = []
    seen: dict[tuple[str, str, int], int] = {}
    empty = 0
    for number, raw_cells in table.rows:
        problems = len(errors)
        cells = {column: text.strip() for column, text in raw_cells.items()}
        has_value, row = _check_row(rules, number, cells, error)
        if not has_value:
            empty += 1
        elif row is not None and len(errors) == problems:
            _add_unless_twice(rules, row, rows, seen, error)
    if not errors and not rows:
        errors.append(DataError("filen har inga värden att läsa in (kolumnen varde är tom på "
                                "alla rader).", file=table.name, sheet=table.sheet))  # fmt: skip
    if errors:
        raise ImportFailed(errors)
    return Parsed(rows, empty, table)


def _check_row(rules: _Rules, number: int, cells: dict[str, str],
               error: Report) -> tuple[bool, ImportRow | None]:  # fmt: skip
    """One row checked, its problems reported: (whether it has a value, the row or None if
    its year could not be read). A row without a value is left as it is."""
    code, indicator_id = rules.place(number, cells, error)
    row_year = rules.row_year(number, cells.get("ar", ""), error)
    raw = cells.get("varde", "")
    if raw == "":
        return False, None
    value = rules.value(number, indicator_id, raw, error)
    row_source = rules.source(number, cells, error)
    if row_year is None:
        return True, None
    return True, ImportRow(number, code, indicator_id, row_year, value, row_source,
                           cells.get("anmarkning", ""))  # fmt: skip


def _add_unless_twice(rules: _Rules, row: ImportRow, rows: list[ImportRow],
                      seen: dict[tuple[str, str, int], int], error: Report) -> None:  # fmt: skip
    """Keep the row, unless its municipality, indicator and year came before in the file."""
    key = (row.code, row.indicator_id, row.year)
    if key in seen:
        error(row.row, None, f"{rules.names[row.code]}, {row.indicator_id}, {row.year} finns "
              f"redan på rad {seen[key]}: varje kommun, indikator och år får bara finnas en "
              "gång.")  # fmt: skip
        return
    seen[key] = row.row
    rows.append(row)
