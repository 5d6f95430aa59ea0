"""Comparison figures: compliance profile, heatmap, ranking and trends.

Pure functions from the frames of dashboard.comparison to plotly figures. Missing values are
never drawn as a value: they are grey (MISSING_COLOR) and say 'Uppgift saknas'. 'Min kommun'
is drawn in HIGHLIGHT_COLOR and also named and set in bold, so it does not rely on colour.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import (
    BORDER_COLOR,
    CATEGORICAL,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    SEQUENTIAL,
    TEMPLATE_NAME,
    TEXT_COLOR,
    text_color_on,
)
from dashboard.formatting import MISSING

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


def mine_label(name: str, is_mine: bool) -> str:
    """Legend name: 'min kommun' in bold and named."""
    return f"<b>{name} (min kommun)</b>" if is_mine else name


def mine_tick(name: str, is_mine: bool) -> str:
    """Axis label (short, for phones): 'min kommun' in bold with a marker."""
    return f"<b>▶ {name}</b>" if is_mine else name


def wrap_title(text: str, width: int = 36) -> str:
    """A chart title in lines of about `width` characters (plotly does not wrap titles, and
    a long one is cut off on a phone); breaks after a comma when there is one."""
    if len(text) <= width:
        return text
    head, sep, tail = text[:width].rpartition(", ")
    if sep:
        return f"{head},<br>{wrap_title(text[len(head) + 2 :], width)}"
    return "<br>".join(textwrap.wrap(text, width))


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


# --- ranking -----------------------------------------------------------------------------


def ranking_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    levels: pd.DataFrame | None = None,
    means: Mapping[str, float] | None = None,
    mean_texts: Mapping[str, str] | None = None,
    mine: str | None = None,
    percent: bool = False,
) -> go.Figure:
    """Horizontal bars best first (frame as comparison.ranking), with average lines.

    Numbers and shares are drawn from zero; statuses (levels given) from one step before the
    lowest level, so the lowest status still has a visible bar unlike a missing value, which
    gets a grey marker and 'Uppgift saknas' instead of a bar. Value labels sit inside the
    end of the bar (outside only when a bar is too short) and the average lines are drawn
    below the bars and their labels, so a line never crosses a label; the legend names
    the lines. A share's axis stops at 100 %.
    """
    frame = frame.reset_index(drop=True)
    categorical = levels is not None
    offset = 1.0 if categorical else 0.0
    names = [mine_tick(n, c == mine) for n, c in zip(frame["name"], frame["code"], strict=True)]
    present = frame[~frame["missing"]]
    texts = present["label"].tolist()
    hover = [
        f"{r['name']}: {r['label']}" + (f" ({r['rank_label']})" if r["rank_label"] else "")
        for _, r in present.iterrows()
    ]
    colors = [HIGHLIGHT_COLOR if c == mine else BAR_COLOR for c in present["code"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=[names[i] for i in present.index], x=present["score"] + offset, orientation="h",
            marker={"color": colors, "line": {"color": BORDER_COLOR, "width": 0.5}},
            text=texts, textposition="auto", insidetextanchor="end", constraintext="none",
            insidetextfont={"color": [text_color_on(c) for c in colors]},
            outsidetextfont={"color": TEXT_COLOR}, cliponaxis=False, name=title,
            showlegend=False, customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        )
    )  # fmt: skip
    missing = frame[frame["missing"]]
    if not missing.empty:
        fig.add_trace(
            go.Scatter(
                y=[names[i] for i in missing.index], x=[0] * len(missing), mode="markers+text",
                marker={"symbol": "square", "size": 14, "color": MISSING_COLOR,
                        "line": {"color": BORDER_COLOR, "width": 1}},
                text=[MISSING] * len(missing), textposition="middle right", cliponaxis=False,
                name=MISSING, showlegend=False, hovertemplate="%{y}: " + MISSING + "<extra></extra>",
            )
        )  # fmt: skip
    top = float(present["score"].max()) + offset if not present.empty else 1.0
    if categorical:
        ordered = levels.dropna(subset=["order"])
        fig.update_xaxes(tickvals=[o + offset for o in ordered["order"]],
                         ticktext=ordered["label"].tolist(),
                         range=[0, float(ordered["order"].max()) + offset + 1.2])  # fmt: skip
    elif percent:  # a share: ticks stop at 100 %, a little room for an outside label
        ticks = [0, 25, 50, 75, 100]  # five ticks leave room between labels on a phone
        fig.update_xaxes(range=[0, 104], tickvals=ticks,
                         ticktext=[f"{t}\u00a0%" for t in ticks])  # fmt: skip
    else:
        finite = [v for v in (means or {}).values() if not math.isnan(v)]
        top = max([top, *finite]) if finite else top
        fig.update_xaxes(range=[0, (top or 1) * 1.15], rangemode="tozero")
    for i, (label, value) in enumerate((means or {}).items()):
        if value is None or math.isnan(value):
            continue
        text = (mean_texts or {}).get(label, "")
        fig.add_shape(  # below the bars, so it never crosses a value label
            type="line", x0=value + offset, x1=value + offset, y0=0, y1=1, yref="paper",
            line={"color": TEXT_COLOR, "width": 2, "dash": "dash" if i == 0 else "dot"},
            layer="between",
        )  # fmt: skip
        fig.add_trace(  # legend entry for the line (shapes have none)
            go.Scatter(
                x=[None], y=[None], mode="lines", name=f"{label}: {text}", showlegend=True,
                line={"color": TEXT_COLOR, "width": 2, "dash": "dash" if i == 0 else "dot"},
            )
        )  # fmt: skip
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed",
                     fixedrange=True)  # fmt: skip
    fig.update_xaxes(fixedrange=True)
    return _base_layout(
        fig, 110 + 40 * len(frame), bargap=0.3, margin={"l": 10, "r": 20, "t": 10, "b": 10},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    )  # fmt: skip


# --- trends ------------------------------------------------------------------------------


def trend_lines(
    frame: pd.DataFrame,
    *,
    title: str,
    levels: pd.DataFrame | None = None,
    means: Mapping[str, pd.DataFrame] | None = None,
    mine: str | None = None,
    percent: bool = False,
    mine_is_subject: bool = False,
) -> go.Figure:
    """One line per municipality over the years (frame as comparison.trends); gaps where a
    value is missing. `means` maps a label to a frame with year, score (dashed lines).
    On a municipality's own profile (mine_is_subject) its line is bold without 'min kommun'."""
    fig = go.Figure()
    others = 0
    for code in dict.fromkeys(frame["code"]):
        sub = frame[frame["code"] == code].sort_values("year")
        is_mine = code == mine
        if is_mine:
            color, symbol, width, size = HIGHLIGHT_COLOR, "diamond", 4, 11
        else:
            color = LINE_COLORS[others % len(LINE_COLORS)]
            symbol = LINE_SYMBOLS[others % len(LINE_SYMBOLS)]
            width, size = 2, 8
            others += 1
        fig.add_trace(
            go.Scatter(
                x=sub["year"], y=[None if math.isnan(v) else v for v in sub["score"]],
                mode="lines+markers",
                name=(f"<b>{sub['name'].iloc[0]}</b>" if is_mine and mine_is_subject
                      else mine_label(str(sub["name"].iloc[0]), is_mine)),
                line={"color": color, "width": width}, connectgaps=False,
                marker={"symbol": symbol, "size": size, "color": color},
                customdata=sub["label"], hovertemplate="%{fullData.name} %{x}: %{customdata}"
                "<extra></extra>",
            )
        )  # fmt: skip
    for i, (label, mean) in enumerate((means or {}).items()):
        fig.add_trace(
            go.Scatter(
                x=mean["year"], y=[None if math.isnan(v) else v for v in mean["score"]],
                mode="lines", name=label, connectgaps=False,
                line={"color": TEXT_COLOR if i == 0 else "#7f7f7f", "width": 2,
                      "dash": "dash" if i == 0 else "dot"},
                hovertemplate=f"{label} %{{x}}: %{{y:.1f}}<extra></extra>",
            )
        )  # fmt: skip
    if levels is not None:
        ordered = levels.dropna(subset=["order"])
        fig.update_yaxes(tickvals=ordered["order"].tolist(), ticktext=ordered["label"].tolist(),
                         range=[float(ordered["order"].min()) - 0.3,
                                float(ordered["order"].max()) + 0.3])  # fmt: skip
    elif percent:
        fig.update_yaxes(range=[-3, 103], ticksuffix=" %")
    else:
        fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(tickformat="d", fixedrange=True)  # plotly thins the years on phones
    fig.update_yaxes(fixedrange=True, title_text="")
    title = wrap_title(title)
    extra = 20 * title.count("<br>")
    return _base_layout(
        fig, 380 + extra, title={"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        margin={"l": 10, "r": 10, "t": 40 + extra, "b": 10}, hovermode="closest",
    )  # fmt: skip
