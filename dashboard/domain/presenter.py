"""Presenter mode: which slides a deck has, from validated URL parameters, and their content.

Pure functions over a loaded Dataset (no Dash). A deck is a URL such as
/presentera?ar=2025&indikatorer=samordnare,suv_status&kommun=0780&bild=3 that can be sent
before a meeting; every parameter is user input, so anything unknown falls back to a default
and never raises.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar
from urllib.parse import urlencode

import pandas as pd

from dashboard import domain
from dashboard.data.loader import Dataset, Plan
from dashboard.domain import comparison, hierarchy
from dashboard.domain.comparison import Skipped
from dashboard.domain.formatting import MISSING, format_percent

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

T = TypeVar("T")


@dataclass(frozen=True)
class DeckState:
    year: int
    indicators: tuple[str, ...]
    municipality: str | None
    slide: int | None  # 1-based; None shows the setup form
    since: int | None = None  # the 'Sedan förra mötet' slide compares this year with `year`
    since_chosen: bool = False  # not the default (the year before): then it is in the URL


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
    since = resolve_since(ds, year, params.get("sedan"))
    state = DeckState(
        year=year,
        indicators=resolve_indicators(ds, params.get("indikatorer")),
        municipality=comparison.resolve_code(ds, kommun_values[0] if kommun_values else None),
        slide=None,
        since=since,
        since_chosen=since is not None and since != resolve_since(ds, year, None),
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


def deck_params(state: DeckState, slide: int | None = None) -> dict[str, str]:
    params = {"ar": str(state.year), "indikatorer": ",".join(state.indicators)}
    if state.since_chosen:
        params["sedan"] = str(state.since)
    if state.municipality:
        params["kommun"] = state.municipality
    if slide is not None:
        params["bild"] = str(slide)
    return params


def canonical_deck_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """The validated URL parameters of Presentera (page_cache: the layout's cache key)."""
    state = resolve_deck(ds, params)
    return deck_params(state, state.slide)


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
    if state.since is not None:
        slides.append(Slide(KIND_CHANGES, str(state.since),
                            f"Sedan förra mötet: {state.since} → {year}"))  # fmt: skip
    for indicator_id in state.indicators:
        ind = domain.indicator(ds, indicator_id)
        slides.append(
            Slide(
                KIND_MAP, indicator_id, f"{ind['name']} {domain.year_text(ds, indicator_id, year)}"
            )
        )
    if not comparison.goal_areas(ds).empty:
        slides.append(
            Slide(KIND_HEATMAP, "", f"Efterlevnad av SOSFS 2014:4 per kommun och målområde {year}")
        )
    for _, goal in hierarchy.goals(deck_plan(ds, year)).iterrows():
        name = str(goal["name"]).rstrip(".")
        slides.append(Slide(KIND_GOAL, str(goal["id"]), f"Mål {goal['id']}: {name}"))
    if state.municipality:
        name = comparison.municipality_name(ds, state.municipality)
        slides.append(Slide(KIND_MUNICIPALITY, state.municipality, f"{name} {year}"))
    return slides


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


def deck_plan(ds: Dataset, year: int) -> Plan:
    """The plan the deck's goal slides show: the one in force in the deck's year (a loaded
    successor is not yet the plan of a year before it), else the one Uppföljning follows."""
    return hierarchy.plan_in_force(ds, year) or hierarchy.followed_plan(ds)


def subgoal_lines(ds: Dataset, goal_id: str, year: int) -> list[SubgoalLine]:
    """Each delmål of a goal with a one-line status from its indicators in the service."""
    lines = []
    plan = deck_plan(ds, year)
    for _, sub in hierarchy.subgoals_of(plan, goal_id).iterrows():
        inds = hierarchy.indicators_for_subgoal(ds, sub["id"], plan)
        parts = []
        headline = inds[~inds["is_criterion"]]
        if not headline.empty:
            first = headline.iloc[0]
            summary = hierarchy.indicator_summary(ds, first["id"], year)
            parts.append(f"{first['short_name'] or first['name']} – {summary}")
        criteria = criteria_summary(ds, list(inds[inds["is_criterion"]]["id"]), year)
        if criteria:
            parts.append(criteria)
        if not parts:
            followups = hierarchy.followups_of(plan, sub["id"])
            parts.append(
                f"Följs upp i: {followups[0]}" if followups else "Ingen indikator i tjänsten ännu"
            )
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
