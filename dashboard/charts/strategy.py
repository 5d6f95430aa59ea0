"""Strategi's goal → delmål hierarchy (plotly: its boxes are links); the pages' bars are SVG
(svg_bars.py) in the colours of charts/colours.py."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import (
    TEMPLATE_NAME,
    TEXT_COLOR,
    text_color_on,
)
from dashboard.charts.colours import ROLE_GOALS


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


# A node of the goal treemap: (id, label, parent, value, colour, hover text, page address)
_Node = tuple[str, str, str, float, str, str, str]


def _goal_nodes(index: int, goal: pd.Series, own: pd.DataFrame, wrap: int) -> list[_Node]:
    """One goal's group, its title row and a row per delmål. A row's height follows its
    wrapped lines, the group's is theirs together, so the band shows how many delmål."""
    base = ROLE_GOALS[index % len(ROLE_GOALS)]  # no status hue: goals are not verdicts
    group = f"mal-{goal['id']}"
    title = f"Mål {goal['id']}: {goal['name']}"
    title_lines = _wrap(title, wrap, 3)
    rows = [(f"{group}-namn", f"<b>{title_lines}</b>", base, title, f"/strategi/{goal['id']}",
             max(1.0, (title_lines.count("<br>") + 1) / 2))]  # fmt: skip
    rows += [
        (f"delmal-{s['id']}", f"<b>{s['id']}</b> {_wrap(s['text'], wrap, 2)}",
         _tint(base, 0.75), f"Delmål {s['id']}: {s['text']}",
         f"/strategi/{goal['id']}/{s['id']}", 1.0)
        for _, s in own.iterrows()
    ]  # fmt: skip
    nodes: list[_Node] = [(group, "", "", sum(row[-1] for row in rows), base, title,
                           f"/strategi/{goal['id']}")]  # fmt: skip
    nodes += [(node_id, label, group, size, color, hover, link)
              for node_id, label, color, hover, link, size in rows]  # fmt: skip
    return nodes


def hierarchy_figure(
    goals: pd.DataFrame, subgoals: pd.DataFrame, *, wrap: int = 44, height: int | None = None
) -> go.Figure:
    """Treemap read like an outline: per goal a coloured title row, then a row per delmål.

    goals: id, name; subgoals: id, goal_id, text. Each goal is a group ('mal-2') holding its
    title row ('mal-2-namn') and its delmål ('delmal-2.5'); every row is equally tall, so a
    goal's band shows how many delmål it has. customdata holds each row's page address so a
    click can navigate.
    """
    nodes: list[_Node] = []
    for index, (_, g) in enumerate(goals.iterrows()):
        nodes += _goal_nodes(index, g, subgoals[subgoals["goal_id"] == g["id"]], wrap)
    # one list per treemap field (seven empty ones when there are no goals)
    columns = [list(c) for c in zip(*nodes, strict=True)] or [[] for _ in range(7)]
    ids, labels, parents, values, colors, hovers, links = columns
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
