"""Charts for the report documents (PDF and Word): PNG images drawn with matplotlib's Agg
backend, on the server, without a browser.

Each figure is made at the size it is printed (inches = centimetres / 2.54), so the font
sizes set here are the printed sizes: no text under MIN_POINTS (9 pt). The colours are the
pages' own, with the meanings they have there: a verdict's colour as on Uppföljning
(bättre blue, sämre orange, oförändrat grey, blandat blue with orange, kan inte bedömas
white), the municipality's bars and the county's and similar municipalities' means as in
the Kommunrapport's bars and lines. Every chart is followed in the document by a table with
the same numbers (ui/followup_report.py, ui/municipality_report.py), so nothing is only in a
picture.

matplotlib is imported when a chart is drawn, not when the app starts (half a second).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dashboard.charts import BORDER_COLOR, MISSING_COLOR, TEXT_COLOR
from dashboard.charts.colours import (
    MY_MUNICIPALITY_OUTLINE,
    NO,
    ROLE_COUNTY_MEAN,
    ROLE_GROUP_MEAN,
    ROLE_MY_MUNICIPALITY,
    YES,
    mean_role,
)
from dashboard.charts.compare import BAR_COLOR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MIN_POINTS = 9.0
FONT_POINTS = 10.0
TITLE_POINTS = 11.0
DPI = 200
CM_PER_INCH = 2.54
BREAK_ROOM = 124  # the trend chart's top with definition changes: their labels above 100 %
# The verdicts' colours and hatches (Uppföljning's badges: assets/05_compare.css).
WHITE = "#ffffff"
# (fill, hatch, hatch colour)
VERDICT_STYLE = {
    "bättre": (YES, "", BORDER_COLOR),
    "blandat": (YES, "///", NO),  # blue with orange stripes: moved both ways
    "oförändrat": (MISSING_COLOR, "", BORDER_COLOR),
    "sämre": (NO, "", BORDER_COLOR),
    "kan inte bedömas": (WHITE, "", BORDER_COLOR),
}
# Bars: the municipality (the value's blue, outlined in black as on the page), the county's
# mean (dark grey, white stripes) and similar municipalities' mean (mid grey, white dots),
# as svg_bars draws them: colours.py's roles.
SERIES_STYLE = ((BAR_COLOR, "", ROLE_MY_MUNICIPALITY.color),
                (ROLE_COUNTY_MEAN.color, "//", WHITE), (ROLE_GROUP_MEAN.color, "..", WHITE))  # fmt: skip
GRID_COLOR = "#e5e5e5"  # the pages' grid grey, not the grey of 'Uppgift saknas'
RULE_COLOR = "#999999"  # a definition change: solid, unlike every dashed reference line


def line_style(index: int, name: str) -> tuple[str, Any, str, float]:
    """(colour, linestyle, marker, width) of a trend's index-th series: the municipality
    black with diamonds ('min kommun' on the pages), then the means as reference lines
    (colours.py: the same colour and dash as on every page), without markers."""
    if index == 0:
        return ROLE_MY_MUNICIPALITY.color, "-", "D", 2.2
    role = mean_role(name, index - 1)
    return role.color, role.mpl_dash(), "", 1.8


def _rc() -> dict[str, Any]:
    return {
        "font.family": "DejaVu Sans",  # matplotlib's own font: å, ä, ö, – and ” included
        "font.size": FONT_POINTS,
        "axes.titlesize": TITLE_POINTS,
        "axes.labelsize": FONT_POINTS,
        "xtick.labelsize": FONT_POINTS,
        "ytick.labelsize": FONT_POINTS,
        "legend.fontsize": FONT_POINTS,
        "text.color": TEXT_COLOR,
        "axes.labelcolor": TEXT_COLOR,
        "xtick.color": TEXT_COLOR,
        "ytick.color": TEXT_COLOR,
        "axes.edgecolor": BORDER_COLOR,
        "svg.fonttype": "none",
    }


def _figure(width_cm: float, height_cm: float) -> Figure:
    from matplotlib.figure import Figure  # Agg only: no pyplot, no global state, no GUI

    return Figure(figsize=(width_cm / CM_PER_INCH, height_cm / CM_PER_INCH), dpi=DPI)


def png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def verdict_figure(counts: Sequence[tuple[str, int]], title: str, width_cm: float,
                   height_cm: float) -> Figure:  # fmt: skip
    """Horizontal bars: how many delmål (or indicators) got each verdict."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        figure = _figure(width_cm, height_cm)
        axes = figure.add_subplot()
        labels = [v.capitalize() for v, _ in counts][::-1]
        numbers = [n for _, n in counts][::-1]
        styles = [VERDICT_STYLE.get(v, VERDICT_STYLE["oförändrat"]) for v, _ in counts][::-1]
        bars = axes.barh(labels, numbers, color=[c for c, _, _ in styles],
                         edgecolor=BORDER_COLOR, linewidth=0.6)  # fmt: skip
        for bar, (_, hatch, hatch_colour) in zip(bars, styles, strict=True):
            bar.set_hatch(hatch)
            bar.set_hatchcolor(hatch_colour)
        for bar, number in zip(bars, numbers, strict=True):
            axes.text(bar.get_width() + 0.1, bar.get_y() + bar.get_height() / 2, str(number),
                      va="center", fontsize=FONT_POINTS)  # fmt: skip
        axes.set_xlim(0, max([*numbers, 1]) * 1.15 + 0.5)
        axes.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        axes.set_title(title, loc="left", fontsize=TITLE_POINTS)
        _plain(axes)
        figure.tight_layout()
    return figure


def verdict_bars(counts: Sequence[tuple[str, int]], title: str, width_cm: float,
                 height_cm: float) -> bytes:  # fmt: skip
    return png(verdict_figure(counts, title, width_cm, height_cm))


def _plain(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _legend_below(figure: Figure, axes, count: int) -> None:
    """The legend across the figure's foot, inside the figure (nothing cut off)."""
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=max(count, 1), frameon=False)
    _plain(axes)
    figure.tight_layout(rect=(0, 0.09, 1, 1))


def grouped_figure(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
                   title: str, width_cm: float, height_cm: float) -> Figure:  # fmt: skip
    """Horizontal grouped bars in per cent (0–100), one group per category (a goal area):
    the municipality, the county's mean and similar municipalities' mean. A missing value
    is no bar (the table after the chart says 'Uppgift saknas')."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        figure = _figure(width_cm, height_cm)
        axes = figure.add_subplot()
        count = max(len(series), 1)
        height = 0.8 / count
        positions = range(len(categories))
        for index, (name, values) in enumerate(series):  # the first on top of its group
            colour, hatch, hatch_colour = SERIES_STYLE[index % len(SERIES_STYLE)]
            ys = [p + index * height for p in positions]
            widths = [0.0 if v is None else float(v) for v in values]
            axes.barh(ys, widths, height=height * 0.9, color=colour, hatch=hatch,
                      hatchcolor=hatch_colour, edgecolor=BORDER_COLOR if index else hatch_colour,
                      linewidth=MY_MUNICIPALITY_OUTLINE / 2 if index == 0 else 0.5,
                      label=name)  # fmt: skip
        axes.set_yticks([p + (count - 1) * height / 2 for p in positions])
        axes.set_yticklabels([_wrap(c, 24) for c in categories])
        axes.invert_yaxis()
        axes.set_xlim(0, 100)
        axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.0f} %"))
        axes.set_title(title, loc="left", fontsize=TITLE_POINTS)
        _legend_below(figure, axes, count)
    return figure


def grouped_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
                 title: str, width_cm: float, height_cm: float) -> bytes:  # fmt: skip
    return png(grouped_figure(categories, series, title, width_cm, height_cm))


def line_segments(years: Sequence[int], values: Sequence[float | None], breaks: Sequence[int] = ()
                  ) -> list[tuple[list[int], list[float]]]:  # fmt: skip
    """Runs of a line between definition changes: a year in `breaks` starts a new run (the
    years before it are not compared with it); a missing year stays a gap (NaN) in its run."""
    runs: list[tuple[list[int], list[float]]] = []
    for year, value in zip(years, values, strict=True):
        if not runs or year in breaks:
            runs.append(([], []))
        runs[-1][0].append(year)
        runs[-1][1].append(float("nan") if value is None else float(value))
    return [run for run in runs if any(v == v for v in run[1])]  # not a run of gaps only


def break_labels(years: Sequence[int], breaks: Sequence[int], plot_cm: float
                 ) -> list[tuple[float, str]]:  # fmt: skip
    """(x, text) of the labels at the definition changes: 'Ny definition' and the year at
    each grey rule; rules closer than a label is wide share one ('2023, 2024')."""
    shown = [b for b in breaks if b in years and list(years).index(b) > 0]
    step_cm = plot_cm / max(len(years) - 1, 1)
    label_cm = len("Ny definition") * FONT_POINTS * 0.6 / 72 * CM_PER_INCH
    groups: list[list[int]] = []
    for year in shown:
        if groups and (year - groups[-1][-1]) * step_cm < label_cm:
            groups[-1].append(year)
        else:
            groups.append([year])
    return [(group[0] - 0.5, "Ny definition\n" + ", ".join(map(str, group))) for group in groups]


def _draw_breaks(axes, years: Sequence[int], breaks: Sequence[int], width_cm: float) -> None:
    """A solid grey rule between the years either side of each definition change, labelled."""
    for year in breaks:
        if year in years and list(years).index(year) > 0:
            axes.axvline(year - 0.5, color=RULE_COLOR, linestyle="-", linewidth=1.2)
    middle = (min(years) + max(years)) / 2
    for x, label in break_labels(years, breaks, width_cm * 0.8):
        right = x > middle + 1  # near the right edge: the label left of its rule
        axes.text(x + (-0.08 if right else 0.08), BREAK_ROOM - 1, label,
                  ha="right" if right else "left",
                  va="top", fontsize=MIN_POINTS, color=TEXT_COLOR,
                  bbox={"facecolor": WHITE, "edgecolor": "none", "pad": 1.5})  # fmt: skip


def trend_figure(years: Sequence[int], series: Sequence[tuple[str, Sequence[float | None]]],
                 title: str, width_cm: float, height_cm: float,
                 breaks: Sequence[int] = ()) -> Figure:  # fmt: skip
    """Lines in per cent over the years: the municipality, the county's and the group's
    means; a missing year is a gap in its line, and a new definition (a year in `breaks`)
    cuts every line there, at a grey rule 'Ny definition', as the pages draw it."""
    import matplotlib

    with matplotlib.rc_context(_rc()):
        figure = _figure(width_cm, height_cm)
        axes = figure.add_subplot()
        for index, (name, values) in enumerate(series):
            colour, style, mark, width = line_style(index, name)
            for number, (xs, ys) in enumerate(line_segments(years, values, breaks)):
                axes.plot(xs, ys, color=colour, linestyle=style, marker=mark or None,
                          linewidth=width, markersize=5,
                          label=name if number == 0 else "_nolegend_")  # fmt: skip
        _draw_breaks(axes, years, breaks, width_cm)
        # room above 100 % for the rules' labels, where they hide no point
        axes.set_ylim(0, BREAK_ROOM if breaks else 100)
        axes.set_yticks([0, 20, 40, 60, 80, 100])
        axes.spines["left"].set_bounds(0, 100)
        axes.set_xticks(list(years))
        axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.0f} %"))
        axes.grid(axis="y", color=GRID_COLOR, linewidth=0.6)
        axes.set_title(title, loc="left", fontsize=TITLE_POINTS)
        _legend_below(figure, axes, len(series))
    return figure


def trend_lines(years: Sequence[int], series: Sequence[tuple[str, Sequence[float | None]]],
                title: str, width_cm: float, height_cm: float,
                breaks: Sequence[int] = ()) -> bytes:  # fmt: skip
    return png(trend_figure(years, series, title, width_cm, height_cm, breaks))
