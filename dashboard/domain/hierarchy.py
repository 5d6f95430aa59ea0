"""The plan's hierarchy: national goal → delmål → activities, follow-up, indicators, actors.

Pure functions over a loaded Plan or Dataset (no Dash, no file access). Ids are the plan's
own strings ("2", "2.5"); unknown ids give None or empty frames, never an exception, because
they come from URLs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard import domain
from dashboard.data.loader import Dataset, Plan
from dashboard.domain.formatting import MISSING, format_change, format_number, format_percent

# Disclosure control (röjandeskydd) for indicators marked so in the catalogue: counts from 1 up
# to this limit are not shown per municipality. Zero and county totals are shown.

TYPE_ACTIVITY = "Aktivitet"
TYPE_FOLLOWUP = "Uppföljning"
TYPE_INDICATOR = "Indikator"
TYPE_ACTOR = "Regional aktör"
EXPORT_COLUMNS = [
    "Mål", "Målets namn", "Delmål", "Delmålets text", "Typ", "Nr", "Text", "Ur planen eller tjänsten",
    "Indikatorns källa",
]  # fmt: skip
FROM_PLAN = "Planens text"
FROM_SERVICE = "Tjänstens val"
FROM_SERVICE_ACTOR = "Nämns i planens aktiviteter för delmålet"


# --- the plan --------------------------------------------------------------------------------


def goals(plan: Plan) -> pd.DataFrame:
    """The national strategy's goals in the plan's order: id, name."""
    return plan.goals.reset_index(drop=True)


def goal(plan: Plan, goal_id: object) -> pd.Series | None:
    rows = plan.goals[plan.goals["id"] == str(goal_id)]
    return None if rows.empty else rows.iloc[0]


def goal_label(goal_id: object) -> str:
    return f"Mål {goal_id}"


def subgoal_label(subgoal_id: object) -> str:
    return f"Delmål {subgoal_id}"


def subgoals_of(plan: Plan, goal_id: object) -> pd.DataFrame:
    """A goal's delmål in the plan's order: id, goal_id, text (empty for an unknown goal)."""
    return plan.subgoals[plan.subgoals["goal_id"] == str(goal_id)].reset_index(drop=True)


def subgoal(plan: Plan, subgoal_id: object, goal_id: object = None) -> pd.Series | None:
    """The delmål row; None if unknown or (when goal_id is given) under another goal."""
    rows = plan.subgoals[plan.subgoals["id"] == str(subgoal_id)]
    if rows.empty:
        return None
    row = rows.iloc[0]
    if goal_id is not None and row["goal_id"] != str(goal_id):
        return None
    return row


def _numbered(frame: pd.DataFrame, subgoal_id: object) -> list[str]:
    rows = frame[frame["subgoal_id"] == str(subgoal_id)].sort_values("number")
    return [str(t) for t in rows["text"]]


def activities_of(plan: Plan, subgoal_id: object) -> list[str]:
    """The plan's example activities for a delmål, in order."""
    return _numbered(plan.activities, subgoal_id)


def followups_of(plan: Plan, subgoal_id: object) -> list[str]:
    """The plan's follow-up sources (INDIKATORER/UPPFÖLJNING) for a delmål, in order."""
    return _numbered(plan.followups, subgoal_id)


def followup_text(plan: Plan, subgoal_id: object) -> str:
    """The delmål's INDIKATORER/UPPFÖLJNING cell word for word, as the plan prints it: the
    sources in order, separated by commas, with a full stop ('' if the plan names none).

    uppfoljning.csv keeps one source a row, each as the plan writes it (lower case where the
    plan continues a list), so joining them gives back the plan's sentence."""
    items = [t.strip().rstrip(".") for t in followups_of(plan, subgoal_id) if t.strip()]
    return ", ".join(items) + "." if items else ""


def followed_up_through(plan: Plan, subgoal_id: object) -> str:
    """'Följs upp genom Länsstyrelsens matris för årsredovisning till regeringen.': the plan's
    follow-up for a delmål as one sentence, its words unchanged."""
    text = followup_text(plan, subgoal_id)
    return f"Följs upp genom {text}" if text else "Planen anger ingen uppföljning för delmålet."


def numbering_note(plan: Plan) -> str:
    """Says that the delmål numbers are the service's, not the plan's."""
    ids = list(plan.subgoals["id"])
    span = f"{ids[0]}–{ids[-1]}" if ids else ""
    return (
        f"Numreringen av delmålen ({span}) är tjänstens; planen numrerar inte sina delmål. "
        "Planens ”delmål 1–6” är de jämställdhetspolitiska delmålen, inte de här."
    )


# How the service's own indicators are presented beside the plan's follow-up: which
# indicator measures which delmål is the service's choice; the plan names only sources.
SERVICE_INDICATORS = "Tjänstens indikatorer (tjänstens val, inte planens)"
NO_SERVICE_INDICATOR = (
    "Tjänsten har ingen egen indikator för delmålet och kan därför inte bedöma utvecklingen "
    "med siffror."
)


def actors_for_subgoal(plan: Plan, subgoal_id: object) -> pd.DataFrame:
    """Regional actors whose named activities belong to the delmål: id, name, description."""
    mask = plan.actors["subgoal_ids"].map(lambda ids: str(subgoal_id) in ids)
    return plan.actors[mask].reset_index(drop=True)


# --- indicators ------------------------------------------------------------------------------


def indicators_for_subgoal(ds: Dataset, subgoal_id: object) -> pd.DataFrame:
    """Catalogue indicators that measure a delmål (its id in the indicator's delmål list)."""
    mask = ds.indicators["subgoal_ids"].map(lambda ids: str(subgoal_id) in ids)
    return ds.indicators[mask].reset_index(drop=True)


def indicators_for_goal(ds: Dataset, goal_id: object) -> pd.DataFrame:
    """Indicators tied to a goal: its goal area, or a delmål under it. Headline ones first."""
    own = set(subgoals_of(ds.plan, goal_id)["id"])
    ind = ds.indicators
    mask = (ind["goal_id"] == str(goal_id)) | ind["subgoal_ids"].map(
        lambda ids: bool(own & set(ids))
    )
    chosen = ind[mask]
    order = chosen["is_criterion"].astype(int) * 2 - (chosen["derived"] == "kriterier").astype(int)
    return (
        chosen.assign(_o=order)
        .sort_values("_o", kind="stable")
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def latest_year(ds: Dataset) -> int:
    """The year the plan's pages (Strategi) show: the latest complete one, as every page
    opens on (a year not every municipality has answered for yet is preliminary)."""
    return domain.latest_complete_year(ds)


def picture(ds: Dataset, indicator_id: str, year: int) -> pd.DataFrame:
    """The county picture of an indicator in a year: domain.snapshot plus disclosure control.

    Adds `shown_score` (NaN when hidden or missing) and `shown_label` (what a person may see).
    """
    # Disclosure control is applied once, in domain.snapshot: hidden counts arrive with no
    # score and the label "Färre än N".
    snap = domain.snapshot(ds, indicator_id, year)
    return snap.assign(shown_score=snap["score"], shown_label=snap["label"])


def _top_level(ds: Dataset, ind: pd.Series) -> tuple[str, str] | None:
    """(code, label) of the best step of a categorical scale, if higher is better."""
    levels = domain.scale_levels(ds, ind["scale"]).dropna(subset=["order"])
    if levels.empty:
        return None
    row = levels.iloc[-1] if ind["higher_is_better"] is not False else levels.iloc[0]
    return str(row["code"]), str(row["label"])


def indicator_summary(ds: Dataset, indicator_id: str, year: int) -> str:
    """The county picture in one phrase: '6 av 8 kommuner: Ja', 'Snitt i länet 63 %'."""
    ind = domain.indicator(ds, indicator_id)
    snap = domain.snapshot(ds, indicator_id, year)
    n = len(snap)
    known = snap[snap["raw"] != ""]
    if domain.is_categorical(ind):
        known = known[known["score"].notna()]
    if known.empty and not domain.has_suppressed(snap):
        return f"{MISSING} för {year}"
    missing = n - len(known)
    tail = f" (uppgift saknas för {missing})" if missing else ""
    if domain.is_categorical(ind):
        top = _top_level(ds, ind)
        if top is None:
            return MISSING
        count = int((known["raw"] == top[0]).sum())
        return f"{count} av {n} kommuner: {top[1]}{tail}"
    if ind["type"] == "andel":
        return f"Snitt i {ds.county.area} {format_percent(domain.county_mean(known))}{tail}"
    if domain.has_suppressed(snap):  # a total only where it gives no hidden count away (/om)
        total = domain.county_total_of(ds, indicator_id, year)
        if not math.isnan(total):
            unit = f"\u00a0{ind['unit']}" if ind["unit"] else ""
            return (f"Totalt i {ds.county.area} {format_number(total, 0)}{unit} (små antal "
                    "visas inte per kommun, röjandeskydd)")  # fmt: skip
        return (
            f"{ds.county.words.its.capitalize()} totalt visas inte, eftersom kommuner med färre än "
            f"{domain.suppression_threshold()} döljs (röjandeskydd)"
        )
    total = float(known["score"].sum())
    decimals = 0 if ind["type"] == "antal" else 2
    unit = f"\u00a0{ind['unit']}" if ind["unit"] else ""
    return f"Totalt i {ds.county.area} {format_number(total, decimals)}{unit}{tail}"


@dataclass(frozen=True)
class StatusLine:
    indicator_id: str
    label: str
    value: str


@dataclass(frozen=True)
class GoalStatus:
    goal_id: str
    year: int
    compliance: float  # county mean SOSFS compliance in the goal area, NaN if none
    compliance_text: str  # '63 %' or 'Uppgift saknas'
    compliance_change: str  # '+4 procentenheter sedan 2024' or ''
    lines: list[StatusLine]  # the goal area's headline indicators
    indicator_count: int  # indicators tied to the goal, criteria included


def goal_status(ds: Dataset, goal_id: object, year: int) -> GoalStatus:
    """A goal's status from its indicators: SOSFS compliance and headline indicators."""
    goal_id = str(goal_id)
    compliance_id = f"sosfs_mal{goal_id}"
    compliance, change = math.nan, ""
    if compliance_id in set(ds.indicators["id"]):
        compliance = domain.county_mean(domain.snapshot(ds, compliance_id, year))
        if year - 1 in ds.years:
            before = domain.county_mean(domain.snapshot(ds, compliance_id, year - 1))
            if not (math.isnan(compliance) or math.isnan(before)):
                delta = format_change(compliance - before, "procentenheter")
                change = (
                    f"oförändrat sedan {year - 1}"
                    if delta.startswith("±")
                    else f"{delta} sedan {year - 1}"
                )
    tied = indicators_for_goal(ds, goal_id)
    headline = tied[(tied["goal_id"] == goal_id) & ~tied["is_criterion"] & (tied["derived"] == "")]
    lines = [
        StatusLine(r["id"], r["name"], indicator_summary(ds, r["id"], year))
        for _, r in headline.iterrows()
    ]
    return GoalStatus(
        goal_id=goal_id,
        year=year,
        compliance=compliance,
        compliance_text=format_percent(compliance),
        compliance_change=change,
        lines=lines,
        indicator_count=len(tied),
    )


# --- export ----------------------------------------------------------------------------------


def hierarchy_frame(ds: Dataset) -> pd.DataFrame:
    """The whole hierarchy as one table, one row per activity, indicator and actor and one
    row with the delmål's follow-up as the plan writes it (its INDIKATORER/UPPFÖLJNING cell).

    Swedish column names (EXPORT_COLUMNS); ids stay text ('2.10' must not become 2.1). A
    column says what is the plan's text and what the service chose (the indicators).
    """
    plan = ds.plan
    rows: list[list[str]] = []
    for _, g in goals(plan).iterrows():
        for _, s in subgoals_of(plan, g["id"]).iterrows():
            base = [str(g["id"]), str(g["name"]), str(s["id"]), str(s["text"])]
            rows += [
                [*base, TYPE_ACTIVITY, str(i), t, FROM_PLAN, ""]
                for i, t in enumerate(activities_of(plan, s["id"]), start=1)
            ]
            followup = followup_text(plan, s["id"])
            if followup:
                rows.append([*base, TYPE_FOLLOWUP, "1", followup, FROM_PLAN, ""])
            inds = indicators_for_subgoal(ds, s["id"])
            rows += [
                [*base, TYPE_INDICATOR, str(i), str(r["name"]), FROM_SERVICE, str(r["source"])]
                for i, (_, r) in enumerate(inds.iterrows(), start=1)
            ]
            actors = actors_for_subgoal(plan, s["id"])
            rows += [
                [*base, TYPE_ACTOR, str(i), str(r["name"]), FROM_SERVICE_ACTOR, ""]
                for i, (_, r) in enumerate(actors.iterrows(), start=1)
            ]
    return pd.DataFrame(rows, columns=EXPORT_COLUMNS, dtype=object)
