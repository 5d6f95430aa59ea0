"""Import of the Länsstyrelse's activities and the local plans (issue #20): the list from
Excel or CSV replaces the file after the loader's own checks, the old list is kept and can be
put back, and a bad row is named by file, sheet, row and column — with nothing written.
Every test works on a copy of data/ in tmp_path."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import COUNTY_DATA

from dashboard.__main__ import main
from dashboard.config import REPO_ROOT
from dashboard.data import importer, practice, practice_import
from dashboard.data.loader import DataError, load_dataset
from dashboard.data.practice_import import ACTIVITIES, LOCAL_PLANS
from tests.workbooks import xlsx

pytestmark = pytest.mark.unit

DATA = COUNTY_DATA  # the fixture county (conftest), never the shipped data/
GEO = REPO_ROOT / "geo"
ACTIVITY_HEADER = ["id", "ar", "delmal", "titel", "typ", "ansvarig", "status", "datum",
                   "deltagare", "anmarkning"]  # fmt: skip


GOOD = [
    ["A2025-01", 2025, "1.1, 2.3", "Utbildning för socialtjänsten", "Utbildning",
     "Länsstyrelsen", "Genomförd", "2025-03-14", 41, ""],
    ["", 2025, "4.2", "Nätverksträff om SUV", "nätverksträff", "", "planerad", "", None, ""],
    ["", 2026, "2.6", "Kampanj", "kampanj", "", "Pågår", "", "", "Vecka 47"],
]  # fmt: skip


def test_a_good_list_replaces_the_file_with_real_rows_and_keeps_the_old_one(tmp_path,
                                                                           data_dir):  # fmt: skip
    before = (data_dir / practice.ACTIVITIES_FILE).read_bytes()
    path = xlsx(tmp_path / "aktiviteter.xlsx", ACTIVITY_HEADER, GOOD)
    result = practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO)
    assert result.written and result.rows == 3
    assert result.backup.read_bytes() == before  # the old list, kept in .historik/
    ds = load_dataset(data_dir, GEO)
    acts = ds.activities.set_index("id")
    assert list(acts.index) == ["A2025-01", "A2025-02", "A2026-01"]  # ids given to new rows
    assert acts.loc["A2025-01", "kind"] == "utbildning"  # the label read as its code
    assert acts.loc["A2025-02", "kind"] == "natverkstraff"
    assert acts.loc["A2026-01", "status"] == "pagar"
    assert acts.loc["A2025-01", "subgoal_ids"] == ("1.1", "2.3")
    assert str(acts.loc["A2025-01", "date"].date()) == "2025-03-14"  # an Excel date cell
    assert not acts["is_example"].any()  # imported rows are real


def test_a_bad_row_is_named_by_file_sheet_row_and_column_and_nothing_is_written(tmp_path,
                                                                                data_dir):  # fmt: skip
    before = (data_dir / practice.ACTIVITIES_FILE).read_bytes()
    rows = [GOOD[0], [*GOOD[1][:2], "9.9", *GOOD[1][3:]]]  # row 3 of the sheet
    path = xlsx(tmp_path / "aktiviteter.xlsx", ACTIVITY_HEADER, rows)
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO)
    error = failed.value.errors[0]
    assert (error.file, error.sheet, error.row, error.column) == (
        "aktiviteter.xlsx",
        "Aktiviteter",
        3,
        "delmal",
    )
    assert "okänt delmål ”9.9”" in str(error)
    assert (data_dir / practice.ACTIVITIES_FILE).read_bytes() == before
    assert not list((data_dir / importer.HISTORY_DIR).glob("aktiviteter-*.csv"))


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [(["A1", 2025, "1.1", "T", "fest", "", "genomford", "", "", ""], "typ", "fest"),
     (["A1", 2025, "1.1", "T", "kampanj", "", "klar", "", "", ""], "status", "klar"),
     (["A1", "tjugo", "1.1", "T", "kampanj", "", "planerad", "", "", ""], "ar", "årtal"),
     (["A1", 2025, "1.1", "T", "kampanj", "", "planerad", "14/3", "", ""], "datum", "2025-03-14")],
)  # fmt: skip
def test_each_kind_of_bad_value_gets_a_swedish_answer(tmp_path, data_dir, row, column, words):
    path = tmp_path / "aktiviteter.csv"
    path.write_text(";".join(ACTIVITY_HEADER) + "\n" + ";".join(str(c) for c in row) + "\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO)
    error = failed.value.errors[0]
    assert (error.file, error.row, error.column) == ("aktiviteter.csv", 2, column)
    assert words in str(error)


def test_a_missing_column_is_named(tmp_path, data_dir):
    path = xlsx(tmp_path / "planer.xlsx", ["kommun", "finns"], [["0780", "ja"]], "Lokala planer")
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(LOCAL_PLANS, path, data_dir=data_dir, geo_dir=GEO)
    assert "”aktor”" in str(failed.value.errors[0]) and "saknas" in str(failed.value.errors[0])


def test_local_plans_import_and_undo_restore_the_list_byte_for_byte(tmp_path, data_dir):
    live = data_dir / practice.LOCAL_PLANS_FILE
    before = live.read_bytes()
    path = xlsx(tmp_path / "planer.xlsx",
                ["aktor", "finns", "antagen", "antagen_av", "galler_till", "delmal"],
                [["0780", "Ja", "2024-02-01", "Kommunfullmäktige", 2027, "1.1, 4.2"],
                 ["0760", "Nej", "", "", "", ""]], "Lokala planer")  # fmt: skip
    practice_import.run_import(LOCAL_PLANS, path, data_dir=data_dir, geo_dir=GEO)
    after = live.read_bytes()
    plans = load_dataset(data_dir, GEO).local_plans.set_index("actor")
    assert plans.loc["0780", "valid_through"] == 2027 and not plans["is_example"].any()
    restored = practice_import.undo(LOCAL_PLANS, data_dir)
    assert live.read_bytes() == before
    assert restored.name.startswith("lokala-planer-")
    undone = list((data_dir / importer.HISTORY_DIR).glob("angrad-lokala-planer-*.csv"))
    assert [p.read_bytes() for p in undone] == [after]  # the undone list is kept
    with pytest.raises(DataError, match="ingen tidigare version"):
        practice_import.undo(LOCAL_PLANS, data_dir)
    # the values' history is another file's: untouched by this undo
    assert not list((data_dir / importer.HISTORY_DIR).glob("varden-*.csv"))


def test_dry_run_checks_but_writes_nothing(tmp_path, data_dir):
    before = (data_dir / practice.ACTIVITIES_FILE).read_bytes()
    path = xlsx(tmp_path / "aktiviteter.xlsx", ACTIVITY_HEADER, GOOD)
    result = practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO,
                                        dry_run=True)  # fmt: skip
    assert not result.written
    assert (data_dir / practice.ACTIVITIES_FILE).read_bytes() == before
    assert not (data_dir / importer.HISTORY_DIR).exists() or not list(
        (data_dir / importer.HISTORY_DIR).iterdir()
    )


def test_a_failed_check_at_write_time_leaves_the_old_list(tmp_path, data_dir, monkeypatch):
    before = (data_dir / practice.ACTIVITIES_FILE).read_bytes()
    path = xlsx(tmp_path / "aktiviteter.xlsx", ACTIVITY_HEADER, GOOD)

    def refuse(*_args, **_kwargs):
        raise DataError("vägrad", file="x", row=2, column="id")

    monkeypatch.setattr(practice_import, "check", refuse)  # the check inside the atomic write
    with pytest.raises(importer.ImportFailed):
        practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO)
    assert (data_dir / practice.ACTIVITIES_FILE).read_bytes() == before
    leftovers = [p for p in data_dir.rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers
    assert not list((data_dir / importer.HISTORY_DIR).glob("aktiviteter-*.csv"))


def test_the_command_line(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    path = xlsx(tmp_path / "aktiviteter.xlsx", ACTIVITY_HEADER, GOOD)
    assert main(["import", "--vad", "aktiviteter", str(path)]) == 0
    assert (
        "Ångra med: python -m dashboard import --vad aktiviteter --undo" in capsys.readouterr().out
    )
    assert main(["import", "--vad", "aktiviteter", "--undo"]) == 0
    bad = xlsx(tmp_path / "fel.xlsx", ACTIVITY_HEADER, [[*GOOD[0][:4], "fest", *GOOD[0][5:]]])
    assert main(["import", "--vad", "aktiviteter", str(bad)]) == 1
    assert "fel.xlsx, blad ”Aktiviteter”, rad 2, kolumn ”typ”" in capsys.readouterr().err


def test_templates_hold_the_real_rows_and_read_back(tmp_path, data_dir):
    path = xlsx(tmp_path / "aktiviteter.xlsx", ACTIVITY_HEADER, GOOD)
    practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO)
    ds = load_dataset(data_dir, GEO)
    out = practice_import.write_templates(ds, tmp_path / "mallar")
    assert sorted(p.name for p in out) == ["aktiviteter-mall.csv", "aktiviteter-mall.xlsx",
                                           "bedomningar-mall.csv", "bedomningar-mall.xlsx",
                                           "lokala-planer-mall.csv", "lokala-planer-mall.xlsx",
                                           "processtod-mall.csv", "processtod-mall.xlsx"]  # fmt: skip
    template = tmp_path / "mallar" / "aktiviteter-mall.xlsx"
    book = openpyxl.load_workbook(template)
    header = [c.value for c in book["Aktiviteter"][1]]  # the columns of #20, then the plan's (#33)
    assert header == [c for c in ACTIVITIES.columns if c != "exempeldata"]
    assert set(ACTIVITY_HEADER) <= set(header)
    assert book["Aktiviteter"].max_row == 4  # the three real rows
    # the template as it is imports to the same list
    before = (data_dir / practice.ACTIVITIES_FILE).read_bytes()
    result = practice_import.run_import(ACTIVITIES, template, data_dir=data_dir, geo_dir=GEO)
    assert not result.written and (data_dir / practice.ACTIVITIES_FILE).read_bytes() == before
    # while only example data ships, the template has no rows to keep
    shipped = practice_import.template_rows(load_dataset(DATA, GEO), LOCAL_PLANS)
    assert shipped == []


def test_committed_templates_are_current():
    ds = load_dataset(DATA, GEO)
    for target in practice_import.TARGETS.values():
        committed = DATA / "templates" / f"{target.prefix}-mall.xlsx"
        assert practice_import.template_xlsx(ds, target) == committed.read_bytes(), (
            "regenerate: python -m dashboard import --mall"
        )
