"""The Länsstyrelse's yearly activity plan (issue #33): what the year's verksamhetsplan
planned against what was done, whom the activities reached and with which partners.

Pure functions of the dataset's activities (data/lansstyrelsens_aktiviteter.csv, loaded by
data/practice.py with the plan's columns from data/activity_columns.py). The page
/uppfoljning/verksamhetsplan and the follow-up report call them; both show the same numbers.

Counting rules (stated on the page and in data/README.md):

- An activity is *planned* when its planering is 'planerad' (in the year's verksamhetsplan),
  *added* when 'tillagd' (added during the year), *not stated* when empty (older files).
- Totals for a year count each activity once. Per delmål an activity with several delmål is
  counted under each of them, so the delmål's rows may add up to more than the year's total.
- Reach is the sum of nadda per municipality or actor. An activity without nadda adds no reach
  anywhere, even when it has deltagare (where they came from is not known).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.data.activity_columns import PLANNING, SECTORS
from dashboard.data.loader import Dataset
from dashboard.data.practice import ACTIVITY_STATUSES
from dashboard.domain import hierarchy

PLANNED, ADDED, UNSTATED = "planerad", "tillagd", ""
# Statuses in the order a follow-up reads them: done, ongoing, cancelled, not yet started.
STATUS_ORDER = ("genomford", "pagar", "installd", "planerad")
STATUS_WORDS = {"genomford": "genomförda", "pagar": "pågår", "installd": "inställda",
                "planerad": "ännu inte påbörjade"}  # fmt: skip
GROUP_WORDS = {PLANNED: "Planerade", ADDED: "Tillagda under året", UNSTATED: "Ej angivet"}
MUNICIPALITY, ACTOR = "kommun", "aktor"
# The source in words: the reader of a page or a document never needs the file name (#33).
SOURCE = "Länsstyrelsens verksamhetsplan och årsrapportering"
SUBGOAL_COLUMNS = ["subgoal_id", "planned", *(f"planned_{s}" for s in STATUS_ORDER), "added",
                   *(f"added_{s}" for s in STATUS_ORDER), "unstated", "total"]  # fmt: skip
REACH_COLUMNS = ["key", "kind", "name", "reached", "activities", "is_example"]
PARTNER_COLUMNS = ["id", "name", "in_plan", "activities", "subgoal_ids", "is_example"]


@dataclass(frozen=True)
class PlanCounts:
    """One year's activities by planering and status, each activity counted once.

    by_group[group][status]: the number of activities; group is PLANNED, ADDED or UNSTATED,
    status one of STATUS_ORDER (every key present, zeros included)."""

    year: int
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)

    def total(self, group: str) -> int:
        return sum(self.by_group[group].values())

    @property
    def planned(self) -> int:
        return self.total(PLANNED)

    @property
    def added(self) -> int:
        return self.total(ADDED)

    @property
    def unstated(self) -> int:
        return self.total(UNSTATED)

    def count(self, group: str, status: str) -> int:
        return self.by_group[group][status]


def years(ds: Dataset) -> list[int]:
    """The years that have at least one activity, oldest first."""
    return sorted({int(y) for y in ds.activities["year"]})


def default_year(ds: Dataset) -> int | None:
    """The year a page opens on: the latest year with activities (None without any)."""
    known = years(ds)
    return known[-1] if known else None


def resolve_year(ds: Dataset, requested: object) -> int | None:
    """The requested year if it has activities; the default year when none is asked for
    (None or ''); None for anything else (a page says the year is not found)."""
    if requested is None or requested == "":
        return default_year(ds)
    text = str(requested).strip()
    if not text.isdigit() or len(text) != 4:
        return None
    return int(text) if int(text) in years(ds) else None


UNKNOWN_YEAR = "okant"


def canonical_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """?ar= validated (page_cache's key): a year with activities, or UNKNOWN_YEAR for any
    year that has none (they all show the same 'not found' page); and whether the year is
    still running, so a cached page never keeps 'preliminärt' past New Year, nor lacks it."""
    if not years(ds):
        return {"ar": ""}  # no activities at all: the page says none are recorded
    year = resolve_year(ds, params.get("ar"))
    if year is None:
        return {"ar": UNKNOWN_YEAR}
    return {"ar": str(year)} | ({"pagar": "ja"} if year >= dt.date.today().year else {})


def activities_in(ds: Dataset, year: int, subgoal_id: str | None = None) -> pd.DataFrame:
    """The year's activities (for one delmål), planned before added, by date; with Swedish
    labels for kind, status and planering (kind_label, status_label, planning_label)."""
    frame = ds.activities[ds.activities["year"] == year]
    if subgoal_id is not None:
        frame = frame[frame["subgoal_ids"].map(lambda ids: subgoal_id in ids)]
    order = {PLANNED: 0, ADDED: 1, UNSTATED: 2}
    frame = frame.assign(_order=frame["planning"].map(order)).sort_values(
        ["_order", "date", "id"], na_position="last").drop(columns="_order")  # fmt: skip
    return frame.assign(
        status_label=frame["status"].map(ACTIVITY_STATUSES),
        planning_label=frame["planning"].map(lambda p: PLANNING.get(p, "Ej angivet")),
    )


def _counts(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    counts = {g: dict.fromkeys(STATUS_ORDER, 0) for g in (PLANNED, ADDED, UNSTATED)}
    for group, status in zip(frame["planning"], frame["status"], strict=True):
        counts[group if group in counts else UNSTATED][status] += 1
    return counts


def planned_vs_done(ds: Dataset, year: int) -> PlanCounts:
    """The year's activities by planering and status, each counted once."""
    return PlanCounts(year, _counts(ds.activities[ds.activities["year"] == year]))


def _subgoal_row(subgoal_id: str, counts: dict[str, dict[str, int]]) -> dict[str, object]:
    row: dict[str, object] = {"subgoal_id": subgoal_id}
    for group, prefix in ((PLANNED, "planned"), (ADDED, "added")):
        row[prefix] = sum(counts[group].values())
        row |= {f"{prefix}_{s}": counts[group][s] for s in STATUS_ORDER}
    row["unstated"] = sum(counts[UNSTATED].values())
    row["total"] = sum(sum(by_status.values()) for by_status in counts.values())
    return row


def planned_vs_done_by_subgoal(ds: Dataset, year: int) -> pd.DataFrame:
    """Per delmål with activities in the year (the plan's order): planned, added and not
    stated, each by status (SUBGOAL_COLUMNS: planned_genomford, added_installd, …). An
    activity with several delmål counts under each."""
    frame = ds.activities[ds.activities["year"] == year]
    rows = []
    for subgoal_id in ds.plan.subgoals["id"]:
        mine = frame[frame["subgoal_ids"].map(lambda ids, s=subgoal_id: s in ids)]
        if not mine.empty:
            rows.append(_subgoal_row(str(subgoal_id), _counts(mine)))
    return pd.DataFrame(rows, columns=SUBGOAL_COLUMNS)


def planned_vs_done_by_year(ds: Dataset) -> pd.DataFrame:
    """Per year with activities: the counts of planned_vs_done as columns (year and
    SUBGOAL_COLUMNS but subgoal_id), for a follow-up over several years."""
    rows = []
    for year in years(ds):
        row = _subgoal_row("", planned_vs_done(ds, year).by_group)
        del row["subgoal_id"]
        rows.append({"year": year, **row})
    return pd.DataFrame(rows, columns=["year", *SUBGOAL_COLUMNS[1:]])


def cancelled(ds: Dataset, year: int) -> pd.DataFrame:
    """The year's cancelled activities: id, title, subgoal_ids, planning, reason."""
    frame = activities_in(ds, year)
    frame = frame[frame["status"] == "installd"]
    return frame[["id", "title", "subgoal_ids", "planning", "reason", "is_example"]].reset_index(
        drop=True
    )


def partner_names(ds: Dataset) -> dict[str, str]:
    """Every partner's name by id: the plans' actors (data/plan/'s last, so its names win),
    then samverkansparter.csv's."""
    names: dict[str, str] = {}
    for plan in [*(p for p in ds.plans if p is not ds.catalogue_plan), ds.catalogue_plan]:
        names |= dict(zip(plan.actors["id"], plan.actors["name"], strict=True))
    return names | dict(zip(ds.partners["id"], ds.partners["name"], strict=True))


def _place_names(ds: Dataset) -> dict[str, str]:
    return dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))


def reach(ds: Dataset, year: int) -> pd.DataFrame:
    """Whom the year's activities reached (nadda), per municipality and actor: key (a
    municipality code or partner id), kind (MUNICIPALITY or ACTOR), name, reached (the sum),
    activities (how many reached it), is_example (all those rows example data). Most
    reached first."""
    frame = ds.activities[ds.activities["year"] == year]
    places, partners = _place_names(ds), partner_names(ds)
    totals: dict[str, list] = {}
    for items, example in zip(frame["reach"], frame["is_example"], strict=True):
        for key, count in items:
            entry = totals.setdefault(key, [0, 0, True])
            entry[0] += count
            entry[1] += 1
            entry[2] = entry[2] and bool(example)
    rows = [{"key": key, "kind": MUNICIPALITY if key in places else ACTOR,
             "name": places.get(key) or partners.get(key, key), "reached": n, "activities": a,
             "is_example": e} for key, (n, a, e) in totals.items()]  # fmt: skip
    result = pd.DataFrame(rows, columns=REACH_COLUMNS)
    return result.sort_values(["reached", "name"], ascending=[False, True]).reset_index(drop=True)


def municipal_reach(ds: Dataset, year: int) -> pd.DataFrame:
    """Every municipality of the county with the year's reach (0 where none is recorded):
    code, name, reached, activities, is_example, in the municipalities' order."""
    found = reach(ds, year).set_index("key")
    rows = []
    for code, name in zip(ds.municipalities["code"], ds.municipalities["name"], strict=True):
        hit = found.loc[code] if code in found.index else None
        rows.append({"code": code, "name": name,
                     "reached": int(hit["reached"]) if hit is not None else 0,
                     "activities": int(hit["activities"]) if hit is not None else 0,
                     "is_example": bool(hit["is_example"]) if hit is not None else False})  # fmt: skip
    return pd.DataFrame(rows, columns=["code", "name", "reached", "activities", "is_example"])


def largest_municipal_reach(ds: Dataset) -> int:
    """The most any municipality of the county was reached in one year, over every year
    with activities: the reach map's classes hold it, so they are the same each year."""
    return max((int(municipal_reach(ds, year)["reached"].max()) for year in years(ds)),
               default=0)  # fmt: skip


def partners(ds: Dataset, year: int) -> pd.DataFrame:
    """The year's partners (parter): id, name, in_plan (named in plan/aktorer.csv, else from
    samverkansparter.csv), activities (how many they took part in), subgoal_ids (the
    delmål of those activities, in the plan's order), is_example. Most activities first."""
    frame = ds.activities[ds.activities["year"] == year]
    names = partner_names(ds)
    in_plan = {str(a) for p in ds.plans for a in p.actors["id"]}
    order = {str(s): i for i, s in enumerate(ds.plan.subgoals["id"])}
    found: dict[str, list] = {}
    for ids, subgoals, example in zip(frame["partners"], frame["subgoal_ids"],
                                      frame["is_example"], strict=True):  # fmt: skip
        for partner in ids:
            entry = found.setdefault(partner, [0, set(), True])
            entry[0] += 1
            entry[1] |= set(subgoals)
            entry[2] = entry[2] and bool(example)
    rows = [{"id": p, "name": names.get(p, p), "in_plan": p in in_plan, "activities": n,
             "subgoal_ids": tuple(sorted(s, key=lambda i: order.get(i, len(order)))),
             "is_example": e} for p, (n, s, e) in found.items()]  # fmt: skip
    result = pd.DataFrame(rows, columns=PARTNER_COLUMNS)
    return result.sort_values(["activities", "name"], ascending=[False, True]).reset_index(
        drop=True
    )


def plan_activity_text(ds: Dataset, reference: str, year: int | None = None) -> str:
    """The plan's own words for an example activity ('1.1:1' → aktiviteter.csv's text of
    the plan in force in `year`, else data/plan/'s; '' when the plan has no such activity)."""
    subgoal_id, _, number = reference.partition(":")
    in_force = hierarchy.plan_in_force(ds, year) if year is not None else None
    acts = (in_force or ds.catalogue_plan).activities
    hit = acts[(acts["subgoal_id"] == subgoal_id) & (acts["number"].astype(str) == number)]
    return str(hit["text"].iloc[0]) if not hit.empty else ""


def participants(row: Mapping[str, Any]) -> tuple[int | None, bool]:
    """(how many took part or were reached, whether that is the sum of nadda): deltagare
    when given, else the sum of nadda (the stand-in data/README.md states), else None."""
    given, total = row.get("participants"), row.get("reach_total")
    if given is not None and not pd.isna(given):
        return int(given), False
    if total is not None and not pd.isna(total):
        return int(total), True
    return None, False


def sector_labels(codes: tuple[str, ...]) -> list[str]:
    """Sector codes as users read them (Socialtjänst, Hälso- och sjukvård)."""
    return [SECTORS.get(c, c) for c in codes]


def reach_text(ds: Dataset, items: tuple[tuple[str, int], ...]) -> str:
    """'Växjö 25, Region Kronoberg 12': a row's reach with names."""
    names = _place_names(ds) | partner_names(ds)
    return ", ".join(f"{names.get(k, k)} {n}" for k, n in items)


def reach_summary(ds: Dataset, row: Mapping[str, Any]) -> str:
    """A row's reach with names and how it adds up against deltagare, which may be more
    than the sum of nadda (data/README.md's rule): 'Uppvidinge 5, Tingsryd 44 – 49 av 50
    deltagare; 1 utan angiven kommun eller aktör'. Without deltagare, or with as many: the
    sum alone ('(summa 49)', '– alla 49 deltagare')."""
    items = tuple(row.get("reach") or ())
    names, total = reach_text(ds, items), sum(n for _, n in items)
    given = row.get("participants")
    if given is None or pd.isna(given):
        return f"{names} (summa {total})"
    given = int(given)
    if given < total:  # the loader refuses this; said plainly should a frame hold it
        return f"{names} (summa {total}, {given} deltagare)"
    if given == total:
        return f"{names} – alla {total} deltagare"
    left = given - total  # > 0: the loader refuses more nådda than deltagare
    return f"{names} – {total} av {given} deltagare; {left} utan angiven kommun eller aktör"


def is_example(ds: Dataset, year: int) -> bool:
    """Whether every activity of the year is example data (then every view says so)."""
    frame = ds.activities[ds.activities["year"] == year]
    return bool(not frame.empty and frame["is_example"].all())


def plan_activity_quotes(ds: Dataset, references: tuple[str, ...],
                         year: int | None = None) -> list[tuple[str, str]]:  # fmt: skip
    """(reference, the plan's words) for each example activity a row of `year` carries out,
    as the views quote them (marked as the plan's own words)."""
    return [(ref, plan_activity_text(ds, ref, year)) for ref in references]


def activity_facts(ds: Dataset, row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The activity plan's facts of one activity (a row of ds.activities) as (label, text),
    only those stated, in the order the views show them: planering, target group, sectors,
    partners, reach, result, evaluation and, when cancelled, why. The plan's example
    activity is left out: plan_activity_quotes gives it, to be shown as the plan's words."""
    facts: list[tuple[str, str]] = []
    planning = str(row.get("planning") or "")
    if planning:
        facts.append(("Planering", PLANNING[planning]))
    if row.get("target_group"):
        facts.append(("Målgrupp", str(row["target_group"])))
    sectors = tuple(row.get("sectors") or ())
    if sectors:
        facts.append(("Sektorer", ", ".join(sector_labels(sectors))))
    partner_ids = tuple(row.get("partners") or ())
    if partner_ids:
        names = partner_names(ds)
        facts.append(("Samverkansparter", ", ".join(names.get(p, p) for p in partner_ids)))
    reached = tuple(row.get("reach") or ())
    if reached:
        facts.append(("Nådda", reach_summary(ds, row)))
    for key, label in (("result", "Resultat"), ("evaluation", "Utvärdering")):
        if row.get(key):
            facts.append((label, str(row[key])))
    if row.get("reason"):
        cancelled_now = row.get("status") == "installd"
        facts.append(("Orsak till att den ställdes in" if cancelled_now else "Orsak",
                      str(row["reason"])))  # fmt: skip
    return facts
