"""Bar charts as SVG written by the server, on screen at first paint without plotly.js:
a Kommun profile's compliance per goal area, and one indicator per municipality (Strategi's
indicator bars and Jämför's ranking, drawn by the same _bar_chart).

Kommun: grouped horizontal bars per goal area: the municipality, the county mean and the mean of
municipalities of similar size (the two means also patterned, so they differ without colour);
the presenter's municipality slide draws this same chart at slide size. The value is
written after each bar and in a tooltip; the table beside the chart has the same numbers.
The SVG's own units are kept small so its text stays readable when a phone scales it down;
assets/05_compare.css stops it from growing past a readable size on a wide column.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

import pandas as pd

from dashboard.charts import (
    BORDER_COLOR,
    FONT_FAMILY,
    MISSING_COLOR,
    TEXT_COLOR,
    text_color_on,
)
from dashboard.charts.colours import (
    MY_MUNICIPALITY_OUTLINE,
    REFERENCE_LINES,
    ROLE_COUNTY_MEAN,
    ROLE_GROUP_MEAN,
    ROLE_MY_MUNICIPALITY,
    ROLE_RIKET,
    IndicatorScale,
    LineRole,
    fill_role,
    status_colors,
)
from dashboard.charts.compare import BAR_COLOR
from dashboard.charts.riket import Riket, share_strip, strip_height
from dashboard.domain.comparison import Skipped
from dashboard.domain.formatting import MISSING, format_percent, is_missing

WIDTH = 420
LEFT, RIGHT = 52, 360  # where 0 % and 100 % lie; the value is written after the bar
LEGEND_HEIGHT = 56
BAR, BAR_GAP, GROUP_GAP = 16, 3, 18
AXIS_HEIGHT = 44
# The two means' colours are their reference lines' (colours.py), on every chart.
COUNTY_COLOR, GROUP_COLOR = ROLE_COUNTY_MEAN.color, ROLE_GROUP_MEAN.color


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


# A series of compliance_bars_svg: (legend title, value column, text column, fill)
_Series = tuple[str, str, str, str]


def _series_role(index: int, fill: str) -> str:
    """The data-role of a compliance bar: the value's blue, then the two means' colours."""
    role = fill_role(fill) if index == 0 else (ROLE_COUNTY_MEAN, ROLE_GROUP_MEAN)[index - 1].role
    return f' data-role="{role}"'


def _compliance_legend(series: list[_Series]) -> list[str]:
    """The legend above the bars, one entry per line (the municipality's name may be long)."""
    parts = []
    for index, (title, _column, _label, fill) in enumerate(series):
        y = 4 + index * 17
        parts.append(
            f'<rect x="{LEFT}" y="{y}" width="14" height="13" fill="{fill}" '
            f'stroke="{BORDER_COLOR}" stroke-width="0.5"{_series_role(index, fill)}/>'
            + (_outline(LEFT, y, 14, 13) if index == 0 else "")
            + f'<text class="legend-item" x="{LEFT + 20}" y="{y + 11}">{escape(title)}</text>'
        )
    return parts


def _percent_axis(plot_top: float, plot_height: float, height: float) -> list[str]:
    """Grid lines at every quarter, their percentages and the axis's title below them."""
    parts = []
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
    return parts


def _compliance_group(row: pd.Series, top: float, group_height: float,
                      series: list[_Series]) -> list[str]:  # fmt: skip
    """One goal area: its short name, then a bar per series with its text and tooltip."""
    parts = [
        f'<text x="{LEFT - 8}" y="{top + group_height / 2:.0f}" text-anchor="end" '
        f'dominant-baseline="middle">{escape(str(row["short"]))}</text>'
    ]
    for s_index, (title, column, label_column, fill) in enumerate(series):
        value = row[column]
        missing = is_missing(value)
        width = 0 if missing else (RIGHT - LEFT) * max(0.0, min(100.0, float(value))) / 100
        y = top + s_index * (BAR + BAR_GAP)
        text = str(row[label_column])
        tooltip = f"{title}, {row['name']}: {text}"
        parts.append(
            f"<g><title>{escape(tooltip)}</title>"
            f'<rect x="{LEFT}" y="{y:.0f}" width="{width:.1f}" height="{BAR}" '
            f'fill="{MISSING_COLOR if missing else fill}" stroke="{BORDER_COLOR}" '
            f'stroke-width="0.5"{"" if missing else _series_role(s_index, fill)}/>'
            + (_outline(LEFT, y, width, BAR) if s_index == 0 and width > 0 else "")
            + f'<text x="{LEFT + width + 5:.1f}" y="{y + BAR / 2:.0f}" '
            f'dominant-baseline="middle" font-size="13">{escape(text)}</text></g>'
        )
    return parts


def compliance_bars_svg(
    profile: pd.DataFrame,
    name: str,
    label: str,
    show_group: bool = True,
    prefix: str = "malomr",
    mean_name: str = "Länssnitt",
) -> str:
    """`profile` as comparison.compliance_profile; `label` names the image for screen readers."""
    series = [(name, "score", "label", BAR_COLOR)]
    series.append((mean_name, "county", "county_label", f"url(#{prefix}-snitt)"))
    if show_group:
        series.append(("Liknande kommuner, snitt", "group", "group_label", f"url(#{prefix}-grupp)"))
    group_height = len(series) * BAR + (len(series) - 1) * BAR_GAP
    plot_top = LEGEND_HEIGHT
    plot_height = len(profile) * (group_height + GROUP_GAP)
    height = plot_top + plot_height + AXIS_HEIGHT
    parts = [_patterns(prefix), *_compliance_legend(series)]
    parts += _percent_axis(plot_top, plot_height, height)
    for g_index, (_, row) in enumerate(profile.iterrows()):
        top = plot_top + GROUP_GAP / 2 + g_index * (group_height + GROUP_GAP)
        parts += _compliance_group(row, top, group_height, series)
    return (
        f'<svg class="svg-chart svg-bars" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">'
        f"{''.join(parts)}</svg>"
    )


# --- one indicator across the municipalities: Strategi's pages and Jämför's ranking ---------

NAME_CHAR_WIDTH = 9.5  # per character of a municipality's name, right-aligned before the bars
BARS_RIGHT = 400
ROW, ROW_BAR = 30, 20
CHAR_WIDTH = 7.6  # a rough width per character at font-size 13, to place the value's text
LEGEND_ROW = 18
MEAN_DASHES = (ROLE_COUNTY_MEAN.dash, ROLE_GROUP_MEAN.dash)  # county dashed, group dotted
# A mean line's look by its css_class: the reference lines of colours.py, on every chart.
MEAN_ROLES = {"county-mean": ROLE_COUNTY_MEAN, "group-mean": ROLE_GROUP_MEAN,
              "riket": ROLE_RIKET}  # fmt: skip


def line_attributes(role: LineRole) -> str:
    """A reference line's stroke, width, dash and data-role, the same on every chart."""
    dash = f' stroke-dasharray="{role.dash}"' if role.dash else ""
    return (f'stroke="{role.color}" stroke-width="{role.width:g}"{dash} '
            f'data-role="{role.role}"')  # fmt: skip


@dataclass(frozen=True)
class BarRow:
    name: str
    value: float | None  # on the chart's scale; None: no bar, a grey square instead
    text: str  # written at the bar, so nothing depends on colour
    color: str
    tooltip: str
    bold: bool = False  # 'min kommun'
    href: str = ""  # the name is a link to the municipality's page
    skipped: str = ""  # a row for a run of rows left out: '26 kommuner till', no bar


@dataclass(frozen=True)
class MeanLine:
    label: str  # its legend entry above the bars, e.g. 'Länssnitt: 74 %'
    value: float
    css_class: str


def nice_ticks(upper: float) -> list[float]:
    """About four round steps from zero to upper (1, 2, 2.5 or 5 times a power of ten)."""
    if upper <= 0:
        return [0.0]
    raw = upper / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [step * i for i in range(int(upper // step) + 1)]


def covering_ticks(largest: float, integer: bool = False) -> list[float]:
    """Round ticks from zero whose last is at or above `largest` (issue #34: the top tick
    0,75 lay under the data's 0,84): nice_ticks' step, one tick further where needed.
    integer: counts, whose ticks are whole numbers (no '0,5 aktiviteter')."""
    if largest <= 0:
        return [0.0, 1.0]
    ticks = nice_ticks(largest)
    step = ticks[1] if len(ticks) > 1 else largest
    if integer and step < 1:
        step, ticks = 1.0, [0.0]
    while ticks[-1] < largest - 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


def axis_unit(ind: pd.Series) -> str:
    """The unit a number's axis names (the catalogue's: 'årsarbetare', 'personer'); a share's
    ticks say '%' and a status's steps are named, so they need none."""
    if ind["type"] in {"antal", "decimal"}:
        return str(ind["unit"] or "")
    return ""


@dataclass(frozen=True)
class _BarPlot:
    """Where values fall across the bars: from the names' edge (left) to BARS_RIGHT."""

    left: float
    upper: float
    top: float  # below the means' legend
    bottom: float

    def x_of(self, value: float) -> float:
        return self.left + (BARS_RIGHT - self.left) * max(0.0, min(value, self.upper)) / self.upper


def _bar_grid(plot: _BarPlot, grid: list[float], tick_texts: list[str] | None) -> list[str]:
    """Vertical grid lines, with the tick texts below them when the axis has any."""
    parts = []
    for index, tick in enumerate(grid):
        x = plot.x_of(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot.top}" x2="{x:.1f}" y2="{plot.bottom}" '
            'stroke="#e5e5e5" stroke-width="1"/>'
        )
        if tick_texts:
            parts.append(
                f'<text x="{x:.1f}" y="{plot.bottom + 17}" text-anchor="middle" '
                f'font-size="12">{escape(tick_texts[index])}</text>'
            )
    return parts


def _bar_means(plot: _BarPlot, means: list[MeanLine]) -> list[str]:
    """Each mean as a dashed line across the rows, with its legend entry above the bars."""
    parts = []
    for index, mean in enumerate(means):
        style = line_attributes(MEAN_ROLES.get(mean.css_class, REFERENCE_LINES[index % 3]))
        x = plot.x_of(mean.value)
        y = 6 + index * LEGEND_ROW + LEGEND_ROW / 2
        left = plot.left
        parts.append(
            f'<line class="{mean.css_class}" x1="{x:.1f}" y1="{plot.top - 2}" x2="{x:.1f}" '
            f'y2="{plot.bottom}" {style}/>'
            f'<g class="legend-item"><line x1="{left}" y1="{y:.0f}" x2="{left + 28}" '
            f'y2="{y:.0f}" {style}/>'
            f'<text x="{left + 34}" y="{y:.0f}" dominant-baseline="middle" '
            f'font-size="13">{escape(mean.label)}</text></g>'
        )
    return parts


def _outline(x: float, y: float, width: float, height: float = ROW_BAR) -> str:
    """'Min kommun': a heavy black outline around its bar, which keeps its value's colour."""
    return (f'<rect x="{x:.1f}" y="{y:.0f}" width="{width:.1f}" height="{height}" fill="none" '
            f'stroke="{ROLE_MY_MUNICIPALITY.color}" stroke-width="{MY_MUNICIPALITY_OUTLINE:g}" '
            f'data-role="{ROLE_MY_MUNICIPALITY.role}"/>')  # fmt: skip


# A value's text outside its bar: a white outline painted under the letters (a halo).
VALUE_HALO = ' paint-order="stroke" stroke="#ffffff" stroke-width="5" stroke-linejoin="round"'


def _bar_and_text(plot: _BarPlot, row: BarRow, y: float, middle: float, weight: str) -> str:
    """A row's bar (or a grey square where the value is missing) and its text: at the bar's
    end where it fits, by contrast, else after the bar."""
    left = plot.left
    if row.value is None:  # a grey square at the axis, then the text ('Uppgift saknas')
        bar = (
            f'<rect x="{left + 2}" y="{middle - 7:.0f}" width="14" height="14" '
            f'fill="{MISSING_COLOR}" stroke="{BORDER_COLOR}" stroke-width="1" data-role="saknas"/>'
        )
        text_x, anchor, fill = left + 22, "start", TEXT_COLOR
    else:
        end = plot.x_of(row.value)
        width = end - left
        bar = (
            f'<rect x="{left}" y="{y:.0f}" width="{width:.1f}" height="{ROW_BAR}" '
            f'fill="{row.color}" stroke="{BORDER_COLOR}" stroke-width="0.5" '
            f'data-role="{fill_role(row.color)}"/>' + (_outline(left, y, width) if row.bold else "")
            if width > 0
            else ""
        )
        if width >= CHAR_WIDTH * len(row.text) + 12:  # at the bar's end, by contrast
            text_x, anchor, fill = end - 6, "end", text_color_on(row.color)
        else:  # after the bar
            text_x, anchor, fill = end + 5, "start", TEXT_COLOR
    # Text beside the bar lies on the white where the mean and Riket lines run (drawn under
    # the bars, not under this text): a white halo keeps it readable where one crosses it.
    halo = VALUE_HALO if anchor == "start" else ""
    return (
        f"<g><title>{escape(row.tooltip)}</title>{bar}"
        f'<text x="{text_x:.1f}" y="{middle:.0f}" text-anchor="{anchor}" '
        f'dominant-baseline="middle" font-size="13" fill="{fill}"{weight}{halo}>'
        f"{escape(row.text)}</text></g>"
    )


def _bar_row(plot: _BarPlot, row: BarRow, index: int) -> list[str]:
    """One row: the name (a link when it has one), then its bar, or for a run of rows left
    out only how many they are."""
    y = plot.top + index * ROW + (ROW - ROW_BAR) / 2
    middle = y + ROW_BAR / 2
    weight = ' font-weight="700"' if row.bold else ""
    name = (
        f'<text x="{plot.left - 8}" y="{middle:.0f}" text-anchor="end" '
        f'dominant-baseline="middle"{weight}>{escape(row.name)}</text>'
    )
    if row.href:
        # The whole name cell takes the tap, not only the name's letters (a thumb's target,
        # #34): an unpainted rectangle as tall as the row.
        hit = (f'<rect x="0" y="{plot.top + index * ROW:.0f}" width="{plot.left - 4}" '
               f'height="{ROW}" fill="none" pointer-events="all"/>')  # fmt: skip
        name = (f'<a href="{escape(row.href)}" data-app-link="true" class="chart-link">'
                f"{hit}{name}</a>")  # fmt: skip
    if row.skipped:  # no bar, no square: only how many are left out here
        return [name, f'<text x="{plot.left + 6}" y="{middle:.0f}" dominant-baseline="middle" '
                      f'font-size="13" font-style="italic">{escape(row.skipped)}</text>']  # fmt: skip
    return [name, _bar_and_text(plot, row, y, middle, weight)]


def _bar_chart(
    rows: list[BarRow],
    *,
    label: str,
    upper: float,
    grid: list[float],
    tick_texts: list[str] | None,
    means: list[MeanLine],
    css_class: str,
    unit: str = "",
    riket: Riket | None = None,
) -> str:
    """Horizontal bars, one row each, with grid lines, optional tick texts and mean lines.

    Mean lines are drawn before the bars, so a bar and its text always lie on top of them;
    their legend sits above the bars, one entry per line, patterned like the line itself.
    """
    means = [m for m in means if not is_missing(m.value)]
    # room for the longest name ('▶ Uppvidinge' in bold) at ~9.5 units a character
    left = max(80, round(max((len(r.name) for r in rows), default=0) * NAME_CHAR_WIDTH + 14))
    top_margin = 6 + LEGEND_ROW * len(means) + (4 if means else 0)
    plot_height = ROW * len(rows)
    height = top_margin + plot_height + (26 if tick_texts else 6)
    plot = _BarPlot(left, upper, top_margin, top_margin + plot_height)
    parts = _bar_grid(plot, grid, tick_texts) + _bar_means(plot, means)
    if unit and tick_texts:  # the axis's unit under its ticks (issue #34)
        parts.append(f'<text class="axis-unit" x="{(left + BARS_RIGHT) / 2:.0f}" '
                     f'y="{height + 12}" text-anchor="middle" font-size="13">'
                     f"{escape(unit)}</text>")  # fmt: skip
        height += 20
    if riket is not None and riket.share_met:  # a criterion: its own strip under the bars
        parts.append(share_strip(riket, height, 8, BARS_RIGHT))
        height += strip_height(riket)
    parts.append(
        f'<line x1="{left}" y1="{top_margin}" x2="{left}" y2="{plot.bottom}" '
        'stroke="#999999" stroke-width="1"/>'
    )
    for index, row in enumerate(rows):
        parts += _bar_row(plot, row, index)
    # With links inside it is a group of them, not one image (a screen reader reaches them).
    role = "group" if any(r.href for r in rows) else "img"
    return (
        f'<svg class="svg-chart svg-bars {css_class}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" role="{role}" aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">'
        f"{''.join(parts)}</svg>"
    )


def _scale(
    categorical: bool,
    levels: pd.DataFrame | None,
    scale: str,
    raws: list,
    scores: list,
    upper: float | None,
    percent: bool,
    colour_scale: IndicatorScale | None = None,
) -> tuple[list[float | None], list[str], float, list[float], list[str] | None]:
    """Bar lengths, colours, the axis's end, its grid and tick texts. A status reaches its
    step on the ordered scale (the lowest step still has a bar, unlike a missing value) and is
    coloured by step; its bar's text names the step, so the axis has no texts. A number is
    coloured by its step on the indicator's scale (the map's colours), when given."""
    if categorical and levels is not None:
        codes = list(levels.dropna(subset=["order"])["code"])
        position = {c: i + 1 for i, c in enumerate(codes)}
        palette = status_colors(scale, codes)
        values = [float(position[r]) if r in position else None for r in raws]
        colors = [palette.get(r, MISSING_COLOR) for r in raws]
        grid = [float(i) for i in range(1, len(codes) + 1)]
        return values, colors, len(codes) + 0.6, grid, None
    values = [None if is_missing(v) else float(v) for v in scores]
    top = max([v for v in values if v] + [0.0])
    if percent:
        upper = upper or 100.0
        grid = nice_ticks(upper)
    else:  # the top tick at or above every value and reference (upper: the references')
        whole = all(v is None or float(v).is_integer() for v in values)
        grid = covering_ticks(max(top, upper or 0.0), integer=whole)
        upper = max(grid[-1], top * 1.15)
    texts = [f"{t:g}".replace(".", ",") + ("\u00a0%" if percent else "") for t in grid]
    colors = [BAR_COLOR if colour_scale is None or v is None else colour_scale.color(None, v)
              for v in values]  # fmt: skip
    return values, colors, upper, grid, texts


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
    colour_scale: IndicatorScale | None = None,
    area: str = "länet",
    unit: str = "",
    riket: Riket | None = None,
) -> str:
    """One horizontal bar per municipality for an indicator in a year (Strategi's pages).

    frame: name, raw, shown_score (NaN when missing or hidden), shown_label (written at the
    bar). For categorical indicators (levels: code, label, order) see _scale. unit: the
    axis's (axis_unit); riket: the national value (riket.riket_reference), a line on the
    bars' scale or, for a criterion, a strip of its own.
    """
    reach = _reach(value_range[1] if value_range else None, [county_mean], riket)
    values, colors, upper, grid, texts = _scale(
        categorical, levels, scale, list(frame["raw"]), list(frame["shown_score"]),
        reach, percent, colour_scale,
    )  # fmt: skip
    rows = [
        BarRow(name=str(name), value=value, text=str(text), color=color, tooltip=f"{name}: {text}")
        for name, value, text, color in zip(
            frame["name"], values, frame["shown_label"], colors, strict=True
        )
    ]
    means = [] if county_mean is None else [
        MeanLine(f"Snitt i {area}: {format_percent(county_mean, 0)}" if percent
                 else f"Snitt i {area}", county_mean, "county-mean")
    ]  # fmt: skip
    return _bar_chart(rows, label=label, upper=upper, grid=grid, tick_texts=texts,
                      means=means + _riket_line(riket, categorical),
                      css_class="svg-indicator-bars", unit=unit, riket=riket)  # fmt: skip


def _reach(upper: float | None, references: list, riket: Riket | None) -> float | None:
    """How far a numeric axis must reach besides the bars: its given end, the means, Riket."""
    found = [float(v) for v in [upper, *references] if v is not None and not is_missing(v)]
    if riket is not None and not riket.share_met:
        found.append(riket.value)
    return max(found) if found else None


def _riket_line(riket: Riket | None, categorical: bool) -> list[MeanLine]:
    """Riket as a reference line where its value is on the bars' scale ('Riket 2024: 62 %')."""
    if riket is None or riket.share_met or categorical:
        return []
    return [MeanLine(riket.label, riket.value, "riket")]


def ranking_bars_svg(
    frame: pd.DataFrame,
    *,
    label: str,
    levels: pd.DataFrame | None = None,
    scale: str = "",
    means: Mapping[str, float] | None = None,
    mean_texts: Mapping[str, str] | None = None,
    mine: str | None = None,
    percent: bool = False,
    colour_scale: IndicatorScale | None = None,
    href: Callable[[str], str] | None = None,
    unit: str = "",
    riket: Riket | None = None,
) -> str:
    """Jämför's ranking: the municipalities best first (frame as comparison.ranking), with
    the county mean (dashed) and the similar municipalities' mean (dotted) as lines, and
    Riket (riket.riket_reference) as a line or, for a criterion, a strip under the bars.
    unit: the axis's (axis_unit).

    'Min kommun': its value's colour in a heavy black outline, ▶ and bold. A share's axis
    stops at 100 %, other numbers leave room for a mean; statuses coloured by step (_scale).
    """
    categorical = levels is not None
    upper = 100.0 if percent else _reach(None, list((means or {}).values()), riket)
    values, colors, upper, grid, texts = _scale(
        categorical,
        levels,
        scale,
        list(frame["raw"]),
        list(frame["score"]),
        upper,
        percent,
        colour_scale,
    )
    rows = []
    for row, value, color in zip(frame.to_dict("records"), values, colors, strict=True):
        if row.get("gap"):  # comparison.shown_ranking: a run of municipalities left out
            text = f"{Skipped(int(row['gap'])).text} (alla i nedladdningen)"
            rows.append(BarRow(name="…", value=None, text=text, color="", tooltip=text,
                               skipped=text))  # fmt: skip
            continue
        is_mine = row["code"] == mine
        text = str(row["label"]) or MISSING
        rank = f" ({row['rank_label']})" if row.get("rank_label") else ""
        rows.append(BarRow(
            name=f"▶ {row['name']}" if is_mine else str(row["name"]),
            value=None if row["missing"] else value, text=text,
            color=color,  # its value's colour; the heavy outline, ▶ and bold mark it
            tooltip=f"{row['name']}{' (min kommun)' if is_mine else ''}: {text}{rank}",
            bold=is_mine, href=href(str(row["code"])) if href else "",
        ))  # fmt: skip
    lines = [
        MeanLine(f"{name}: {(mean_texts or {}).get(name, '')}".rstrip(": "), value,
                 "county-mean" if index == 0 else "group-mean")
        for index, (name, value) in enumerate((means or {}).items())
    ]  # fmt: skip
    return _bar_chart(rows, label=label, upper=upper, grid=grid, tick_texts=texts,
                      means=lines + _riket_line(riket, categorical), css_class="svg-ranking-bars",
                      unit=unit, riket=riket)  # fmt: skip
