"""Loading and validating every data file, and the error a broken file gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import COUNTY_DATA, SHIPPED_DATA

from dashboard.config import REPO_ROOT, get_settings
from dashboard.data import example_data
from dashboard.data.loader import DataError, get_dataset, load_dataset

DATA = COUNTY_DATA  # the fixture county (conftest), never the shipped data/
GEO = REPO_ROOT / "geo"


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def test_the_shipped_data_folder_is_valid_and_its_example_rows_say_so(tmp_path, monkeypatch):
    """The one test on the data folder the app would read (data/, or DASHBOARD_DATA_DIR as
    the run started); every other test runs on the fixture county. It must hold for the
    folder as shipped and after a real year is imported into it: it loads with its map,
    example rows are flagged and named as such, real rows are not, and example activities
    and local plans are exactly what example_data writes."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(SHIPPED_DATA))
    settings = get_settings()  # the geometry found the way the app finds it
    shipped = load_dataset(settings.data_dir, settings.geo_dir)
    assert len(shipped.municipalities) > 0 and shipped.years
    codes = {f["properties"]["kommunkod"] for f in shipped.geojson["features"]}
    assert codes == set(shipped.municipalities["code"])
    for frame in (shipped.values, shipped.activities, shipped.local_plans):
        assert frame["is_example"].dtype == bool
    example = shipped.values["is_example"]
    assert shipped.values.loc[example, "source"].str.contains("Exempeldata").all()
    assert not shipped.values.loc[~example, "source"].str.contains("Exempeldata").any()
    assert shipped.has_example_data == bool(example.any() or shipped.activities["is_example"]
                                            .any() or shipped.local_plans["is_example"].any())  # fmt: skip
    regenerated = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, regenerated, ignore=shutil.ignore_patterns(".historik"))
    example_data.write_example_files(regenerated)
    for name, frame in (("lansstyrelsens_aktiviteter.csv", shipped.activities),
                        ("lokala_handlingsplaner.csv", shipped.local_plans)):  # fmt: skip
        if frame["is_example"].all():
            assert (regenerated / name).read_bytes() == (SHIPPED_DATA / name).read_bytes(), name


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
    from dashboard.data.loader import clear_cache
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


# --- plausible ranges: in the catalogue, enforced when varden.csv is read ----------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1e308", "1e308 ligger utanför det tillåtna intervallet (0–100) för samordnare_antal"),
        ("99999999999999999999999", "ligger utanför det tillåtna intervallet (0–100)"),
        ("1e22", "1e22 ligger utanför det tillåtna intervallet (0–100)"),
        ("101", "101 ligger utanför det tillåtna intervallet (0–100)"),
        ("inf", "”inf” är inget tal"),
        ("nan", "”nan” är inget tal"),
        ("1e400", "”1e400” är inget tal"),
    ],
)
def test_a_hand_edited_absurd_value_is_a_data_error_not_an_overflow(tmp_path, value, expected):
    data = _broken_copy(tmp_path, "varden.csv", lambda t: t.replace(
        "0760;samordnare_antal;2018;0", f"0760;samordnare_antal;2018;{value}"))  # fmt: skip
    with pytest.raises(DataError) as caught:
        load_dataset(data, GEO)
    assert "data/varden.csv" in str(caught.value) and "kolumn ”varde”" in str(caught.value)
    assert expected in str(caught.value)


def test_every_numeric_indicator_has_a_plausible_range(ds):
    numeric = ds.indicators[ds.indicators["type"].isin(["andel", "antal", "decimal"])]
    assert numeric["min"].notna().all() and numeric["max"].notna().all()
    assert (numeric["max"] <= 1e9).all()
    shares = numeric[numeric["type"] == "andel"]
    assert (shares["min"] >= 0).all() and (shares["max"] <= 100).all()
    ranges = ds.indicators.set_index("id")[["min", "max"]].to_dict("index")
    assert ranges["samordnare_antal"] == {"min": 0, "max": 100}
    assert ranges["samordnare_tjanstgrad"] == {"min": 0, "max": 100}
    assert ranges["skyddat_boende_placeringar"] == {"min": 0, "max": 10_000}
    categorical = ds.indicators[ds.indicators["type"].isin(["ja_nej", "ordinal"])]
    assert categorical["min"].isna().all()
    stored = ds.values.merge(ds.indicators, left_on="indicator_id", right_on="id")
    numbers = stored[stored["type"].isin(["andel", "antal", "decimal"])].dropna(subset=["score"])
    assert numbers["score"].between(numbers["min"], numbers["max"]).all()


def _set_range(text: str, indicator: str, low: str, high: str) -> str:
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(indicator + ";"):
            cells = line.split(";")
            cells[7], cells[8] = low, high
            lines[i] = ";".join(cells)
    return "".join(lines)


@pytest.mark.parametrize(
    "indicator,low,high,expected",
    [
        ("samordnare_antal", "", "100", "kolumn ”min”: ange det rimliga intervallet"),
        ("samordnare_antal", "0", "", "kolumn ”max”: ange det rimliga intervallet"),
        ("samordnare_antal", "10", "5", "min (10) är större än max (5)"),
        ("samordnare_antal", "0", "1e308", "1e308 är orimligt stort"),
        ("samordnare_antal", "0", "inf", "”inf” är inget tal"),
        ("samordnare_antal", "0", "2,5", "2,5 ska vara ett heltal"),
        ("sosfs_mal1", "0", "150", "intervallet ska ligga inom 0–100"),
        ("samordnare", "0", "1", "lämna min och max tomma"),
    ],
)  # fmt: skip
def test_a_broken_range_in_the_catalogue_is_explained(tmp_path, indicator, low, high, expected):
    data = _broken_copy(tmp_path, "indikatorer.csv",
                        lambda t: _set_range(t, indicator, low, high))  # fmt: skip
    with pytest.raises(DataError) as caught:
        load_dataset(data, GEO)
    assert "data/indikatorer.csv" in str(caught.value) and expected in str(caught.value)


def test_a_line_separator_in_a_cell_does_not_split_the_row(tmp_path):
    """str.splitlines() splits at U+2028; the loader refuses it, as the importer does, and
    names the row the file has (not a row further down from a split)."""
    data = _broken_copy(tmp_path, "varden.csv", lambda t: t.replace(
        "0760;samordnare;2018;nej;ja;", "0760;samordnare;2018;nej;ja;Källa\u2028med avgränsare ", 1))  # fmt: skip
    row = next(i for i, line in enumerate((data / "varden.csv").read_text(encoding="utf-8-sig")
                                          .split("\n"), start=1) if "\u2028" in line)  # fmt: skip
    with pytest.raises(DataError, match=f"rad {row}, kolumn ”kalla”: .*radavgränsaren U\\+2028"):
        load_dataset(data, GEO)


@pytest.mark.parametrize(("file", "column"), [("varden.csv", "kalla"),
                                              ("kommuner.csv", "kommun")])  # fmt: skip
def test_a_column_named_twice_in_a_data_file_is_refused(tmp_path, file, column):
    """The loader's side of the importer's rule: which of two columns holds the data cannot
    be known, so the file is refused at its header, never read from one of them."""

    def twice(text: str) -> str:
        lines = text.split("\n")
        lines[0] += f";{column}"  # a column the file already has
        lines[1:] = [line + ";annat" if line else line for line in lines[1:]]
        return "\n".join(lines)

    data = _broken_copy(tmp_path, file, twice)
    with pytest.raises(DataError) as caught:
        load_dataset(data, GEO)
    message = str(caught.value)
    assert f"data/{file}, rad 1" in message
    assert f"kolumnen ”{column}” finns två gånger i rubrikraden" in message
