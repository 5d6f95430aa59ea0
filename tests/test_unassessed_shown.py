"""An unassessed criterion counts as not met, and the count of unassessed criteria stands
beside the share wherever a SOSFS share is shown (issue #31, item 2): in every download that
carries one (Översikt, Jämför, Kommun) as a column 'Ej bedömda kriterier', in Översikt's
table cell, on Kommun's key figure and goal tables, in Jämför's tables and beside the change
under 'Sedan förra mötet'.

The scenario is test_numbers_hold_up's: Växjö answers one criterion of goal 2 in 2025
(uppfyllt) and marks the other four 'uppgift saknas'; its goal 2 share is 20 % (4 of 5 not
assessed), down 40 points from 2024, and its share of all goals 60 % (4 of 15 not assessed)."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re
from dataclasses import replace

import pandas as pd
import pytest
from conftest import COUNTY_DATA

from dashboard import domain
from dashboard.config import REPO_ROOT
from dashboard.data.loader import load_dataset
from dashboard.domain import changes, comparison, overview
from dashboard.ui import export

CODE, NAME, YEAR = "0780", "Växjö", 2025
GOAL = "sosfs_mal2"
COLUMN = "Ej bedömda kriterier"


@pytest.fixture(scope="module")
def ds():
    """The fixture county with Växjö's goal 2 answers of 2025 as described above."""
    ds = load_dataset(COUNTY_DATA, REPO_ROOT / "geo")
    area = ds.indicators[ds.indicators["is_criterion"] & (ds.indicators["goal_id"] == "2")]
    criteria = list(area["id"])
    assert len(criteria) == 5
    values = ds.values.copy()
    rows = (values["municipality_code"] == CODE) & (values["year"] == YEAR)
    values.loc[rows & (values["indicator_id"] == criteria[0]), ["raw", "score"]] = ["uppfyllt", 2.0]
    rest = rows & values["indicator_id"].isin(criteria[1:])
    values.loc[rest, "raw"] = ""
    values.loc[rest, "score"] = float("nan")
    scenario = replace(ds, values=values)
    snap = domain.snapshot(scenario, GOAL, YEAR).set_index("code")
    assert snap.loc[CODE, "label"] == "20\u00a0%"
    assert snap.loc[CODE, "note"].startswith("4 av 5 kriterier ej bedömda")
    return scenario


# --- helpers ---------------------------------------------------------------------------------


def csv_rows(table: export.ExportTable) -> list[dict[str, str]]:
    """The download's table as the CSV writes it (after its '# …' notes)."""
    body = export.to_csv(table).decode("utf-8-sig").split("\r\n\r\n", 1)[1]
    return list(csv.DictReader(io.StringIO(body), delimiter=";"))


def row_of(rows: list[dict[str, str]], name: str) -> dict[str, str]:
    found = [r for r in rows if any(str(v).startswith(name) for v in r.values())]
    assert len(found) == 1, (name, rows)
    return found[0]


def assert_count_column(table: export.ExportTable, name: str, count: int) -> None:
    """The download has the count as a number beside the share ('4' for `name`, empty where
    every criterion was assessed), and Exempeldata still on every row."""
    rows = csv_rows(table)
    assert COLUMN in rows[0], list(rows[0])
    assert row_of(rows, name)[COLUMN] == str(count)
    assert all(r[COLUMN] == "" or r[COLUMN].isdigit() for r in rows)
    assert all(r["Exempeldata"] in ("Ja", "Nej") for r in rows)
    # in Excel too, as a number
    body = export.to_xlsx(table)
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(body))["Data"]
    header = [c.value for c in sheet[1]]
    numbers = [r[header.index(COLUMN)].value for r in sheet.iter_rows(min_row=2)]
    assert count in numbers and all(v is None or isinstance(v, int) for v in numbers)


def markup(component) -> str:
    from plotly.io.json import to_json_plotly

    from dashboard.ui import static_html

    if isinstance(component, list):
        return "".join(markup(c) for c in component)
    return static_html.render(json.loads(to_json_plotly(component)), keep_ids=True)


def text(fragment: str) -> str:
    plain = html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\xad", "")
    return " ".join(plain.replace("\u00a0", " ").split())


def table_rows(page: str, table_id: str | None = None) -> list[list[str]]:
    if table_id is not None:
        found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
        assert found, table_id
        page = found.group(0)
    head = re.findall(r"<thead.*?</thead>", page, re.S)
    body = "".join(head + re.findall(r"<tbody.*?</tbody>", page, re.S))
    return [[text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
            for tr in re.findall(r"<tr.*?</tr>", body, re.S)]  # fmt: skip


def cell(rows: list[list[str]], name: str, header: str) -> str:
    """The cell under `header` of the row with a cell starting with `name`."""
    index = rows[0].index(header)
    found = [r for r in rows[1:] if any(c.startswith(name) for c in r)]
    assert len(found) == 1, (name, rows)
    return found[0][index]


@pytest.fixture
def served(ds, app, monkeypatch):
    """The pages' builders read this dataset (their downloads call get_dataset)."""
    from dashboard.pages import jamfor, kommun

    for module in (jamfor, kommun):
        monkeypatch.setattr(module, "get_dataset", lambda: ds)
    return ds


# --- downloads -------------------------------------------------------------------------------


def test_the_oversikt_download_has_the_count_beside_the_share(ds):
    table = overview.export_table(ds, {"indikator": GOAL, "ar": str(YEAR)})
    assert_count_column(table, NAME, 4)
    header = list(csv_rows(table)[0])
    assert header.index(COLUMN) == header.index(f"SOSFS mål 2 {YEAR} (%)") + 1
    assert row_of(csv_rows(table), NAME)[f"SOSFS mål 2 {YEAR} (%)"] == "20"  # still a number
    # a download without a SOSFS share has no such column
    table = overview.export_table(ds, {"indikator": "samordnare", "ar": str(YEAR)})
    assert COLUMN not in csv_rows(table)[0]


def test_the_kommun_downloads_have_the_count(served):
    from dashboard.pages import kommun

    args = {"kod": CODE, "ar": str(YEAR)}
    goals = kommun.build_export({**args, "tabell": "malomraden"})
    assert_count_column(goals, "Mål 2", 4)
    figures = kommun.build_export({**args, "tabell": "nyckeltal"})
    assert_count_column(figures, "Efterlevnad av SOSFS 2014:4, mål 2", 4)
    assert row_of(csv_rows(figures), "Efterlevnad av SOSFS 2014:4, alla")[COLUMN] == "4"
    assert row_of(csv_rows(figures), "Kvinnofridssamordnare")[COLUMN] == ""


def test_the_jamfor_downloads_have_the_count(served):
    from dashboard.pages import jamfor

    matrix = jamfor.build_export({"ar": str(YEAR), "tabell": "matris"})
    assert_count_column(matrix, NAME, 4)
    ranking = jamfor.build_export({"ar": str(YEAR), "indikator": GOAL, "tabell": "rangordning"})
    assert_count_column(ranking, NAME, 4)


# --- pages -----------------------------------------------------------------------------------


def test_the_oversikt_cell_says_how_many_were_not_assessed(ds, app):
    from dashboard.pages import oversikt

    state = overview.OverviewState(GOAL, YEAR, "kommun")
    frame = overview.overview_frame(ds, state)
    painted = oversikt.table_paint(frame, domain.indicator(ds, GOAL), YEAR)
    value = painted["rows"][CODE][0].replace("\u00a0", " ")
    assert value.startswith("20 % (4 ej bedömda)")
    assert "ej bedömda" not in painted["rows"]["0764"][0]  # Alvesta assessed every criterion


def test_kommun_shows_the_count_beside_its_shares(ds, app):
    from dashboard.pages import kommun

    cards = text(markup(kommun.status_cards(ds, CODE, YEAR)))
    # the share of all goals as the key figure, its unassessed criteria on the line below
    assert "60 % av kriterierna uppfyllda 2025; 4 av 15 kriterier ej bedömda" in cards
    profile = comparison.profile(ds, CODE, YEAR)  # and apart, for a line of its own
    assert (profile.overall_share, profile.unassessed) == ("60\u00a0%",
                                                           "4 av 15 kriterier ej bedömda")  # fmt: skip
    goals = table_rows(markup(kommun.compliance_section(ds, CODE, YEAR, GOAL)))
    assert cell(goals, "Mål 2", COLUMN) == "4"
    assert cell(goals, "Mål 1", COLUMN) == ""
    figures = table_rows(markup(kommun.key_figures_section(ds, CODE, YEAR, GOAL)))
    assert cell(figures, "Efterlevnad av SOSFS 2014:4, mål 2", COLUMN) == "4"


def test_jamfor_tables_show_the_count(ds, app):
    from dashboard.pages import jamfor

    state = comparison.resolve_compare_state(ds, {"ar": str(YEAR), "indikator": GOAL})
    heatmap = table_rows(markup(jamfor.heatmap_table_block(ds, state)), "jamfor-matris-tabell")
    assert cell(heatmap, NAME, COLUMN) == "4"
    ranking = table_rows(markup(jamfor.ranking_table_block(ds, state)))
    assert cell(ranking, NAME, COLUMN) == "4"


def test_sedan_forra_motet_says_so_beside_the_change(ds, app):
    moved = {a.goal_id: a for a in changes.changes(ds, YEAR - 1, YEAR).goal_areas}
    falls = {m.name: m for m in moved["2"].falls}
    # the change, and beside it (Move.qualifier, #31) what it rests on
    assert falls[NAME].change.replace("\u00a0", " ") == "−40 procentenheter"
    assert falls[NAME].qualifier == f"4 av 5 kriterier ej bedömda {YEAR}"
    from dashboard.pages import uppfoljning

    shown = text(markup(uppfoljning.changes_section(ds, (YEAR - 1, YEAR))))
    assert f"Växjö: 60 % → 20 % (−40 procentenheter; 4 av 5 kriterier ej bedömda {YEAR})" in shown


def test_om_data_says_where_the_count_is_shown(app):
    from dashboard.pages import om

    page = text(markup(om.layout()))
    assert "på Översikt efter värdet" in page and f"kolumnen ”{COLUMN}”" in page


def test_the_kommunrapport_says_the_count_beside_the_share(ds, app):
    from dashboard.ui import municipality_report

    rows = dict(municipality_report.profile_rows(ds, CODE, YEAR))
    overall = rows["SOSFS 2014:4, alla mål"].replace("\u00a0", " ")
    assert overall.startswith("60 % av kriterierna uppfyllda (4 av 15 kriterier ej bedömda; ")


def test_a_windowed_table_row_for_skipped_municipalities_is_blank_not_an_error():
    """A long county's table skips municipalities in a row of blanks ('' in every column);
    the count column took that '' for a number and Jämför's page failed with 49 of them."""
    frame = pd.DataFrame({"Kommun": ["A", "… 40 kommuner …", "B"],
                          COLUMN: [2, "", None]})  # fmt: skip
    shown, _note = comparison.shown_table(frame)
    assert list(shown[COLUMN]) == ["2", "", ""]
    blank = pd.DataFrame({"Kommun": ["A", "…"], COLUMN: [None, ""]})
    assert COLUMN not in comparison.shown_table(blank)[0].columns
