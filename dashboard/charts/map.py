"""How a county map is coloured: one colour per status for categorical indicators, a
sequential scale from zero for numeric ones, grey and named for missing values.

svg_map.py draws the map from this, on the pages and (at slide size) on the presenter's
slides, so every map shows the same colours and legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.charts import (
    MISSING_COLOR,
    ORDINAL_STEPS,
    SEQUENTIAL,
    YES_NO,
)
from dashboard.domain.formatting import MISSING

SUPPRESSED_LEGEND = "Visas inte (röjandeskydd)"


def _bounds(geojson: dict) -> tuple[float, float, float, float]:
    lons, lats = [], []

    def walk(coords) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(coords[0])
            lats.append(coords[1])
        else:
            for part in coords:
                walk(part)

    for feature in geojson["features"]:
        walk(feature["geometry"]["coordinates"])
    return min(lons), min(lats), max(lons), max(lats)


def category_colors(levels: pd.DataFrame, scale: str) -> dict[str, str]:
    """Colour per scale code: yes/no in blue/orange, ordered statuses light → dark."""
    ordered = levels.dropna(subset=["order"])
    if scale == "ja_nej":
        return {code: YES_NO.get(code, MISSING_COLOR) for code in ordered["code"]}
    steps = ORDINAL_STEPS.get(len(ordered)) or ORDINAL_STEPS[5]
    return dict(zip(ordered["code"], steps, strict=False))


def _sequential_color(score: float, low: float, high: float) -> str:
    if math.isnan(score):
        return MISSING_COLOR
    position = 0.0 if high <= low else (score - low) / (high - low)
    index = min(len(SEQUENTIAL) - 1, int(position * (len(SEQUENTIAL) - 1) + 0.5))
    return SEQUENTIAL[index]


@dataclass(frozen=True)
class MapColouring:
    """How a snapshot is coloured: drawn by svg_map.py on the pages and the slides."""

    frame: pd.DataFrame  # the snapshot plus fill, missing and hidden
    groups: list  # categorical: (label, colour, row mask) per step of the scale, in order
    value_range: tuple[float, float] | None  # numeric: the colour scale's ends
    extra_legend: list[tuple[str, str]]  # (label, colour): missing and hidden values

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(label, color) for label, color, _mask in self.groups] + self.extra_legend


def colouring(
    snapshot: pd.DataFrame,
    *,
    indicator_type: str,
    scale: str,
    levels: pd.DataFrame | None,
    value_range: tuple[float, float] | None = None,
) -> MapColouring:
    """Categorical indicators get one colour per status, numeric ones a sequential scale
    from zero; missing values are grey and named 'Uppgift saknas'."""
    frame = snapshot.copy()
    hidden = frame["suppressed"] if "suppressed" in frame else pd.Series(False, frame.index)
    frame["hidden"] = hidden.astype(bool)
    frame["missing"] = (frame["label"] == MISSING) | frame["hidden"]
    low_high = None
    if indicator_type in {"ja_nej", "ordinal"} and levels is not None:
        colors = category_colors(levels, scale)
        groups = [(row["label"], colors[row["code"]], frame["raw"] == row["code"])
                  for _, row in levels.iterrows() if row["code"] in colors]  # fmt: skip
        frame["fill"] = frame["raw"].map(colors).fillna(MISSING_COLOR)
    else:
        valid = frame.loc[~frame["missing"], "score"]
        # From zero: all values are counts or shares ≥ 0, and a scale from the smallest to
        # the largest value would make a tiny spread look large.
        low_high = value_range or (
            (0.0, max(1.0, float(valid.max()))) if len(valid) else (0.0, 1.0)
        )
        frame["fill"] = [_sequential_color(s, *low_high) for s in frame["score"]]
        groups = []
    frame.loc[frame["missing"], "fill"] = MISSING_COLOR
    extra = [
        (name, MISSING_COLOR)
        for name, rows in ((MISSING, frame["missing"] & ~frame["hidden"]),
                           (SUPPRESSED_LEGEND, frame["hidden"]))
        if rows.any()
    ]  # fmt: skip
    return MapColouring(frame, groups, low_high, extra)
