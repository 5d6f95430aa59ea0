"""What a change and a derived value rest on (issue #31, review 36 findings 1, 3, 6, 8, 10, 14):

- a change measured between an example value and a real one says so wherever Översikt and
  'Sedan förra mötet' (changes.Move.qualifier) show it, and the download's Exempeldata says
  'Delvis' for its row, with the rule in the download's notes;
- a change of a SOSFS share with unassessed criteria says how many beside it (kept visible);
- a SOSFS share of real and example criteria is '(delvis exempel)', not wholly example data,
  and the map's caption then says 'En del av värdena är exempeldata';
- a key figure's mean says how many municipalities it rests on also when all have a value;
- the CSV's format note describes the file as it is;
- one parenthesis after a value, and the mark after the value in the answer's ranking.

The scenario: the fixture county with Växjö's 2025 coordinator and goal 1 criteria made real
(as tests/test_example_marks_each_value.py), and Växjö's goal 2 of 2025 answered 1 of 5
(as tests/test_unassessed_shown.py)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from conftest import COUNTY_DATA

from dashboard import domain
from dashboard.config import REPO_ROOT
from dashboard.data.loader import load_dataset
from dashboard.domain import changes, overview
from dashboard.ui import export, provenance

CODE, NAME, YEAR = "0780", "Växjö", 2025
REAL = ("samordnare", "krit_1_1", "krit_1_2", "krit_1_3")


@pytest.fixture(scope="module")
def ds():
    ds = load_dataset(COUNTY_DATA, REPO_ROOT / "geo")
    values = ds.values.copy()
    rows = (values["municipality_code"] == CODE) & (values["year"] == YEAR)
    values.loc[rows & values["indicator_id"].isin(REAL), "is_example"] = False
    goal2 = sorted(ds.indicators.loc[ds.indicators["is_criterion"]
                                     & (ds.indicators["goal_id"] == "2"), "id"])  # fmt: skip
    values.loc[rows & (values["indicator_id"] == goal2[0]), ["raw", "score"]] = ["uppfyllt", 2.0]
    rest = rows & values["indicator_id"].isin(goal2[1:])
    values.loc[rest, "raw"] = ""
    values.loc[rest, "score"] = float("nan")
    return replace(ds, values=values)


def own(ds, indicator_id: str, year: int = YEAR):
    snap = domain.snapshot(ds, indicator_id, year)
    return snap.loc[snap["code"] == CODE].iloc[0]


def overview_row(ds, indicator_id: str):
    frame = overview.overview_frame(ds, overview.OverviewState(indicator_id, YEAR, "kommun"))
    return frame.loc[frame["code"] == CODE].iloc[0]


def csv_table(table: export.ExportTable) -> tuple[str, list[dict[str, str]]]:
    notes, body = export.to_csv(table).decode("utf-8-sig").split("\r\n\r\n", 1)
    return notes, list(csv.DictReader(io.StringIO(body), delimiter=";"))


# --- finding 6: a share of real and example criteria -------------------------------------------


def test_a_share_of_real_and_example_criteria_is_partly_example(ds):
    overall = own(ds, "sosfs_alla")  # goal 1's three criteria real, the other twelve not
    assert overall["is_example"] and overall["partly_example"]
    goal1 = own(ds, "sosfs_mal1")  # all three real
    assert not goal1["is_example"] and not goal1["partly_example"]
    goal3 = own(ds, "sosfs_mal3")  # all example
    assert goal3["is_example"] and not goal3["partly_example"]
    assert provenance.marked("60 %", True, True, partly=True) == "60 % (delvis exempel)"


def test_a_view_of_partly_and_wholly_example_values_mixes(ds):
    """Every value of sosfs_alla has an example input, but Växjö's also has real ones: the
    view mixes, so each value is marked and the caption says only some are example data."""
    snap = domain.snapshot(ds, "sosfs_alla", YEAR)
    assert snap["is_example"].all()
    assert provenance.mixes(snap["is_example"], snap["partly_example"])
    assert provenance.values_sentence(snap["is_example"], snap["partly_example"]) == (
        "En del av värdena är exempeldata."
    )
    labels = provenance.marked_labels(snap).set_index("code")["label"]
    assert labels[CODE].endswith("(delvis exempel)")
    assert labels["0764"].endswith("(exempel)") and "delvis" not in labels["0764"]


def test_oversikt_marks_the_partly_example_share_and_says_so_in_the_caption(ds, app):
    from dashboard.pages import oversikt

    frame = overview.overview_frame(ds, overview.OverviewState("sosfs_alla", YEAR, "kommun"))
    ind = domain.indicator(ds, "sosfs_alla")
    painted = oversikt.table_paint(frame, ind, YEAR)
    assert painted["rows"][CODE][0].endswith("delvis exempel)")
    view = oversikt.build_view(ds, overview.OverviewState("sosfs_mal1", YEAR, "kommun"))
    caption = str(view["source"])
    assert "En del av värdena är exempeldata." in caption
    assert "Värdena är exempeldata." not in caption.replace("En del av värdena", "")


# --- findings 1 and 3: what a change rests on -------------------------------------------------


def test_a_change_from_an_example_baseline_says_so_on_oversikt(ds):
    text = overview_row(ds, "sosfs_mal1")["change_text"].replace("\u00a0", " ")
    assert text.startswith("+") and text.endswith(f", från ett exempelvärde {YEAR - 1}"), text
    coordinator = overview_row(ds, "samordnare")["change_text"]
    assert coordinator.endswith(f", från ett exempelvärde {YEAR - 1}"), coordinator
    # an example value compared with an example value: the page's notice says it once
    other = overview.overview_frame(ds, overview.OverviewState("sosfs_mal1", YEAR, "kommun"))
    assert "exempelvärde" not in other.loc[other["code"] == "0764", "change_text"].iloc[0]


def test_a_change_with_unassessed_criteria_says_how_many_beside_it(ds):
    text = overview_row(ds, "sosfs_mal2")["change_text"].replace("\u00a0", " ")
    assert text == f"−40 procentenheter sedan {YEAR - 1}, 4 av 5 kriterier ej bedömda {YEAR}"


def test_move_qualifier_says_what_the_change_rests_on(ds):
    result = changes.changes(ds, YEAR - 1, YEAR)
    areas = {a.goal_id: a for a in result.goal_areas}
    rises = {m.name: m for m in areas["1"].rises}
    assert rises[NAME].qualifier == f"från ett exempelvärde {YEAR - 1}"
    falls = {m.name: m for m in areas["2"].falls}
    assert falls[NAME].change.replace("\u00a0", " ") == "−40 procentenheter"  # still shown
    assert falls[NAME].qualifier == f"4 av 5 kriterier ej bedömda {YEAR}"
    assert changes.example_qualifier((False, False), (True, True), 2024, 2025) == (
        "till ett delvis exempelvärde 2025"
    )
    assert changes.example_qualifier((True, False), (True, False), 2024, 2025) == ""


def test_coordinator_moves_carry_the_qualifier(ds):
    values = ds.values.copy()
    real = ((values["municipality_code"] == CODE) & (values["year"] == YEAR)
            & (values["indicator_id"] == "samordnare"))  # fmt: skip
    before = ((values["municipality_code"] == CODE) & (values["year"] == YEAR - 1)
              & (values["indicator_id"] == "samordnare"))  # fmt: skip
    values.loc[real, "raw"] = "nej"
    values.loc[before, "raw"] = "ja"
    lost = changes.changes(replace(ds, values=values), YEAR - 1, YEAR)
    assert NAME in lost.lost_coordinator
    move = next(m for m in lost.lost_moves if m.name == NAME)
    assert (move.before, move.after) == ("Ja", "Nej")
    assert move.qualifier == f"från ett exempelvärde {YEAR - 1}"


def test_the_download_says_delvis_for_a_change_from_an_example_value(ds):
    table = overview.export_table(ds, {"indikator": "sosfs_mal1", "ar": str(YEAR)})
    notes, rows = csv_table(table)
    row = next(r for r in rows if r["Kommun"] == NAME)
    assert row["Exempeldata"] == "Delvis"
    assert row[overview.QUALIFIER_COLUMN] == f"från ett exempelvärde {YEAR - 1}"
    assert next(r for r in rows if r["Kommun"] == "Alvesta")["Exempeldata"] == "Ja"
    assert "Kolumnen Exempeldata" in notes and "Delvis när" in notes
    mixed = overview.export_table(ds, {"indikator": "sosfs_alla", "ar": str(YEAR)})
    _, rows = csv_table(mixed)
    assert next(r for r in rows if r["Kommun"] == NAME)["Exempeldata"] == "Delvis"


# --- finding 8: what a county mean rests on ---------------------------------------------------


def test_key_figures_say_how_many_a_mean_rests_on_also_when_all_have_one(ds):
    n = len(ds.municipalities)
    goals = [k for k in domain.key_figures(ds, YEAR) if k.title.startswith("SOSFS")]
    assert goals and all(f"snitt för {n} kommuner" in k.detail for k in goals), goals


# --- finding 10: the CSV's format note --------------------------------------------------------


def test_the_csv_note_describes_the_file_as_it_is(ds):
    values = ds.values[~((ds.values["indicator_id"] == "samordnare")
                         & (ds.values["year"] == YEAR)
                         & (ds.values["municipality_code"] == CODE))]  # fmt: skip
    fewer = replace(ds, values=values)
    notes, rows = csv_table(overview.export_table(fewer, {"indikator": "samordnare",
                                                          "ar": str(YEAR)}))  # fmt: skip
    value_column = list(rows[0])[2]
    assert next(r for r in rows if r["Kommun"] == NAME)[value_column] == "Uppgift saknas"
    assert "”Uppgift saknas”" in notes
    if not any(k.startswith(export.NOTE_COLUMN) for k in rows[0]):
        assert export.NOTE_COLUMN not in notes
    assert "en tom cell betyder" not in notes


def test_the_csv_note_names_the_note_column_only_where_it_is_there():
    import pandas as pd

    with_note = pd.DataFrame({"Värde (%)": [1, None], export.NOTE_COLUMN: ["", "Värde: x"]})
    assert f"kolumnen {export.NOTE_COLUMN} säger varför" in export.csv_format_note(with_note)
    without = pd.DataFrame({"Värde (%)": [1, 2], "Status": ["Ja", "Nej"]})
    note = export.csv_format_note(without)
    assert export.NOTE_COLUMN not in note and "tom cell" not in note


# --- finding 14: one parenthesis, the mark after the value ------------------------------------


def test_a_value_ending_in_a_parenthesis_takes_the_mark_inside_it():
    assert provenance.marked("33 % (1 ej bedömt)", True, True) == "33 % (1 ej bedömt; exempel)"
    assert provenance.marked("33 %", True, True) == "33 % (exempel)"
    assert provenance.marked("33 % (1 ej bedömt)", False, True) == "33 % (1 ej bedömt)"


def test_the_answers_ranking_puts_the_mark_after_the_value(ds):
    lines = overview.answer(ds, overview.OverviewState("sosfs_mal1", YEAR, "kommun"))
    ranked = [n for line in lines for n in line.names]
    alvesta = next(n for n in ranked if n.startswith("Alvesta"))
    assert alvesta.replace("\u00a0", " ").endswith("% (exempel)"), alvesta
    assert not any(n.startswith(f"{NAME} (") for n in ranked)


def test_kommun_and_the_kommunrapport_call_a_share_of_real_and_example_criteria_partly(ds, app):
    """Växjö's coordinator is real, its share of all criteria rests on real (goal 1) and
    example criteria: the card and the report's row say '(delvis exempel)', not '(exempel)'."""
    from dashboard.pages import kommun
    from dashboard.ui import municipality_report

    shown = provenance.marked_values(ds, CODE, YEAR, {"samordnare": "Ja", "sosfs_alla": "60 %"})
    assert shown == ["Ja", "60 % (delvis exempel)"]
    cards = str(kommun.status_cards(ds, CODE, YEAR))
    assert "(delvis exempel)" in cards
    rows = dict(municipality_report.profile_rows(ds, CODE, YEAR))
    assert "(delvis exempel)" in rows["SOSFS 2014:4, alla mål"]
    assert "exempel" not in rows["Kvinnofridssamordnare"]
