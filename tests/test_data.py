"""Loading and validating every data file, and the error a broken file gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.config import REPO_ROOT
from dashboard.data import DataError, get_dataset, load_dataset

DATA = REPO_ROOT / "data"
GEO = REPO_ROOT / "geo"


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def test_plan_has_four_goals_and_sixteen_subgoals_under_the_right_goals(ds):
    plan = ds.plan
    assert list(plan.goals["id"]) == ["1", "2", "3", "4"]
    assert plan.goals["name"].iloc[0].startswith("Ett utökat och ett verkningsfullt förebyggande")
    per_goal = plan.subgoals.groupby("goal_id")["id"].apply(list).to_dict()
    assert per_goal == {
        "1": ["1.1", "1.2", "1.3", "1.4"],
        "2": ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"],
        "3": ["3.1", "3.2", "3.3"],
        "4": ["4.1", "4.2", "4.3"],
    }
    assert set(plan.activities["subgoal_id"]) == set(plan.subgoals["id"])
    assert set(plan.followups["subgoal_id"]) == set(plan.subgoals["id"])
    assert "SOSFS 2014:4" in plan.subgoals.set_index("id").loc["4.1", "text"]


def test_plan_context_is_complete(ds):
    plan = ds.plan
    assert len(plan.perspectives) == 9
    assert len(plan.equality_goals) >= 5
    assert {"5.2", "5.3", "16.1", "16.2"} <= set(plan.agenda2030["target"])
    assert {"primär", "sekundär"} == set(plan.target_groups["kind"])
    assert "Barnahus Kronoberg" in set(plan.actors["name"])
    assert any("SOSFS" in t for t in plan.agreements["text"])
    # wording repaired: no hyphenation debris left from the PDF
    for text in plan.subgoals["text"]:
        assert "- " not in text.replace("- och", "")


def test_municipalities_are_the_county_with_scb_population(ds):
    names = set(ds.municipalities["name"])
    assert names == {"Alvesta", "Lessebo", "Ljungby", "Markaryd", "Tingsryd", "Uppvidinge",
                     "Växjö", "Älmhult"}  # fmt: skip
    assert ds.municipalities["population"].sum() == 203351
    assert list(ds.municipalities["name"])[-1] == "Älmhult"  # Swedish order: Ä after V


def test_indicator_catalogue_covers_the_required_indicators(ds):
    ids = set(ds.indicators["id"])
    assert {"samordnare", "samordnare_antal", "samordnare_tjanstgrad", "suv_status"} <= ids
    assert {f"sosfs_mal{g}" for g in "1234"} | {"sosfs_alla"} <= ids
    criteria = ds.indicators[ds.indicators["is_criterion"]]
    assert set(criteria["goal_id"]) == {"1", "2", "3", "4"}
    goal_ids = set(ds.plan.goals["id"]) | {""}
    assert set(ds.indicators["goal_id"]) <= goal_ids
    subgoal_ids = set(ds.plan.subgoals["id"])
    for linked in ds.indicators["subgoal_ids"]:
        assert set(linked) <= subgoal_ids
    assert criteria["reference"].str.len().min() > 0


def test_values_are_complete_marked_example_data_from_2018(ds):
    assert ds.years[0] == 2018
    assert ds.has_example_data
    assert ds.values["is_example"].all()
    assert ds.values["source"].str.contains("Exempeldata").all()
    stored = ds.indicators[ds.indicators["derived"] == ""]
    expected = len(ds.municipalities) * len(stored) * len(ds.years)
    assert len(ds.values) == expected


def test_geometry_and_municipality_codes_agree(ds):
    codes = {f["properties"]["kommunkod"] for f in ds.geojson["features"]}
    assert codes == set(ds.municipalities["code"])


def _broken_copy(tmp_path: Path, file: str, edit) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / file
    path.write_text(edit(path.read_text(encoding="utf-8-sig")), encoding="utf-8-sig")
    return data


@pytest.mark.parametrize(
    "file,edit,expected",
    [
        ("varden.csv", lambda t: t.replace("0760;samordnare;2018", "0999;samordnare;2018"),
         "kolumn ”kommunkod”: okänt värde ”0999”"),
        ("varden.csv", lambda t: t.replace("0760;samordnare_antal;2018;0", "0760;samordnare_antal;2018;tre"),
         "”tre” är inget tal"),
        ("varden.csv", lambda t: t.replace(";suv_status;2019;", ";suv_status;2018;", 1),
         "raden finns redan"),
        ("varden.csv", lambda t: t.replace("0760;samordnare;2018;nej", "0760;samordnare;2018;kanske"),
         "”kanske” är inget tillåtet värde"),
        ("varden.csv", lambda t: t.replace("kommunkod;", "kod;", 1), "saknas i rubrikraden"),
        ("varden.csv", lambda t: "", "filen är tom"),
        ("indikatorer.csv", lambda t: t.replace(";ja_nej;ja_nej;", ";jaa;ja_nej;", 1),
         "kolumn ”typ”: okänt värde ”jaa”"),
        ("plan/delmal.csv", lambda t: t.replace("\n1.2;1;", "\n1.2;7;", 1), "kolumn ”mal_id”"),
    ],
)  # fmt: skip
def test_broken_file_gives_swedish_error_with_place(tmp_path, file, edit, expected):
    data = _broken_copy(tmp_path, file, edit)
    with pytest.raises(DataError) as caught:
        load_dataset(data, GEO)
    assert expected in str(caught.value)
    assert file.split("/")[-1] in str(caught.value)


def test_file_not_in_utf8_is_explained(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = (data / "kommuner.csv").read_text(encoding="utf-8-sig")
    (data / "kommuner.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(DataError, match="UTF-8"):
        load_dataset(data, GEO)


def test_broken_data_gives_a_message_not_a_crash(tmp_path, monkeypatch, dash_app):
    from dashboard.data import clear_cache
    from dashboard.pages import om

    data = _broken_copy(tmp_path, "varden.csv", lambda t: t + "0760;okand_indikator;2018;1;ja;x\n")
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    clear_cache()
    try:
        rendered = str(om.layout())
        assert "Uppgifterna kunde inte läsas" in rendered
        assert "okand_indikator" in rendered
    finally:
        monkeypatch.delenv("DASHBOARD_DATA_DIR")
        clear_cache()
