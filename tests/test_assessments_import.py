"""Import of Länsstyrelsens bedömning (issue #33): the list from Excel or CSV replaces
data/bedomningar.csv after the loader's own checks, the old list is kept and can be put back,
a bad row is named by file, sheet, row and column with nothing written, and the template
re-imported unchanged changes nothing. Every test works on a copy of the fixture county."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from dashboard.__main__ import main
from dashboard.config import REPO_ROOT
from dashboard.data import assessments, importer, practice, practice_import
from dashboard.data.loader import get_dataset, load_dataset
from dashboard.data.practice_import import ACTIVITIES, ASSESSMENTS
from tests import workbooks

pytestmark = pytest.mark.unit

GEO = REPO_ROOT / "geo"
HEADER = ["ar", "delmal", "status", "bedomning", "indikatorer", "aktiviteter", "lokala_planer",
          "dokument"]  # fmt: skip
GOOD = [
    [2025, "2.4", "På väg", "Arbetet har kommit igång.\nTvå kommuner har egna rutiner.",
     "samordnare", "", "0780,0764", "Öppna jämförelser – våld 2020|Kartläggning 2020/2021"],
    [2024, "2.4", "inte_paborjat", "- inget ännu\n= fortsätter nästa år", "", "", "", ""],
    [2025, "1.1", "uppnått", "@ klart", "", "", "region", ""],
]  # fmt: skip


def xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER,
         sheet: str = "Bedömningar") -> Path:  # fmt: skip
    return workbooks.xlsx(path, header, rows, sheet, keep_text=True)


def test_a_good_list_replaces_the_file_with_real_rows_and_keeps_the_old_one(tmp_path,
                                                                           data_dir):  # fmt: skip
    live = data_dir / assessments.FILE
    before = live.read_bytes()
    result = practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", GOOD),
                                        data_dir=data_dir, geo_dir=GEO)  # fmt: skip
    assert result.written and result.rows == 3
    assert result.backup.read_bytes() == before
    assert result.backup.name.startswith("bedomningar-")
    frame = load_dataset(data_dir, GEO).assessments.set_index(["year", "subgoal_id"])
    first = frame.loc[(2025, "2.4")]
    assert first["status"] == "pa_vag"  # the label read as its code
    assert first["text"] == "Arbetet har kommit igång.\nTvå kommuner har egna rutiner."
    assert first["actor_ids"] == ("0780", "0764")
    assert first["documents"] == ("Öppna jämförelser – våld 2020", "Kartläggning 2020/2021")
    assert frame.loc[(2024, "2.4"), "text"] == "- inget ännu\n= fortsätter nästa år"
    assert frame.loc[(2025, "1.1"), "status"] == "uppnatt"
    assert not frame["is_example"].any()
    assert "ar;delmal;status;bedomning" in live.read_text(encoding="utf-8-sig")


def test_a_bad_row_is_named_by_file_sheet_row_and_column_and_nothing_is_written(tmp_path,
                                                                                data_dir):  # fmt: skip
    before = (data_dir / assessments.FILE).read_bytes()
    rows = [GOOD[0], [2025, "2.5", "halvvägs", "Text", "", "", "", ""]]
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", rows),
                                   data_dir=data_dir, geo_dir=GEO)  # fmt: skip
    error = failed.value.errors[0]
    assert (error.file, error.sheet, error.row, error.column) == ("b.xlsx", "Bedömningar", 3,
                                                                  "status")  # fmt: skip
    assert "okänt värde ”halvvägs”" in str(error)
    assert (data_dir / assessments.FILE).read_bytes() == before
    assert not list((data_dir / importer.HISTORY_DIR).glob("bedomningar-*.csv"))


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [([2025, "9.9", "På väg", "T", "", "", "", ""], "delmal", "9.9"),
     ([2025, "2.4", "På väg", "T", "okand", "", "", ""], "indikatorer", "okand"),
     ([2025, "2.4", "På väg", "T", "", "A1999-01", "", ""], "aktiviteter", "A1999-01"),
     ([2025, "2.4", "På väg", "T", "", "", "9999", ""], "lokala_planer", "9999"),
     ([2025, "2.4", "På väg", "x" * 2001, "", "", "", ""], "bedomning", "2000 tecken"),
     ([2025, "2.4", "På väg", "", "", "", "", ""], "bedomning", "värde saknas")],
)  # fmt: skip
def test_each_kind_of_bad_value_gets_a_swedish_answer(tmp_path, data_dir, row, column, words):
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", [row]),
                                   data_dir=data_dir, geo_dir=GEO)  # fmt: skip
    error = failed.value.errors[0]
    assert (error.file, error.row, error.column) == ("b.xlsx", 2, column)
    assert words in str(error)


def test_import_and_undo_restore_the_list_byte_for_byte(tmp_path, data_dir):
    live = data_dir / assessments.FILE
    before = live.read_bytes()
    practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", GOOD), data_dir=data_dir,
                               geo_dir=GEO)  # fmt: skip
    after = live.read_bytes()
    restored = practice_import.undo(ASSESSMENTS, data_dir)
    assert live.read_bytes() == before and restored.name.startswith("bedomningar-")
    undone = list((data_dir / importer.HISTORY_DIR).glob("angrad-bedomningar-*.csv"))
    assert [p.read_bytes() for p in undone] == [after]
    assert load_dataset(data_dir, GEO).assessments["is_example"].all()  # the examples again


def test_dry_run_checks_but_writes_nothing(tmp_path, data_dir):
    before = (data_dir / assessments.FILE).read_bytes()
    result = practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", GOOD),
                                        data_dir=data_dir, geo_dir=GEO, dry_run=True)  # fmt: skip
    assert not result.written and result.rows == 3
    assert (data_dir / assessments.FILE).read_bytes() == before
    history = data_dir / importer.HISTORY_DIR
    assert not history.exists() or not list(history.iterdir())


def test_a_data_folder_without_the_file_gets_it_from_an_import(tmp_path, data_dir):
    (data_dir / assessments.FILE).unlink()
    practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", GOOD), data_dir=data_dir,
                               geo_dir=GEO)  # fmt: skip
    assert len(load_dataset(data_dir, GEO).assessments) == 3


def test_the_template_re_imported_unchanged_changes_nothing(tmp_path, data_dir):
    rows = [*GOOD, [2025, "3.2", "Kan inte bedömas", "'= citerad formel", "", "", "", ""]]
    practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", rows), data_dir=data_dir,
                               geo_dir=GEO)  # fmt: skip
    live = data_dir / assessments.FILE
    before = live.read_bytes()
    ds = load_dataset(data_dir, GEO)
    out = practice_import.write_templates(ds, tmp_path / "mallar")
    assert {"bedomningar-mall.xlsx", "bedomningar-mall.csv"} <= {p.name for p in out}
    book = openpyxl.load_workbook(tmp_path / "mallar" / "bedomningar-mall.xlsx")
    sheet = book["Bedömningar"]
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row == 5
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no text became a formula
    assert "På väg" in sheet.data_validations.dataValidation[1].formula1  # the status list
    assert "bedomningar" in " ".join(str(c.value) for c in book[importer.INSTRUCTIONS_SHEET]["A"])
    for name in ("bedomningar-mall.xlsx", "bedomningar-mall.csv"):
        result = practice_import.run_import(ASSESSMENTS, tmp_path / "mallar" / name,
                                            data_dir=data_dir, geo_dir=GEO)  # fmt: skip
        assert not result.written and live.read_bytes() == before, name
    # while only example assessments ship, the template has no rows to keep
    assert practice_import.template_rows(get_dataset(), ASSESSMENTS) == []


def test_an_activity_list_may_not_drop_what_a_real_assessment_rests_on(tmp_path, data_dir):
    ds = load_dataset(data_dir, GEO)
    activity = ds.activities.iloc[0]
    row = [int(activity["year"]), "2.4", "På väg", "Text", "", activity["id"], "", ""]
    practice_import.run_import(ASSESSMENTS, xlsx(tmp_path / "b.xlsx", [row]), data_dir=data_dir,
                               geo_dir=GEO)  # fmt: skip
    before = (data_dir / practice.ACTIVITIES_FILE).read_bytes()
    header = ["id", "ar", "delmal", "titel", "typ", "status"]
    path = tmp_path / "a.csv"
    path.write_text(";".join(header) + "\nA2030-01;2030;1.1;Ny;kampanj;planerad\n",
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(importer.ImportFailed) as failed:
        practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO)
    error = failed.value.errors[0]
    assert (error.file, error.row, error.column) == ("data/bedomningar.csv", 2, "aktiviteter")
    assert f"”{activity['id']}”" in str(error) and "behåll aktiviteten" in str(error)
    assert (data_dir / practice.ACTIVITIES_FILE).read_bytes() == before


def test_the_command_line(tmp_path, data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    path = xlsx(tmp_path / "b.xlsx", GOOD)
    assert main(["import", "--vad", "bedomningar", str(path), "--dry-run"]) == 0
    assert "Provkörning" in capsys.readouterr().out
    assert main(["import", "--vad", "bedomningar", str(path)]) == 0
    assert "--vad bedomningar --undo" in capsys.readouterr().out
    assert main(["import", "--vad", "bedomningar", "--undo"]) == 0
    bad = xlsx(tmp_path / "fel.xlsx", [[2025, "2.4", "klar", "T", "", "", "", ""]])
    assert main(["import", "--vad", "bedomningar", str(bad)]) == 1
    assert "fel.xlsx, blad ”Bedömningar”, rad 2, kolumn ”status”" in capsys.readouterr().err


def test_a_delmal_picked_in_the_template_stays_text(tmp_path):
    ds = get_dataset()
    book = openpyxl.load_workbook(io.BytesIO(practice_import.template_xlsx(ds, ASSESSMENTS)))
    sheet = book["Bedömningar"]
    assert sheet.column_dimensions["B"].number_format == "@"
    assert sheet.data_validations.dataValidation[0].formula1.startswith('"1.1,1.2,')
