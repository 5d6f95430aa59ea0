"""The templates for a year's follow-up: an Excel workbook (instructions, the values to fill
in with a drop-down or range check per indicator, the catalogue) and the same as CSV with the
instructions as comments. Both are written by the formula-safe writers the reader undoes
(spreadsheet.write_csv, write_xlsx_rows), and the workbook is byte-reproducible (fixed
times), so a template re-imported unchanged gives the same data.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from dashboard.config import get_settings
from dashboard.data.import_validate import expected_text, importable_indicators
from dashboard.data.import_write import atomic_write
from dashboard.data.loader import CATEGORICAL_TYPES, Dataset
from dashboard.data.spreadsheet import (
    INDICATORS_SHEET,
    INSTRUCTIONS_SHEET,
    VALUES_SHEET,
    write_csv,
    write_xlsx_rows,
)

TEMPLATE_NAME = "uppfoljning-mall"
# Columns of the import file (the template writes them in this order).
COLUMNS = ["kommunkod", "kommun", "indikator", "indikatorns_namn", "ar", "varde", "kalla",
           "anmarkning"]  # fmt: skip
TYPE_NAMES = {"ja_nej": "ja/nej", "ordinal": "status (skala)", "andel": "andel i procent",
              "antal": "antal (heltal)", "decimal": "tal med decimaler"}  # fmt: skip
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entry times: the template is byte-reproducible


def template_rows(ds: Dataset, year: int) -> list[dict[str, str]]:
    rows = []
    for _, m in ds.municipalities.sort_values("code").iterrows():
        for _, ind in importable_indicators(ds).iterrows():
            rows.append({"kommunkod": m["code"], "kommun": m["name"], "indikator": ind["id"],
                         "indikatorns_namn": ind["name"], "ar": str(year), "varde": "",
                         "kalla": "", "anmarkning": ""})  # fmt: skip
    return rows


def allowed_text(ds: Dataset, ind: pd.Series) -> str:
    if ind["type"] in CATEGORICAL_TYPES:
        levels = ds.scales[ds.scales["scale"] == ind["scale"]]
        return ", ".join(f"{c} ({lbl})" for c, lbl in zip(levels["code"], levels["label"],
                                                          strict=True))  # fmt: skip
    return expected_text(ind)


def instructions(ds: Dataset, year: int) -> list[str]:
    threshold = get_settings().suppress_below
    return [
        f"Mall för årets uppföljning – {ds.county.organisation}",
        "",
        f"1. Fyll i kolumnen varde (bladet ”{VALUES_SHEET}”): en rad per kommun och indikator, "
        f"året {year} (kolumnen ar).",
        "2. Tillåtna värden per indikator står på bladet ”Indikatorer” (i CSV-mallen i "
        "kommentarerna). För ja/nej och statusar går både kod och text: ”i_bruk” eller ”I bruk”.",
        "   Andelar anges i procent, antal som heltal, decimaltal med komma eller punkt – inom "
        "det rimliga intervall som står för varje indikator (annat läses inte in).",
        "3. Lämna varde tomt för det som inte ska ändras. Skriv ”saknas” om kommunen inte har "
        "lämnat uppgiften (ett tidigare värde tas då bort).",
        "4. Ange källan i kolumnen kalla (t.ex. ”Kommunens svar på Länsstyrelsens enkät 2026”), "
        "eller för hela filen i fältet ”Källa för rader utan egen källa” när du läser in den "
        "(på kommandoraden: --source).",
        "5. Rör inte kolumnerna kommunkod, indikator och ar. Kommun och indikatorns namn är "
        "bara till för läsaren.",
        "6. Läs in filen under Förvaltning → Läsa in en fil (eller med python -m dashboard "
        "import …). Du ser först vad filen ändrar och väljer sedan Publicera eller Kassera. "
        "Den publika tjänsten visar det publicerade inom några sekunder.",
        "   Ångra under Förvaltning → Versioner: återställ till den förra versionen.",
        "   På kommandoraden: kontrollera först utan att spara med  python -m dashboard import "
        "fil.xlsx --dry-run, läs in med  python -m dashboard import fil.xlsx  och ångra med  "
        "python -m dashboard import --undo",
        "",
        "Beräknade indikatorer (efterlevnad av SOSFS 2014:4 per mål) läses inte in; de "
        "räknas fram ur kriterierna.",
        f"Röjandeskydd: för indikatorer markerade med röjandeskydd visas antal under {threshold} "
        "aldrig i tjänsten eller i nedladdningar. Fyll ändå i det verkliga antalet.",
        "Inlästa värden ersätter exempelvärdena för samma kommun, indikator och år.",
    ]


def indicator_table(ds: Dataset) -> list[list[str]]:
    rows = [["id", "namn", "typ", "enhet", "tillåtna värden", "röjandeskydd", "beskrivning"]]
    for _, ind in importable_indicators(ds).iterrows():
        rows.append([ind["id"], ind["name"], TYPE_NAMES[ind["type"]], ind["unit"],
                     allowed_text(ds, ind), "ja" if ind["disclosure_control"] else "nej",
                     ind["description"]])  # fmt: skip
    return rows


def template_csv(ds: Dataset, year: int) -> bytes:
    """The CSV template: the instructions and the indicators as leading comments, then the
    table, written by the formula-safe writer the reader undoes (spreadsheet.write_csv)."""
    comments = [*instructions(ds, year), "", "Indikatorer (id – namn – typ – tillåtna värden):"]
    comments += [f"  {row[0]} – {row[1]} – {row[2]} – {row[4]}" for row in indicator_table(ds)[1:]]
    rows = ([row[c] for c in COLUMNS] for row in template_rows(ds, year))
    return write_csv(COLUMNS, rows, comments=comments)


def template_xlsx(ds: Dataset, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    info = wb.active
    info.title = INSTRUCTIONS_SHEET
    write_xlsx_rows(info, ([line] for line in instructions(ds, year)))
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 120

    sheet = wb.create_sheet(VALUES_SHEET)
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = bold
    indicators = ds.indicators.set_index("id")
    validations: dict[object, DataValidation] = {}  # one per scale, or per type and range
    for number, row in enumerate(template_rows(ds, year), start=2):
        write_xlsx_rows(sheet, [[row[c] for c in COLUMNS]])
        sheet.cell(row=number, column=1).number_format = "@"
        sheet.cell(row=number, column=6).fill = fill
        ind = indicators.loc[row["indikator"]]
        key = (ind["scale"] if ind["type"] in CATEGORICAL_TYPES
               else (ind["type"], ind["min"], ind["max"]))  # fmt: skip
        if key not in validations:
            validations[key] = _validation(ds, ind)
            sheet.add_data_validation(validations[key])
        validations[key].add(f"F{number}")
    for letter, width in zip("ABCDEFGH", (11, 14, 28, 60, 7, 16, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    table = wb.create_sheet(INDICATORS_SHEET)
    write_xlsx_rows(table, indicator_table(ds))
    for cell in table[1]:
        cell.font = bold
    for letter, width in zip("ABCDEFG", (26, 50, 18, 14, 60, 13, 80), strict=True):
        table.column_dimensions[letter].width = width
    for row in table.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    fixed = datetime(*FIXED_TIME)
    wb.properties.creator = ds.county.organisation
    wb.properties.created = fixed
    buffer = io.BytesIO()
    wb.save(buffer)
    return _reproducible_zip(buffer.getvalue(), fixed)


def _validation(ds: Dataset, ind: pd.Series):
    from openpyxl.worksheet.datavalidation import DataValidation

    hint = "Skriv ”saknas” om uppgiften inte har lämnats."
    if ind["type"] in CATEGORICAL_TYPES:
        labels = ds.scales[ds.scales["scale"] == ind["scale"]]["label"]
        dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"',
                            allow_blank=True, errorStyle="warning")  # fmt: skip
    else:  # the catalogue's range, as the import checks it
        dv = DataValidation(type="whole" if ind["type"] == "antal" else "decimal",
                            operator="between", formula1=format(ind["min"], "g"),
                            formula2=format(ind["max"], "g"), allow_blank=True,
                            errorStyle="warning")  # fmt: skip
    dv.error = f"Förväntade {allowed_text(ds, ind)}. {hint}"
    dv.errorTitle = "Värdet stämmer inte med indikatorn"
    return dv


def _reproducible_zip(data: bytes, when: datetime) -> bytes:
    """Same bytes for the same content: fixed entry times and document dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:  # fmt: skip
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + stamp.encode(), content)  # fmt: skip
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()


def write_templates(ds: Dataset, year: int, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, build in (("xlsx", template_xlsx), ("csv", template_csv)):
        path = out_dir / f"{TEMPLATE_NAME}.{suffix}"
        atomic_write(path, build(ds, year))
        paths.append(path)
    return paths


def default_template_year(ds: Dataset) -> int:
    return ds.years[-1] if ds.years else date.today().year - 1


def assessments_template_xlsx(ds: Dataset, rows: list[dict[str, str]]) -> bytes:
    """Länsstyrelsens bedömning to edit in Excel (practice_import's target bedomningar): the
    current real rows, pick lists for delmål and status, and sheets with the instructions and
    the indicators to cite. Written by the formula-safe writer: a judgement that begins with
    '-' or '=' stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from dashboard.data import assessments

    columns = [c for c in assessments.FILE_COLUMNS if c != "exempeldata"]
    book = Workbook()
    sheet = book.active
    sheet.title = "Bedömningar"
    write_xlsx_rows(sheet, [columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    write_xlsx_rows(sheet, ([row.get(c, "") for c in columns] for row in rows))
    for letter, width in zip("ABCDEFGH", (8, 9, 18, 80, 24, 24, 18, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    # a delmål is text: Excel would read 1.1 as a number, or a date where comma is decimal
    sheet.column_dimensions["B"].number_format = "@"
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = "@"
    # every plan's delmål: the year's plan decides which is meant (a successor's 1.1 is
    # another delmål), and the final assessment of an old plan is written after a new one
    every_subgoal = list(dict.fromkeys(str(s) for p in ds.plans for s in p.subgoals["id"]))
    for letter, choices, help_key in (("B", every_subgoal, "delmal"),
                                      ("C", list(assessments.STATUSES.values()), "status")):  # fmt: skip
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                              allow_blank=True, showErrorMessage=True, errorTitle="Okänt värde",
                              error=assessments.TEMPLATE_HELP[help_key][:255])  # fmt: skip
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}1000")
    _assessment_instructions(ds, book.create_sheet(INSTRUCTIONS_SHEET), columns)
    indicators = book.create_sheet(INDICATORS_SHEET)
    write_xlsx_rows(indicators, [["id", "namn", "delmål"],
                                 *([r["id"], r["name"], ", ".join(r["subgoal_ids"])]
                                   for _, r in ds.indicators.iterrows())])  # fmt: skip
    indicators.column_dimensions["A"].width = 26
    indicators.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    book.properties.creator = ds.county.organisation
    book.properties.created = datetime(*FIXED_TIME)
    book.save(buffer)
    return _reproducible_zip(buffer.getvalue(), datetime(*FIXED_TIME))


def _assessment_instructions(ds: Dataset, sheet, columns: list[str]) -> None:
    from openpyxl.styles import Font

    from dashboard.data import assessments

    write_xlsx_rows(sheet, [
        ["Så fyller du i Länsstyrelsens bedömning"],
        ["En rad per delmål och år: Länsstyrelsens egen bedömning av hur långt delmålet har "
         "kommit, med en status, en kort text och det underlag den bygger på. Den visas på "
         "delmålets sida och på Uppföljning bredvid tjänstens beräknade utveckling, aldrig "
         "ihopräknad med den."],
        ["Listan ersätter hela den nuvarande listan när den läses in: ta bort en rad bara om den "
         "ska bort. Allt kontrolleras innan något sparas, och den förra versionen sparas i "
         "data/.historik/ (ångra med --undo)."],
        ["Läs in filen under Förvaltning → Läsa in en fil (eller med python -m dashboard "
         "import …): du ser först vad den ändrar och väljer sedan Publicera eller Kassera."],
        ["Kontrollera först:  python -m dashboard import --vad bedomningar FILEN --dry-run"],
        ["Läs in:             python -m dashboard import --vad bedomningar FILEN"],
        [],
        *([column, assessments.TEMPLATE_HELP[column]] for column in columns),
        [],
        *(row for plan in ds.plans for row in (
            [f"Delmål i {plan.document.get('titel', 'planen')} {plan.period[0]}–{plan.period[1]}"],
            *([r["id"], r["text"]] for _, r in plan.subgoals.iterrows()))),
    ])  # fmt: skip
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 110
