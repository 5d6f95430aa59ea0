"""Real-world files are read exactly or refused (issue #30): each test is a file pattern that
once lost data without a word — a '#' line, an open quote, Mac Excel's encoding, the wrong
sheet, a huge count, formulas in a template, a BOM before Windows text, a column named twice,
a merged cell, a right-to-left override. Every test works on a copy of data/ in tmp_path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from conftest import COUNTY_DATA

from dashboard.__main__ import main
from dashboard.config import REPO_ROOT
from dashboard.data import importer, loader, practice_import, spreadsheet
from dashboard.data.loader import DataError, load_dataset
from dashboard.data.practice_import import ACTIVITIES, LOCAL_PLANS, PROCESS_SUPPORT

DATA = COUNTY_DATA  # the fixture county (conftest), never the shipped data/
GEO = REPO_ROOT / "geo"
HEADER = "id;ar;delmal;titel;typ;ansvarig;status;datum;deltagare;anmarkning"
VALUES_HEADER = "kommunkod;kommun;indikator;ar;varde;kalla;anmarkning"
SOURCE = "Kommunens svar på Länsstyrelsens enkät 2026"


def activities(data_dir: Path) -> loader.pd.DataFrame:
    return load_dataset(data_dir, GEO).activities


def import_activities(path: Path, data_dir: Path, **kwargs) -> practice_import.PracticeResult:
    return practice_import.run_import(ACTIVITIES, path, data_dir=data_dir, geo_dir=GEO, **kwargs)


def refused(call, data_dir: Path) -> str:
    """The report of a refused import; data/ must be byte for byte what it was."""
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    with pytest.raises(importer.ImportFailed) as caught:
        call()
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before
    return caught.value.report()


def csv_file(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A file as Python's csv module (and Excel) quote it: a person's file, not our writer's."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=";").writerows([header, *rows])
    return path


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- 1. '#' is text after the header ---------------------------------------------------------


def test_a_title_or_note_line_starting_with_hash_is_kept(tmp_path, data_dir):
    path = write_csv(tmp_path / "aktiviteter.csv", HEADER + "\n"
                     "A2025-01;2025;2.6;#intedinskuld-kampanj;kampanj;;genomford;;;\n"
                     'A2025-02;2025;1.1;Utbildning;utbildning;;genomford;;;"Första raden\n'
                     '# andra raden, med ; och #\nsista"\n')  # fmt: skip
    result = import_activities(path, data_dir)
    assert result.written and result.rows == 2
    rows = activities(data_dir).set_index("id")
    assert rows.loc["A2025-01", "title"] == "#intedinskuld-kampanj"
    assert rows.loc["A2025-02", "note"] == "Första raden\n# andra raden, med ; och #\nsista"


def test_the_values_note_keeps_its_hash_lines(tmp_path, data_dir):
    path = write_csv(tmp_path / "uppfoljning.csv", "# mallens kommentar\n" + VALUES_HEADER + "\n"
                     f'0780;Växjö;samordnare;2025;ja;{SOURCE};"# inte en kommentar\n# två"\n')  # fmt: skip
    importer.run_import(path, data_dir=data_dir, geo_dir=GEO, user="testare")
    values = load_dataset(data_dir, GEO).values
    row = values[(values["municipality_code"] == "0780") & (values["indicator_id"] == "samordnare")
                 & (values["year"] == 2025)]  # fmt: skip
    assert row["note"].tolist() == ["# inte en kommentar\n# två"]


# --- 2. an unclosed quote is refused ----------------------------------------------------------


def test_an_unclosed_quote_in_the_last_column_is_refused_at_its_row(tmp_path, data_dir):
    path = write_csv(tmp_path / "aktiviteter.csv", HEADER + "\n"
                     'A2025-01;2025;2.6;Kampanj;kampanj;;genomford;;;"en anteckning\n'
                     "A2025-02;2025;1.1;Utbildning;utbildning;;genomford;;;\n"
                     "A2025-03;2025;1.2;Träff;natverkstraff;;planerad;;;\n")  # fmt: skip
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "aktiviteter.csv, rad 2: ett citattecken" in report and "stängs aldrig" in report


def test_an_unclosed_quote_in_a_data_file_is_refused_by_the_loader(tmp_path, data_dir):
    path = data_dir / "lansstyrelsens_aktiviteter.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2][:-3] + '"ja'  # the note cell opens a quote that never closes
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    with pytest.raises(DataError, match="rad 3: ett citattecken"):
        load_dataset(data_dir, GEO)


# --- 3. encodings: decided and said, never guessed silently ---------------------------------------

TITLE = "Våldsprevention för skolpersonal i Älmhult"


@pytest.mark.parametrize(("encoding", "said"), [("mac_roman", "Mac OS Roman"),
                                                ("cp1252", "Windows-1252"),
                                                ("utf-16", "UTF-16")])  # fmt: skip
def test_mac_and_windows_excel_csv_are_read_as_they_were_written(tmp_path, data_dir, encoding,
                                                                 said):  # fmt: skip
    text = HEADER + f"\nA2025-01;2025;1.3;{TITLE};utbildning;;genomford;;;\n"
    if encoding == "utf-16":
        text = text.replace(";", "\t")  # Excel's "Unicode-text": tabs, UTF-16 with a BOM
    path = write_csv(tmp_path / "aktiviteter.csv", text, encoding)
    result = import_activities(path, data_dir)
    assert f"Filen lästes som {said}" in result.summary
    assert activities(data_dir)["title"].tolist() == [TITLE]


def test_a_utf8_bom_before_windows_text_is_refused_not_renamed(tmp_path, data_dir):
    data = b"\xef\xbb\xbf" + (HEADER + f"\nA2025-07;2025;1.3;{TITLE};utbildning;;genomford;;;\n"
                              ).encode("cp1252")  # fmt: skip
    path = tmp_path / "aktiviteter.csv"
    path.write_bytes(data)
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "märket för UTF-8 (BOM)" in report and "två olika teckenkodningar" in report


def test_text_that_fits_no_encoding_clearly_is_refused(tmp_path, data_dir):
    path = tmp_path / "aktiviteter.csv"  # only an en dash: Windows '–' or Mac 'ñ'?
    path.write_bytes((HEADER + "\nA2025-01;2025;1.3;Möte – vår;utbildning;;genomford;;;\n")
                     .replace("ö", "o").replace("å", "a").encode("cp1252"))  # fmt: skip
    assert "går inte att avgöra säkert" in refused(lambda: import_activities(path, data_dir),
                                                   data_dir)  # fmt: skip


def one_activity(title: str) -> str:
    return HEADER + f"\nA2025-01;2025;1.3;{title};utbildning;;genomford;;;\n"


# A Windows '€' is a Mac 'Ä', a Windows '…' a Mac 'Ö', a Windows '–' a Mac 'ñ': text whose
# only non-ASCII characters are these reads as ordinary text either way.
@pytest.mark.parametrize(("title", "windows", "mac"), [
    ("Budget 500 €", "Budget 500 €", "Budget 500 Ä"),
    ("pagar…", "pagar…", "pagarÖ"),
    ("Mote – var", "Mote – var", "Mote ñ var"),
])  # fmt: skip
def test_windows_punctuation_alone_is_not_read_as_mac(tmp_path, data_dir, title, windows, mac):
    """Nothing in such a file tells Windows-1252 from Mac OS Roman: refused, showing both
    readings and how to save the file as UTF-8; never stored with the wrong letters."""
    path = write_csv(tmp_path / "aktiviteter.csv", one_activity(title), "cp1252")
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "kan läsas på två sätt" in report and "går inte att avgöra säkert" in report
    assert "som Windows-1252 (”CSV (semikolonavgränsad)” i Excel för Windows) står det" in report
    assert f"”A2025-01;2025;1.3;{windows};utb" in report
    assert f"”A2025-01;2025;1.3;{mac};utb" in report
    assert "textrad 2" in report and "”CSV UTF-8 (kommaavgränsad)”" in report


@pytest.mark.parametrize(("title", "encoding"), [
    ("Budget 500 € för Växjö", "cp1252"),  # ä, ö: Mac would read '‰', 'ˆ'
    ("pågår…", "cp1252"),
    ("Älmhult – pågår", "cp1252"),
    ("Växjö och Älmhult", "mac_roman"),  # ä, ö: Windows would read 'Š', 'š'
    ("Åtgärd … klar", "mac_roman"),  # Å is no character at all in Windows-1252
])  # fmt: skip
def test_swedish_letters_decide_the_encoding_beside_the_punctuation(tmp_path, data_dir, title,
                                                                   encoding):  # fmt: skip
    """Only one reading gives expected characters throughout: read, and said."""
    path = write_csv(tmp_path / "aktiviteter.csv", one_activity(title), encoding)
    result = import_activities(path, data_dir)
    said = "Windows-1252" if encoding == "cp1252" else "Mac OS Roman"
    assert f"Filen lästes som {said}" in result.summary
    assert activities(data_dir)["title"].tolist() == [title]


def test_a_mac_file_with_only_capital_a_and_o_umlaut_is_refused_not_read_as_windows(
    tmp_path, data_dir
):
    """The mirror case: a Mac 'Ä' is a Windows '€'. Without a lower-case å, ä or ö, é or Å
    the file reads either way, so it is refused too."""
    path = write_csv(tmp_path / "aktiviteter.csv", one_activity("ÄLMHULT"), "mac_roman")
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "€LMHULT" in report and "ÄLMHULT" in report and "avgöra säkert" in report


def test_double_encoded_utf8_is_refused(tmp_path, data_dir):
    mangled = TITLE.encode("utf-8").decode("cp1252")  # 'VÃ¥ldsprevention …'
    path = write_csv(
        tmp_path / "a.csv", HEADER + f"\nA1;2025;1.3;{mangled};utbildning;;genomford;;;\n"
    )
    assert "kodats om två gånger" in refused(lambda: import_activities(path, data_dir), data_dir)


# --- 4. the sheet is read by its name -----------------------------------------------------------

ROW = ["A2025-01", 2025, "1.3", "Utbildning", "Utbildning", "", "Genomförd", "", 12, ""]


def workbook(path: Path, sheets: list[tuple[str, str, list[list[object]]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_the_sheet_named_aktiviteter_is_read_not_a_hidden_one_before_it(tmp_path, data_dir):
    old = [["Gammal", 2019, "1.1", "Gammal lista", "Kampanj", "", "Genomförd", "", "", ""]]
    path = workbook(tmp_path / "a.xlsx", [
        ("Gammal", "hidden", [HEADER.split(";"), *old]),
        ("Aktiviteter", "visible", [HEADER.split(";"), ROW]),
    ])  # fmt: skip
    result = import_activities(path, data_dir)
    assert activities(data_dir)["title"].tolist() == ["Utbildning"]
    assert "Dolda blad lästes inte: ”Gammal”." in result.summary


def test_a_hidden_sheet_with_the_name_is_refused(tmp_path, data_dir):
    path = workbook(tmp_path / "a.xlsx", [("Aktiviteter", "hidden", [HEADER.split(";"), ROW]),
                                          ("Blad2", "visible", [["x"]])])  # fmt: skip
    assert "bladet ”Aktiviteter” är dolt" in refused(lambda: import_activities(path, data_dir),
                                                     data_dir)  # fmt: skip


def test_a_workbook_without_the_named_sheet_is_refused_with_its_sheets(tmp_path, data_dir):
    path = workbook(tmp_path / "a.xlsx", [("Blad1", "visible", [HEADER.split(";"), ROW]),
                                          ("Blad2", "visible", [HEADER.split(";"), ROW])])  # fmt: skip
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "inget blad ”Aktiviteter” (den har ”Blad1”, ”Blad2”)" in report


def test_a_single_sheet_is_read_whatever_its_name_and_said_so(tmp_path, data_dir):
    path = workbook(tmp_path / "a.xlsx", [("Blad1", "visible", [HEADER.split(";"), ROW])])
    assert "Bladet ”Blad1” lästes" in import_activities(path, data_dir).summary


# --- 5. a huge count: a Swedish answer, never a traceback or a dead service ---------------------------


@pytest.mark.parametrize("count", ["99999999999999999999", 1e20, "1E+20", "10000001"])
def test_a_huge_count_is_refused_in_swedish(tmp_path, data_dir, count):
    path = workbook(tmp_path / "a.xlsx", [("Aktiviteter", "visible",
                                           [HEADER.split(";"), [*ROW[:8], count, ""]])])  # fmt: skip
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "kolumn ”deltagare”" in report and "ett heltal 0–10 000 000" in report


@pytest.mark.parametrize(("file", "column", "value"), [
    ("lansstyrelsens_aktiviteter.csv", 8, "99999999999999999999"),
    ("kommuner.csv", 3, "99999999999999999999"),
    ("riksreferens.csv", 1, "99999999999999999999"),
    ("riksreferens.csv", 2, "1e308"),
    ("skalor.csv", 3, "1e308"),
])  # fmt: skip
def test_a_huge_number_in_a_data_file_is_a_data_error_naming_the_cell(data_dir, file, column,
                                                                      value):  # fmt: skip
    path = data_dir / file
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(";")
    cells[column] = value
    lines[1] = ";".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    with pytest.raises(DataError, match=f"data/{file}, rad 2, kolumn"):
        load_dataset(data_dir, GEO)


def test_an_unexpected_error_while_loading_is_a_data_error_not_a_crash(monkeypatch, data_dir):
    """What a check misses still reaches /_redo and the pages as the Swedish data problem
    (the master loads the data before it forks: an escaped error stopped the service)."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))

    def overflow(*_args):
        raise OverflowError("Python int too large to convert to C long")

    monkeypatch.setattr(loader, "load_dataset", overflow)
    try:
        with pytest.raises(DataError, match="kunde inte läsas \\(OverflowError\\)"):
            loader.get_dataset()
    finally:
        monkeypatch.undo()
        loader.clear_cache()


# --- 6. templates carry text, never formulas, and read back unchanged ---------------------------------

HOSTILE = ["=HYPERLINK(\"http://example.invalid\")", "+46 470 123 45", "-inte ett tal", "@SUMMA(A1)",
           "'=redan skyddad", "#hashtag"]  # fmt: skip


def test_imported_text_becomes_no_formula_in_any_template(tmp_path, data_dir, monkeypatch):
    rows = [f"A2025-{i:02d};2025;1.{i % 4 + 1};{text};kampanj;{text};genomford;;;{text}"
            for i, text in enumerate(HOSTILE, start=1)]  # fmt: skip
    path = write_csv(tmp_path / "a.csv", HEADER + "\n" + "\n".join(rows) + "\n")
    import_activities(path, data_dir)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    out = tmp_path / "mallar"
    assert main(["import", "--mall", "--ut", str(out)]) == 0
    for template in out.glob("*.xlsx"):
        book = openpyxl.load_workbook(template)
        formulas = [c.coordinate for s in book for row in s.iter_rows() for c in row
                    if c.data_type == "f"]  # fmt: skip
        assert formulas == [], template.name
    text = (out / "aktiviteter-mall.csv").read_text(encoding="utf-8-sig")
    assert ";=HYPERLINK" not in text and "'=HYPERLINK" in text


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_every_template_reimported_unchanged_gives_the_same_data(tmp_path, data_dir, suffix,
                                                                 monkeypatch):  # fmt: skip
    rows = [[f"A2025-{i:02d}", "2025", f"1.{i % 4 + 1}", text, "kampanj", text, "genomford",
             f"2025-03-0{i}", str(i), f"{text}\nmed två rader" if i % 2 else text]
            for i, text in enumerate(HOSTILE, start=1)]  # fmt: skip
    import_activities(csv_file(tmp_path / "a.csv", HEADER.split(";"), rows), data_dir)
    plans = LOCAL_PLANS.columns[:-1]
    plan_rows = [["0780", "ja", "2019-10-05", "=KF", "", "2022", "1.1", ""],
                 ["0780", "ja", "2023-10-05", "=Kommunfullmäktige", "2024", "2026", "1.1, 2.3",
                  "-anm"],
                 ["0760", "nej", "", "", "", "", "", "#ingen"]]  # fmt: skip
    practice_import.run_import(LOCAL_PLANS, csv_file(tmp_path / "p.csv", list(plans), plan_rows),
                               data_dir=data_dir, geo_dir=GEO)  # fmt: skip
    support = [["0780", "2025", text] for text in HOSTILE[:3]]
    practice_import.run_import(PROCESS_SUPPORT, csv_file(tmp_path / "s.csv", ["aktor", "ar",
                               "beskrivning"], support), data_dir=data_dir, geo_dir=GEO)  # fmt: skip
    ds = load_dataset(data_dir, GEO)
    targets = (ACTIVITIES, LOCAL_PLANS, PROCESS_SUPPORT)
    before = {t.key: (data_dir / t.file).read_bytes() for t in targets}
    values_before = (data_dir / "varden.csv").read_bytes()
    out = tmp_path / "mallar"
    practice_import.write_templates(ds, out)
    importer.write_templates(ds, importer.default_template_year(ds), out)
    for target in targets:
        result = practice_import.run_import(target, out / f"{target.prefix}-mall.{suffix}",
                                            data_dir=data_dir, geo_dir=GEO)  # fmt: skip
        assert not result.written, result.summary  # the same list: nothing to write
        assert (data_dir / target.file).read_bytes() == before[target.key]
    # the values template is empty (nothing filled in): it is read, and changes nothing
    with pytest.raises(importer.ImportFailed, match="inga värden att läsa in"):
        importer.run_import(out / f"uppfoljning-mall.{suffix}", data_dir=data_dir, geo_dir=GEO)
    assert (data_dir / "varden.csv").read_bytes() == values_before


# The values template (uppfoljning-mall) has an empty varde, kalla and anmarkning on every
# row by design: "Lämna varde tomt för det som inte ska ändras" (its instructions), so it
# carries no stored value back. What it carries is its own text (kommun, indikatorns_namn,
# the codes) and what a person fills in; both must come through the reader unchanged.
FILLED = [("=HYPERLINK(\"http://example.invalid\")", "'-se bilaga"),
          ("+46 470 123 45", "#inte en kommentar\n# två rader"),
          ("'=redan skyddad", "-minus;semikolon \"citat\""),
          ("@SUMMA(A1)", "=1+1\r\nmed Windows-radbrytning")]  # fmt: skip


def _filled_rows(ds, year: int) -> list[tuple[str, str, str, str, str]]:
    """(kommunkod, indikator, stored value, kalla, anmarkning) for rows of `year` that have
    a stored value: the value filled in again, with hostile source and note."""
    values = ds.values[(ds.values["year"] == year) & (ds.values["raw"] != "")]
    picked = values.drop_duplicates("indicator_id").head(len(FILLED))
    return [(code, ind, raw, source, note) for (code, ind, raw), (source, note) in
            zip(picked[["municipality_code", "indicator_id", "raw"]].itertuples(index=False),
                FILLED, strict=True)]  # fmt: skip


def _fill_csv(template: bytes, filled) -> bytes:
    """The template with the rows filled in, everything else byte for byte as written: its
    comment lines, and each other cell as the template's writer wrote it."""
    text = template.decode("utf-8-sig")
    lines = text.split("\n")
    # a comment holding a separator is quoted: "# …;…"
    head = next(i for i, line in enumerate(lines) if not line.lstrip('"').startswith("#"))
    rows = list(csv.reader(io.StringIO("\n".join(lines[head:]), newline=""), delimiter=";"))
    columns = rows[0]
    wanted = {(code, ind): (raw, source, note) for code, ind, raw, source, note in filled}
    for row in rows[1:]:
        key = (row[columns.index("kommunkod")], row[columns.index("indikator")]) if row else None
        if key in wanted:
            for column, cell in zip(("varde", "kalla", "anmarkning"), wanted[key], strict=True):
                row[columns.index(column)] = spreadsheet.guard(cell)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    return ("\ufeff" + "\n".join(lines[:head]) + "\n" + out.getvalue().rstrip("\n")
            + "\n").encode()  # fmt: skip


def _fill_xlsx(path: Path, filled) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[spreadsheet.VALUES_SHEET]
    columns = [c.value for c in sheet[1]]
    wanted = {(code, ind): (raw, source, note) for code, ind, raw, source, note in filled}
    for row in sheet.iter_rows(min_row=2):
        key = (row[columns.index("kommunkod")].value, row[columns.index("indikator")].value)
        if key in wanted:
            for column, cell in zip(("varde", "kalla", "anmarkning"), wanted[key], strict=True):
                row[columns.index(column)].value = spreadsheet.guard(cell)
                row[columns.index(column)].data_type = "s"  # text, as write_xlsx_rows keeps it
    book.save(path)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_values_template_filled_in_is_read_as_written_and_again_changes_nothing(
    tmp_path, data_dir, suffix
):
    """The template of a year that has values, filled in with hostile sources and notes
    (formulas, '+46', '#', a leading apostrophe, line breaks, separators): imported, the
    data holds each text as typed; the same file imported again changes nothing, and the
    template made anew afterwards (empty, by design) is refused and changes nothing."""
    ds = load_dataset(data_dir, GEO)
    year = importer.default_template_year(ds)
    filled = _filled_rows(ds, year)
    assert len(filled) == len(FILLED)
    out = tmp_path / "mallar"
    importer.write_templates(ds, year, out)
    path = out / f"uppfoljning-mall.{suffix}"
    template_text = spreadsheet.read_file(out / "uppfoljning-mall.csv").rows
    if suffix == "csv":
        path.write_bytes(_fill_csv(path.read_bytes(), filled))
    else:
        _fill_xlsx(path, filled)
    # everything the person did not touch reads as the template wrote it
    rows = spreadsheet.read_file(path).rows
    untouched = ("kommunkod", "kommun", "indikator", "indikatorns_namn", "ar")
    assert [[c[k] for k in untouched] for _, c in rows] == [
        [c[k] for k in untouched] for _, c in template_text
    ]
    result = importer.run_import(path, data_dir=data_dir, geo_dir=GEO, user="testare")
    assert result.written, result.summary
    values = load_dataset(data_dir, GEO).values.set_index(
        ["municipality_code", "indicator_id", "year"]
    )
    for code, ind, raw, source, note in filled:
        stored = values.loc[(code, ind, year)]
        assert (stored["raw"], stored["source"]) == (raw, source)
        assert stored["note"] == note.replace("\r\n", "\n")  # one form of line break
    after = (data_dir / "varden.csv").read_bytes()
    again = importer.run_import(path, data_dir=data_dir, geo_dir=GEO, user="testare")
    assert not again.plan.has_changes, again.summary
    assert (data_dir / "varden.csv").read_bytes() == after
    fresh = tmp_path / "nya-mallar"
    importer.write_templates(load_dataset(data_dir, GEO), year, fresh)
    with pytest.raises(importer.ImportFailed, match="inga värden att läsa in"):
        importer.run_import(fresh / f"uppfoljning-mall.{suffix}", data_dir=data_dir, geo_dir=GEO)
    assert (data_dir / "varden.csv").read_bytes() == after


# --- and the rest: columns, merged cells, hidden text, formulas without a value ------------------------


def test_a_column_named_twice_is_refused(tmp_path, data_dir):
    path = write_csv(tmp_path / "a.csv", HEADER + ";titel\nA1;2025;1.3;Ett;utbildning;;"
                     "genomford;;;;Två\n")  # fmt: skip
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "kolumnen ”titel” finns två gånger i rubrikraden (kolumn D och K)" in report


def test_text_right_of_the_header_is_refused(tmp_path, data_dir):
    path = write_csv(tmp_path / "a.csv", HEADER + "\nA1;2025;1.3;Ett;utbildning;;genomford;;;;"
                     "bortglömd\n")  # fmt: skip
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "rad 2, kolumn ”K”: raden har text i kolumn K" in report


def test_a_merged_year_cell_is_refused_and_named(tmp_path, data_dir):
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Aktiviteter"
    for row in [HEADER.split(";"), ROW, ["", None, "1.1", "Två", "Kampanj", "", "Planerad"]]:
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    book.save(path)
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "rad 2, kolumn ”ar”: bladet har sammanslagna celler (den första börjar i B2)" in report


def test_a_merged_cell_above_the_header_is_named_by_its_letter(tmp_path, data_dir):
    """A merged title above the table: no header names its column yet."""
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Aktiviteter"
    for row in [["Aktiviteter 2025"], [], HEADER.split(";"), ROW]:
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    book.save(path)
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "rad 1, kolumn ”A”: bladet har sammanslagna celler (den första börjar i A1)" in report


def test_an_empty_year_is_blamed_not_the_id_it_would_have_given(tmp_path, data_dir):
    path = write_csv(tmp_path / "a.csv", HEADER + "\n;;1.3;Ett;utbildning;;genomford;;;\n")
    assert "kolumn ”ar”: värde saknas" in refused(lambda: import_activities(path, data_dir),
                                                  data_dir)  # fmt: skip


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f"])
def test_bidirectional_controls_are_refused(tmp_path, data_dir, character):
    path = write_csv(tmp_path / "a.csv", HEADER + f"\nA1;2025;1.3;Ett{character}txet;utbildning;;"
                     "genomford;;;\n")  # fmt: skip
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert (
        f"rad 2, kolumn ”titel”: cellen innehåller styrtecknet för textriktning U+{ord(character):04X}"
        in report
    )


def test_a_formula_without_a_computed_value_is_refused(tmp_path, data_dir):
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Aktiviteter"
    sheet.append(HEADER.split(";"))
    sheet.append([*ROW[:3], '=C2&" utbildning"', *ROW[4:]])  # openpyxl stores no value
    book.save(path)
    report = refused(lambda: import_activities(path, data_dir), data_dir)
    assert "rad 2, kolumn ”titel”: cellen innehåller formeln =C2" in report
