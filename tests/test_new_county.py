"""`python -m dashboard nytt-lan`: another county's data folder from its county code."""

from __future__ import annotations

import json

import pytest

from dashboard.__main__ import main
from dashboard.config import get_settings
from dashboard.data import loader
from dashboard.data.new_county import ScaffoldError, county_for, scaffold


@pytest.fixture(scope="module", params=[("12", "Skåne län", 33), ("25", "Norrbottens län", 14)])
def scaffolded(request, tmp_path_factory):
    code, name, count = request.param
    folder = tmp_path_factory.mktemp(f"lan-{code}") / "data"
    made = scaffold(code, folder)
    return folder, made, name, count


def test_the_folder_loads_with_the_countys_municipalities(scaffolded):
    folder, made, name, count = scaffolded
    ds = loader.load_dataset(folder, folder / "geo")
    assert (ds.county.code, ds.county.name, len(ds.municipalities)) == (made.county.code, name,
                                                                        count)  # fmt: skip
    assert made.municipalities == count
    assert {f["properties"]["kommunkod"] for f in ds.geojson["features"]} == set(
        ds.municipalities["code"]
    )
    assert all(code.startswith(made.county.code) for code in ds.municipalities["code"])
    assert ds.county.organisation == f"Länsstyrelsen i {name}"


def test_the_app_finds_the_folder_and_its_map_from_the_data_folder_alone(scaffolded,
                                                                         monkeypatch):  # fmt: skip
    folder, _made, _name, count = scaffolded
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))
    monkeypatch.delenv("DASHBOARD_GEO_DIR", raising=False)
    assert get_settings().geo_dir == folder / "geo"
    loader.clear_cache()
    try:
        assert len(loader.get_dataset().municipalities) == count
    finally:
        loader.clear_cache()


def test_example_values_and_the_copied_plan_are_marked(scaffolded):
    folder, made, name, _count = scaffolded
    ds = loader.load_dataset(folder, folder / "geo")
    assert len(ds.values) == made.values > 0
    assert bool(ds.values["is_example"].all()) and ds.has_example_data
    assert bool(ds.activities["is_example"].all()) and bool(ds.local_plans["is_example"].all())
    # the plan's texts the pages quote say it is Kronoberg's, copied as a starting point
    document = ds.plan.document
    assert document["kalla"].startswith(f"Utgångspunkt för {name}, inte länets egen plan: ")
    assert "Kronobergs" in document["kalla"] and "Kronobergs" in document["utgangspunkt"]
    assert document["titel"].startswith("Utgångspunkt")
    assert document["syfte"].startswith("Utgångspunkt")
    assert "Utgångspunkt" in (folder / "plan" / "README.md").read_text("utf-8")[:200]
    assert len(ds.plan.subgoals) == 16
    # made-up populations say so beside the number, where the pages show it
    assert ds.municipalities["population_date"].str.contains("påhittad").all()
    readme = (folder / "README.md").read_text("utf-8")
    assert name in readme and "exempeldata" in readme and "utgångspunkt" in readme
    assert (folder / "templates" / "uppfoljning-mall.xlsx").is_file()


def test_a_county_of_one_municipality(tmp_path):
    made = scaffold("09", tmp_path / "gotland")
    ds = loader.load_dataset(made.folder, made.folder / "geo")
    assert list(ds.municipalities["name"]) == ["Gotland"]
    assert set(ds.values["municipality_code"]) == {"0980"}
    assert not (made.folder / ".exempel").exists()
    # every example file, as a county of several municipalities gets them, the made-up
    # neighbour gone from each (#33: assessments and process support too)
    from dashboard.data.example_data import EXAMPLE_FILES

    for name in EXAMPLE_FILES:
        text = (made.folder / name).read_text(encoding="utf-8-sig")
        assert "9999" not in text, name
    assert not ds.assessments.empty and not ds.process_support.empty
    readme = (made.folder / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in EXAMPLE_FILES)


def test_an_unknown_county_code_is_refused_in_swedish(tmp_path, capsys):
    for code in ("11", "99", "0", "abc", "120"):
        with pytest.raises(ScaffoldError, match=f"Okänd länskod ”{code}”"):
            county_for(code)
    assert county_for("7").name == "Kronobergs län"
    folder = tmp_path / "lan"
    assert main(["nytt-lan", "11", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "Okänd länskod ”11”" in err and "12 Skåne län" in err
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_use_is_left_alone(tmp_path, capsys):
    folder = tmp_path / "lan"
    folder.mkdir()
    (folder / "varden.csv").write_text("keep", encoding="utf-8")
    assert main(["nytt-lan", "25", str(folder)]) == 1
    assert "finns redan" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["varden.csv"]


def test_the_command_line_writes_a_folder_that_loads(tmp_path, capsys):
    folder = tmp_path / "norrbotten"
    assert main(["nytt-lan", "25", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Norrbottens län, 14 kommuner" in out and f"DASHBOARD_DATA_DIR={folder}" in out
    geo = json.loads((folder / "geo" / "kommuner.geojson").read_text("utf-8"))
    assert len(geo["features"]) == 14
    assert [p.name for p in tmp_path.iterdir()] == ["norrbotten"]  # no work folder left
