"""County choropleth for the presenter's slides, drawn from the county's own GeoJSON.

On the pages the maps are SVG written by the server (svg_map.py), coloured by `colouring`
here, so both kinds of map show the same colours and legend.

plotly's geo subplot is used with every base layer hidden; its world topojson request is
pointed at a tiny local stand-in (assets/topojson/) so nothing is fetched from a CDN. The
Mercator projection is conformal like SWEREF 99 TM (a transverse Mercator), so at county scale
the shapes have the proportions of a Swedish map; an unprojected lon/lat drawing would squash
them by cos 57° ≈ 0.54. (plotly's "transverse mercator" ignores fitbounds, hence Mercator.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import (
    BORDER_COLOR,
    MISSING_COLOR,
    ORDINAL_STEPS,
    SEQUENTIAL,
    TEMPLATE_NAME,
    YES_NO,
    text_color_on,
)
from dashboard.domain.formatting import MISSING

PROJECTION = {"type": "mercator"}
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


def _geo_layout(geojson: dict, pad: float = 0.06) -> dict:
    # Explicit axis ranges make plotly fill the frame with the county; fitbounds leaves the
    # frame at the world's aspect ratio with wide empty bands.
    west, south, east, north = _bounds(geojson)
    dx, dy = (east - west) * pad, (north - south) * pad
    return {
        "visible": False,
        "projection": PROJECTION,
        "lonaxis": {"range": [west - dx, east + dx]},
        "lataxis": {"range": [south - dy, north + dy]},
        "bgcolor": "rgba(0,0,0,0)",
    }


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


def _hover(frame: pd.DataFrame, year: int, unit_note: str) -> tuple[list, str]:
    customdata = [
        [r["name"], r["label"], r["change_text"], r["source"] or "–", r["code"]]
        for _, r in frame.iterrows()
    ]
    template = (
        "<b>%{customdata[0]}</b><br>"
        f"{year}: %{{customdata[1]}}{unit_note}<br>"
        "%{customdata[2]}<br>"
        "Källa: %{customdata[3]}<extra></extra>"
    )
    return customdata, template


@dataclass(frozen=True)
class MapColouring:
    """How a snapshot is coloured: shared by the plotly map and the SVG map (svg_map.py)."""

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


def county_map(
    geojson: dict,
    snapshot: pd.DataFrame,
    *,
    indicator_type: str,
    scale: str,
    levels: pd.DataFrame | None,
    year: int,
    title: str,
    value_range: tuple[float, float] | None = None,
) -> go.Figure:
    """Choropleth of a snapshot (domain.snapshot plus a `change_text` column), coloured as
    `colouring` says, with a legend entry per step of the scale."""
    shapes = geojson  # the slide carries its geometry (8 municipalities, ~25 kB)
    paint = colouring(snapshot, indicator_type=indicator_type, scale=scale, levels=levels,
                      value_range=value_range)  # fmt: skip
    frame, groups, hidden = paint.frame, paint.groups, paint.frame["hidden"]
    fig = go.Figure()
    if groups:
        for label, color, mask in groups:
            subset = frame[mask & ~frame["missing"]]
            fig.add_trace(_flat_trace(shapes, subset, year, color, label, showlegend=False))
        # The legend lists every step of the scale, in order, also steps no municipality
        # has this year: a scale whose key changes from year to year is hard to read.
        for label, color, _mask in groups:
            fig.add_trace(
                go.Scattergeo(
                    lon=[None], lat=[None], mode="markers", name=label, legendgroup=label,
                    showlegend=True, hoverinfo="skip",
                    marker={"symbol": "square", "size": 15, "color": color,
                            "line": {"color": BORDER_COLOR, "width": 1}},
                )
            )  # fmt: skip
    else:
        present = frame[~frame["missing"]]
        customdata, template = _hover(present, year, "")
        low, high = paint.value_range
        fig.add_trace(
            go.Choropleth(
                geojson=shapes, featureidkey="properties.kommunkod",
                locations=present["code"], z=present["score"], zmin=low, zmax=high,
                customdata=customdata, hovertemplate=template,
                colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
                marker={"line": {"color": BORDER_COLOR, "width": 1}}, showlegend=False,
                colorbar={"title": {"text": title, "side": "top"}, "orientation": "h",
                          "thickness": 12, "len": 0.6, "x": 0.5, "xanchor": "center",
                          "y": -0.02, "yanchor": "top", "outlinewidth": 0},
                name=title,
            )
        )  # fmt: skip
    for name, rows in ((MISSING, frame["missing"] & ~hidden), (SUPPRESSED_LEGEND, hidden)):
        missing = frame[rows]
        if missing.empty:
            continue
        fig.add_trace(_flat_trace(shapes, missing, year, MISSING_COLOR, name, showlegend=True))
    _add_labels(fig, geojson, frame)
    fig.update_layout(
        template=TEMPLATE_NAME,
        geo=_geo_layout(geojson),
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"title": {"text": ""}, "orientation": "h", "y": -0.02, "x": 0.5,
                "xanchor": "center", "yanchor": "top", "font": {"size": 14}},
        dragmode=False,
        autosize=True,
        clickmode="event",
    )  # fmt: skip
    if not groups:  # numeric: the colour bar is at the bottom, so grey entries go top left
        fig.update_layout(legend={"y": 1, "x": 0, "xanchor": "left", "yanchor": "top",
                                  "orientation": "v"})  # fmt: skip
    return fig


def _flat_trace(shapes, rows: pd.DataFrame, year: int, color: str, name: str,
                showlegend: bool) -> go.Choropleth:  # fmt: skip
    """One colour for a group of municipalities (a status step, missing or hidden)."""
    customdata, template = _hover(rows, year, "")
    return go.Choropleth(
        geojson=shapes, featureidkey="properties.kommunkod", locations=rows["code"],
        z=[1] * len(rows), customdata=customdata, hovertemplate=template,
        colorscale=[[0, color], [1, color]], showscale=False, showlegend=showlegend,
        name=name, legendgroup=name, marker={"line": {"color": BORDER_COLOR, "width": 1}},
    )  # fmt: skip


def _add_labels(fig: go.Figure, geojson: dict, frame: pd.DataFrame) -> None:
    fills = dict(zip(frame["code"], frame["fill"], strict=True))
    features = sorted(geojson["features"], key=lambda f: f["properties"]["kommunkod"])
    lon = [f["properties"]["label_lon"] for f in features]
    lat = [f["properties"]["label_lat"] for f in features]
    names = [f["properties"]["kommun"] for f in features]
    colors = [text_color_on(fills.get(f["properties"]["kommunkod"], "#ffffff")) for f in features]
    fig.add_trace(
        go.Scattergeo(
            lon=lon, lat=lat, text=names, mode="text", hoverinfo="skip", showlegend=False,
            # "auto": a thin halo in the colour that contrasts with each label's own, so a
            # name that runs past its municipality's edge (Lessebo) stays readable
            textfont={"size": 13, "color": colors, "weight": 600, "shadow": "auto"},
        )
    )  # fmt: skip
