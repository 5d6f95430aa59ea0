"""How far the plan got (issue #20): per delmål, each indicator from the plan period's first
year to the latest year with values, a plain verdict, the activities done for it, and the
local plans that link to it. Pure functions over a Dataset.

The verdict rule, as the pages and Om data state it (RULE_TEXT):
- An indicator is compared between the first and the last year of the plan period that have
  a value. For the county, a status (ja/nej, a criterion, SUV) is the share of municipalities
  with the best status, a share or a number is the unweighted mean of the municipalities.
- Shares (per cent) must move at least THRESHOLD_POINTS percentage points, numbers at least
  THRESHOLD_RELATIVE of the first value, to count as better or worse; a municipality's status
  must move at least one step. Less is "oförändrat".
- "Kan inte bedömas" when fewer than two years have values, when the indicator has no
  direction (higher is neither better nor worse), or when values are hidden by disclosure
  control. When the indicator's definition changed during the period (`definition_andrad`
  in data/indikatorer.csv), only years from the change on are compared.
- A delmål is "bättre" when more of its assessable indicators got better than worse, "sämre"
  in the opposite case, else "oförändrat"; "kan inte bedömas" when none is assessable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard import domain
from dashboard.data import practice
from dashboard.data.loader import Dataset
from dashboard.domain import comparison, local_plans
from dashboard.domain.formatting import MISSING

BETTER, UNCHANGED, WORSE, UNKNOWN = "bättre", "oförändrat", "sämre", "kan inte bedömas"
VERDICTS = (BETTER, UNCHANGED, WORSE, UNKNOWN)
# One municipality of eight is 12.5 points: a county share has to move by at least one
# municipality to count. The same bar for shares of criteria met.
THRESHOLD_POINTS = 10.0
THRESHOLD_RELATIVE = 0.10
RULE_SHORT = (
    "Bättre eller sämre kräver att en andel ändras minst 10 procentenheter, ett antal minst "
    "10\u00a0% eller en kommuns status minst ett steg; annars oförändrat."
)
RULE_TEXT = (
    "Varje indikator jämförs mellan planperiodens första och senaste år med uppgifter. För "
    "länet räknas en status (ja/nej, kriterium, SUV) som andelen kommuner med den bästa "
    "statusen och en andel eller ett antal som medelvärdet av kommunerna. En andel måste ändras "
    f"minst {THRESHOLD_POINTS:g} procentenheter och ett antal minst "
    f"{THRESHOLD_RELATIVE * 100:g}\u00a0% för att räknas som bättre eller sämre, en kommuns status "
    "minst ett steg; mindre är oförändrat. Kan inte bedömas: färre än två år med uppgifter, "
    "indikatorn saknar riktning (högre är varken bättre eller sämre) eller värden döljs av "
    "röjandeskydd. Har indikatorns definition ändrats under perioden jämförs bara åren från "
    "ändringen. Ett delmål är bättre när fler av dess bedömbara indikatorer blivit bättre än "
    "sämre, sämre i motsatt fall, annars oförändrat."
)


@dataclass(frozen=True)
class IndicatorProgress:
    indicator_id: str
    name: str
    first_year: int | None
    last_year: int | None
    first_text: str
    last_text: str
    verdict: str
    reason: str  # why it cannot be judged, or ''


@dataclass(frozen=True)
class SubgoalProgress:
    subgoal_id: str
    goal_id: str
    text: str
    verdict: str
    indicators: tuple[IndicatorProgress, ...]
    activities_done: dict[int, int]  # year -> activities carried out (genomförd)
    local_plans: tuple[str, ...]  # names of municipalities (or actors) whose plan links to it
    local_plans_of: int  # how many local plans are in force (the latest year with values)


def verdict(first: float, last: float, kind: str, higher_is_better: bool | None) -> str:
    """The verdict for a change from first to last. kind: 'share' (percentage points),
    'number' (relative to first) or 'step' (a status's order)."""
    if higher_is_better is None or math.isnan(first) or math.isnan(last):
        return UNKNOWN
    change = last - first if higher_is_better else first - last
    if kind == "share":
        bar = THRESHOLD_POINTS
    elif kind == "step":
        bar = 1.0
    else:
        bar = THRESHOLD_RELATIVE * abs(first)
    # the small tolerance keeps 40 -> 50 at exactly 10 points 'bättre' despite float error
    if change > 0 and change >= bar - 1e-9:
        return BETTER
    if change < 0 and change <= -bar + 1e-9:
        return WORSE
    return UNCHANGED


def combined_verdict(verdicts: Iterable[str]) -> str:
    """A delmål's verdict from its indicators' (see the module's rule)."""
    judged = [v for v in verdicts if v != UNKNOWN]
    if not judged:
        return UNKNOWN
    better, worse = judged.count(BETTER), judged.count(WORSE)
    return BETTER if better > worse else WORSE if worse > better else UNCHANGED


def _direction(ind: pd.Series) -> bool | None:
    value = ind.get("higher_is_better")
    return None if value is None or pd.isna(value) else bool(value)


def _changed_in(ind: pd.Series) -> int | None:
    value = ind.get("definition_changed")
    return None if value is None or pd.isna(value) else int(value)


def county_figure(ds: Dataset, indicator_id: str, year: int) -> tuple[float, str, bool]:
    """The county's figure for an indicator and year: (value, text, hidden). A status: the
    share of municipalities with a known value that have the best status ('Ja i 4 av 8
    kommuner'); else the mean of the municipalities ('1,4 personer i snitt per kommun').
    NaN when no municipality has a value; hidden when disclosure control hides a value."""
    ind = domain.indicator(ds, indicator_id)
    snap = domain.snapshot(ds, indicator_id, year)
    text = comparison.summary_text(ds, ind, snap)
    if domain.has_suppressed(snap):
        return math.nan, text, True
    known = snap[snap["score"].notna()]
    if known.empty:
        return math.nan, MISSING, False
    if domain.is_categorical(ind):
        top = domain.scale_levels(ds, ind["scale"]).dropna(subset=["order"]).iloc[-1]
        count = int((known["raw"] == top["code"]).sum())
        # 'Ja i 4 av 8 kommuner': the county's figure read as a sentence, not a ratio
        return (100.0 * count / len(known), f"{top['label']} i {count} av {len(known)} kommuner",
                False)  # fmt: skip
    mean = domain.county_mean(known)
    return mean, f"{comparison.format_mean(ind, mean)} i snitt per kommun", False


def _kind(ind: pd.Series, county: bool) -> str:
    if domain.is_categorical(ind):
        return "share" if county else "step"
    return "share" if ind["type"] == "andel" else "number"


def _years(ds: Dataset, ind: pd.Series) -> list[int]:
    start, end = ds.plan_period
    changed = _changed_in(ind)
    if changed is not None and start < changed <= end:
        start = changed
    return [y for y in ds.years if start <= y <= end]


def indicator_progress(ds: Dataset, indicator_id: str, code: str | None = None
                       ) -> IndicatorProgress:  # fmt: skip
    """The county's (or with `code` one municipality's) progress on an indicator."""
    ind = domain.indicator(ds, indicator_id)
    name = comparison.readable_name(ind)
    points = []  # (year, value, text)
    for year in _years(ds, ind):
        if code is None:
            value, text, hidden = county_figure(ds, indicator_id, year)
        else:
            snap = domain.snapshot(ds, indicator_id, year)
            row = snap[snap["code"] == code].iloc[0]
            hidden = bool(row["suppressed"])
            value, text = float(row["score"]), str(row["label"])
        if hidden:
            return IndicatorProgress(indicator_id, name, None, None, MISSING, MISSING, UNKNOWN,
                                     "värden döljs av röjandeskydd")  # fmt: skip
        if not math.isnan(value):
            points.append((year, value, text))
    direction = _direction(ind)
    if len(points) < 2:
        first = points[0] if points else (None, math.nan, MISSING)
        return IndicatorProgress(indicator_id, name, first[0], None, first[2], MISSING, UNKNOWN,
                                 "färre än två år med uppgifter")  # fmt: skip
    (y0, v0, t0), (y1, v1, t1) = points[0], points[-1]
    reason = "" if direction is not None else "indikatorn saknar riktning"
    result = verdict(v0, v1, _kind(ind, code is None), direction)
    return IndicatorProgress(indicator_id, name, y0, y1, t0, t1, result, reason)


def municipality_progress(ds: Dataset, subgoal_id: str) -> pd.DataFrame:
    """Per indicator of the delmål, the county's and every municipality's progress over the
    plan period: columns indicator_id, indicator, code ('' for the county), name, progress
    (an IndicatorProgress). The county first, then the municipalities in their order."""
    rows = []
    places = [("", ds.county.words.The)] + list(zip(ds.municipalities["code"], ds.municipalities["name"],
                                        strict=True))  # fmt: skip
    for indicator_id in indicators_of(ds, subgoal_id):
        name = comparison.readable_name(domain.indicator(ds, indicator_id))
        for code, place in places:
            item = indicator_progress(ds, indicator_id, code or None)
            rows.append({"indicator_id": indicator_id, "indicator": name, "code": code,
                         "name": place, "progress": item})  # fmt: skip
    return pd.DataFrame(rows, columns=["indicator_id", "indicator", "code", "name", "progress"])


def indicators_of(ds: Dataset, subgoal_id: str) -> list[str]:
    """The ids of the indicators the catalogue links to a delmål, in catalogue order."""
    inds = ds.indicators
    return list(inds.loc[inds["subgoal_ids"].map(lambda ids: subgoal_id in ids), "id"])


def activities_for(ds: Dataset, subgoal_id: str | None = None,
                   statuses: Iterable[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """The yearly activities (for one delmål), newest first, with Swedish kind and status."""
    frame = ds.activities
    if subgoal_id is not None and not frame.empty:
        frame = frame[frame["subgoal_ids"].map(lambda ids: subgoal_id in ids)]
    if statuses is not None:
        frame = frame[frame["status"].isin(list(statuses))]
    frame = frame.sort_values(["year", "date", "id"], ascending=[False, False, True])
    return frame.assign(
        kind_label=frame["kind"].map(practice.ACTIVITY_KINDS),
        status_label=frame["status"].map(practice.ACTIVITY_STATUSES),
    )


def actor_name(ds: Dataset, actor: str) -> str:
    names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    names |= dict(zip(ds.plan.actors["id"], ds.plan.actors["name"], strict=True))
    return str(names.get(actor, actor))


def subgoal_progress(ds: Dataset, subgoal_id: str) -> SubgoalProgress:
    row = ds.plan.subgoals[ds.plan.subgoals["id"] == subgoal_id].iloc[0]
    indicators = tuple(indicator_progress(ds, i) for i in indicators_of(ds, subgoal_id))
    done = activities_for(ds, subgoal_id, statuses=["genomford"])
    per_year = {int(y): int(n) for y, n in done.groupby("year").size().items()}
    linked = local_plans.linking(ds, subgoal_id)
    return SubgoalProgress(
        subgoal_id=subgoal_id, goal_id=str(row["goal_id"]), text=str(row["text"]),
        verdict=combined_verdict(i.verdict for i in indicators), indicators=indicators,
        activities_done=dict(sorted(per_year.items())),
        local_plans=tuple(actor_name(ds, a) for a in linked),
        local_plans_of=local_plans.in_force_count(ds),
    )  # fmt: skip


def all_progress(ds: Dataset) -> list[SubgoalProgress]:
    """Every delmål's progress in the plan's order."""
    return [subgoal_progress(ds, str(i)) for i in ds.plan.subgoals["id"]]


def compared_years(ds: Dataset) -> tuple[int, int] | None:
    """The plan period's first and last year that have values; None when none has."""
    start, end = ds.plan_period
    years = [y for y in ds.years if start <= y <= end]
    return (years[0], years[-1]) if years else None
