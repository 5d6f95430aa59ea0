"""Data layer: load and validate the files in data/ and geo/, cached and read-only.

Officials edit these files in a text editor or in Excel, so every problem is reported in
Swedish with file, row and column. Nothing here knows about Dash.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.config import get_settings
from dashboard.data import activity_columns, practice
from dashboard.data import assessments as written_assessments
from dashboard.data import groups as comparison_groups
from dashboard.data.store import live
from dashboard.data.tables import (  # noqa: F401  (DataError and read_table: this module's API)
    DataError,
    _display_name,
    _Where,
    bounded_integers,
    read_table,
    require_known,
    require_unique,
    require_values,
    split_ids,
)

INDICATOR_TYPES = {"ja_nej", "ordinal", "andel", "antal", "decimal"}
CATEGORICAL_TYPES = {"ja_nej", "ordinal"}
YES_NO = {"ja": True, "nej": False, "": False}
MIN_YEAR, MAX_YEAR = 2000, 2100
NUMERIC_TYPES = INDICATOR_TYPES - CATEGORICAL_TYPES
# The widest range the catalogue may give a number: far beyond any count in a county, and small
# enough that sums, means and chart scales over it stay finite and exact (no OverflowError).
RANGE_LIMIT = 1e9
log = logging.getLogger(__name__)
MAX_ORDER = 1000  # a scale's steps: 0, 1, 2 …
MAX_POPULATION = 20_000_000  # a municipality's (or, for a national dataset, any area's)


def parse_number(text: str) -> float:
    """Parse '12,5', '12.5' or '1 234' as written by Swedish and English spreadsheets."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def number_text(value: float) -> str:
    """12,5 and 10 000 as a Swedish reader writes them (for messages and the template)."""
    if value == int(value):
        return f"{int(value):,}".replace(",", " ")
    return format(value, ".10g").replace(".", ",")


def range_text(ind: pd.Series) -> str:
    """The allowed range of a numeric indicator from the catalogue, e.g. '0–100'."""
    return f"{number_text(ind['min'])}–{number_text(ind['max'])}"


class ValueProblem(ValueError):
    """A value that does not fit its indicator; the message is Swedish, without a place."""


def scale_orders(scales: pd.DataFrame) -> dict[str, dict[str, float]]:
    """scale -> {code: order} (order NaN for codes like 'okant' that are not ranked)."""
    orders: dict[str, dict[str, float]] = {}
    for scale, code, order in zip(scales["scale"], scales["code"], scales["order"], strict=True):
        orders.setdefault(scale, {})[code] = order
    return orders


def value_score(ind: pd.Series, indicator_id: str, raw: str,
                orders: dict[str, dict[str, float]]) -> float:  # fmt: skip
    """The score of a stored value by the indicator's type, or ValueProblem saying why not.

    Shared by the loader (data/varden.csv) and the import (dashboard.data.importer): categorical
    values must be a code of the indicator's scale; numbers must lie in the indicator's range
    from the catalogue (columns min and max) and counts be whole. An empty value is 'uppgift
    saknas' (NaN).
    """
    if raw == "":
        return math.nan
    if ind["type"] in CATEGORICAL_TYPES:
        codes = orders.get(ind["scale"], {})
        if raw not in codes:
            raise ValueProblem(f"”{raw}” är inget tillåtet värde för {indicator_id}: "
                               f"förväntade {', '.join(codes)}.")  # fmt: skip
        return codes[raw]
    try:
        number = parse_number(raw)
    except ValueError as exc:
        raise ValueProblem(f"”{raw}” är inget tal (indikatorn {indicator_id}).") from exc
    if not ind["min"] <= number <= ind["max"]:  # the catalogue's range, nothing assumed here
        raise ValueProblem(f"{raw} ligger utanför det tillåtna intervallet "
                           f"({range_text(ind)}) för {indicator_id}.")  # fmt: skip
    if ind["type"] == "antal" and number != int(number):
        raise ValueProblem(f"{raw} ska vara ett heltal.")
    return number


@dataclass(frozen=True)
class AreaWords:
    """How running text names the area the data covers: a county, or (a national dataset,
    lan.csv's omrade = land) the whole country."""

    the: str  # 'länet': alla kommuner i länet
    its: str  # 'länets': länets kommuner
    mean: str  # 'länssnitt': Länssnitt 74 %

    @property
    def The(self) -> str:  # noqa: N802 - the capitalised form, as a sentence starts
        return self.the[:1].upper() + self.the[1:]

    @property
    def Mean(self) -> str:  # noqa: N802
        return self.mean[:1].upper() + self.mean[1:]


AREA_WORDS = {"lan": AreaWords("länet", "länets", "länssnitt"),
              "land": AreaWords("landet", "landets", "rikssnitt")}  # fmt: skip


@dataclass(frozen=True)
class County:
    code: str
    name: str
    organisation: str
    short_name: str
    kind: str = "lan"  # lan.csv's omrade: 'lan' (a county) or 'land' (all of Sweden)

    @property
    def words(self) -> AreaWords:
        return AREA_WORDS[self.kind]

    @property
    def area(self) -> str:
        return self.words.the


@dataclass(frozen=True, eq=False)  # identity hash: domain caches per loaded dataset
class Plan:
    goals: pd.DataFrame  # id, name
    subgoals: pd.DataFrame  # id, goal_id, text
    activities: pd.DataFrame  # subgoal_id, number, text
    followups: pd.DataFrame  # subgoal_id, number, text
    perspectives: pd.DataFrame  # number, text
    agreements: pd.DataFrame  # number, text, note
    target_groups: pd.DataFrame  # kind, number, text
    actors: pd.DataFrame  # id, name, description, subgoal_ids (tuple)
    equality_goals: pd.DataFrame  # number, name, link_text
    agenda2030: pd.DataFrame  # goal, goal_name, target, text
    document: dict[str, str] = field(default_factory=dict)
    # Which plan this is (several follow each other, docs/architecture.md "Flera planer"):
    # the id in addresses (?plan=2018-2026), its years, the folder it is read from, and
    # which of the service's indicators measure which of its delmål (indicator_id,
    # subgoal_id; for data/plan/ indikatorer.csv's delmal column).
    id: str = ""
    period: tuple[int, int] = (0, 0)
    folder: str = "plan"
    indicator_links: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["indicator_id", "subgoal_id"]))  # fmt: skip


@dataclass(frozen=True, eq=False)
class Dataset:
    county: County
    municipalities: pd.DataFrame  # code, name, population, population_date, source
    indicators: pd.DataFrame  # id, name, short_name, description, type, scale, unit, ...
    scales: pd.DataFrame  # scale, code, label, order, description
    values: pd.DataFrame  # municipality_code, indicator_id, year, raw, score, is_example, ...
    national_reference: pd.DataFrame  # indicator_id, year, value, unit, source, note
    plan: Plan
    geojson: dict
    data_dir: Path
    # The plan in practice (data/practice.py): the Länsstyrelse's yearly activities and the
    # local action plans (both may be empty), and the plan period (first year, last year).
    activities: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=practice.ACTIVITY_COLUMNS))  # fmt: skip
    local_plans: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=practice.LOCAL_PLAN_COLUMNS))  # fmt: skip
    # The Länsstyrelse's process support to actors writing local plans (may be empty).
    process_support: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=practice.PROCESS_SUPPORT_COLUMNS))  # fmt: skip
    plan_period: tuple[int, int] = (2018, 2026)
    # Partners of the activities that the plan does not name (data/samverkansparter.csv).
    partners: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=activity_columns.PARTNER_COLUMNS))  # fmt: skip
    # Länsstyrelsens bedömning per delmål and year (data/assessments.py); may be empty.
    assessments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=written_assessments.COLUMNS))  # fmt: skip
    # Whom a municipality is compared with (data/groups.py): size classes or a grouping.
    groups: comparison_groups.ComparisonGroups = comparison_groups.DEFAULT
    # Every plan, ordered by period (data/plan/ and data/planer/<id>/); `plan` is the newest
    # and `plan_period` its period. A dataset made without them has its one plan.
    plans: tuple[Plan, ...] = ()

    def __post_init__(self) -> None:
        if not self.plans:
            object.__setattr__(self, "plans", (self.plan,))

    @property
    def catalogue_plan(self) -> Plan:
        """data/plan/: the plan whose goals and delmål the catalogue's malomrade and delmal
        columns name (the SOSFS 2014:4 goal areas among them); `plan` is the newest."""
        return next((p for p in self.plans if p.folder == "plan"), self.plan)

    # Computed once: the dataset is immutable, and callbacks ask on every request.
    @functools.cached_property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.values["year"].unique())

    @functools.cached_property
    def indicator_ids(self) -> frozenset[str]:
        return frozenset(self.indicators["id"])

    @functools.cached_property
    def has_example_data(self) -> bool:
        return bool(self.values["is_example"].any() or self.activities["is_example"].any()
                    or self.local_plans["is_example"].any()
                    or self.process_support["is_example"].any()
                    or self.assessments["is_example"].any())  # fmt: skip

    @functools.cached_property
    def fingerprint(self) -> str:
        """Changes with any value, plan text, the geometry or a setting that changes what is
        shown; keys what the workers share in the app's cache (dashboard/cache.py). Taken from the loaded
        frames, not the files, so a dataset changed in memory (tests) never matches."""
        digest = hashlib.sha256()
        frames = [self.municipalities, self.indicators, self.scales, self.values,
                  self.national_reference, self.activities, self.local_plans, self.process_support,
                  self.assessments, self.partners, *(getattr(plan, f.name) for plan in self.plans for f in fields(Plan)
                                             if isinstance(getattr(plan, f.name),
                                                           pd.DataFrame))]  # fmt: skip
        for frame in frames:  # hashed by pandas, row by row: a fifth of the time of to_csv
            digest.update(repr((list(frame.columns), [str(t) for t in frame.dtypes])).encode())
            digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        digest.update(repr([(p.id, p.period, p.folder, p.document) for p in self.plans]).encode())
        digest.update(repr((self.county, self.plan.document, self.plan_period,
                            self.groups)).encode())  # fmt: skip
        digest.update(json.dumps(self.geojson, sort_keys=True).encode())
        settings = get_settings()
        digest.update(f"{settings.suppress_below}|{settings.url_base_pathname}".encode())
        return digest.hexdigest()[:16]


def _load_county(data_dir: Path, county_code: str | None) -> County:
    name = "data/lan.csv"
    frame = read_table(data_dir / "lan.csv", ["lanskod", "lan", "organisation", "kortnamn"])
    require_values(frame, ["lanskod", "lan"], name)
    if county_code:
        frame = frame[frame["lanskod"] == county_code]
    if len(frame) != 1:
        raise DataError("filen ska ha exakt en rad för länet.", file=name)
    row = frame.iloc[0]
    kind = str(row.get("omrade") or "lan").strip().lower()
    if kind not in AREA_WORDS:
        raise DataError(f"omrade ska vara lan eller land, inte ”{kind}”.", file=name,
                        row=int(row["_row"]), column="omrade")  # fmt: skip
    return County(row["lanskod"], row["lan"], row["organisation"] or row["lan"],
                  row["kortnamn"] or row["lan"], kind)  # fmt: skip


def _load_municipalities(data_dir: Path, county: County) -> pd.DataFrame:
    name = "data/kommuner.csv"
    frame = read_table(data_dir / "kommuner.csv",
                       ["kommunkod", "kommun", "lanskod", "folkmangd"])  # fmt: skip
    frame = frame[frame["lanskod"] == county.code]
    if frame.empty:
        raise DataError(f"inga kommuner med länskod {county.code}.", file=name)
    require_values(frame, ["kommunkod", "kommun", "folkmangd"], name)
    require_unique(frame, ["kommunkod"], name)
    codes = frame["kommunkod"]
    malformed = ~(codes.str.len().eq(4) & codes.map(str.isdigit))  # column-wise: 290 rows
    if malformed.any():
        row = frame[malformed].iloc[0]
        raise DataError(f"kommunkoden ”{row['kommunkod']}” ska vara fyra siffror.",
                        file=name, row=int(row["_row"]), column="kommunkod")  # fmt: skip
    # Sweden's largest municipality has about a million inhabitants; the bound catches typos.
    population = bounded_integers(frame, "folkmangd", name, 1, MAX_POPULATION,
                                  "folkmängden (antal invånare)")  # fmt: skip
    return pd.DataFrame({
        "code": frame["kommunkod"], "name": frame["kommun"],
        "population": population.astype(int),
        "population_date": frame.get("folkmangd_datum", ""),
        "source": frame.get("kalla", ""),
    }).sort_values("name", key=lambda s: s.map(swedish_sort_key)).reset_index(drop=True)  # fmt: skip


def swedish_sort_key(text: str) -> str:
    """Sort Å, Ä, Ö after Z as in Swedish (Älmhult after Växjö)."""
    table = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})
    return str(text).lower().translate(table)


def _load_scales(data_dir: Path) -> pd.DataFrame:
    name = "data/skalor.csv"
    frame = read_table(data_dir / "skalor.csv", ["skala", "kod", "etikett", "ordning"])
    require_values(frame, ["skala", "kod", "etikett"], name)
    require_unique(frame, ["skala", "kod"], name)
    orders = []
    for _, row in frame.iterrows():
        try:
            order = float(row["ordning"]) if row["ordning"] else math.nan
        except ValueError as exc:
            raise DataError(f"ordningen ”{row['ordning']}” är inget tal.", file=name,
                            row=int(row["_row"]), column="ordning") from exc  # fmt: skip
        if not math.isnan(order) and not -MAX_ORDER <= order <= MAX_ORDER:  # also inf
            raise DataError(f"ordningen ”{row['ordning']}” ska ligga mellan −{MAX_ORDER} och "
                            f"{MAX_ORDER} (steg på skalan, t.ex. 0, 1, 2).", file=name,
                            row=int(row["_row"]), column="ordning")  # fmt: skip
        orders.append(order)
    return pd.DataFrame({
        "scale": frame["skala"], "code": frame["kod"], "label": frame["etikett"],
        "order": orders, "description": frame.get("beskrivning", ""),
    }).reset_index(drop=True)  # fmt: skip


INDICATOR_COLUMNS = {
    "id": "id", "namn": "name", "kortnamn": "short_name", "beskrivning": "description",
    "typ": "type", "skala": "scale", "enhet": "unit", "min": "min", "max": "max",
    "malomrade": "goal_id",
    "delmal": "subgoal_ids", "hogre_ar_battre": "higher_is_better", "berakning": "derived",
    "rojandeskydd": "disclosure_control", "kalla": "source", "referens": "reference",
    "anmarkning": "note",
}  # fmt: skip


def _load_indicators(data_dir: Path, scales: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    name = "data/indikatorer.csv"
    frame = read_table(data_dir / "indikatorer.csv", list(INDICATOR_COLUMNS))
    require_values(frame, ["id", "namn", "typ", "kalla"], name)
    require_unique(frame, ["id"], name)
    require_known(
        frame, "typ", INDICATOR_TYPES, name, "en av " + ", ".join(sorted(INDICATOR_TYPES))
    )
    require_known(frame, "malomrade", set(plan.goals["id"]), name, "ett av planens mål 1–4",
                   allow_empty=True)  # fmt: skip
    require_known(frame, "delmal", set(plan.subgoals["id"]), name, "delmålsid som 1.3",
                   allow_empty=True)  # fmt: skip
    for column in ("hogre_ar_battre", "rojandeskydd"):
        require_known(frame, column, set(YES_NO), name, "ja, nej eller tomt", allow_empty=True)
    for _, row in frame.iterrows():
        if row["typ"] in CATEGORICAL_TYPES and row["skala"] not in set(scales["scale"]):
            raise DataError(f"skalan ”{row['skala']}” finns inte i data/skalor.csv.", file=name,
                            row=int(row["_row"]), column="skala")  # fmt: skip
        if row["berakning"] not in ("", "kriterier"):
            raise DataError("berakning ska vara tom eller ”kriterier”.", file=name,
                            row=int(row["_row"]), column="berakning")  # fmt: skip
        if not row["id"].replace("_", "").isalnum() or not row["id"].isascii():
            raise DataError("id får bara innehålla a–z, 0–9 och _.", file=name,
                            row=int(row["_row"]), column="id")  # fmt: skip
    bounds = [_indicator_range(row, name) for _, row in frame.iterrows()]
    out = frame.rename(columns=INDICATOR_COLUMNS)[list(INDICATOR_COLUMNS.values())].copy()
    out["min"] = pd.Series([b[0] for b in bounds], index=out.index, dtype=float)
    out["max"] = pd.Series([b[1] for b in bounds], index=out.index, dtype=float)
    out["subgoal_ids"] = out["subgoal_ids"].map(split_ids)
    # Optional: the years an indicator's definition changed ('2020, 2024'); every figure
    # derived from it compares only years with one definition (domain.definition_breaks).
    changed = frame.get("definition_andrad", pd.Series("", index=frame.index)).astype(str)
    bad = changed.ne("") & ~changed.str.fullmatch(r"\d{4}(\s*,\s*\d{4})*")
    if bad.any():
        raise DataError(f"”{changed[bad].iloc[0]}” ska vara året då indikatorns definition "
                        "ändrades (som 2022), flera åtskilda med komma (2020, 2024), eller "
                        "tomt.", file=name, row=int(frame.loc[bad, "_row"].iloc[0]),
                        column="definition_andrad")  # fmt: skip
    out["definition_changes"] = [tuple(sorted({int(y) for y in split_ids(t)})) for t in changed]
    # Optional: another indicator this one measures the same thing as (a count and a time of
    # the coordinators beside 'has coordinators'): the follow-up counts them once.
    same = frame.get("mater_samma_som", pd.Series("", index=frame.index)).astype(str)
    unknown = same.ne("") & (~same.isin(set(frame["id"])) | same.eq(frame["id"]))
    if unknown.any():
        raise DataError(f"”{same[unknown].iloc[0]}” ska vara id:t för en annan indikator i "
                        "katalogen, som den här mäter samma sak som, eller tomt.", file=name,
                        row=int(frame.loc[unknown, "_row"].iloc[0]), column="mater_samma_som")  # fmt: skip
    out["measures"] = [s or i for s, i in zip(same, frame["id"], strict=True)]
    out["higher_is_better"] = out["higher_is_better"].map(lambda v: None if v == "" else YES_NO[v])
    out["disclosure_control"] = out["disclosure_control"].map(YES_NO)
    out["is_criterion"] = out["scale"] == "kriterium"
    return out.reset_index(drop=True)


def _indicator_range(row: pd.Series, name: str) -> tuple[float, float]:
    """(min, max) of a numeric indicator, NaN for a categorical one; DataError if unusable.

    Every number the app shows lies in its indicator's range: the import and the loader
    refuse anything outside it, so a typo such as 1e308 never reaches a chart.
    """
    where: _Where = {"file": name, "row": int(row["_row"])}
    if row["typ"] not in NUMERIC_TYPES:
        for column in ("min", "max"):
            if row[column]:
                raise DataError("lämna min och max tomma för ja/nej och statusar (de har en "
                                "skala).", column=column, **where)  # fmt: skip
        return math.nan, math.nan
    limits = []
    for column in ("min", "max"):
        if not row[column]:
            raise DataError(f"ange det rimliga intervallet för indikatorer av typen {row['typ']} "
                            "(kolumnerna min och max, t.ex. 0 och 100).", column=column,
                            **where)  # fmt: skip
        try:
            number = parse_number(row[column])
        except ValueError as exc:
            raise DataError(f"”{row[column]}” är inget tal.", column=column, **where) from exc
        if abs(number) > RANGE_LIMIT:
            raise DataError(f"{row[column]} är orimligt stort: högst {number_text(RANGE_LIMIT)} "
                            "till beloppet.", column=column, **where)  # fmt: skip
        if row["typ"] == "antal" and number != int(number):
            raise DataError(f"{row[column]} ska vara ett heltal (typen antal).", column=column,
                            **where)  # fmt: skip
        limits.append(number)
    low, high = limits
    if low > high:
        raise DataError(f"min ({row['min']}) är större än max ({row['max']}).", column="max",
                        **where)  # fmt: skip
    if row["typ"] == "andel" and not 0 <= low <= high <= 100:
        raise DataError("en andel anges i procent: intervallet ska ligga inom 0–100.",
                        column="max" if high > 100 else "min", **where)  # fmt: skip
    return low, high


PLAIN_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
# parse_number's cleaning in one pass: spaces (also no-break ones) out, decimal comma to point
NUMBER_CLEANING = str.maketrans({"\u00a0": None, "\u202f": None, " ": None, ",": "."})


def _per_distinct(column: pd.Series, parse) -> tuple[np.ndarray, np.ndarray]:
    """`parse` (text Series -> (passed, number) arrays) run once per distinct cell and spread
    back to every row: a file of 46 000 rows holds a few dozen distinct years and, even with
    real decimals, fewer distinct values than rows."""
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    passed, numbers = parse(pd.Series(distinct, dtype=object))
    return passed[codes], numbers[codes]


def _parse_years(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    digits = text.str.fullmatch(r"[0-9]{1,6}").fillna(False).astype(bool)
    years = pd.to_numeric(text.where(digits), errors="coerce")
    return (digits & years.between(MIN_YEAR, MAX_YEAR)).to_numpy(dtype=bool), years.to_numpy()


def _parse_plain_numbers(raw: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    cleaned = raw.str.translate(NUMBER_CLEANING)
    plain = cleaned.str.fullmatch(PLAIN_NUMBER).fillna(False).to_numpy(dtype=bool)
    return plain, pd.to_numeric(cleaned.where(plain), errors="coerce").to_numpy(dtype=float)


def _years_and_scores(frame: pd.DataFrame, by_id: pd.DataFrame,
                      orders: dict[str, dict[str, float]]) -> tuple[np.ndarray, np.ndarray,
                                                                    np.ndarray]:  # fmt: skip
    """Year and score of every row at once (46 000 rows in a tenth of a second, where a loop
    took tens of seconds), and which rows passed: a row that did not is left to value_score,
    so the rules and messages stay in one place. Only values these checks can be sure of pass
    (a plain number in range, a code of the scale); anything unusual takes the slow path."""
    year_ok, years = _per_distinct(frame["ar"], _parse_years)
    ind = by_id.reindex(frame["indikator"].to_numpy())
    raw = frame["varde"]
    kind = ind["type"].to_numpy()
    categorical = np.isin(kind, list(CATEGORICAL_TYPES))
    empty = (raw == "").to_numpy()
    scores = np.full(len(frame), np.nan)
    ok = empty.copy()
    # codes of the indicator's scale (an order may be NaN: 'okant' is valid, not ranked)
    keys = ind["scale"].astype(str).to_numpy() + "\x1f" + raw.to_numpy(dtype=str)
    known = {f"{scale}\x1f{code}": order for scale, codes in orders.items()
             for code, order in codes.items()}  # fmt: skip
    is_code = np.fromiter((k in known for k in keys), bool, len(keys))
    code_rows = categorical & ~empty & is_code
    scores[code_rows] = [known[k] for k in keys[code_rows]]
    ok |= code_rows
    # plain numbers within the catalogue's range; whole for counts
    plain, numbers = _per_distinct(raw, _parse_plain_numbers)
    low = ind["min"].to_numpy(dtype=float)
    high = ind["max"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        in_range = np.isfinite(numbers) & (low <= numbers) & (numbers <= high)
        whole = (kind != "antal") | (numbers == np.floor(numbers))
    number_rows = ~categorical & ~empty & plain & in_range & whole
    scores[number_rows] = numbers[number_rows]
    ok |= number_rows
    checked = ok & year_ok
    return np.nan_to_num(years, nan=0).astype(int), scores, checked


def _load_values(data_dir: Path, municipalities: pd.DataFrame, indicators: pd.DataFrame,
                 scales: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:  # fmt: skip
    name = "data/varden.csv"
    frame = read_table(path or data_dir / "varden.csv",
                       ["kommunkod", "indikator", "ar", "varde", "exempeldata", "kalla"])  # fmt: skip
    require_values(frame, ["kommunkod", "indikator", "ar", "kalla"], name)
    require_known(frame, "kommunkod", set(municipalities["code"]), name, "en kommunkod i länet")
    stored = indicators[indicators["derived"] == ""]
    require_known(frame, "indikator", set(stored["id"]), name,
                   "ett indikator-id ur data/indikatorer.csv (ej beräknade)")  # fmt: skip
    require_known(frame, "exempeldata", {"ja", "nej"}, name, "ja eller nej")
    require_unique(frame, ["kommunkod", "indikator", "ar"], name)
    by_id = stored.set_index("id")
    orders = scale_orders(scales)
    years, scores, checked = _years_and_scores(frame, by_id, orders)
    # The rows the column-wise checks could not pass, in file order, get the row-by-row rules
    # (the same messages as ever): the first that fails names its row and column.
    for position in np.flatnonzero(~checked):
        row = frame.iloc[position]
        where: _Where = {"file": name, "row": int(row["_row"])}
        if not row["ar"].isdigit() or not MIN_YEAR <= int(row["ar"]) <= MAX_YEAR:
            raise DataError(f"året ”{row['ar']}” ska vara ett årtal som 2024.", column="ar",
                            **where)  # fmt: skip
        years[position] = int(row["ar"])
        try:
            scores[position] = value_score(by_id.loc[row["indikator"]], row["indikator"],
                                           row["varde"], orders)  # fmt: skip
        except ValueProblem as exc:
            raise DataError(str(exc), column="varde", **where) from exc
    return pd.DataFrame({
        "municipality_code": frame["kommunkod"], "indicator_id": frame["indikator"],
        "year": years.astype(int), "raw": frame["varde"], "score": scores,
        "is_example": frame["exempeldata"] == "ja", "source": frame["kalla"],
        "origin": frame.get("underlag", ""), "updated": frame.get("uppdaterad", ""),
        "note": frame.get("anmarkning", ""),
    }).reset_index(drop=True)  # fmt: skip


def _load_national_reference(data_dir: Path, indicators: pd.DataFrame) -> pd.DataFrame:
    name = "data/riksreferens.csv"
    path = data_dir / "riksreferens.csv"
    columns = ["indicator_id", "year", "value", "unit", "source", "note"]
    if not path.exists():
        return pd.DataFrame(columns=columns)
    frame = read_table(path, ["indikator", "ar", "varde", "kalla"])
    require_values(frame, ["indikator", "ar", "varde", "kalla"], name)
    require_known(frame, "indikator", set(indicators["id"]), name, "ett indikator-id")
    require_unique(frame, ["indikator", "ar"], name)
    years = bounded_integers(frame, "ar", name, MIN_YEAR, MAX_YEAR, "ett årtal")
    by_id = indicators.set_index("id")
    values = []
    for _, row in frame.iterrows():
        try:
            value = parse_number(row["varde"])
        except ValueError as exc:
            raise DataError(f"”{row['varde']}” är inget tal.", file=name, row=int(row["_row"]),
                            column="varde") from exc  # fmt: skip
        ind = by_id.loc[row["indikator"]]
        # a criterion's or status's national figure is the share of municipalities, in percent
        low, high = (0, 100) if ind["type"] in CATEGORICAL_TYPES else (ind["min"], ind["max"])
        if not (math.isfinite(value) and low <= value <= high):
            expected = ("en andel av kommunerna i procent, 0–100"
                        if ind["type"] in CATEGORICAL_TYPES
                        else f"inom indikatorns rimliga intervall {range_text(ind)}")  # fmt: skip
            raise DataError(f"”{row['varde']}” ska vara {expected}.", file=name,
                            row=int(row["_row"]), column="varde")  # fmt: skip
        values.append(value)
    return pd.DataFrame({
        "indicator_id": frame["indikator"], "year": years.astype(int), "value": values,
        "unit": frame.get("enhet", ""), "source": frame["kalla"], "note": frame.get("anmarkning", ""),
    }).reset_index(drop=True)  # fmt: skip


def _plan_table(plan_dir: Path, file: str, columns: list[str],
                required: list[str] | None = None, folder: str = "plan") -> pd.DataFrame:  # fmt: skip
    """One file of the plan, its required cells filled and its numbering bounded. folder:
    where the plan lies under data/, as messages name its files ('planer/2027-2030')."""
    name = f"{folder}/{file}"
    if not (plan_dir / file).is_file():  # named from data/, not by its last two parts
        raise DataError("filen saknas (en plan har samma filer som data/plan/).", file=name)
    frame = read_table(plan_dir / file, columns)
    require_values(frame, required if required is not None else columns, name)
    if "nr" in frame.columns:  # the plan's own numbering: 0, 1, 2 …
        frame["nr"] = bounded_integers(frame, "nr", name, 0, 999, "ett nummer")
    return frame


def _load_goals(plan_dir: Path, folder: str = "plan") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The plan's goals and delmål, each delmål under a goal and numbered after it."""
    goals = _plan_table(plan_dir, "mal.csv", ["id", "namn"], folder=folder)
    require_unique(goals, ["id"], f"{folder}/mal.csv")
    subgoals = _plan_table(plan_dir, "delmal.csv", ["id", "mal_id", "text"], folder=folder)
    name = f"{folder}/delmal.csv"
    require_unique(subgoals, ["id"], name)
    require_known(subgoals, "mal_id", set(goals["id"]), name, "ett mål-id")
    for _, row in subgoals.iterrows():
        if not row["id"].startswith(row["mal_id"] + "."):
            raise DataError(f"delmålet ”{row['id']}” ska börja med sitt mål-id ”{row['mal_id']}.”",
                            file=name, row=int(row["_row"]), column="id")  # fmt: skip
    return goals, subgoals


def _load_delmal_lists(plan_dir: Path, known_subgoals: set[str],
                       folder: str = "plan") -> dict[str, pd.DataFrame]:  # fmt: skip
    """The activities and the follow-up of each delmål, by file name."""
    lists = {}
    for file in ("aktiviteter.csv", "uppfoljning.csv"):
        frame = _plan_table(plan_dir, file, ["delmal_id", "nr", "text"], folder=folder)
        require_known(frame, "delmal_id", known_subgoals, f"{folder}/{file}", "ett delmåls-id")
        require_unique(frame, ["delmal_id", "nr"], f"{folder}/{file}")
        lists[file] = pd.DataFrame(
            {
                "subgoal_id": frame["delmal_id"],
                "number": frame["nr"].astype(int),
                "text": frame["text"],
            }
        )
    return lists


def _load_plan(data_dir: Path, folder: str = "plan") -> Plan:
    """One plan's text from data/<folder>/ (data/plan/, or data/planer/<id>/), without its
    id, period and indicators: _load_plans adds them."""
    plan_dir = data_dir / folder

    def table(file: str, columns: list[str], required: list[str] | None = None) -> pd.DataFrame:
        return _plan_table(plan_dir, file, columns, required, folder)

    goals, subgoals = _load_goals(plan_dir, folder)
    known_subgoals = set(subgoals["id"])
    lists = _load_delmal_lists(plan_dir, known_subgoals, folder)
    actors = table("aktorer.csv", ["id", "namn", "beskrivning", "delmal"], ["id", "namn"])
    require_unique(actors, ["id"], f"{folder}/aktorer.csv")
    require_known(actors, "delmal", known_subgoals, f"{folder}/aktorer.csv", "delmåls-id",
                   allow_empty=True)  # fmt: skip
    perspectives = table("perspektiv.csv", ["nr", "text"])
    agreements = table("overenskommelser.csv", ["nr", "text", "anmarkning"], ["nr", "text"])
    target_groups = table("malgrupper.csv", ["typ", "nr", "text"])
    equality = table("jamstalldhetsmal.csv", ["nr", "namn", "koppling"], ["nr", "namn"])
    agenda = table("agenda2030.csv", ["mal", "mal_namn", "delmal", "text"], ["mal", "text"])
    document = table("dokument.csv", ["nyckel", "text"])
    return Plan(
        goals=pd.DataFrame({"id": goals["id"], "name": goals["namn"]}).reset_index(drop=True),
        subgoals=pd.DataFrame({"id": subgoals["id"], "goal_id": subgoals["mal_id"],
                               "text": subgoals["text"]}).reset_index(drop=True),
        activities=lists["aktiviteter.csv"].reset_index(drop=True),
        followups=lists["uppfoljning.csv"].reset_index(drop=True),
        perspectives=pd.DataFrame({"number": perspectives["nr"].astype(int),
                                   "text": perspectives["text"]}),
        agreements=pd.DataFrame({"number": agreements["nr"].astype(int),
                                 "text": agreements["text"], "note": agreements["anmarkning"]}),
        target_groups=pd.DataFrame({"kind": target_groups["typ"],
                                    "number": target_groups["nr"].astype(int),
                                    "text": target_groups["text"]}),
        actors=pd.DataFrame({"id": actors["id"], "name": actors["namn"],
                             "description": actors["beskrivning"],
                             "subgoal_ids": actors["delmal"].map(split_ids)}).reset_index(drop=True),
        equality_goals=pd.DataFrame({"number": equality["nr"].astype(int),
                                     "name": equality["namn"], "link_text": equality["koppling"]}),
        agenda2030=pd.DataFrame({"goal": agenda["mal"], "goal_name": agenda["mal_namn"],
                                 "target": agenda["delmal"], "text": agenda["text"]}),
        document=dict(zip(document["nyckel"], document["text"], strict=True)),
        folder=folder,
    )  # fmt: skip


PLANS_FOLDER = "planer"  # data/planer/<id>/: the plans beside data/plan/
PLAN_LINKS_FILE = "indikatorkoppling.csv"  # indikator;delmal: a plan's own indicators
PLAN_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")  # a folder name that is also an address
LINK_COLUMNS = ["indicator_id", "subgoal_id"]


def _catalogue_links(indicators: pd.DataFrame) -> pd.DataFrame:
    """data/plan/'s indicator links: indikatorer.csv's delmal column, in catalogue order."""
    pairs = [(i, s) for i, ids in zip(indicators["id"], indicators["subgoal_ids"], strict=True)
             for s in ids]  # fmt: skip
    return pd.DataFrame(pairs, columns=LINK_COLUMNS, dtype=object)


def _plan_links(path: Path, name: str, indicators: pd.DataFrame,
                subgoals: set[str]) -> pd.DataFrame:  # fmt: skip
    """A plan's indikatorkoppling.csv (indikator;delmal, several delmål separated by commas):
    which of the service's indicators measure which of the plan's delmål. Optional: a plan
    without it has no indicators of the service."""
    if not path.exists():
        return pd.DataFrame(columns=LINK_COLUMNS, dtype=object)
    frame = read_table(path, ["indikator", "delmal"])
    require_values(frame, ["indikator", "delmal"], name)
    require_known(frame, "indikator", set(indicators["id"]), name,
                  "ett indikator-id ur data/indikatorer.csv")  # fmt: skip
    require_unique(frame, ["indikator"], name)
    require_known(frame, "delmal", subgoals, name,
                  "ett delmåls-id ur planens delmal.csv, flera åtskilda med komma")  # fmt: skip
    linked = dict(zip(frame["indikator"], frame["delmal"].map(split_ids), strict=True))
    pairs = [(i, s) for i in indicators["id"] for s in linked.get(i, ())]  # catalogue order
    return pd.DataFrame(pairs, columns=LINK_COLUMNS, dtype=object)


def _load_other_plan(data_dir: Path, name: str, indicators: pd.DataFrame) -> Plan:
    """data/planer/<name>/: a plan with its own period (required) and indicator links; its
    id is the folder's name."""
    folder = f"{PLANS_FOLDER}/{name}"
    if not PLAN_ID.fullmatch(name):
        raise DataError("mappens namn är planens id i adresser (?plan=…): använd bara små "
                        "bokstäver a–z, siffror, - och _, till exempel 2027-2030.",
                        file=f"data/{folder}")  # fmt: skip
    plan = _load_plan(data_dir, folder)
    period = practice.plan_period(plan.document, name=f"data/{folder}/dokument.csv")
    links = _plan_links(data_dir / folder / PLAN_LINKS_FILE, f"{folder}/{PLAN_LINKS_FILE}",
                        indicators, set(plan.subgoals["id"]))  # fmt: skip
    return replace(plan, id=name, period=period, indicator_links=links)


def _load_plans(data_dir: Path, main: Plan, indicators: pd.DataFrame,
                years: list[int]) -> tuple[Plan, ...]:  # fmt: skip
    """data/plan/ (id: its period, '2018-2026'; its indicators: indikatorer.csv's delmal) and
    every data/planer/<id>/, ordered by period. Two plans never hold the same year."""
    period = practice.plan_period(main.document, years)
    plans = [replace(main, id=f"{period[0]}-{period[1]}", period=period,
                     indicator_links=_catalogue_links(indicators))]  # fmt: skip
    others = data_dir / PLANS_FOLDER
    if others.is_dir():
        plans += [_load_other_plan(data_dir, path.name, indicators)
                  for path in sorted(others.iterdir())
                  if path.is_dir() and not path.name.startswith(".")]  # fmt: skip
    plans.sort(key=lambda p: p.period)
    for before, after in zip(plans[:-1], plans[1:], strict=True):
        where = f"data/{after.folder}/dokument.csv"
        if after.id == before.id:
            raise DataError(f"planen har samma id (”{after.id}”) som planen i data/{before.folder}/; "
                            "byt namn på mappen.", file=f"data/{after.folder}")  # fmt: skip
        if after.period[0] <= before.period[1]:
            raise DataError(
                f"planperioden {after.period[0]}–{after.period[1]} överlappar planperioden "
                f"{before.period[0]}–{before.period[1]} i data/{before.folder}/dokument.csv. Två "
                "planer kan inte gälla samma år: ändra planperiod_start eller planperiod_slut.",
                file=where, column="text")  # fmt: skip
    return tuple(plans)


def _load_geojson(geo_dir: Path, municipalities: pd.DataFrame) -> dict:
    path = geo_dir / "kommuner.geojson"
    name = "geo/kommuner.geojson"
    if not path.is_file():
        raise DataError("kartfilen saknas. Bygg den med: python -m dashboard.data.geo_build",
                        file=name)  # fmt: skip
    try:
        geojson = json.loads(path.read_text(encoding="utf-8"))
        codes = {f["properties"]["kommunkod"] for f in geojson["features"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"kartfilen är ingen giltig GeoJSON med kommunkoder ({exc}).",
                        file=name) from exc  # fmt: skip
    expected = set(municipalities["code"])
    if codes != expected:
        raise DataError(
            "kartans kommunkoder stämmer inte med data/kommuner.csv "
            f"(saknas i kartan: {sorted(expected - codes) or 'inga'}, "
            f"extra i kartan: {sorted(codes - expected) or 'inga'}).",
            file=name,
        )
    return geojson


def load_dataset(data_dir: Path, geo_dir: Path, county_code: str | None = None) -> Dataset:
    """Load and validate every file; raises DataError describing the first problem."""
    county = _load_county(data_dir, county_code)
    municipalities = _load_municipalities(data_dir, county)
    plan = _load_plan(data_dir)
    scales = _load_scales(data_dir)
    indicators = _load_indicators(data_dir, scales, plan)
    values = _load_values(data_dir, municipalities, indicators, scales)
    plans = _load_plans(data_dir, plan, indicators, sorted(set(values["year"])))
    # Activities and local plans may name the delmål of any plan (ids repeat across plans).
    subgoal_ids = {str(s) for p in plans for s in p.subgoals["id"]}
    actors = set(municipalities["code"]) | {str(a) for p in plans for a in p.actors["id"]}
    partners = activity_columns.load_partners(data_dir, actors)
    references = activity_columns.references(plan.activities, set(plan.actors["id"]),
                                             set(partners["id"]), set(municipalities["code"]),
                                             plans)  # fmt: skip
    activities = practice.load_activities(data_dir, subgoal_ids, references=references)
    return Dataset(
        county=county, municipalities=municipalities, indicators=indicators, scales=scales,
        values=values, national_reference=_load_national_reference(data_dir, indicators),
        plan=plans[-1], geojson=_load_geojson(geo_dir, municipalities), data_dir=data_dir,
        activities=activities, partners=partners,
        assessments=written_assessments.load_assessments(
            data_dir, subgoal_ids, set(indicators["id"]), actors,
            activities if (data_dir / practice.ACTIVITIES_FILE).exists() else None),
        local_plans=practice.load_local_plans(data_dir, actors, subgoal_ids),
        process_support=practice.load_process_support(data_dir, actors),
        plan_period=plans[-1].period, plans=plans,  # the newest: what Strategi shows first
        groups=comparison_groups.load(data_dir, list(municipalities["code"])),
    )  # fmt: skip


# Datasets loaded, by (data_dir, geo_dir): a server holds one, tests a few.
_LOADED: dict[tuple[Path, Path], Dataset] = {}
# A load that failed, by directories: the files as they were before it and its error. Every
# request asks for the dataset, and finding a broken file among 290 municipalities' values
# takes seconds; it is looked for again once a file there changes (the maintainer's fix).
_FAILED: dict[tuple[Path, Path], tuple[tuple, DataError]] = {}


def _files_state(*folders: Path) -> tuple:
    """Path, size and modification time of every file under the folders (a few dozen)."""
    state = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                try:
                    info = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                state.append((root, name, info.st_size, info.st_mtime_ns))
    return tuple(state)


def get_dataset() -> Dataset:
    """The dataset for the configured directories, loaded once per process. A failed load
    raises its DataError again, without reading the files, until one of them changes."""
    settings = get_settings()
    served = live.current(settings, check_files, _preload)
    return _dataset_in(served.folder, settings.geo_dir)


def follow_published_version() -> None:
    """In a newly forked worker (gunicorn.conf.py): the newest published version, then a
    thread that follows it (store/live.py)."""
    live.worker_started(get_settings(), check_files, _preload)


def check_files(data_dir: Path) -> None:
    """The store's check before files become a version: they load, or DataError."""
    _dataset_in(data_dir, get_settings().geo_dir)


def _preload(data_dir: Path) -> None:
    """Load a new version completely before the process serves it (store/live.py)."""
    _dataset_in(data_dir, get_settings().geo_dir)


def _dataset_in(data_dir: Path, geo_dir: Path) -> Dataset:
    key = (data_dir, geo_dir)
    dataset = _LOADED.get(key)
    if dataset is not None:
        return dataset
    files = _files_state(*key)
    failed = _FAILED.get(key)
    if failed is not None and failed[0] == files:
        raise failed[1]
    try:
        dataset = load_dataset(*key)
    except DataError as error:
        _FAILED[key] = (files, error)
        raise
    except Exception as exc:  # a check missed by the loader: still a data problem, not a crash
        # (the master loads the data before it forks; an escaped error would stop the whole
        # service where a DataError gives a Swedish 503 on /_redo and the pages).
        log.exception("unexpected error while loading the data")
        unexpected = DataError(f"uppgifterna kunde inte läsas ({type(exc).__name__}). "
                               "Kontrollera de filer i data/ som ändrades senast, eller ångra "
                               "den senaste inläsningen (python -m dashboard import --undo).")  # fmt: skip
        _FAILED[key] = (files, unexpected)
        raise unexpected from exc
    if len(_LOADED) >= 4:
        _LOADED.clear()
    _LOADED[key] = dataset
    _FAILED.pop(key, None)
    return dataset


def clear_cache() -> None:
    _LOADED.clear()
    _FAILED.clear()
    live.reset()
