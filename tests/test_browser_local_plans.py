"""Local plans over time (#33) in headless Chromium: the Kommun page lists a municipality's
plans with the one in force in the page's year marked "Gäller <år>" (and follows the year
when it is changed), the Länsstyrelse's process support beside them, and the delmål page
lists the plans of actors other than the municipalities."""

from __future__ import annotations

import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import hierarchy, local_plans
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

ROWS = "#kommun-lokala-planer-historik tbody tr"
READ_ROWS = "rs => rs.map(r => [r.dataset.standing, r.innerText])"


def _two_plans(ds) -> tuple[str, list, list]:
    """The example municipality with two plans, the older one's years and the newer one's."""
    plans = ds.local_plans[ds.local_plans["exists"]]
    counts = plans["actor"].value_counts()
    code = str(counts.index[0])
    assert counts.iloc[0] == 2 and code in set(ds.municipalities["code"])
    history = local_plans.history(ds, code, max(ds.years))
    return code, list(history.iloc[0][["start", "end"]]), list(history.iloc[1][["start", "end"]])


def test_the_kommun_page_shows_two_plans_over_time_with_the_right_one_in_force(
        page, base_url, page_log):  # fmt: skip
    ds = get_dataset()
    code, (old_start, old_end), (new_start, _new_end) = _two_plans(ds)
    old_year = int(old_end)  # the older plan's last year: in force
    assert int(old_start) <= old_year < int(new_start)
    new_year = max(ds.years)
    history = local_plans.history(ds, code, new_year)
    old_date, new_date = (f"{d:%Y-%m-%d}" for d in history["adopted"])
    page.goto(f"{base_url}/kommun/{code}?ar={old_year}", wait_until="networkidle")
    page.wait_for_selector(ROWS)
    rows = page.eval_on_selector_all(ROWS, READ_ROWS)
    assert [r[0] for r in rows] == [local_plans.CURRENT, local_plans.NOT_YET]
    assert old_date in rows[0][1] and f"Gäller {old_year}" in rows[0][1]
    assert new_date in rows[1][1] and "Ännu inte antagen" in rows[1][1]
    assert page.eval_on_selector_all(f"{ROWS}.mine-row", "rs => rs.length") == 1
    section = page.inner_text("#kommun-lokal-plan")
    assert f"Antagen {old_date}" in section and f"Planen som gäller {old_year}" in section
    assert "Länsstyrelsens processtöd" in section and "exempeldata" in section
    support = local_plans.process_support(ds, code)
    table = page.inner_text("#kommun-processtod-tabell")
    assert all(text in table for text in support["description"])
    screenshot(page, "kommun-lokala-planer-aldre")
    # the page's year changed: the newer plan is the one in force, the older has run out
    page.select_option("#kommun-ar", str(new_year))
    page.wait_for_function(
        "y => [...document.querySelectorAll('#kommun-lokala-planer-historik tbody tr')]"
        ".some(r => r.dataset.standing === 'gallande' && r.innerText.includes('Gäller ' + y))",
        arg=str(new_year),
    )  # fmt: skip
    rows = page.eval_on_selector_all(ROWS, READ_ROWS)
    assert [r[0] for r in rows] == [local_plans.EXPIRED, local_plans.CURRENT]
    assert "Har gått ut" in rows[0][1] and new_date in rows[1][1]
    assert f"Antagen {new_date}" in page.inner_text("#kommun-lokal-plan")
    screenshot(page, "kommun-lokala-planer-nyare")
    page_log.assert_clean()


def test_the_history_reads_on_a_phone(phone_page, base_url, page_log):
    ds = get_dataset()
    code = _two_plans(ds)[0]
    phone_page.goto(f"{base_url}/kommun/{code}", wait_until="networkidle")
    phone_page.wait_for_selector(ROWS)
    phone_page.locator("#kommun-lokala-planer-historik").scroll_into_view_if_needed()
    # the standing ("Läge") is within the first screen's width, not only after a sideways scroll
    right = phone_page.eval_on_selector(
        "#kommun-lokala-planer-historik thead th:nth-child(3)",
        "th => th.getBoundingClientRect().right")  # fmt: skip
    assert phone_page.inner_text("#kommun-lokala-planer-historik thead th:nth-child(3)") == "Läge"
    assert right <= 390
    screenshot(phone_page, "kommun-lokala-planer-telefon")
    page_log.assert_clean()


def test_the_delmal_page_lists_other_actors_plans(page, base_url, page_log):
    ds = get_dataset()
    year = hierarchy.latest_year(ds)
    region = local_plans.in_force_row(ds, "region", year)
    assert region is not None, "the example data has Region Kronoberg's plan"
    subgoal_id = region["subgoal_ids"][0]
    goal_id = subgoal_id.split(".")[0]
    page.goto(f"{base_url}/strategi/{goal_id}/{subgoal_id}", wait_until="networkidle")
    page.wait_for_selector("#delmal-andra-aktorer")
    text = page.inner_text("#delmal-andra-aktorer")
    assert "Andra aktörers lokala planer" in text
    assert f"Region Kronoberg har en gällande plan {year} som tar upp delmål {subgoal_id}" in text
    assert "exempeldata" in text
    table = page.inner_text("#delmal-andra-aktorer-tabell")
    assert "Region Kronoberg" in table and f"Gäller {year}" in table
    page_log.assert_clean()
