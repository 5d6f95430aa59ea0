"""The yearly activity plan's page (issue #33) in headless Chromium: the chart and the table
beside it say the same, the map and its table say the same, the example notice is there,
the year in the address chooses the year (an unknown one says so), everything is reachable
by keyboard, the page is linked from Uppföljning and a delmål's activities, and its download
marks each row's example data."""

from __future__ import annotations

import io
import re
from itertools import pairwise

import openpyxl
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import activity_plan
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

PATH = "/uppfoljning/verksamhetsplan"


def year_with_reach() -> int:
    """The latest year of the fixture county whose activities reached some municipality."""
    ds = get_dataset()
    years = [y for y in activity_plan.years(ds)
             if activity_plan.municipal_reach(ds, y)["reached"].sum() > 0]  # fmt: skip
    assert years, "the example data should reach some municipality"
    return years[-1]


def table(page, selector: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"{selector} tbody tr", "rs => rs.map(r => [...r.cells].map(c => c.textContent.trim()))"
    )


def test_the_chart_and_the_table_beside_it_agree(page, base_url, page_log):
    year = year_with_reach()
    page.goto(f"{base_url}{PATH}?ar={year}", wait_until="networkidle")
    page.wait_for_selector("#verksamhetsplan-stapel svg")
    assert page.inner_text("#main h1") == f"Verksamhetsplanen {year}"
    bars = page.eval_on_selector_all("#verksamhetsplan-stapel svg g > title",
                                     "ts => ts.map(t => t.textContent)")  # fmt: skip
    rows = table(page, "#verksamhetsplan-tabell")
    assert bars == [f"{name}: {count}" for name, count in rows]
    counts = activity_plan.planned_vs_done(get_dataset(), year)
    assert dict(rows)["Planerade"] == str(counts.planned)
    assert dict(rows)["Planerade, genomförda"] == str(counts.count("planerad", "genomford"))
    # the bars' lengths follow the numbers: a larger count is a longer bar, 0 is no bar
    drawn = page.eval_on_selector_all(
        "#verksamhetsplan-stapel svg g:has(> title)",
        "gs => gs.map(g => { const r = g.querySelector('rect'); "
        "return r ? +r.getAttribute('width') : 0; })",
    )
    by_count = sorted(zip((int(c) for _, c in rows), drawn, strict=True))
    assert all((w > 0) == (c > 0) for c, w in by_count)
    assert all(a[1] < b[1] for a, b in pairwise(by_count) if a[0] < b[0])
    screenshot(page, "verksamhetsplan-desktop")
    page_log.assert_clean()


def test_the_reach_map_and_its_table_agree(page, base_url, page_log):
    year = year_with_reach()
    page.goto(f"{base_url}{PATH}?ar={year}", wait_until="networkidle")
    page.wait_for_selector("#verksamhetsplan-karta svg")
    tips = page.eval_on_selector_all(
        "#verksamhetsplan-karta a[data-kommun] title", "ts => ts.map(t => t.textContent)"
    )
    on_map = {t.split("\n")[0]: int(re.search(r": (\d+) nådda", t).group(1)) for t in tips}
    in_table = {
        name: int(reached) for name, reached, _ in table(page, "#verksamhetsplan-kommuner-tabell")
    }
    assert on_map == in_table
    expected = activity_plan.municipal_reach(get_dataset(), year)
    assert in_table == dict(zip(expected["name"], expected["reached"], strict=True))
    assert sum(in_table.values()) > 0
    page_log.assert_clean()


def test_the_example_notice_and_the_plans_words_are_there(page, base_url, page_log):
    page.goto(f"{base_url}{PATH}?ar={year_with_reach()}", wait_until="networkidle")
    page.wait_for_selector("#verksamhetsplan-aktiviteter")
    assert page.is_visible(".example-notice")
    assert "exempeldata" in page.inner_text("#verksamhetsplan-exempel")
    assert "Exempeldata" in page.inner_text("#verksamhetsplan-planerat figcaption")
    # the plan's example activity is quoted in the plan's own words and marked as such
    quotes = page.eval_on_selector_all("#verksamhetsplan-aktiviteter .plan-words",
                                       "ss => ss.map(s => s.textContent)")  # fmt: skip
    assert quotes and set(quotes) <= set(get_dataset().plan.activities["text"])
    page_log.assert_clean()


def test_the_year_in_the_address_and_an_unknown_year(page, base_url, page_log):
    ds = get_dataset()
    first, last = activity_plan.years(ds)[0], activity_plan.years(ds)[-1]
    page.goto(f"{base_url}{PATH}", wait_until="networkidle")
    assert page.inner_text("#main h1") == f"Verksamhetsplanen {last}"  # no year: the latest
    page.click(f"#verksamhetsplan-ar a[href$='ar={first}']")
    page.wait_for_url(f"**{PATH}?ar={first}")
    page.wait_for_function(
        f"document.querySelector('#main h1')?.textContent === 'Verksamhetsplanen {first}'"
    )
    assert (
        page.get_attribute(f"#verksamhetsplan-ar a[href$='ar={first}']", "aria-current") == "page"
    )
    # the title follows once Dash's title update has run after the navigation
    page.wait_for_function(f"document.title.startsWith('Verksamhetsplanen {first}')")
    page.goto(f"{base_url}{PATH}?ar=1999", wait_until="networkidle")
    assert page.inner_text("#main h1") == "Verksamhetsplanen – året finns inte"
    assert "Det finns inga aktiviteter registrerade för det året" in page.inner_text("#main")
    assert page.locator("#verksamhetsplan-ar a").count() == len(activity_plan.years(ds))
    page_log.assert_clean()


def test_every_link_is_reachable_by_keyboard(page, base_url, page_log):
    year = year_with_reach()
    page.goto(f"{base_url}{PATH}?ar={year}", wait_until="networkidle")
    page.wait_for_selector("#verksamhetsplan-karta svg")
    wanted = {f"{PATH}?ar={year - 1}", f"/nedladdning/verksamhetsplan.csv?ar={year}",
              "/uppfoljning"}  # fmt: skip
    reached: set[str] = set()
    focused_map = False
    for _ in range(150):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "() => { const a = document.activeElement; "
            "return a ? (a.getAttribute('href') || '') : ''; }"
        )
        focused_map |= page.evaluate(
            "() => !!document.activeElement.closest('#verksamhetsplan-karta')"
        )
        reached.add(href)
        if wanted <= reached and focused_map:
            break
    assert wanted <= reached, wanted - reached
    assert focused_map  # each municipality on the map is a link of its own
    page_log.assert_clean()


def test_linked_from_uppfoljning_and_a_delmals_activities(page, base_url, page_log):
    page.goto(base_url + "/uppfoljning", wait_until="networkidle")
    page.click("#uppfoljning-verksamhetsplan")
    page.wait_for_url(f"**{PATH}")
    page.wait_for_selector("#verksamhetsplan-planerat")
    ds = get_dataset()
    subgoal = ds.activities.iloc[0]["subgoal_ids"][0]
    goal = ds.plan.subgoals.set_index("id").loc[subgoal, "goal_id"]
    page.goto(f"{base_url}/strategi/{goal}/{subgoal}", wait_until="networkidle")
    log = page.inner_text("#delmal-aktiviteter")
    assert "Planens aktivitet" in log and "Planering:" in log and "Målgrupp:" in log
    mine = ds.activities[ds.activities["subgoal_ids"].map(lambda ids: subgoal in ids)]
    newest = int(mine["year"].max())  # the delmål's newest year of activities
    assert page.get_attribute("#delmal-verksamhetsplan", "href") == f"{PATH}?ar={newest}"
    page.click("#delmal-verksamhetsplan")
    page.wait_for_url(f"**{PATH}?ar={newest}")
    page.wait_for_selector("#verksamhetsplan-planerat")
    assert page.inner_text("#main h1") == f"Verksamhetsplanen {newest}"
    page_log.assert_clean()


def test_a_cancelled_activity_shows_its_reason(page, base_url, page_log):
    ds = get_dataset()
    cancelled = ds.activities[ds.activities["status"] == "installd"].iloc[0]
    page.goto(f"{base_url}{PATH}?ar={cancelled['year']}", wait_until="networkidle")
    text = page.inner_text("#verksamhetsplan-installda")
    assert cancelled["title"] in text and cancelled["reason"] in text
    page_log.assert_clean()


def test_the_download_marks_example_rows(page, base_url, page_log):
    year = year_with_reach()
    page.goto(f"{base_url}{PATH}?ar={year}", wait_until="networkidle")
    with page.expect_download() as download:
        page.click(f"a[href='/nedladdning/verksamhetsplan.xlsx?ar={year}']")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book["Data"].iter_rows(values_only=True))
    header = list(rows[0])
    assert "Exempeldata" in header and "Nådda per kommun och aktör" in header
    expected = activity_plan.activities_in(get_dataset(), year)
    assert len(rows) - 1 == len(expected)
    assert {r[header.index("Exempeldata")] for r in rows[1:]} == {"Ja"}
    page_log.assert_clean()


def test_on_a_phone_the_page_does_not_scroll_sideways(phone_page, base_url, page_log):
    phone_page.goto(f"{base_url}{PATH}?ar={year_with_reach()}", wait_until="networkidle")
    phone_page.wait_for_selector("#verksamhetsplan-karta svg")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "verksamhetsplan-phone")
    page_log.assert_clean()


@pytest.mark.parametrize("query", ["", "?ar=1999"])
def test_no_wcag_violations(page, phone_page, base_url, page_log, query):
    """axe's WCAG 2.1 A/AA rules, as tests/test_accessibility.py runs them on the other pages,
    on the page and on its "året finns inte", on a desktop and a phone."""
    from tests.test_accessibility import assert_no_violations

    for each in (page, phone_page):
        assert_no_violations(each, f"{base_url}{PATH}{query}")
    page_log.assert_clean()
