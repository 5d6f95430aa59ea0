"""Where real and example values mix, each shown value says which it is (issue #31, item 7),
on Kommun, Jämför, the slides and the Kommunrapport as on Översikt: an example value carries
"(exempel)", a real one never does. Where every value is example data (the shipped data) the
page's notice says it once and no value is marked. And the plan's goals are "mål", the plan's
word, not "målområde" (item 6d).

The dataset is the fixture county with Växjö's 2025 answers on the coordinator and on the
three criteria of goal 1 made real (in memory): Växjö's coordinator, its goal 1 share and its
three goal 1 criteria are real, every other value is example data."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from dataclasses import replace

import pytest
from conftest import COUNTY_DATA

from dashboard import domain
from dashboard.config import REPO_ROOT
from dashboard.data.loader import load_dataset
from dashboard.domain import comparison, presenter

MARK = "(exempel)"
CODE, YEAR = "0780", 2025
REAL = ("samordnare", "krit_1_1", "krit_1_2", "krit_1_3")


@pytest.fixture(scope="module")
def ds():
    return load_dataset(COUNTY_DATA, REPO_ROOT / "geo")


@pytest.fixture(scope="module")
def mixed(ds):
    values = ds.values.copy()
    real = (values["indicator_id"].isin(REAL) & (values["year"] == YEAR)
            & (values["municipality_code"] == CODE))  # fmt: skip
    assert real.sum() == len(REAL)
    values.loc[real, "is_example"] = False
    return replace(ds, values=values)


def markup(component) -> str:
    from plotly.io.json import to_json_plotly

    from dashboard.ui import static_html

    if isinstance(component, list):
        return "".join(markup(c) for c in component)
    return static_html.render(json.loads(to_json_plotly(component)), keep_ids=True)


def text(fragment: str) -> str:
    plain = html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\xad", "")
    return " ".join(plain.split())


def rows(page: str, table_id: str | None = None) -> list[list[str]]:
    """The body rows of the table with this id (or of every table) as lists of cell texts."""
    if table_id is not None:
        found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
        assert found, table_id
        page = found.group(0)
    body = "".join(re.findall(r"<tbody.*?</tbody>", page, re.S))
    return [[text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
            for tr in re.findall(r"<tr.*?</tr>", body, re.S)]  # fmt: skip


def own_is_example(ds, indicator_id: str, code: str = CODE, year: int = YEAR) -> bool:
    snap = domain.snapshot(ds, indicator_id, year)
    return bool(snap.loc[snap["code"] == code, "is_example"].iloc[0])


def says_which(value: str, is_example: bool) -> bool:
    return value.endswith(MARK) if is_example else MARK not in value


def name_of(ds, code: str = CODE) -> str:
    return comparison.municipality_name(ds, code)


# --- Kommun --------------------------------------------------------------------------------


def test_kommun_key_figures_and_cards_mark_each_example_value(mixed, app):
    from dashboard.pages import kommun

    table = rows(markup(kommun.key_figures_section(mixed, CODE, YEAR, "samordnare")),
                 "kommun-nyckeltal-tabell")  # fmt: skip
    main = comparison.main_indicators(mixed)
    assert len(table) == len(main)
    flags = [own_is_example(mixed, i) for i in main["id"]]
    assert any(flags) and not all(flags)
    for row, ind_id, flag in zip(table, main["id"], flags, strict=True):
        assert says_which(row[1], flag), (ind_id, row)
    cards = text(markup(kommun.status_cards(mixed, CODE, YEAR)))
    suv = domain.snapshot(mixed, "suv_status", YEAR)
    suv_label = str(suv.loc[suv["code"] == CODE, "label"].iloc[0])
    assert f"{suv_label} {MARK}" in cards
    coordinator = domain.snapshot(mixed, "samordnare", YEAR)
    coordinator_label = str(coordinator.loc[coordinator["code"] == CODE, "label"].iloc[0])
    assert f"Kvinnofridssamordnare {coordinator_label} år" in cards  # real: no mark


def test_kommun_target_tables_mark_each_example_value(mixed, app):
    from dashboard.pages import kommun

    page = markup(kommun.compliance_section(mixed, CODE, YEAR, "samordnare"))
    table = rows(page)
    goals = comparison.goal_areas(mixed)
    assert len(table) == len(goals)
    for row, ind_id in zip(table, goals["indicator_id"], strict=True):
        assert says_which(row[1], own_is_example(mixed, ind_id)), row
    assert says_which(table[0][1], False) and table[1][1].endswith(MARK)
    # the bars: a sentence under the chart names the example ones (a mark at 100 % would
    # run past the chart's edge)
    assert "värden för Mål 2, Mål 3 och Mål 4 är exempeldata;" in text(page)
    criteria = rows(markup(kommun.criteria_section(mixed, CODE, YEAR, "samordnare")))
    status = comparison.criteria_status(mixed, CODE, YEAR)
    assert len(criteria) == len(status)
    for row, ind_id in zip(criteria, status["indicator_id"], strict=True):
        assert says_which(row[1], ind_id not in REAL), row
    trend = rows(markup(kommun.trend_table_block(mixed, CODE, YEAR, "samordnare")))
    by_year = {r[0]: r[1] for r in trend}
    assert MARK not in by_year[str(YEAR)] and by_year[str(YEAR - 1)].endswith(MARK)


# --- Jämför --------------------------------------------------------------------------------


def compare_state(ds, indicator: str = "samordnare"):
    return comparison.resolve_compare_state(
        ds, {"ar": str(YEAR), "indikator": indicator, "kommuner": f"{CODE},0764"}
    )


def test_jamfor_ranking_labels_and_table_mark_each_example_value(mixed, app):
    from dashboard.pages import jamfor

    state = compare_state(mixed)
    titles = re.findall(r"<title>(.*?)</title>", jamfor.ranking_svg(mixed, state))
    bars = [html_lib.unescape(t) for t in titles if ": " in t]
    assert len(bars) == len(mixed.municipalities)
    for bar in bars:
        assert (MARK in bar) == (not bar.startswith(name_of(mixed))), bar
    table = rows(markup(jamfor.ranking_table_block(mixed, state)), "jamfor-rangordning-tabell")
    assert len(table) == len(mixed.municipalities)
    for row in table:
        assert says_which(row[2], not row[1].startswith(name_of(mixed))), row
    trend = rows(markup(jamfor.trends_table_block(mixed, state)), "jamfor-utveckling-tabell")
    year_row = next(r for r in trend if r[0] == str(YEAR))
    codes = list(dict.fromkeys(comparison.trends(mixed, "samordnare", state.codes)["code"]))
    for code, cell in zip(codes, year_row[1:], strict=False):
        assert says_which(cell, code != CODE), (code, cell)


def test_jamfor_heatmap_table_marks_each_example_value(mixed, app):
    from dashboard.pages import jamfor

    state = compare_state(mixed)
    table = rows(markup(jamfor.heatmap_table_block(mixed, state)), "jamfor-matris-tabell")
    assert len(table) == len(mixed.municipalities)
    for row in table:
        mine = row[0].startswith(name_of(mixed))
        assert says_which(row[1], not mine), row  # Mål 1: Växjö's is real
        shares = [c for c in row[2:] if "%" in c]  # (a count of unassessed criteria may follow)
        assert len(shares) == 4 and all(c.endswith(MARK) for c in shares), row  # the rest: example
    # each row has an example value, yet not every value is one: no 'all invented' caption
    page = text(markup(jamfor.heatmap_table_block(mixed, state)))
    assert comparison.ALL_EXAMPLE_NOTE not in page


# --- the slides ----------------------------------------------------------------------------


def deck(ds):
    return presenter.DeckState(YEAR, ("samordnare",), CODE, 1, YEAR - 1)


def test_the_slides_mark_each_example_value(ds, mixed, app):
    from dashboard.pages import presentera

    body, source = presentera.map_slide(mixed, deck(mixed), "samordnare")
    assert "En del av värdena är exempeldata." in source  # not 'Värdena är exempeldata.'
    assert "Värdena är exempeldata." in presentera.map_slide(ds, deck(ds), "samordnare")[1]
    table = [r for r in rows(markup(body)) if len(r) == 2]
    assert len(table) == len(mixed.municipalities)
    for name, value in table:
        assert says_which(value, name != name_of(mixed)), (name, value)
    body, _ = presentera.municipality_slide(mixed, deck(mixed), CODE)
    cards = re.findall(r'<div class="slide-card">(.*?)</div>', markup(body), re.S)
    assert MARK not in text(cards[0]) and MARK in text(cards[1])  # coordinator real, SUV not
    assert "värden för Mål 2, Mål 3 och Mål 4 är exempeldata" in text(markup(body))
    body, _ = presentera.key_figures_slide(mixed, deck(mixed))
    cards = [text(c) for c in re.findall(r'<div class="slide-card">(.*?)</div>', markup(body),
                                         re.S)]  # fmt: skip
    coordinator, suv = cards[0], cards[1]
    assert "(delvis exempel)" in coordinator  # Växjö's real answer among seven examples
    assert suv.count(MARK) == 1 and "delvis" not in suv


# --- the Kommunrapport ---------------------------------------------------------------------


def test_the_kommunrapport_marks_each_example_value(mixed, app):
    from dashboard.charts import report_charts
    from dashboard.pages import kommunrapport
    from dashboard.ui import municipality_report

    profile = dict(municipality_report.profile_rows(mixed, CODE, YEAR))
    assert MARK not in profile["Kvinnofridssamordnare"]
    assert MARK in profile["Systematisk uppföljning – Våld (SUV)"]
    name = name_of(mixed)
    table = rows(markup(kommunrapport.compliance_part(mixed, CODE, name, YEAR)),
                 "rapport-malomraden")  # fmt: skip
    assert MARK not in table[0][1] and all(r[1].endswith(MARK) for r in table[1:])
    page = text(markup(kommunrapport.compliance_part(mixed, CODE, name, YEAR)))
    assert "värden för Mål 2, Mål 3 och Mål 4 är exempeldata" in page
    criteria = [r for r in rows(markup(kommunrapport.criteria_part(mixed, CODE, YEAR)),
                                "rapport-kriterier") if len(r) > 1]  # fmt: skip
    status = comparison.criteria_status(mixed, CODE, YEAR)
    for row, ind_id in zip(criteria, status["indicator_id"], strict=True):
        assert says_which(row[1], ind_id not in REAL), row
    document = municipality_report.build(mixed, {"kod": CODE, "ar": str(YEAR)}, report_charts,
                                         dt.date(2026, 1, 15))  # fmt: skip
    tables = [b for b in document.blocks if hasattr(b, "rows") and hasattr(b, "columns")]
    shares = next(t for t in tables if t.columns[0] != "Uppgift" and name in t.columns)
    column = shares.columns.index(name)
    assert MARK not in shares.rows[0][column]
    assert all(r[column].endswith(MARK) for r in shares.rows[1:])
    crit = next(t for t in tables if "Kriterium" in t.columns)
    at = crit.columns.index("Status")
    for row, ind_id in zip(crit.rows, status["indicator_id"], strict=True):
        assert says_which(row[at], ind_id not in REAL), row


# --- all example data: nothing marked -----------------------------------------------------


def test_where_every_value_is_example_data_no_value_is_marked(ds, app):
    from dashboard.pages import jamfor, kommun, kommunrapport, presentera

    name = name_of(ds)
    shown = [
        kommun.key_figures_section(ds, CODE, YEAR, "samordnare"),
        kommun.status_cards(ds, CODE, YEAR),
        kommun.compliance_section(ds, CODE, YEAR, "samordnare"),
        kommun.criteria_section(ds, CODE, YEAR, "samordnare"),
        jamfor.ranking_table_block(ds, compare_state(ds)),
        jamfor.heatmap_table_block(ds, compare_state(ds)),
        presentera.map_slide(ds, deck(ds), "samordnare")[0],
        presentera.key_figures_slide(ds, deck(ds))[0],
        presentera.municipality_slide(ds, deck(ds), CODE)[0],
        kommunrapport.compliance_part(ds, CODE, name, YEAR),
        kommunrapport.criteria_part(ds, CODE, YEAR),
    ]
    for part in shown:
        assert MARK not in text(markup(part))
    assert MARK not in jamfor.ranking_svg(ds, compare_state(ds))


# --- the plan's word: mål, not målområde ---------------------------------------------------


def test_the_plans_goals_are_mal_not_malomrade(ds, app):
    from dashboard.charts import report_charts
    from dashboard.pages import jamfor, kommun, kommunrapport, presentera
    from dashboard.ui import municipality_report

    pages = [
        kommun.layout(kod=CODE, ar=str(YEAR)),
        jamfor.layout(ar=str(YEAR)),
        kommunrapport.layout(kod=CODE, ar=str(YEAR)),
    ]
    texts = [text(markup(p)) for p in pages]
    titles = [s.title for s in presenter.deck_slides(ds, deck(ds))]
    texts.append(text(markup(presentera.setup_layout(ds, replace(deck(ds), slide=None)))))
    for number in range(1, len(titles) + 1):
        texts.append(text(markup(presentera.deck_layout(ds, replace(deck(ds), slide=number)))))
    document = municipality_report.build(ds, {"kod": CODE, "ar": str(YEAR)}, report_charts,
                                         dt.date(2026, 1, 15))  # fmt: skip
    texts.append(json.dumps([str(b) for b in document.blocks], ensure_ascii=False))
    texts += titles
    # The indicators' names and descriptions are data (indikatorer.csv), not the code's words.
    data_words = sorted({str(t) for c in ("name", "short_name", "description")
                         for t in ds.indicators[c] if str(t)}, key=len, reverse=True)  # fmt: skip
    for shown in texts:
        for words in data_words:
            shown = shown.replace(words, "")
        found = re.findall(r".{0,60}målområde.{0,20}", shown, re.I)
        assert not found, found
