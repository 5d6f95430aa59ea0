"""A table as a view shows it, for its download (dashboard.ui.export writes CSV and Excel).

Also the download's rules that a person calculating in Excel relies on (#34): which columns
hold numbers (NUMERIC_HEADERS, YEAR_HEADER; the export tests hold every download to them),
placings and changes as numbers beside their words, and the Exempeldata column every row of
every download carries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from dashboard.domain.formatting import format_number

EXAMPLE_COLUMN = "Exempeldata"  # 'Ja' or 'Nej' on every row of every download
CHANGE_UNIT_COLUMN = "Förändringens enhet"
SHARED_PLACING_COLUMN = "Delad placering"

# Units a number column's header may end with, '(%)', as ui.export.typed names them.
UNITS = ("%", "procentenheter", "personer", "årsarbetare", "kommuner", "placeringar")

# A year column: 'År', 'Första år', 'Riket, år' (Excel format '0': '2024', never '2 024').
YEAR_HEADER = re.compile(r"^(.*[\s,])?år$", re.IGNORECASE)

# Headers of the columns that hold numbers only (or empty cells), in every download: the
# export tests check every cell of a column whose header matches one of these.
NUMERIC_HEADERS: tuple[re.Pattern[str], ...] = (
    YEAR_HEADER,
    re.compile(r".*\((" + "|".join(map(re.escape, UNITS)) + r")\)$"),
    re.compile(r"^Förändring sedan \d{4}$"),
    re.compile(r"^Förändring .*(första|mellan).*$"),
    re.compile(r"^Placering( i .+| bland .+)?$"),
    re.compile(r"^Antal .*$"),
    # beside a SOSFS share: how many of its criteria were not assessed (#31)
    re.compile(r"^Ej bedömda kriterier$"),
    re.compile(r"^(Första|Senaste) värde$"),
    re.compile(r"^(Folkmängd|Invånare|Mål|Nr|Deltagare eller nådda)$"),
    re.compile(r"^Genomförda aktiviteter .*$"),
    re.compile(r"^Kommuner (med|vars) .*$"),
    # a county's or group's count of the top level, beside its level in words (split_counts)
    re.compile(r"^.+, antal med (bästa nivån|uppgift)$"),
    # Kommun's key figures: a year's value and the county's, one unit per row ('Enhet')
    re.compile(r"^\d{4}$"),
    re.compile(r"^(Länet|Länssnitt|Riket|.+, snitt)$"),
)


def is_numeric_header(name: str) -> bool:
    return any(p.fullmatch(name) for p in NUMERIC_HEADERS)


@dataclass(frozen=True)
class ExportTable:
    title: str
    frame: pd.DataFrame  # Swedish column names, values as shown
    sources: list[str] = field(default_factory=list)
    is_example: bool = False
    filename: str = "uttag"
    # (heading, text) rows for the download's notes, e.g. ('Riket', the national value)
    notes: tuple[tuple[str, str], ...] = ()


def example_flags(flags: Iterable[object]) -> list[str]:
    """'Ja'/'Nej' per row for the Exempeldata column."""
    return ["Ja" if bool(f) else "Nej" for f in flags]


# --- placings: '1:a', 'delad 2:a', 'delad 5:e av 8' as numbers ------------------------------

_PLACING = re.compile(r"^(?P<shared>delad )?(?P<rank>\d+):[ae](?: av (?P<of>\d+))?$")


def placing_parts(text: object) -> tuple[int | None, bool | None, int | None]:
    """(rank, shared, out of) of a shown placing; (None, None, None) for '–' or ''."""
    match = _PLACING.match(str(text or "").strip())
    if match is None:
        return None, None, None
    of = int(match["of"]) if match["of"] else None
    return int(match["rank"]), bool(match["shared"]), of


def with_numeric_placings(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """The frame with each placing column as a number, followed by whether it is shared and
    (where the text says 'av 8') how many it is out of: 'delad 5:e av 8' is 5, Ja, 8."""
    out = frame.copy()
    for name in columns:
        if name not in out.columns:
            continue
        parts = [placing_parts(t) for t in out[name]]
        at = list(out.columns).index(name)
        # no placing: empty, or the words why ('Rangordnas inte'), which the download
        # moves to its note column
        out[name] = pd.Series(
            [p[0] if p[0] is not None else None if str(t or "–") == "–" else t
             for p, t in zip(parts, out[name], strict=True)], index=out.index, dtype=object)  # fmt: skip
        shared = [("" if p[1] is None else "Ja" if p[1] else "Nej") for p in parts]
        suffix = "" if name == "Placering" else f" ({name[0].lower()}{name[1:]})"
        out.insert(at + 1, f"{SHARED_PLACING_COLUMN}{suffix}", shared)
        if any(p[2] is not None for p in parts):
            of_name = f"Antal kommuner i jämförelsen{suffix}"
            out.insert(
                at + 2, of_name, pd.Series([p[2] for p in parts], index=out.index, dtype=object)
            )
    return out


# --- changes: a signed number with its unit ------------------------------------------------


def change_unit(ind: pd.Series) -> str:
    """The unit a change of the indicator is counted in: shares in percentage points."""
    return "procentenheter" if ind["type"] == "andel" else str(ind["unit"] or "")


def change_number(change: float, ind: pd.Series) -> float | int | None:
    """The change as the page rounds it (whole percentage points, counts; hundredths of a
    decimal), None when there is none."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return None
    decimals = 2 if ind["type"] == "decimal" else 0
    rounded = round(float(change), decimals)
    return int(rounded) if decimals == 0 else rounded


def change_cells(frame: pd.DataFrame, ind: pd.Series) -> list[object]:
    """Per row the change as a signed number written as the page rounds it ('−0,50', which
    the download reads back as the number -0.5), or the shown reason why there is none ('Ny
    definition från 2025: …', 'Ingen jämförelse med 2024'): the download moves a reason to
    its note column and leaves the cell empty. `frame` has the columns change and
    change_text (domain.overview)."""
    cells: list[object] = []
    for change, text in zip(frame["change"], frame["change_text"], strict=True):
        number = change_number(change, ind)
        shown = str(text or "")
        is_change = shown[:1] in ("+", "−", "-", "±") or shown.startswith("Oförändrat")
        # written as the page rounds it ('−0,50'): the download keeps its decimals
        decimals = 2 if ind["type"] == "decimal" else 0
        cells.append(format_number(number or 0.0, decimals) if number is not None and is_change
                     else shown or "–")  # fmt: skip
    return cells


def with_change_numbers(table: pd.DataFrame, frame: pd.DataFrame, ind: pd.Series,
                        year: int) -> pd.DataFrame:  # fmt: skip
    """Översikt's table for its download: the shown 'Förändring' ('+7 procentenheter sedan
    2024') as a signed number with a unit column. A status's change stays words ('Ändrat
    från Nej (2024)'): it has no number."""
    if ind["type"] not in ("andel", "antal", "decimal") or "Förändring" not in table.columns:
        return table
    out = table.copy()
    at = list(out.columns).index("Förändring")
    out = out.drop(columns="Förändring")
    out.insert(at, f"Förändring sedan {year - 1}", change_cells(frame, ind))
    out.insert(at + 1, CHANGE_UNIT_COLUMN, change_unit(ind))
    return out


# --- a county's or group's count: '4 av 8: Ja' as numbers -----------------------------------

# How comparison.summary_text says a status scale's figure: how many of those with a value
# have the top level ('4 av 8: Ja', '0 av 8: I bruk', '4 av 7: Uppfyllt').
_COUNT = re.compile(r"^(?P<top>\d+) av (?P<known>\d+): (?P<level>.+)$")
TOP_COUNT = "antal med bästa nivån"
KNOWN_COUNT = "antal med uppgift"
TOP_LEVEL = "bästa nivån"
STATUS_SUFFIX = "status"  # '2025, status': a municipality's level in words beside its numbers


def count_prefix(header: str) -> str:
    """Whose count a column holds: 'Länssnitt' and 'Länet' are the county's, 'Liknande
    kommuner, snitt' the group's (a count is no mean: the word 'snitt' goes)."""
    if header in ("Länssnitt", "Länet"):
        return "Länet"
    return header.removesuffix(", snitt").removesuffix(" snitt")


def split_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each '4 av 8: Ja' cell split into numbers in their own columns after
    its column ('Länet, antal med bästa nivån' 4, 'Länet, antal med uppgift' 8) and the level
    in words ('Länet, bästa nivån' Ja); the cell itself becomes empty. A column that held
    nothing but counts (a status indicator's 'Länssnitt') goes: it never held a mean."""
    out = frame.copy()
    for name in list(out.columns):
        matches = [_COUNT.match(c) if isinstance(c, str) else None for c in out[name]]
        if not any(matches):
            continue
        prefix = count_prefix(str(name))
        at = list(out.columns).index(name)
        rest = [None if m else c for m, c in zip(matches, out[name], strict=True)]
        # a column with no number besides its counts goes; its other words ('Uppgift
        # saknas', 'Visas inte (röjandeskydd)') stand in the level column instead
        keep = any(isinstance(c, (int, float)) and not pd.isna(c)
                   or isinstance(c, str) and re.search(r"\d", c) for c in rest)  # fmt: skip
        words = [("" if keep or not isinstance(c, str) else c) for c in rest]
        parts = {
            f"{prefix}, {TOP_COUNT}": [int(m["top"]) if m else None for m in matches],
            f"{prefix}, {KNOWN_COUNT}": [int(m["known"]) if m else None for m in matches],
            f"{prefix}, {TOP_LEVEL}": [m["level"] if m else w for m, w in zip(matches, words, strict=True)],
        }  # fmt: skip
        for offset, (part, values) in enumerate(parts.items(), start=1):
            out.insert(at + offset, part, pd.Series(values, index=out.index, dtype=object))
        if keep:
            out[name] = pd.Series(rest, index=out.index, dtype=object)
        else:
            out = out.drop(columns=name)
    return out
