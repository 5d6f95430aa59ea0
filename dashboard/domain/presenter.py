"""Presenter mode: which slides a deck has, from validated URL parameters, and their content.

Pure functions over a loaded Dataset (no Dash). A deck is a URL such as
/presentera?ar=2025&indikatorer=samordnare,suv_status&kommun=0780&bild=3 that can be sent
before a meeting; every parameter is user input, so anything unknown falls back to a default
and never raises.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypeVar
from urllib.parse import urlencode

import pandas as pd

from dashboard import domain
from dashboard.data.loader import Dataset, Plan
from dashboard.domain import assessments, comparison, hierarchy, local_plans, progress
from dashboard.domain.comparison import Skipped
from dashboard.domain.formatting import MISSING, day_text, format_percent

PATH = "/presentera"
DEFAULT_INDICATORS = ("samordnare", "suv_status")
MAX_MAP_SLIDES = 6

KIND_TITLE = "titel"
KIND_KEY_FIGURES = "nyckeltal"
KIND_MAP = "karta"
KIND_HEATMAP = "varmekarta"
KIND_GOAL = "mal"
KIND_MUNICIPALITY = "kommun"
KIND_CHANGES = "forandringar"
KIND_SINCE_DATE = "sedan-datum"  # activities and local plans since the last meeting's date
KIND_PROGRESS = "utveckling"  # how many of the plan's delmål got each verdict
KIND_VERDICTS = "delmal"  # the verdict of some delmål of one goal, as on Uppföljning
INVALID = "ogiltigt"  # canonical_deck_query's value for a 'sedan' that could not be read

T = TypeVar("T")


@dataclass(frozen=True)
class DeckState:
    year: int
    indicators: tuple[str, ...]
    municipality: str | None
    slide: int | None  # 1-based; None shows the setup form
    since: int | None = None  # the 'Sedan förra mötet' slide compares this year with `year`
    since_chosen: bool = False  # not the default (the year before): then it is in the URL
    # The last meeting's day (?sedan=ÅÅÅÅ-MM-DD): what has a date (activities, local plans)
    # is listed from it; the yearly values still compare whole years (`since`).
    since_date: dt.date | None = None
    since_invalid: bool = False  # ?sedan= was neither a year nor a date: the slide says so


@dataclass(frozen=True)
class Slide:
    kind: str
    key: str  # indicator id, goal id or municipality code ('' when not applicable)
    title: str


def _as_list(value: object) -> list[str]:
    """'a,b', ['a', 'b'] (repeated parameters) or None → ['a', 'b']."""
    if value is None:
        return []
    parts = value if isinstance(value, list | tuple) else [value]
    out: list[str] = []
    for part in parts:
        out += [p.strip() for p in str(part).split(",") if p.strip()]
    return out


def deck_indicators(ds: Dataset) -> pd.DataFrame:
    """Indicators a deck may show on a map slide: the headline ones (no single criteria)."""
    ordered = domain.mappable_indicators(ds)
    return ordered[~ordered["is_criterion"]].reset_index(drop=True)


def resolve_indicators(ds: Dataset, requested: object) -> tuple[str, ...]:
    known = list(domain.mappable_indicators(ds)["id"])
    chosen: list[str] = []
    for part in _as_list(requested):
        if part in known and part not in chosen:
            chosen.append(part)
    if not chosen:
        chosen = [i for i in DEFAULT_INDICATORS if i in known] or known[:1]
    return tuple(chosen[:MAX_MAP_SLIDES])


def resolve_slide(requested: object, count: int) -> int | None:
    """None without ?bild (the setup form); 1 for anything unreadable; clamped to the deck."""
    if requested is None:
        return None
    values = _as_list(requested)
    try:
        number = int(values[0]) if values else 1
    except ValueError:
        number = 1
    return min(max(number, 1), max(count, 1))


def resolve_deck(ds: Dataset, params: Mapping[str, object]) -> DeckState:
    """Validated deck from URL parameters: ar, indikatorer, kommun, bild."""
    year_values = _as_list(params.get("ar"))
    kommun_values = _as_list(params.get("kommun"))
    year = domain.resolve_year(ds, year_values[0] if year_values else None)
    since_date, invalid = resolve_since_date(params.get("sedan"))
    since = (since_year_of_date(ds, year, since_date) if since_date
             else resolve_since(ds, year, None if invalid else params.get("sedan")))  # fmt: skip
    state = DeckState(
        year=year,
        indicators=resolve_indicators(ds, params.get("indikatorer")),
        municipality=comparison.resolve_code(ds, kommun_values[0] if kommun_values else None),
        slide=None,
        since=since,
        since_chosen=since is not None and since != resolve_since(ds, year, None),
        since_date=since_date if since is not None else None,
        since_invalid=invalid,
    )
    if params.get("bild") is None:
        return state
    count = len(deck_slides(ds, state))
    return replace(state, slide=resolve_slide(params.get("bild"), count))


def resolve_since(ds: Dataset, year: int, requested: object) -> int | None:
    """The year the change slide compares with: a known year before `year`, by default the
    one just before; None when `year` is the first."""
    earlier = [y for y in ds.years if y < year]
    if not earlier:
        return None
    values = _as_list(requested)
    try:
        chosen = int(values[0]) if values else None
    except ValueError:
        chosen = None
    return chosen if chosen in earlier else earlier[-1]


YEAR_PATTERN = re.compile(r"\d{4}")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


def resolve_since_date(requested: object) -> tuple[dt.date | None, bool]:
    """?sedan= as (a day, unreadable): a year gives (None, False) for resolve_since, a day
    written ÅÅÅÅ-MM-DD that exists (date, False), anything else, such as 2025-13-01,
    14/3/2025 or text, (None, True): the deck then compares with the year before and says
    that the date could not be read. Absent or empty: (None, False)."""
    values = _as_list(requested)
    if not values or YEAR_PATTERN.fullmatch(values[0]):
        return None, False
    if DATE_PATTERN.fullmatch(values[0]):
        try:
            return dt.date.fromisoformat(values[0]), False
        except ValueError:
            pass
    return None, True


def since_year_of_date(ds: Dataset, year: int, day: dt.date) -> int | None:
    """The year the values are compared with when the last meeting was on `day`: the day's
    year when the data has it and it is before the deck's year, else the latest such year
    before the day's (the first year for a day before all); None when `year` is the first."""
    earlier = [y for y in ds.years if y < year]
    if not earlier:
        return None
    before = [y for y in earlier if y <= day.year]
    return before[-1] if before else earlier[0]


def deck_params(state: DeckState, slide: int | None = None) -> dict[str, str]:
    params = {"ar": str(state.year), "indikatorer": ",".join(state.indicators)}
    if state.since_date is not None:
        params["sedan"] = state.since_date.isoformat()
    elif state.since_chosen:
        params["sedan"] = str(state.since)
    if state.municipality:
        params["kommun"] = state.municipality
    if slide is not None:
        params["bild"] = str(slide)
    return params


def canonical_deck_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The validated URL parameters of Presentera (page_cache: the layout's cache key)."""
    state = resolve_deck(ds, params)
    # an unreadable date is kept as one value: the page says so, whatever was written
    return deck_params(state, state.slide) | ({"sedan": INVALID} if state.since_invalid else {})


def deck_href(state: DeckState, slide: int | None = None) -> str:
    return f"{PATH}?{urlencode(deck_params(state, slide), safe=',')}"


def deck_slides(ds: Dataset, state: DeckState) -> list[Slide]:
    """The slides in order: title, key figures, a map per indicator, heatmap, goals, kommun."""
    year = state.year
    slides = [
        Slide(
            KIND_TITLE,
            "",
            f"Arbetet mot mäns våld mot kvinnor i {ds.county.name} "
            f"{domain.year_text(ds, None, year)}",
        ),
        Slide(
            KIND_KEY_FIGURES,
            "",
            f"{ds.county.words.The} i korthet {domain.year_text(ds, None, year)}",
        ),
    ]
    # a preliminary year says so wherever it is written (the contents list is the titles)
    span = (f"{domain.year_text(ds, None, state.since)} → {domain.year_text(ds, None, year)}"
            if state.since is not None else "")  # fmt: skip
    if state.since is not None and state.since_date is not None:
        slides.append(Slide(KIND_SINCE_DATE, state.since_date.isoformat(),
                            f"Sedan förra mötet {day_text(state.since_date)}"))  # fmt: skip
        slides.append(Slide(KIND_CHANGES, str(state.since),
                            f"Sedan förra mötet: värdena {span}"))  # fmt: skip
    elif state.since is not None:
        slides.append(Slide(KIND_CHANGES, str(state.since), f"Sedan förra mötet: {span}"))
    for indicator_id in state.indicators:
        ind = domain.indicator(ds, indicator_id)
        slides.append(
            Slide(
                KIND_MAP, indicator_id, f"{ind['name']} {domain.year_text(ds, indicator_id, year)}"
            )
        )
    if not comparison.goal_areas(ds).empty:
        slides.append(
            Slide(
                KIND_HEATMAP,
                "",
                "Efterlevnad av SOSFS 2014:4 per kommun och mål "
                f"{domain.year_text(ds, comparison.OVERALL_ID, year)}",
            )
        )
    slides += goal_slides(ds, year)
    slides += progress_slides(ds, year)
    if state.municipality:
        name = comparison.municipality_name(ds, state.municipality)
        slides.append(
            Slide(
                KIND_MUNICIPALITY, state.municipality, f"{name} {domain.year_text(ds, None, year)}"
            )
        )
    return slides


# What a goal slide holds at most, in estimated lines at 4:3 (the tightest): a delmål's text
# wraps at about GOAL_TEXT_CHARS characters, its status (the plan's follow-up, whole) in the
# smaller type at about GOAL_STATUS_CHARS.
GOAL_LINES = 17
GOAL_TEXT_CHARS = 62
GOAL_STATUS_CHARS = 78


def _goal_line_count(line: SubgoalLine) -> int:
    return -(-len(line.text) // GOAL_TEXT_CHARS) + -(-len(line.status) // GOAL_STATUS_CHARS) + 1


def goal_parts(ds: Dataset, goal_id: str, year: int) -> list[tuple[str, ...]]:
    """The delmål ids per slide of a goal: all on one, or, where the plan's follow-up text
    (shown whole) makes them longer than a slide, split into slides of about equal length."""
    lines = subgoal_lines(ds, goal_id, year)
    if not lines:
        return [()]
    sizes = [_goal_line_count(line) for line in lines]
    parts = -(-sum(sizes) // GOAL_LINES)
    target = sum(sizes) / parts
    groups: list[tuple[str, ...]] = []
    current: list[str] = []
    used = 0
    for line, size in zip(lines, sizes, strict=True):
        if current and used + size > target + 1:
            groups.append(tuple(current))
            current, used = [], 0
        current.append(line.subgoal_id)
        used += size
    return [*groups, tuple(current)]


@lru_cache(maxsize=16)
def goal_slides(ds: Dataset, year: int) -> tuple[Slide, ...]:
    """A slide per goal, or per part of one ('Mål 2: … (1 av 2)'); the key is the goal's id,
    with its delmål's ids after a colon where the goal is split ('2:2.1,2.2,2.3')."""
    slides = []
    for _, goal in hierarchy.goals(deck_plan(ds, year)).iterrows():
        name = str(goal["name"]).rstrip(".")
        goal_id = str(goal["id"])
        parts = goal_parts(ds, goal_id, year)
        for number, ids in enumerate(parts, 1):
            key = goal_id if len(parts) == 1 else f"{goal_id}:{','.join(ids)}"
            part = f" ({number} av {len(parts)})" if len(parts) > 1 else ""
            slides.append(Slide(KIND_GOAL, key, f"Mål {goal_id}: {name}{part}"))
    return tuple(slides)


def goal_key(key: str) -> tuple[str, tuple[str, ...] | None]:
    """A goal slide's key as (goal id, its delmål ids or None for all)."""
    goal_id, _, ids = key.partition(":")
    return goal_id, tuple(ids.split(",")) if ids else None


def agenda(slides: Sequence[Slide], year: str = "") -> list[tuple[int, str]]:
    """The title slide's list: (first slide number, text) after the title slide, a run of
    goal or verdict slides as one line ('Läget per mål, bild 7–10'), so the list fits a
    projected slide however long the deck. `year`: the deck's year as domain.year_text
    writes it, for the goal slides' line (their titles name no year)."""
    groups = {KIND_GOAL: f"Läget per mål {year}".strip(),
              KIND_VERDICTS: "Utvecklingen per delmål"}  # fmt: skip
    items: list[tuple[int, str]] = []
    number = 2
    while number <= len(slides):
        slide = slides[number - 1]
        last = number
        while (slide.kind in groups and last < len(slides)
               and slides[last].kind == slide.kind):  # fmt: skip
            last += 1
        if last > number:
            items.append((number, f"{groups[slide.kind]}, bild {number}–{last}"))
        else:
            items.append((number, slide.title))
        number = last + 1
    return items


# --- progress: the verdicts of Uppföljning ---------------------------------------------------

# What a verdict slide holds at most, in lines of slide text at 4:3 (the tightest): a
# delmål's text wraps at about CHARS_PER_LINE characters beside its verdicts.
VERDICT_LINES = 12
CHARS_PER_LINE = 40


@dataclass(frozen=True)
class DeckProgress:
    """Uppföljning's verdicts for the deck's plan: the same domain functions, the same years."""

    plan: Plan
    items: tuple[progress.SubgoalProgress, ...]
    compared: tuple[int, int] | None  # the indicators' years (progress.compared_years)
    practice: tuple[int, int]  # the activities', assessments' and local plans' years


@lru_cache(maxsize=16)
def deck_progress(ds: Dataset, year: int) -> DeckProgress:
    """Once per dataset and year: every slide of a deck counts its slides with it."""
    plan = deck_plan(ds, year)
    practice = progress.practice_years(ds, plan)
    items = tuple(progress.all_progress(ds, plan, practice))
    return DeckProgress(plan, items, progress.compared_years(ds, plan), practice)


def _lines(item: progress.SubgoalProgress) -> int:
    """A delmål's estimated lines on a verdict slide: its text, or its verdicts (two to
    three lines), whichever is longer."""
    text = -(-len(item.text) // CHARS_PER_LINE)
    verdicts = 3 if item.verdict == progress.MIXED or not item.indicators else 2
    return max(text, verdicts)


def verdict_groups(items: Sequence[progress.SubgoalProgress]) -> list[tuple[str, ...]]:
    """The delmål ids per verdict slide: each goal's delmål in order, a goal over
    VERDICT_LINES split into slides of about equal length."""
    by_goal: dict[str, list[progress.SubgoalProgress]] = {}
    for item in items:
        by_goal.setdefault(item.goal_id, []).append(item)
    groups: list[tuple[str, ...]] = []
    for goal_items in by_goal.values():
        total = sum(_lines(i) for i in goal_items)
        parts = -(-total // VERDICT_LINES)
        target = total / parts
        current: list[str] = []
        used = 0
        for item in goal_items:
            if current and used + _lines(item) > target + 1:
                groups.append(tuple(current))
                current, used = [], 0
            current.append(item.subgoal_id)
            used += _lines(item)
        groups.append(tuple(current))
    return groups


def progress_slides(ds: Dataset, year: int) -> list[Slide]:
    """The summary of the verdicts and a verdict slide per goal (or part of one)."""
    deck = deck_progress(ds, year)
    if not deck.items:
        return []
    span = f" {years_text(deck.compared)}" if deck.compared else ""
    slides = [Slide(KIND_PROGRESS, "", f"Planens {len(deck.items)} delmål: utvecklingen{span}")]
    groups = verdict_groups(deck.items)
    goal_of = {i.subgoal_id: i.goal_id for i in deck.items}
    for ids in groups:
        goal_id = goal_of[ids[0]]
        same_goal = [g for g in groups if goal_of[g[0]] == goal_id]
        part = (f" ({same_goal.index(ids) + 1} av {len(same_goal)})"
                if len(same_goal) > 1 else "")  # fmt: skip
        slides.append(Slide(KIND_VERDICTS, ",".join(ids),
                            f"Mål {goal_id}: utvecklingen per delmål{part}"))  # fmt: skip
    return slides


def years_text(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def verdict_items(ds: Dataset, year: int, key: str) -> list[progress.SubgoalProgress]:
    """The delmål of a verdict slide (its key: their ids, comma-separated), in order."""
    ids = key.split(",")
    return [i for i in deck_progress(ds, year).items if i.subgoal_id in ids]


def latest_assessment(ds: Dataset, subgoal_id: str,
                      practice: tuple[int, int]) -> assessments.Assessment | None:  # fmt: skip
    """Länsstyrelsens newest assessment of the delmål in the followed-up years, as
    Uppföljning's column shows it (never counted into the computed verdict)."""
    return assessments.latest(ds, subgoal_id, up_to_year=practice[1], from_year=practice[0])


# --- since the last meeting's day ------------------------------------------------------------


@dataclass(frozen=True)
class SinceDay:
    """What has a date and happened on or after the last meeting's day."""

    day: dt.date
    activities: pd.DataFrame  # progress.activities_for rows carried out since, oldest first
    local_plans: tuple[tuple[str, dt.date, str], ...]  # (actor's name, adopted, adopted by)
    is_example: bool


def since_day(ds: Dataset, day: dt.date) -> SinceDay:
    """The Länsstyrelse's activities carried out and the local plans adopted on or after
    `day`. An activity without a date counts when its year is after the day's (it was
    certainly later); one without a date in the day's own year cannot be placed, so not."""
    done = progress.activities_for(ds, statuses=["genomford"])
    start = pd.Timestamp(day)
    after = (done["date"] >= start) | (done["date"].isna() & (done["year"] > day.year))
    done = done[after].sort_values(["date", "id"])
    plans = ds.local_plans
    adopted = plans[plans["exists"] & plans["adopted"].notna() & (plans["adopted"] >= start)]
    adopted = adopted.sort_values("adopted")
    rows = tuple((local_plans.actor_name(ds, str(r["actor"])), r["adopted"].date(),
                  str(r["adopted_by"] or "")) for _, r in adopted.iterrows())  # fmt: skip
    example = bool(done["is_example"].any()) or bool(adopted["is_example"].any())
    return SinceDay(day, done, rows, example)


# --- slide content ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SubgoalLine:
    subgoal_id: str
    text: str
    status: str


def criteria_summary(ds: Dataset, indicator_ids: list[str], year: int) -> str:
    """'19 av 24 kriteriebedömningar uppfyllda' (SOSFS 2014:4) over municipalities × criteria with a value."""
    met = known = 0
    for indicator_id in indicator_ids:
        snap = domain.snapshot(ds, indicator_id, year)
        valued = snap[snap["raw"] != ""]
        known += len(valued)
        met += int((valued["raw"] == "uppfyllt").sum())
    if not known:
        return ""
    return f"{met} av {known} kriteriebedömningar uppfyllda"


def key_figure_sources(ds: Dataset, indicator_ids: Sequence[str],
                       *years: int) -> list[str]:  # fmt: skip
    """The sources of the key figures' indicators as the catalogue names them (a SOSFS
    share's criteria's too), then the sources of this year's real values stored apart from
    them (an imported municipality's answers): not 'the municipalities' follow-up' for all,
    and no example value's placeholder source (the slide's notice says that)."""
    known = [i for i in indicator_ids if i in set(ds.indicator_ids)]
    catalogue = ds.indicators[ds.indicators["id"].isin(known)]
    derived = catalogue["derived"] == "kriterier"
    # a SOSFS share is computed from its criteria: their sources, not 'Beräknad från …'
    ids = set(catalogue[~derived]["id"])
    if derived.any():
        ids |= set(ds.indicators[ds.indicators["is_criterion"]]["id"])
    named = [str(s) for s in dict.fromkeys(ds.indicators[ds.indicators["id"].isin(ids)]["source"])
             if s]  # fmt: skip
    values = ds.values[ds.values["indicator_id"].isin(ids) & ds.values["year"].isin(years)]
    real = values[~values["is_example"].astype(bool)]
    stored = [str(s) for s in dict.fromkeys(real["source"]) if s and str(s) not in named]
    return named + stored


def deck_plan(ds: Dataset, year: int) -> Plan:
    """The plan the deck's goal slides show: the one in force in the deck's year (a loaded
    successor is not yet the plan of a year before it), else the one Uppföljning follows."""
    return hierarchy.plan_in_force(ds, year) or hierarchy.followed_plan(ds)


def indicator_summary(ds: Dataset, indicator_id: str, year: int) -> str:
    """The county picture in one phrase, as Strategi writes it (hierarchy.indicator_summary)."""
    return hierarchy.indicator_summary(ds, indicator_id, year)


def _named(ds: Dataset, name: str, indicator_id: str, year: int, text: str) -> str:
    """A goal slide's line, 'Samordnare – 6 av 8 kommuner: Ja'; where the year is
    preliminary it says so ('Samordnare 2026 (preliminär – 1 av 8 kommuner) – …'), since the
    slide's title names no year; a text that names the year already keeps it once."""
    if not domain.year_label(ds, indicator_id, year):
        return f"{name} – {text}" if name else text
    when = domain.year_text(ds, indicator_id, year)
    if text.endswith(f" {year}"):  # 'Uppgift saknas för 2026'
        return f"{name} – {text[: -len(str(year))]}{when}" if name else text
    return f"{name} {when} – {text}" if name else f"{when}: {text}"


def subgoal_lines(ds: Dataset, goal_id: str, year: int) -> list[SubgoalLine]:
    """Each delmål of a goal with its status from its indicators in the service, else the
    plan's follow-up for it whole, word for word (hierarchy.followup_text, as Uppföljning)."""
    lines = []
    plan = deck_plan(ds, year)
    for _, sub in hierarchy.subgoals_of(plan, goal_id).iterrows():
        inds = hierarchy.indicators_for_subgoal(ds, sub["id"], plan)
        parts = []
        headline = inds[~inds["is_criterion"]]
        if not headline.empty:
            first = headline.iloc[0]
            parts.append(_named(ds, first["short_name"] or first["name"], first["id"], year,
                                indicator_summary(ds, first["id"], year)))  # fmt: skip
        criterion_ids = list(inds[inds["is_criterion"]]["id"])
        criteria = criteria_summary(ds, criterion_ids, year)
        if criteria:
            parts.append(_named(ds, "", criterion_ids[0], year, criteria))
        if not parts:
            followup = hierarchy.followup_text(plan, sub["id"])
            parts.append(f"Följs upp enligt planen genom: {followup}" if followup
                         else "Ingen indikator i tjänsten ännu")  # fmt: skip
        lines.append(SubgoalLine(str(sub["id"]), str(sub["text"]), " · ".join(parts)))
    return lines


def goal_compliance(ds: Dataset, goal_id: str, year: int) -> hierarchy.GoalStatus:
    return hierarchy.goal_status(ds, goal_id, year)


MAX_SLIDE_ROWS = 12


def rank_window(items: Sequence[T], limit: int = MAX_SLIDE_ROWS,
                keep: T | None = None) -> list[T | Skipped]:  # fmt: skip
    """A ranked list as a slide can show it (comparison.rank_window, MAX_SLIDE_ROWS rows)."""
    return comparison.rank_window(items, limit, keep)


def map_rows(frame: pd.DataFrame, limit: int = MAX_SLIDE_ROWS) -> list[tuple[str, str]]:
    """(municipality, value) as the map shows them, in the frame's order (the slide ranks it
    by value, highest first, missing last, so the list says what the colours say). A county
    with more than `limit` municipalities gets the first and the last half of that and one
    row in between saying how many are left out (the download has all)."""
    rows = [(str(r["name"]), str(r["label"])) for _, r in frame.iterrows()]
    return [("…", f"{row.text} (alla i nedladdningen)") if isinstance(row, Skipped) else row
            for row in rank_window(rows, limit)]  # fmt: skip


def percent_or_missing(value: float) -> str:
    return MISSING if value is None or math.isnan(value) else format_percent(value)
