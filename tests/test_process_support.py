"""The Länsstyrelse's process support to actors writing local plans (#33), data/processtod.csv,
and the local plans' import with several plans per actor: the loader's rules (Swedish errors
naming file, row and column), the optional file, import with dry run, history and undo for
both lists, the templates, and the domain's counts per actor and year. Every test that
writes works on a copy of the fixture county in tmp_path."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import COUNTY_DATA

from dashboard.__main__ import main
from dashboard.config import REPO_ROOT
from dashboard.data import importer, practice, practice_import
from dashboard.data.loader import DataError, get_dataset, load_dataset
from dashboard.data.practice_import import LOCAL_PLANS, PROCESS_SUPPORT
from dashboard.domain import local_plans
from tests.workbooks import xlsx

pytestmark = pytest.mark.unit

GEO = REPO_ROOT / "geo"
HEADER = "aktor;ar;beskrivning;exempeldata"
ACTORS = {"0760", "0780", "region"}


def _load(tmp_path: Path, *rows: str, header: str = HEADER) -> pd.DataFrame:
    (tmp_path / practice.PROCESS_SUPPORT_FILE).write_text("\n".join([header, *rows]) + "\n",
                                                          encoding="utf-8")  # fmt: skip
    return practice.load_process_support(tmp_path, ACTORS)


# --- the file ----------------------------------------------------------------------------------


def test_several_rows_per_actor_and_year_load(tmp_path):
    frame = _load(tmp_path, "0780;2022;Uppstartsmöte;ja", "0780;2022;Workshop;ja",
                  "region;2023;Synpunkter på utkast;nej")  # fmt: skip
    assert list(frame.columns) == practice.PROCESS_SUPPORT_COLUMNS
    assert list(frame["year"]) == [2022, 2022, 2023]
    assert list(frame["is_example"]) == [True, True, False]


def test_the_file_is_optional(tmp_path, data_dir):
    assert practice.load_process_support(tmp_path, ACTORS).empty
    (data_dir / practice.PROCESS_SUPPORT_FILE).unlink()
    ds = load_dataset(data_dir, GEO)
    assert ds.process_support.empty
    assert list(ds.process_support.columns) == practice.PROCESS_SUPPORT_COLUMNS
    assert local_plans.process_support(ds, "0780").empty
    summary = local_plans.yearly_summary(ds, 2018, 2025)
    assert summary["support_occasions"].eq(0).all()


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("9999;2022;Möte;ja", "aktor", "okänt värde ”9999”"),
        ("0780;tjugo;Möte;ja", "ar", "årtal"),
        ("0780;1850;Möte;ja", "ar", "årtal"),
        ("0780;2022;;ja", "beskrivning", "saknas"),
        ("0780;2022;Möte;kanske", "exempeldata", "ja eller nej"),
        ("0780;2022;Uppstartsmöte;ja", "beskrivning", "står redan på rad 2"),
    ],
)
def test_a_bad_row_is_named_by_file_row_and_column(tmp_path, row, column, words):
    with pytest.raises(DataError) as error:
        _load(tmp_path, "0780;2022;Uppstartsmöte;ja", row)
    assert error.value.file == f"data/{practice.PROCESS_SUPPORT_FILE}"
    assert (error.value.row, error.value.column) == (3, column)
    assert words in str(error.value)


def test_a_missing_column_is_named(tmp_path):
    with pytest.raises(DataError) as error:
        _load(tmp_path, "0780;2022;ja", header="aktor;ar;exempeldata")
    assert "”beskrivning”" in str(error.value) and error.value.row == 1


# --- the domain ---------------------------------------------------------------------------------


def test_support_per_actor_and_year(tmp_path):
    ds = get_dataset()
    frame = pd.DataFrame({"actor": ["0780", "0780", "region", "0760"],
                          "year": [2022, 2023, 2022, 2022],
                          "description": ["a", "b", "c", "d"], "is_example": [True] * 4})  # fmt: skip
    ds2 = replace(ds, process_support=frame)
    of_vaxjo = local_plans.process_support(ds2, "0780")
    assert list(of_vaxjo["year"]) == [2023, 2022]  # newest first
    assert list(local_plans.process_support(ds2, year=2022)["name"]) == [
        local_plans.actor_name(ds, "0780"), "Region Kronoberg", local_plans.actor_name(ds, "0760")]  # fmt: skip
    per_year = local_plans.process_support_per_year(ds2, 2021, 2023).set_index("year")
    assert list(per_year["occasions"]) == [0, 3, 1]
    assert list(per_year["actors"]) == [0, 3, 1]
    assert list(per_year["municipalities"]) == [0, 2, 1]


def test_the_example_support_is_flagged():
    ds = get_dataset()
    assert not ds.process_support.empty and ds.process_support["is_example"].all()
    assert ds.process_support["description"].str.startswith("Exempel:").all()
    assert ds.has_example_data


# --- import, dry run, history and undo ---------------------------------------------------------


def test_process_support_import_dry_run_and_undo(tmp_path, data_dir):
    live = data_dir / practice.PROCESS_SUPPORT_FILE
    before = live.read_bytes()
    path = xlsx(tmp_path / "processtod.xlsx", ["aktor", "ar", "beskrivning"],
                [["0780", 2025, "Workshop med arbetsgruppen"], ["region", 2025, "Möte"],
                 ["0780", 2025, "Synpunkter på utkast"]], "Processtöd")  # fmt: skip
    dry = practice_import.run_import(PROCESS_SUPPORT, path, data_dir=data_dir, geo_dir=GEO,
                                     dry_run=True)  # fmt: skip
    assert not dry.written and live.read_bytes() == before
    assert not list((data_dir / importer.HISTORY_DIR).glob("processtod-*.csv"))
    result = practice_import.run_import(PROCESS_SUPPORT, path, data_dir=data_dir, geo_dir=GEO)
    assert result.written and result.rows == 3 and result.backup.read_bytes() == before
    after = live.read_bytes()
    ds = load_dataset(data_dir, GEO)
    assert list(ds.process_support["actor"]) == ["0780", "region", "0780"]
    assert not ds.process_support["is_example"].any()  # imported rows are real
    restored = practice_import.undo(PROCESS_SUPPORT, data_dir)
    assert live.read_bytes() == before and restored.name.startswith("processtod-")
    undone = list((data_dir / importer.HISTORY_DIR).glob("angrad-processtod-*.csv"))
    assert [p.read_bytes() for p in undone] == [after]


def test_a_bad_process_support_row_is_named_in_the_persons_file(tmp_path, data_dir):
    before = (data_dir / practice.PROCESS_SUPPORT_FILE).read_bytes()
    path = xlsx(tmp_path / "processtod.xlsx", ["aktor", "ar", "beskrivning"],
                [["0780", 2025, "Möte"], ["0780", 2025, "Möte"]], "Processtöd")  # fmt: skip
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(PROCESS_SUPPORT, path, data_dir=data_dir, geo_dir=GEO)
    error = failed.value.errors[0]
    assert (error.file, error.sheet, error.row, error.column) == (
        "processtod.xlsx", "Processtöd", 3, "beskrivning")  # fmt: skip
    assert (data_dir / practice.PROCESS_SUPPORT_FILE).read_bytes() == before


def test_process_support_import_into_a_folder_without_the_file(tmp_path, data_dir):
    (data_dir / practice.PROCESS_SUPPORT_FILE).unlink()
    path = xlsx(tmp_path / "p.xlsx", ["aktor", "ar", "beskrivning"], [["0780", 2024, "Möte"]],
                "Processtöd")  # fmt: skip
    practice_import.run_import(PROCESS_SUPPORT, path, data_dir=data_dir, geo_dir=GEO)
    assert len(load_dataset(data_dir, GEO).process_support) == 1
    practice_import.undo(PROCESS_SUPPORT, data_dir)
    assert load_dataset(data_dir, GEO).process_support.empty  # back to no support recorded


PLAN_HEADER = ["aktor", "finns", "antagen", "antagen_av", "galler_fran", "galler_till", "delmal"]


def test_local_plans_over_time_import_dry_run_and_undo(tmp_path, data_dir):
    live = data_dir / practice.LOCAL_PLANS_FILE
    before = live.read_bytes()
    path = xlsx(tmp_path / "planer.xlsx", PLAN_HEADER,
                [["0780", "Ja", "2018-05-14", "Kommunfullmäktige", "", 2021, "1.1"],
                 ["0780", "Ja", "2022-11-21", "Kommunfullmäktige", 2023, 2026, "2.3, 4.2"],
                 ["region", "Ja", "2021-03-16", "Regionstyrelsen", "", "", "1.4"],
                 ["0760", "Nej", "", "", "", "", ""]], "Lokala planer")  # fmt: skip
    dry = practice_import.run_import(LOCAL_PLANS, path, data_dir=data_dir, geo_dir=GEO,
                                     dry_run=True)  # fmt: skip
    assert not dry.written and live.read_bytes() == before
    practice_import.run_import(LOCAL_PLANS, path, data_dir=data_dir, geo_dir=GEO)
    ds = load_dataset(data_dir, GEO)
    assert local_plans.in_force_row(ds, "0780", 2020)["adopted"].year == 2018
    assert local_plans.in_force_row(ds, "0780", 2022) is None
    assert local_plans.in_force_row(ds, "0780", 2024)["subgoal_ids"] == ("2.3", "4.2")
    assert local_plans.in_force(ds, "region", 2030)
    # the template holds the real rows and imports back to the same file
    out = practice_import.write_templates(ds, tmp_path / "mallar")
    assert {p.name for p in out} >= {"processtod-mall.csv", "processtod-mall.xlsx"}
    imported = live.read_bytes()
    for suffix in ("xlsx", "csv"):
        again = practice_import.run_import(LOCAL_PLANS, tmp_path / "mallar" /
                                           f"lokala-planer-mall.{suffix}", data_dir=data_dir,
                                           geo_dir=GEO)  # fmt: skip
        assert not again.written and live.read_bytes() == imported
    practice_import.undo(LOCAL_PLANS, data_dir)
    assert live.read_bytes() == before


def test_a_duplicate_plan_in_the_import_names_row_and_column(tmp_path, data_dir):
    path = xlsx(tmp_path / "planer.xlsx", PLAN_HEADER,
                [["0780", "Ja", "2022-11-21", "KF", "", 2026, "1.1"],
                 ["0780", "Ja", "2022-11-21", "KF", 2024, 2026, "2.3"]], "Lokala planer")  # fmt: skip
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(LOCAL_PLANS, path, data_dir=data_dir, geo_dir=GEO)
    error = failed.value.errors[0]
    assert (error.file, error.row, error.column) == ("planer.xlsx", 3, "antagen")
    assert "har redan en plan antagen 2022-11-21" in str(error)


def test_the_command_line(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    path = xlsx(tmp_path / "p.xlsx", ["aktor", "ar", "beskrivning"], [["0780", 2024, "Möte"]],
                "Processtöd")  # fmt: skip
    assert main(["import", "--vad", "processtod", str(path), "--dry-run"]) == 0
    assert "Provkörning" in capsys.readouterr().out
    assert main(["import", "--vad", "processtod", str(path)]) == 0
    assert "--vad processtod --undo" in capsys.readouterr().out
    assert main(["import", "--vad", "processtod", "--undo"]) == 0
    assert (data_dir / practice.PROCESS_SUPPORT_FILE).read_bytes() == (
        COUNTY_DATA / practice.PROCESS_SUPPORT_FILE).read_bytes()  # fmt: skip


def test_the_committed_templates_are_current():
    ds = load_dataset(COUNTY_DATA, GEO)
    for target in (LOCAL_PLANS, PROCESS_SUPPORT):
        committed = COUNTY_DATA / "templates" / f"{target.prefix}-mall.xlsx"
        assert practice_import.template_xlsx(ds, target) == committed.read_bytes()
        book = openpyxl.load_workbook(committed)
        assert [c.value for c in book[target.sheet][1]] == list(target.columns[:-1])
