"""Uppföljning (issue #20) in headless Chromium: all 16 delmål goal by goal with a verdict,
their activities and local plans, the rule stated, each delmål opening its page; readable on a
phone without sideways scrolling; the download holds the verdicts."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import progress
from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def test_the_16_delmal_with_verdicts_goal_by_goal(page, base_url, page_log):
    page.goto(base_url + "/uppfoljning", wait_until="networkidle")
    page.wait_for_selector("#uppfoljning-mal-4")
    ds = get_dataset()
    expected = {i.subgoal_id: i for i in progress.all_progress(ds)}
    rows = page.eval_on_selector_all(
        ".progress-table tbody tr",
        "rs => rs.map(r => [r.querySelector('th a').textContent, "
        "r.querySelector('.verdict').textContent.trim()])",
    )
    assert [r[0] for r in rows] == [f"Delmål {i}" for i in ds.plan.subgoals["id"]]
    assert all(
        verdict.endswith(expected[name.split()[-1]].verdict.capitalize()) for name, verdict in rows
    )
    # the summary counts add up to the 16
    summary = page.inner_text("#uppfoljning-sammanfattning")
    counts = {v: sum(i.verdict == v for i in expected.values()) for v in progress.VERDICTS}
    for verdict, count in counts.items():
        assert f"{verdict.capitalize()} {count}" in " ".join(summary.split())
    assert sum(counts.values()) == 16
    assert progress.RULE_TEXT[:60] in page.inner_text("#uppfoljning-regel")
    assert "Exempeldata" in page.inner_text("body")
    screenshot(page, "uppfoljning-desktop")
    # a delmål opens its own page
    page.click("text=Delmål 2.3")
    page.wait_for_url("**/strategi/2/2.3")
    page.wait_for_selector("#main h1")
    assert "2.3" in page.inner_text("#main h1")
    page_log.assert_clean()


def test_on_a_phone_each_delmal_is_a_card_without_sideways_scrolling(phone_page, base_url,
                                                                      page_log):  # fmt: skip
    phone_page.goto(base_url + "/uppfoljning", wait_until="networkidle")
    phone_page.wait_for_selector("#uppfoljning-mal-1")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    label = phone_page.eval_on_selector(
        "#uppfoljning-mal-1 td[data-label]",
        "td => getComputedStyle(td, '::before').content",
    )
    assert "Bedömning" in label
    screenshot(phone_page, "uppfoljning-phone")
    page_log.assert_clean()


def test_the_download_holds_every_delmal_and_its_verdicts(page, base_url, page_log):
    page.goto(base_url + "/uppfoljning", wait_until="networkidle")
    with page.expect_download() as download:
        page.click("a[href^='/nedladdning/uppfoljning.xlsx']")
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book["Data"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    about = " ".join(str(c) for row in book["Om uttaget"].iter_rows(values_only=True)
                     for c in row if c is not None)  # fmt: skip
    assert "Exempeldata" in about and "Bedömningsregel" in about
    for subgoal_id in get_dataset().plan.subgoals["id"]:
        assert subgoal_id in cells
    years = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, int)]
    assert 2018 in years and 2025 in years  # years are numbers, not text
    page_log.assert_clean()
