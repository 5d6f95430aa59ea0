"""Länsstyrelsens bedömning (issue #33) in headless Chromium: on a delmål page without an
indicator and on Uppföljning, the written assessment stands beside the computed verdict, under
its own heading that says who wrote it, never inside it, and says that it is example data."""

from __future__ import annotations

import pytest

from dashboard.data.assessments import STATUSES
from dashboard.data.loader import get_dataset
from dashboard.domain import assessments, progress
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

WHO = "Länsstyrelsens bedömning (skriven av Länsstyrelsen, inte beräknad)"
# where a is, relative to b: 4 = a follows b, 16 = a lies inside b
POSITION = "([a, b]) => b.compareDocumentPosition(a)"


def _without_indicator(ds) -> str:
    """A delmål with no indicator whose example assessment rests on a municipality's plan,
    in the fixture county."""
    return next(s for s in ds.plan.subgoals["id"] if not progress.indicators_of(ds, s)
                and (item := assessments.latest(ds, s)) is not None
                and any(a in set(ds.municipalities["code"]) for a in item.actor_ids))  # fmt: skip


def test_a_delmal_without_indicator_shows_the_assessment_after_the_computed_part(page,
                                                                                base_url,
                                                                                page_log):  # fmt: skip
    ds = get_dataset()
    subgoal = _without_indicator(ds)
    goal = subgoal.split(".")[0]
    page.goto(f"{base_url}/strategi/{goal}/{subgoal}", wait_until="networkidle")
    section = page.wait_for_selector("#delmal-bedomning")
    computed = page.query_selector("#delmal-utveckling")
    order = page.evaluate(POSITION, [section, computed])
    assert order & 4 and not order & 16  # after the computed development, not inside it
    assert " ".join(page.inner_text("#delmal-bedomning-rubrik").split()) == WHO
    text = page.inner_text("#delmal-bedomning")
    assert "den enda bedömningen av delmålet" in text
    assert "exempeldata" in text and "Exempeldata" in text
    years = [int(y) for y in page.eval_on_selector_all(
        "#delmal-bedomning-lista > li", "items => items.map(i => i.dataset.year)")]  # fmt: skip
    expected = list(assessments.for_subgoal(ds, subgoal)["year"])
    assert years == expected and years == sorted(years, reverse=True)
    newest = assessments.latest(ds, subgoal)
    first = page.inner_text("#delmal-bedomning-lista > li:first-child")
    assert newest.status_label in first and newest.text[:40] in " ".join(first.split())
    # the verdict's badge and the assessment's status never share a section
    assert not page.query_selector_all("#delmal-bedomning .verdict")
    assert not page.query_selector_all("#delmal-utveckling .assessment-status")
    screenshot(page, "bedomning-delmal")
    # a municipality it rests on opens the municipality's page
    page.click("#delmal-bedomning-lista > li:first-child a[href^='/kommun/']")
    page.wait_for_url("**/kommun/*")
    page.wait_for_selector("#main h1")
    page_log.assert_clean()


def test_uppfoljning_has_the_assessment_in_a_column_of_its_own_and_counts_it_apart(page,
                                                                                  base_url,
                                                                                  page_log):  # fmt: skip
    ds = get_dataset()
    subgoal = _without_indicator(ds)
    page.goto(base_url + "/uppfoljning", wait_until="networkidle")
    page.wait_for_selector("#uppfoljning-mal-4")
    headings = [" ".join(h.split()) for h in page.eval_on_selector_all(
        "#uppfoljning-mal-1 thead th", "hs => hs.map(h => h.textContent)")]  # fmt: skip
    assert headings[1] == "Beräknad utveckling"
    assert headings[2].replace("\u00ad", "") == WHO
    row = page.query_selector(f"tr:has(th a[href$='/{subgoal}'])")
    verdict_cell = row.query_selector("td.progress-verdict")
    assessment_cell = row.query_selector("td.progress-assessment")
    assert page.evaluate(POSITION, [assessment_cell, verdict_cell]) & 4  # right after it
    assert not verdict_cell.query_selector(".assessment-status")
    assert not assessment_cell.query_selector(".verdict")
    first, last = progress.compared_years(ds)
    newest = assessments.latest(ds, subgoal, up_to_year=last, from_year=first)
    cell = assessment_cell.inner_text()
    assert newest.status_label in cell and str(newest.year) in cell and "Exempeldata" in cell
    assert assessment_cell.get_attribute("data-label").startswith("Länsstyrelsens bedömning")
    # a delmål without an assessment says so
    missing = next(s for s in ds.plan.subgoals["id"]
                   if assessments.latest(ds, s, last, first) is None)  # fmt: skip
    other = page.query_selector(f"tr:has(th a[href$='/{missing}']) td.progress-assessment")
    assert other.inner_text().strip() == "Ingen bedömning registrerad"
    # the summary: the assessments counted apart from the computed verdicts
    counts = assessments.status_counts(ds, up_to_year=last, from_year=first)
    block = page.query_selector("#uppfoljning-sammanfattning-bedomningar")
    computed = page.query_selector("#uppfoljning-sammanfattning")
    assert not page.evaluate(POSITION, [block, computed]) & 16
    summary = " ".join(block.inner_text().split())
    for code, label in STATUSES.items():
        assert f"{label} {counts[code]}" in summary
    assert not computed.query_selector(".assessment-status")
    screenshot(page, "bedomning-uppfoljning")
    page_log.assert_clean()
