"""Trend lines as SVG written by the server: one indicator per year for a few municipalities
(Jämför) or for one municipality with the county's and similar municipalities' means (Kommun).

On screen without plotly.js, like svg_bars: every line has its own colour and marker shape,
'min kommun' is black with diamonds, thicker and named in bold, the means are dashed, dotted
or dash-dotted without markers (colours.py's reference lines), and a missing year is a gap,
not a value; a municipality's colour follows its code, not the order it is drawn in. Each
point has a tooltip; the table beside the chart has the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

import pandas as pd

from dashboard import domain
from dashboard.charts import FONT_FAMILY, TEXT_COLOR
from dashboard.charts.colours import REFERENCE_LINES, ROLE_MY_MUNICIPALITY, ROLE_RIKET, mean_role
from dashboard.charts.compare import LINE_COLORS, LINE_SYMBOLS
from dashboard.charts.riket import Riket, riket_reference, share_strip, strip_height
from dashboard.charts.svg_bars import axis_unit, covering_ticks
from dashboard.domain import comparison
from dashboard.domain.formatting import is_missing

# About a phone's width in units, so its text keeps its size there (05_compare.css caps it);
# WIDE_WIDTH is the same chart laid out for a wide column (html_block.svg_block sends both and
# CSS shows the one that fits), so text keeps its size instead of being stretched.
WIDTH, WIDE_WIDTH = 380, 760
PLOT_TOP, PLOT_HEIGHT, WIDE_PLOT_HEIGHT = 12, 210, 260
UNIT_ROW = 18  # the y-axis's unit above the chart
AXIS_HEIGHT = 28
LEGEND_ROW = 22
TICK_CHAR_WIDTH = 7.2  # per character of a y-axis label at font-size 12
# per character of a legend entry at font-size 13, regular and bold (generous: fonts differ)
LEGEND_CHAR_WIDTH, BOLD_CHAR_WIDTH = 8.0, 9.0
# A definition change's label: 'Ny definition' over the year(s), at font-size 12.
BREAK_LABEL_WIDTH, BREAK_LINE = len("Ny definition") * TICK_CHAR_WIDTH, 14
# The means' colour and dash (county dashed, group dotted, Riket dash-dot): colours.py's
# reference lines, the same on every chart.
MEAN_STYLES = tuple((r.color, r.dash) for r in REFERENCE_LINES)
# Half the width of a mean's mark at a year that stands alone (its legend sample is 30 wide).
MEAN_POINT_HALF = 15
# A definition change's rule: solid axis grey, so no dashed reference line is taken for it.
RULE_COLOR = "#999999"
_LINE_ROLES = {r.color: r.role for r in (*REFERENCE_LINES, ROLE_MY_MUNICIPALITY)}


def marker(symbol: str, x: float, y: float, color: str, size: float) -> str:
    """A plotly-like marker symbol as an SVG shape centred on (x, y)."""
    r = size / 2
    if symbol == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}"/>'
    if symbol == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" '
                f'fill="{color}"/>')  # fmt: skip
    if symbol == "x":
        return (f'<path d="M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x + r:.1f} '
                f'{y - r:.1f}L{x - r:.1f} {y + r:.1f}" stroke="{color}" stroke-width="3" '
                'fill="none"/>')  # fmt: skip
    if symbol == "triangle-up":
        points = [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.85), (x - r * 1.1, y + r * 0.85)]
    elif symbol == "star":
        points = [
            (x + (r * 1.25 if i % 2 == 0 else r * 0.5) * math.sin(i * math.pi / 5),
             y - (r * 1.25 if i % 2 == 0 else r * 0.5) * math.cos(i * math.pi / 5))
            for i in range(10)
        ]  # fmt: skip
    else:  # diamond
        points = [(x, y - r * 1.25), (x + r, y), (x, y + r * 1.25), (x - r, y)]
    text = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{text}" fill="{color}"/>'


def line_style(index: int) -> tuple[str, str]:
    """(colour, marker) of the index-th municipality: 25 distinct pairs before one repeats."""
    colours, symbols = len(LINE_COLORS), len(LINE_SYMBOLS)
    return LINE_COLORS[index % colours], LINE_SYMBOLS[(index // colours + index) % symbols]


def _stable_index(code: str) -> int:
    """A municipality's place in the series palette from its code alone, so it keeps its
    colour whichever other municipalities are drawn with it."""
    return int(code) if code.isdigit() else sum(ord(c) * (i + 1) for i, c in enumerate(code))


def _series_attributes(color: str, code: str) -> str:
    """data-role (and data-series for a municipality) of a line, its markers or legend
    sample: a reference line's role by its colour, else 'min-kommun' or 'serie'."""
    role = _LINE_ROLES.get(color, "serie")
    return f' data-role="{role}"' + (f' data-series="{escape(code)}"' if code else "")


def _segments(xs: list[float], ys: list[float | None], cuts: Sequence[float] = ()
              ) -> list[list[tuple[float, float]]]:  # fmt: skip
    """Runs of consecutive known values: a missing year breaks the line, and so does a new
    definition (an x in `cuts`, between two years): the years either side are not alike."""
    runs, run = [], []
    for x, y in zip(xs, ys, strict=True):
        if run and any(run[-1][0] < cut < x for cut in cuts):
            runs.append(run)
            run = []
        if y is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append((x, y))
    if run:
        runs.append(run)
    return runs


def _y_axis(values: list[float], levels: pd.DataFrame | None, percent: bool
            ) -> tuple[float, float, list[tuple[float, str]]]:  # fmt: skip
    """The y range and (value, text) ticks: a status's steps, 0–100 % or round numbers."""
    if levels is not None:
        ordered = levels.dropna(subset=["order"])
        orders = [float(o) for o in ordered["order"]]
        ticks = list(zip(orders, (str(t) for t in ordered["label"]), strict=True))
        return min(orders) - 0.3, max(orders) + 0.3, ticks
    if percent:
        return 0.0, 100.0, [(t, f"{t:g}\u00a0%") for t in (0.0, 25.0, 50.0, 75.0, 100.0)]
    # The top tick at or above the largest value, means and Riket included (issue #34).
    grid = covering_ticks(max([*values, 0.0]) or 1.0)
    return 0.0, grid[-1], [(t, f"{t:g}".replace(".", ",")) for t in grid]


@dataclass(frozen=True)
class _Plot:
    """Where the years and values fall: the plot area shared by every layer of the chart."""

    years: list[int]
    left: float
    right: float
    low: float
    high: float
    plot_height: float

    @property
    def bottom(self) -> float:
        return PLOT_TOP + self.plot_height

    def x_of(self, year: int) -> float:
        if len(self.years) <= 1:
            return (self.left + self.right) / 2
        step = (self.right - self.left - 24) / max(1, len(self.years) - 1)
        return self.left + 12 + step * self.years.index(year)

    def y_of(self, value: float) -> float:
        share = (min(max(value, self.low), self.high) - self.low) / ((self.high - self.low) or 1)
        return PLOT_TOP + self.plot_height * (1 - share)

    def ys_of(self, by_year: dict) -> list[float | None]:
        """The y of each year's point; None where the year has no value (a gap)."""
        return [None if is_missing(by_year.get(y)) else self.y_of(float(by_year[y]))
                for y in self.years]  # fmt: skip

    def xs(self) -> list[float]:
        return [self.x_of(y) for y in self.years]


# A legend entry: (title, colour, dash, symbol, bold, code: a municipality's, '' for a mean)
_LegendEntry = tuple[str, str, str, str | None, bool, str]


def break_sentence(years: Sequence[int]) -> str:
    """What the chart's rules mean, in a sentence (its label; the Kommunrapport's document
    prints the same words under its chart: ui/municipality_report.break_note)."""
    return (f"Definitionen ändrades {', '.join(map(str, years))}: linjerna bryts där, "
            "åren före jämförs inte med åren efter.")  # fmt: skip


def break_label_boxes(cuts: Sequence[float], cut_years: Sequence[int], right: float
                      ) -> list[tuple[float, float, list[str]]]:  # fmt: skip
    """Where the rules' labels go: (x, y of the first line, lines). A label is 'Ny definition'
    over its year, right of its rule (left of it at the plot's right edge); rules closer than
    a label is wide share one ('2023, 2024'), and a label that would still touch the one
    before it goes a row lower, so no two overlap."""
    groups: list[tuple[float, list[int]]] = []
    for cut, year in zip(cuts, cut_years, strict=True):
        if groups and cut - groups[-1][0] < BREAK_LABEL_WIDTH + 8:
            groups[-1][1].append(year)
        else:
            groups.append((cut, [year]))
    placed: list[tuple[float, float, list[str]]] = []
    taken: list[tuple[float, float, int]] = []  # (left, right, row) of the labels placed
    for cut, years in groups:
        lines = ["Ny definition", ", ".join(map(str, years))]
        width = max(len(line) for line in lines) * TICK_CHAR_WIDTH
        x = cut + 4 if cut + 4 + width <= right else cut - 4 - width
        row = 0
        while any(a < x + width + 4 and b > x - 4 and used == row for a, b, used in taken):
            row += 1
        taken.append((x, x + width, row))
        placed.append((x, PLOT_TOP + 6 + row * 2 * BREAK_LINE, lines))
    return placed


def _break_rules(plot: _Plot, breaks: Sequence[int]) -> tuple[list[str], list[float], list[int]]:
    """A solid grey rule ('Ny definition') between the years either side of each definition
    change; returns the markup, the rules' x (where lines are cut) and the years."""
    years = plot.years
    cut_years = [b for b in breaks if b in years and years.index(b) > 0]
    cuts = [(plot.x_of(years[years.index(b) - 1]) + plot.x_of(b)) / 2 for b in cut_years]
    parts = [
        f'<g class="trend-break"><title>Ny definition från {year}: åren före jämförs inte '
        f'med åren efter</title><line x1="{cut:.1f}" y1="{PLOT_TOP - 6}" x2="{cut:.1f}" '
        f'y2="{plot.bottom}" stroke="{RULE_COLOR}" stroke-width="1.5"/></g>'
        for cut, year in zip(cuts, cut_years, strict=True)
    ]
    for x, y, lines in break_label_boxes(cuts, cut_years, plot.right):
        parts.append(
            '<g class="trend-break-label">'
            + "".join(
                f'<text x="{x:.1f}" y="{y + n * BREAK_LINE:.1f}" font-size="12" '
                f'paint-order="stroke" stroke="#ffffff" stroke-width="4">{escape(line)}</text>'
                for n, line in enumerate(lines)
            )
            + "</g>"
        )
    return parts, cuts, cut_years


def _axes(plot: _Plot, ticks: list[tuple[float, str]]) -> list[str]:
    """Horizontal grid lines with the y-axis labels, and the years below the plot."""
    parts = []
    for value, text in ticks:
        y = plot.y_of(value)
        parts.append(
            f'<line x1="{plot.left}" y1="{y:.1f}" x2="{plot.right}" y2="{y:.1f}" '
            f'stroke="{"#999999" if value == plot.low else "#e5e5e5"}" stroke-width="1"/>'
            f'<text x="{plot.left - 6}" y="{y:.1f}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="12">{escape(text)}</text>'
        )
    for year in plot.years:
        parts.append(
            f'<text x="{plot.x_of(year):.1f}" y="{plot.bottom + 18}" text-anchor="middle" '
            f'font-size="12">{year}</text>'
        )
    return parts


def _mean_lines(plot: _Plot, means: Mapping[str, pd.DataFrame], cuts: list[float]
                ) -> tuple[list[str], list[_LegendEntry]]:  # fmt: skip
    """The means as dashed or dotted lines without markers, one tooltip for the whole line."""
    parts, legend = [], []
    for index, (name, mean) in enumerate(means.items()):
        role = mean_role(name, index)
        color, dash = role.color, role.dash
        by_year = dict(zip(mean["year"], mean["score"], strict=True))
        texts = dict(zip(mean["year"], mean.get("text", mean["score"]), strict=True))
        tooltip = f"{name}: " + ", ".join(f"{y} {texts[y]}" for y in plot.years if y in texts)
        for run in _segments(plot.xs(), plot.ys_of(by_year), cuts):
            # A year alone between two definition changes (or gaps) is one point, which a
            # polyline does not draw: a short stroke of the mean's own line marks it instead,
            # as wide as its legend sample, so the chart shows what the table beside lists.
            if len(run) == 1:
                (x, y), tag = run[0], "trend-mean trend-mean-point"
                points = f"{x - MEAN_POINT_HALF:.1f},{y:.1f} {x + MEAN_POINT_HALF:.1f},{y:.1f}"
            else:
                points, tag = " ".join(f"{x:.1f},{y:.1f}" for x, y in run), "trend-mean"
            parts.append(
                f'<g class="{tag}"><title>{escape(tooltip)}</title>'
                f'<polyline points="{points}" fill="none" stroke="{color}" '
                f'stroke-width="{role.width:g}" stroke-dasharray="{dash}" '
                f'data-role="{role.role}"/></g>'
            )
        legend.append((_mean_legend_name(name, mean), color, dash, None, False, ""))
    return parts, legend


def _mean_legend_name(name: str, mean: pd.DataFrame) -> str:
    """A mean's legend entry, saying why it has no point in a year where röjandeskydd hides
    it (comparison.summary_text's 'Visas inte (röjandeskydd)'), so no line is never silent."""
    if "text" not in mean:
        return name
    hidden = mean["text"].astype(str).str.startswith("Visas inte") & mean["score"].isna()
    # short enough for the legend's one row on a phone (LEGEND_CHAR_WIDTH); the years it
    # hides say 'Visas inte (röjandeskydd)' in the line's tooltip and the table beside
    return f"{name} – röjandeskydd" if hidden.any() else name


def _municipality_line(plot: _Plot, sub: pd.DataFrame, code: str, cuts: list[float],
                       style: tuple[str, str, float, float], title: str) -> str:  # fmt: skip
    """One municipality's line with a marker and tooltip at each year that has a value."""
    color, symbol, stroke, size = style
    role = _series_attributes(color, code)
    ys = plot.ys_of({int(y): v for y, v in zip(sub["year"], sub["score"], strict=True)})
    labels = {int(y): t for y, t in zip(sub["year"], sub["label"], strict=True)}
    series = [f'<g class="trend-line" data-code="{escape(str(code))}">']
    for run in _segments(plot.xs(), ys, cuts):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        series.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                      f'stroke-width="{stroke}" stroke-linejoin="round"{role}/>')  # fmt: skip
    for year, y in zip(plot.years, ys, strict=True):
        if y is not None:
            series.append(
                f"<g><title>{escape(f'{title} {year}: {labels[year]}')}</title>"
                f"{marker(symbol, plot.x_of(year), y, color, size)}</g>"
            )
    return "".join(series) + "</g>"


def _municipality_lines(plot: _Plot, frame: pd.DataFrame, cuts: list[float], mine: str | None,
                        mine_is_subject: bool, palette_order: Sequence[str] | None
                        ) -> tuple[list[str], list[_LegendEntry]]:  # fmt: skip
    """A line per municipality in its own colour and marker; 'min kommun' black with
    diamonds, thicker, and drawn last so it lies on top."""
    drawn, legend = [], []  # drawn: (is_mine, markup)
    for code in dict.fromkeys(frame["code"]):
        sub = frame[frame["code"] == code]
        name = str(sub["name"].iloc[0])
        is_mine = code == mine
        if is_mine:
            style: tuple[str, str, float, float] = (ROLE_MY_MUNICIPALITY.color, "diamond",
                                                    ROLE_MY_MUNICIPALITY.width, 11)  # fmt: skip
            title = name if mine_is_subject else f"{name} (min kommun)"
        else:
            color, symbol = line_style(  # by a stable key, not by order of appearance
                list(palette_order).index(code) if palette_order and code in palette_order
                else _stable_index(str(code))
            )  # fmt: skip
            style, title = (color, symbol, 2, 8), name
        drawn.append((is_mine, _municipality_line(plot, sub, code, cuts, style, title)))
        legend.append((title, style[0], "", style[1], is_mine, str(code)))
    return [markup for _, markup in sorted(drawn, key=lambda d: d[0])], legend


def _legend(legend: list[_LegendEntry], width: int, top: float) -> tuple[list[str], float]:
    """The legend below the axis, as many entries a row as fit (two at most on a phone's
    width); returns its markup and the chart's height with it."""
    widest = max((len(e[0]) * (BOLD_CHAR_WIDTH if e[4] else LEGEND_CHAR_WIDTH) for e in legend),
                 default=0)  # fmt: skip
    most = 2 if width < WIDE_WIDTH else 4
    columns = max(1, min(most, len(legend), int((width - 8) // (36 + widest))))
    column_width = (width - 8) / columns
    parts = []
    for index, (title, color, dash, symbol, bold, code) in enumerate(legend):
        x = 8 + (index % columns) * column_width
        y = top + (index // columns) * LEGEND_ROW + LEGEND_ROW / 2
        sample = (f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 30:.1f}" y2="{y:.1f}" '
                  f'stroke="{color}" stroke-width="{4 if bold else 2.5}"'
                  + (f' stroke-dasharray="{dash}"' if dash else "")
                  + _series_attributes(color, code) + "/>")  # fmt: skip
        if symbol:
            sample += marker(symbol, x + 15, y, color, 10 if bold else 8)
        weight = ' font-weight="700"' if bold else ""
        # A municipality's entry names its code: on Jämför a click on it unticks the
        # municipality in the list above (assets/07_charts.js), so list and chart agree.
        item = f'class="legend-item" data-code="{escape(code)}"' if code else 'class="legend-item"'
        parts.append(
            f'<g {item}>{sample}<text x="{x + 36:.1f}" y="{y:.1f}" '
            f'dominant-baseline="middle" font-size="13"{weight}>{escape(title)}</text></g>'
        )
    return parts, top + LEGEND_ROW * math.ceil(len(legend) / columns) + 4


def _plot_area(frame: pd.DataFrame, means: Mapping[str, pd.DataFrame],
               levels: pd.DataFrame | None, percent: bool, width: int,
               extra: Sequence[float] = ()) -> tuple[_Plot, list[tuple[float, str]]]:  # fmt: skip
    """The years and value range of every line and mean, and the y-axis ticks; the plot
    starts right of the longest tick label."""
    years = sorted({int(y) for y in frame["year"]} | {int(y) for m in means.values()
                                                         for y in m["year"]})  # fmt: skip
    every = (
        [float(v) for v in frame["score"] if not is_missing(v)]
        + [float(v) for m in means.values() for v in m["score"] if not is_missing(v)]
        + list(extra)
    )
    low, high, ticks = _y_axis(every, levels, percent)
    left = round(max((len(t) for _, t in ticks), default=1) * TICK_CHAR_WIDTH + 16)
    plot_height = PLOT_HEIGHT if width < WIDE_WIDTH else WIDE_PLOT_HEIGHT
    return _Plot(years, left, width - 14, low, high, plot_height), ticks


def trend_lines_svg(
    frame: pd.DataFrame,
    *,
    label: str,
    levels: pd.DataFrame | None = None,
    means: Mapping[str, pd.DataFrame] | None = None,
    mine: str | None = None,
    percent: bool = False,
    mine_is_subject: bool = False,
    palette_order: Sequence[str] | None = None,
    width: int = WIDTH,
    breaks: Sequence[int] = (),
    unit: str = "",
    riket: Riket | None = None,
) -> str:
    """One line per municipality over the years (frame as comparison.trends: code, name, year,
    score, label); `means` maps a label to a frame with year, score, text (dashed lines). On a
    municipality's own profile (mine_is_subject) its line is bold without '(min kommun)'.
    With `palette_order` (every code of the county) a municipality keeps its colour and
    marker whatever else is drawn; else they follow the order of appearance. `width` in the
    SVG's units (WIDTH or WIDE_WIDTH): a wider chart is taller and its legend has more columns.
    `breaks`: years the indicator's definition changed; the lines stop before each, which a
    grey rule marks ('Ny definition'), and the label says so. `unit`: the y-axis's
    (svg_bars.axis_unit), written above it. `riket` (riket.riket_reference): a mark at its
    year where it is on the chart's scale, else (a criterion) a strip under the chart."""
    means = means or {}
    on_scale = riket is not None and not riket.share_met and levels is None
    plot, ticks = _plot_area(frame, means, levels, percent, width,
                             [riket.value] if on_scale and riket else [])  # fmt: skip
    parts, cuts, cut_years = _break_rules(plot, breaks)
    if cut_years:
        label += " " + break_sentence(cut_years)
    parts += _axes(plot, ticks)
    mean_parts, legend = _mean_lines(plot, means, cuts)
    line_parts, line_legend = _municipality_lines(plot, frame, cuts, mine, mine_is_subject,
                                                  palette_order)  # fmt: skip
    if on_scale and riket:
        mark, entry = _riket_mark(plot, riket)
        mean_parts.append(mark)
        legend.append(entry)
    legend_parts, height = _legend(legend + line_legend, width, plot.bottom + AXIS_HEIGHT)
    body = "".join(parts + mean_parts + line_parts + legend_parts)
    if riket is not None and riket.share_met:  # a criterion: the shares under the chart
        body += share_strip(riket, height, 8, width - 14)
        height += strip_height(riket)
    if unit:  # the unit above the y-axis's numbers, the chart moved down to make room
        body = (f'<text class="axis-unit" x="8" y="14" font-size="13">{escape(unit)}</text>'
                f'<g transform="translate(0 {UNIT_ROW})">{body}</g>')  # fmt: skip
        height += UNIT_ROW
    return (
        f'<svg class="svg-chart svg-lines" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">{body}</svg>'
    )


def _riket_mark(plot: _Plot, riket: Riket) -> tuple[str, _LegendEntry]:
    """Riket's value at its year: a short dash-dot line and a square, written 'Riket 2024:
    62 %' in its tooltip and legend. A year before the chart's first is drawn at its left."""
    year = riket.year if riket.year in plot.years else None
    x = plot.x_of(year) if year is not None else plot.left + 12
    y = plot.y_of(riket.value)
    role = ROLE_RIKET
    mark = (
        f'<g class="trend-riket"><title>{escape(riket.label)}</title>'
        f'<line x1="{x - 18:.1f}" y1="{y:.1f}" x2="{x + 18:.1f}" y2="{y:.1f}" '
        f'stroke="{role.color}" stroke-width="{role.width:g}" stroke-dasharray="{role.dash}" '
        f'data-role="{role.role}"/>{marker("square", x, y, role.color, 9)}</g>'
    )
    return mark, (riket.label, role.color, role.dash, "square", False, "")


def municipality_trend_svg(ds, code: str, indicator: str, name: str) -> str:
    """One municipality's indicator over the years against the county's and its size group's
    means (where a mean means something): the Kommun page's and the Kommunrapport's chart."""
    ind = domain.indicator(ds, indicator)
    frame = comparison.trends(ds, indicator, [code])
    levels = domain.scale_levels(ds, ind["scale"]) if domain.is_categorical(ind) else None
    means = (comparison.municipality_trend_means(ds, code, indicator)
             if comparison.mean_is_meaningful(ind) else {})  # fmt: skip
    years = [int(y) for y in frame["year"]]
    riket = riket_reference(ds, indicator, max(years)) if years else None
    return trend_lines_svg(
        frame,
        unit=axis_unit(ind),
        riket=riket,
        breaks=domain.definition_breaks(ds, indicator),
        label=f"Linjediagram: {comparison.readable_name(ind)} per år för {name}"
        + (f", {ds.county.words.mean}et och liknande kommuner" if means else "")
        + ". Samma uppgifter finns i tabellen.",
        levels=levels,
        means=means,
        mine=code,
        percent=ind["type"] == "andel",
        mine_is_subject=True,
    )
