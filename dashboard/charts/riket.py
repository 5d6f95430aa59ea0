"""Riket drawn on a chart (issue #34): the national value of an indicator as a reference, with
its year, in colours.ROLE_RIKET's colour and dash on every chart.

Where the national value is on the chart's own scale (a number or a share per
municipality) it is a line like the means (svg_bars, svg_lines). Öppna jämförelser's value
for a criterion is another kind of number: the share of Sweden's municipalities that meet it,
while the chart shows each municipality's status. It is drawn as a strip of its own under
the chart: the share of the county's municipalities that meet the criterion in the chart's
year, and Riket's mark on the same 0–100 % scale, each labelled with its year. The numbers
are those of the text and tables beside the chart (national.national_value,
comparison.county_share_met).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from dashboard import domain
from dashboard.charts import BORDER_COLOR, FONT_FAMILY, TEXT_COLOR
from dashboard.charts.colours import ROLE_COUNTY_MEAN, ROLE_RIKET
from dashboard.domain import comparison, national
from dashboard.domain.formatting import format_percent

STRIP_HEIGHT = 86  # the criterion strip: title, Riket's label, the bar, the county's label


@dataclass(frozen=True)
class Riket:
    """The national value a chart draws. share_met: a criterion's value (the share of the
    country's municipalities that meet it), drawn beside the county's share; else `value`
    is on the chart's own scale."""

    value: float
    year: int
    shown: str  # as the text beside the chart says it: '37 %', '1,2 årsarbetare'
    share_met: bool = False
    county_share: float = math.nan  # share_met: the county's municipalities, 0–100
    county_year: int = 0
    county_name: str = ""  # 'Kronobergs län'
    county_met: int = 0  # share_met: how many meet it, of
    county_known: int = 0  # the municipalities with a known status (the share's denominator)
    # like for like: the county's share in Riket's year, where that differs from the chart's
    # and the county has it (NaN otherwise), with its numerator and denominator
    county_share_riket_year: float = math.nan
    county_counts_riket_year: tuple[int, int] = (0, 0)

    @property
    def label(self) -> str:
        """'Riket 2024: 37 %'."""
        return f"Riket {self.year}: {self.shown}"


def riket_reference(ds, indicator_id: str, year: int) -> Riket | None:
    """The national value an indicator's chart of `year` draws (the latest up to that year,
    as national.national_text says it); None when Öppna jämförelser has none."""
    value = national.national_value(ds, indicator_id, year)
    if value is None:
        return None
    ind = domain.indicator(ds, indicator_id)
    if domain.is_categorical(ind):
        met, known = comparison.county_share_counts(ds, indicator_id, year)
        then = (comparison.county_share_counts(ds, indicator_id, value.year)
                if value.year != year and value.year in ds.years else (0, 0))  # fmt: skip
        return Riket(value.value, value.year, value.shown, share_met=True,
                     county_share=100.0 * met / known if known else math.nan,
                     county_year=year, county_name=ds.county.name, county_met=met,
                     county_known=known,
                     county_share_riket_year=100.0 * then[0] / then[1] if then[1] else math.nan,
                     county_counts_riket_year=then)  # fmt: skip
    return Riket(value.value, value.year, value.shown)


def strip_height(riket: Riket, title: str = "x") -> int:
    """The strip's height: one line more where the county's share in Riket's year is written
    (not on the slide's compact strip, see county_texts)."""
    extra = 18 if riket.year != riket.county_year and title else 0
    return STRIP_HEIGHT - (0 if title else 22) + extra


def county_texts(riket: Riket, compact: bool) -> list[str]:
    """The county's share as the strip writes it, with the denominator it rests on
    ('Kronobergs län 2025: 57 % (4 av 7 med uppgift)'; on a slide 'Länet 2025: 57 % (4 av
    7)'), and where Riket's year differs, a second line: the county's share in Riket's year,
    like for like, or that the county has no value for it (not on the compact strip)."""
    name = "Länet" if compact else riket.county_name
    tail = "" if compact else " med uppgift"
    lines = []
    if not math.isnan(riket.county_share):
        lines.append(f"{name} {riket.county_year}: {format_percent(riket.county_share, 0)} "
                     f"({riket.county_met} av {riket.county_known}{tail})")  # fmt: skip
    # the slide's strip (compact) has room for one line beside its map: both lines name
    # their year ('Riket 2024', 'Länet 2025'), and its aria-label has the like-for-like line
    if riket.year != riket.county_year and not compact:
        met, known = riket.county_counts_riket_year
        if known:
            lines.append(f"Länet {riket.year}{'' if compact else ', som riket'}: "
                         f"{format_percent(riket.county_share_riket_year, 0)} ({met} av "
                         f"{known})")  # fmt: skip
        else:
            lines.append(f"Riket avser {riket.year}, {'länet' if compact else name} "
                         f"{riket.county_year}")  # fmt: skip
    return lines


STRIP_TITLE = "Andel av kommunerna som uppfyller kriteriet"


def share_strip(riket: Riket, top: float, left: float, right: float,
                title: str = STRIP_TITLE) -> str:  # fmt: skip
    """A criterion's strip: 'Andel av kommunerna som uppfyller kriteriet', the county's share
    as a bar and Riket's as a mark on one 0–100 % scale, each written with its year."""
    bar_top = top + (44 if title else 22)  # without a title the strip starts at Riket's label

    def x_of(share: float) -> float:
        return left + (right - left) * max(0.0, min(100.0, share)) / 100

    heading = (f'<text x="{left}" y="{top + 14}" font-size="13" font-weight="600">'
               f"{escape(title)}</text>" if title else "")  # fmt: skip
    parts = [
        f'<g class="riket-strip">{heading}',
        f'<rect x="{left}" y="{bar_top}" width="{right - left:.1f}" height="14" fill="#ffffff" '
        f'stroke="{BORDER_COLOR}" stroke-width="0.5"/>',
    ]
    county = riket.county_share
    lines = county_texts(riket, compact=not title)
    if lines:
        bar = (f'<rect x="{left}" y="{bar_top}" width="{x_of(county) - left:.1f}" height="14" '
               f'fill="{ROLE_COUNTY_MEAN.color}" data-role="{ROLE_COUNTY_MEAN.role}"/>'
               if not math.isnan(county) else "")  # fmt: skip
        texts = "".join(f'<text x="{left}" y="{bar_top + 32 + 18 * i}" font-size="13">'
                        f"{escape(line)}</text>" for i, line in enumerate(lines))  # fmt: skip
        parts.append(f"<g><title>{escape('; '.join(lines))}</title>{bar}{texts}</g>")
    x = x_of(riket.value)
    anchor = "end" if x > (left + right) / 2 else "start"
    parts.append(
        f'<g class="riket"><title>{escape(riket.label)} av landets kommuner</title>'
        f'<line x1="{x:.1f}" y1="{bar_top - 5}" x2="{x:.1f}" y2="{bar_top + 19}" '
        f'stroke="{ROLE_RIKET.color}" stroke-width="4" data-role="{ROLE_RIKET.role}"/>'
        f'<text x="{x + (-6 if anchor == "end" else 6):.1f}" y="{bar_top - 8}" '
        f'text-anchor="{anchor}" font-size="13" font-weight="600" fill="{TEXT_COLOR}">'
        f"{escape(riket.label)}</text></g></g>"
    )
    return "".join(parts)


def riket_strip_svg(riket: Riket | None, width: int = 420, title: str = STRIP_TITLE) -> str:
    """A criterion's strip as an SVG of its own, for a view whose chart is a map (the
    presenter's map slide, narrow and without a title so its type stays slide-sized):
    '' where there is no Riket or it is on a scale a map colours."""
    if riket is None or not riket.share_met:
        return ""
    label = (f"{riket.label} av landets kommuner uppfyller kriteriet; "
             + "; ".join(county_texts(riket, compact=False)) + ".")  # fmt: skip
    return (
        f'<svg class="svg-chart svg-riket" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {strip_height(riket, title)}" role="img" '
        f'aria-label="{escape(label)}" '
        f'font-family="{escape(FONT_FAMILY)}" font-size="14" fill="{TEXT_COLOR}">'
        f"{share_strip(riket, 0, 8, width - 14, title)}</svg>"
    )
