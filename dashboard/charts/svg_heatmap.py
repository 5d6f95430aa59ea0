"""Jämför's compliance matrix as SVG written by the server: on screen without plotly.js.

Municipality × goal area, the share of criteria met written in each cell, in the same five
steps as every share on every view (charts/colours.py); grey cells say 'Uppgift saknas'. The SVG is an
image (role="img") whose name points to the table beside it, which holds the same numbers;
each cell has a tooltip. Every text is escaped; nothing here comes from a visitor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd

from dashboard.charts import (
    FONT_FAMILY,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    TEXT_COLOR,
    text_color_on,
)
from dashboard.charts.colours import IndicatorScale, fill_role, share_scale
from dashboard.domain.comparison import Skipped

LABEL_WIDTH = 104  # the municipality names, right-aligned; wider for longer names
CHAR_WIDTH = 7.8  # a character at 14 user units, with room for bold
CELL_WIDTH, CELL_HEIGHT, GAP = 54, 42, 2
# Above this many rows (a county of 49 municipalities) rows are lower, so the matrix is not
# taller than the table beside it; a missing value then reads "saknas" on one line.
COMPACT_ROWS, COMPACT_HEIGHT = 16, 28
HEADER = 26
MARGIN = 3  # room for the highlight's outer half


@dataclass(frozen=True)
class _Grid:
    """The matrix's layout: where the cells start, its columns and the height of a row."""

    label_width: int
    columns: list
    row_height: int
    shares: IndicatorScale  # the five steps every share is coloured by

    @property
    def cells_width(self) -> int:
        return CELL_WIDTH * len(self.columns)


def _cell_text(label: str, missing: bool, centre_x: float, centre_y: float, row_height: int
               ) -> tuple[str, int]:  # fmt: skip
    """A cell's share, or 'Uppgift saknas' on two lines ('saknas' alone in a low row), and
    its font size."""
    if missing and row_height < CELL_HEIGHT:
        lines, size = [("saknas", centre_y)], 11
    elif missing:  # two lines, as 'Uppgift saknas' is wider than a cell
        lines = [("Uppgift", centre_y - 7), ("saknas", centre_y + 7)]
        size = 11
    else:
        lines, size = [(label, centre_y)], 14
    text = "".join(
        f'<tspan x="{centre_x:.0f}" y="{line_y:.0f}">{escape(line)}</tspan>'
        for line, line_y in lines
    )
    return text, size


def _cell(grid: _Grid, cell: pd.Series, tooltip: str, x: float, y: float) -> str:
    """One cell coloured by its share's step, its text by contrast, with a tooltip."""
    row_height = grid.row_height
    step = grid.shares.step(None, float(cell["score"]))
    fill = MISSING_COLOR if step is None else step.color
    text, size = _cell_text(str(cell["label"]), step is None, x + CELL_WIDTH / 2,
                            y + row_height / 2, row_height)  # fmt: skip
    return (
        f"<g><title>{escape(tooltip)}</title>"
        f'<rect x="{x + GAP / 2:.0f}" y="{y + GAP / 2:.0f}" width="{CELL_WIDTH - GAP}" '
        f'height="{row_height - GAP}" fill="{fill}" data-role="{fill_role(fill)}"/>'
        f'<text text-anchor="middle" dominant-baseline="middle" font-size="{size}" '
        f'fill="{text_color_on(fill)}">{text}</text></g>'
    )


def _row(grid: _Grid, code: str, name: str, y: float, own: bool, lookup: pd.DataFrame,
         column_names: dict, href: Callable[[str], str] | None) -> list[str]:  # fmt: skip
    """A municipality's name (a link with `href`) and its cells; 'min kommun' in bold with
    '▶' and a frame around its row."""
    weight = ' font-weight="700"' if own else ""
    row_name = (
        f'<text x="{grid.label_width - 8}" y="{y + grid.row_height / 2:.0f}" text-anchor="end" '
        f'dominant-baseline="middle"{weight}>{"▶ " if own else ""}{escape(str(name))}</text>'
    )
    if href is not None:
        # The whole name cell takes the tap, not only the name's letters (a thumb's target,
        # #34): an unpainted rectangle as tall as the row.
        hit = (f'<rect x="0" y="{y:.0f}" width="{grid.label_width - 4}" '
               f'height="{grid.row_height}" fill="none" pointer-events="all"/>')  # fmt: skip
        row_name = (f'<a href="{escape(href(str(code)))}" data-app-link="true" '
                    f'class="chart-link">{hit}{row_name}</a>')  # fmt: skip
    parts = [row_name]
    for c_index, column in enumerate(grid.columns):
        cell = lookup.loc[(code, column)]
        tooltip = f"{name}\n{column_names[column]}: {cell['label']}"
        parts.append(_cell(grid, cell, tooltip, grid.label_width + CELL_WIDTH * c_index, y))
    if own:
        parts.append(
            f'<rect x="{grid.label_width}" y="{y}" width="{grid.cells_width}" '
            f'height="{grid.row_height}" fill="none" stroke="{HIGHLIGHT_COLOR}" stroke-width="4" '
            'data-role="min-kommun"/>'
        )
    return parts


def _skipped_row(grid: _Grid, skipped: Skipped, y: float) -> str:
    """In place of the rows left out: how many they are, across the cells."""
    centre = grid.label_width + grid.cells_width / 2
    return (
        f'<text class="heatmap-skipped" x="{centre:.0f}" y="{y + grid.row_height / 2:.0f}" '
        f'text-anchor="middle" dominant-baseline="middle" font-style="italic">'
        f"… {escape(skipped.text)} …</text>"
    )


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
    row_height = CELL_HEIGHT if len(shown) <= COMPACT_ROWS else COMPACT_HEIGHT
    longest = max((len(str(n)) for n in rows["name"]), default=0)
    label_width = max(LABEL_WIDTH, round(CHAR_WIDTH * longest) + 24)  # + '▶ ' and the gap
    grid = _Grid(label_width, columns, row_height, share_scale())
    width = label_width + grid.cells_width + MARGIN
    height = HEADER + row_height * len(shown) + MARGIN
    parts = []
    for c_index, column in enumerate(columns):
        x = label_width + CELL_WIDTH * c_index + CELL_WIDTH / 2
        parts.append(f'<text x="{x:.0f}" y="18" text-anchor="middle">{escape(str(column))}</text>')
    for r_index, code in enumerate(shown):
        y = HEADER + row_height * r_index
        if isinstance(code, Skipped):
            parts.append(_skipped_row(grid, code, y))
        else:
            parts += _row(grid, code, names[code], y, code == mine, lookup, column_names, href)
    return (
        f'<svg class="svg-chart svg-heatmap" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" role="{"group" if href else "img"}" '
        f'aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">'
        f"{''.join(parts)}</svg>"
    )
