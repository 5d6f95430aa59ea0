"""Importing the yearly activity plan (issue #33): the activities list with its new columns
read from Excel or CSV (labels read as codes), checked before anything is written, a dry run
that writes nothing, undo that puts the old list back byte for byte, and the template (with
pick lists and instructions for the new columns) read back unchanged. Every test works on a
copy of the fixture county in tmp_path."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.config import REPO_ROOT
from dashboard.data import activity_columns, importer, practice, practice_import
from dashboard.data.loader import load_dataset
from dashboard.data.practice_import import ACTIVITIES

pytestmark = pytest.mark.unit

GEO = REPO_ROOT / "geo"
HEADER = ["id", "ar", "delmal", "titel", "typ", "ansvarig", "status", "datum", "deltagare",
          "planering", "planens_aktivitet", "malgrupp", "sektorer", "parter", "nadda", "orsak",
          "resultat", "utvardering", "anmarkning"]  # fmt: skip
ROWS = [
    ["A2025-01", 2025, "1.1", "MVP-utbildning", "Utbildning", "Länsstyrelsen", "Genomförd",
     "2025-03-14", 50, "I årets verksamhetsplan", "1.1:1", "Skolpersonal",
     "Skola, Hälso- och sjukvård", "region, barnahus", "0780:25, 0764:10, region:12", "",
     "Alla skolor i Växjö deltog", "Enkät: 4,5 av 5", ""],
    ["", 2025, "2.3", "Träff om hedersrelaterat våld", "nätverksträff", "", "Inställd", "", "",
     "Tillagd", "", "", "socialtjanst", "", "", "För få anmälda", "", "", ""],
    ["", 2025, "1.1", "Föreläsning", "konferens", "", "Genomförd", "", "", "planerad", "", "",
     "", "", "0780:30", "", "", "", ""],
]  # fmt: skip


def xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Aktiviteter"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(path: Path, data_dir: Path, **kwargs) -> practice_import.PracticeResult:
    return practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO, **kwargs)


def test_import_dry_run_and_undo_with_the_new_columns(tmp_path, data_dir):
    live = data_dir / practice.ACTIVITIES_FILE
    before = live.read_bytes()
    path = xlsx(tmp_path / "aktiviteter.xlsx", ROWS)
    dry = run(path, data_dir, dry_run=True)
    assert not dry.written and dry.rows == 3 and live.read_bytes() == before
    result = run(path, data_dir)
    assert result.written and result.backup.read_bytes() == before
    acts = load_dataset(data_dir, GEO).activities.set_index("id")
    first, cancelled, third = acts.loc["A2025-01"], acts.loc["A2025-02"], acts.loc["A2025-03"]
    assert first["planning"] == "planerad" and cancelled["planning"] == "tillagd"
    assert first["sectors"] == ("skola", "halso_sjukvard")  # labels read as codes
    assert first["reach"] == (("0780", 25), ("0764", 10), ("region", 12))
    assert first["partners"] == ("region", "barnahus")
    assert (first["result"], first["evaluation"]) == ("Alla skolor i Växjö deltog",
                                                      "Enkät: 4,5 av 5")  # fmt: skip
    assert cancelled["reason"] == "För få anmälda"
    assert pd.isna(third["participants"]) and third["reach_total"] == 30
    written = live.read_text(encoding="utf-8-sig").splitlines()
    assert written[0].split(";") == [*HEADER, "exempeldata"]
    assert ";I årets verksamhetsplan;" not in written[1] and ";planerad;1.1:1;" in written[1]
    practice_import.undo(ACTIVITIES, data_dir)
    assert live.read_bytes() == before


@pytest.mark.parametrize(
    ("index", "value", "column", "words"),
    [
        (9, "Kanske", "planering", "planerad eller tillagd"),
        (12, "Skola, Rymden", "sektorer", "Rymden"),
        (10, "2.3:1", "planens_aktivitet", "som inte står i kolumnen ”delmal”"),
        (13, "region, okand", "parter", "okand"),
        (14, "0780:25, 0780:3", "nadda", "står två gånger"),
        (8, 10, "deltagare", "färre än summan"),
    ],
)
def test_a_bad_new_cell_is_named_by_file_sheet_row_and_column(tmp_path, data_dir, index, value,
                                                              column, words):  # fmt: skip
    before = (data_dir / practice.ACTIVITIES_FILE).read_bytes()
    bad = list(ROWS[0])
    bad[index] = value
    path = xlsx(tmp_path / "aktiviteter.xlsx", [ROWS[1], bad])  # the bad row is row 3
    with pytest.raises(importer.ImportFailed) as failed:
        run(path, data_dir)
    error = failed.value.errors[0]
    assert (error.file, error.sheet, error.row, error.column) == (
        "aktiviteter.xlsx", "Aktiviteter", 3, column)  # fmt: skip
    assert words in str(error)
    assert (data_dir / practice.ACTIVITIES_FILE).read_bytes() == before


def test_a_cancelled_row_without_a_reason_is_refused_in_the_import(tmp_path, data_dir):
    row = list(ROWS[1])
    row[15] = ""
    with pytest.raises(importer.ImportFailed) as failed:
        run(xlsx(tmp_path / "a.xlsx", [row]), data_dir)
    assert "rad 2, kolumn ”orsak”: aktiviteten är inställd" in str(failed.value.errors[0])


def test_an_old_style_list_without_the_new_columns_still_imports(tmp_path, data_dir):
    old = HEADER[:9] + ["anmarkning"]
    row = [*ROWS[0][:9], "en anmärkning"]
    run(xlsx(tmp_path / "gammal.xlsx", [row], header=old), data_dir)
    first = load_dataset(data_dir, GEO).activities.iloc[0]
    assert first["planning"] == "" and first["reach"] == () and first["note"] == "en anmärkning"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_template_reads_back_unchanged(tmp_path, data_dir, suffix):
    run(xlsx(tmp_path / "aktiviteter.xlsx", ROWS), data_dir)
    live = data_dir / practice.ACTIVITIES_FILE
    before = live.read_bytes()
    ds = load_dataset(data_dir, GEO)
    rows = practice_import.template_rows(ds, ACTIVITIES)
    assert rows[0]["planering"] == "I årets verksamhetsplan"
    assert rows[0]["sektorer"] == "Skola, Hälso- och sjukvård"
    assert rows[0]["nadda"] == "0780:25, 0764:10, region:12"
    assert rows[2]["deltagare"] == ""  # as the file had it (the sum stands in on the pages)
    template = tmp_path / f"aktiviteter-mall.{suffix}"
    template.write_bytes(practice_import.template_xlsx(ds, ACTIVITIES) if suffix == "xlsx"
                         else practice_import.template_csv(ACTIVITIES, rows))  # fmt: skip
    result = run(template, data_dir)
    assert not result.written, result.summary
    assert live.read_bytes() == before


def test_the_template_has_pick_lists_and_instructions_for_the_new_columns(data_dir):
    ds = load_dataset(data_dir, GEO)
    book = openpyxl.load_workbook(io.BytesIO(practice_import.template_xlsx(ds, ACTIVITIES)))
    sheet = book["Aktiviteter"]
    header = [c.value for c in sheet[1]]
    assert header == HEADER
    lists = {
        header[next(iter(rule.sqref.ranges)).min_col - 1]: rule.formula1
        for rule in sheet.data_validations.dataValidation
    }
    assert lists["planering"] == '"I årets verksamhetsplan,Tillagd under året"'
    assert all(label in lists["sektorer"] for label in activity_columns.SECTORS.values())
    help_rows = {r[0].value: r[1].value for r in book[importer.INSTRUCTIONS_SHEET].iter_rows()
                 if len(r) > 1 and r[0].value}  # fmt: skip
    for column in activity_columns.FILE_COLUMNS:
        assert help_rows.get(column), column
    assert "0780:25" in help_rows["nadda"] and "Inställd" in help_rows["orsak"]


def test_the_shipped_template_is_current():
    """data/templates/aktiviteter-mall.* as the shipped data writes them (no real rows)."""
    ds = load_dataset(REPO_ROOT / "data", GEO)
    folder = REPO_ROOT / "data" / "templates"
    assert (folder / "aktiviteter-mall.xlsx").read_bytes() == practice_import.template_xlsx(
        ds, ACTIVITIES
    )
    assert (folder / "aktiviteter-mall.csv").read_bytes() == practice_import.template_csv(
        ACTIVITIES, practice_import.template_rows(ds, ACTIVITIES)
    )
