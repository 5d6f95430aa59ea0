"""The plan's third level (issue #20): the municipalities' local action plans, read from
data/lokala_handlingsplaner.csv. Pure functions over a Dataset.

The county's own plan asks the actors to link their plans to its delmål; these functions say,
per municipality, whether a plan exists and is in force in a year, which delmål it takes up,
and which of a municipality's unmet SOSFS criteria fall under delmål its plan does not take up
("brist som den lokala planen inte tar upp"). Only a plan in force in the year in question
counts as taking a delmål up: one adopted later, or run out, does not (pages without a year
of their own use the latest year with values).
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.data.loader import Dataset
from dashboard.domain import comparison
from dashboard.domain.formatting import MISSING

# Coverage of one delmål (the delmål page's map), in the order of the legend.
COVERS, NOT_COVERED, NO_PLAN = "tar_upp", "tar_inte_upp", "ingen_plan"
COVERAGE_LEVELS = (
    (COVERS, "Gällande lokal plan som tar upp delmålet"),
    (NOT_COVERED, "Gällande lokal plan som inte tar upp delmålet"),
    (NO_PLAN, "Ingen gällande lokal plan"),
)
# A plan's standing in a year (Översikt's layer), in the order of the legend.
CURRENT, EXPIRED = "gallande", "utgangen"
STATUS_LEVELS = (
    (CURRENT, "Gällande lokal plan"),
    (EXPIRED, "Planen har gått ut"),
    (NO_PLAN, "Ingen lokal plan"),
)
SOURCE = "Länsstyrelsens sammanställning av kommunernas lokala handlingsplaner"
COLUMNS = ["code", "name", "raw", "label", "score", "change_text", "source", "is_example",
           "subgoal_ids"]  # fmt: skip


def plan_row(ds: Dataset, actor: str) -> pd.Series | None:
    """The actor's row in the file (a plan or a 'finns: nej'); None when not registered."""
    plans = ds.local_plans
    if plans.empty:
        return None
    rows = plans[plans["actor"] == actor]
    return None if rows.empty else rows.iloc[0]


def describe(row: pd.Series | None, year: int | None = None) -> str:
    """'Antagen 2023-10-05 av Kommunstyrelsen, gäller till 2026.' and, given `year`, how old
    the plan was that year or that it had run out."""
    if row is None:
        return "Ingen uppgift om lokal handlingsplan."
    if not row["exists"]:
        return "Ingen lokal handlingsplan."
    adopted, valid = row["adopted"], row["valid_through"]
    if pd.notna(adopted):
        by = f" av {row['adopted_by']}" if str(row["adopted_by"] or "").strip() else ""
        text = f"Antagen {adopted:%Y-%m-%d}{by}"
    else:
        text = "Antagningsdatum saknas"
    text += f", gäller till {int(valid)}." if pd.notna(valid) else ", inget slutår angivet."
    if year is None or pd.isna(adopted):
        return text
    if adopted.year > year:
        return text + f" Planen fanns ännu inte {year}."
    if pd.notna(valid) and valid < year:
        return text + f" Planen hade gått ut {year}."
    age = year - adopted.year
    return text + (f" Planen var {age} år gammal {year}." if age else "")


def linked_subgoals(ds: Dataset, row: pd.Series | None) -> pd.DataFrame:
    """The county plan's delmål a local plan links to (id, goal_id, text), in the row's
    order; empty without a plan."""
    subgoals = ds.plan.subgoals.set_index("id")
    if row is None or not row["exists"]:
        return pd.DataFrame(columns=["id", "goal_id", "text"])
    linked = [s for s in row["subgoal_ids"] if s in subgoals.index]
    return subgoals.loc[linked, ["goal_id", "text"]].reset_index()


def _standing(row: pd.Series | None, year: int) -> str:
    if row is None:
        return ""
    if not row["exists"]:
        return NO_PLAN
    adopted, valid = row["adopted"], row["valid_through"]
    if pd.notna(adopted) and adopted.year > year:
        return NO_PLAN  # adopted later: in that year there was none yet
    if pd.notna(valid) and valid < year:
        return EXPIRED
    return CURRENT


def _frame(ds: Dataset, raws: dict[str, str], labels: dict[str, str],
           details: dict[str, str]) -> pd.DataFrame:  # fmt: skip
    rows = []
    for code, name in zip(ds.municipalities["code"], ds.municipalities["name"], strict=True):
        row = plan_row(ds, code)
        raw = raws[code]
        rows.append({
            "code": code, "name": name, "raw": raw, "label": labels.get(raw, MISSING),
            "score": math.nan, "change_text": details[code],
            "source": SOURCE + (" (exempeldata)" if row is not None and row["is_example"]
                                else ""),
            "is_example": bool(row is not None and row["is_example"]),
            "subgoal_ids": tuple(row["subgoal_ids"]) if row is not None and row["exists"]
            else (),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def plan_status(ds: Dataset, year: int) -> pd.DataFrame:
    """Per municipality its local plan's standing in `year` (raw: a STATUS_LEVELS code, ''
    when the file says nothing about it) with a sentence on adoption and age (change_text,
    empty without a plan)."""
    raws, details = {}, {}
    for code in ds.municipalities["code"]:
        row = plan_row(ds, code)
        raws[code] = _standing(row, year)
        # without a plan the label says it all (and the map's tooltip needs no second line)
        details[code] = describe(row, year) if row is not None and row["exists"] else ""
    return _frame(ds, raws, dict(STATUS_LEVELS), details)


def in_force(ds: Dataset, actor: str, year: int) -> bool:
    return _standing(plan_row(ds, actor), year) == CURRENT


def coverage(ds: Dataset, subgoal_id: str, year: int | None = None) -> pd.DataFrame:
    """Per municipality whether a local plan in force in `year` (default: the latest year
    with values) takes up the delmål (raw: a COVERAGE_LEVELS code, '' when the file says
    nothing about the municipality)."""
    year = ds.years[-1] if year is None else year
    raws, details = {}, {}
    for code in ds.municipalities["code"]:
        row = plan_row(ds, code)
        standing = _standing(row, year)
        if row is None:
            raws[code] = ""
        elif standing != CURRENT:
            raws[code] = NO_PLAN
        else:
            raws[code] = COVERS if subgoal_id in row["subgoal_ids"] else NOT_COVERED
        details[code] = describe(row, year) if row is not None and row["exists"] else ""
    return _frame(ds, raws, dict(COVERAGE_LEVELS), details)


def linking(ds: Dataset, subgoal_id: str, year: int | None = None) -> list[str]:
    """The actors (codes or ids) whose local plan in force in `year` (default: the latest
    year with values) takes up the delmål."""
    plans = ds.local_plans
    if plans.empty:
        return []
    year = ds.years[-1] if year is None else year
    return [str(row["actor"]) for _, row in plans.iterrows()
            if _standing(row, year) == CURRENT and subgoal_id in row["subgoal_ids"]]  # fmt: skip


def in_force_count(ds: Dataset, year: int | None = None) -> int:
    plans = ds.local_plans
    year = ds.years[-1] if year is None else year
    return sum(_standing(row, year) == CURRENT for _, row in plans.iterrows())


def uncovered_gaps(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """comparison.gaps_to_subgoals with `covered`: True when the municipality's local plan in
    force in `year` takes up the delmål, False when that plan does not or none is in force;
    None when the file says nothing about the municipality (then nothing is claimed)."""
    gaps = comparison.gaps_to_subgoals(ds, code, year)
    row = plan_row(ds, code)
    if row is None:
        covered: list[bool | None] = [None] * len(gaps)
    else:
        linked = set(row["subgoal_ids"]) if _standing(row, year) == CURRENT else set()
        covered = [s in linked for s in gaps["subgoal_id"]]
        gaps = gaps.assign(is_example=gaps["is_example"] | bool(row["is_example"]))
    return gaps.assign(covered=pd.Series(covered, index=gaps.index, dtype=object))
