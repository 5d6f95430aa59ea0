"""Downloads hold numbers as numbers (issue #19): Excel cells of number type with Swedish
formats, CSV numbers with a decimal comma, years as integers, missing values empty with a
note; codes stay text."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.domain.export_table import ExportTable
from dashboard.domain.formatting import MISSING, format_number, format_percent, parse_shown
from dashboard.ui import export

NB = "\u00a0"


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Kommun": ["Alvesta", "Lessebo", "Växjö"],
            "Kommunkod": ["0764", "0761", "0780"],
            "År": ["2024", "2024", "2024"],
            "Andel 2024": [format_percent(87.0), MISSING, format_percent(12.5, 1)],
            "Invånare": [format_number(20134), format_number(8630), format_number(97000)],
            "Samordnartid": [f"1,25{NB}årsarbetare", f"0,5{NB}årsarbetare", "–"],
            "Status": ["Ja", "Nej", MISSING],
            "Förändring": [f"+3{NB}procentenheter", "", "Oförändrat sedan 2023"],
        }
    )


def table() -> ExportTable:
    return ExportTable(title="Test", frame=frame(), sources=["Källa X"], is_example=True)


def test_shown_numbers_are_read_back():
    assert parse_shown(format_percent(87.0)).value == 87.0
    assert parse_shown(format_percent(12.5, 1)).decimals == 1
    assert parse_shown(format_number(19830)).value == 19830
    assert parse_shown(format_number(-3)).value == -3
    assert parse_shown(f"1{NB}person").unit == "personer"
    for text in ("0780", "Ja", f"+3{NB}procentenheter", "2024-03-01", MISSING, "1 av 8"):
        assert parse_shown(text) is None, text


def test_typed_table_has_numbers_units_in_headers_and_notes_for_missing():
    typed = export.typed(frame()).frame
    assert list(typed["Andel 2024 (%)"]) == [87, None, 12.5]
    assert list(typed["Invånare"]) == [20134, 8630, 97000]
    assert list(typed["År"]) == [2024, 2024, 2024]
    assert list(typed["Samordnartid (årsarbetare)"]) == [1.25, 0.5, None]
    assert list(typed["Kommunkod"]) == ["0764", "0761", "0780"]  # codes stay text
    assert list(typed["Status"]) == ["Ja", "Nej", MISSING]  # statuses stay text
    assert typed["Förändring"].iloc[0] == f"+3{NB}procentenheter"
    notes = list(typed[export.NOTE_COLUMN])
    assert notes[0] == "" and "Andel 2024: Uppgift saknas" in notes[1]
    assert "Samordnartid: –" in notes[2]


def test_a_key_figure_table_splits_its_texts_off_and_names_each_rows_unit():
    """A column is numbers or text, never both (#34): a status moves to a status column, a
    county's count ('8 av 8: Ja') to count columns with the level in words, and a hidden
    value leaves an empty cell said in the note column."""
    frame = pd.DataFrame({
        "Indikator": ["SOSFS alla", "Samordnare", "Antal", "Tid", "Skyddat boende"],
        "2025": [format_percent(87.0), "Ja", f"1{NB}person", f"0,75{NB}årsarbetare",
                 "Färre än 5"],
        "Länet": [format_percent(74.0), "8 av 8: Ja", f"1,4{NB}personer",
                  f"0,84{NB}årsarbetare", "Visas inte (röjandeskydd)"],
    })  # fmt: skip
    typed = export.typed(frame).frame
    assert list(typed["2025"]) == [87, None, 1, 0.75, None]
    assert list(typed["2025, status"]) == ["", "Ja", "", "", ""]
    assert list(typed["Länet"]) == [74, None, 1.4, 0.84, None]
    assert list(typed["Länet, antal med bästa nivån"]) == [None, 8, None, None, None]
    assert list(typed["Länet, antal med uppgift"]) == [None, 8, None, None, None]
    assert list(typed["Länet, bästa nivån"]) == ["", "Ja", "", "", ""]
    assert list(typed[export.UNIT_COLUMN]) == ["%", "", "personer", "årsarbetare", ""]
    notes = list(typed[export.NOTE_COLUMN])
    assert "2025: Färre än 5" in notes[4] and "Länet: Visas inte (röjandeskydd)" in notes[4]
    assert list(typed.columns)[:4] == ["Indikator", "2025", "2025, status", "Länet"]


def test_excel_cells_are_numbers_with_swedish_looking_formats():
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(table())))
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    cell = {name: sheet.cell(row=2, column=header.index(name) + 1) for name in header}
    assert cell["Andel 2024 (%)"].data_type == "n" and cell["Andel 2024 (%)"].value == 87
    assert cell["Andel 2024 (%)"].number_format == '0" %"'
    assert sheet.cell(row=4, column=header.index("Andel 2024 (%)") + 1).number_format == '0.0" %"'
    assert cell["Invånare"].value == 20134 and cell["Invånare"].number_format == "#,##0"
    assert cell["År"].value == 2024 and cell["År"].number_format == "0"
    assert cell["Kommunkod"].data_type == "s" and cell["Kommunkod"].value == "0764"
    missing = sheet.cell(row=3, column=header.index("Andel 2024 (%)") + 1)
    assert missing.value is None
    # the notice and the source are kept
    about = dict(book["Om uttaget"].iter_rows(min_row=2, values_only=True))
    assert about["Exempeldata"] == export.EXAMPLE_NOTICE and about["Källa"] == "Källa X"


def test_csv_numbers_have_a_decimal_comma_and_the_format_is_stated():
    text = export.to_csv(table()).decode("utf-8-sig")
    lines = text.splitlines()
    assert any(line.startswith("# Format;") and "decimalkomma" in line for line in lines)
    assert any(line.startswith("# Exempeldata;") for line in lines)
    body = lines[lines.index("") + 1 :]
    rows = list(csv.DictReader(body, delimiter=";"))
    assert rows[0]["Andel 2024 (%)"] == "87" and rows[2]["Andel 2024 (%)"] == "12,5"
    assert rows[1]["Andel 2024 (%)"] == ""
    assert rows[0]["Invånare"] == "20134" and rows[0]["År"] == "2024"
    assert rows[0]["Samordnartid (årsarbetare)"] == "1,25"
    assert rows[0]["Kommunkod"] == "0764"


def count_numbers(sheet, where: str) -> int:
    """Number cells of a download's data sheet; fails on a text cell outside a code column
    that still reads as a shown number ('87 %')."""
    header = [c.value for c in sheet[1]]
    numbers = 0
    for row in sheet.iter_rows(min_row=2):
        for name, cell in zip(header, row, strict=True):
            if cell.data_type == "n" and cell.value is not None:
                numbers += 1
            elif isinstance(cell.value, str) and not str(name).lower().endswith("kod"):
                assert parse_shown(cell.value) is None, (where, name, cell.value)
    return numbers


DOWNLOADS = [
    ("oversikt", {}), ("oversikt", {"indikator": "samordnare_tjanstgrad"}),
    ("jamfor", {"tabell": "matris"}), ("jamfor", {"tabell": "rangordning"}),
    ("jamfor", {"tabell": "utveckling"}), ("kommun", {"tabell": "nyckeltal"}),
    ("kommun", {"tabell": "malomraden"}), ("kommun", {"tabell": "utveckling"}),
    ("presentera", {"indikatorer": "sosfs_alla,samordnare"}), ("strategi", {}),
    ("uppfoljning", {}), ("verksamhetsplan", {"ar": "2025"}),
]  # fmt: skip


def test_the_list_names_every_registered_download(app):
    assert {view for view, _ in DOWNLOADS} == set(export.views())


@pytest.mark.parametrize(("view", "args"), DOWNLOADS)
def test_every_download_has_numbers_and_no_number_left_as_text(app, view, args):
    """Each registered download in Excel: the cells that hold numbers are of number type; no
    cell outside a code column still reads as a shown number."""
    body, _, _ = export.render(view, "xlsx", args)
    numeric = count_numbers(openpyxl.load_workbook(io.BytesIO(body))["Data"], view)
    if view != "strategi":  # the plan's goals and activities: text only
        assert numeric > 0, view
