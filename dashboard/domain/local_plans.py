"""The plan's third level (issues #20, #33): the actors' local action plans over time, read
from data/lokala_handlingsplaner.csv, and the Länsstyrelse's process support to the actors
writing them (data/processtod.csv). Pure functions over a Dataset.

An actor (a municipality, or an actor of plan/aktorer.csv such as Region Kronoberg) may have
had several plans. What counts in a year is the plan *in force* that year (`in_force_row`):
it applies from `galler_fran` (by default the year it was adopted) through `galler_till`
(open when empty); when two overlap, the one adopted latest counts. So a plan adopted in 2023
does not count in 2021, and one that ran out in 2025 does not count in 2026.

A row `finns = nej` says the actor is known to have no plan. Beside plan rows of the same
actor it changes nothing in the years a plan is in force; in the other years the actor has
no plan in force either way. It matters for an actor without any plan row: such an actor
shows as "Ingen lokal plan" rather than "Uppgift saknas".

The county's own plan asks the actors to link their plans to its delmål; these functions say,
per actor and year, which plan is in force, which delmål it takes up, and which of a
municipality's unmet SOSFS criteria fall under delmål its plan does not take up ("brist som den
lokala planen inte tar upp").
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from dashboard.data.loader import Dataset, Plan
from dashboard.domain import comparison, hierarchy
from dashboard.domain.formatting import MISSING

# Coverage of one delmål (the delmål page's map), in the order of the legend.
COVERS, NOT_COVERED, NO_PLAN = "tar_upp", "tar_inte_upp", "ingen_plan"
COVERAGE_LEVELS = (
    (COVERS, "Gällande lokal plan som tar upp delmålet"),
    (NOT_COVERED, "Gällande lokal plan som inte tar upp delmålet"),
    (NO_PLAN, "Ingen gällande lokal plan"),
)
# An actor's standing in a year (Översikt's layer), in the order of the legend.
CURRENT, EXPIRED = "gallande", "utgangen"
STATUS_LEVELS = (
    (CURRENT, "Gällande lokal plan"),
    (EXPIRED, "Planen har gått ut"),
    (NO_PLAN, "Ingen lokal plan"),
)
# One plan's standing in a year (an actor's history): CURRENT, EXPIRED or these.
NOT_YET, SUPERSEDED = "ej_antagen", "ersatt"
SOURCE = "Länsstyrelsens sammanställning av kommunernas lokala handlingsplaner"
PROCESS_SUPPORT_SOURCE = "Länsstyrelsens egna uppgifter om processtöd till lokala handlingsplaner"
COLUMNS = ["code", "name", "raw", "label", "score", "change_text", "source", "is_example",
           "subgoal_ids"]  # fmt: skip
HISTORY_COLUMNS = ["actor", "name", "adopted", "adopted_by", "start", "end", "subgoal_ids",
                   "standing", "standing_text", "note", "is_example"]  # fmt: skip


# --- the plans and their validity ----------------------------------------------------------


def validity(row: pd.Series) -> tuple[int | None, int | None]:
    """(first year, last year) a plan applies: galler_fran, else the year it was adopted;
    galler_till. None where open (no date at all: it counts from the start, as it always
    did; no end: it runs until a later plan replaces it)."""
    given, adopted, end = row.get("valid_from", pd.NA), row["adopted"], row["valid_through"]
    if pd.notna(given):
        start: int | None = int(given)
    else:
        start = int(adopted.year) if pd.notna(adopted) else None
    return start, (int(end) if pd.notna(end) else None)


@lru_cache(maxsize=8)
def _plans(ds: Dataset) -> pd.DataFrame:
    """The rows that are plans (finns = ja), with `start` and `end` (validity; <NA> when open),
    in the file's order."""
    plans = ds.local_plans
    if plans.empty:
        return plans.assign(start=pd.Series(dtype="Int64"), end=pd.Series(dtype="Int64"))
    plans = plans[plans["exists"]]
    spans = [validity(row) for _, row in plans.iterrows()]
    return plans.assign(start=pd.array([s for s, _ in spans], dtype="Int64"),
                        end=pd.array([e for _, e in spans], dtype="Int64"))  # fmt: skip


@lru_cache(maxsize=64)
def _in_force(ds: Dataset, year: int) -> pd.DataFrame:
    """One row per actor with a plan in force in `year` (the latest adopted when several
    overlap), in the file's order. Cached: a page asks per municipality (not to be changed)."""
    plans = _plans(ds)
    if plans.empty:
        return plans
    on = (plans["start"].isna() | (plans["start"] <= year)) & (
        plans["end"].isna() | (plans["end"] >= year))  # fmt: skip
    current = plans[on.astype(bool)]
    latest = current.sort_values("adopted", na_position="first", kind="stable")
    return latest.drop_duplicates("actor", keep="last").sort_index()


@lru_cache(maxsize=64)
def _current(ds: Dataset, year: int) -> dict[str, pd.Series]:
    return {str(row["actor"]): row for _, row in _in_force(ds, year).iterrows()}


@lru_cache(maxsize=8)
def _by_actor(ds: Dataset) -> dict[str, tuple[list[pd.Series], list[pd.Series]]]:
    """Per actor with a row: (its plans, first adopted first; its 'finns: nej' rows). Built
    once, so the pages' per-municipality questions are dictionary lookups (290 of them for
    all of Sweden's municipalities), not a filter of the whole file each."""
    plans = _plans(ds)
    result: dict[str, tuple[list[pd.Series], list[pd.Series]]] = {}
    if ds.local_plans.empty:
        return result  # no rows at all (an empty file, or a test's frame without columns)
    for _, row in plans.sort_values("adopted", na_position="first", kind="stable").iterrows():
        result.setdefault(str(row["actor"]), ([], []))[0].append(row)
    for _, row in ds.local_plans[~ds.local_plans["exists"]].iterrows():
        result.setdefault(str(row["actor"]), ([], []))[1].append(row)
    return result


def in_force_row(ds: Dataset, actor: str, year: int) -> pd.Series | None:
    """The actor's plan in force in `year`: start ≤ year ≤ end (start: galler_fran, else the
    adoption year; end: galler_till, open when empty), the latest adopted when several
    overlap; None when no plan of the actor is in force that year."""
    return _current(ds, year).get(actor)


def plan_row(ds: Dataset, actor: str, year: int | None = None) -> pd.Series | None:
    """The row that speaks for the actor in `year`: the plan in force then; else its latest
    plan that had run out by then; else its 'finns: nej' row; else its first plan, adopted
    later. Without a year: its latest adopted plan, else its 'finns: nej' row. None when the
    file says nothing about the actor."""
    if actor not in _by_actor(ds):
        return None
    plans, no_plan = _by_actor(ds)[actor]
    if year is None:
        return plans[-1] if plans else no_plan[0]
    current = in_force_row(ds, actor, year)
    if current is not None:
        return current
    ended = [p for p in plans if pd.notna(p["end"]) and p["end"] < year]
    if ended:
        return ended[-1]
    return no_plan[0] if no_plan else plans[0]


def actor_name(ds: Dataset, actor: str) -> str:
    """A municipality's name or a plan actor's name (plan/aktorer.csv); the id otherwise."""
    names = dict(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))
    names |= dict(zip(ds.plan.actors["id"], ds.plan.actors["name"], strict=True))
    return str(names.get(actor, actor))


join_names = comparison.join_names  # 'A', 'A och B', 'A, B och C': for the pages' sentences


def is_municipality(ds: Dataset, actor: str) -> bool:
    return actor in set(ds.municipalities["code"])


# --- one plan in words ---------------------------------------------------------------------


def _validity_text(row: pd.Series) -> str:
    """', gäller till 2026.' (from the adoption year) or ', gäller 2024–2027.'."""
    start, end = validity(row)
    explicit = pd.notna(row.get("valid_from", pd.NA))
    if explicit and end is not None:
        return f", gäller {start}–{end}."
    if explicit:
        return f", gäller från {start}, inget slutår angivet."
    return f", gäller till {end}." if end is not None else ", inget slutår angivet."


def describe(row: pd.Series | None, year: int | None = None) -> str:
    """'Antagen 2023-10-05 av Kommunstyrelsen, gäller till 2026.' and, given `year`, how old
    the plan was that year, or that it had not come or had run out."""
    if row is None:
        return "Ingen uppgift om lokal handlingsplan."
    if not row["exists"]:
        return "Ingen lokal handlingsplan."
    adopted = row["adopted"]
    if pd.notna(adopted):
        by = f" av {row['adopted_by']}" if str(row["adopted_by"] or "").strip() else ""
        text = f"Antagen {adopted:%Y-%m-%d}{by}"
    else:
        text = "Antagningsdatum saknas"
    text += _validity_text(row)
    start, end = validity(row)
    if year is None or pd.isna(adopted):
        return text
    if adopted.year > year:
        return text + f" Planen fanns ännu inte {year}."
    if start is not None and start > year:
        return text + f" Planen gällde ännu inte {year}."
    if end is not None and end < year:
        return text + f" Planen hade gått ut {year}."
    age = year - adopted.year
    return text + (f" Planen var {age} år gammal i slutet av {year}." if age else "")


def year_text(ds: Dataset, actor: str, year: int) -> str:
    """The first words on the actor's local plan in `year`. With a plan in force:
    describe(). In a year no plan is in force, that first ('Ingen lokal plan gällde 2022.'),
    then the plan before and the one after: 'Den förra gällde till 2021; en ny antogs
    2022-11-21 och gäller från 2023.' — never the run-out plan's words as if it applied."""
    row = plan_row(ds, actor, year)
    if row is None or not row["exists"] or in_force(ds, actor, year):
        return describe(row, year)
    plans = _by_actor(ds)[actor][0]
    ended = [p for p in plans if pd.notna(p["end"]) and p["end"] < year]
    coming = [p for p in plans if pd.notna(p["start"]) and p["start"] > year]
    text = f"Ingen lokal plan gällde {year}."
    after = ""
    if coming:
        nxt = coming[0]
        when = f"antogs {nxt['adopted']:%Y-%m-%d} och " if pd.notna(nxt["adopted"]) else ""
        after = f"{when}gäller från {int(nxt['start'])}"
    if ended:
        text += f" Den förra gällde till {int(ended[-1]['end'])}"
        return text + (f"; en ny {after}." if after else ".")
    return text + (f" Den första planen {after}." if after else "")


def county_plan_of(ds: Dataset, row: pd.Series) -> Plan:
    """The county plan a local plan's delmål belong to: the one in force when the local plan
    began (a plan of 2028 links to the successor's delmål, one of 2021 to 2018–2026's); the
    catalogue's plan when that is unknown or no plan was in force."""
    start, _ = validity(row)
    in_force = None if start is None else hierarchy.plan_in_force(ds, start)
    return in_force or ds.catalogue_plan


def linked_subgoals(ds: Dataset, row: pd.Series | None) -> pd.DataFrame:
    """The county plan's delmål a local plan links to (id, goal_id, text), in the row's
    order; empty without a plan."""
    if row is None or not row["exists"]:
        return pd.DataFrame(columns=["id", "goal_id", "text"])
    subgoals = county_plan_of(ds, row).subgoals.set_index("id")
    linked = [s for s in row["subgoal_ids"] if s in subgoals.index]
    return subgoals.loc[linked, ["goal_id", "text"]].reset_index()


# --- per actor and year ----------------------------------------------------------------------


def standing(ds: Dataset, actor: str, year: int) -> str:
    """The actor's standing in `year`: CURRENT (a plan in force), EXPIRED (none in force, and
    one had run out by then), NO_PLAN (none yet, or 'finns: nej'); '' when the file says
    nothing about the actor."""
    if actor not in _by_actor(ds):
        return ""
    if in_force_row(ds, actor, year) is not None:
        return CURRENT
    plans = _by_actor(ds)[actor][0]
    return EXPIRED if any(pd.notna(p["end"]) and p["end"] < year for p in plans) else NO_PLAN


def in_force(ds: Dataset, actor: str, year: int) -> bool:
    return in_force_row(ds, actor, year) is not None


def _frame(ds: Dataset, year: int, raws: dict[str, str], labels: dict[str, str],
           details: dict[str, str]) -> pd.DataFrame:  # fmt: skip
    rows = []
    for code, name in zip(ds.municipalities["code"], ds.municipalities["name"], strict=True):
        row = plan_row(ds, code, year)
        current = in_force_row(ds, code, year)
        example = bool(row is not None and row["is_example"])
        rows.append({
            "code": code, "name": name, "raw": raws[code], "label": labels.get(raws[code], MISSING),
            "score": math.nan, "change_text": details[code],
            "source": SOURCE + (" (exempeldata)" if example else ""), "is_example": example,
            "subgoal_ids": tuple(current["subgoal_ids"]) if current is not None else (),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def _details(ds: Dataset, code: str, year: int) -> str:
    # without a plan the label says it all (and the map's tooltip needs no second line)
    row = plan_row(ds, code, year)
    if row is None or not row["exists"]:
        return ""
    text = describe(row, year)
    if in_force_row(ds, code, year) is None:  # run out: say when a plan adopted by then starts
        waiting = [p for p in _by_actor(ds)[code][0] if pd.notna(p["adopted"])
                   and p["adopted"].year <= year and pd.notna(p["start"])
                   and p["start"] > year]  # fmt: skip
        if waiting and waiting[-1] is not row:
            text += (f" En ny plan antogs {waiting[-1]['adopted']:%Y-%m-%d} och gäller från "
                     f"{int(waiting[-1]['start'])}.")  # fmt: skip
    return text


def plan_status(ds: Dataset, year: int) -> pd.DataFrame:
    """Per municipality its standing in `year` (raw: a STATUS_LEVELS code, '' when the file
    says nothing about it) with a sentence on the plan that speaks for that year (change_text,
    empty without a plan)."""
    codes = list(ds.municipalities["code"])
    raws = {code: standing(ds, code, year) for code in codes}
    details = {code: _details(ds, code, year) for code in codes}
    return _frame(ds, year, raws, dict(STATUS_LEVELS), details)


def coverage(ds: Dataset, subgoal_id: str, year: int | None = None) -> pd.DataFrame:
    """Per municipality whether its local plan in force in `year` (default: the latest year
    with values) takes up the delmål (raw: a COVERAGE_LEVELS code, '' when the file says
    nothing about the municipality)."""
    year = ds.years[-1] if year is None else year
    raws, details = {}, {}
    for code in ds.municipalities["code"]:
        current = in_force_row(ds, code, year)
        if plan_row(ds, code) is None:
            raws[code] = ""
        elif current is None:
            raws[code] = NO_PLAN
        else:
            raws[code] = COVERS if subgoal_id in current["subgoal_ids"] else NOT_COVERED
        details[code] = _details(ds, code, year)
    return _frame(ds, year, raws, dict(COVERAGE_LEVELS), details)


def linking(ds: Dataset, subgoal_id: str, year: int | None = None) -> list[str]:
    """The actors (codes or ids) whose local plan in force in `year` (default: the latest
    year with values) takes up the delmål, in the file's order."""
    year = ds.years[-1] if year is None else year
    current = _in_force(ds, year)
    return [str(row["actor"]) for _, row in current.iterrows()
            if subgoal_id in row["subgoal_ids"]]  # fmt: skip


def in_force_count(ds: Dataset, year: int | None = None) -> int:
    """How many actors (municipalities and others) have a plan in force in `year` (default:
    the latest year with values)."""
    year = ds.years[-1] if year is None else year
    return len(_in_force(ds, year))


def municipalities_in_force(ds: Dataset, year: int) -> int:
    """How many municipalities have a local plan in force in `year`: the denominator the
    delmål page and Uppföljning share (other actors' plans are named beside it, #33)."""
    current = _in_force(ds, year)
    return 0 if current.empty else sum(is_municipality(ds, str(a)) for a in current["actor"])


def start_years(ds: Dataset) -> list[int]:
    """The years local plans start to apply (galler_fran, else adopted), oldest first."""
    plans = _plans(ds)
    return sorted({int(y) for y in plans["start"].dropna()}) if not plans.empty else []


def uncovered_gaps(ds: Dataset, code: str, year: int) -> pd.DataFrame:
    """comparison.gaps_to_subgoals with `covered`: True when the municipality's local plan in
    force in `year` takes up the delmål, False when that plan does not or none is in force;
    None when the file says nothing about the municipality (then nothing is claimed)."""
    gaps = comparison.gaps_to_subgoals(ds, code, year)
    row = plan_row(ds, code, year)
    if row is None:
        covered: list[bool | None] = [None] * len(gaps)
    else:
        current = in_force_row(ds, code, year)
        linked = set(current["subgoal_ids"]) if current is not None else set()
        covered = [s in linked for s in gaps["subgoal_id"]]
        gaps = gaps.assign(is_example=gaps["is_example"] | bool(row["is_example"]))
    return gaps.assign(covered=pd.Series(covered, index=gaps.index, dtype=object))


# --- history --------------------------------------------------------------------------------


def _standing_text(code: str, plan: pd.Series, year: int) -> str:
    if code == NOT_YET and pd.notna(plan["adopted"]) and plan["adopted"].year <= year:
        return f"Antagen, gäller från {int(plan['start'])}"  # adopted late in the year before
    return {CURRENT: f"Gäller {year}", EXPIRED: "Har gått ut", NOT_YET: "Ännu inte antagen",
            SUPERSEDED: f"Ersatt {year} av en senare plan"}[code]  # fmt: skip


def _plan_standing(plan: pd.Series, current: pd.Series | None, year: int) -> str:
    start, end = int(plan["start"]) if pd.notna(plan["start"]) else None, plan["end"]
    if start is not None and start > year:
        return NOT_YET
    if pd.notna(end) and end < year:
        return EXPIRED
    return CURRENT if current is not None and current.name == plan.name else SUPERSEDED


def history(ds: Dataset, actor: str, year: int) -> pd.DataFrame:
    """The actor's plans over time, first adopted first (HISTORY_COLUMNS): adopted (date or
    NaT), by whom, valid start and end (<NA> when open), the delmål, and each plan's standing
    in `year`: CURRENT ('Gäller 2024'), EXPIRED ('Har gått ut'), NOT_YET ('Ännu inte
    antagen': it applies from a later year) or SUPERSEDED (a later plan is in force). Empty
    when the actor has no plan row."""
    plans = _by_actor(ds).get(actor, ([], []))[0]
    current = in_force_row(ds, actor, year)
    rows = []
    for plan in plans:
        code = _plan_standing(plan, current, year)
        rows.append({"actor": actor, "name": actor_name(ds, actor), "adopted": plan["adopted"],
                     "adopted_by": plan["adopted_by"], "start": plan["start"],
                     "end": plan["end"], "subgoal_ids": tuple(plan["subgoal_ids"]),
                     "standing": code, "standing_text": _standing_text(code, plan, year),
                     "note": plan["note"], "is_example": bool(plan["is_example"])})  # fmt: skip
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def span_text(start: object, end: object) -> str:
    """'2019–2022', 'från 2023, tills vidare' (open end), 'till 2026' (no start known)."""
    first = str(int(start)) if pd.notna(start) else ""  # type: ignore[call-overload]
    last = str(int(end)) if pd.notna(end) else ""  # type: ignore[call-overload]
    if first and last:
        return f"{first}–{last}"
    if first:
        return f"från {first}, tills vidare"
    return f"till {last}" if last else "Uppgift saknas"


def history_table(frame: pd.DataFrame) -> pd.DataFrame:
    """history() as a table to read (Swedish headings), for a page or a report."""
    # the standing early: on a phone the last columns are off the screen
    return pd.DataFrame({
        "Antagen": [f"{d:%Y-%m-%d}" if pd.notna(d) else "Uppgift saknas"
                    for d in frame["adopted"]],
        "Gäller": [span_text(s, e) for s, e in zip(frame["start"], frame["end"], strict=True)],
        "Läge": list(frame["standing_text"]),
        "Antagen av": [str(b or "").strip() or "Uppgift saknas" for b in frame["adopted_by"]],
        "Delmål": [", ".join(ids) or "Inga angivna" for ids in frame["subgoal_ids"]],
    })  # fmt: skip


def other_actor_plans(ds: Dataset, year: int) -> pd.DataFrame:
    """history() of every actor that is not a municipality (Region Kronoberg, the police, …)
    with a plan in the file, in plan/aktorer.csv's order."""
    plans = _plans(ds)
    others = [a for a in ds.plan.actors["id"] if a in set(plans["actor"])]
    frames = [history(ds, str(actor), year) for actor in others]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=HISTORY_COLUMNS)  # fmt: skip


def other_actors_linking(ds: Dataset, subgoal_id: str, year: int) -> list[str]:
    """The names of actors that are not municipalities whose plan in force in `year` takes
    up the delmål."""
    return [actor_name(ds, a) for a in linking(ds, subgoal_id, year)
            if not is_municipality(ds, a)]  # fmt: skip


# --- process support -----------------------------------------------------------------------


def process_support(ds: Dataset, actor: str | None = None, year: int | None = None
                    ) -> pd.DataFrame:  # fmt: skip
    """The Länsstyrelse's process support (actor, name, year, description, is_example), for
    one actor and/or one year when given, newest year first, then in the file's order."""
    frame = ds.process_support
    if actor is not None:
        frame = frame[frame["actor"] == actor]
    if year is not None:
        frame = frame[frame["year"] == year]
    frame = frame.assign(name=[actor_name(ds, a) for a in frame["actor"]])
    frame = frame.sort_values("year", ascending=False, kind="stable")
    return frame[["actor", "name", "year", "description", "is_example"]].reset_index(drop=True)


def process_support_per_year(ds: Dataset, first: int, last: int) -> pd.DataFrame:
    """Per year from first to last: the occasions of process support recorded (rows), how
    many actors got it, and how many of them were municipalities."""
    frame = ds.process_support
    rows = []
    for year in range(first, last + 1):
        of_year = frame[frame["year"] == year]
        actors = set(of_year["actor"])
        rows.append({"year": year, "occasions": len(of_year), "actors": len(actors),
                     "municipalities": sum(is_municipality(ds, a) for a in actors)})  # fmt: skip
    return pd.DataFrame(rows, columns=["year", "occasions", "actors", "municipalities"])


def yearly_summary(ds: Dataset, first: int, last: int) -> pd.DataFrame:
    """The local plans and the process support per year from first to last, for the yearly
    follow-up: municipalities with a plan in force (of how many), other actors with a plan
    in force, plans adopted that year, and the process support (occasions, actors)."""
    plans = _plans(ds)
    municipalities = set(ds.municipalities["code"])
    support = process_support_per_year(ds, first, last).set_index("year")
    rows = []
    for year in range(first, last + 1):
        current = set(_in_force(ds, year)["actor"]) if not plans.empty else set()
        adopted = int((plans["adopted"].dt.year == year).sum()) if not plans.empty else 0
        rows.append({
            "year": year, "municipalities_in_force": len(current & municipalities),
            "municipalities": len(municipalities), "others_in_force": len(current - municipalities),
            "adopted": adopted, "support_occasions": int(support.loc[year, "occasions"]),
            "support_actors": int(support.loc[year, "actors"]),
        })  # fmt: skip
    return pd.DataFrame(rows)


def yearly_summary_table(frame: pd.DataFrame) -> pd.DataFrame:
    """yearly_summary() with Swedish headings, numbers as text, for a page or a report."""
    return pd.DataFrame({
        "År": frame["year"].astype(str),
        "Kommuner med gällande plan": [f"{n} av {m}" for n, m in
                                       zip(frame["municipalities_in_force"],
                                           frame["municipalities"], strict=True)],
        "Andra aktörer med gällande plan": frame["others_in_force"].astype(str),
        "Antagna planer": frame["adopted"].astype(str),
        "Processtöd (tillfällen)": frame["support_occasions"].astype(str),
        "Aktörer som fick processtöd": frame["support_actors"].astype(str),
    })  # fmt: skip
