"""Figures for the strategy pages: the goal → delmål hierarchy and one bar per indicator."""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import (
    CATEGORICAL,
    CRITERION,
    MISSING_COLOR,
    ORDINAL_STEPS,
    TEMPLATE_NAME,
    TEXT_COLOR,
    YES_NO,
    text_color_on,
)

BAR_COLOR = CATEGORICAL[0]
ROW_HEIGHT = 30


def _tint(color: str, amount: float) -> str:
    """Mix a hex colour with white (amount 0 = colour, 1 = white)."""
    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    mixed = (round(c + (255 - c) * amount) for c in (r, g, b))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _wrap(text: str, width: int, max_lines: int) -> str:
    lines = textwrap.wrap(str(text), width=width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.") + "…"
    return "<br>".join(lines)


def hierarchy_figure(
    goals: pd.DataFrame, subgoals: pd.DataFrame, *, wrap: int = 44, height: int | None = None
) -> go.Figure:
    """Treemap read like an outline: per goal a coloured title row, then a row per delmål.

    goals: id, name; subgoals: id, goal_id, text. Each goal is a group ('mal-2') holding its
    title row ('mal-2-namn') and its delmål ('delmal-2.5'); every row is equally tall, so a
    goal's band shows how many delmål it has. customdata holds each row's page address so a
    click can navigate.
    """
    ids, labels, parents, values, colors, hovers, links = [], [], [], [], [], [], []
    for index, (_, g) in enumerate(goals.iterrows()):
        own = subgoals[subgoals["goal_id"] == g["id"]]
        base = CATEGORICAL[index % len(CATEGORICAL)]
        group = f"mal-{g['id']}"
        title = f"Mål {g['id']}: {g['name']}"
        title_lines = _wrap(title, wrap, 3)
        rows = [(f"{group}-namn", f"<b>{title_lines}</b>", base, title, f"/strategi/{g['id']}",
                 max(1.0, (title_lines.count("<br>") + 1) / 2))]  # fmt: skip
        rows += [
            (f"delmal-{s['id']}", f"<b>{s['id']}</b> {_wrap(s['text'], wrap, 2)}",
             _tint(base, 0.75), f"Delmål {s['id']}: {s['text']}",
             f"/strategi/{g['id']}/{s['id']}", 1.0)
            for _, s in own.iterrows()
        ]  # fmt: skip
        ids.append(group)
        labels.append("")
        parents.append("")
        values.append(sum(row[-1] for row in rows))
        colors.append(base)
        hovers.append(title)
        links.append(f"/strategi/{g['id']}")
        for node_id, label, color, hover, link, size in rows:
            ids.append(node_id)
            labels.append(label)
            parents.append(group)
            values.append(size)
            colors.append(color)
            hovers.append(hover)
            links.append(link)
    text_colors = [text_color_on(c) for c in colors]
    figure = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            customdata=links,
            hovertext=hovers,
            hoverinfo="text",
            marker={
                "colors": colors,
                "line": {"color": "#ffffff", "width": 1},
                "pad": {"t": 2, "l": 2, "r": 2, "b": 2},
            },
            textfont={"color": text_colors, "size": 13},
            # The goal groups have no label of their own; without this plotly.js derives their
            # (unused) outside-text colour from the per-row list and warns in the console.
            outsidetextfont={"color": TEXT_COLOR, "size": 13},
            textinfo="label",
            textposition="middle left",
            tiling={"packing": "slice", "pad": 3},
            pathbar={"visible": False},
            sort=False,
        )
    )
    figure.update_layout(
        template=TEMPLATE_NAME,
        height=height or round(46 * sum(values[i] for i, p in enumerate(parents) if p)) + 10,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
    )
    return figure


def level_colors(scale: str, codes: list[str]) -> dict[str, str]:
    """Colour per code of a categorical scale (ordered codes), colour-blind safe."""
    if scale == "kriterium":
        return {c: CRITERION.get(c, MISSING_COLOR) for c in codes}
    if scale == "ja_nej":
        return {c: YES_NO.get(c, MISSING_COLOR) for c in codes}
    steps = ORDINAL_STEPS.get(len(codes)) or CATEGORICAL
    return {c: steps[i % len(steps)] for i, c in enumerate(codes)}


def indicator_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    categorical: bool,
    levels: pd.DataFrame | None = None,
    scale: str = "",
    value_range: tuple[float, float] | None = None,
    county_mean: float | None = None,
) -> go.Figure:
    """One horizontal bar per municipality for an indicator in a year.

    frame: name, raw, shown_score (NaN when missing or hidden), shown_label (the text shown at
    the bar, so nothing depends on colour). For categorical indicators the bar reaches the
    step on the ordered scale (levels: code, label, order) and the axis names the steps.
    """
    names = list(frame["name"])
    labels = list(frame["shown_label"])
    if categorical and levels is not None:
        ordered = levels.dropna(subset=["order"]).reset_index(drop=True)
        codes = list(ordered["code"])
        position = {c: i + 1 for i, c in enumerate(codes)}
        palette = level_colors(scale, codes)
        x = [position.get(r, 0) for r in frame["raw"]]
        colors = [palette.get(r, MISSING_COLOR) for r in frame["raw"]]
        # Every bar names its step, so the axis only needs the grid (labels collide on phones).
        xaxis = {
            "range": [0, len(codes) + 0.6],
            "tickvals": list(range(1, len(codes) + 1)),
            "showticklabels": False,
            "showgrid": True,
            "fixedrange": True,
        }
    else:
        x = [0 if (v is None or math.isnan(v)) else v for v in frame["shown_score"]]
        colors = [BAR_COLOR] * len(x)
        top = max([v for v in x if v] + [0])
        upper = value_range[1] if value_range else (top * 1.1 if top else 1)
        xaxis = {"range": [0, upper], "fixedrange": True, "rangemode": "tozero"}
    figure = go.Figure(
        go.Bar(
            x=x,
            y=names,
            orientation="h",
            marker={"color": colors, "line": {"color": TEXT_COLOR, "width": 0.5}},
            text=[label if value else "" for value, label in zip(x, labels, strict=True)],
            textposition="auto",  # inside when it fits, else just after the bar
            insidetextanchor="end",
            insidetextfont={"color": [text_color_on(c) for c in colors]},
            outsidetextfont={"color": TEXT_COLOR},
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    for name, value, label in zip(names, x, labels, strict=True):
        if not value:  # no bar to carry the text: missing, hidden or zero
            figure.add_annotation(
                x=0, y=name, text=label, showarrow=False, xanchor="left", xshift=4,
                font={"color": TEXT_COLOR},
            )  # fmt: skip
    if county_mean is not None and not math.isnan(county_mean):
        figure.add_vline(
            x=county_mean, line={"color": TEXT_COLOR, "dash": "dash", "width": 1.5},
            annotation_text="Snitt i länet", annotation_position="top",
        )  # fmt: skip
    figure.update_layout(
        template=TEMPLATE_NAME,
        title={"text": title, "font": {"size": 15}, "x": 0, "xanchor": "left"},
        height=ROW_HEIGHT * len(names) + 110,
        margin={"l": 10, "r": 20, "t": 50, "b": 30},
        xaxis=xaxis,
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        showlegend=False,
        bargap=0.3,
    )
    return figure
