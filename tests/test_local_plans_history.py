"""Local plans over time (#33): several plans per actor, the one in force in a year is what
counts that year, the file's new rules (Swedish errors naming file, row and column), and an
old one-row-per-actor file still loads."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from dashboard.data import practice
from dashboard.data.loader import DataError, get_dataset
from dashboard.domain import local_plans, overview, progress

pytestmark = pytest.mark.unit

ACTORS = {"0760", "0780", "region"}
SUBGOALS = {"1.1", "1.4", "2.3", "4.1", "4.2"}
HEADER = "aktor;finns;antagen;antagen_av;galler_fran;galler_till;delmal;anmarkning;exempeldata"


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def _plans(ds, rows: list[dict]):
    """The dataset with these local plans only (other actors: no row)."""
    base = {"exists": True, "adopted": pd.NaT, "adopted_by": "", "valid_from": pd.NA,
            "valid_through": pd.NA, "subgoal_ids": (), "note": "", "is_example": False}  # fmt: skip
    frame = pd.DataFrame([base | r for r in rows])
    for column in ("valid_from", "valid_through"):
        frame[column] = frame[column].astype("Int64")
    return replace(ds, local_plans=frame)


def _plan(actor: str, adopted: str, end: int | None = None, start: int | None = None,
          subgoals: tuple[str, ...] = ("1.1",), by: str = "Kommunfullmäktige") -> dict:  # fmt: skip
    return {"actor": actor, "adopted": pd.Timestamp(adopted), "adopted_by": by,
            "valid_from": pd.NA if start is None else start,
            "valid_through": pd.NA if end is None else end, "subgoal_ids": subgoals}  # fmt: skip


# --- the plan in force in a year ---------------------------------------------------------------


def test_a_plan_counts_from_its_first_year_through_its_last(ds):
    ds2 = _plans(ds, [_plan("0780", "2023-03-01", end=2025)])
    assert local_plans.in_force_row(ds2, "0780", 2021) is None  # before it was adopted
    assert local_plans.in_force_row(ds2, "0780", 2022) is None
    assert local_plans.in_force_row(ds2, "0780", 2023) is not None  # its first year
    assert local_plans.in_force_row(ds2, "0780", 2025) is not None  # its last year
    assert local_plans.in_force_row(ds2, "0780", 2026) is None  # after it ran out
    assert [local_plans.standing(ds2, "0780", y) for y in (2021, 2023, 2025, 2026)] == [
        local_plans.NO_PLAN, local_plans.CURRENT, local_plans.CURRENT, local_plans.EXPIRED]  # fmt: skip
    assert local_plans.in_force_count(ds2, 2021) == 0 and local_plans.in_force_count(ds2, 2024) == 1
    assert local_plans.in_force_count(ds2, 2026) == 0


def test_galler_fran_moves_the_start_past_the_adoption_year(ds):
    ds2 = _plans(ds, [_plan("0780", "2022-11-21", start=2023, end=2026)])
    assert local_plans.in_force_row(ds2, "0780", 2022) is None
    assert local_plans.in_force_row(ds2, "0780", 2023) is not None
    history = local_plans.history(ds2, "0780", 2022)
    assert list(history["standing"]) == [local_plans.NOT_YET]
    assert list(history["standing_text"]) == ["Antagen, gäller från 2023"]
    assert local_plans.describe(local_plans.plan_row(ds2, "0780", 2022), 2022) == (
        "Antagen 2022-11-21 av Kommunfullmäktige, gäller 2023–2026. Planen gällde ännu inte "
        "2022.")  # fmt: skip


def test_an_open_end_runs_until_a_later_plan(ds):
    ds2 = _plans(ds, [_plan("region", "2021-03-16")])
    assert local_plans.in_force_row(ds2, "region", 2020) is None
    assert all(local_plans.in_force_row(ds2, "region", y) is not None for y in (2021, 2030))
    assert local_plans.span_text(2021, pd.NA) == "från 2021, tills vidare"
    assert local_plans.span_text(pd.NA, 2026) == "till 2026"
    assert local_plans.span_text(pd.NA, pd.NA) == "Uppgift saknas"


def test_of_two_overlapping_plans_the_latest_adopted_counts(ds):
    older = _plan("0780", "2019-05-01", end=2024, subgoals=("1.1",))
    newer = _plan("0780", "2022-06-01", end=2026, subgoals=("2.3", "4.2"))
    ds2 = _plans(ds, [newer, older])  # file order does not decide
    assert local_plans.in_force_row(ds2, "0780", 2021)["subgoal_ids"] == ("1.1",)
    assert local_plans.in_force_row(ds2, "0780", 2023)["subgoal_ids"] == ("2.3", "4.2")
    assert local_plans.in_force_count(ds2, 2023) == 1  # one actor, one plan in force
    assert local_plans.linking(ds2, "1.1", 2023) == []
    assert local_plans.linking(ds2, "2.3", 2023) == ["0780"]
    history = local_plans.history(ds2, "0780", 2023)
    assert list(history["adopted"].dt.year) == [2019, 2022]  # first adopted first
    assert list(history["standing"]) == [local_plans.SUPERSEDED, local_plans.CURRENT]
    assert list(history["standing_text"]) == ["Ersatt 2023 av en senare plan", "Gäller 2023"]


def test_a_plan_that_ran_out_then_a_new_one_counts_year_by_year(ds):
    old = _plan("0780", "2018-05-14", end=2021, subgoals=("1.1",))
    new = _plan("0780", "2022-11-21", start=2023, end=2026, subgoals=("2.3",))
    ds2 = _plans(ds, [old, new])
    # coverage, the Översikt layer and the gaps all use the plan in force in the year
    cover = {y: local_plans.coverage(ds2, "2.3", y).set_index("code").loc["0780", "raw"]
             for y in (2020, 2022, 2024)}  # fmt: skip
    assert cover == {2020: local_plans.NOT_COVERED, 2022: local_plans.NO_PLAN,
                     2024: local_plans.COVERS}  # fmt: skip
    status = {y: local_plans.plan_status(ds2, y).set_index("code").loc["0780"]
              for y in (2020, 2022, 2024)}  # fmt: skip
    assert [status[y]["raw"] for y in (2020, 2022, 2024)] == [
        local_plans.CURRENT, local_plans.EXPIRED, local_plans.CURRENT]  # fmt: skip
    assert "2018-05-14" in status[2020]["change_text"]
    assert "2022-11-21" in status[2024]["change_text"]
    assert "Planen hade gått ut 2022" in status[2022]["change_text"]
    # the newer plan, adopted in 2022 but in force from 2023, is named that year
    assert status[2022]["change_text"].endswith(
        "En ny plan antogs 2022-11-21 och gäller från 2023.")  # fmt: skip
    assert "En ny plan" not in status[2020]["change_text"]
    texts = {y: list(local_plans.history(ds2, "0780", y)["standing_text"]) for y in (2020, 2024)}
    assert texts == {2020: ["Gäller 2020", "Ännu inte antagen"],
                     2024: ["Har gått ut", "Gäller 2024"]}  # fmt: skip
    table = local_plans.history_table(local_plans.history(ds2, "0780", 2024))
    assert list(table["Gäller"]) == ["2018–2021", "2023–2026"]
    assert list(table["Antagen av"]) == ["Kommunfullmäktige"] * 2


def test_a_no_row_beside_plans_changes_nothing_in_their_years(ds):
    ds2 = _plans(ds, [{"actor": "0780", "exists": False},
                      _plan("0780", "2022-01-10", end=2024)])  # fmt: skip
    assert local_plans.standing(ds2, "0780", 2020) == local_plans.NO_PLAN
    assert local_plans.standing(ds2, "0780", 2023) == local_plans.CURRENT
    assert local_plans.standing(ds2, "0780", 2025) == local_plans.EXPIRED
    assert not local_plans.plan_row(ds2, "0780", 2020)["exists"]  # the 'nej' speaks then
    assert local_plans.plan_row(ds2, "0780", 2023)["exists"]


def test_a_file_of_no_rows_only_says_no_plan_not_unknown(ds):
    ds2 = _plans(ds, [{"actor": "0780", "exists": False}, {"actor": "0760", "exists": False}])
    assert local_plans.standing(ds2, "0780", 2024) == local_plans.NO_PLAN
    assert local_plans.standing(ds2, "0761", 2024) == ""  # no row: nothing is known
    assert local_plans.in_force_count(ds2, 2024) == 0
    assert local_plans.history(ds2, "0780", 2024).empty
    status = local_plans.plan_status(ds2, 2024).set_index("code")
    assert status.loc["0780", "label"] == "Ingen lokal plan"


def test_every_user_counts_only_the_plan_in_force_in_its_year(ds):
    """progress (Uppföljning), Översikt's layer and the gaps: a plan adopted in 2023 does not
    count in 2021, one that ran out in 2025 does not in 2026."""
    ds2 = _plans(ds, [_plan("0780", "2023-02-01", end=2025, subgoals=("1.1",)),
                      _plan("region", "2020-02-01", end=2021, subgoals=("1.1",))])  # fmt: skip
    assert local_plans.linking(ds2, "1.1", 2021) == ["region"]
    assert local_plans.linking(ds2, "1.1", 2024) == ["0780"]
    assert local_plans.linking(ds2, "1.1", 2026) == []
    item = progress.subgoal_progress(ds2, "1.1")
    year = progress.practice_years(ds2)[1]  # the follow-up's last year of activities and plans
    assert item.local_plans_year == year
    assert item.local_plans_of == local_plans.municipalities_in_force(ds2, year)
    state = overview.resolve_state(ds2, {"indikator": overview.LOCAL_PLAN_LAYER, "ar": "2021"})
    frame = overview.overview_frame(ds2, state).set_index("code")
    assert frame.loc["0780", "raw"] == local_plans.NO_PLAN


def test_other_actors_plans_are_listed_and_link_to_delmal(ds):
    ds2 = _plans(ds, [_plan("region", "2021-03-16", subgoals=("2.3",), by="Regionstyrelsen"),
                      _plan("0780", "2021-03-16", subgoals=("2.3",))])  # fmt: skip
    others = local_plans.other_actor_plans(ds2, 2024)
    assert list(others["actor"]) == ["region"]
    assert list(others["name"]) == ["Region Kronoberg"]
    assert local_plans.other_actors_linking(ds2, "2.3", 2024) == ["Region Kronoberg"]
    assert local_plans.other_actors_linking(ds2, "2.3", 2020) == []


def test_yearly_summary_counts_plans_and_support(ds):
    ds2 = _plans(ds, [_plan("0780", "2019-03-01", end=2021), _plan("region", "2020-01-01")])
    ds2 = replace(ds2, process_support=pd.DataFrame(
        {"actor": ["0780", "0780", "region"], "year": [2018, 2018, 2019],
         "description": ["a", "b", "c"], "is_example": [False] * 3}))  # fmt: skip
    frame = local_plans.yearly_summary(ds2, 2018, 2022).set_index("year")
    assert list(frame["municipalities_in_force"]) == [0, 1, 1, 1, 0]
    assert list(frame["others_in_force"]) == [0, 0, 1, 1, 1]
    assert list(frame["adopted"]) == [0, 1, 1, 0, 0]
    assert list(frame["support_occasions"]) == [2, 1, 0, 0, 0]
    assert list(frame["support_actors"]) == [1, 1, 0, 0, 0]
    table = local_plans.yearly_summary_table(frame.reset_index())
    assert table.iloc[1]["Kommuner med gällande plan"] == f"1 av {len(ds.municipalities)}"


def test_the_example_data_has_a_municipality_with_two_plans_and_the_region(ds):
    plans = ds.local_plans[ds.local_plans["exists"]]
    twice = plans["actor"].value_counts()
    assert (twice >= 2).any(), "a municipality with an older plan and a newer one"
    actor = str(twice.index[0])
    history = local_plans.history(ds, actor, max(ds.years))
    assert local_plans.EXPIRED in set(history["standing"])
    assert local_plans.CURRENT in set(history["standing"])
    assert "region" in set(plans["actor"])
    assert not ds.process_support.empty and ds.process_support["is_example"].all()


# --- the file's rules -----------------------------------------------------------------------


def _load(tmp_path, *rows: str, header: str = HEADER):
    (tmp_path / practice.LOCAL_PLANS_FILE).write_text("\n".join([header, *rows]) + "\n",
                                                      encoding="utf-8")  # fmt: skip
    return practice.load_local_plans(tmp_path, ACTORS, SUBGOALS)


NO_ROW = "0760;nej;;;;;;;ja"
PLAN_ROW = "0780;ja;2019-05-01;KF;;2022;1.1;;ja"


@pytest.mark.parametrize(
    ("first", "row", "column", "words"),
    [
        (PLAN_ROW, "0780;ja;2019-05-01;KF;;2024;4.1;;ja", "antagen",
         "har redan en plan antagen 2019-05-01 (rad 2)"),
        (NO_ROW, "0760;nej;;;;;;;ja", "antagen", "har redan en rad utan antagningsdatum (rad 2)"),
        (NO_ROW, "0780;ja;2019-05-01;KF;2024;2023;1.1;;ja", "galler_fran", "efter sista året"),
        (NO_ROW, "0780;ja;2019-05-01;KF;2018;2023;1.1;;ja", "galler_fran", "före året den antogs"),
        (NO_ROW, "0780;ja;2019-05-01;KF;tjugo;2023;1.1;;ja", "galler_fran", "årtal"),
        (NO_ROW, "0780;ja;2019-05-01;KF;;2018;1.1;;ja", "galler_till", "före året den antogs"),
        (NO_ROW, "0780;nej;;;2020;;;;ja", "finns", "”nej” men"),
        (NO_ROW, "polisen;ja;2021-01-01;;;;1.1;;ja", "aktor", "okänt värde"),
    ],
)  # fmt: skip
def test_a_bad_row_is_named_by_file_row_and_column(tmp_path, first, row, column, words):
    with pytest.raises(DataError) as error:
        _load(tmp_path, first, row)
    assert error.value.file == f"data/{practice.LOCAL_PLANS_FILE}"
    assert (error.value.row, error.value.column) == (3, column)
    assert words in str(error.value)


def test_several_plans_per_actor_and_other_actors_load(tmp_path):
    plans = _load(tmp_path, "0780;ja;2018-05-14;KF;;2021;1.1;;ja",
                  "0780;ja;2022-11-21;KF;2023;2026;2.3, 4.2;;ja",
                  "region;ja;2021-03-16;Regionstyrelsen;;;1.4;;nej", "0760;nej;;;;;;;ja")  # fmt: skip
    assert list(plans["actor"]) == ["0780", "0780", "region", "0760"]
    assert list(plans["valid_from"].astype("object").fillna(0)) == [0, 2023, 0, 0]
    assert plans.loc[2, "adopted_by"] == "Regionstyrelsen" and not plans.loc[2, "is_example"]


def test_an_old_one_row_per_actor_file_loads_unchanged(tmp_path):
    old = "aktor;finns;antagen;antagen_av;galler_till;delmal;anmarkning;exempeldata"
    plans = _load(tmp_path, "0780;ja;2021-08-10;Kommunfullmäktige;2025;1.1, 2.3;;ja",
                  "0760;nej;;;;;;ja", header=old)  # fmt: skip
    assert list(plans.columns) == practice.LOCAL_PLAN_COLUMNS
    assert plans["valid_from"].isna().all()
    assert plans.loc[0, "valid_through"] == 2025 and plans.loc[0, "subgoal_ids"] == ("1.1", "2.3")
    # the minimal old header too (no antagen_av, no anmarkning)
    minimal = "aktor;finns;antagen;galler_till;delmal;exempeldata"
    plans = _load(tmp_path, "0780;ja;2021-08-10;2025;1.1;ja", header=minimal)
    assert plans.loc[0, "adopted_by"] == "" and plans.loc[0, "note"] == ""


# --- the pages' parts, year by year -----------------------------------------------------------


def _text(component) -> str:
    import json

    import plotly

    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_the_kommun_and_report_parts_follow_the_year(ds, app):
    """Kommun's local plan section and Kommunrapport's part: the plan that speaks for the year,
    the history with each plan's standing, the process support; never the later plan for an
    earlier year."""
    from dashboard.pages import kommun, kommunrapport

    old = _plan("0780", "2018-05-14", end=2021, subgoals=("1.1",))
    new = _plan("0780", "2022-11-21", start=2023, end=2026, subgoals=("2.3",))
    ds2 = replace(_plans(ds, [old, new]), process_support=pd.DataFrame(
        {"actor": ["0780"], "year": [2022], "description": ["Workshop om planens delmål"],
         "is_example": [False]}))  # fmt: skip
    for year, adopted, standings in ((2020, "2018-05-14", ["Gäller 2020", "Ännu inte antagen"]),
                                     (2025, "2022-11-21", ["Har gått ut", "Gäller 2025"])):  # fmt: skip
        section = _text(kommun.local_plan_section(ds2, "0780", year))
        assert f"Antagen {adopted}" in section and all(s in section for s in standings)
        assert f"Planen som gäller {year}" in section
        assert "Workshop om planens delmål" in section and "exempeldata" not in section
        part = _text(kommunrapport.local_plan_part(ds2, "0780", "Växjö", year))
        assert f"Antagen {adopted}" in part and all(s in part for s in standings)
    part = _text(kommunrapport.local_plan_part(ds2, "0780", "Växjö", 2022))
    assert ("Ingen lokal plan gällde 2022. Den förra gällde till 2021; en ny antogs 2022-11-21 "
            "och gäller från 2023." in part and "Antagen, gäller från 2023" in part)  # fmt: skip
    assert "Länsstyrelsens processtöd 2022: Workshop om planens delmål" in part
    others = replace(ds2, process_support=ds2.process_support.assign(actor="0760"))
    assert "Inget processtöd till Växjö är registrerat" in _text(
        kommun.local_plan_section(others, "0780", 2025))  # fmt: skip
    no_file = replace(ds2, process_support=ds2.process_support.iloc[:0])
    assert "Inga uppgifter om processtöd är registrerade" in _text(
        kommun.local_plan_section(no_file, "0780", 2025))  # fmt: skip


def test_uppfoljning_and_the_report_name_the_year_the_plans_are_counted_in(ds, app):
    """'3 av 5 lokala planer som gällde 2025': the count belongs to one year, which is said;
    and the process support sentence ends in one full stop, not two."""
    from dashboard.pages import uppfoljning
    from dashboard.ui import municipality_report

    item = progress.subgoal_progress(ds, "2.3")
    assert item.local_plans_year is not None
    shown = uppfoljning._plans_text(item)
    assert (
        f"gällande plan {item.local_plans_year}" in shown
        or f"registrerad {item.local_plans_year}" in shown
    )
    with_stop = replace(ds, process_support=pd.DataFrame(
        {"actor": ["0780"], "year": [2022], "description": ["Workshop om planens delmål."],
         "is_example": [False]}))  # fmt: skip
    sentence = municipality_report.process_support_text(with_stop, "0780", 2022)
    assert sentence == "Länsstyrelsens processtöd 2022: Workshop om planens delmål."
