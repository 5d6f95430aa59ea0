"""The importer bounds a file before it parses further: zip bombs, endless empty rows, huge
cells, control characters and absurd numbers are refused in Swedish with file, sheet, row and
column, within a measured memory bound (bytes, not time). Files are generated here, small on
disk; every test works on a copy of data/ in tmp_path."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import COUNTY_DATA

from dashboard.__main__ import main
from dashboard.config import REPO_ROOT
from dashboard.data import importer

DATA = COUNTY_DATA  # the fixture county (conftest), never the shipped data/
GEO = REPO_ROOT / "geo"
SOURCE = "Kommunens svar på Länsstyrelsens enkät 2026"
HEADER = ["kommunkod", "kommun", "indikator", "ar", "varde", "kalla", "anmarkning"]
MB = 1024 * 1024
# What reading one hostile file may add to the process, measured in a fresh interpreter.
MEMORY_BOUND = 64 * MB


def run(path: Path, data_dir: Path, **kwargs) -> importer.Result:
    return importer.run_import(path, data_dir=data_dir, geo_dir=GEO, user="testare", **kwargs)


def refused(path: Path, data_dir: Path) -> str:
    """The report of a refused file; data/ must be byte for byte what it was."""
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    with pytest.raises(importer.ImportFailed) as caught:
        run(path, data_dir)
    after = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert after == before
    return caught.value.report()


# --- generated workbooks ----------------------------------------------------------------------

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def inline_row(number: int, texts: list[str]) -> str:
    cells = "".join(
        f'<c r="{importer.column_letter(i)}{number}" t="inlineStr"><is><t>{t}</t></is></c>'
        for i, t in enumerate(texts)
    )
    return f'<row r="{number}">{cells}</row>'


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{PACKAGE}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPE}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="Värden" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
}  # fmt: skip


def workbook(path: Path, chunks, shared_mb: int = 0) -> Path:
    """An .xlsx whose sheet ”Värden” is the streamed XML `chunks` after a header row, and
    whose only shared string (index 0) is `shared_mb` MB of A: written through deflate piece
    by piece, so a bomb of hundreds of MB costs the test no memory and only kB on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((SHEET_HEAD + inline_row(1, HEADER)).encode())
            for chunk in chunks:
                sheet.write(chunk.encode())
            sheet.write(SHEET_TAIL.encode())
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode())
            block = b"A" * MB
            for _ in range(shared_mb):
                strings.write(block)
            strings.write(b"</t></si></sst>")
    return path


def empty_rows(count: int, chunk: int = 100_000):
    """`count` empty rows without numbers (<row/>): 6 bytes each, deflated ~1 000 times."""
    for start in range(0, count, chunk):
        yield "<row/>" * min(chunk, count - start)


CHILD = r"""
import json, resource, sys, tracemalloc
from pathlib import Path
import openpyxl  # imported before the baseline: the module is not the file's cost
from dashboard.data import importer
from dashboard.data.loader import DataError

def peak_rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux

base = peak_rss()
tracemalloc.start()
try:
    importer.read_file(Path(sys.argv[1]))
    message = None
except DataError as exc:
    message = str(exc)
traced = tracemalloc.get_traced_memory()[1]
print(json.dumps({"message": message, "traced": traced, "base": base, "peak": peak_rss()}))
"""


def read_in_child(path: Path, **env: str) -> dict:
    """read_file on `path` in a fresh interpreter: its message, the peak of Python's
    allocations (tracemalloc) and how far the peak RSS grew (C allocations too)."""
    environment = {**os.environ, **env}
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                          text=True, env=environment, cwd=REPO_ROOT, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["growth"] = result["peak"] - result["base"]
    print(f"{path.name}: {path.stat().st_size} B on disk, traced peak "
          f"{result['traced'] / MB:.1f} MB, RSS growth {result['growth'] / MB:.1f} MB")  # fmt: skip
    return result


ZIP_OPEN = {  # let a bomb past the zip checks, to test the bounds while reading rows
    "DASHBOARD_IMPORT_MAX_RATIO": "1000000",
    "DASHBOARD_IMPORT_MAX_UNPACKED": "2000000000",
    "DASHBOARD_IMPORT_MAX_UNPACKED_ENTRY": "2000000000",
}


@pytest.mark.integration
def test_empty_rows_bomb_is_refused_from_the_zip_directory(tmp_path, data_dir):
    bomb = workbook(tmp_path / "tomma-rader.xlsx", empty_rows(5_000_000))  # 30 MB unpacked
    assert bomb.stat().st_size < 200_000
    report = refused(bomb, data_dir)
    assert "tomma-rader.xlsx, blad ”Värden”" in report
    assert "uppackad blir en del av den" in report and "xl/worksheets/sheet1.xml" in report
    measured = read_in_child(bomb)
    assert "uppackad" in measured["message"]
    assert measured["growth"] < MEMORY_BOUND and measured["traced"] < MEMORY_BOUND


def test_compression_ratio_is_bounded(tmp_path, data_dir, monkeypatch):
    bomb = workbook(tmp_path / "kvot.xlsx", empty_rows(1_000_000))  # 6 MB: under the size bounds
    report = refused(bomb, data_dir)
    assert "kvot.xlsx, blad ”Värden”: en del av arbetsboken (delen xl/worksheets/sheet1.xml) " \
           "packas upp" in report and "gånger större (högst 100 gånger)" in report  # fmt: skip


@pytest.mark.integration
def test_empty_rows_count_while_reading_and_stop_at_the_first_breach(tmp_path, data_dir,
                                                                     monkeypatch):  # fmt: skip
    bomb = workbook(tmp_path / "tomma.xlsx", empty_rows(5_000_000))
    for name, value in ZIP_OPEN.items():
        monkeypatch.setenv(name, value)
    report = refused(bomb, data_dir)
    limit = importer.max_rows() + importer.EXTRA_ROWS
    assert f"tomma.xlsx, blad ”Värden”, rad {limit + 1}: filen har fler än {limit} rader " \
           "(tomma rader räknas också)" in report  # fmt: skip
    measured = read_in_child(bomb, **ZIP_OPEN)
    assert "tomma rader räknas också" in measured["message"]
    assert measured["growth"] < MEMORY_BOUND and measured["traced"] < MEMORY_BOUND


@pytest.mark.integration
def test_one_huge_shared_string_is_refused_before_openpyxl_reads_it(tmp_path, data_dir):
    rows = [inline_row(2, ["0780", "Växjö", "samordnare", "2025", "ja", SOURCE])
            .replace("</row>", '<c r="G2" t="s"><v>0</v></c></row>')]  # fmt: skip
    bomb = workbook(tmp_path / "stor-cell.xlsx", rows, shared_mb=200)
    assert bomb.stat().st_size < 1_000_000
    report = refused(bomb, data_dir)
    assert "stor-cell.xlsx" in report and "xl/sharedStrings.xml" in report
    assert "209,7 MB" in report  # the unpacked size, from the zip's directory
    measured = read_in_child(bomb)
    assert "uppackad" in measured["message"]
    assert measured["growth"] < MEMORY_BOUND and measured["traced"] < MEMORY_BOUND


@pytest.mark.integration
def test_a_long_cell_is_refused_with_its_row_and_column(tmp_path, data_dir):
    long_note = os.urandom(500_000).hex()  # 1 MB that hardly compresses: past the zip checks
    rows = [inline_row(2, ["0780", "Växjö", "samordnare", "2025", "ja", SOURCE, long_note])]
    path = workbook(tmp_path / "lang.xlsx", rows)
    report = refused(path, data_dir)
    assert "lang.xlsx, blad ”Värden”, rad 2, kolumn ”anmarkning”: cellen har 1000000 tecken " \
           "(högst 10000)" in report  # fmt: skip
    measured = read_in_child(path)
    assert "cellen har 1000000 tecken" in measured["message"]
    assert measured["growth"] < MEMORY_BOUND


def test_too_many_columns_cells_and_entries(tmp_path, data_dir, monkeypatch):
    far = '<row r="2"><c r="A2" t="inlineStr"><is><t>0780</t></is></c>' \
          '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'  # fmt: skip
    report = refused(workbook(tmp_path / "bred.xlsx", [far]), data_dir)
    assert "bred.xlsx, blad ”Värden”, rad 2, kolumn ”CW”: raden har fler än 100 kolumner" in report
    # formatted but empty cells far to the right are no reason to refuse
    styled = '<row r="3"><c r="XFD3" s="0"/></row>'
    good = inline_row(2, ["0780", "Växjö", "samordnare", "2025", "ja", SOURCE])
    result = run(workbook(tmp_path / "formaterad.xlsx", [good, styled]), data_dir, dry_run=True)
    assert len(result.parsed.rows) == 1
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_CELLS", "500")
    wide = [inline_row(n, ["0780"] * 60) for n in range(2, 12)]
    report = refused(workbook(tmp_path / "celler.xlsx", wide), data_dir)
    assert "celler.xlsx, blad ”Värden”, rad 10: filen har fler än 500 celler" in report
    monkeypatch.delenv("DASHBOARD_IMPORT_MAX_CELLS")
    many = tmp_path / "delar.xlsx"
    with zipfile.ZipFile(many, "w") as archive:
        for n in range(1_500):
            archive.writestr(f"x/{n}.xml", "")
    assert "arbetsboken består av 1500 delar (högst 1000)" in refused(many, data_dir)


def test_a_number_openpyxl_cannot_convert_is_explained(tmp_path, data_dir):
    digits = '<row r="2"><c r="A2"><v>' + "9" * 5_000 + "</v></c></row>"
    report = refused(workbook(tmp_path / "siffror.xlsx", [digits]), data_dir)
    assert "siffror.xlsx, blad ”Värden”, rad 2: raden kan inte läsas" in report


def test_bomb_through_the_command_line_is_a_swedish_message(tmp_path, data_dir, monkeypatch,
                                                            capsys):  # fmt: skip
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    bomb = workbook(tmp_path / "bomb.xlsx", empty_rows(5_000_000))
    assert main(["import", str(bomb)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Inget lästes in: 1 fel i filen.") and "Traceback" not in err


# --- CSV ----------------------------------------------------------------------------------------


def csv_file(path: Path, rows: list[list[str]], header=HEADER) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def good_row(code: str = "0780", note: str = "") -> list[str]:
    return [code, "", "samordnare", "2025", "ja", SOURCE, note]


def test_a_csv_field_over_csvs_own_limit_is_a_swedish_message(tmp_path, data_dir):
    path = csv_file(tmp_path / "lang.csv", [good_row(), good_row("0781", "y" * 200_000)])
    report = refused(path, data_dir)
    assert "lang.csv, rad 3, kolumn ”anmarkning”: cellen har 200000 tecken (högst 10000)" in report


def test_csv_cell_length_is_configurable(tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_CELL_CHARS", "50")
    path = csv_file(tmp_path / "kort.csv", [good_row(note="en anteckning " * 5)])
    assert "rad 2, kolumn ”anmarkning”: cellen har 70 tecken (högst 50)" in refused(path, data_dir)


@pytest.mark.parametrize("early", [True, False], ids=["early", "after-4kB"])
def test_a_nul_byte_anywhere_in_a_csv_is_refused_with_its_cell(tmp_path, data_dir, early):
    rows = [good_row(code) for code in ("0760", "0761", "0763")]
    if not early:
        rows = rows + [good_row("0764", "z" * 2_000)] * 3  # pushes the NUL past 4 kB
    rows.append(["0780", "", "samordnare", "2025", "ja", "Enkät\x00en", ""])
    path = csv_file(tmp_path / "nul.csv", rows)
    assert path.read_bytes().index(b"\x00") > (0 if early else 4096)
    report = refused(path, data_dir)
    number = len(rows) + 1
    assert f"nul.csv, rad {number}, kolumn ”kalla”: cellen innehåller NUL-tecknet (U+0000)" \
        in report  # fmt: skip


@pytest.mark.parametrize(
    "char,name",
    [("\u2028", "radavgränsaren U+2028"), ("\u0085", "radbrytningstecknet U+0085 (NEL)"),
     ("\u2029", "styckeavgränsaren U+2029"), ("\x0b", "styrtecknet U+000B"),
     ("\x1e", "styrtecknet U+001E")],
)  # fmt: skip
def test_line_separators_in_a_cell_blame_the_imported_cell(tmp_path, data_dir, char, name):
    rows = [good_row("0760"), good_row("0780", f"första{char}andra")]
    report = refused(csv_file(tmp_path / "separator.csv", rows), data_dir)
    assert f"separator.csv, rad 3, kolumn ”anmarkning”: cellen innehåller {name}" in report
    assert "varden.csv" not in report


def test_line_separators_in_excel_cells_too(tmp_path, data_dir):
    book = openpyxl.Workbook()
    book.active.title = "Värden"
    book.active.append(HEADER)
    book.active.append(["0780", "Växjö", "samordnare", 2025, "ja", SOURCE, "a\u2028b"])
    book.save(tmp_path / "sep.xlsx")
    report = refused(tmp_path / "sep.xlsx", data_dir)
    assert "sep.xlsx, blad ”Värden”, rad 2, kolumn ”anmarkning”: cellen innehåller " \
           "radavgränsaren U+2028" in report  # fmt: skip


def test_a_line_break_inside_a_quoted_cell_still_imports(tmp_path, data_dir):
    path = csv_file(tmp_path / "radbrytning.csv", [good_row(note="rad ett\nrad två")])
    result = run(path, data_dir)
    assert result.written and result.parsed.rows[0].note == "rad ett\nrad två"


def test_empty_csv_lines_count_toward_the_row_bound(tmp_path, data_dir, monkeypatch):
    monkeypatch.setenv("DASHBOARD_IMPORT_MAX_ROWS", "100")
    path = tmp_path / "tomt.csv"
    path.write_text(";".join(HEADER) + "\n" + ";;;;;;\n" * 5_000 + ";".join(good_row()) + "\n")
    report = refused(path, data_dir)
    assert "tomt.csv, rad 1101: filen har fler än 1100 rader (tomma rader räknas också)" in report


def test_too_many_csv_columns(tmp_path, data_dir):
    path = csv_file(tmp_path / "bred.csv", [good_row() + [""] * 150 + ["x"]])
    assert "bred.csv, rad 2, kolumn ”CW”: raden har fler än 100 kolumner" in refused(path, data_dir)


def test_utf16_without_its_mark_is_not_a_text_file(tmp_path, data_dir):
    """UTF-16 with a BOM is Excel's "Unicode-text" and is read (test_import_encodings.py);
    without one its bytes cannot be told from a binary file."""
    path = tmp_path / "utf16.csv"
    path.write_bytes((";".join(HEADER) + "\n" + ";".join(good_row())).encode("utf-16-le"))
    assert "ingen textfil" in refused(path, data_dir)


# --- ranges from the catalogue -------------------------------------------------------------------

ABSURD = ["1e308", "99999999999999999999999", "1e22", "101", "-1", "1e400"]


@pytest.mark.parametrize("value", ABSURD)
@pytest.mark.parametrize("indicator", ["samordnare_antal", "samordnare_tjanstgrad"])
def test_absurd_numbers_are_refused_with_the_catalogues_range(tmp_path, data_dir, value,
                                                              indicator):  # fmt: skip
    rows = [["0780", "", indicator, "2025", value, SOURCE, ""]]
    report = refused(csv_file(tmp_path / "tal.csv", rows), data_dir)
    assert "tal.csv, rad 2, kolumn ”varde”" in report
    if value == "1e400":  # float() gives inf
        assert "”1e400” är inget tal" in report
    else:
        assert f"{value} ligger utanför det tillåtna intervallet (0–100) för {indicator}" in report
        assert "Förväntade ett" in report and "0–100" in report


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "Infinity", "NaN"])
def test_non_finite_numbers_are_not_numbers(tmp_path, data_dir, value):
    rows = [["0780", "", "skyddat_boende_placeringar", "2025", value, SOURCE, ""]]
    report = refused(csv_file(tmp_path / "tal.csv", rows), data_dir)
    assert f"”{value}” är inget tal" in report and "kolumn ”varde”" in report


def test_absurd_numbers_in_excel_cells(tmp_path, data_dir):
    book = openpyxl.Workbook()
    book.active.title = "Värden"
    book.active.append(HEADER)
    book.active.append(["0780", "Växjö", "samordnare_antal", 2025, 1e308, SOURCE])
    book.active.append(["0781", "Ljungby", "samordnare_tjanstgrad", 2025, 1e22, SOURCE])
    book.active.append(["0760", "Uppvidinge", "skyddat_boende_placeringar", 2025, 10_001, SOURCE])
    book.save(tmp_path / "tal.xlsx")
    report = refused(tmp_path / "tal.xlsx", data_dir)
    assert "rad 2, kolumn ”varde”: 1e+308 ligger utanför det tillåtna intervallet (0–100)" in report
    assert "rad 3, kolumn ”varde”: 1e+22 ligger utanför det tillåtna intervallet (0–100)" in report
    assert "rad 4, kolumn ”varde”: 10001 ligger utanför det tillåtna intervallet (0–10 000)" \
        in report  # fmt: skip


def test_the_range_comes_from_the_catalogue_only(tmp_path, data_dir):
    catalogue = data_dir / "indikatorer.csv"
    text = catalogue.read_text(encoding="utf-8-sig")
    assert ";antal;;personer;0;100;" in text
    catalogue.write_text(text.replace(";antal;;personer;0;100;", ";antal;;personer;0;5;"),
                         encoding="utf-8-sig")  # fmt: skip
    six = [["0780", "", "samordnare_antal", "2025", "6", SOURCE, ""]]
    assert "6 ligger utanför det tillåtna intervallet (0–5)" in refused(
        csv_file(tmp_path / "sex.csv", six), data_dir
    )
    five = [["0780", "", "samordnare_antal", "2025", "5", SOURCE, ""]]
    assert run(csv_file(tmp_path / "fem.csv", five), data_dir).written


def test_the_templates_show_each_indicators_range():
    text = (DATA / "templates" / "uppfoljning-mall.csv").read_text(encoding="utf-8-sig")
    assert "skyddat_boende_placeringar – Placeringar i skyddat boende – antal (heltal) – " \
           "ett heltal 0–10 000" in text  # fmt: skip
    assert "samordnare_tjanstgrad – Samordnartid i årsarbetare – tal med decimaler – ett tal " \
           "0–100" in text  # fmt: skip
    book = openpyxl.load_workbook(DATA / "templates" / "uppfoljning-mall.xlsx")
    allowed = {r[0].value: r[4].value for r in book["Indikatorer"].iter_rows(min_row=2)}
    assert allowed["samordnare_antal"] == "ett heltal 0–100 (t.ex. 3)"
    ranges = {(dv.type, dv.formula1, dv.formula2)
              for dv in book["Värden"].data_validations.dataValidation}  # fmt: skip
    assert ("whole", "0", "10000") in ranges and ("decimal", "0", "100") in ranges
