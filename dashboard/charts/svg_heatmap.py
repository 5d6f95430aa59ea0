"""Jämför's compliance matrix as SVG written by the server: on screen without plotly.js.

Municipality × goal area, the share of criteria met written in each cell, in the same five
steps as every share on every view (charts/colours.py); grey cells say 'Uppgift saknas'. The SVG is an
image (role="img") whose name points to the table beside it, which holds the same numbers;
each cell has a tooltip. Every text is escaped; nothing here comes from a visitor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import pandas as pd

from dashboard.charts import (
    FONT_FAMILY,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    TEXT_COLOR,
    text_color_on,
)
from dashboard.charts.colours import share_scale
from dashboard.domain.comparison import Skipped

LABEL_WIDTH = 104  # the municipality names, right-aligned; wider for longer names
CHAR_WIDTH = 7.8  # a character at 14 user units, with room for bold
CELL_WIDTH, CELL_HEIGHT, GAP = 54, 42, 2
# Above this many rows (a county of 49 municipalities) rows are lower, so the matrix is not
# taller than the table beside it; a missing value then reads "saknas" on one line.
COMPACT_ROWS, COMPACT_HEIGHT = 16, 28
HEADER = 26
MARGIN = 3  # room for the highlight's outer half


def compliance_heatmap_svg(
    matrix: pd.DataFrame,
    label: str,
    mine: str | None = None,
    href: Callable[[str], str] | None = None,
    window: Sequence[str | Skipped] | None = None,
) -> str:
    """`matrix` as comparison.heatmap_matrix (rows already in order); `label` names the
    chart. With `href`, each row's name is a link to the municipality's page. `window`
    (comparison.rank_window of the codes in order) draws only those rows, and a row saying
    how many are left out at each gap."""
    rows = matrix.drop_duplicates("code").sort_values("row_order")
    names = dict(zip(rows["code"], rows["name"], strict=True))
    shown: Sequence[str | Skipped] = list(rows["code"]) if window is None else window
    columns = list(dict.fromkeys(matrix["column"]))
    column_names = dict(zip(matrix["column"], matrix["column_name"], strict=False))
    lookup = matrix.set_index(["code", "column"])
    shares = share_scale()
    row_height = CELL_HEIGHT if len(shown) <= COMPACT_ROWS else COMPACT_HEIGHT
    longest = max((len(str(n)) for n in rows["name"]), default=0)
    label_width = max(LABEL_WIDTH, round(CHAR_WIDTH * longest) + 24)  # + '▶ ' and the gap
    width = label_width + CELL_WIDTH * len(columns) + MARGIN
    height = HEADER + row_height * len(shown) + MARGIN
    parts = []
    for c_index, column in enumerate(columns):
        x = label_width + CELL_WIDTH * c_index + CELL_WIDTH / 2
        parts.append(f'<text x="{x:.0f}" y="18" text-anchor="middle">{escape(str(column))}</text>')
    for r_index, code in enumerate(shown):
        y = HEADER + row_height * r_index
        if isinstance(code, Skipped):
            centre = label_width + CELL_WIDTH * len(columns) / 2
            parts.append(
                f'<text class="heatmap-skipped" x="{centre:.0f}" y="{y + row_height / 2:.0f}" '
                f'text-anchor="middle" dominant-baseline="middle" font-style="italic">'
                f"… {escape(code.text)} …</text>"
            )
            continue
        name = names[code]
        own = code == mine
        weight = ' font-weight="700"' if own else ""
        row_name = (
            f'<text x="{label_width - 8}" y="{y + row_height / 2:.0f}" text-anchor="end" '
            f'dominant-baseline="middle"{weight}>{"▶ " if own else ""}{escape(str(name))}</text>'
        )
        if href is not None:
            row_name = (f'<a href="{escape(href(str(code)))}" data-app-link="true" '
                        f'class="chart-link">{row_name}</a>')  # fmt: skip
        parts.append(row_name)
        for c_index, column in enumerate(columns):
            cell = lookup.loc[(code, column)]
            step = shares.step(None, float(cell["score"]))
            fill = MISSING_COLOR if step is None else step.color
            x = label_width + CELL_WIDTH * c_index
            tooltip = f"{name}\n{column_names[column]}: {cell['label']}"
            centre_x, centre_y = x + CELL_WIDTH / 2, y + row_height / 2
            if step is None and row_height < CELL_HEIGHT:
                lines, size = [("saknas", centre_y)], 11
            elif step is None:  # two lines, as 'Uppgift saknas' is wider than a cell
                lines = [("Uppgift", centre_y - 7), ("saknas", centre_y + 7)]
                size = 11
            else:
                lines, size = [(str(cell["label"]), centre_y)], 14
            text = "".join(
                f'<tspan x="{centre_x:.0f}" y="{line_y:.0f}">{escape(line)}</tspan>'
                for line, line_y in lines
            )
            parts.append(
                f"<g><title>{escape(tooltip)}</title>"
                f'<rect x="{x + GAP / 2:.0f}" y="{y + GAP / 2:.0f}" width="{CELL_WIDTH - GAP}" '
                f'height="{row_height - GAP}" fill="{fill}"/>'
                f'<text text-anchor="middle" dominant-baseline="middle" font-size="{size}" '
                f'fill="{text_color_on(fill)}">{text}</text></g>'
            )
        if own:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{CELL_WIDTH * len(columns)}" '
                f'height="{row_height}" fill="none" stroke="{HIGHLIGHT_COLOR}" stroke-width="4"/>'
            )
    return (
        f'<svg class="svg-chart svg-heatmap" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" role="{"group" if href else "img"}" '
        f'aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">'
        f"{''.join(parts)}</svg>"
    )
