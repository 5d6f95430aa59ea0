"""A Kommun profile's compliance per goal area as SVG written by the server, without plotly.js.

Grouped horizontal bars per goal area: the municipality, the county mean and the mean of
municipalities of similar size, as compare.compliance_bars draws them for the presenter
(same colours; the two means also patterned, so they differ without colour). The value is
written after each bar and in a tooltip; the table beside the chart has the same numbers.
The SVG's own units are kept small so its text stays readable when a phone scales it down;
assets/05_compare.css stops it from growing past a readable size on a wide column.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from dashboard.figures import (
    BORDER_COLOR,
    FONT_FAMILY,
    MISSING_COLOR,
    TEXT_COLOR,
)
from dashboard.figures.compare import BAR_COLOR

WIDTH = 420
LEFT, RIGHT = 52, 360  # where 0 % and 100 % lie; the value is written after the bar
LEGEND_HEIGHT = 56
BAR, BAR_GAP, GROUP_GAP = 16, 3, 18
AXIS_HEIGHT = 44
COUNTY_COLOR, GROUP_COLOR = "#7f7f7f", "#e69f00"


def _patterns(prefix: str) -> str:
    """White diagonal lines (county mean) and white dots (similar municipalities)."""
    return (
        f'<defs><pattern id="{prefix}-snitt" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{COUNTY_COLOR}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>'
        f'<pattern id="{prefix}-grupp" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="{GROUP_COLOR}"/>'
        '<circle cx="2.5" cy="2.5" r="1.1" fill="#ffffff"/></pattern></defs>'
    )


def compliance_bars_svg(
    profile: pd.DataFrame, name: str, label: str, show_group: bool = True, prefix: str = "malomr"
) -> str:
    """`profile` as comparison.compliance_profile; `label` names the image for screen readers."""
    series = [(name, "score", "label", BAR_COLOR)]
    series.append(("Länssnitt", "county", "county_label", f"url(#{prefix}-snitt)"))
    if show_group:
        series.append(("Liknande kommuner, snitt", "group", "group_label", f"url(#{prefix}-grupp)"))
    group_height = len(series) * BAR + (len(series) - 1) * BAR_GAP
    plot_top = LEGEND_HEIGHT
    plot_height = len(profile) * (group_height + GROUP_GAP)
    height = plot_top + plot_height + AXIS_HEIGHT
    parts = [_patterns(prefix)]
    # legend, one entry per line (the municipality's name may be long)
    for index, (title, _column, _label, fill) in enumerate(series):
        y = 4 + index * 17
        parts.append(
            f'<rect x="{LEFT}" y="{y}" width="14" height="13" fill="{fill}" '
            f'stroke="{BORDER_COLOR}" stroke-width="0.5"/>'
            f'<text class="legend-item" x="{LEFT + 20}" y="{y + 11}">{escape(title)}</text>'
        )
    # grid and axis
    for tick in (0, 25, 50, 75, 100):
        x = LEFT + (RIGHT - LEFT) * tick / 100
        parts.append(
            f'<line x1="{x:.0f}" y1="{plot_top}" x2="{x:.0f}" y2="{plot_top + plot_height}" '
            f'stroke="{"#999999" if tick == 0 else "#e5e5e5"}" stroke-width="1"/>'
            f'<text x="{x:.0f}" y="{plot_top + plot_height + 16}" text-anchor="middle" '
            f'font-size="13">{tick}\u00a0%</text>'
        )
    parts.append(
        f'<text x="{(LEFT + RIGHT) / 2:.0f}" y="{height - 6}" text-anchor="middle" '
        'font-size="13">Andel uppfyllda kriterier</text>'
    )
    for g_index, (_, row) in enumerate(profile.iterrows()):
        top = plot_top + GROUP_GAP / 2 + g_index * (group_height + GROUP_GAP)
        parts.append(
            f'<text x="{LEFT - 8}" y="{top + group_height / 2:.0f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(str(row["short"]))}</text>'
        )
        for s_index, (title, column, label_column, fill) in enumerate(series):
            value = row[column]
            missing = value is None or (isinstance(value, float) and math.isnan(value))
            width = 0 if missing else (RIGHT - LEFT) * max(0.0, min(100.0, float(value))) / 100
            y = top + s_index * (BAR + BAR_GAP)
            text = str(row[label_column])
            tooltip = f"{title}, {row['name']}: {text}"
            parts.append(
                f"<g><title>{escape(tooltip)}</title>"
                f'<rect x="{LEFT}" y="{y:.0f}" width="{width:.1f}" height="{BAR}" '
                f'fill="{MISSING_COLOR if missing else fill}" stroke="{BORDER_COLOR}" '
                'stroke-width="0.5"/>'
                f'<text x="{LEFT + width + 5:.1f}" y="{y + BAR / 2:.0f}" '
                f'dominant-baseline="middle" font-size="13">{escape(text)}</text></g>'
            )
    return (
        f'<svg class="svg-chart svg-bars" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">'
        f"{''.join(parts)}</svg>"
    )
