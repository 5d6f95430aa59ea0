"""Domain layer: indicators, derived compliance, county aggregates and ranks.

Pure functions over a loaded Dataset; no Dash and no file access.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.config import get_settings
from dashboard.data.loader import CATEGORICAL_TYPES, Dataset
from dashboard.domain.formatting import MISSING, format_number, format_percent, unit_for

COMPLIANCE_ORIGIN = "Beräknad från kriteriebedömningarna"
# Short names of the four national goals for tight spaces (cards, axis labels).
SHORT_GOAL_NAMES = {
    "1": "förebyggande arbete",
    "2": "upptäckt, skydd och stöd",
    "3": "brottsbekämpning",
    "4": "kunskap och metodutveckling",
}


# --- indicators -------------------------------------------------------------------------


def indicator(ds: Dataset, indicator_id: str) -> pd.Series:
    """The catalogue row for an indicator; KeyError if unknown. Callers must not change it."""
    return _indicator_rows(ds)[indicator_id]


@lru_cache(maxsize=8)
def _indicator_rows(ds: Dataset) -> dict[str, pd.Series]:
    # Looked up many times per view (a boolean mask over the catalogue each time was
    # ~0.5 ms); the first row of an id, as the mask's iloc[0] was.
    rows: dict[str, pd.Series] = {}
    for _, row in ds.indicators.iterrows():
        rows.setdefault(row["id"], row)
    return rows


def is_categorical(ind: pd.Series) -> bool:
    return ind["type"] in CATEGORICAL_TYPES


def scale_levels(ds: Dataset, scale: str) -> pd.DataFrame:
    """Codes of a scale in order, with labels; codes without an order (unknown) last."""
    levels = ds.scales[ds.scales["scale"] == scale]
    return levels.sort_values("order", na_position="last").reset_index(drop=True)


def mappable_indicators(ds: Dataset) -> pd.DataFrame:
    """Indicators in the order a picker shows them: headline ones first, criteria last."""
    ind = ds.indicators
    order = ind["is_criterion"].astype(int) * 2 + (ind["derived"] == "kriterier").astype(int) * -1
    return ind.assign(_order=order).sort_values(["_order"], kind="stable").drop(columns="_order")


def no_url_state(_ds: Dataset, _params: Mapping[str, object]) -> dict[str, str]:
    """The canonical_query of a page that shows the same whatever its URL says (Om data,
    Strategi): one cached page for every address (web/page_cache.py)."""
    return {}


def resolve_indicator(ds: Dataset, requested: str | None, default: str = "samordnare") -> str:
    """A known indicator id: the requested one if valid, else the default (URLs are user input)."""
    ids = ds.indicator_ids
    if isinstance(requested, str) and requested in ids:
        return str(requested)
    return default if default in ids else str(ds.indicators["id"].iloc[0])


def resolve_year(ds: Dataset, requested: object, default: int | None = None,
                 indicator_id: str | None = None) -> int:  # fmt: skip
    """The requested year if the data has it, else `default`, else the latest complete year
    (of the indicator, or of the whole survey): a page never opens on a partial year."""
    years = ds.years
    try:
        year = int(requested) if isinstance(requested, (str, int)) else None
    except ValueError:
        year = None
    if year in years:
        return year
    return default if default in years else latest_complete_year(ds, indicator_id)


# --- definitions over time ---------------------------------------------------------------


@lru_cache(maxsize=8)
def _breaks(ds: Dataset) -> dict[str, tuple[int, ...]]:
    """Per indicator the years its definition changed; a derived SOSFS share changes with
    any of the criteria it is computed from."""
    own = {str(i): tuple(c) for i, c in zip(ds.indicators["id"], ds.indicators["definition_changes"],
                                             strict=True)}  # fmt: skip
    criteria = ds.indicators[ds.indicators["is_criterion"]]
    for _, ind in ds.indicators[ds.indicators["derived"] == "kriterier"].iterrows():
        members = (
            criteria if ind["goal_id"] == "" else criteria[criteria["goal_id"] == ind["goal_id"]]
        )
        years = set(own[str(ind["id"])]).union(*(own[str(m)] for m in members["id"]))
        own[str(ind["id"])] = tuple(sorted(years))
    return own


def definition_breaks(ds: Dataset, indicator_id: str) -> tuple[int, ...]:
    """The years the indicator's definition changed (a derived share: any of its criteria's)."""
    return _breaks(ds).get(indicator_id, ())


def same_definition(ds: Dataset, indicator_id: str, first: int, last: int) -> bool:
    """Whether one definition holds from `first` to `last`: no change in (first, last]."""
    return not any(first < year <= last for year in definition_breaks(ds, indicator_id))


# --- complete and preliminary years -------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many of the county's municipalities a year's figures for an indicator rest on:
    `reported` have a row (a value, a stated 'uppgift saknas', or one hidden by röjandeskydd);
    the rest have not answered yet. A year is complete when all have."""

    reported: int
    total: int

    @property
    def complete(self) -> bool:
        return self.reported >= self.total

    def label(self) -> str:
        """'preliminär – 1 av 8 kommuner' for an incomplete year, '' for a complete one."""
        if self.complete:
            return ""
        return f"preliminär – {self.reported} av {self.total} {_municipality_word(self.total)}"


def _municipality_word(count: int) -> str:
    return "kommun" if count == 1 else "kommuner"


@lru_cache(maxsize=8)
def _reported(ds: Dataset) -> dict[tuple[str, int], int]:
    """(indicator, year) -> municipalities with a row, derived indicators included."""
    values = all_values(ds)
    counts = values.groupby(["indicator_id", "year"])["municipality_code"].nunique()
    return {(str(i), int(y)): int(n) for (i, y), n in counts.items()}


def coverage(ds: Dataset, indicator_id: str, year: int) -> Coverage:
    return Coverage(_reported(ds).get((indicator_id, int(year)), 0), len(ds.municipalities))


def preliminary_label(ds: Dataset, indicator_id: str, year: int) -> str:
    """'preliminär – N av M kommuner' where the year is incomplete for the indicator, else ''."""
    return coverage(ds, indicator_id, year).label()


@lru_cache(maxsize=8)
def _complete_years(ds: Dataset) -> dict[str | None, tuple[int, ...]]:
    """Per indicator (and under None for the whole survey) the years that are complete. The
    survey's year is complete when every indicator with any value that year is."""
    total = len(ds.municipalities)
    per_indicator: dict[str | None, list[int]] = {}
    incomplete_years: set[int] = set()
    for (indicator_id, year), reported in sorted(_reported(ds).items()):
        if reported >= total:
            per_indicator.setdefault(indicator_id, []).append(year)
        else:
            incomplete_years.add(year)
    per_indicator[None] = [y for y in ds.years if y not in incomplete_years]
    return {key: tuple(years) for key, years in per_indicator.items()}


def latest_complete_year(ds: Dataset, indicator_id: str | None = None) -> int:
    """The latest complete year of the indicator (None: of the whole survey); the latest year
    with values when none is complete (a county whose first survey is still coming in)."""
    years = _complete_years(ds).get(indicator_id, ())
    return years[-1] if years else ds.years[-1]


def year_text(ds: Dataset, indicator_id: str | None, year: int) -> str:
    """'2025', or '2026 (preliminär – 1 av 8 kommuner)' where the year is incomplete: how a
    year is written in a title, a table heading, a slide or a download wherever it shows."""
    label = year_label(ds, indicator_id, int(year))
    return f"{year} ({label})" if label else str(year)


def year_label(ds: Dataset, indicator_id: str | None, year: int) -> str:
    """'preliminär – 1 av 8 kommuner' for a year incomplete for the indicator (None: for the
    survey, as many municipalities as its most complete indicator has), else ''."""
    if indicator_id is not None and indicator_id in ds.indicator_ids:
        return preliminary_label(ds, indicator_id, year)
    if year in _complete_years(ds)[None]:
        return ""
    # the survey's year: as many municipalities as the most complete indicator has
    reported = max((n for (_, y), n in _reported(ds).items() if y == year), default=0)
    return Coverage(reported, len(ds.municipalities)).label()


def year_choices(ds: Dataset, indicator_id: str | None = None) -> list[dict[str, str]]:
    """A year picker's options, newest first; an incomplete year says it is preliminary in
    as few characters as a narrow picker shows at 1024 px ('2026 (prel.)'); the page's notice
    and titles say how many municipalities it rests on."""
    return [{"label": f"{y} (prel.)" if year_label(ds, indicator_id, y) else str(y),
             "value": str(y)} for y in reversed(ds.years)]  # fmt: skip


# --- values -------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _all_values(ds: Dataset) -> pd.DataFrame:
    stored = ds.values
    derived = ds.indicators[ds.indicators["derived"] == "kriterier"]
    criteria = ds.indicators[ds.indicators["is_criterion"]]
    scored = stored.merge(
        criteria[["id", "goal_id"]], left_on="indicator_id", right_on="id", how="inner"
    )
    scored = scored.assign(met=(scored["raw"] == "uppfyllt").astype(float))
    scored.loc[scored["score"].isna(), "met"] = math.nan
    # is_example: the value rests at least partly on example data; partly_example: a derived
    # share of which some criteria are real and some example (a stored value is one or other)
    frames = [stored.assign(partly_example=False)]
    for _, ind in derived.iterrows():
        subset = scored if ind["goal_id"] == "" else scored[scored["goal_id"] == ind["goal_id"]]
        grouped = subset.groupby(["municipality_code", "year"]).agg(
            met=("met", "sum"),
            known=("met", "count"),
            is_example=("is_example", "any"),
            wholly_example=("is_example", "all"),
        )
        grouped = grouped.reset_index()
        # The denominator is every criterion of the area that year (any municipality has a
        # row for it): one marked 'uppgift saknas', or not answered, counts as not met, so a
        # missing answer never raises a share; how many were not assessed is said beside it.
        criteria = subset.groupby("year")["indicator_id"].nunique()
        of = grouped["year"].map(criteria).astype(float)
        share = (grouped["met"] / of * 100).where(grouped["known"] > 0)
        unassessed = (of - grouped["known"]).astype(int)
        notes = [f"{u} av {int(n)} kriterier ej bedömda (räknas som ej uppfyllda)" if u else ""
                 for u, n in zip(unassessed, of, strict=True)]  # fmt: skip
        frames.append(
            pd.DataFrame(
                {
                    "municipality_code": grouped["municipality_code"],
                    "indicator_id": ind["id"],
                    "year": grouped["year"],
                    "raw": share.map(lambda v: "" if math.isnan(v) else f"{v:.1f}"),
                    "score": share,
                    "is_example": grouped["is_example"],
                    # some of its criteria real, some example: 'delvis exempel' (#31)
                    "partly_example": grouped["is_example"] & ~grouped["wholly_example"],
                    "source": COMPLIANCE_ORIGIN,
                    "origin": "",
                    "updated": "",
                    "note": notes,
                }
            )
        )
    return _suppress(ds, pd.concat(frames, ignore_index=True))


def all_values(ds: Dataset) -> pd.DataFrame:
    """Stored values plus the derived SOSFS compliance shares (per goal area and overall).

    is_example is True for a value resting at least partly on example data; partly_example
    says which of those rest on real values too (a share from real and example criteria).
    Disclosure control is applied here, once, so every page and export inherits it: for
    indicators with rojandeskydd = ja, values below the threshold have raw '' and score NaN
    and the flag `suppressed` (see suppression_threshold).
    """
    return _all_values(ds)


@lru_cache(maxsize=256)
def largest_value(ds: Dataset, indicator_id: str) -> float:
    """The largest shown value of an indicator in any year and municipality (0 if none):
    a numeric colour scale that holds it means the same in every year."""
    values = all_values(ds)
    scores = values.loc[values["indicator_id"] == indicator_id, "score"].dropna()
    return float(scores.max()) if len(scores) else 0.0


# --- disclosure control (röjandeskydd) ----------------------------------------------------


def suppression_threshold() -> int:
    """Counts below this are never shown (DASHBOARD_SUPPRESS_BELOW, default 5)."""
    return get_settings().suppress_below


def suppressed_label() -> str:
    return f"Färre än {suppression_threshold()}"


def suppressed_explanation() -> str:
    return f"Visas inte: färre än {suppression_threshold()} (röjandeskydd)"


SECONDARY_LABEL = "Visas inte (röjandeskydd)"


def _suppress(ds: Dataset, values: pd.DataFrame) -> pd.DataFrame:
    """Counts below the threshold hidden (primary), and where the county's total is to be
    shown, as few more as it takes (secondary, the smallest first) so that the total never
    narrows what a hidden count could be (see _secondary)."""
    protected = set(ds.indicators.loc[ds.indicators["disclosure_control"], "id"])
    threshold = suppression_threshold()
    is_protected = values["indicator_id"].isin(protected) & values["score"].notna()
    small = is_protected & (values["score"] < threshold)
    secondary = pd.Series(False, index=values.index)
    for _key, group in values[is_protected].groupby(["indicator_id", "year"]):
        if not (group["score"] < threshold).any():
            continue  # nothing small: nothing hidden
        hidden = _secondary(list(group["score"]), threshold)
        if hidden is not None:
            secondary.loc[group.index[hidden]] = True
    values = values.assign(suppressed=small | secondary, secondary=secondary)
    values.loc[small | secondary, "raw"] = ""
    values.loc[small | secondary, "score"] = math.nan
    return values


def _secondary(scores: list[float], threshold: int) -> list[int] | None:
    """Which further counts to hide so that the county's total can be shown, or None when it
    cannot be (then it is not shown). The total gives away the sum of the hidden counts;
    each primary one (shown as 'Färre än T') must still be anything from 0 to T-1, and a
    secondary one is known to be at least T. Several primaries alone hold that when
    T - 1 <= sum(p) <= (T - 1)(k - 1): then nothing more is hidden. Else, with secondaries s,
    it holds when sum(p) + sum(s - T) >= T - 1: hide the smallest shown counts, one at a time,
    until it does."""
    primaries = [s for s in scores if s < threshold]
    reserve = sum(primaries)
    if len(primaries) >= 2 and threshold - 1 <= reserve <= (threshold - 1) * (len(primaries) - 1):
        return []
    shown = sorted((s, i) for i, s in enumerate(scores) if s >= threshold)
    chosen: list[int] = []
    for score, index in shown:
        if chosen and reserve >= threshold - 1:
            break
        chosen.append(index)
        reserve += score - threshold
    if not chosen or reserve < threshold - 1:
        return None
    return chosen


@lru_cache(maxsize=8)
def _protected_totals(ds: Dataset) -> dict[tuple[str, int], tuple[float, int]]:
    """(indicator, year) -> (the county's total, municipalities with a value) where counts
    are hidden and the total may be shown (_secondary found a safe pattern)."""
    values = all_values(ds)
    hidden = values[values["suppressed"]]
    stored = ds.values[ds.values["score"].notna()]
    totals = {}
    for indicator_id, year in {(str(i), int(y)) for i, y in zip(hidden["indicator_id"],
                                                                hidden["year"], strict=True)}:  # fmt: skip
        rows = stored[(stored["indicator_id"] == indicator_id) & (stored["year"] == year)]
        if _secondary(list(rows["score"]), suppression_threshold()) is not None:
            totals[(indicator_id, year)] = (float(rows["score"].sum()), len(rows))
    return totals


def county_total_of(ds: Dataset, indicator_id: str, year: int) -> float:
    """The whole county's total where counts are hidden and the rule allows it, else NaN."""
    total = _protected_totals(ds).get((indicator_id, int(year)))
    return math.nan if total is None else total[0]


def county_mean_rests_on(ds: Dataset, indicator_id: str, year: int) -> int:
    """How many municipalities the county's mean of the year rests on (those with a value,
    hidden counts included where the mean is shown from the total)."""
    total = _protected_totals(ds).get((indicator_id, int(year)))
    if total is not None:
        return total[1]
    return int(snapshot(ds, indicator_id, year)["score"].notna().sum())


def county_mean_of(ds: Dataset, indicator_id: str, year: int) -> float:
    """The whole county's unweighted mean for an indicator and year: of the shown values, or
    where counts are hidden, from the total when the secondary suppression allows it; NaN
    when nothing may be shown. Means of part of the county (a size group) never use it."""
    snap = snapshot(ds, indicator_id, year)
    if not has_suppressed(snap):
        return county_mean(snap)
    total = _protected_totals(ds).get((indicator_id, int(year)))
    return math.nan if total is None or not total[1] else total[0] / total[1]


def _hidden_sum_gives_nothing_away(primaries: list[float], secondaries: list[float],
                                   threshold: int) -> bool:  # fmt: skip
    """Whether the sum of these hidden counts may become known: each primary ('Färre än T')
    can still be anything from 0 to T-1 beside the others' labels (a secondary, 'Visas inte',
    is at least T), the condition _secondary meets for the county's total. A sum of
    secondaries alone would narrow them with nothing small to spread over: refused."""
    if not primaries:
        return not secondaries
    total, others = sum(primaries) + sum(secondaries), len(primaries) - 1
    # T-1 possible: the rest at their least; 0 possible: the rest can hold the whole sum
    can_be_highest = total - threshold * len(secondaries) >= threshold - 1
    can_be_zero = bool(secondaries) or total <= (threshold - 1) * others
    return can_be_highest and can_be_zero


def panel_total(ds: Dataset, indicator_id: str, year: int, codes: Iterable[str]) -> float:
    """The total of these municipalities' values in a year (each must have one, a hidden
    count included), or NaN where showing it beside what is already shown would give a
    hidden count away. With the county's total shown, the panel's total also tells the sum
    of the hidden counts outside the panel: the hidden counts inside and those outside must
    each pass _hidden_sum_gives_nothing_away on their own. Without hidden counts any total
    is only a sum of shown values."""
    values = _all_values(ds)
    rows = values[(values["indicator_id"] == indicator_id) & (values["year"] == int(year))]
    stored = ds.values[(ds.values["indicator_id"] == indicator_id)
                       & (ds.values["year"] == int(year)) & ds.values["score"].notna()]  # fmt: skip
    truth = dict(zip(stored["municipality_code"], stored["score"], strict=True))
    wanted = set(codes)
    if not wanted or not wanted <= truth.keys():
        return math.nan
    total = float(sum(truth[c] for c in wanted))
    hidden = rows[rows["suppressed"].astype(bool)]
    cells = {str(c): (truth[c], bool(second)) for c, second in zip(hidden["municipality_code"],
                                                                   hidden["secondary"],
                                                                   strict=True)}  # fmt: skip
    county_shown = (indicator_id, int(year)) in _protected_totals(ds)
    if not _panel_gives_nothing_away(cells, wanted, county_shown, suppression_threshold()):
        return math.nan
    return total


def _panel_gives_nothing_away(hidden: Mapping[str, tuple[float, bool]], wanted: set[str],
                              county_shown: bool, threshold: int) -> bool:  # fmt: skip
    """Whether a panel's total may be shown. hidden: code -> (count, hidden only as a
    secondary). The total tells the sum of the hidden counts inside the panel; with the
    county's total shown, also the sum of those outside it. Each told sum must give nothing
    away (_hidden_sum_gives_nothing_away); no hidden counts, nothing to tell."""
    for inside in (True, False):
        if not (inside or county_shown):
            continue
        group = [cell for code, cell in hidden.items() if (code in wanted) == inside]
        primaries = [count for count, second in group if not second]
        secondaries = [count for count, second in group if second]
        if not _hidden_sum_gives_nothing_away(primaries, secondaries, threshold):
            return False
    return True


def panel_mean(ds: Dataset, indicator_id: str, year: int, codes: Iterable[str]) -> float:
    """The unweighted mean of these municipalities where panel_total allows it, else NaN."""
    wanted = set(codes)
    return panel_total(ds, indicator_id, year, wanted) / len(wanted) if wanted else math.nan


def has_suppressed(frame: pd.DataFrame) -> bool:
    return "suppressed" in frame and bool(frame["suppressed"].any())


def shown_values_are_example(frame: pd.DataFrame) -> bool:
    """Whether any value a view shows (a snapshot or part of one) is example data."""
    return "is_example" in frame and bool(frame["is_example"].astype(bool).any())


def label_for(ds: Dataset, ind: pd.Series, raw: str, score: float,
              suppressed: bool = False, secondary: bool = False) -> str:  # fmt: skip
    """The value as a person reads it: 'Ja', 'I bruk', '12,5 %', '3 personer', 'Färre än 5',
    and for a count hidden only so that the county's total can be shown 'Visas inte …'."""
    if secondary:
        return SECONDARY_LABEL
    if suppressed:
        return suppressed_label()
    if raw == "" and (score is None or math.isnan(score)):
        return MISSING
    if is_categorical(ind):
        levels = ds.scales[(ds.scales["scale"] == ind["scale"]) & (ds.scales["code"] == raw)]
        return str(levels["label"].iloc[0]) if not levels.empty else raw
    if score is None or math.isnan(score):
        return MISSING
    if ind["type"] == "andel":
        return format_percent(score, 0)
    decimals = 0 if ind["type"] == "antal" else 2
    text = format_number(score, decimals)
    return f"{text}\u00a0{unit_for(ind['unit'], score)}" if ind["unit"] else text


def snapshot(ds: Dataset, indicator_id: str, year: int) -> pd.DataFrame:
    """One row per municipality (see _snapshot); a copy, so callers may add columns."""
    return _snapshot(ds, indicator_id, int(year)).copy()


SNAPSHOT_COLUMNS = ("code", "name", "population", "raw", "score", "label", "is_example", "source",
                    "origin", "updated", "note", "suppressed", "previous_score",
                    "previous_label", "change", "partly_example", "previous_is_example",
                    "previous_partly_example", "previous_note")  # fmt: skip


@lru_cache(maxsize=2048)
def _snapshot(ds: Dataset, indicator_id: str, year: int) -> pd.DataFrame:
    """One row per municipality (missing ones included) for an indicator and year.

    Columns: code, name, population, raw, score, label, is_example, source, origin, updated,
    note, suppressed, previous_score, previous_label, change (score difference, NaN when either
    year is missing or hidden by disclosure control), partly_example (a share resting on real
    and example criteria), and the year before's previous_is_example, previous_partly_example
    and previous_note: what a change rests on (#31).
    """
    ind = indicator(ds, indicator_id)
    values = all_values(ds)
    values = values[values["indicator_id"] == indicator_id]
    # One join per year instead of a lookup per municipality: the cost stays flat from 8 to
    # 290 municipalities (the loader has checked one value per municipality and year).
    codes = ds.municipalities["code"]
    by_year = values.set_index("municipality_code")
    current = by_year[by_year["year"] == year].reindex(codes)
    previous = by_year[by_year["year"] == year - 1].reindex(codes)
    frame = pd.DataFrame({
        "code": codes.to_numpy(), "name": ds.municipalities["name"].to_numpy(),
        "population": ds.municipalities["population"].to_numpy(),
        **{c: current[c].to_numpy() for c in ("raw", "score", "suppressed", "is_example",
                                              "partly_example", "source", "origin", "updated",
                                              "note")},
        **{f"previous_{c}": previous[c].to_numpy() for c in ("is_example", "partly_example",
                                                             "note")},
        "previous_raw": previous["raw"].to_numpy(),
        "previous_score": previous["score"].to_numpy(),
        "previous_hidden": previous["suppressed"].to_numpy(),
        "secondary": current["secondary"].to_numpy(),
        "previous_secondary": previous["secondary"].to_numpy(),
    })  # fmt: skip
    has_row = frame["raw"].notna()
    has_previous = frame["previous_raw"].notna().to_numpy()
    frame["population"] = frame["population"].astype(int)
    frame["raw"] = frame["raw"].where(has_row, "").astype(str)
    frame["score"] = frame["score"].astype(float)
    frame["suppressed"] = frame["suppressed"].where(has_row, False).astype(bool)
    _flags_as_bool(frame, has_row, has_previous)
    for column in ("source", "origin", "updated", "note", "previous_note"):
        frame[column] = [("" if pd.isna(v) else str(v)) for v in frame[column]]
    labels = _labeller(ds, ind)
    # a count hidden only so that the county's total can be shown is no 'Färre än 5'
    frame["label"] = [SECONDARY_LABEL if second is True else labels(r, s, h)
                      for r, s, h, second in zip(frame["raw"], frame["score"],
                                                 frame["suppressed"], frame["secondary"],
                                                 strict=True)]  # fmt: skip
    frame["previous_score"] = frame["previous_score"].astype(float)
    frame["previous_label"] = [
        (SECONDARY_LABEL if second is True else labels(str(r), s, bool(h))) if known else MISSING
        for r, s, h, second, known in zip(frame["previous_raw"], frame["previous_score"],
                                          frame["previous_hidden"], frame["previous_secondary"],
                                          has_previous, strict=True)
    ]  # fmt: skip
    frame["change"] = frame["score"] - frame["previous_score"]
    # from plain lists, so the columns' types are what a frame of the values infers
    return pd.DataFrame({column: frame[column].tolist() for column in SNAPSHOT_COLUMNS})


def _flags_as_bool(frame: pd.DataFrame, has_row: pd.Series, has_previous) -> None:
    """A snapshot's provenance flags as booleans, False where the year has no row."""
    for column in ("is_example", "partly_example"):
        frame[column] = frame[column].where(has_row, False).astype(bool)
        previous = f"previous_{column}"
        frame[previous] = frame[previous].where(has_previous, False).astype(bool)


def _labeller(ds: Dataset, ind: pd.Series):
    """label_for for one indicator, with its scale's labels looked up once."""
    if not is_categorical(ind):
        return lambda raw, score, hidden: label_for(ds, ind, raw, score, hidden)
    levels = ds.scales[ds.scales["scale"] == ind["scale"]]
    levels = levels.drop_duplicates("code")  # the first, as label_for
    names = dict(zip(levels["code"], levels["label"].astype(str), strict=True))
    hidden_label = suppressed_label()

    def label(raw: str, score: float, hidden: bool) -> str:
        if hidden:
            return hidden_label
        if raw == "" and (score is None or math.isnan(score)):
            return MISSING
        return names.get(raw, raw)

    return label


def county_mean(frame: pd.DataFrame, column: str = "score") -> float:
    """Unweighted mean over municipalities with a value: each municipality counts once.

    NaN when any value in the frame is hidden by disclosure control: a mean (or total) of
    the rest next to the shown values would give the hidden one away by subtraction.
    """
    if has_suppressed(frame):
        return math.nan
    values = frame[column].dropna()
    return float(values.mean()) if len(values) else math.nan


def rank(frame: pd.DataFrame, higher_is_better: bool | None, column: str = "score") -> pd.Series:
    """Competition rank (1, 2, 2, 4): ties share a rank, missing values get no rank."""
    if higher_is_better is None:
        return pd.Series([math.nan] * len(frame), index=frame.index)
    return frame[column].rank(method="min", ascending=not higher_is_better, na_option="keep")


@dataclass(frozen=True)
class KeyFigure:
    title: str
    value: str
    detail: str
    change: str


def key_figures(ds: Dataset, year: int) -> list[KeyFigure]:
    """The headline numbers for the county in a year, each with its change since last year."""
    return list(_key_figures(ds, int(year)))


def panel_text(count: int, total: int) -> str:
    """'' when a comparison rests on every municipality, else '(samma 7 kommuner båda åren)'."""
    if count >= total:
        return ""
    return f"(samma {count} {_municipality_word(count)} båda åren)"


def _known(ds: Dataset, indicator_id: str, year: int) -> pd.DataFrame:
    """The municipalities with an answer in a year, by code."""
    snap = snapshot(ds, indicator_id, year)
    return snap[snap["raw"] != ""].set_index("code")


def _missing_text(count: int, total: int) -> str:
    return "" if count >= total else f" ({total - count} saknar uppgift)"


def _preliminary_note(ds: Dataset, indicator_id: str, year: int) -> str:
    """Why no change is shown: a county change from the few who have answered so far
    would read as the county's trend; compared once both years are complete."""
    for y in (year, year - 1):
        if not coverage(ds, indicator_id, y).complete:
            return f"ingen jämförelse med {year - 1}: {y} är preliminärt"
    return ""


def _no_change_reason(ds: Dataset, indicator_id: str, year: int) -> str:
    """Why a figure shows no change against last year: a new definition or a preliminary
    year; '' when the two years can be compared."""
    if not same_definition(ds, indicator_id, year - 1, year):
        return f"ny definition från {year}: ingen jämförelse"
    return _preliminary_note(ds, indicator_id, year)


def _change_text(delta: int, unit: str, year: int, panel: int, total: int) -> str:
    """'+2 sedan 2024 (samma 7 kommuner båda åren)' or 'oförändrat sedan föregående år'."""
    return " ".join(filter(None, [
        "oförändrat sedan föregående år" if delta == 0
        else f"{'+' if delta > 0 else '−'}{abs(delta)} {unit}sedan {year - 1}",
        panel_text(panel, total)]))  # fmt: skip


def _count_figure(ds: Dataset, year: int, indicator_id: str, codes: set[str], title: str,
                  phrase: str) -> KeyFigure:  # fmt: skip
    """How many municipalities answer one of `codes`, and the change among those that
    answered both years."""
    n = len(ds.municipalities)
    now = _known(ds, indicator_id, year)
    change = ""
    if year - 1 in ds.years:
        change = _no_change_reason(ds, indicator_id, year)
        if not change and not now.empty:
            before = _known(ds, indicator_id, year - 1)
            panel = now.index.intersection(before.index)
            if len(panel):
                delta = int(now.loc[panel, "raw"].isin(codes).sum()
                            - before.loc[panel, "raw"].isin(codes).sum())  # fmt: skip
                change = _change_text(delta, "", year, len(panel), n)
    count = int(now["raw"].isin(codes).sum())
    return KeyFigure(
        title=title,
        value=f"{count} av {len(now)}" if not now.empty else MISSING,
        detail=f"kommuner {phrase} {year}{_missing_text(len(now), n)}",
        change=change,
    )


def _goal_change(ds: Dataset, indicator_id: str, year: int, snap_now: pd.DataFrame) -> str:
    """The change of a goal's mean share among the municipalities with a value both years;
    none when last year's values include a hidden one (it would give it away)."""
    if year - 1 not in ds.years:
        return ""
    if not same_definition(ds, indicator_id, year - 1, year):
        return f"ny definition från {year}: ingen jämförelse"
    if math.isnan(county_mean(snap_now)):
        return ""
    if note := _preliminary_note(ds, indicator_id, year):
        return note
    snap_before = snapshot(ds, indicator_id, year - 1)
    both = snap_now["score"].notna() & snap_before["score"].notna()
    if not both.any() or has_suppressed(snap_before):
        return ""
    delta = round(float(snap_now.loc[both, "score"].mean()
                        - snap_before.loc[both, "score"].mean()))  # fmt: skip
    return _change_text(delta, "procentenheter ", year, int(both.sum()), len(ds.municipalities))


def _goal_figure(ds: Dataset, year: int, goal_id: str, goal_name: str) -> KeyFigure:
    """A goal's mean share of SOSFS 2014:4's criteria met, and on how many it rests."""
    indicator_id = f"sosfs_mal{goal_id}"
    snap_now = snapshot(ds, indicator_id, year)
    rests_on = int(snap_now["score"].notna().sum())
    short = SHORT_GOAL_NAMES.get(goal_id, goal_name)
    return KeyFigure(
        title=f"SOSFS 2014:4, mål {goal_id}",
        value=format_percent(county_mean(snap_now)),
        detail=(
            f"ingen kommun har uppgift {year} ({short})"
            if rests_on == 0
            # how many it rests on, also when all have a value (#31)
            else f"av kriterierna uppfyllda, snitt för {rests_on} "
            f"{_municipality_word(rests_on)} ({short})"
        ),
        change=_goal_change(ds, indicator_id, year, snap_now),
    )


@lru_cache(maxsize=64)
def _key_figures(ds: Dataset, year: int) -> tuple[KeyFigure, ...]:
    """Each figure says how many municipalities it rests on when not all have a value, and
    its change compares the same municipalities in both years (the panel): a municipality
    that has not answered yet never counts as a change."""
    figures = [
        _count_figure(ds, year, "samordnare", {"ja"}, "Kvinnofridssamordnare",
                      "har kvinnofridssamordnare"),
        _count_figure(ds, year, "suv_status", {"i_bruk"}, "SUV i bruk", "använder SUV"),
    ]  # fmt: skip
    indicators = set(ds.indicators["id"])
    goals = ds.catalogue_plan.goals  # the goals the sosfs_mal<id> indicators name
    figures += [
        _goal_figure(ds, year, goal_id, goal_name)
        for goal_id, goal_name in zip(goals["id"], goals["name"], strict=True)
        if f"sosfs_mal{goal_id}" in indicators
    ]
    return tuple(figures)
