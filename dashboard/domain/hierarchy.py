"""The plan's hierarchy: national goal → delmål → activities, follow-up, indicators, actors.

Pure functions over a loaded Plan or Dataset (no Dash, no file access). Ids are the plan's
own strings ("2", "2.5"); unknown ids give None or empty frames, never an exception, because
they come from URLs.

Several plans may follow each other (ds.plans, ordered by period; docs/architecture.md,
"Flera planer"): delmål ids repeat across them, so every function that links the service's
indicators to delmål takes the plan (default: ds.plan, the newest).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
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


# --- which plan ------------------------------------------------------------------------------


def plan_label(plan: Plan) -> str:
    """'Handlingsplanen 2018–2026': how the service names a plan (its title is the plan's)."""
    return f"Handlingsplanen {plan.period[0]}–{plan.period[1]}"


def plan_by_id(ds: Dataset, plan_id: object) -> Plan | None:
    """The plan with this id (from a URL: anything else gives None)."""
    values = plan_id if isinstance(plan_id, list | tuple) else [plan_id]
    wanted = str(values[0]) if values and values[0] is not None else ""
    return next((p for p in ds.plans if p.id == wanted), None)


def plan_in_force(ds: Dataset, year: int) -> Plan | None:
    """The plan whose period contains the year (periods never overlap), or None."""
    return next((p for p in ds.plans if p.period[0] <= year <= p.period[1]), None)


def followed_plan(ds: Dataset) -> Plan:
    """The plan Uppföljning follows up unless asked for another: the one in force in the
    latest year with values, so a successor takes over once a year of it has values. Before
    every plan: the first; after one ended with none in force: the last that began."""
    if not ds.years:
        return ds.plan
    latest = ds.years[-1]
    in_force = plan_in_force(ds, latest)
    if in_force is not None:
        return in_force
    begun = [p for p in ds.plans if p.period[0] <= latest]
    return begun[-1] if begun else ds.plans[0]


def resolve_plan(ds: Dataset, params: Mapping[str, object], default: Plan | None = None) -> Plan:
    """The plan ?plan=<id> names, else `default` (else the newest, ds.plan)."""
    return plan_by_id(ds, params.get("plan")) or default or ds.plan


def followed_up_plan(ds: Dataset, params: Mapping[str, object]) -> Plan:
    """The plan Uppföljning shows: ?plan=<id>, else the one followed up now (followed_plan)."""
    return resolve_plan(ds, params, followed_plan(ds))


def is_catalogue_plan(plan: Plan) -> bool:
    """data/plan/: the plan whose goals are the catalogue's goal areas (malomrade) and the
    SOSFS 2014:4 areas; a later plan links indicators only through its delmål."""
    return plan.folder == "plan"


def linked_indicator_ids(plan: Plan, subgoal_id: object) -> set[str]:
    links = plan.indicator_links
    return set(links.loc[links["subgoal_id"] == str(subgoal_id), "indicator_id"])


def subgoals_by_indicator(plan: Plan) -> dict[str, tuple[str, ...]]:
    """indicator id -> the plan's delmål it measures, in the plan's link order."""
    linked: dict[str, tuple[str, ...]] = {}
    for indicator_id, subgoal_id in zip(plan.indicator_links["indicator_id"],
                                        plan.indicator_links["subgoal_id"], strict=True):  # fmt: skip
        linked[str(indicator_id)] = (*linked.get(str(indicator_id), ()), str(subgoal_id))
    return linked


def also_in(ds: Dataset, plan: Plan, indicator_id: str) -> list[tuple[Plan, tuple[str, ...]]]:
    """The other plans that follow up the same indicator, with their delmål: an indicator
    that continues across plans keeps its whole series (values belong to the indicator)."""
    return [(other, subgoals_by_indicator(other)[indicator_id]) for other in ds.plans
            if other is not plan and indicator_id in subgoals_by_indicator(other)]  # fmt: skip


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
    """Says that the delmål numbers are the service's, not the plan's (data/plan/'s; of a
    later plan only how they are numbered)."""
    ids = list(plan.subgoals["id"])
    span = f"{ids[0]}–{ids[-1]}" if ids else ""
    if not is_catalogue_plan(plan):
        return f"Delmålen ({span}) är numrerade efter det mål de hör till."
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


def indicators_for_subgoal(ds: Dataset, subgoal_id: object, plan: Plan | None = None
                           ) -> pd.DataFrame:  # fmt: skip
    """Catalogue indicators that measure a delmål of the plan (default the newest), in
    catalogue order: for data/plan/ indikatorer.csv's delmal column, for a later plan its
    indikatorkoppling.csv."""
    linked = linked_indicator_ids(plan or ds.plan, subgoal_id)
    return ds.indicators[ds.indicators["id"].isin(linked)].reset_index(drop=True)


def indicators_for_goal(ds: Dataset, goal_id: object, plan: Plan | None = None) -> pd.DataFrame:
    """Indicators tied to a goal: its goal area (data/plan/'s goals only), or a delmål under
    it. Headline ones first."""
    plan = plan or ds.plan
    own = set(subgoals_of(plan, goal_id)["id"])
    ind = ds.indicators
    linked = {i for s in own for i in linked_indicator_ids(plan, s)}
    area = (ind["goal_id"] == str(goal_id)) if is_catalogue_plan(plan) else False
    mask = area | ind["id"].isin(linked)
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
    """The county picture in one phrase, counted as Översikt's key figures count
    (domain.key_figures): a share of the municipalities WITH a value and a mean over them,
    the rest said apart ('0 av 1 kommun: Ja (7 saknar uppgift)', 'Snitt i länet 63 % (8
    kommuner)'), so no figure divides by municipalities that have not answered. Strategi's
    pages and the slides write it the same way."""
    ind = domain.indicator(ds, indicator_id)
    snap = domain.snapshot(ds, indicator_id, year)
    known = snap[snap["raw"] != ""]
    if domain.is_categorical(ind):
        known = known[known["score"].notna()]
    if known.empty and not domain.has_suppressed(snap):
        return f"{MISSING} för {year}"
    missing = len(snap) - len(known)
    tail = f" ({missing} saknar uppgift)" if missing else ""
    municipalities = f"{len(known)} {'kommun' if len(known) == 1 else 'kommuner'}"
    if domain.is_categorical(ind):
        top = _top_level(ds, ind)
        if top is None:
            return MISSING
        count = int((known["raw"] == top[0]).sum())
        return f"{count} av {municipalities}: {top[1]}{tail}"
    if ind["type"] == "andel":
        mean = format_percent(domain.county_mean(known))
        rests_on = f"{municipalities}, {missing} saknar uppgift" if missing else municipalities
        return f"Snitt i {ds.county.area} {mean} ({rests_on})"
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


def goal_status(ds: Dataset, goal_id: object, year: int, plan: Plan | None = None) -> GoalStatus:
    """A goal's status from its indicators: SOSFS compliance (its goal areas are data/plan/'s
    goals) and headline indicators (for a later plan: its own linked ones)."""
    goal_id = str(goal_id)
    plan = plan or ds.plan
    compliance_id = f"sosfs_mal{goal_id}"
    compliance, change = math.nan, ""
    if is_catalogue_plan(plan) and compliance_id in set(ds.indicators["id"]):
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
    tied = indicators_for_goal(ds, goal_id, plan)
    own_area = (tied["goal_id"] == goal_id) if is_catalogue_plan(plan) else True
    headline = tied[own_area & ~tied["is_criterion"] & (tied["derived"] == "")]
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


def hierarchy_frame(ds: Dataset, plan: Plan | None = None) -> pd.DataFrame:
    """The whole hierarchy as one table, one row per activity, indicator and actor and one
    row with the delmål's follow-up as the plan writes it (its INDIKATORER/UPPFÖLJNING cell).

    Swedish column names (EXPORT_COLUMNS); ids stay text ('2.10' must not become 2.1). A
    column says what is the plan's text and what the service chose (the indicators).
    """
    plan = plan or ds.plan
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
            inds = indicators_for_subgoal(ds, s["id"], plan)
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
