"""Comparison layer: municipality profiles and comparisons between municipalities.

Pure functions over a loaded Dataset (no Dash): comparison groups by population size,
"since when" from a series, SOSFS gaps → the plan's delmål, trend frames, rankings with
shared ranks and missing values, the heatmap matrix, and the tables the views and their
downloads show (Swedish column names, values as shown).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import pandas as pd

from dashboard import domain
from dashboard.data.groups import DEFAULT_BANDS, SizeBand
from dashboard.data.loader import Dataset, swedish_sort_key
from dashboard.domain import national
from dashboard.domain.formatting import MISSING, format_number, format_percent

# --- unassessed criteria: counted as not met, and said beside the share (#31) ------------

# domain._all_values writes a SOSFS share's note as 'N av M kriterier ej bedömda (räknas som
# ej uppfyllda)'; the count is read back from it, so the rule lives in one place.
_UNASSESSED = re.compile(r"^(?P<count>\d+) av (?P<of>\d+) kriterier ej bedömda")
UNASSESSED_COLUMN = "Ej bedömda kriterier"  # a number per row, empty where none


def unassessed_count(note: object) -> int:
    """How many of a SOSFS share's criteria were not assessed (0 for any other note)."""
    match = _UNASSESSED.match(str(note or ""))
    return int(match["count"]) if match else 0


def unassessed_cell(note: object) -> int | None:
    """The count for a table's 'Ej bedömda kriterier' column: None (an empty cell) where
    every criterion was assessed or the value is no SOSFS share."""
    return unassessed_count(note) or None


def with_unassessed(label: str, note: object) -> str:
    """A share as a page shows it: '20 % (4 ej bedömda)' when criteria were not assessed
    (they count as not met, so the reader sees why the share is low); one is '(1 ej bedömt)',
    as 'kriterium' is neuter singular."""
    count = unassessed_count(note)
    if not count:
        return label
    return f"{label} ({count} ej {'bedömt' if count == 1 else 'bedömda'})"


def unassessed_sentence(note: object, year: int) -> str:
    """'4 av 5 kriterier ej bedömda 2025'; empty when every criterion was assessed."""
    match = _UNASSESSED.match(str(note or ""))
    return f"{match['count']} av {match['of']} kriterier ej bedömda {year}" if match else ""


# --- comparison groups: size classes or a published grouping (data/groups.py) -------------

MIN_GROUP_SIZE = 3
# The URL's grupp= values; "storlek" names the similar municipalities whatever decides them
# (size classes or a grouping), so addresses sent before still work.
GROUP_KEYS = ("alla", "storlek")


def group_options(ds: Dataset) -> dict[str, str]:
    """{URL value: what it compares with}, for Jämför's choice and its texts."""
    return {"alla": f"alla kommuner i {ds.county.area}", "storlek": similar_phrase(ds)}


def similar_phrase(ds: Dataset) -> str:
    return ("kommuner i samma kommungrupp" if ds.groups.is_grouping
            else "kommuner av liknande storlek")  # fmt: skip


def group_rule(ds: Dataset) -> str:
    """How the similar municipalities are chosen, in plain Swedish, with the source."""
    fill = (f"Har {{what}} färre än {_count_word(MIN_GROUP_SIZE)} kommuner i "
            f"{ds.county.area} läggs de kommuner till som ligger närmast i folkmängd, så att "
            f"gruppen blir minst {_count_word(MIN_GROUP_SIZE)}.")  # fmt: skip
    if ds.groups.is_grouping:
        return (f"Kommuner i samma kommungrupp: indelningen enligt {ds.groups.source}. "
                + fill.format(what="gruppen"))  # fmt: skip
    bands = [b.label.removesuffix(" invånare") for b in ds.groups.bands]
    return (f"Kommuner av liknande storlek: kommuner i samma storleksklass "
            f"({join_names(bands).replace(' och ', ' eller ')} invånare). "
            + fill.format(what="klassen"))  # fmt: skip


def _count_word(n: int) -> str:
    return {2: "två", 3: "tre", 4: "fyra", 5: "fem"}.get(n, str(n))


def size_band(ds: Dataset, population: int) -> SizeBand:
    bands = ds.groups.bands or DEFAULT_BANDS
    for band in bands:
        if band.low <= population < band.high:
            return band
    return bands[-1]


def group_label(ds: Dataset, code: str) -> str:
    """The municipality's size class ('under 15 000 invånare') or group ('Landsbygdskommun')."""
    return _group_labels(ds).get(code, "")


@lru_cache(maxsize=8)
def _group_labels(ds: Dataset) -> dict[str, str]:
    """Every municipality's class or group, once per dataset (Kommun and Jämför ask for
    each municipality's group on every view; at 290 municipalities that adds up)."""
    if ds.groups.is_grouping:
        return dict(ds.groups.group_of)
    return {code: size_band(ds, int(population)).label for code, population in
            zip(ds.municipalities["code"], ds.municipalities["population"], strict=True)}  # fmt: skip


def _members(ds: Dataset, code: str) -> list[str]:
    labels = _group_labels(ds)
    return [c for c in ds.municipalities["code"] if labels.get(c) == labels.get(code)]


def comparison_group(ds: Dataset, code: str) -> list[str]:
    """Codes of the municipality's comparison group, itself included, in name order.

    Same size class or group; if it has fewer than MIN_GROUP_SIZE members, the municipalities
    nearest in population (by ratio, so 9 000 is nearer 12 000 than 20 000) are added.
    """
    munis = ds.municipalities.set_index("code")
    if code not in munis.index:
        return []
    population = int(munis.loc[code, "population"])
    members = _members(ds, code)
    if len(members) < MIN_GROUP_SIZE:
        others = sorted(
            (c for c in munis.index if c not in members),
            key=lambda c: (abs(math.log(int(munis.loc[c, "population"]) / population)), c),
        )
        members += others[: MIN_GROUP_SIZE - len(members)]
    return _in_name_order(ds, members)


def peers(ds: Dataset, code: str) -> list[str]:
    """The comparison group without the municipality itself: whom it is compared with."""
    return [c for c in comparison_group(ds, code) if c != code]


def peer_names(ds: Dataset, code: str, limit: int = 12) -> str:
    """'Lessebo, Markaryd och Uppvidinge': whom the municipality is compared with (in a
    large county the first `limit` and how many more)."""
    names = [municipality_name(ds, c) for c in peers(ds, code)]
    if len(names) > limit:
        return join_names([*names[:limit], f"{len(names) - limit} kommuner till"])
    return join_names(names)


def group_sentence(ds: Dataset, code: str) -> str:
    """Plain Swedish on whom a municipality is compared with and why, e.g. 'Tingsryd hör till
    kommunerna med under 15 000 invånare och jämförs med Lessebo, Markaryd och Uppvidinge.'
    or, when its size class has too few members, 'Växjö är den enda kommunen i länet med
    över 40 000 invånare och jämförs därför med de kommuner som ligger närmast i folkmängd:
    Alvesta och Ljungby.'"""
    others = peers(ds, code)
    if not others:
        return ""
    name = municipality_name(ds, code)
    label = group_label(ds, code)
    in_group = _members(ds, code)
    names = peer_names(ds, code)
    if ds.groups.is_grouping:
        belongs, only = f"hör till kommungruppen {label}", f"i kommungruppen {label}"
    else:
        belongs, only = f"hör till kommunerna med {label}", f"med {label}"
    if all(c in in_group for c in others):
        return f"{name} {belongs} och jämförs med {names}."
    if len(in_group) == 1:
        return (f"{name} är den enda kommunen i {ds.county.area} {only} och jämförs därför "
                f"med de kommuner som ligger närmast i folkmängd: {names}.")  # fmt: skip
    return (f"{name} {belongs}; de är färre än {_count_word(MIN_GROUP_SIZE)}, så {name} jämförs "
            f"med dem och med de närmaste i folkmängd: {names}.")  # fmt: skip


def join_names(names: list[str]) -> str:
    """'A', 'A och B', 'A, B och C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


def _in_name_order(ds: Dataset, codes: Iterable[str]) -> list[str]:
    wanted = set(codes)
    return [c for c in ds.municipalities["code"] if c in wanted]


def municipality_name(ds: Dataset, code: str) -> str:
    """The municipality's name; the code itself if unknown."""
    return _names(ds).get(code, code)


@lru_cache(maxsize=8)
def _names(ds: Dataset) -> dict[str, str]:
    # A dict, not a mask per call: Översikt's table asks for every municipality's name.
    return {str(c): str(n) for c, n in zip(ds.municipalities["code"], ds.municipalities["name"],
                                           strict=True)}  # fmt: skip


# --- validating URL parameters (user input) -----------------------------------------------


def resolve_code(ds: Dataset, requested: object) -> str | None:
    """A municipality code of the county, or None."""
    text = str(requested or "").strip()
    return text if text in set(ds.municipalities["code"]) else None


def resolve_codes(ds: Dataset, requested: object, *, limit: int | None = None) -> list[str]:
    """Known codes from '0760,0761' or a list, unique, in the given order (at most `limit`)."""
    parts = requested if isinstance(requested, list | tuple) else str(requested or "").split(",")
    known = set(ds.municipalities["code"])
    out: list[str] = []
    for part in parts:
        code = str(part).strip()
        if code in known and code not in out:
            out.append(code)
    return out if limit is None else out[:limit]


def resolve_group(requested: object) -> str:
    return str(requested) if requested in GROUP_KEYS else "alla"


def scope_codes(ds: Dataset, group: str, mine: str | None) -> list[str]:
    """The municipalities a comparison covers: all, or my municipality's size group."""
    if group == "storlek" and mine:
        return comparison_group(ds, mine)
    return list(ds.municipalities["code"])


DEFAULT_COMPARE_INDICATOR = "sosfs_alla"


@dataclass(frozen=True)
class CompareState:
    """The choices on /jamfor, validated."""

    indicator: str
    year: int
    codes: tuple[str, ...]  # municipalities over time
    mine: str | None
    group: str

    def params(self, **extra: str) -> dict[str, str]:
        return {
            "indikator": self.indicator, "ar": str(self.year), "kommuner": ",".join(self.codes),
            "min": self.mine or "", "grupp": self.group, **extra,
        }  # fmt: skip


# The trend chart's preselection: my municipality and at most this many of its group (a size
# class of all of Sweden holds 70: as many lines are a tangle, not a comparison).
TREND_PEERS = 5


def default_trend_codes(ds: Dataset, mine: str | None) -> list[str]:
    """My municipality and its size group (at most the TREND_PEERS nearest in population),
    or the first three by name; in county order."""
    if mine:
        population = ds.municipalities.set_index("code")["population"]
        group = sorted(peers(ds, mine),
                       key=lambda c: (abs(population[c] - population[mine]), c))  # fmt: skip
        chosen = {mine, *group[:TREND_PEERS]}
        return [c for c in ds.municipalities["code"] if c in chosen]
    return list(ds.municipalities["code"][:3])


def canonical_compare_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The validated URL parameters of Jämför (page_cache: the layout's cache key)."""
    return resolve_compare_state(ds, params).params()


def resolve_compare_state(ds: Dataset, params: Mapping[str, object]) -> CompareState:
    """Validated state from URL parameters; anything unknown falls back to a default."""
    mine = resolve_code(ds, params.get("min"))
    # The trend chart draws exactly what is ticked (none, one or all): only an address
    # without 'kommuner' gets the defaults. County order, so that a set of municipalities is
    # one state (and one cache entry) whatever order the address lists them in.
    requested = params.get("kommuner")
    if requested is None:
        codes = default_trend_codes(ds, mine)
    else:
        chosen = set(resolve_codes(ds, requested))
        codes = [c for c in ds.municipalities["code"] if c in chosen]
    requested = params.get("indikator")
    indicator = domain.resolve_indicator(
        ds, requested if isinstance(requested, str) else None, DEFAULT_COMPARE_INDICATOR
    )
    return CompareState(
        indicator=indicator,
        year=domain.resolve_year(ds, params.get("ar"), indicator_id=indicator),
        codes=tuple(codes),
        mine=mine,
        group=resolve_group(params.get("grupp")),
    )


def readable_name(ind: pd.Series) -> str:
    """The indicator's short name, unless it is an abbreviation a first-time reader cannot
    decode ('SOSFS alla'): then the full name ('Efterlevnad av SOSFS 2014:4, alla
    mål')."""
    short = str(ind["short_name"] or "")
    if not short or short.upper().startswith("SOSFS"):
        return str(ind["name"])
    return short


def main_indicators(ds: Dataset) -> pd.DataFrame:
    """Headline indicators (not the individual criteria), in picker order."""
    ordered = domain.mappable_indicators(ds)
    return ordered[~ordered["is_criterion"]].reset_index(drop=True)


def goal_areas(ds: Dataset) -> pd.DataFrame:
    """Goal areas with their compliance indicator: goal_id, indicator_id, short, name."""
    rows = []
    ids = set(ds.indicators["id"])
    # The catalogue's goals (data/plan/), which the sosfs_mal<id> indicators name; a successor
    # plan's goals may differ.
    goals = ds.catalogue_plan.goals
    for goal_id, goal_name in zip(goals["id"], goals["name"], strict=True):
        indicator_id = f"sosfs_mal{goal_id}"
        if indicator_id not in ids:
            continue
        ind = domain.indicator(ds, indicator_id)
        topic = _parenthesised(str(ind["name"])) or str(goal_name).rstrip(".")
        rows.append(
            {
                "goal_id": str(goal_id),
                "indicator_id": indicator_id,
                "short": f"Mål {goal_id}",
                "name": f"Mål {goal_id}: {topic[:1].upper()}{topic[1:]}",
                "topic": topic,
            }
        )
    return pd.DataFrame(rows, columns=["goal_id", "indicator_id", "short", "name", "topic"])


def _parenthesised(text: str) -> str:
    if "(" in text and text.endswith(")"):
        return text[text.rindex("(") + 1 : -1]
    return ""


# --- series and "since when" -----------------------------------------------------------------


def series(ds: Dataset, code: str, indicator_id: str) -> pd.DataFrame:
    """One row per year of the dataset: year, raw, score, label, is_example (missing kept)."""
    ind = domain.indicator(ds, indicator_id)
    values = domain.all_values(ds)
    values = values[
        (values["indicator_id"] == indicator_id) & (values["municipality_code"] == code)
    ]
    by_year = values.set_index("year")
    rows = []
    for year in ds.years:
        has = year in by_year.index
        raw = str(by_year.loc[year, "raw"]) if has else ""
        score = float(by_year.loc[year, "score"]) if has else math.nan
        rows.append(
            {
                "year": year,
                "raw": raw,
                "score": score,
                "label": domain.label_for(
                    ds,
                    ind,
                    raw,
                    score,
                    suppressed=bool(by_year.loc[year, "suppressed"]) if has else False,
                ),
                "is_example": bool(by_year.loc[year, "is_example"]) if has else False,
            }
        )
    return pd.DataFrame(rows)


def since_year(frame: pd.DataFrame, code_value: str) -> int | None:
    """First year of the latest unbroken run with raw == code_value, if the latest known
    value is code_value; else None. For a series that never goes back this is simply the
    first year with that status. A missing year ends the run (we do not know it held)."""
    known = frame[frame["raw"] != ""].sort_values("year")
    if known.empty or known["raw"].iloc[-1] != code_value:
        return None
    start = None
    for year, raw in zip(frame["year"][::-1], frame["raw"][::-1], strict=True):
        if year > known["year"].iloc[-1]:
            continue
        if raw != code_value:
            break
        start = int(year)
    return start


def first_year(frame: pd.DataFrame, code_value: str) -> int | None:
    """The first year at all with raw == code_value, or None."""
    hits = frame[frame["raw"] == code_value]
    return int(hits["year"].min()) if not hits.empty else None


@dataclass(frozen=True)
class Status:
    title: str
    value: str  # e.g. 'I bruk', 'Ja', 'Uppgift saknas'
    since: str  # e.g. 'sedan 2021', '' when not applicable
    year: int


def status_with_since(ds: Dataset, code: str, indicator_id: str, target: str,
                      year: int) -> Status:  # fmt: skip
    """The status in `year` and, when it is the target status, since which year it holds."""
    frame = series(ds, code, indicator_id)
    frame = frame[frame["year"] <= year]
    ind = domain.indicator(ds, indicator_id)
    current = frame[frame["year"] == year]
    raw = str(current["raw"].iloc[0]) if not current.empty else ""
    value = str(current["label"].iloc[0]) if not current.empty else MISSING
    since = ""
    if raw == target:
        start = since_year(frame, target)
        since = f"sedan {start}"
        if start == ds.years[0]:
            since += " eller tidigare"  # the series starts there
    return Status(str(ind["short_name"] or ind["name"]), value, since, year)


# --- ranks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A municipality's headline status in a year: the Kommun page's cards and the
    Kommunrapport's first part."""

    coordinator: Status
    suv: Status
    overall_label: str  # its share of SOSFS criteria met, as text ('40 % (2 ej bedömda)')
    county_label: str  # the county's figure for the same, as text
    # the share alone ('40 %') and its unassessed criteria in words ('2 av 15 kriterier ej
    # bedömda'), for a page that writes the count on a line of its own
    overall_share: str = ""
    unassessed: str = ""


def profile(ds: Dataset, code: str, year: int) -> Profile:
    overall = domain.snapshot(ds, OVERALL_ID, year)
    own = overall[overall["code"] == code].iloc[0]
    return Profile(
        coordinator=status_with_since(ds, code, "samordnare", "ja", year),
        suv=status_with_since(ds, code, "suv_status", "i_bruk", year),
        # the count of unassessed criteria beside the share (#31): they count as not met
        overall_label=with_unassessed(str(own["label"]), own["note"]),
        county_label=county_figure_text(ds, domain.indicator(ds, OVERALL_ID), overall, year),
        overall_share=str(own["label"]),
        unassessed=unassessed_sentence(own["note"], year).removesuffix(f" {year}"),
    )


def ordinal(n: int) -> str:
    """Swedish ordinal: 1:a, 2:a, 3:e, 11:e, 21:a."""
    suffix = "a" if n % 10 in (1, 2) and n % 100 not in (11, 12) else "e"
    return f"{n}:{suffix}"


def rank_labels(ranks: pd.Series) -> pd.Series:
    """'1:a', 'delad 2:a' for ties, '' for no rank."""
    counts = ranks.value_counts()
    return ranks.map(
        lambda r: (
            "" if pd.isna(r) else (f"delad {ordinal(int(r))}" if counts[r] > 1 else ordinal(int(r)))
        )
    )


def ranking(ds: Dataset, indicator_id: str, year: int, codes: Iterable[str] | None = None
            ) -> pd.DataFrame:  # fmt: skip
    """Snapshot of the municipalities in `codes` (default all) with rank and rank_label.

    Ranks only for indicators where higher or lower is better; ties share a rank, missing
    values get none. Order: best first, ties by name, missing last.
    """
    ind = domain.indicator(ds, indicator_id)
    snap = domain.snapshot(ds, indicator_id, year)
    if codes is not None:
        wanted = set(codes)
        snap = snap[snap["code"].isin(wanted)]
    snap = snap.reset_index(drop=True)
    higher = ind["higher_is_better"]
    snap["rank"] = domain.rank(snap, higher)
    snap["rank_label"] = rank_labels(snap["rank"])
    snap["missing"] = snap["score"].isna()
    direction = -1 if higher is not False else 1
    snap["_key"] = snap["score"] * direction
    snap["_name"] = snap["name"].map(swedish_sort_key)
    snap = snap.sort_values(["missing", "_key", "_name"], na_position="last")
    return snap.drop(columns=["_key", "_name"]).reset_index(drop=True)


T = TypeVar("T")

# Jämför's ranking shows every municipality up to this many; beyond it (a county of 49, all
# of Sweden) the best and worst tenth and 'min kommun' where it ranks: a chart of 290 bars is
# 6 000 px tall and unreadable, and the download and Översikt's table keep all of them.
RANKING_ROWS = 20


@dataclass(frozen=True)
class Skipped:
    """Rows a ranked list leaves out between two it shows (the download has all)."""

    count: int

    @property
    def text(self) -> str:
        return f"{self.count} {'kommun' if self.count == 1 else 'kommuner'} till"


def rank_window(items: Sequence[T], limit: int, keep: T | None = None) -> list[T | Skipped]:
    """A ranked list as a slide or Jämför's ranking shows it: all of it up to `limit` items;
    beyond that the first and the last half of `limit` and, if given, `keep` (the chosen
    municipality) where it ranks, with a Skipped marker for each run left out between them."""
    if len(items) <= limit:
        return list(items)
    half = limit // 2
    shown = set(range(half)) | set(range(len(items) - half, len(items)))
    if keep is not None and keep in items:
        shown.add(items.index(keep))
    window: list[T | Skipped] = []
    skipped = 0
    for index, item in enumerate(items):
        if index in shown:
            if skipped:
                window.append(Skipped(skipped))
                skipped = 0
            window.append(item)
        else:
            skipped += 1
    return window


def shown_ranking(frame: pd.DataFrame, table: pd.DataFrame, mine: str | None,
                  limit: int = RANKING_ROWS) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """A ranking (frame) and its table as Jämför shows them: rank_window's rows, and for each
    run left out one row saying how many ('…', '26 kommuner till'); in the frame `gap` is
    that count (0 on other rows). The download keeps the whole table."""
    window = rank_window(list(frame["code"]), limit, keep=mine)
    if len(window) == len(frame):
        return frame.assign(gap=0), table
    records, rows, index = frame.to_dict("records"), [], 0
    for item in window:
        if isinstance(item, Skipped):
            rows.append({"code": "", "name": "…", "raw": "", "score": math.nan, "label": "",
                         "rank_label": "", "missing": True, "gap": item.count})  # fmt: skip
            index += item.count
        else:
            rows.append({**records[index], "gap": 0})
            index += 1
    return pd.DataFrame(rows, columns=[*frame.columns, "gap"]), windowed_table(table, window)


def heatmap_window(matrix: pd.DataFrame, mine: str | None,
                   limit: int = RANKING_ROWS) -> list[str | Skipped]:  # fmt: skip
    """The matrix's rows (codes, best first) as Jämför shows them (rank_window)."""
    rows = matrix.drop_duplicates("code").sort_values("row_order")
    return rank_window(list(rows["code"]), limit, keep=mine)


def windowed_table(table: pd.DataFrame, window: Sequence[object]) -> pd.DataFrame:
    """`table` (a row per item of the list `window` was made from, in its order) with each
    run that rank_window left out as one row: '…', '26 kommuner till (alla i
    nedladdningen)' under Kommun, and the run's example flag if the run has one."""
    records = table.to_dict("records")
    rows, index = [], 0
    for item in window:
        if not isinstance(item, Skipped):
            rows.append(records[index])
            index += 1
            continue
        run = records[index : index + item.count]
        gap_row = dict.fromkeys(table.columns, "")
        gap_row.update({table.columns[0]: "…", "Kommun": f"{item.text} (alla i nedladdningen)"})
        if EXAMPLE_COLUMN in gap_row:
            flags = {r.get(EXAMPLE_COLUMN) for r in run}
            gap_row[EXAMPLE_COLUMN] = flags.pop() if len(flags) == 1 else "–"
        rows.append(gap_row)
        index += item.count
    return pd.DataFrame(rows, columns=table.columns)


def has_rank(ind: pd.Series) -> bool:
    """Ranks only for numbers with a direction: a yes/no or status 'rank' only says
    who shares a step, which the values already say."""
    return (
        ind["higher_is_better"] is not None
        and not pd.isna(ind["higher_is_better"])
        and not domain.is_categorical(ind)
    )


def ranks_by_level(ind: pd.Series) -> bool:
    """A status with a direction (a criterion, SUV, yes/no) ranks by its levels' order on
    Jämför: Uppfyllt before Delvis uppfyllt before Ej uppfyllt, ties shared (#34)."""
    direction = ind["higher_is_better"]
    return domain.is_categorical(ind) and direction is not None and not pd.isna(direction)


def ranks_in_comparison(ind: pd.Series) -> bool:
    """Whether Jämför's ranking gives placings: numbers with a direction, and statuses
    with one by their order."""
    return has_rank(ind) or ranks_by_level(ind)


def ranking_rule(ds: Dataset, ind: pd.Series) -> str:
    """Jämför's ranking rule in words, for the page and the download."""
    after = "Kommuner med samma {} delar placering och står i bokstavsordning; kommuner " \
        "utan uppgift står sist, utan placering."  # fmt: skip
    if ranks_by_level(ind):
        levels = domain.scale_levels(ds, ind["scale"]).dropna(subset=["order"])
        best_first = levels.sort_values("order", ascending=not bool(ind["higher_is_better"]))
        order = " före ".join(str(label) for label in best_first["label"])
        what = {"kriterium": "kriteriets nivå", "ja_nej": "svaret"}.get(
            str(ind["scale"]), "nivån i skalan")  # fmt: skip
        same = "svar" if ind["scale"] == "ja_nej" else "nivå"
        return f"Rangordnat efter {what}: {order}. {after.format(same)}"
    if has_rank(ind):
        first = "högst" if bool(ind["higher_is_better"]) else "lägst"
        return f"Rangordnat efter värdet, {first} först. {after.format('värde')}"
    return ("Indikatorn rangordnas inte: ett högre eller lägre värde är varken bättre eller "
            "sämre i sig.")  # fmt: skip


# --- SOSFS criteria and gaps ----------------------------------------------------------------

NOT_MET = ("ej_uppfyllt", "delvis")


def criteria_status(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """Every criterion with the municipality's status in a year, grouped by goal area.

    Columns: goal_id, indicator_id, name, short_name, raw, label, subgoal_ids, is_example.
    A criterion without a value is 'Uppgift saknas' (raw '').
    """
    criteria = ds.indicators[ds.indicators["is_criterion"]]
    values = ds.values[(ds.values["municipality_code"] == code) & (ds.values["year"] == year)]
    by_id = values.set_index("indicator_id")
    rows = []
    for _, ind in criteria.iterrows():
        has = ind["id"] in by_id.index
        raw = str(by_id.loc[ind["id"], "raw"]) if has else ""
        score = float(by_id.loc[ind["id"], "score"]) if has else math.nan
        rows.append(
            {
                "goal_id": str(ind["goal_id"]),
                "indicator_id": ind["id"],
                "name": ind["name"],
                "short_name": ind["short_name"] or ind["name"],
                "raw": raw,
                "label": domain.label_for(ds, ind, raw, score),
                "subgoal_ids": tuple(ind["subgoal_ids"]),
                "is_example": bool(by_id.loc[ind["id"], "is_example"]) if has else False,
            }
        )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["goal_id", "indicator_id"], kind="stable").reset_index(drop=True)


ASSESSED = ("uppfyllt", *NOT_MET)  # 'okant' and no row at all are 'Uppgift saknas'


def goal_tally(raws: pd.Series) -> str:
    """A goal's heading count over its criteria's statuses: '(2 av 3 uppfyllda)', '(1 av 3
    uppfyllda, 2 ej bedömda)', or '(uppgift saknas)' when none was assessed: '0 av 3
    uppfyllda' over rows that all say 'Uppgift saknas' would read as three criteria not met."""
    raws = raws.astype(str)
    assessed = int(raws.isin(ASSESSED).sum())
    if not assessed:
        return "(uppgift saknas)"
    met = int((raws == "uppfyllt").sum())
    rest = len(raws) - assessed
    unassessed = f", {rest} ej {'bedömt' if rest == 1 else 'bedömda'}" if rest else ""
    return f"({met} av {len(raws)} uppfyllda{unassessed})"


def no_gaps_sentence(ds: Dataset, code: str, year: int) -> str:
    """What stands where no criterion was ej or delvis uppfyllt: not a clean bill when none
    or only some of the criteria have an answer for the year."""
    raws = criteria_status(ds, code, year)["raw"].astype(str)
    assessed = int(raws.isin(ASSESSED).sum())
    if not assessed:
        return (f"Inget av kriterierna har en bedömning {year} (uppgift saknas för alla "
                f"{len(raws)}), så det går inte att säga vilka delmål som berörs av brister.")  # fmt: skip
    if assessed < len(raws):
        return (f"Inget av de bedömda kriterierna ({assessed} av {len(raws)}) var ej eller "
                f"delvis uppfyllt {year}; uppgift saknas för de övriga "
                f"{len(raws) - assessed}.")  # fmt: skip
    return f"Inga kriterier var ej eller delvis uppfyllda {year}."


def gaps_to_subgoals(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """The plan's delmål touched by criteria that are not met (ej uppfyllt or delvis).

    Columns: subgoal_id, goal_id, text, criteria (tuple of 'short name (status)'), href,
    is_example.
    Sorted by delmål number. Criteria without a value are not gaps (we do not know).
    """
    status = criteria_status(ds, code, year)
    gaps = status[status["raw"].isin(NOT_MET)]
    # the criteria's delmal column names data/plan/'s delmål, whichever plan is newest
    subgoals = ds.catalogue_plan.subgoals.set_index("id")
    touched: dict[str, list[str]] = {}
    example: dict[str, bool] = {}
    for _, row in gaps.iterrows():
        for subgoal_id in row["subgoal_ids"]:
            touched.setdefault(subgoal_id, []).append(f"{row['short_name']} ({row['label']})")
            example[subgoal_id] = example.get(subgoal_id, False) or bool(row["is_example"])
    rows = []
    for subgoal_id in sorted(touched, key=lambda s: tuple(int(p) for p in s.split("."))):
        goal_id = str(subgoals.loc[subgoal_id, "goal_id"]) if subgoal_id in subgoals.index else ""
        rows.append(
            {
                "subgoal_id": subgoal_id,
                "goal_id": goal_id,
                "text": str(subgoals.loc[subgoal_id, "text"]) if goal_id else "",
                "criteria": tuple(touched[subgoal_id]),
                "href": f"/strategi/{goal_id}/{subgoal_id}",
                "is_example": example[subgoal_id],
            }
        )
    columns = ["subgoal_id", "goal_id", "text", "criteria", "href", "is_example"]
    return pd.DataFrame(rows, columns=columns)


# --- compliance per goal area ----------------------------------------------------------------


def compliance_profile(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """Per goal area: the municipality's share, the county mean and its size group's mean.

    Columns: goal_id, short, name, score, label, county, county_label, group, group_label,
    unassessed (criteria not assessed, None where none), is_example. Means are unweighted over municipalities with a value.
    """
    group = peers(ds, code)  # the similar municipalities' mean leaves the municipality out
    rows = []
    for _, goal in goal_areas(ds).iterrows():
        snap = domain.snapshot(ds, goal["indicator_id"], year)
        own = snap[snap["code"] == code].iloc[0]
        county = domain.county_mean(snap)
        group_mean = domain.county_mean(snap[snap["code"].isin(group)])
        rows.append(
            {
                "goal_id": goal["goal_id"],
                "short": goal["short"],
                "name": goal["name"],
                "score": float(own["score"]),
                "label": format_percent(own["score"]),
                "county": county,
                "county_label": format_percent(county),
                # how many municipalities the county's mean rests on (the table says it)
                "county_rests_on": int(snap["score"].notna().sum()),
                "group": group_mean,
                "group_label": format_percent(group_mean),
                "unassessed": unassessed_cell(own["note"]),
                "is_example": bool(own["is_example"]),
            }
        )
    return pd.DataFrame(rows)


# --- heatmap -------------------------------------------------------------------------------

OVERALL_ID = "sosfs_alla"


def heatmap_matrix(ds: Dataset, year: int, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Long frame municipality × goal area (plus 'Alla' when available) of compliance shares.

    Columns: code, name, column (short label), column_name, score, label, unassessed
    (criteria not assessed), is_example, row_order. Rows are ordered by overall compliance (highest first, ties by name,
    missing last); row_order 0 is the top row.
    """
    wanted = set(codes) if codes is not None else set(ds.municipalities["code"])
    columns = [(g["short"], f"{g['short']}: {g['topic']}", g["indicator_id"])
               for _, g in goal_areas(ds).iterrows()]  # fmt: skip
    if OVERALL_ID in set(ds.indicators["id"]):
        columns.append(("Alla", "Alla mål", OVERALL_ID))
        order_frame = ranking(ds, OVERALL_ID, year, wanted)
    else:
        order_frame = ranking(ds, columns[0][2], year, wanted)
    order = {code: i for i, code in enumerate(order_frame["code"])}
    rows = []
    for short, name, indicator_id in columns:
        snap = domain.snapshot(ds, indicator_id, year)
        for _, r in snap[snap["code"].isin(wanted)].iterrows():
            rows.append(
                {
                    "code": r["code"],
                    "name": r["name"],
                    "column": short,
                    "column_name": name,
                    "score": float(r["score"]),
                    "label": format_percent(r["score"]),
                    "unassessed": unassessed_count(r["note"]),
                    "is_example": bool(r["is_example"]),
                    "row_order": order[r["code"]],
                }
            )
    frame = pd.DataFrame(rows)
    return frame.sort_values(["row_order"], kind="stable").reset_index(drop=True)


# --- trends --------------------------------------------------------------------------------


def trends(ds: Dataset, indicator_id: str, codes: Iterable[str]) -> pd.DataFrame:
    """Long frame code, name, year, raw, score, label, is_example for the chosen
    municipalities and every year (missing years kept as NaN / 'Uppgift saknas')."""
    frames = []
    for code in codes:
        frame = series(ds, code, indicator_id)
        frame.insert(0, "name", municipality_name(ds, code))
        frame.insert(0, "code", code)
        frames.append(frame)
    columns = ["code", "name", "year", "raw", "score", "label", "is_example"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def mean_series(ds: Dataset, indicator_id: str, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Per year over the given municipalities (default all): year, score (unweighted mean of
    those with a value) and text (the mean as shown; for statuses 'k av n: <top status>')."""
    ind = domain.indicator(ds, indicator_id)
    wanted = set(codes) if codes is not None else None
    rows = []
    for year in ds.years:
        snap = domain.snapshot(ds, indicator_id, year)
        if wanted is not None:
            snap = snap[snap["code"].isin(wanted)]
        if wanted is None:  # the whole county: a mean hidden counts allow is shown
            mean = domain.county_mean_of(ds, indicator_id, year)
            text = summary_text(ds, ind, snap, year)
        else:
            mean, text = domain.county_mean(snap), summary_text(ds, ind, snap)
        rows.append({"year": year, "score": mean, "text": text})
    return pd.DataFrame(rows)


def summary_text(ds: Dataset, ind: pd.Series, snap: pd.DataFrame, year: int | None = None) -> str:
    """The county's (or group's) figure as text: a mean for numbers and shares, and for
    yes/no and status scales how many have the top status ('6 av 8: I bruk'). With `year`
    and the whole county's snapshot, a mean hidden counts allow (domain.county_mean_of)."""
    if domain.has_suppressed(snap):
        # A mean or count of part of the county would reveal the hidden values (see
        # domain.county_mean); the whole county's may be shown when the rule allows.
        if year is not None and len(snap) == len(ds.municipalities):
            mean = domain.county_mean_of(ds, str(ind["id"]), year)
            if not math.isnan(mean):
                return format_mean(ind, mean)
        return "Visas inte (röjandeskydd)"
    known = snap[snap["score"].notna()]
    if known.empty:
        return MISSING
    if domain.is_categorical(ind):
        levels = domain.scale_levels(ds, ind["scale"]).dropna(subset=["order"])
        top = levels.iloc[-1]
        count = int((known["raw"] == top["code"]).sum())
        return f"{count} av {len(known)}: {top['label']}"
    return format_mean(ind, domain.county_mean(known))


def county_rests_on(ds: Dataset, ind: pd.Series, snap: pd.DataFrame, year: int) -> int | None:
    """How many municipalities the county's mean shown by summary_text rests on; None where
    it shows no mean (a status count, '6 av 8: I bruk', says it; a hidden or missing figure
    rests on nothing)."""
    text = summary_text(ds, ind, snap, year)
    if not mean_is_meaningful(ind) or text == MISSING or text.startswith("Visas inte"):
        return None
    return domain.county_mean_rests_on(ds, str(ind["id"]), year)


def county_figure_text(ds: Dataset, ind: pd.Series, snap: pd.DataFrame, year: int) -> str:
    """summary_text of the whole county's snapshot, a mean followed by how many
    municipalities it rests on ('71 % (8 kommuner)')."""
    text = summary_text(ds, ind, snap, year)
    count = county_rests_on(ds, ind, snap, year)
    return text if count is None else f"{text} {rests_on_words(count, len(ds.municipalities))}"


def rests_on_words(count: int, municipalities: int) -> str:
    """'(8 kommuner)' when all, '(7 av 8 kommuner)' otherwise."""
    if count == municipalities:
        return f"({count} kommuner)"
    return f"({count} av {municipalities} kommuner)"


def format_mean(ind: pd.Series, score: float) -> str:
    """A mean of numbers as text: '45 %', '1,4 personer'."""
    if math.isnan(score):
        return MISSING
    if ind["type"] == "andel":
        return format_percent(score, 0)
    text = format_number(score, 1 if ind["type"] == "antal" else 2)
    return f"{text}\u00a0{ind['unit']}" if ind["unit"] else text


def mean_is_meaningful(ind: pd.Series) -> bool:
    """An average line makes sense for numbers and shares, not for statuses."""
    return ind["type"] in {"andel", "antal", "decimal"}


# --- tables (Swedish columns, as shown and as downloaded) -------------------------------

EXAMPLE_COLUMN = "Exempeldata"


def _example(flag: bool) -> str:
    return "Ja" if flag else "Nej"


def heatmap_table(ds: Dataset, matrix: pd.DataFrame, mine: str | None) -> pd.DataFrame:
    wide = matrix.pivot_table(
        index=["row_order", "code", "name"], columns="column_name", values="label",
        aggfunc="first", sort=False,
    ).reset_index()  # fmt: skip
    examples = matrix.groupby("code")["is_example"].any()
    column_names = list(dict.fromkeys(matrix["column_name"]))
    out = pd.DataFrame(
        {
            "Kommun": [_name_with_mine(r["name"], r["code"], mine) for _, r in wide.iterrows()],
            **{name: wide[name].tolist() for name in column_names},
            UNASSESSED_COLUMN: [_row_unassessed(matrix, c) for c in wide["code"]],
            EXAMPLE_COLUMN: [_example(bool(examples[c])) for c in wide["code"]],
        }
    )
    return out


def _row_unassessed(matrix: pd.DataFrame, code: str) -> int | None:
    """A heatmap row's criteria not assessed, of all the goals (the 'Alla' share's count;
    without it the goals' counts added up): the count beside the row's shares."""
    rows = matrix[matrix["code"] == code]
    overall = rows[rows["column"] == "Alla"]
    return int((overall if len(overall) else rows)["unassessed"].sum()) or None


def heatmap_headers(matrix: pd.DataFrame) -> dict[str, str]:
    """Short column headers for the heatmap table on screen: 'Mål 1', …, 'Alla'."""
    return dict(zip(matrix["column_name"], matrix["column"], strict=False))


def value_header(ind: pd.Series) -> str:
    """A one-word header for a ranking's value column (the caption names the indicator)."""
    if domain.is_categorical(ind):
        return "Status"
    return {"andel": "Andel", "antal": "Antal"}.get(str(ind["type"]), "Värde")


EXAMPLE_SHORT = "Ex."
ALL_EXAMPLE_NOTE = "Alla värden i tabellen är påhittade exempeldata."
SOME_EXAMPLE_NOTE = "Ex. = exempeldata: Ja betyder att raden har påhittade exempelvärden."


def shown_table(frame: pd.DataFrame, headers: Mapping[str, str] | None = None
                ) -> tuple[pd.DataFrame, str]:  # fmt: skip
    """A table as shown on screen, narrow enough for its column: short headers, and the
    example-data flag said once in the caption when every row (or none) is example data,
    else kept as a narrow 'Ex.' column; the count of criteria not assessed only where a row
    has one. Returns the frame and the note for the caption.
    Downloads keep the full table (full headers and the Exempeldata column)."""
    out = frame.rename(columns=dict(headers or {}))
    if UNASSESSED_COLUMN in out.columns:  # an empty cell, not 'None'; no column of blanks
        # blank: no count, or a row a windowed table puts in for the municipalities it skips
        counts = ["" if pd.isna(c) or c == "" else str(int(c)) for c in out[UNASSESSED_COLUMN]]
        out = (out.drop(columns=UNASSESSED_COLUMN) if not any(counts) else
               out.assign(**{UNASSESSED_COLUMN: counts}))  # fmt: skip
    if EXAMPLE_COLUMN not in out.columns:
        return out, ""
    flags = out[EXAMPLE_COLUMN].eq("Ja")
    if flags.all() and len(flags):
        return out.drop(columns=EXAMPLE_COLUMN), ALL_EXAMPLE_NOTE
    if not flags.any():
        return out.drop(columns=EXAMPLE_COLUMN), ""
    return out.rename(columns={EXAMPLE_COLUMN: EXAMPLE_SHORT}), SOME_EXAMPLE_NOTE


def _name_with_mine(name: str, code: str, mine: str | None) -> str:
    return f"{name} (min kommun)" if code == mine else name


def ranking_table(ds: Dataset, frame: pd.DataFrame, indicator_id: str, year: int,
                  mine: str | None) -> pd.DataFrame:  # fmt: skip
    ind = domain.indicator(ds, indicator_id)
    columns = {
        "Placering": frame["rank_label"].replace("", "–").tolist()
        if ranks_in_comparison(ind)
        else ["–"] * len(frame),
        "Kommun": [
            _name_with_mine(n, c, mine) for n, c in zip(frame["name"], frame["code"], strict=True)
        ],  # fmt: skip
        f"{readable_name(ind)} {year}": frame["label"].tolist(),
        "Folkmängd": [format_number(p) for p in frame["population"]],
    }
    if is_compliance_share(ind):  # beside the share, how many criteria were not assessed
        columns[UNASSESSED_COLUMN] = [unassessed_cell(n) for n in frame["note"]]
    columns[EXAMPLE_COLUMN] = [_example(bool(e)) for e in frame["is_example"]]
    return pd.DataFrame(columns)


def is_compliance_share(ind: pd.Series) -> bool:
    """A SOSFS share built from the criteria (sosfs_alla, sosfs_mal<n>)."""
    return ind.get("derived") == "kriterier"


def definition_note(ds: Dataset, indicator_id: str) -> str:
    """The line under a table by year (and in its download's notes) where the definition
    changed: 'Ny definition 2023, 2024: åren före ett definitionsbyte jämförs inte med åren
    efter.'; else ''."""
    breaks = domain.definition_breaks(ds, indicator_id)
    if not breaks:
        return ""
    years = ", ".join(map(str, breaks))
    return f"Ny definition {years}: åren före ett definitionsbyte jämförs inte med åren efter."


def rests_on_text(ds: Dataset, indicator_id: str, year: int) -> str:
    """'(8 kommuner)' or '(7 av 8 kommuner)': how many municipalities the county's mean of
    the year rests on, hidden counts included where the mean comes from the total."""
    count = domain.county_mean_rests_on(ds, indicator_id, year)
    return rests_on_words(count, len(ds.municipalities))


def municipality_trend_means(ds: Dataset, code: str,
                             indicator: str) -> dict[str, pd.DataFrame]:  # fmt: skip
    """The means a municipality's trend is read against: the county's and its size group's
    (the municipality itself is not in the group's mean)."""
    group = peers(ds, code)
    return {
        ds.county.words.Mean: mean_series(ds, indicator),
        "Liknande kommuner, snitt": mean_series(ds, indicator, group),
    }


def trends_table(ds: Dataset, frame: pd.DataFrame, indicator_id: str, mine: str | None,
                 means: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:  # fmt: skip
    """Years as rows, municipalities (and means) as columns. Where the definition changed
    within the years, a column 'Definition' says 'Ny definition' at each year it changed, so
    a reader of the table or its download alone does not compare across the break (the
    chart draws it as a rule); pages fold it into the year cell (marked_years)."""
    out = pd.DataFrame({"År": [str(y) for y in ds.years]})
    for code in dict.fromkeys(frame["code"]):
        sub = frame[frame["code"] == code].set_index("year")
        name = _name_with_mine(str(sub["name"].iloc[0]), code, mine)
        out[name] = [sub.loc[y, "label"] if y in sub.index else MISSING for y in ds.years]
    for title, mean in (means or {}).items():
        by_year = mean.set_index("year")["text"]
        out[title] = [str(by_year.get(y, MISSING)) for y in ds.years]
    breaks = set(domain.definition_breaks(ds, indicator_id))
    if any(min(ds.years) < y <= max(ds.years) for y in breaks):
        out[DEFINITION_COLUMN] = ["Ny definition" if y in breaks else "" for y in ds.years]
    examples = frame.groupby("year")["is_example"].any() if not frame.empty else pd.Series()
    out[EXAMPLE_COLUMN] = [_example(bool(examples.get(y, False))) for y in ds.years]
    return out


DEFINITION_COLUMN = "Definition"


def marked_years(table: pd.DataFrame) -> pd.DataFrame:
    """A table by year as a page shows it: a year the definition changed reads '2024 (ny
    definition)' and the 'Definition' column goes (the download keeps the year a number
    and the column)."""
    if DEFINITION_COLUMN not in table.columns:
        return table
    years = [f"{y} ({d.lower()})" if d else y
             for y, d in zip(table["År"], table[DEFINITION_COLUMN], strict=True)]  # fmt: skip
    return table.drop(columns=DEFINITION_COLUMN).assign(År=years)


def compliance_table(profile: pd.DataFrame, name: str, mean_name: str = "Länssnitt",
                     municipalities: int | None = None) -> pd.DataFrame:  # fmt: skip
    """The goals' shares beside the county's and the similar municipalities' means. With
    `municipalities` (the county's count) the county's mean says how many it rests on: in
    the column's heading when the same for every goal ('Länssnitt (8 kommuner)'), else in
    each cell."""
    county = profile["county_label"]
    if municipalities is not None and len(profile):
        counts = [int(c) for c in profile["county_rests_on"]]
        words = [f"{c} kommuner" if c == municipalities else f"{c} av {municipalities} kommuner"
                 for c in counts]  # fmt: skip
        if not any(counts):
            pass  # no mean: nothing rests on anything ('Uppgift saknas' in every cell)
        elif len(set(words)) == 1:
            mean_name = f"{mean_name} ({words[0]})"
        else:
            county = [f"{t} ({w})" if c else t for t, w, c in zip(county, words, counts,
                                                                  strict=True)]  # fmt: skip
    return pd.DataFrame(
        {
            "Mål i planen": profile["name"],
            name: profile["label"],
            mean_name: county,
            "Liknande kommuner, snitt": profile["group_label"],
            UNASSESSED_COLUMN: profile["unassessed"],
            EXAMPLE_COLUMN: [_example(bool(e)) for e in profile["is_example"]],
        }
    )


def county_share_counts(ds: Dataset, indicator_id: str, year: int) -> tuple[int, int]:
    """(municipalities that meet a criterion, municipalities with a known status) in a year:
    the share's numerator and denominator, so a reader who counts '4 av 8 kommuner
    (uppgift saknas för 1)' finds the 7 the share rests on written beside it."""
    snap = domain.snapshot(ds, indicator_id, year)
    known = snap[snap["raw"].isin(["uppfyllt", "delvis", "ej_uppfyllt"])]
    return int((known["raw"] == "uppfyllt").sum()), len(known)


def county_share_met(ds: Dataset, indicator_id: str, year: int) -> float:
    """The share (0–100) of the county's municipalities with a known status that meet a
    criterion in a year: the county's counterpart of Öppna jämförelser's national share."""
    met, known = county_share_counts(ds, indicator_id, year)
    return math.nan if not known else 100.0 * met / known


def county_share_text(ds: Dataset, indicator_id: str, year: int) -> str:
    """'57 % (4 av 7 med uppgift)': the share with the denominator it rests on."""
    met, known = county_share_counts(ds, indicator_id, year)
    if not known:
        return MISSING
    return f"{format_percent(100.0 * met / known, 0)} ({met} av {known} med uppgift)"


def national_share_text(ds: Dataset, indicator_id: str, year: int) -> str:
    """'37 % (2024)' for a table cell, or '–' when Öppna jämförelser has no value."""
    value = national.national_value(ds, indicator_id, year)
    return "–" if value is None else f"{value.shown} ({value.year})"


def criteria_table(ds: Dataset, status: pd.DataFrame, year: int) -> pd.DataFrame:
    areas = goal_areas(ds).set_index("goal_id")["name"]
    national_values = [national.national_value(ds, i, year) for i in status["indicator_id"]]
    return pd.DataFrame(
        {
            "Mål i planen": [areas.get(g, g) for g in status["goal_id"]],
            "Kriterium": status["name"],
            "Status": status["label"],
            f"{ds.county.words.The}, andel kommuner som uppfyller": [
                county_share_text(ds, i, year) for i in status["indicator_id"]
            ],
            "Riket, andel kommuner som uppfyller": [
                "–" if v is None else v.shown for v in national_values
            ],
            "Riket, år": ["" if v is None else str(v.year) for v in national_values],
            "Delmål i planen": [", ".join(s) for s in status["subgoal_ids"]],
            EXAMPLE_COLUMN: [_example(bool(e)) for e in status["is_example"]],
        }
    )


def criteria_download_table(ds: Dataset, status: pd.DataFrame, year: int) -> pd.DataFrame:
    """criteria_table for a download: the county's share as a number ('88 %', which the
    download turns into 88 under a '(%)' header) with its numerator and denominator in their
    own number columns, so a reader can calculate with them (issue #34, item 5)."""
    frame = criteria_table(ds, status, year)
    column = f"{ds.county.words.The}, andel kommuner som uppfyller"
    counts = [county_share_counts(ds, i, year) for i in status["indicator_id"]]
    frame[column] = [format_percent(100.0 * met / known, 0) if known else MISSING
                     for met, known in counts]  # fmt: skip
    at = frame.columns.get_loc(column) + 1
    frame.insert(at, f"Antal kommuner i {ds.county.words.the} som uppfyller",
                 [met if known else None for met, known in counts])  # fmt: skip
    frame.insert(at + 1, f"Antal kommuner i {ds.county.words.the} med uppgift",
                 [known for _, known in counts])  # fmt: skip
    return frame


def gaps_table(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gaps as a table; with local_plans.uncovered_gaps' `covered`, whether the
    municipality's local plan takes up each delmål."""
    columns = {
        "Delmål": gaps["subgoal_id"],
        "Delmålets text": gaps["text"],
        "Kriterier som inte är uppfyllda": ["; ".join(c) for c in gaps["criteria"]],
    }
    if "covered" in gaps:
        columns["Tas upp i den lokala planen"] = [
            MISSING if c is None else "Ja" if c else "Nej" for c in gaps["covered"]
        ]
    columns[EXAMPLE_COLUMN] = [_example(bool(e)) for e in gaps["is_example"]]
    return pd.DataFrame(columns)


KEY_COUNT_COLUMN = "Antal kommuner i snittet"


def key_figures_shown(ds: Dataset, table: pd.DataFrame) -> pd.DataFrame:
    """The key figures as a page shows them: the count beside the county's mean ('79 % (8
    kommuner)'), not a column of its own."""
    if KEY_COUNT_COLUMN not in table.columns:
        return table
    n, column = len(ds.municipalities), ds.county.words.The
    texts = [t if pd.isna(c) else f"{t} {rests_on_words(int(c), n)}"
             for t, c in zip(table[column], table[KEY_COUNT_COLUMN], strict=True)]  # fmt: skip
    return table.drop(columns=KEY_COUNT_COLUMN).assign(**{column: texts})


def key_figures_table(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """Each main indicator: value, rank in the county and in the size group."""
    group = comparison_group(ds, code)
    n_all, n_group = len(ds.municipalities), len(group)
    rows = []
    for _, ind in main_indicators(ds).iterrows():
        county = ranking(ds, ind["id"], year)
        own = county[county["code"] == code].iloc[0]
        in_group = ranking(ds, ind["id"], year, group)
        own_group = in_group[in_group["code"] == code].iloc[0]
        if has_rank(ind) and own["rank_label"]:
            county_rank = f"{own['rank_label']} av {n_all}"
            group_rank = f"{own_group['rank_label']} av {n_group}"
        elif has_rank(ind):
            county_rank = group_rank = "Ingen placering (uppgift saknas)"
        else:
            county_rank = group_rank = "Rangordnas inte"
        rows.append(
            {
                "Indikator": ind["name"],
                str(year): own["label"],
                # with the year: the county's figure by the one rule (domain.county_mean_of)
                ds.county.words.The: summary_text(ds, ind, county, year),
                # how many municipalities a mean rests on: a number of its own in the
                # download, beside the county's figure on the page (key_figures_shown)
                KEY_COUNT_COLUMN: county_rests_on(ds, ind, county, year),
                f"Placering i {ds.county.area}": county_rank,
                "Placering bland liknande kommuner": group_rank,
                # a SOSFS share's criteria not assessed (they count as not met)
                UNASSESSED_COLUMN: unassessed_cell(own["note"]),
                EXAMPLE_COLUMN: _example(bool(own["is_example"])),
            }
        )
    return pd.DataFrame(rows)


def sources(ds: Dataset, indicator_ids: Iterable[str]) -> list[str]:
    """Distinct sources of the indicators and of their stored values."""
    ids = list(indicator_ids)
    if any(ds.indicators[ds.indicators["id"].isin(ids)]["derived"] == "kriterier"):
        ids += list(ds.indicators[ds.indicators["is_criterion"]]["id"])
    out = list(dict.fromkeys(ds.indicators[ds.indicators["id"].isin(ids)]["source"]))
    stored = ds.values[ds.values["indicator_id"].isin(ids)]["source"]
    out += [s for s in dict.fromkeys(stored) if s not in out]
    out.append(f"Folkmängd: {ds.municipalities['source'].iloc[0]}")
    return [s for s in out if s]
