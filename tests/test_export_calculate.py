"""Downloads to calculate with (#34): in every download the service offers, every cell of a
column that holds numbers (export_table.NUMERIC_HEADERS) is a number or empty, years are
plain integers, changes are signed numbers beside a unit column, Uppföljning's figures are
numbers with their denominators, and every row says whether it is example data."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from dashboard import domain
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison
from dashboard.domain.export_table import (
    CHANGE_UNIT_COLUMN,
    EXAMPLE_COLUMN,
    YEAR_HEADER,
    is_numeric_header,
    placing_parts,
)
from dashboard.domain.formatting import parse_shown
from dashboard.domain.overview import LOCAL_PLAN_LAYER
from dashboard.ui import export

CSV_NUMBER = re.compile(r"^-?\d+(,\d+)?$")


def every_download() -> list[tuple[str, dict[str, str]]]:
    """Every table the service offers for download, over the fixture county's indicators
    and years: Översikt and Jämför's ranking per indicator, each of Kommun's and Jämför's
    tables, the deck, Strategi, Uppföljning and each year's Verksamhetsplan."""
    ds = get_dataset()
    ids = list(ds.indicators["id"])
    out: list[tuple[str, dict[str, str]]] = [("oversikt", {"indikator": i}) for i in ids]
    first = str(min(ds.years))  # no change to speak of: the columns stay numbers
    out += [("oversikt", {"indikator": i, "ar": first}) for i in ids]
    out += [("oversikt", {"indikator": LOCAL_PLAN_LAYER})]
    out += [("jamfor", {"tabell": "rangordning", "indikator": i}) for i in ids]
    out += [("jamfor", {"tabell": "matris"}), ("jamfor", {"tabell": "utveckling"}),
            ("jamfor", {"tabell": "utveckling", "indikator": "samordnare_tjanstgrad"})]  # fmt: skip
    code = str(ds.municipalities["code"].iloc[0])
    out += [("kommun", {"kod": code, "tabell": t})
            for t in ("nyckeltal", "malomraden", "kriterier", "delmal", "utveckling")]  # fmt: skip
    # each headline indicator's series: yes/no and SUV give the county's count, not a mean
    out += [("kommun", {"kod": code, "tabell": "utveckling", "indikator": i})
            for i in comparison.main_indicators(ds)["id"]]  # fmt: skip
    out += [("jamfor", {"tabell": "utveckling", "indikator": i, "min": code, "grupp": "storlek"})
            for i in ("samordnare", "suv_status", "krit_2_3") if i in ids]  # fmt: skip
    out += [("presentera", {}), ("presentera", {"indikatorer": ",".join(ids[:6])}),
            ("strategi", {}), ("uppfoljning", {})]  # fmt: skip
    years = sorted({int(y) for y in ds.activities["year"]}) if not ds.activities.empty else []
    out += [("verksamhetsplan", {"ar": str(y)}) for y in years]
    return out


@pytest.fixture(scope="module")
def downloads(app) -> list[tuple[str, dict[str, str], bytes, bytes]]:
    """(view, args, xlsx, csv) of every download, rendered once for the module."""
    return [
        (view, args, export.render(view, "xlsx", args)[0], export.render(view, "csv", args)[0])
        for view, args in every_download()
    ]


def test_every_registered_download_is_in_the_list(app):
    assert {view for view, _ in every_download()} == set(export.views())


def data_sheet(body: bytes) -> tuple[list[str], list[tuple]]:
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Data"]
    header = [str(c.value) for c in sheet[1]]
    return header, [tuple(row) for row in sheet.iter_rows(min_row=2)]


def test_every_cell_of_a_number_column_is_a_number(downloads):
    """A column whose header says it holds numbers holds int/float or nothing, in Excel's
    number type; a year is formatted '0' (never '2 024'); no text cell elsewhere still reads
    as a shown number ('87 %'), and no number hides behind an apostrophe."""
    checked = 0
    for view, args, body, _ in downloads:
        header, rows = data_sheet(body)
        for row in rows:
            for name, cell in zip(header, row, strict=True):
                where = (view, args, name, cell.value)
                if is_numeric_header(name):
                    checked += 1
                    assert cell.value is None or (
                        isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
                    ), where
                    if cell.value is not None:
                        assert cell.data_type == "n", where
                    if YEAR_HEADER.match(name) and cell.value is not None:
                        assert cell.number_format in ("0", "General"), where
                elif isinstance(cell.value, str) and not name.lower().endswith("kod"):
                    assert parse_shown(cell.value) is None, where
                    assert not re.match(r"^('+[+−-]?\d|[+−]\d)", cell.value), where
    assert checked > 1000


def test_no_download_keeps_a_number_column_as_text(downloads):
    """The other way round: a column of numbers has a header the list names, so the check
    above reaches it (a new download's number column must be added to NUMERIC_HEADERS)."""
    for view, args, body, _ in downloads:
        header, rows = data_sheet(body)
        for index, name in enumerate(header):
            cells = [row[index].value for row in rows if row[index].value is not None]
            if cells and all(isinstance(v, (int, float)) for v in cells):
                assert is_numeric_header(name) or not name.strip(), (view, args, name)


def test_no_column_mixes_numbers_and_text(downloads):
    """A column is numbers (or empty) or text, never both: a municipality's status ('Ja',
    'Ej påbörjat') stands in a text column beside its share, and a county's or group's count
    ('4 av 8: Ja') is split into numbers in their own columns, the level named in text."""
    mixed = set()
    for view, args, body, _ in downloads:
        header, rows = data_sheet(body)
        for index, name in enumerate(header):
            kinds = {type(row[index].value) for row in rows if row[index].value is not None}
            if kinds & {int, float} and str in kinds:
                mixed.add((view, tuple(sorted(args)), name))
    assert not mixed, sorted(mixed)


def test_a_count_of_municipalities_is_never_text(downloads):
    """'4 av 8: Ja' under a mean's header is a count in text: never in any download."""
    for view, args, body, _ in downloads:
        header, rows = data_sheet(body)
        for row in rows:
            for name, cell in zip(header, row, strict=True):
                assert not re.match(r"^\d+ av \d+: ", str(cell.value or "")), (view, args, name)


def test_every_row_of_every_download_says_whether_it_is_example_data(downloads):
    ds = get_dataset()
    assert ds.has_example_data  # the fixture county is example data: some rows say Ja
    seen = set()
    for view, args, body, text in downloads:
        header, rows = data_sheet(body)
        assert EXAMPLE_COLUMN in header, (view, args)
        column = header.index(EXAMPLE_COLUMN)
        flags = {row[column].value for row in rows}
        # 'Delvis': a value or change resting on real and example values (#31)
        assert flags <= {"Ja", "Nej", "Delvis"}, (view, args, flags)
        seen |= flags
        body_rows = csv_rows(text)
        assert all(r[EXAMPLE_COLUMN] in ("Ja", "Nej", "Delvis") for r in body_rows), (view, args)
    assert seen == {"Ja", "Nej"}  # Strategi's plan text is not example data


def csv_lines(text: bytes) -> list[str]:
    lines = text.decode("utf-8-sig").splitlines()
    return lines[lines.index("") + 1 :]


def csv_rows(text: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(csv_lines(text), delimiter=";"))


def test_csv_numbers_have_a_decimal_comma_and_no_quotes_or_apostrophes(downloads):
    checked = 0
    for view, args, _, text in downloads:
        lines = csv_lines(text)
        header = next(csv.reader(lines[:1], delimiter=";"))
        numeric = [i for i, name in enumerate(header) if is_numeric_header(name)]
        for line in lines[1:]:
            cells = line.split(";")  # a number never needs quoting, so a split finds it
            row = next(csv.reader([line], delimiter=";"))
            for i in numeric:
                if row[i] == "":
                    continue
                checked += 1
                assert CSV_NUMBER.match(row[i]), (view, args, header[i], row[i])
                assert row[i] in cells, (view, args, header[i], line)  # written unquoted
    assert checked > 1000


def rows_of(view: str, args: dict[str, str]) -> list[dict[str, object]]:
    header, rows = data_sheet(export.render(view, "xlsx", args)[0])
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in rows]


def test_a_change_is_a_signed_number_with_its_unit(app):
    """Översikt: '−0,50 årsarbetare sedan 2024' is -0.5 with 'årsarbetare' beside it; a
    share's change is in percentage points; where there is no change the note says why."""
    ds = get_dataset()
    year = max(ds.years)
    rows = rows_of("oversikt", {"indikator": "samordnare_tjanstgrad", "ar": str(year)})
    changes = [r[f"Förändring sedan {year - 1}"] for r in rows]
    assert all(isinstance(c, (int, float)) or c is None for c in changes)
    assert any(isinstance(c, (int, float)) and c < 0 for c in changes), changes
    assert {r[CHANGE_UNIT_COLUMN] for r in rows} == {"årsarbetare"}
    header, cells = data_sheet(
        export.render("oversikt", "xlsx", {"indikator": "samordnare_tjanstgrad"})[0]
    )
    column = header.index(f"Förändring sedan {year - 1}")
    formats = {row[column].number_format for row in cells if row[column].value is not None}
    assert formats == {"#,##0.00"}  # as the page rounds a decimal indicator: '−0,50'
    assert "Förändring" not in rows[0]
    share = rows_of("oversikt", {"indikator": "sosfs_alla", "ar": str(year)})
    assert {r[CHANGE_UNIT_COLUMN] for r in share} == {"procentenheter"}
    assert all(isinstance(r[f"Förändring sedan {year - 1}"], int) for r in share)
    first = rows_of("oversikt", {"indikator": "sosfs_alla", "ar": str(min(ds.years))})
    assert all(r[f"Förändring sedan {min(ds.years) - 1}"] is None for r in first)
    assert all("Förändring" in str(r["Anmärkning"]) for r in first)


def test_uppfoljning_gives_its_figures_as_numbers_with_their_denominators(app):
    ds = get_dataset()
    rows = [r for r in rows_of("uppfoljning", {}) if r["Tjänstens indikator (tjänstens val)"]]
    assert rows
    for r in rows:
        for name in ("Första år", "Första värde", "Senaste år", "Senaste värde",
                     "Antal kommuner med värde", "Antal kommuner i länet"):  # fmt: skip
            assert r[name] is None or isinstance(r[name], (int, float)), (name, r[name])
        assert r["Antal kommuner i länet"] == len(ds.municipalities)
    status = [r for r in rows if "kommuner" in str(r["Första värdet i ord"])
              and r["Antal kommuner med högsta nivån första året"] is not None]  # fmt: skip
    assert status
    for r in status:  # 'Uppfyllt i 2 av 8 kommuner' is 25 %, 2 and 8 in their own columns
        words = re.search(r"i (\d+) av (\d+) kommuner", str(r["Första värdet i ord"]))
        assert words, r["Första värdet i ord"]
        top, of = int(words[1]), int(words[2])
        assert r["Antal kommuner med högsta nivån första året"] == top
        assert r["Antal kommuner med värde"] == of
        assert r["Första värde"] == pytest.approx(100 * top / of, abs=0.05)
        assert r["Förändring mellan första och senaste värdet"] == pytest.approx(
            r["Senaste värde"] - r["Första värde"], abs=0.11
        )
        assert r[CHANGE_UNIT_COLUMN] == "procentenheter"
    means = [r for r in rows if "i snitt per kommun" in str(r["Första värdet i ord"])]
    assert means and all(isinstance(r["Första värde"], float) for r in means)


def test_placings_are_numbers_with_shared_beside_them(app):
    assert placing_parts("delad 5:e av 8") == (5, True, 8)
    assert placing_parts("1:a") == (1, False, None)
    assert placing_parts("–") == (None, None, None)
    rows = rows_of("jamfor", {"tabell": "rangordning", "indikator": "sosfs_alla"})
    assert all(isinstance(r["Placering"], int) for r in rows)
    assert {r["Delad placering"] for r in rows} <= {"Ja", "Nej"}
    places = [r["Placering"] for r in rows]
    assert places == sorted(places)
    shared = {p for p in places if places.count(p) > 1}
    assert all((r["Delad placering"] == "Ja") == (r["Placering"] in shared) for r in rows)


def test_a_status_indicators_county_figure_is_a_count_with_its_denominator(app):
    """Kommun's and Jämför's series of a yes/no indicator or a criterion: the county's (and
    the similar municipalities') figure is how many have the top level of how many with a
    value, in two number columns, the level in words beside them; no 'snitt' header holds it."""
    ds = get_dataset()
    code = str(ds.municipalities["code"].iloc[0])
    for view, args in [("kommun", {"kod": code, "tabell": "utveckling", "indikator": "samordnare"}),
                       ("jamfor", {"tabell": "utveckling", "indikator": "krit_2_3"})]:  # fmt: skip
        rows = rows_of(view, args)
        assert "Länssnitt" not in rows[0], rows[0].keys()
        for r in rows:
            year = int(r["År"])
            snap = domain.snapshot(ds, args["indikator"], year)
            known = snap[snap["score"].notna()]
            assert r["Länet, antal med uppgift"] == len(known), (view, year)
            top = r["Länet, bästa nivån"]
            assert top in ("Ja", "Uppfyllt"), top
            assert r["Länet, antal med bästa nivån"] == int(
                (known["label"].str.startswith(top)).sum()), (view, year)  # fmt: skip
    rows = rows_of("kommun", {"kod": code, "tabell": "nyckeltal"})
    yes_no = next(r for r in rows if r["Indikator"] == "Kvinnofridssamordnare")
    year = max(ds.years)
    assert yes_no[f"{year}, status"] in ("Ja", "Nej")
    assert yes_no[str(year)] is None and yes_no["Länet"] is None
    assert yes_no["Länet, antal med uppgift"] == len(ds.municipalities)


def test_kommun_criteria_give_the_countys_share_as_a_number_with_its_counts(app):
    """The criteria download's county share is a number beside its numerator and denominator
    (the page writes '57 % (4 av 7 med uppgift)'; a download keeps the three apart)."""
    rows = rows_of("kommun", {"kod": "0780", "ar": "2025", "tabell": "kriterier"})
    share = "Länet, andel kommuner som uppfyller (%)"
    for row in rows:
        met, known = (
            row["Antal kommuner i länet som uppfyller"],
            row["Antal kommuner i länet med uppgift"],
        )
        assert isinstance(known, int) and isinstance(met, int), row
        assert row[share] == round(100 * met / known), row
    assert any(row["Antal kommuner i länet med uppgift"] == 7 for row in rows)
