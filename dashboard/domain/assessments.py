"""Länsstyrelsens bedömning (issue #33): the Länsstyrelse's own written judgement per delmål
and year (data/bedomningar.csv, dashboard/data/assessments.py). Pure functions over a Dataset.

A person's judgement, never computed: it has its own status (uppnått, på väg, inte
påbörjat, underlaget räcker inte) and stands beside the verdict domain/progress.py computes from
the indicators (bättre, sämre …), never inside it; the views say so with HEADING and
WHO. For the six delmål without an indicator it is the only judgement there is.

    for_subgoal(ds, "2.4")                 # every year's assessment of a delmål, newest first
    latest(ds, "2.4", up_to_year=2025)     # the newest one (an Assessment) or None
    latest_per_subgoal(ds, 2025, 2018)     # delmål -> its newest assessment in 2018–2025
    status_counts(ds, 2025, 2018)          # how many delmål have each status then
    evidence(ds, assessment)               # what it rests on, with names (Evidence)

Used by the delmål page, Uppföljning and its download, and the follow-up report.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.assessments import STATUSES
from dashboard.data.loader import Dataset

HEADING = "Länsstyrelsens bedömning"
WHO = "skriven av Länsstyrelsen, inte beräknad"
NO_ASSESSMENT = "ingen"  # status_counts' key for delmål without an assessment
NO_ASSESSMENT_LABEL = "Ingen bedömning registrerad"
EXAMPLE_PREFIX = "Exempeltext:"  # how the shipped example assessments begin
# Evidence kinds, in the order they are listed.
INDICATOR, ACTIVITY, LOCAL_PLAN, DOCUMENT = "indikator", "aktivitet", "lokal_plan", "dokument"
EVIDENCE_LABELS = {INDICATOR: "Indikatorer", ACTIVITY: "Länsstyrelsens aktiviteter",
                   LOCAL_PLAN: "Lokala handlingsplaner", DOCUMENT: "Dokument"}  # fmt: skip


@dataclass(frozen=True)
class Assessment:
    """One year's assessment of one delmål; the evidence as the file lists it (ids)."""

    year: int
    subgoal_id: str
    status: str  # a STATUSES code
    status_label: str  # 'På väg'
    text: str
    indicator_ids: tuple[str, ...]
    activity_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]  # municipality codes or plan/aktorer.csv ids
    documents: tuple[str, ...]
    is_example: bool

    @property
    def has_evidence(self) -> bool:
        return bool(self.indicator_ids or self.activity_ids or self.actor_ids or self.documents)


@dataclass(frozen=True)
class Evidence:
    """One thing an assessment rests on. key: the indicator or activity id, the municipality
    code or actor id ('' for a document); goal_id, subgoal_id: where on the delmål pages it
    is shown (an indicator's or activity's first delmål; '' when it has no page there)."""

    kind: str  # INDICATOR, ACTIVITY, LOCAL_PLAN or DOCUMENT
    key: str
    name: str
    is_municipality: bool = False
    goal_id: str = ""
    subgoal_id: str = ""


def _as_assessment(row: pd.Series) -> Assessment:
    return Assessment(
        year=int(row["year"]), subgoal_id=str(row["subgoal_id"]), status=str(row["status"]),
        status_label=STATUSES[str(row["status"])], text=str(row["text"]),
        indicator_ids=tuple(row["indicator_ids"]), activity_ids=tuple(row["activity_ids"]),
        actor_ids=tuple(row["actor_ids"]), documents=tuple(row["documents"]),
        is_example=bool(row["is_example"]),
    )  # fmt: skip


def for_subgoal(ds: Dataset, subgoal_id: str) -> pd.DataFrame:
    """The delmål's assessments, every year, newest first, with status_label; empty (with
    the columns) when none is recorded."""
    frame = ds.assessments
    frame = frame[frame["subgoal_id"] == subgoal_id].sort_values("year", ascending=False)
    return frame.assign(status_label=frame["status"].map(STATUSES)).reset_index(drop=True)


def all_for_subgoal(ds: Dataset, subgoal_id: str) -> list[Assessment]:
    """for_subgoal as Assessments, newest first."""
    return [_as_assessment(row) for _, row in for_subgoal(ds, subgoal_id).iterrows()]


def latest(ds: Dataset, subgoal_id: str, up_to_year: int | None = None,
           from_year: int | None = None) -> Assessment | None:  # fmt: skip
    """The delmål's newest assessment in from_year..up_to_year (either end open when None),
    or None."""
    frame = for_subgoal(ds, subgoal_id)
    if up_to_year is not None:
        frame = frame[frame["year"] <= up_to_year]
    if from_year is not None:
        frame = frame[frame["year"] >= from_year]
    return None if frame.empty else _as_assessment(frame.iloc[0])


def latest_per_subgoal(ds: Dataset, up_to_year: int | None = None, from_year: int | None = None,
                       subgoal_ids: list[str] | None = None) -> dict[str, Assessment | None]:  # fmt: skip
    """Every delmål of the plan (or those given, e.g. another plan's), in order, with its
    newest assessment in the years given (None when it has none)."""
    ids = subgoal_ids if subgoal_ids is not None else [str(s) for s in ds.plan.subgoals["id"]]
    return {s: latest(ds, s, up_to_year, from_year) for s in ids}


def status_counts(ds: Dataset, up_to_year: int | None = None, from_year: int | None = None,
                  subgoal_ids: list[str] | None = None) -> dict[str, int]:  # fmt: skip
    """How many of the plan's delmål (or those given) have each status as their newest
    assessment in the years given: every STATUSES code in order, then NO_ASSESSMENT for those
    without one. The counts add up to the number of delmål. Never part of
    progress.verdict_counts."""
    counts = dict.fromkeys([*STATUSES, NO_ASSESSMENT], 0)
    for item in latest_per_subgoal(ds, up_to_year, from_year, subgoal_ids).values():
        counts[item.status if item is not None else NO_ASSESSMENT] += 1
    return counts


def status_label(code: str) -> str:
    """'pa_vag' -> 'På väg'; NO_ASSESSMENT -> 'Ingen bedömning registrerad'."""
    return STATUSES.get(code, NO_ASSESSMENT_LABEL)


def _first_subgoal(ds: Dataset, subgoal_ids: tuple[str, ...] | list[str],
                   prefer: str | None) -> tuple[str, str]:  # fmt: skip
    """(goal id, delmål id) of the delmål page to point to: `prefer` when it is among the
    ids, else the first known one; ('', '') when none."""
    goals = dict(zip(ds.plan.subgoals["id"], ds.plan.subgoals["goal_id"], strict=True))
    known = [s for s in subgoal_ids if s in goals]
    if not known:
        return "", ""
    chosen = prefer if prefer in known else known[0]
    return str(goals[chosen]), str(chosen)


def evidence(ds: Dataset, item: Assessment, on_subgoal: str | None = None) -> list[Evidence]:
    """What the assessment rests on, with names: indicators, activities, local plans (the
    actors), documents, in that order and each in the file's order. `on_subgoal`: the delmål
    whose page shows it, preferred as the page an indicator or activity points to."""
    indicators = ds.indicators.set_index("id")
    activities = ds.activities.set_index("id") if not ds.activities.empty else None
    municipalities = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    actors = dict(zip(ds.plan.actors["id"], ds.plan.actors["name"], strict=True))
    found = []
    for key in item.indicator_ids:
        ind = indicators.loc[key]
        goal_id, subgoal_id = _first_subgoal(ds, ind["subgoal_ids"], on_subgoal)
        found.append(Evidence(INDICATOR, key, str(ind["name"]), goal_id=goal_id,
                              subgoal_id=subgoal_id))  # fmt: skip
    for key in item.activity_ids:
        if activities is None or key not in activities.index:
            found.append(Evidence(ACTIVITY, key, key))
            continue
        act = activities.loc[key]
        goal_id, subgoal_id = _first_subgoal(ds, act["subgoal_ids"], on_subgoal)
        found.append(Evidence(ACTIVITY, key, f"{act['title']} ({int(act['year'])})",
                              goal_id=goal_id, subgoal_id=subgoal_id))  # fmt: skip
    for key in item.actor_ids:
        found.append(Evidence(LOCAL_PLAN, key, str(municipalities.get(key, actors.get(key, key))),
                              is_municipality=key in municipalities))  # fmt: skip
    found += [Evidence(DOCUMENT, "", name) for name in item.documents]
    return found


def evidence_text(ds: Dataset, item: Assessment) -> str:
    """The evidence as one line of text (downloads, documents): 'Indikatorer: … ; Dokument: …',
    or '' when none is given."""
    groups: dict[str, list[str]] = {}
    for part in evidence(ds, item):
        groups.setdefault(part.kind, []).append(part.name)
    return "; ".join(f"{EVIDENCE_LABELS[kind]}: {', '.join(names)}"
                     for kind, names in groups.items())  # fmt: skip


def short_text(text: str, limit: int = 160) -> str:
    """The judgement cut at a word before `limit` characters, with '…' when cut."""
    clean = " ".join(str(text).split())
    if len(clean) <= limit:
        return clean
    cut = clean[:limit].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + " …"
