"""Comparison figures for the presenter's slides: compliance profile and heatmap (plotly).

Pure functions from the frames of dashboard.domain.comparison to plotly figures; the pages draw the
same charts, the ranking and the trends as SVG (svg_heatmap, svg_bars, svg_lines), which share
the colours and symbols below. Missing values are never drawn as a value: they are grey
(MISSING_COLOR) and say 'Uppgift saknas'. 'Min kommun' is drawn in HIGHLIGHT_COLOR and also
named and set in bold, so it does not rely on colour.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import (
    BORDER_COLOR,
    CATEGORICAL,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    SEQUENTIAL,
    TEMPLATE_NAME,
    text_color_on,
)
from dashboard.domain.formatting import MISSING

BAR_COLOR = CATEGORICAL[0]
# Lines for municipalities other than 'min kommun': no vermilion (the highlight) and no
# yellow (too light on white); each also gets its own marker symbol.
LINE_COLORS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9"]
LINE_SYMBOLS = ["circle", "square", "triangle-up", "x", "star"]
# Heatmap: five steps of 20 percentage points (the lightest SEQUENTIAL step is left out so
# that 0–19 % is not mistaken for the grey of 'Uppgift saknas').
HEAT_STEPS = SEQUENTIAL[1:]
HEAT_LABELS = ["0–19 %", "20–39 %", "40–59 %", "60–79 %", "80–100 %"]


def heat_legend_items() -> list[tuple[str, str]]:
    """(colour, label) of the heatmap's steps, then grey for 'Uppgift saknas'."""
    return [*zip(HEAT_STEPS, HEAT_LABELS, strict=True), (MISSING_COLOR, MISSING)]


def mine_tick(name: str, is_mine: bool) -> str:
    """Axis label (short, for phones): 'min kommun' in bold with a marker."""
    return f"<b>▶ {name}</b>" if is_mine else name


def heat_step(score: float) -> int | None:
    """Index into HEAT_STEPS for a share 0–100; None when missing."""
    if score is None or math.isnan(score):
        return None
    return min(len(HEAT_STEPS) - 1, max(0, int(score // 20)))


def _base_layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    fig.update_layout(template=TEMPLATE_NAME, height=height, dragmode=False, **extra)
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)  # long municipality names are never cut off
    return fig


# --- profile: compliance per goal area ---------------------------------------------------


def compliance_bars(profile: pd.DataFrame, name: str, show_group: bool = True) -> go.Figure:
    """Grouped horizontal bars per goal area: the municipality, the county mean and (if
    asked) the mean of municipalities of similar size. Columns as comparison.compliance_profile.
    """
    series = [(name, "score", "label", BAR_COLOR, "")]
    series.append(("Länssnitt", "county", "county_label", "#7f7f7f", "/"))
    if show_group:
        series.append(("Liknande kommuner, snitt", "group", "group_label", "#e69f00", "."))
    fig = go.Figure()
    labels = profile["short"].tolist()
    for title, column, label_column, color, pattern in series:
        values = [None if math.isnan(v) else v for v in profile[column]]
        texts = profile[label_column].tolist()
        fig.add_trace(
            go.Bar(
                y=labels, x=[v if v is not None else 0 for v in values], orientation="h",
                name=title, text=texts, textposition="outside", cliponaxis=False,
                marker={"color": [color if v is not None else MISSING_COLOR for v in values],
                        "pattern": {"shape": pattern, "fgcolor": "#ffffff"} if pattern else {},
                        "line": {"color": BORDER_COLOR, "width": 0.5}},
                customdata=profile["name"],
                hovertemplate=f"{title}<br>%{{customdata}}: %{{text}}<extra></extra>",
            )
        )  # fmt: skip
    ticks = [0, 25, 50, 75, 100]
    fig.update_xaxes(range=[0, 125], tickvals=ticks, ticktext=[f"{t}\u00a0%" for t in ticks],
                     title_text="Andel uppfyllda kriterier")  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return _base_layout(
        fig, 120 + 85 * len(labels), barmode="group", bargap=0.25,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 20, "t": 50, "b": 10},
    )  # fmt: skip


# --- heatmap -----------------------------------------------------------------------------


def compliance_heatmap(matrix: pd.DataFrame, mine: str | None = None) -> go.Figure:
    """Municipality × goal area, compliance share written in each cell.

    `matrix` as comparison.heatmap_matrix (rows already in order). Colours are five steps
    of 20 points so equal values always share a colour; missing cells are grey and say
    'Uppgift saknas'; text is black or white by figures.text_color_on.
    """
    rows = matrix.drop_duplicates("code").sort_values("row_order")
    columns = list(dict.fromkeys(matrix["column"]))
    column_names = dict(zip(matrix["column"], matrix["column_name"], strict=False))
    row_labels = [mine_tick(n, c == mine) for n, c in zip(rows["name"], rows["code"], strict=True)]
    lookup = matrix.set_index(["code", "column"])
    # Cells are grouped by the colour of their text (one trace each), as a heatmap trace has
    # one text colour; the text is the trace's own (texttemplate), not a layout annotation
    # per cell, which plotly measures one by one: a first draw on a fresh page took 221 ms
    # instead of 365 (median of 4, Chromium on this VM), a redraw 62 ms instead of 73.
    groups: dict[tuple[bool, str], dict[str, list]] = {}
    for r_index, code in enumerate(rows["code"]):
        for c_index, column in enumerate(columns):
            cell = lookup.loc[(code, column)]
            step = heat_step(float(cell["score"]))
            background = MISSING_COLOR if step is None else HEAT_STEPS[step]
            key = (step is None, text_color_on(background))
            # other groups' cells: no value, and "" (plotly writes None out as 'null')
            group = groups.setdefault(key, {name: [[blank] * len(columns) for _ in range(len(rows))]
                                            for name, blank in (("z", None), ("text", ""),
                                                                ("hover", ""))})  # fmt: skip
            group["z"][r_index][c_index] = 1 if step is None else step
            group["text"][r_index][c_index] = (
                "Uppgift<br>saknas" if step is None else str(cell["label"])
            )
            group["hover"][r_index][c_index] = (
                f"{cell['name']}<br>{column_names[column]}: {cell['label']}"
            )
    x = list(range(len(columns)))
    y = list(range(len(rows)))
    n = len(HEAT_STEPS)
    scale = []
    for i, color in enumerate(HEAT_STEPS):
        scale += [[i / n, color], [(i + 1) / n, color]]
    fig = go.Figure()
    for (is_missing, text_color), group in sorted(groups.items(), reverse=True):
        colors = {"colorscale": [[0, MISSING_COLOR], [1, MISSING_COLOR]], "zmin": 0, "zmax": 1,
                  "name": MISSING} if is_missing else {
                  "colorscale": scale, "zmin": -0.5, "zmax": n - 0.5, "name": "Andel uppfyllda"}  # fmt: skip
        fig.add_trace(
            go.Heatmap(
                x=x, y=y, z=group["z"], text=group["text"], customdata=group["hover"],
                texttemplate="%{text}", textfont={"color": text_color, "size": 11 if is_missing else 12},
                hovertemplate="%{customdata}<extra></extra>", hoverongaps=False,
                xgap=2, ygap=2, showscale=False,  # the page shows the steps as an HTML legend
                **colors,
            )
        )  # fmt: skip
    if mine in set(rows["code"]):
        index = list(rows["code"]).index(mine)
        fig.add_shape(
            type="rect", x0=-0.5, x1=len(columns) - 0.5, y0=index - 0.5, y1=index + 0.5,
            line={"color": HIGHLIGHT_COLOR, "width": 4}, xref="x", yref="y",
        )  # fmt: skip
    fig.update_xaxes(tickvals=x, ticktext=columns, side="top", showgrid=False, zeroline=False,
                     fixedrange=True)  # fmt: skip
    fig.update_yaxes(tickvals=y, ticktext=row_labels, autorange="reversed", showgrid=False,
                     zeroline=False, fixedrange=True)  # fmt: skip
    return _base_layout(fig, 70 + 46 * len(rows), margin={"l": 10, "r": 10, "t": 40, "b": 10})
