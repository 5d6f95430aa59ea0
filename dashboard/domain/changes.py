"""What changed between two years (issue #20, "Sedan förra mötet"): for a presenter at a
network meeting — municipalities that gained or lost a coordinator, moved on SUV, the largest
rises and falls per goal area of SOSFS 2014:4, and the Länsstyrelse's activities carried out
in between. Pure functions over a Dataset; the years come from the URL, so they are checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from dashboard import domain
from dashboard.data.loader import Dataset
from dashboard.domain import comparison, progress
from dashboard.domain.formatting import MISSING, format_change

COORDINATOR = "samordnare"
SUV = "suv_status"
MOVES_PER_SIDE = 2  # the largest rises and the largest falls per goal area


@dataclass(frozen=True)
class Move:
    name: str
    before: str
    after: str
    change: str  # '+33 procentenheter'; '' for a status (before → after says it)
    # What the change rests on, shown beside it when not empty (#31): either year's SOSFS
    # criteria not assessed ('4 av 5 kriterier ej bedömda 2025': they count as not met, so
    # part of a fall may be that), and an example value measured against a real one ('från
    # ett exempelvärde 2024'), joined with '; '. No rule hides such a change: this says it.
    qualifier: str = ""


@dataclass(frozen=True)
class GoalAreaMoves:
    goal_id: str
    name: str
    rises: tuple[Move, ...]
    falls: tuple[Move, ...]
    new_definition: int | None = None  # the year a criterion of the area was redefined in
    # between: then nothing is compared


@dataclass(frozen=True)
class Changes:
    first: int
    last: int
    gained_coordinator: tuple[str, ...]
    lost_coordinator: tuple[str, ...]
    suv_forward: tuple[Move, ...]
    suv_back: tuple[Move, ...]
    goal_areas: tuple[GoalAreaMoves, ...]
    activities: pd.DataFrame  # progress.activities_for rows carried out after `first`
    is_example: bool
    # gained_coordinator and lost_coordinator as Moves ('Nej' → 'Ja'), with their qualifiers
    gained_moves: tuple[Move, ...] = ()
    lost_moves: tuple[Move, ...] = ()

    @property
    def activity_years(self) -> str:
        start = self.first + 1
        return str(self.last) if start == self.last else f"{start}–{self.last}"


def _year(value: object) -> int | None:
    values = value if isinstance(value, list | tuple) else [value]
    try:
        return int(str(values[0])) if values and values[0] is not None else None
    except ValueError:
        return None


def resolve_years(ds: Dataset, params: Mapping[str, object]) -> tuple[int, int] | None:
    """(from, to) from ?fran=&till=: known years, from before to (swapped if given the other
    way round); anything else falls back to the latest complete year and the one before (a
    preliminary year only when asked for). None with fewer than two."""
    years = ds.years
    if len(years) < 2:
        return None
    first, last = _year(params.get("fran")), _year(params.get("till"))
    if last not in years:
        last = domain.latest_complete_year(ds)
    if first not in years or first == last:
        earlier = [y for y in years if y < last]
        # the year before; the first year is compared with the next one
        first, last = (earlier[-1], last) if earlier else (last, years[1])
    return (first, last) if first < last else (last, first)


def canonical_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The years compared, and 'justerat' when the address asked for others (the same year
    twice, a year without values): the page says so. Bounded: years² × 2 pages."""
    years = resolve_years(ds, params)
    if years is None:
        return {}
    query = {"fran": str(years[0]), "till": str(years[1])}
    asked = [_year(params.get(k)) for k in ("fran", "till") if params.get(k) not in (None, "")]
    if asked and set(asked) - set(years) or len(asked) == 2 and asked[0] == asked[1]:
        query["justerat"] = "1"
    return query


def _example_state(is_example: object, partly: object) -> str | None:
    """None for a real value, '' for an example value, 'delvis ' for one of both."""
    if not bool(is_example) or pd.isna(is_example):
        return None
    return "delvis " if bool(partly) and not pd.isna(partly) else ""


def example_qualifier(before: tuple[object, object], after: tuple[object, object], first: int,
                      last: int) -> str:  # fmt: skip
    """'från ett exempelvärde 2024' where a change is measured from an example value to a
    real one, 'till ett exempelvärde 2025' the other way, 'delvis exempelvärde' for a share
    of real and example criteria; '' when both values are alike (both real, or both example
    data, which the page's notice says once). `before`/`after`: (is_example, partly_example)."""
    was, now = _example_state(*before), _example_state(*after)
    if was == now:
        return ""
    parts = [f"från ett {was}exempelvärde {first}" if was is not None else "",
             f"till ett {now}exempelvärde {last}" if now is not None else ""]  # fmt: skip
    return " ".join(p for p in parts if p)


def qualifier(row: Mapping[str, object], first: int, last: int, prefix: str = "",
              suffix: str = "_before") -> str:  # fmt: skip
    """A change's qualifier (Move.qualifier) from a row with both years' is_example,
    partly_example and note: `after` columns named as they are, `before` ones with the
    `suffix` (or the `prefix`, as domain.snapshot's previous_*)."""

    def earlier(column: str) -> object:
        return row[f"{prefix}{column}{suffix}"]

    unassessed = [comparison.unassessed_sentence(earlier("note"), first),
                  comparison.unassessed_sentence(row["note"], last)]  # fmt: skip
    example = example_qualifier(
        (earlier("is_example"), earlier("partly_example")),
        (row["is_example"], row["partly_example"]), first, last,
    )  # fmt: skip
    return "; ".join(p for p in (*unassessed, example) if p)


def _pair(ds: Dataset, indicator_id: str, first: int, last: int) -> pd.DataFrame:
    before = domain.snapshot(ds, indicator_id, first).set_index("code")
    after = domain.snapshot(ds, indicator_id, last).set_index("code")
    columns = ["raw", "score", "label", "is_example", "partly_example", "suppressed", "note"]
    earlier = before[columns].rename(columns={c: f"{c}_before" for c in columns})
    frame = after[["name", *columns]].join(earlier)
    known = (frame["label"] != MISSING) & (frame["label_before"] != MISSING)
    return frame[known & ~frame["suppressed"] & ~frame["suppressed_before"]]


def _coordinators(ds: Dataset, first: int,
                  last: int) -> tuple[tuple[Move, ...], tuple[Move, ...]]:  # fmt: skip
    if COORDINATOR not in ds.indicator_ids or not domain.same_definition(ds, COORDINATOR, first,
                                                                         last):  # fmt: skip
        return (), ()
    frame = _pair(ds, COORDINATOR, first, last)
    gained = frame[(frame["raw_before"] == "nej") & (frame["raw"] == "ja")]
    lost = frame[(frame["raw_before"] == "ja") & (frame["raw"] == "nej")]
    return _status_moves(gained, first, last), _status_moves(lost, first, last)


def _status_moves(frame: pd.DataFrame, first: int, last: int) -> tuple[Move, ...]:
    return tuple(Move(r["name"], r["label_before"], r["label"], "", qualifier(r, first, last))
                 for _, r in frame.iterrows())  # fmt: skip


def _suv(ds: Dataset, first: int, last: int) -> tuple[tuple[Move, ...], tuple[Move, ...]]:
    if SUV not in ds.indicator_ids or not domain.same_definition(ds, SUV, first, last):
        return (), ()
    frame = _pair(ds, SUV, first, last)
    moved = frame[frame["score"] != frame["score_before"]]
    moves = [(r["score"] - r["score_before"],
              Move(r["name"], r["label_before"], r["label"], "", qualifier(r, first, last)))
             for _, r in moved.iterrows()]  # fmt: skip
    forward = tuple(m for step, m in sorted(moves, key=lambda x: -x[0]) if step > 0)
    back = tuple(m for step, m in sorted(moves, key=lambda x: x[0]) if step < 0)
    return forward, back


def _goal_area(ds: Dataset, area: pd.Series, first: int, last: int) -> GoalAreaMoves:
    indicator_id = str(area["indicator_id"])
    if not domain.same_definition(ds, indicator_id, first, last):
        changed = [y for y in domain.definition_breaks(ds, indicator_id) if first < y <= last]
        return GoalAreaMoves(str(area["goal_id"]), str(area["name"]), (), (), changed[-1])
    frame = _pair(ds, indicator_id, first, last)
    frame = frame.assign(delta=frame["score"] - frame["score_before"])
    frame = frame[frame["delta"].abs() > 0.05]  # rounding: 66.7 vs 66.67 is no move

    def moves(part: pd.DataFrame) -> tuple[Move, ...]:
        return tuple(Move(r["name"], r["label_before"], r["label"],
                          format_change(r["delta"], "procentenheter", 0),
                          qualifier(r, first, last)) for _, r in part.iterrows())  # fmt: skip

    rises = frame[frame["delta"] > 0].sort_values(["delta", "name"], ascending=[False, True])
    falls = frame[frame["delta"] < 0].sort_values(["delta", "name"], ascending=[True, True])
    return GoalAreaMoves(str(area["goal_id"]), str(area["name"]),
                         moves(rises.head(MOVES_PER_SIDE)), moves(falls.head(MOVES_PER_SIDE)))  # fmt: skip


def _goal_areas(ds: Dataset) -> pd.DataFrame:
    """SOSFS 2014:4's goal areas, named by data/plan/'s goals whichever plan is the newest
    (the catalogue's malomrade and sosfs_mal<id> are that plan's)."""
    if ds.plan is ds.catalogue_plan:
        return comparison.goal_areas(ds)
    return comparison.goal_areas(replace(ds, plan=ds.catalogue_plan))


def changes(ds: Dataset, first: int, last: int) -> Changes:
    """Everything that changed from `first` to `last` (first < last, both known years)."""
    gained_moves, lost_moves = _coordinators(ds, first, last)
    gained, lost = tuple(m.name for m in gained_moves), tuple(m.name for m in lost_moves)
    forward, back = _suv(ds, first, last)
    areas = tuple(_goal_area(ds, a, first, last) for _, a in _goal_areas(ds).iterrows())
    done = progress.activities_for(ds, statuses=["genomford"])
    done = done[(done["year"] > first) & (done["year"] <= last)]
    shown = [i for i in (COORDINATOR, SUV, *_goal_areas(ds)["indicator_id"])
             if i in ds.indicator_ids]  # fmt: skip
    values = ds.values[ds.values["indicator_id"].isin(shown)
                       & ds.values["year"].isin([first, last])]  # fmt: skip
    example = bool(values["is_example"].any()) or bool(done["is_example"].any())
    return Changes(first, last, gained, lost, forward, back, areas, done, example, gained_moves,
                   lost_moves)  # fmt: skip
