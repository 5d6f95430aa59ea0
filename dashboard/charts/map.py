"""How a county map is coloured: by the indicator's scale (charts/colours.py), the same
steps as every other view; grey, hatched and named for missing values.

svg_map.py draws the map from this, on the pages and (at slide size) on the presenter's
slides, so every map shows the same colours and legend.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.charts import MISSING_COLOR
from dashboard.charts.colours import STATUS, IndicatorScale, Step
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


@dataclass(frozen=True)
class MapColouring:
    """How a snapshot is coloured: drawn by svg_map.py on the pages and the slides."""

    frame: pd.DataFrame  # the snapshot plus fill, missing and hidden
    scale: IndicatorScale  # the indicator's one scale (charts/colours.py)
    extra_legend: list[tuple[str, str]]  # (label, colour): missing and hidden values

    @property
    def legend(self) -> list[tuple[str, str]]:
        """Every step of the scale, labelled, then missing and hidden values if any."""
        return self.scale.legend() + self.extra_legend


def colouring(snapshot: pd.DataFrame, scale: IndicatorScale) -> MapColouring:
    """Each municipality's fill from the indicator's scale; missing values are grey (and
    hatched on the map) and named 'Uppgift saknas'."""
    frame = snapshot.copy()
    hidden = frame["suppressed"] if "suppressed" in frame else pd.Series(False, frame.index)
    frame["hidden"] = hidden.astype(bool)
    fills = [
        scale.step(raw, score) for raw, score in zip(frame["raw"], frame["score"], strict=True)
    ]
    no_step = pd.Series([f is None for f in fills], index=frame.index)
    frame["missing"] = (frame["label"] == MISSING) | frame["hidden"] | no_step
    frame["fill"] = [MISSING_COLOR if f is None else f.color for f in fills]
    frame.loc[frame["missing"], "fill"] = MISSING_COLOR
    extra = [
        (name, MISSING_COLOR)
        for name, rows in ((MISSING, frame["missing"] & ~frame["hidden"]),
                           (SUPPRESSED_LEGEND, frame["hidden"]))
        if rows.any()
    ]  # fmt: skip
    return MapColouring(frame, scale, extra)


def category_colouring(frame: pd.DataFrame, levels: tuple[tuple[str, str], ...],
                       title: str) -> MapColouring:  # fmt: skip
    """A map of categories (frame: code, raw = a level's code, label; e.g. local plans): the
    criterion scale's three colours in the levels' order (dark blue, light blue, orange), so
    they pass the same colour-blindness checks; a municipality without a level is missing."""
    colors = list(STATUS["kriterium"].values())
    scale = IndicatorScale(
        tuple(Step(label, colors[i], code=code) for i, (code, label) in enumerate(levels)), title
    )
    return colouring(frame, scale)
