"""The app's one colour language: per indicator one scale, the same on every view.

The county map, Jämför's matrix and ranking, Strategi's bars and the presenter's slides all
colour a value through `indicator_scale`, so 87 % has the same colour wherever it is shown and
every step of a legend is labelled:

- shares (andel) in five steps of 20 percentage points (0–19 %, …, 80–100 %);
- other numbers (counts, full-time equivalents) in up to five equal steps from zero, wide
  enough for the largest value of any year, so a colour means the same in every year;
- statuses by their meaning: yes blue / no orange; a criterion met the same blue, partly
  met sky blue, not met orange; ordered statuses (SUV) light → dark blue.

Besides values, every other colour has one role (ROLE_* below, docs/palette.md): 'min
kommun', the reference lines (county mean, similar municipalities' mean, Riket), compared
municipalities and Strategi's goals; no hue means two things.

Blues are ColorBrewer's sequential Blues without their palest steps (too near the grey of
'Uppgift saknas'); blue and orange are Okabe–Ito's. 'Uppgift saknas' is grey *and* hatched on
the map (MISSING_PATTERN), so it differs from every value also in greyscale; everywhere it
is also written out. tests/test_colours.py checks every pair of colours of a scale, and each
against missing, under simulated protanopia, deuteranopia and tritanopia (Machado et al.
2009) and in greyscale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard import domain
from dashboard.charts import (
    BORDER_COLOR,
    CATEGORICAL,
    HIGHLIGHT_COLOR,
    MISSING_COLOR,
    TEXT_COLOR,
)
from dashboard.domain import comparison

# Light → dark: five of ColorBrewer's nine Blues, chosen so that every pair differs by
# ΔE*ab ≥ 12 also as seen with protanopia, deuteranopia or tritanopia (tests/test_colours.py).
BLUES = ("#c6dbef", "#6baed6", "#2171b5", "#08519c", "#08306b")
_SPREAD = {
    1: (3,),
    2: (1, 4),
    3: (0, 2, 4),
    4: (0, 1, 2, 4),
    5: (0, 1, 2, 3, 4),
}
YES, NO = "#0072b2", "#e69f00"  # Okabe–Ito blue and orange
# A criterion met is a yes (the same blue); partly met Okabe–Ito's sky blue, as the status
# symbols on the pages (assets/05_compare.css): lighter is less far, orange is not met.
MET, PARTLY = YES, "#56b4e9"
STATUS = {
    "ja_nej": {"ja": YES, "nej": NO},
    "kriterium": {"uppfyllt": MET, "delvis": PARTLY, "ej_uppfyllt": NO},
}

# --- roles: one meaning per hue (docs/palette.md) -----------------------------------------
# Every chart, slide, image and the Kommunrapport take their colours from these. Blue is
# 'more / yes / met' (the value scale and the positive statuses), orange only 'no / not met /
# no local plan', grey 'Uppgift saknas'. 'Min kommun' has no hue of its own: it is black (a
# heavy outline on bars and cells, a thick black line with diamonds) and always named, so it
# never sits beside a status colour as one. The three reference lines are greys and a purple
# that no value uses, each with its own dash, the same on every chart. Compared
# municipalities get colours that no status, value or reference uses, by a stable key.

ROLE_STATUS_YES = YES  # ja, uppfyllt
ROLE_STATUS_PARTLY = PARTLY  # delvis
ROLE_STATUS_NO = NO  # nej, ej uppfyllt, ingen lokal plan
ROLE_VALUE = BLUES  # the value scale, light → dark
ROLE_MISSING = MISSING_COLOR  # grey, hatched on the map, always written out
NONE_COLOR = "#ffffff"  # a count of 0 where 0 is an answer ('ingen nådd'): white, labelled

# The `data-role` of an area, cell or bar by its fill: every fill has exactly one role.
_FILL_ROLES = {YES: "status-ja", PARTLY: "status-delvis", NO: "status-nej",
               MISSING_COLOR: "saknas", NONE_COLOR: "varde", **dict.fromkeys(BLUES, "varde")}  # fmt: skip


def fill_role(color: str) -> str:
    """The role of a value's fill ('varde', 'status-ja', …; '' for a colour without one)."""
    return _FILL_ROLES.get(color.lower(), "")


@dataclass(frozen=True)
class LineRole:
    """A series drawn the same on every chart: its colour, SVG dash ('' solid), width, and
    the `data-role` its SVG elements carry (tests/test_colour_roles*.py read it)."""

    role: str
    color: str
    dash: str
    width: float

    def mpl_dash(self) -> str | tuple[int, tuple[float, ...]]:
        """The dash as matplotlib's linestyle (the Kommunrapport's charts)."""
        if not self.dash:
            return "-"
        return (0, tuple(float(part) for part in self.dash.split()))


ROLE_MY_MUNICIPALITY = LineRole("min-kommun", HIGHLIGHT_COLOR, "", 4.0)  # + diamonds, ▶, bold
MY_MUNICIPALITY_OUTLINE = 3.0  # the heavy outline of its bar, cell or area
ROLE_COUNTY_MEAN = LineRole("lanssnitt", "#4d4d4d", "6 4", 2.5)  # dark grey, dashed
ROLE_GROUP_MEAN = LineRole("gruppsnitt", "#8c8c8c", "2 3", 3.0)  # mid grey, dotted
ROLE_RIKET = LineRole("riket", "#762a83", "10 3 2 3", 2.5)  # purple, dash-dot
REFERENCE_LINES = (ROLE_COUNTY_MEAN, ROLE_GROUP_MEAN, ROLE_RIKET)


def mean_role(name: str, index: int) -> LineRole:
    """A mean's reference line by its name (Riket, the similar municipalities), else by
    position: the county's first and the group's second, as the pages pass them."""
    lower = name.lower()
    if lower.startswith("riket"):
        return ROLE_RIKET
    if "liknande" in lower:
        return ROLE_GROUP_MEAN
    return (ROLE_COUNTY_MEAN, ROLE_GROUP_MEAN)[index % 2]


# Municipalities compared with each other (not 'min kommun'): no blue (values), no orange,
# red or yellow (no / not met), no grey, and each far from Riket's purple and from black
# also for colour-blind readers (tests/test_colours.py); each also gets a marker symbol, so
# 4 colours × 5 symbols = 20 pairs before one repeats (svg_lines.line_style, by its code).
ROLE_SERIES = tuple(CATEGORICAL)
# Strategi's four goals: dark teal, olive, aubergine and green, each goal also named in its
# box; no status, value or red hue, white text on each.
ROLE_GOALS = ("#286878", "#607038", "#302040", "#204028")
# The neutrals every chart may use besides the roles: text, borders, grid and axis lines.
NEUTRALS = frozenset({TEXT_COLOR, BORDER_COLOR, "#ffffff", "#e5e5e5", "#999999",
                      "#737373", "#f2f2f2"})  # fmt: skip


SHARE_STEP = 20.0  # percentage points per step
MISSING_PATTERN = "uppgift-saknas"  # the map's hatch for missing values (svg_map.py)


def blues(count: int) -> list[str]:
    """`count` (1–5) steps of BLUES spread from light to dark; more steps repeat none."""
    return [BLUES[i] for i in _SPREAD[max(1, min(5, count))]]


@dataclass(frozen=True)
class Step:
    label: str  # as the legend writes it
    color: str
    low: float | None = None  # numeric steps: low ≤ value < next step's low
    code: str | None = None  # status steps: the scale's code


@dataclass(frozen=True)
class IndicatorScale:
    """The steps of one indicator, lowest first; `title` heads the legend."""

    steps: tuple[Step, ...]
    title: str = ""

    def step(self, raw: object, score: float) -> Step | None:
        """The step a value falls in; None when it is missing (or hidden)."""
        if self.steps and self.steps[0].code is not None:
            return next((s for s in self.steps if s.code == raw), None)
        if score is None or (isinstance(score, float) and math.isnan(score)):
            return None
        found = None
        for s in self.steps:
            if s.low is not None and score >= s.low - 1e-9:
                found = s
        return found or self.steps[0]

    def color(self, raw: object, score: float) -> str:
        found = self.step(raw, score)
        return MISSING_COLOR if found is None else found.color

    def legend(self) -> list[tuple[str, str]]:
        """(label, colour) of every step, lowest first; missing is added by the caller."""
        return [(s.label, s.color) for s in self.steps]


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u00a0").replace(".", ",")
    return text


def _nice_step(largest: float, count: int = 5) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that covers `largest` in `count` steps."""
    if largest <= 0:
        return 1.0
    raw = largest / count
    exponent = math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * 10**exponent
        if step * count > largest:
            return float(step)
    return float(10 ** (exponent + 1))


def share_scale(title: str = "") -> IndicatorScale:
    """Shares 0–100 %: five steps of 20 percentage points."""
    steps = []
    for index, color in enumerate(BLUES):
        low = index * SHARE_STEP
        high = "100" if index == len(BLUES) - 1 else f"{low + SHARE_STEP - 1:.0f}"
        steps.append(Step(f"{low:.0f}–{high}\u00a0%", color, low=low))
    return IndicatorScale(tuple(steps), title)


def number_scale(
    largest: float, *, integer: bool, unit: str = "", title: str = ""
) -> IndicatorScale:
    """Up to five equal steps from zero that hold `largest`; the last is open ('eller fler').
    The unit goes into the title ('Antal samordnare (personer)'), not into every step."""
    step = _nice_step(largest)
    count = max(1, min(5, math.floor(largest / step) + 1)) if largest > 0 else 1
    title = f"{title} ({unit})" if title and unit else title
    colors = blues(count)
    steps = []
    for index in range(count):
        low = index * step
        last = index == count - 1
        if integer and step == 1:
            label = f"{_number(low)} eller fler" if last and index else _number(low)
        elif integer:
            label = (f"{_number(low)} eller fler" if last
                     else f"{_number(low)}–{_number(low + step - 1)}")  # fmt: skip
        else:
            label = (f"{_number(low)} eller mer" if last
                     else f"{_number(low)} till under {_number(low + step)}")  # fmt: skip
        steps.append(Step(label, colors[index], low=low))
    return IndicatorScale(tuple(steps), title)


def _nice_round(value: float) -> int:
    """The nearest (on a log scale) of 1, 2, 5 × 10^k."""
    exponent = math.floor(math.log10(value))
    options = [f * 10**e for e in (exponent, exponent + 1) for f in (1, 2, 5)]
    return int(min(options, key=lambda o: abs(math.log10(o) - math.log10(value))))


def count_scale(largest: float, *, zero_label: str, title: str = "") -> IndicatorScale:
    """Whole numbers where 0 is an answer of its own (nobody reached) and a few are common
    beside a few large ones: 0 a white step named `zero_label`, then up to four steps from
    1 that grow by about the same factor up to `largest` (1–4, 5–9, 10–49, 50 eller fler
    for 186), rounded to 1, 2, 5 × 10^k, the last open. Given the largest of every year,
    each year's map has the same steps."""
    lows = [1]
    for part in (1, 2, 3):
        low = _nice_round(max(largest, 1) ** (part / 4))
        if lows[-1] < low <= largest:
            lows.append(low)
    colors = blues(len(lows))
    steps = [Step(zero_label, NONE_COLOR, low=0)]
    for index, low in enumerate(lows):
        if index == len(lows) - 1:
            label = f"{_number(low)} eller fler" if index else _number(low)
        else:
            high = lows[index + 1] - 1
            label = _number(low) if high <= low else f"{_number(low)}–{_number(high)}"
        steps.append(Step(label, colors[index], low=low))
    return IndicatorScale(tuple(steps), title)


def status_colors(scale: str, codes: list[str]) -> dict[str, str]:
    """Colour per code of an ordered status scale (codes lowest first)."""
    if scale in STATUS:
        return {c: STATUS[scale].get(c, MISSING_COLOR) for c in codes}
    return dict(zip(codes, blues(len(codes)), strict=False))


def status_scale(levels: pd.DataFrame, scale: str, title: str = "") -> IndicatorScale:
    """One step per ordered code of the scale (levels: code, label, order); unordered
    codes ('okant') count as missing."""
    ordered = levels.dropna(subset=["order"]).sort_values("order")
    colors = status_colors(scale, list(ordered["code"]))
    return IndicatorScale(
        tuple(Step(str(r["label"]), colors[r["code"]], code=str(r["code"]))
              for _, r in ordered.iterrows()),
        title,
    )  # fmt: skip


def indicator_scale(
    ind: pd.Series, levels: pd.DataFrame | None = None, largest: float = 0.0, title: str = ""
) -> IndicatorScale:
    """The scale of an indicator (a catalogue row): statuses need the scale's levels,
    numbers other than shares the largest value of any year."""
    if ind["type"] in {"ja_nej", "ordinal"} and levels is not None:
        return status_scale(levels, ind["scale"], title)
    if ind["type"] == "andel":
        return share_scale(title)
    return number_scale(largest, integer=ind["type"] == "antal", unit=str(ind["unit"] or ""),
                        title=title)  # fmt: skip


def scale_for(ds, indicator_id: str) -> IndicatorScale:
    """The scale of an indicator of the dataset, titled with its readable name."""
    ind = domain.indicator(ds, indicator_id)
    levels = domain.scale_levels(ds, ind["scale"]) if domain.is_categorical(ind) else None
    return indicator_scale(ind, levels, domain.largest_value(ds, indicator_id),
                           title=comparison.readable_name(ind))  # fmt: skip
