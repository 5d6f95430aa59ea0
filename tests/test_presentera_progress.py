"""The deck tells progress (issue #34): verdict slides for the plan's delmål as Uppföljning
shows them, and 'Sedan förra mötet' from the day of the last meeting (?sedan=ÅÅÅÅ-MM-DD)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import assessments, hierarchy, presenter, progress

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def deck(ds, **params):
    return presenter.resolve_deck(ds, params)


def text_of(component) -> str:
    """Every string in a Dash component tree (HtmlBlocks as their HTML), in order."""
    from dashboard.ui.html_block import HtmlBlock

    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, HtmlBlock):
        return component.html
    if isinstance(component, list | tuple):
        return "".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


# --- verdict slides ----------------------------------------------------------------------------


def test_verdict_slides_cover_every_delmal_once_goal_by_goal(ds):
    state = deck(ds, ar="2025", bild="1")
    slides = presenter.deck_slides(ds, state)
    kinds = [s.kind for s in slides]
    assert kinds.count(presenter.KIND_PROGRESS) == 1
    first = kinds.index(presenter.KIND_VERDICTS)
    assert kinds[first - 1] == presenter.KIND_PROGRESS
    verdict_slides = [s for s in slides if s.kind == presenter.KIND_VERDICTS]
    shown = [sid for s in verdict_slides for sid in s.key.split(",")]
    plan = presenter.deck_plan(ds, 2025)
    assert shown == list(plan.subgoals["id"])  # all 16, once, in the plan's order
    goal_of = dict(zip(plan.subgoals["id"], plan.subgoals["goal_id"], strict=True))
    for slide in verdict_slides:
        goals = {goal_of[sid] for sid in slide.key.split(",")}
        assert len(goals) == 1  # a slide never mixes two goals
        assert slide.title.startswith(f"Mål {goals.pop()}: utvecklingen per delmål")
    # a goal too long for one slide at 4:3 is split, and says which part
    assert any(s.title.endswith("(1 av 2)") for s in verdict_slides)
    summary = slides[first - 1]
    years = progress.compared_years(ds, plan)
    assert summary.title == f"Planens 16 delmål: utvecklingen {years[0]}–{years[1]}"


def test_verdict_groups_keep_each_slide_within_its_lines(ds):
    items = presenter.deck_progress(ds, 2025).items
    by_id = {i.subgoal_id: i for i in items}
    for group in presenter.verdict_groups(items):
        lines = sum(presenter._lines(by_id[sid]) for sid in group)
        assert len(group) == 1 or lines <= presenter.VERDICT_LINES + 1, group


def test_verdicts_are_uppfoljnings_own(ds, dash_app):
    """The same domain functions and words as Uppföljning: per delmål the computed verdict,
    what a mixed one is made of, and Länsstyrelsens newest assessment apart from it."""
    from dashboard.pages import presentera

    plan = presenter.deck_plan(ds, 2025)
    practice = progress.practice_years(ds, plan)
    expected = {i.subgoal_id: i for i in progress.all_progress(ds, plan, practice)}
    state = deck(ds, ar="2025", bild="1")
    slides = presenter.deck_slides(ds, state)
    seen = set()
    for number, slide in enumerate(slides, start=1):
        if slide.kind != presenter.KIND_VERDICTS:
            continue
        shown = presentera.layout(ar="2025", bild=str(number))
        table = next(c for c in walk(shown) if getattr(c, "id", None) == "presentera-delmal")
        rows = table.children[1].children
        for row in rows:
            sid = text_of(row.children[0])
            item = expected[sid]
            seen.add(sid)
            assert row.to_plotly_json()["props"]["data-verdict"] == item.verdict
            assert text_of(row.children[1]) == item.text  # the plan's words
            verdict = text_of(row.children[2])
            assert item.verdict.capitalize() in verdict
            if item.verdict == progress.MIXED:
                assert progress.mixed_text(item.indicators, ds) in verdict
            if not item.indicators:
                assert "Ingen indikator i tjänsten." in verdict
            own = assessments.latest(ds, sid, up_to_year=practice[1], from_year=practice[0])
            cell = text_of(row.children[3])
            if own is None:
                assert assessments.NO_ASSESSMENT_LABEL in cell
            else:
                assert own.status_label in cell and str(own.year) in cell
                assert own.status_label not in verdict  # never mixed into the computed one
        words = text_of(shown)
        assert "räknas inte in i den beräknade utvecklingen" in words
        assert progress.period_text(progress.compared_years(ds, plan), practice,
                                    dt.date.today()) in words  # fmt: skip
    assert seen == set(expected)


def test_summary_slide_counts_as_uppfoljning_with_the_rule(ds, dash_app):
    from dashboard.pages import presentera

    slides = presenter.deck_slides(ds, deck(ds, ar="2025", bild="1"))
    number = next(n for n, s in enumerate(slides, 1) if s.kind == presenter.KIND_PROGRESS)
    shown = presentera.layout(ar="2025", bild=str(number))
    found = {getattr(c, "id", None): c for c in walk(shown)}
    items = presenter.deck_progress(ds, 2025).items
    counts = progress.verdict_counts(i.verdict for i in items)
    # beside the delmål, the indicators as Uppföljning counts them: 'Sämre 0' for the
    # delmål never stands alone beside indicators that got worse
    by_indicator = progress.verdict_counts(ind.verdict for i in items for ind in i.indicators)
    head, body = found["presentera-utveckling"].children
    assert [text_of(th) for th in head.children.children[1:]] == [
        f"{len(items)} delmål",
        f"{sum(by_indicator.values())} indikatorer",
    ]
    listed = {text_of(tr.children[0]).split(" ", 1)[1]: (text_of(tr.children[1]),
                                                         text_of(tr.children[2]))
              for tr in body.children}  # fmt: skip
    assert listed == {v.capitalize(): (str(n), str(by_indicator[v])) for v, n in counts.items()
                      if n or by_indicator[v] or v != progress.MIXED}  # fmt: skip
    own = [text_of(li) for li in found["presentera-bedomningar"].children]
    assert any(assessments.NO_ASSESSMENT_LABEL in t for t in own)
    words = text_of(shown)
    assert progress.RULE_SHORT in words
    plan = presenter.deck_plan(ds, 2025)
    practice = progress.practice_years(ds, plan)
    assert progress.period_text(progress.compared_years(ds, plan), practice,
                                dt.date.today()) in words  # fmt: skip


def test_a_preliminary_year_is_said_on_the_verdict_slides(ds, dash_app):
    """The period sentence of Uppföljning, with its 'preliminär' for a year not complete."""
    plan = presenter.deck_plan(ds, 2025)
    practice = progress.practice_years(ds, plan)
    text = progress.period_text(progress.compared_years(ds, plan), practice,
                                dt.date(practice[1], 6, 1))  # fmt: skip
    assert "preliminära" in text


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


# --- 'Sedan förra mötet' from a day -----------------------------------------------------------


@pytest.mark.parametrize(
    ("sedan", "day", "invalid"),
    [(None, None, False), ("", None, False), ("2022", None, False),
     ("2024-06-01", dt.date(2024, 6, 1), False), (["2023-02-28", "x"], dt.date(2023, 2, 28), False),
     ("2025-13-01", None, True), ("2025-02-30", None, True), ("1/6/2024", None, True),
     ("2024-6-1", None, True), ("igår", None, True), ("<script>", None, True)],
)  # fmt: skip
def test_sedan_reads_a_year_or_a_day(sedan, day, invalid):
    assert presenter.resolve_since_date(sedan) == (day, invalid)


def test_a_day_compares_the_values_by_whole_years(ds):
    state = deck(ds, ar="2025", sedan="2024-06-01", bild="1")
    assert state.since == 2024 and state.since_date == dt.date(2024, 6, 1)
    slides = presenter.deck_slides(ds, state)
    assert [s.kind for s in slides[2:4]] == [presenter.KIND_SINCE_DATE, presenter.KIND_CHANGES]
    assert slides[2].title == "Sedan förra mötet 1 juni 2024"
    assert slides[3].title == "Sedan förra mötet: värdena 2024 → 2025"
    # the day is in the address and comes back from it
    params = presenter.deck_params(state, state.slide)
    assert params["sedan"] == "2024-06-01"
    assert presenter.resolve_deck(ds, params) == state
    # a day in or after the deck's year: the year before it; before all years: the first
    assert deck(ds, ar="2023", sedan="2024-01-10").since == 2022
    assert deck(ds, ar="2023", sedan="2010-05-05").since == ds.years[0]
    assert deck(ds, ar=str(ds.years[0]), sedan="2010-05-05").since_date is None


def test_a_malformed_day_falls_back_and_says_so(ds, dash_app):
    from dashboard.pages import presentera

    state = deck(ds, ar="2025", sedan="2025-13-01", bild="3")
    assert state.since_invalid and state.since == 2024 and state.since_date is None
    # the cache key holds one value for every unreadable day, and it reads back the same
    canonical = presenter.canonical_deck_query(ds, {"ar": "2025", "sedan": "2025-13-01",
                                                    "bild": "3"})  # fmt: skip
    assert canonical["sedan"] == presenter.INVALID
    assert presenter.resolve_deck(ds, canonical).since_invalid
    # the next slide's link does not carry it on
    assert "sedan" not in presenter.deck_params(state, 4)
    shown = presentera.layout(ar="2025", sedan="2025-13-01", bild="3")
    found = {getattr(c, "id", None): c for c in walk(shown)}
    assert text_of(found["presentera-sedan-ogiltigt"]) == presentera.INVALID_DATE
    assert "ÅÅÅÅ-MM-DD" in presentera.INVALID_DATE
    setup = presentera.layout(ar="2025", sedan="14/3/2025")
    assert "presentera-sedan-ogiltigt" in {getattr(c, "id", None) for c in walk(setup)}
    fine = presentera.layout(ar="2025", sedan="2024-06-01")
    assert "presentera-sedan-ogiltigt" not in {getattr(c, "id", None) for c in walk(fine)}


def test_since_day_lists_what_was_done_and_adopted_from_the_day(ds):
    day = dt.date(2023, 6, 1)
    found = presenter.since_day(ds, day)
    done = ds.activities[ds.activities["status"] == "genomford"]
    dated = done[done["date"].notna()]
    expected = set(dated[dated["date"] >= pd.Timestamp(day)]["id"])
    expected |= set(done[done["date"].isna() & (done["year"] > day.year)]["id"])
    assert set(found.activities["id"]) == expected and expected
    assert list(found.activities["date"].dropna()) == sorted(found.activities["date"].dropna())
    plans = ds.local_plans
    adopted = plans[plans["exists"] & (plans["adopted"] >= pd.Timestamp(day))]
    assert [d for _, d, _ in found.local_plans] == sorted(a.date() for a in adopted["adopted"])
    assert len(found.local_plans) == len(adopted) > 0
    # planned or cancelled activities are not 'done'
    assert set(found.activities["status"]) == {"genomford"}
    # the day itself counts: something done on the day of the meeting is news to it
    first = dated.sort_values("date").iloc[-1]
    assert first["id"] in set(presenter.since_day(ds, first["date"].date()).activities["id"])


def test_since_day_slide_lists_them_with_their_dates(ds, dash_app):
    from dashboard.pages import presentera

    day = dt.date(2023, 6, 1)
    found = presenter.since_day(ds, day)
    shown = presentera.layout(ar="2025", sedan=day.isoformat(), bild="3")
    ids = {getattr(c, "id", None): c for c in walk(shown)}
    listed = text_of(ids["presentera-sedan-aktiviteter"])
    for _, row in found.activities.head(presentera.SINCE_ACTIVITIES).iterrows():
        assert row["title"] in listed and presenter.day_text(row["date"].date()) in listed
    plans = text_of(ids["presentera-sedan-planer"])
    for name, adopted, _by in found.local_plans[: presentera.SINCE_PLANS]:
        assert name in plans and presenter.day_text(adopted) in plans
    words = text_of(shown)
    assert "jämförs därför för hela år, 2023 med 2025" in words
    assert f"sedan dess: {len(found.activities)}" in words


def test_day_text_is_swedish():
    assert presenter.day_text(dt.date(2025, 3, 14)) == "14 mars 2025"
    assert presenter.day_text(dt.date(2024, 12, 1)) == "1 december 2024"


def test_agenda_groups_runs_of_goal_and_verdict_slides(ds):
    slides = presenter.deck_slides(ds, deck(ds, ar="2025", kommun="0780", bild="1"))
    items = presenter.agenda(slides)
    numbers = [n for n, _ in items]
    assert numbers[0] == 2 and numbers == sorted(numbers)
    goals = [s for s in slides if s.kind == presenter.KIND_GOAL]
    first_goal = slides.index(goals[0]) + 1
    assert (first_goal, f"Läget per mål, bild {first_goal}–{first_goal + len(goals) - 1}") in items
    assert any(text.startswith("Utvecklingen per delmål, bild ") for _, text in items)
    assert items[-1] == (len(slides), slides[-1].title)
    assert len(items) <= 12  # fits a projected slide in two columns
    # every goal has a slide; one too long for a slide has two ('(1 av 2)')
    keys = {presenter.goal_key(s.key)[0] for s in goals}
    assert keys == set(hierarchy.goals(presenter.deck_plan(ds, 2025))["id"].astype(str))
