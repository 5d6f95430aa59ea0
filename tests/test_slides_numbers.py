"""The slides' numbers as the pages give them (issue #31, review 36): a preliminary year is
labelled wherever a slide writes it, a figure counts over the municipalities with a value as
Översikt does, the plan's follow-up text stands whole, a missing SOSFS share never reads as 'no
data for the goal' beside a figure, the key figures name their real sources, and a change on
'Sedan förra mötet' carries what it rests on (Move.qualifier).

Situation (b) of the review, built in memory: Växjö alone has answered for 2026 (coordinator
nej, SUV i bruk), a real answer beside the example data."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import COUNTY_DATA

from dashboard import domain
from dashboard.config import REPO_ROOT
from dashboard.data.loader import load_dataset
from dashboard.domain import hierarchy, presenter

YEAR = 2026
PRELIMINARY = "2026 (preliminär – 1 av 8 kommuner)"
IMPORTED_SOURCE = "Växjö kommuns svar 2026"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(COUNTY_DATA, REPO_ROOT / "geo")


@pytest.fixture(scope="module")
def partial(ds):
    """Växjö's 2026 answers, real (not example), with the source an import gives them."""
    template = ds.values.iloc[0].to_dict()
    rows = [{"municipality_code": "0780", "indicator_id": "samordnare", "raw": "nej",
             "score": 0.0},
            {"municipality_code": "0780", "indicator_id": "suv_status", "raw": "i_bruk",
             "score": 2.0}]  # fmt: skip
    added = pd.DataFrame([{**template, "year": YEAR, "is_example": False, "note": "",
                           "source": IMPORTED_SOURCE, **r} for r in rows])  # fmt: skip
    partial = replace(ds, values=pd.concat([ds.values, added], ignore_index=True))
    assert domain.year_text(partial, "samordnare", YEAR) == PRELIMINARY
    return partial


def deck(ds, **params):
    return presenter.resolve_deck(ds, {"indikatorer": "samordnare,suv_status", **params})


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
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


# --- finding 4: a preliminary year is labelled on every slide that writes it ---------------------


def test_the_contents_list_and_titles_label_the_preliminary_year(partial):
    state = deck(partial, ar=str(YEAR), bild="1")
    slides = presenter.deck_slides(partial, state)
    by_kind = {s.kind: s for s in slides}
    assert by_kind[presenter.KIND_CHANGES].title == f"Sedan förra mötet: 2025 → {PRELIMINARY}"
    heatmap = by_kind[presenter.KIND_HEATMAP].title
    assert heatmap.startswith("Efterlevnad av SOSFS 2014:4 per kommun och mål 2026 (preliminär")
    agenda = [text for _, text in presenter.agenda(slides, domain.year_text(partial, None, YEAR))]
    assert f"Sedan förra mötet: 2025 → {PRELIMINARY}" in agenda
    assert any(t.startswith(f"Läget per mål {PRELIMINARY}, bild ") for t in agenda), agenda
    # every entry that names 2026 labels it
    assert all("2026 (preliminär" in t for t in agenda if "2026" in t), agenda
    kommun = presenter.deck_slides(partial, deck(partial, ar=str(YEAR), kommun="0780", bild="1"))
    assert kommun[-1].title == f"Växjö {PRELIMINARY}"


def test_a_complete_year_is_written_plainly(ds):
    slides = presenter.deck_slides(ds, deck(ds, ar="2025", bild="1"))
    assert not any("preliminär" in s.title for s in slides)
    lines = [
        line.status for g in ("1", "2", "3", "4") for line in presenter.subgoal_lines(ds, g, 2025)
    ]
    assert not any("preliminär" in line for line in lines)


def test_each_goal_slide_line_labels_the_preliminary_year(partial):
    lines = [
        line for g in ("1", "2", "3", "4") for line in presenter.subgoal_lines(partial, g, YEAR)
    ]
    coordinator = [line.status for line in lines if line.status.startswith("Samordnare")]
    assert coordinator, [line.status for line in lines]
    for status in coordinator:
        assert status == f"Samordnare {PRELIMINARY} – 0 av 1 kommun: Ja (7 saknar uppgift)"


# --- finding 5: one denominator, the municipalities with a value ---------------------------------


def test_a_slide_counts_as_oversikt_over_those_with_a_value(partial):
    summary = presenter.indicator_summary(partial, "samordnare", YEAR)
    assert summary == "0 av 1 kommun: Ja (7 saknar uppgift)"
    figure = next(
        k for k in domain.key_figures(partial, YEAR) if k.title == "Kvinnofridssamordnare"
    )
    assert figure.value == "0 av 1" and "(7 saknar uppgift)" in figure.detail
    suv = presenter.indicator_summary(partial, "suv_status", YEAR)
    assert suv == "1 av 1 kommun: I bruk (7 saknar uppgift)"
    assert "av 8" not in summary + suv and "uppgift saknas för" not in summary + suv


def test_a_complete_year_counts_every_municipality(ds):
    summary = presenter.indicator_summary(ds, "samordnare", 2025)
    assert summary.endswith("av 8 kommuner: Ja") and "saknar" not in summary
    share = presenter.indicator_summary(ds, "sosfs_mal1", 2025)
    assert share.startswith("Snitt i länet ") and "saknar" not in share


def test_the_map_slide_says_the_same(partial, dash_app):
    from dashboard.pages import presentera

    body, _ = presentera.map_slide(partial, deck(partial, ar=str(YEAR), bild="4"), "samordnare")
    words = text_of(body)
    assert "0 av 1 kommun: Ja (7 saknar uppgift)" in words
    assert "0 av 8" not in words


# --- finding 11: the plan's follow-up whole; no 'no data' beside a figure --------------------------


def test_goal_slides_give_the_plans_followup_whole_and_every_delmal_once(ds, dash_app):
    from dashboard.pages import presentera

    plan = presenter.deck_plan(ds, 2025)
    state = deck(ds, ar="2025", bild="1")
    goal_slides = [s for s in presenter.deck_slides(ds, state) if s.kind == presenter.KIND_GOAL]
    shown: list[str] = []
    for slide in goal_slides:
        goal_id, _ = presenter.goal_key(slide.key)
        words = text_of(presentera.goal_slide(ds, state, slide.key)[0])
        for line in presenter.subgoal_lines(ds, goal_id, 2025):
            if line.text in words:
                shown.append(line.subgoal_id)
                if line.status.startswith("Följs upp"):
                    whole = hierarchy.followup_text(plan, line.subgoal_id)
                    assert f"Följs upp enligt planen genom: {whole}" in words
    assert sorted(shown) == sorted(plan.subgoals["id"].astype(str))
    # the plan names two sources for 1.1: both are there, as Uppföljning gives them
    sources = hierarchy.followups_of(plan, "1.1")
    line = next(x for x in presenter.subgoal_lines(ds, "1", 2025) if x.subgoal_id == "1.1")
    if len(sources) > 1 and line.status.startswith("Följs upp"):
        assert all(s.rstrip(".") in line.status for s in sources)


def test_a_goal_split_over_two_slides_says_so(ds):
    slides = presenter.goal_slides(ds, 2025)
    by_goal: dict[str, list] = {}
    for s in slides:
        by_goal.setdefault(presenter.goal_key(s.key)[0], []).append(s)
    for goal_slides in by_goal.values():
        if len(goal_slides) > 1:
            n = len(goal_slides)
            assert [s.title[-8:] for s in goal_slides] == [f"({i} av {n})" for i in range(1, n + 1)]


def test_a_missing_share_says_what_is_missing(partial, dash_app):
    from dashboard.pages import presentera

    state = deck(partial, ar=str(YEAR), bild="1")
    for goal_id in ("1", "2"):
        words = text_of(presentera.goal_slide(partial, state, goal_id)[0])
        assert "Inga uppgifter för målet" not in words
        assert ("SOSFS 2014:4-kriterierna under målet: uppgift saknas 2026 (preliminär – "
                "0 av 8 kommuner).") in words  # fmt: skip
    # goal 2's delmål still show their figure beside it
    assert "0 av 1 kommun: Ja" in text_of(presentera.goal_slide(partial, state, "2")[0])


# --- finding 13: the key figures' real sources ----------------------------------------------------


def test_the_key_figure_slide_names_its_sources(partial, dash_app):
    from dashboard.pages import presentera

    _, source = presentera.key_figures_slide(partial, deck(partial, ar=str(YEAR), bild="2"))
    assert "Kommunernas uppföljning" not in source
    catalogue = domain.indicator(partial, "samordnare")["source"]
    assert f"{catalogue}." in source
    assert f"{IMPORTED_SOURCE}." in source  # the year's real answers say whose they are
    example_sources = set(partial.values[partial.values["is_example"]]["source"])
    assert not any(s and s in source for s in example_sources)
    _, before = presentera.key_figures_slide(partial, deck(partial, ar="2025", bild="2"))
    assert IMPORTED_SOURCE not in before
    # a computed share names its criteria's sources, not how it is computed
    criteria = partial.indicators[partial.indicators["is_criterion"]]["source"]
    assert all(f"{c}." in source for c in set(criteria) if c)
    assert "Beräknad från" not in source


def test_the_municipality_and_changes_slides_name_their_sources(partial, dash_app):
    from dashboard.pages import presentera

    state = deck(partial, ar=str(YEAR), kommun="0780")
    _, kommun = presentera.municipality_slide(partial, state, "0780")
    _, changed = presentera.changes_slide(partial, state, "2025")
    catalogue = domain.indicator(partial, "samordnare")["source"]
    for source in (kommun, changed):
        assert "Kommunernas uppföljning" not in source
        assert catalogue in source and IMPORTED_SOURCE in source
    assert changed.endswith("Länsstyrelsens aktiviteter.")
    _, on_map = presentera.map_slide(partial, state, "samordnare")
    assert on_map.startswith(f"{catalogue}. {IMPORTED_SOURCE}.")


# --- findings 1 and 3: a change says what it rests on ---------------------------------------------


def test_a_move_shows_its_qualifier_and_its_unassessed_note(dash_app):
    from dashboard.pages import presentera

    plain = SimpleNamespace(name="Ljungby", before="20 %", after="40 %",
                            change="+20 procentenheter", qualifier="")  # fmt: skip
    assert presentera.move_notes(plain) == ""
    example = replace_ns(plain, qualifier="från ett exempelvärde 2024")
    assert presentera.move_notes(example) == " (från ett exempelvärde 2024)"
    # a qualifier and the share's own note after its number: each once
    both = replace_ns(
        plain,
        change="−40 procentenheter; 4 av 5 kriterier ej bedömda 2025",
        qualifier="4 av 5 kriterier ej bedömda 2025; från ett exempelvärde 2024",
    )
    assert presentera.move_notes(both) == (
        " (4 av 5 kriterier ej bedömda 2025; från ett exempelvärde 2024)"
    )
    # a plain name (the coordinator card's) and a Move, joined as names are
    joined = text_of(presentera._coordinator_names(("Växjö", example)))
    assert joined == "Växjö  och  Ljungby  (från ett exempelvärde 2024)"
    assert presentera._coordinator_names(()) == ["ingen"]


def test_the_changes_slide_shows_the_notes(ds, dash_app, monkeypatch):
    from dashboard.domain import changes
    from dashboard.pages import presentera

    real = changes.changes

    def with_qualifiers(ds_, first, last):
        result = real(ds_, first, last)
        move = SimpleNamespace(name="Växjö", before="Ej påbörjat", after="I bruk", change="",
                               qualifier="från ett exempelvärde 2024")  # fmt: skip
        area = result.goal_areas[0]
        fall = SimpleNamespace(name="Lessebo", before="60 %", after="20 %",
                               change="−40 procentenheter; 4 av 5 kriterier ej bedömda 2025",
                               qualifier="")  # fmt: skip
        areas = (replace(area, falls=(fall,), new_definition=None), *result.goal_areas[1:])
        return replace(result, suv_forward=(move,), suv_back=(), lost_coordinator=("Växjö",),
                       lost_moves=(move,), goal_areas=areas)  # fmt: skip

    monkeypatch.setattr(changes, "changes", with_qualifiers)
    state = deck(ds, ar="2025", bild="3")
    words = text_of(presentera.changes_slide(ds, state, "2024")[0])
    assert "Växjö: Ej påbörjat → I bruk  (från ett exempelvärde 2024)" in words
    assert "Förlorade:  Växjö  (från ett exempelvärde 2024)" in words
    assert "ned  Lessebo −40  (4 av 5 kriterier ej bedömda 2025)" in words


def replace_ns(ns: SimpleNamespace, **changes) -> SimpleNamespace:
    return SimpleNamespace(**{**vars(ns), **changes})


def test_a_change_from_an_example_value_is_marked_on_the_slide(partial, dash_app):
    """Situation (b): Växjö's real 2026 'nej' after an example 'ja' in 2025 is no finding on
    its own: the slide says what the change rests on, as Översikt does."""
    from dashboard.domain import changes
    from dashboard.pages import presentera

    result = changes.changes(partial, 2025, YEAR)
    lost = [m for m in getattr(result, "lost_moves", ()) if m.name == "Växjö"]
    assert lost and lost[0].qualifier, result
    words = text_of(presentera.changes_slide(partial, deck(partial, ar=str(YEAR)), "2025")[0])
    assert f"Förlorade:  Växjö  ({lost[0].qualifier})" in words
    suv = next(m for m in result.suv_forward if m.name == "Växjö")
    assert f"Växjö: {suv.before} → {suv.after}  ({suv.qualifier})" in words
