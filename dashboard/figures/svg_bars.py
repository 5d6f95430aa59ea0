"""Bar charts as SVG written by the server, on screen at first paint without plotly.js:
a Kommun profile's compliance per goal area, and one indicator per municipality (Strategi).

Kommun: grouped horizontal bars per goal area: the municipality, the county mean and the mean of
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
    text_color_on,
)
from dashboard.figures.compare import BAR_COLOR
from dashboard.figures.strategy import level_colors

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


# --- Strategi: one indicator across the municipalities -------------------------------------

NAME_WIDTH = 100  # municipality names, right-aligned
BARS_RIGHT = 400
ROW, ROW_BAR = 30, 20
CHAR_WIDTH = 7.6  # a rough width per character at font-size 13, to place the value's text


def _nice_ticks(upper: float) -> list[float]:
    """About four round steps from zero to upper (1, 2, 2.5 or 5 times a power of ten)."""
    if upper <= 0:
        return [0.0]
    raw = upper / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [step * i for i in range(int(upper // step) + 1)]


def indicator_bars_svg(
    frame: pd.DataFrame,
    *,
    label: str,
    categorical: bool,
    levels: pd.DataFrame | None = None,
    scale: str = "",
    value_range: tuple[float, float] | None = None,
    county_mean: float | None = None,
    percent: bool = False,
) -> str:
    """One horizontal bar per municipality for an indicator in a year (Strategi's pages).

    frame: name, raw, shown_score (NaN when missing or hidden), shown_label (written at the
    bar, so nothing depends on colour). For categorical indicators the bar reaches the step
    on the ordered scale (levels: code, label, order); the bar's text names the step.
    """
    names = [str(n) for n in frame["name"]]
    labels = [str(t) for t in frame["shown_label"]]
    if categorical and levels is not None:
        codes = list(levels.dropna(subset=["order"])["code"])
        position = {c: i + 1 for i, c in enumerate(codes)}
        palette = level_colors(scale, codes)
        values = [float(position.get(r, 0)) for r in frame["raw"]]
        colors = [palette.get(r, MISSING_COLOR) for r in frame["raw"]]
        upper, grid, tick_text = (
            len(codes) + 0.6,
            [float(i) for i in range(1, len(codes) + 1)],
            False,
        )
    else:
        values = [0.0 if (v is None or math.isnan(v)) else float(v) for v in frame["shown_score"]]
        colors = [BAR_COLOR] * len(values)
        top = max([v for v in values if v] + [0.0])
        upper = value_range[1] if value_range else (top * 1.1 if top else 1.0)
        grid, tick_text = _nice_ticks(upper), True
    top_margin = 22 if county_mean is not None and not math.isnan(county_mean) else 6
    plot_height = ROW * len(names)
    height = top_margin + plot_height + (26 if tick_text else 6)

    def x_of(value: float) -> float:
        return NAME_WIDTH + (BARS_RIGHT - NAME_WIDTH) * max(0.0, min(value, upper)) / upper

    parts = []
    for tick in grid:
        x = x_of(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top_margin}" x2="{x:.1f}" y2="{top_margin + plot_height}" '
            'stroke="#e5e5e5" stroke-width="1"/>'
        )
        if tick_text:
            text = f"{tick:g}".replace(".", ",") + ("\u00a0%" if percent else "")
            parts.append(
                f'<text x="{x:.1f}" y="{top_margin + plot_height + 17}" text-anchor="middle" '
                f'font-size="12">{escape(text)}</text>'
            )
    parts.append(
        f'<line x1="{NAME_WIDTH}" y1="{top_margin}" x2="{NAME_WIDTH}" '
        f'y2="{top_margin + plot_height}" stroke="#999999" stroke-width="1"/>'
    )
    for index, (name, value, text, color) in enumerate(
        zip(names, values, labels, colors, strict=True)
    ):
        y = top_margin + index * ROW + (ROW - ROW_BAR) / 2
        end = x_of(value)
        middle = y + ROW_BAR / 2
        parts.append(
            f'<text x="{NAME_WIDTH - 8}" y="{middle:.0f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(name)}</text>'
        )
        width = end - NAME_WIDTH
        inside = width >= CHAR_WIDTH * len(text) + 12
        if inside:  # at the bar's end, in black or white by contrast
            text_x, anchor, fill = end - 6, "end", text_color_on(color)
        else:  # after the bar (or after the axis when there is no bar)
            text_x, anchor, fill = end + 5, "start", TEXT_COLOR
        bar = (
            f'<rect x="{NAME_WIDTH}" y="{y:.0f}" width="{width:.1f}" height="{ROW_BAR}" '
            f'fill="{color}" stroke="{TEXT_COLOR}" stroke-width="0.5"/>'
            if width > 0
            else ""
        )
        parts.append(
            f"<g><title>{escape(f'{name}: {text}')}</title>{bar}"
            f'<text x="{text_x:.1f}" y="{middle:.0f}" text-anchor="{anchor}" '
            f'dominant-baseline="middle" font-size="13" fill="{fill}">{escape(text)}</text></g>'
        )
    if top_margin > 6:
        x = x_of(float(county_mean))
        parts.append(
            f'<line class="county-mean" x1="{x:.1f}" y1="{top_margin - 4}" x2="{x:.1f}" '
            f'y2="{top_margin + plot_height}" stroke="{TEXT_COLOR}" stroke-width="1.5" '
            'stroke-dasharray="5 4"/>'
            f'<text x="{x:.1f}" y="{top_margin - 8}" text-anchor="middle" font-size="12">'
            "Snitt i länet</text>"
        )
    return (
        f'<svg class="svg-chart svg-bars svg-indicator-bars" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">'
        f"{''.join(parts)}</svg>"
    )
