"""Findings of the first-time-user and statistician review on Kommun, Kommunrapport, Jämför
and Uppföljning (issue #31): a year with nothing assessed does not read as full compliance;
a preliminary year is labelled in Kommun's key figure table; 'Skyddat boende' is not judged
for want of a direction, and says so; county means say how many municipalities they rest
on; a definition break is marked in the tables by year and their downloads; '1 ej bedömt';
skalor.csv's 'okant' says what the rule does."""

from __future__ import annotations

import csv
from dataclasses import replace

import pandas as pd
import pytest

from dashboard import domain
from dashboard.config import REPO_ROOT
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison, progress
from tests.test_plan_words import squash, text_of

CODE, YEAR = "0780", 2025
REDEFINED_GOAL, BREAK = "sosfs_mal2", 2024  # the fixture's krit_2_3 is redefined from 2024


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def _criteria_cleared(ds, keep: int = 0):
    """Växjö's criteria of YEAR all 'uppgift saknas', except the first `keep` of goal 1
    (set 'uppfyllt')."""
    criteria = ds.indicators[ds.indicators["is_criterion"]]
    goal1 = list(criteria[criteria["goal_id"].astype(str) == "1"]["id"])
    values = ds.values.copy()
    rows = (values["municipality_code"] == CODE) & (values["year"] == YEAR)
    cleared = rows & values["indicator_id"].isin(list(criteria["id"]))
    values.loc[cleared, "raw"] = "okant"
    values.loc[cleared, "score"] = float("nan")
    kept = rows & values["indicator_id"].isin(goal1[:keep])
    values.loc[kept, ["raw", "score"]] = ["uppfyllt", 2.0]
    return replace(ds, values=values)


# --- 2: a year with nothing assessed ---------------------------------------------------------


def test_the_goal_tally_says_what_was_assessed():
    assert comparison.goal_tally(pd.Series(["uppfyllt", "delvis", "uppfyllt"])) == (
        "(2 av 3 uppfyllda)")  # fmt: skip
    assert comparison.goal_tally(pd.Series(["uppfyllt", "okant", ""])) == (
        "(1 av 3 uppfyllda, 2 ej bedömda)")  # fmt: skip
    assert comparison.goal_tally(pd.Series(["ej_uppfyllt", "uppfyllt", "okant"])) == (
        "(1 av 3 uppfyllda, 1 ej bedömt)")  # fmt: skip
    assert comparison.goal_tally(pd.Series(["okant", "", "okant"])) == "(uppgift saknas)"


def test_a_year_with_nothing_assessed_does_not_read_as_full_compliance(ds, app):
    from dashboard.pages import kommun, kommunrapport
    from dashboard.ui import municipality_report

    empty = _criteria_cleared(ds)
    sentence = comparison.no_gaps_sentence(empty, CODE, YEAR)
    assert sentence.startswith(f"Inget av kriterierna har en bedömning {YEAR} (uppgift saknas")
    shown = {
        "kommun": squash(text_of(kommun.gaps_section(empty, CODE, YEAR, "sosfs_alla"))),
        "rapport": squash(text_of(kommunrapport.gaps_part(empty, CODE, "Växjö", YEAR))),
        "word": " ".join(str(getattr(b, "text", ""))
                         for b in municipality_report.gaps_blocks(empty, CODE, "Växjö", YEAR)),
    }  # fmt: skip
    for where, text in shown.items():
        assert "Inga kriterier var ej eller delvis uppfyllda" not in text, where
        assert sentence in text, where
    headings = squash(text_of(kommun.criteria_section(empty, CODE, YEAR, "sosfs_alla")))
    assert "uppfyllda)" not in headings and headings.count("(uppgift saknas)") == 4


def test_a_year_with_some_assessed_says_how_many_were_not(ds, app):
    from dashboard.pages import kommun

    partly = _criteria_cleared(ds, keep=1)
    total = int(ds.indicators["is_criterion"].sum())
    assert comparison.no_gaps_sentence(partly, CODE, YEAR) == (
        f"Inget av de bedömda kriterierna (1 av {total}) var ej eller delvis uppfyllt {YEAR}; "
        f"uppgift saknas för de övriga {total - 1}.")  # fmt: skip
    text = squash(text_of(kommun.gaps_section(partly, CODE, YEAR, "sosfs_alla")))
    assert "Inga kriterier var ej eller delvis uppfyllda" not in text
    headings = squash(text_of(kommun.criteria_section(partly, CODE, YEAR, "sosfs_alla")))
    assert "(1 av 3 uppfyllda, 2 ej bedömda)" in headings
    # every criterion assessed: the sentence as before
    values = ds.values.copy()
    rows = (values["municipality_code"] == CODE) & (values["year"] == YEAR)
    values.loc[rows & values["indicator_id"].str.startswith("krit_"), ["raw", "score"]] = [
        "uppfyllt", 2.0]  # fmt: skip
    assert comparison.no_gaps_sentence(replace(ds, values=values), CODE, YEAR) == (
        f"Inga kriterier var ej eller delvis uppfyllda {YEAR}.")  # fmt: skip


# --- 4: the preliminary year in Kommun's key figure table -------------------------------------


def test_the_key_figure_table_carries_the_preliminary_label(ds, app, monkeypatch):
    from dashboard.pages import kommun

    label = "preliminär – 1 av 8 kommuner"
    monkeypatch.setattr(domain, "year_label", lambda *_: label)
    text = squash(text_of(kommun.key_figures_section(ds, CODE, YEAR, "sosfs_alla")))
    assert f"Nyckeltal {YEAR} ({label})" in text  # the caption
    assert text.count(f"{YEAR} ({label})") >= 2  # and the year column's heading


# --- 7: Skyddat boende is not judged for want of a direction ------------------------------------


def test_skyddat_boende_gives_the_no_direction_reason_and_the_count(ds, app):
    from dashboard.pages import uppfoljning

    item = progress.indicator_progress(ds, "skyddat_boende_placeringar")
    assert item.verdict == progress.UNKNOWN
    assert item.reason == "ingen riktning: fler placeringar är varken bättre eller sämre i sig"
    assert item.first_text.endswith("i snitt per kommun (8 kommuner)")
    subgoal = progress.subgoal_progress(ds, "2.6")  # the catalogue's delmål for it
    assert "skyddat_boende_placeringar" in [i.indicator_id for i in subgoal.indicators]
    text = squash(text_of(uppfoljning._followup_lines(ds, subgoal)))
    assert ("(kan inte bedömas – ingen riktning: fler placeringar är varken bättre eller sämre "
            "i sig)") in text  # fmt: skip
    assert "i snitt per kommun (8 kommuner)" in text


# --- 8: county means say how many municipalities they rest on ----------------------------------


def test_county_means_say_how_many_municipalities_they_rest_on(ds, app):
    from dashboard.pages import jamfor

    n = len(ds.municipalities)
    assert comparison.rests_on_text(ds, "sosfs_alla", YEAR) == f"({n} kommuner)"
    state = comparison.resolve_compare_state(ds, {"indikator": "sosfs_alla", "ar": str(YEAR)})
    assert f"({n} kommuner)" in jamfor.ranking_svg(ds, state)
    key = comparison.key_figures_table(ds, CODE, YEAR)
    assert n in list(key[comparison.KEY_COUNT_COLUMN])  # a number of its own in the download
    county = comparison.key_figures_shown(ds, key)[ds.county.words.The]
    assert county.str.endswith(f"({n} kommuner)").any()  # beside the mean on the page
    assert comparison.KEY_COUNT_COLUMN not in comparison.key_figures_shown(ds, key).columns
    profile = comparison.compliance_profile(ds, CODE, YEAR)
    table = comparison.compliance_table(profile, "Växjö", "Länssnitt", n)
    assert f"Länssnitt ({n} kommuner)" in table.columns
    assert comparison.profile(ds, CODE, YEAR).county_label.endswith(f"({n} kommuner)")


# --- 9: a definition break in the tables by year and their downloads -----------------------------


def test_a_definition_break_is_marked_in_the_tables_by_year(ds, app):
    from dashboard.pages import jamfor, kommun

    assert BREAK in domain.definition_breaks(ds, REDEFINED_GOAL)
    frame = comparison.trends(ds, REDEFINED_GOAL, [CODE])
    table = comparison.trends_table(ds, frame, REDEFINED_GOAL, None)
    marks = dict(zip(table["År"], table[comparison.DEFINITION_COLUMN], strict=True))
    assert marks[str(BREAK)] == "Ny definition" and marks[str(min(ds.years))] == ""
    years = list(comparison.marked_years(table)["År"])
    assert f"{BREAK} (ny definition)" in years and str(min(ds.years)) in years
    note = comparison.definition_note(ds, REDEFINED_GOAL)
    assert note.startswith("Ny definition") and str(BREAK) in note
    state = comparison.resolve_compare_state(ds, {"indikator": REDEFINED_GOAL, "kommuner": CODE})
    page = squash(text_of(jamfor.trends_table_block(ds, state)))
    assert f"{BREAK} (ny definition)" in page and note in page
    page = squash(text_of(kommun.trend_table_block(ds, CODE, YEAR, REDEFINED_GOAL)))
    assert f"{BREAK} (ny definition)" in page and note in page
    downloads = [
        jamfor.build_export({"tabell": "utveckling", "indikator": REDEFINED_GOAL}),
        kommun.build_export({"kod": CODE, "tabell": "utveckling", "indikator": REDEFINED_GOAL}),
    ]
    for table in downloads:  # the year stays a number; the column says which changed
        assert ("Definition", note) in table.notes
        rows = table.frame.set_index("År")[comparison.DEFINITION_COLUMN]
        assert rows[str(BREAK)] == "Ny definition"


# --- 14, 15: words -------------------------------------------------------------------------------


def test_one_unassessed_criterion_is_singular():
    one = "1 av 5 kriterier ej bedömda (räknas som ej uppfyllda)"
    four = "4 av 5 kriterier ej bedömda (räknas som ej uppfyllda)"
    assert comparison.with_unassessed("20 %", one) == "20 % (1 ej bedömt)"
    assert comparison.with_unassessed("20 %", four) == "20 % (4 ej bedömda)"
    assert comparison.with_unassessed("20 %", "") == "20 %"


def test_skalor_says_an_unknown_criterion_counts_as_not_met():
    with open(REPO_ROOT / "data" / "skalor.csv", encoding="utf-8-sig", newline="") as f:
        rows = {(r["skala"], r["kod"]): r for r in csv.DictReader(f, delimiter=";")}
    text = rows[("kriterium", "okant")]["beskrivning"]
    assert "räknas inte med" not in text and "räknas som ej uppfyllt" in text
