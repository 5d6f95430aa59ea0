"""How far the plan got (issue #20): per delmål, each indicator from the plan period's first
year to the latest year with values, a plain verdict, the activities done for it, and the
local plans that link to it. Pure functions over a Dataset.

The verdict rule, as the pages and Om data state it (RULE_TEXT):
- An indicator is compared between the first and the last year of the plan period that have
  a value; a later year that not every municipality has answered for yet (preliminary) is
  left out while a complete year exists. For the county, only the municipalities with a value
  in both years are compared (the panel, "samma 7 kommuner båda åren"): a status (ja/nej, a
  criterion, SUV) is the share of them with the best status, a share or a number their
  unweighted mean.
- Shares (per cent) must move at least THRESHOLD_POINTS percentage points, numbers at least
  THRESHOLD_RELATIVE of the first value, to count as better or worse; a municipality's status
  must move at least one step. Less is "oförändrat". From zero a relative change is undefined,
  so a number must move by at least one whole unit in total over the compared municipalities
  (a county mean over N of them by 1/N): 0 -> 0,1 in 8 municipalities is 0,8 units, unchanged.
- The first year is the plan period's first year with values (the baseline): the plan is
  followed up against where the county stood when it came into force.
- Indicators with hidden small counts are compared over the panel too, by its totals, only
  where domain.panel_total lets them be shown beside the county's total without giving a
  hidden count away.
- "Kan inte bedömas" when fewer than two years have values, when the indicator has no
  direction (higher is neither better nor worse), or when values are hidden by disclosure
  control (a municipality's own, or a panel total that would give a hidden count away).
  When the indicator's definition changed during the period (`definition_andrad` in
  data/indikatorer.csv), only years from the change on are compared.
- A delmål is "bättre" when at least one of its assessable indicators got better and none
  worse, "sämre" in the opposite case, "blandat" when some got better and some worse (never a
  vote: a worsening is never outvoted), else "oförändrat"; "kan inte bedömas" when none is
  assessable.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from dashboard import domain
from dashboard.data import practice
from dashboard.data.loader import Dataset, Plan
from dashboard.domain import comparison, hierarchy, local_plans
from dashboard.domain.formatting import MISSING

BETTER, UNCHANGED, WORSE, UNKNOWN = "bättre", "oförändrat", "sämre", "kan inte bedömas"
MIXED = "blandat"  # a delmål whose indicators moved both ways
VERDICTS = (BETTER, MIXED, UNCHANGED, WORSE, UNKNOWN)
# One municipality of eight is 12.5 points: a county share has to move by at least one
# municipality to count. The same bar for shares of criteria met.
THRESHOLD_POINTS = 10.0
THRESHOLD_RELATIVE = 0.10
RULE_SHORT = (
    "Bättre eller sämre kräver att en andel ändras minst 10 procentenheter, ett antal minst "
    "10\u00a0% (från noll en hel enhet) eller en kommuns status minst ett steg; annars "
    "oförändrat. Länet jämförs över samma kommuner båda åren. Ett delmål där något blivit bättre "
    "och något sämre är blandat."
)
RULE_TEXT = (
    "Varje indikator jämförs mellan planperiodens första och senaste år med uppgifter; ett "
    "preliminärt år (inte alla kommuner har svarat) tas inte med så länge ett fullständigt "
    "finns. Utgångsläget är planperiodens första år, eftersom planen följs upp mot läget när den "
    "började gälla, inte bara mot förra året. För länet jämförs bara kommunerna med uppgift båda "
    "åren (samma kommuner båda åren, antalet står vid jämförelsen), också där röjandeskydd döljer "
    "små antal. En status (ja/nej, kriterium, SUV) räknas som andelen av dem med den bästa "
    "statusen, en andel eller ett antal som deras medelvärde, där varje kommun väger lika. En "
    f"andel måste ändras minst {THRESHOLD_POINTS:g} procentenheter och ett antal minst "
    f"{THRESHOLD_RELATIVE * 100:g}\u00a0% av det första värdet för att räknas som bättre eller "
    "sämre, en kommuns status minst ett steg; mindre är oförändrat. Med 8 kommuner är en kommun "
    "12,5 procentenheter, så en enda kommun räknas: Ja i 2 av 8 som blir 3 av 8 är bättre. Från "
    "noll finns ingen procentuell ändring, så då krävs minst en hel enhet sammanlagt i de "
    "jämförda kommunerna: 0 årsarbetare i snitt i 8 kommuner som blir 0,1 är sammanlagt 0,8 "
    "årsarbetare, oförändrat; 0,125 är en hel, bättre. Kan inte bedömas: ingen kommun har uppgift båda åren, färre än två år med "
    "uppgifter, indikatorn saknar riktning eller röjandeskydd (en kommuns antal är dolt, eller "
    "de jämförda kommunernas summa skulle bredvid länets total avslöja ett dolt antal). Har "
    "definitionen ändrats under perioden jämförs bara åren från ändringen. Ett delmål är bättre "
    "när minst en bedömbar indikator blivit bättre och ingen sämre, sämre i motsatt fall och "
    "blandat när några blivit bättre och några sämre – ingen omröstning, så en försämring göms "
    "aldrig; annars oförändrat. Sammanställningen räknar delmål och indikatorer."
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
    basis: str = ""  # '(samma 7 kommuner båda åren)' when the county's panel is not all, a
    # left-out preliminary year, or ''
    example: str = ""  # which of the compared values are example data: '', 'alla', 'några'
    # The county's figures as numbers, for the download (#34): the share with the best
    # status (%) or the mean per municipality, and how many municipalities they are over.
    first_value: float = math.nan
    last_value: float = math.nan
    compared: int = 0


@dataclass(frozen=True)
class SubgoalProgress:
    subgoal_id: str
    goal_id: str
    text: str
    verdict: str
    indicators: tuple[IndicatorProgress, ...]
    activities_done: dict[int, int]  # year -> activities carried out (genomförd)
    local_plans: tuple[str, ...]  # names of the municipalities whose plan links to it
    local_plans_of: int  # how many municipalities have a local plan in force in local_plans_year
    plan_id: str = ""  # the plan the delmål belongs to (ids repeat across plans)
    # The year the local plans are counted in: the last of practice_years; only a plan in
    # force that year counts (#33).
    local_plans_year: int | None = None
    # Other actors (Region Kronoberg, the police, …) whose plan in force then links to it:
    # named beside the municipalities, never in their count, as the delmål page does (#33).
    other_local_plans: tuple[str, ...] = ()
    # The years the activities, assessments and local plans are followed up in (#33).
    practice_years: tuple[int, int] | None = None


def verdict(first: float, last: float, kind: str, higher_is_better: bool | None,
            compared: int = 1) -> str:  # fmt: skip
    """The verdict for a change from first to last. kind: 'share' (percentage points),
    'number' (relative to first) or 'step' (a status's order). From zero a 'number' must
    move by one whole unit in total over the `compared` municipalities (a mean by
    1/compared): a relative bar is 0 there, and 0 -> 0,1 in a mean of 8 is 0,8 of a unit."""
    if higher_is_better is None or math.isnan(first) or math.isnan(last):
        return UNKNOWN
    change = last - first if higher_is_better else first - last
    if kind == "share":
        bar = THRESHOLD_POINTS
    elif kind == "step":
        bar = 1.0
    elif first == 0:
        bar = 1.0 / max(compared, 1)
    else:
        bar = THRESHOLD_RELATIVE * abs(first)
    # the small tolerance keeps 40 -> 50 at exactly 10 points 'bättre' despite float error
    if change > 0 and change >= bar - 1e-9:
        return BETTER
    if change < 0 and change <= -bar + 1e-9:
        return WORSE
    return UNCHANGED


def combined_verdict(verdicts: Iterable[str]) -> str:
    """A delmål's verdict from its indicators' (see the module's rule): no vote, so a
    worsening is never outvoted."""
    judged = [v for v in verdicts if v != UNKNOWN]
    if not judged:
        return UNKNOWN
    better = BETTER in judged or MIXED in judged
    worse = WORSE in judged or MIXED in judged
    if better and worse:
        return MIXED
    return BETTER if better else WORSE if worse else UNCHANGED


def verdict_counts(verdicts: Iterable[str]) -> dict[str, int]:
    """How many of each verdict, in VERDICTS's order (for the summary of delmål or of
    indicators: 'Sämre 0' never stands beside an indicator that got worse)."""
    listed = list(verdicts)
    return {v: listed.count(v) for v in VERDICTS}


def measure_verdicts(ds: Dataset, indicators: Iterable[IndicatorProgress]) -> dict[str, str]:
    """One verdict per thing measured (data/indikatorer.csv's mater_samma_som): the three
    measures of the coordinators count once, as combined_verdict combines them (mixed
    when they moved both ways), so that they neither outvote nor outnumber the others."""
    measures = dict(zip(ds.indicators["id"], ds.indicators["measures"], strict=True))
    grouped: dict[str, list[str]] = {}
    for item in indicators:
        grouped.setdefault(measures.get(item.indicator_id, item.indicator_id), []).append(
            item.verdict
        )
    return {measure: combined_verdict(verdicts) for measure, verdicts in grouped.items()}


def mixed_text(indicators: Iterable[IndicatorProgress], ds: Dataset | None = None) -> str:
    """'2 bättre, 2 sämre': what a mixed delmål is made of; with `ds`, per thing measured
    (measure_verdicts), as the summary counts them."""
    items = list(indicators)
    listed = (list(measure_verdicts(ds, items).values()) if ds is not None
              else [i.verdict for i in items])  # fmt: skip
    parts = [f"{listed.count(v)} {v}" for v in (BETTER, WORSE, UNCHANGED) if listed.count(v)]
    return ", ".join(parts)


def _direction(ind: pd.Series) -> bool | None:
    value = ind.get("higher_is_better")
    return None if value is None or pd.isna(value) else bool(value)


def _no_direction_reason(ind: pd.Series) -> str:
    """Why an indicator without a direction is not judged, in the catalogue's own words where
    its note gives them ('ingen riktning: fler placeringar är varken bättre eller sämre i
    sig'); '' when it has a direction. The note's first sentence: the rest may be about
    something else (röjandeskydd), which is not why it is not judged."""
    if _direction(ind) is not None:
        return ""
    note = str(ind.get("note") or "").strip()
    first = note.split(". ")[0].strip().rstrip(".")
    said = ("bättre" in first or "sämre" in first) and first
    return (
        f"ingen riktning: {first[0].lower()}{first[1:]}" if said else "indikatorn saknar riktning"
    )


def _mean_text(ind: pd.Series, mean: float, count: int) -> str:
    """'3,5 placeringar i snitt per kommun (8 kommuner)': a county's mean says how many
    municipalities it rests on, also when all have a value (#31)."""
    return f"{comparison.format_mean(ind, mean)} i snitt per kommun ({count} kommuner)"


def county_figure(ds: Dataset, indicator_id: str, year: int) -> tuple[float, str, bool]:
    """The county's figure for an indicator and year: (value, text, hidden). A status: the
    share of municipalities with a known value that have the best status ('Ja i 4 av 8
    kommuner'); else the mean of the municipalities ('1,4 personer i snitt per kommun').
    NaN when no municipality has a value; hidden when disclosure control hides a value."""
    ind = domain.indicator(ds, indicator_id)
    snap = domain.snapshot(ds, indicator_id, year)
    text = comparison.summary_text(ds, ind, snap)
    if domain.has_suppressed(snap):
        mean = domain.county_mean_of(ds, indicator_id, year)  # when the rule allows it
        if math.isnan(mean):
            return math.nan, text, True
        return (
            mean,
            _mean_text(ind, mean, domain.county_mean_rests_on(ds, indicator_id, year)),
            False,
        )
    known = snap[snap["score"].notna()]
    if known.empty:
        return math.nan, MISSING, False
    return (*_panel_figure(ds, ind, known), False)


def _kind(ind: pd.Series, county: bool) -> str:
    if domain.is_categorical(ind):
        return "share" if county else "step"
    return "share" if ind["type"] == "andel" else "number"


def _years(ds: Dataset, ind: pd.Series, period: tuple[int, int] | None = None) -> list[int]:
    """The plan period's years (default the newest plan's) since the last change of
    definition within it."""
    start, end = period or ds.plan_period
    changes = [y for y in domain.definition_breaks(ds, str(ind["id"])) if start < y <= end]
    if changes:
        start = changes[-1]
    return [y for y in ds.years if start <= y <= end]


def indicator_progress(ds: Dataset, indicator_id: str, code: str | None = None,
                       period: tuple[int, int] | None = None) -> IndicatorProgress:  # fmt: skip
    """The county's (or with `code` one municipality's) progress on an indicator over a plan
    period (default the newest plan's)."""
    ind = domain.indicator(ds, indicator_id)
    if code is None:
        return _county_progress(ds, ind, period)
    name = comparison.readable_name(ind)
    points = []  # (year, value, text)
    for year in _years(ds, ind, period):
        snap = domain.snapshot(ds, indicator_id, year)
        row = snap[snap["code"] == code].iloc[0]
        if bool(row["suppressed"]):
            return IndicatorProgress(indicator_id, name, None, None, MISSING, MISSING, UNKNOWN,
                                     "värden döljs av röjandeskydd")  # fmt: skip
        value = float(row["score"])
        if not math.isnan(value):
            points.append((year, value, str(row["label"])))
    direction = _direction(ind)
    if len(points) < 2:
        first = points[0] if points else (None, math.nan, MISSING)
        return IndicatorProgress(indicator_id, name, first[0], None, first[2], MISSING, UNKNOWN,
                                 "färre än två år med uppgifter")  # fmt: skip
    (y0, v0, t0), (y1, v1, t1) = points[0], points[-1]
    reason = _no_direction_reason(ind)
    result = verdict(v0, v1, _kind(ind, False), direction)
    return IndicatorProgress(indicator_id, name, y0, y1, t0, t1, result, reason)


def _first_and_last(ds: Dataset, indicator_id: str,
                    with_values: list[int]) -> tuple[int, int, list[int]]:  # fmt: skip
    """The compared years: the first with values (the baseline) and the latest complete one
    after it (else the latest with values), and the later years left out as preliminary."""
    first = with_values[0]
    complete = [y for y in with_values[1:] if domain.coverage(ds, indicator_id, y).complete]
    last = complete[-1] if complete else with_values[-1]
    return first, last, [y for y in with_values if y > last]


def _basis(panel: int, total: int, left_out: list[int], *more: str) -> str:
    """'samma 7 kommuner båda åren; 2026 är preliminärt och ingår inte', or ''."""
    notes = [domain.panel_text(panel, total)] if 0 < panel < total else []
    if left_out:
        notes.append(f"{', '.join(map(str, left_out))} är preliminärt och ingår inte")
    return "; ".join([n.strip("()") for n in notes] + list(more))


def _county_progress(ds: Dataset, ind: pd.Series,
                     period: tuple[int, int] | None = None) -> IndicatorProgress:  # fmt: skip
    """The county's progress: the same municipalities in both years (the panel), the last
    year a complete one where there is one after the first."""
    indicator_id = str(ind["id"])
    name = comparison.readable_name(ind)
    snaps = {y: domain.snapshot(ds, indicator_id, y) for y in _years(ds, ind, period)}
    if any(domain.has_suppressed(snap) for snap in snaps.values()):
        return _protected_progress(ds, ind, snaps)
    with_values = [y for y, snap in snaps.items() if snap["score"].notna().any()]
    if len(with_values) < 2:
        if not with_values:
            return IndicatorProgress(indicator_id, name, None, None, MISSING, MISSING, UNKNOWN,
                                     "färre än två år med uppgifter")  # fmt: skip
        only = with_values[0]
        value, text, hidden = county_figure(ds, indicator_id, only)
        return IndicatorProgress(indicator_id, name, only, None, text, MISSING, UNKNOWN,
                                 "färre än två år med uppgifter", first_value=value,
                                 compared=0 if hidden else int(snaps[only]["score"].notna().sum()))  # fmt: skip
    first, last, left_out = _first_and_last(ds, indicator_id, with_values)
    panel = (snaps[first]["score"].notna() & snaps[last]["score"].notna()).to_numpy()
    basis = _basis(int(panel.sum()), len(ds.municipalities), left_out)
    if not panel.any():
        return IndicatorProgress(indicator_id, name, first, last, MISSING, MISSING, UNKNOWN,
                                 "ingen kommun har uppgift båda åren", basis)  # fmt: skip
    v0, t0 = _panel_figure(ds, ind, snaps[first][panel])
    v1, t1 = _panel_figure(ds, ind, snaps[last][panel])
    direction = _direction(ind)
    reason = _no_direction_reason(ind)
    result = verdict(v0, v1, _kind(ind, True), direction, int(panel.sum()))
    example = _example_share(snaps[first][panel], snaps[last][panel])
    return IndicatorProgress(indicator_id, name, first, last, t0, t1, result, reason, basis,
                             example, v0, v1, int(panel.sum()))  # fmt: skip


# the means count the hidden values (from the county's total), so the count beside them holds
PROTECTED_NOTE = "små antal dolda (röjandeskydd) men medräknade i snitten"
PANEL_HIDDEN = ("röjandeskydd: summan för samma kommuner båda åren skulle avslöja ett dolt "
                "antal")  # fmt: skip


def _protected_progress(ds: Dataset, ind: pd.Series,
                        snaps: dict[int, pd.DataFrame]) -> IndicatorProgress:  # fmt: skip
    """An indicator with hidden counts: compared like any other over the municipalities with
    a value (hidden or shown) in both years, by their means where domain.panel_total lets
    their totals be shown beside the county's; never per municipality."""
    indicator_id, name = str(ind["id"]), comparison.readable_name(ind)
    stored = {y: (snap["score"].notna() | snap["suppressed"]).to_numpy()
              for y, snap in snaps.items()}  # fmt: skip
    with_values = [y for y in snaps if stored[y].any()]
    if len(with_values) < 2:
        return IndicatorProgress(indicator_id, name, with_values[0] if with_values else None,
                                 None, MISSING, MISSING, UNKNOWN,
                                 "färre än två år med uppgifter")  # fmt: skip
    first, last, left_out = _first_and_last(ds, indicator_id, with_values)
    panel = stored[first] & stored[last]
    codes = list(snaps[first]["code"][panel])
    basis = _basis(len(codes), len(ds.municipalities), left_out, PROTECTED_NOTE)
    if not codes:
        return IndicatorProgress(indicator_id, name, first, last, MISSING, MISSING, UNKNOWN,
                                 "ingen kommun har uppgift båda åren", basis)  # fmt: skip
    v0, v1 = (domain.panel_mean(ds, indicator_id, y, codes) for y in (first, last))
    if math.isnan(v0) or math.isnan(v1):
        return IndicatorProgress(indicator_id, name, first, last, MISSING, MISSING, UNKNOWN,
                                 PANEL_HIDDEN, basis)  # fmt: skip
    t0, t1 = (_mean_text(ind, v, len(codes)) for v in (v0, v1))
    direction = _direction(ind)
    reason = _no_direction_reason(ind)
    result = verdict(v0, v1, _kind(ind, True), direction, len(codes))
    example = _example_share(snaps[first][panel], snaps[last][panel])
    return IndicatorProgress(indicator_id, name, first, last, t0, t1, result, reason, basis,
                             example, v0, v1, len(codes))  # fmt: skip


def _example_share(*frames: pd.DataFrame) -> str:
    """Which of the compared values are example data: 'alla', 'några' or ''."""
    flags = [bool(f) for frame in frames for f in frame["is_example"]]
    return "alla" if flags and all(flags) else "några" if any(flags) else ""


def _panel_figure(ds: Dataset, ind: pd.Series, rows: pd.DataFrame) -> tuple[float, str]:
    """The county's figure over these municipalities (all with a value): the share with the
    best status, read as a sentence ('Ja i 4 av 7 kommuner'), or their unweighted mean."""
    if domain.is_categorical(ind):
        top = domain.scale_levels(ds, ind["scale"]).dropna(subset=["order"]).iloc[-1]
        count = int((rows["raw"] == top["code"]).sum())
        return 100.0 * count / len(rows), f"{top['label']} i {count} av {len(rows)} kommuner"
    mean = float(rows["score"].mean())
    return mean, _mean_text(ind, mean, len(rows))


def municipality_progress(ds: Dataset, subgoal_id: str, plan: Plan | None = None) -> pd.DataFrame:
    """Per indicator of the delmål, the county's and every municipality's progress over the
    plan period (plan: default the newest): columns indicator_id, indicator, code ('' for the
    county), name, progress (an IndicatorProgress). The county first, then the
    municipalities in their order."""
    plan = plan or ds.plan
    rows = []
    places = [("", ds.county.words.The)] + list(zip(ds.municipalities["code"], ds.municipalities["name"],
                                        strict=True))  # fmt: skip
    for indicator_id in indicators_of(ds, subgoal_id, plan):
        name = comparison.readable_name(domain.indicator(ds, indicator_id))
        for code, place in places:
            item = indicator_progress(ds, indicator_id, code or None, plan.period)
            rows.append({"indicator_id": indicator_id, "indicator": name, "code": code,
                         "name": place, "progress": item})  # fmt: skip
    return pd.DataFrame(rows, columns=["indicator_id", "indicator", "code", "name", "progress"])


def indicators_of(ds: Dataset, subgoal_id: str, plan: Plan | None = None) -> list[str]:
    """The ids of the indicators linked to a delmål of the plan (default the newest), in
    catalogue order (hierarchy.indicators_for_subgoal)."""
    return list(hierarchy.indicators_for_subgoal(ds, subgoal_id, plan)["id"])


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
    for plan in ds.plans:  # an actor of any plan (the local plans may name any)
        names |= dict(zip(plan.actors["id"], plan.actors["name"], strict=True))
    return str(names.get(actor, actor))


def subgoal_progress(ds: Dataset, subgoal_id: str, plan: Plan | None = None,
                     practice: tuple[int, int] | None = None) -> SubgoalProgress:  # fmt: skip
    """A delmål of the plan (default the newest) over its period: its indicators over the
    compared years, its activities and local plans over `practice` (default practice_years).
    With several plans an activity counts for the plan in force in its year (delmål ids
    repeat across plans)."""
    plan = plan or ds.plan
    row = plan.subgoals[plan.subgoals["id"] == subgoal_id].iloc[0]
    indicators = tuple(indicator_progress(ds, i, period=plan.period)
                       for i in indicators_of(ds, subgoal_id, plan))  # fmt: skip
    practice = practice or practice_years(ds, plan)
    done = activities_for(ds, subgoal_id, statuses=["genomford"])
    done = done[done["year"].between(*practice)]
    per_year = {int(y): int(n) for y, n in done.groupby("year").size().items()}
    plans_year = practice[1]
    linked = local_plans.linking(ds, subgoal_id, plans_year)
    return SubgoalProgress(
        subgoal_id=subgoal_id, goal_id=str(row["goal_id"]), text=str(row["text"]), plan_id=plan.id,
        verdict=combined_verdict(i.verdict for i in indicators), indicators=indicators,
        activities_done=dict(sorted(per_year.items())),
        local_plans=tuple(actor_name(ds, a) for a in linked if local_plans.is_municipality(ds, a)),
        local_plans_of=local_plans.municipalities_in_force(ds, plans_year),
        local_plans_year=plans_year,  # others by any plan's actor names (a successor's lacks them)
        other_local_plans=tuple(actor_name(ds, a) for a in linked
                                if not local_plans.is_municipality(ds, a)),
        practice_years=practice,
    )  # fmt: skip


def all_progress(ds: Dataset, plan: Plan | None = None,
                 practice: tuple[int, int] | None = None) -> list[SubgoalProgress]:  # fmt: skip
    """Every delmål's progress in the plan's order (plan: default the newest; practice:
    default practice_years)."""
    plan = plan or ds.plan
    practice = practice or practice_years(ds, plan)
    return [subgoal_progress(ds, str(i), plan, practice) for i in plan.subgoals["id"]]


def practice_years(ds: Dataset, plan: Plan | None = None) -> tuple[int, int]:
    """The years the activities, the Länsstyrelse's assessments and the local plans are
    followed up in: the plan period's first year to the latest year of the period that has
    any of them (or values). The plan runs to its last year, so its final follow-up includes
    that year's activities even before the year has indicator values (#33); the indicators
    are compared over compared_years."""
    start, end = plan.period if plan else ds.plan_period
    known = [*ds.years, *(int(y) for y in ds.activities["year"]),
             *(int(y) for y in ds.assessments["year"]), *local_plans.start_years(ds)]  # fmt: skip
    within = [y for y in known if start <= y <= end]
    return (start, max(within) if within else start)


def local_plans_text(item: SubgoalProgress) -> str:
    """The delmål's local plans as the delmål page counts them: municipalities with a plan in
    force that year, then other actors' plans named apart ('1 av 2 kommuner med en gällande
    plan 2025 tar upp delmålet: Lessebo. Dessutom: Region Kronoberg.')."""
    year = f" {item.local_plans_year}" if item.local_plans_year else ""
    others = (f" Dessutom: {comparison.join_names(list(item.other_local_plans))}."
              if item.other_local_plans else "")  # fmt: skip
    if not item.local_plans_of:
        return f"Ingen kommun har en gällande lokal plan registrerad{year}.{others}"
    names = comparison.join_names(list(item.local_plans))
    municipalities = "kommun" if item.local_plans_of == 1 else "kommuner"
    return (f"{len(item.local_plans)} av {item.local_plans_of} {municipalities} med en gällande "
            f"plan{year} tar upp delmålet" + (f": {names}." if names else ".") + others)  # fmt: skip


def unfinished_year_text(last: int, today: dt.date | None) -> str:
    """'2026 är inte slut: årets uppgifter är preliminära.' when `last` is the current year,
    the same for a year not begun, else ''. A year still running has activities planned,
    not yet done."""
    if today is None or last < today.year:
        return ""
    if last == today.year:
        return f"{last} är inte slut: årets uppgifter är preliminära."
    return f"{last} har inte börjat: uppgifterna är planer, inte utfall."


def period_text(compared: tuple[int, int] | None, practice: tuple[int, int],
                today: dt.date | None = None) -> str:  # fmt: skip
    """The one sentence that says which years each part covers: 'Indikatorerna jämförs
    2018–2025; aktiviteter, bedömningar och lokala planer gäller 2018–2026.', and, given
    today's date, that a year still running is preliminary."""

    def span(years: tuple[int, int]) -> str:
        return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"

    first = (f"Indikatorerna jämförs {span(compared)}" if compared
             else "Indikatorerna har inga uppgifter att jämföra ännu")  # fmt: skip
    unfinished = unfinished_year_text(practice[1], today)
    return (f"{first}; aktiviteter, bedömningar och lokala planer gäller {span(practice)}."
            + (f" {unfinished}" if unfinished else ""))  # fmt: skip


def compared_years(ds: Dataset, plan: Plan | None = None) -> tuple[int, int] | None:
    """The plan period's (default the newest plan's) first year with values and its latest
    complete one (a later, preliminary year is not compared); None when none has values."""
    start, end = plan.period if plan else ds.plan_period
    end = min(end, domain.latest_complete_year(ds))
    years = [y for y in ds.years if start <= y <= end]
    return (years[0], years[-1]) if years else None
