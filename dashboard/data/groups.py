"""Whom a municipality is compared with: size classes or a published grouping, from data/.

Read-only, no Dash. Three cases, in this order:

- ``data/jamforelsegrupper.csv`` (kommunkod;grupp;kalla): a published grouping, such as SKR's
  kommungruppsindelning. Every municipality of kommuner.csv must be in it exactly once; rows
  for municipalities of other counties are allowed (one national file serves every county)
  and left out. The source (kalla) is cited wherever the groups are explained.
- ``data/storleksklasser.csv`` (fran_invanare;benamning): size classes, each from its
  number of inhabitants up to the next; the first starts at 0.
- neither: the three classes the county's plan work has used (under 15 000, 15 000–40 000,
  over 40 000 inhabitants), which suit a county of eight municipalities.

With both files the official has to choose: that is a DataError, not a silent preference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.tables import (
    DataError,
    bounded_integers,
    read_table,
    require_unique,
    require_values,
)

GROUPS_FILE = "jamforelsegrupper.csv"
BANDS_FILE = "storleksklasser.csv"
MAX_BANDS = 20
MAX_INHABITANTS = 20_000_000  # the loader's bound on a municipality's population


@dataclass(frozen=True)
class SizeBand:
    low: int  # inclusive
    high: float  # exclusive
    label: str


DEFAULT_BANDS = (
    SizeBand(0, 15_000, "under 15 000 invånare"),
    SizeBand(15_000, 40_000, "15 000–40 000 invånare"),
    SizeBand(40_000, math.inf, "över 40 000 invånare"),
)


@dataclass(frozen=True)
class ComparisonGroups:
    """Size classes (`bands`) or a published grouping (`group_of`: code → group name)."""

    bands: tuple[SizeBand, ...] = DEFAULT_BANDS
    group_of: tuple[tuple[str, str], ...] = ()
    source: str = ""  # the grouping's source, or the size classes' file when configured

    @property
    def is_grouping(self) -> bool:
        return bool(self.group_of)


DEFAULT = ComparisonGroups()


def load(data_dir: Path, codes: list[str]) -> ComparisonGroups:
    """The comparison groups configured in data_dir for these municipality codes."""
    groups_path, bands_path = data_dir / GROUPS_FILE, data_dir / BANDS_FILE
    if groups_path.is_file() and bands_path.is_file():
        raise DataError(
            f"både {GROUPS_FILE} och {BANDS_FILE} finns. Behåll den fil som ska styra vilka "
            "kommuner som jämförs med varandra och ta bort den andra.",
            file=f"data/{GROUPS_FILE}",
        )
    if groups_path.is_file():
        return _load_grouping(groups_path, codes)
    if bands_path.is_file():
        return _load_bands(bands_path)
    return DEFAULT


def _load_grouping(path: Path, codes: list[str]) -> ComparisonGroups:
    name = f"data/{GROUPS_FILE}"
    frame = read_table(path, ["kommunkod", "grupp", "kalla"])
    require_values(frame, ["kommunkod", "grupp", "kalla"], name)
    require_unique(frame, ["kommunkod"], name)
    ours = frame[frame["kommunkod"].isin(set(codes))]
    missing = sorted(code for code in codes if code not in set(ours["kommunkod"]))
    if missing:
        raise DataError(
            f"kommunerna {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''} saknas. "
            "Varje kommun i kommuner.csv ska ha en grupp.",
            file=name,
        )
    sources = sorted(set(ours["kalla"]))
    if len(sources) > 1:
        raise DataError(f"flera källor ({'; '.join(sources)}); en indelning i taget.", file=name)
    order = {code: i for i, code in enumerate(codes)}
    pairs = sorted(zip(ours["kommunkod"], ours["grupp"], strict=True), key=lambda p: order[p[0]])
    return ComparisonGroups(bands=(), group_of=tuple(pairs), source=sources[0])


def _load_bands(path: Path) -> ComparisonGroups:
    name = f"data/{BANDS_FILE}"
    frame = read_table(path, ["fran_invanare", "benamning"])
    require_values(frame, ["fran_invanare", "benamning"], name)
    if len(frame) > MAX_BANDS:
        raise DataError(f"högst {MAX_BANDS} storleksklasser.", file=name)
    lows: list[int] = []
    numbers = bounded_integers(frame, "fran_invanare", name, 0, MAX_INHABITANTS,
                               "ett helt antal invånare")  # fmt: skip
    for row, low in zip(frame["_row"], numbers.astype(int), strict=True):
        if lows and low <= lows[-1]:
            raise DataError("klasserna ska stå i växande ordning, utan dubbletter.", file=name,
                            row=int(row), column="fran_invanare")  # fmt: skip
        if not lows and low != 0:
            raise DataError("den första klassen ska börja på 0 invånare.", file=name,
                            row=int(row), column="fran_invanare")  # fmt: skip
        lows.append(low)
    highs = [*lows[1:], math.inf]
    bands = tuple(SizeBand(low, high, str(label)) for low, high, label in
                  zip(lows, highs, frame["benamning"], strict=True))  # fmt: skip
    return ComparisonGroups(bands=bands, source=name)
