"""Kommun (issue #19): plain wording of the comparison group, the similar municipalities'
mean without the municipality itself, a municipality switcher, a clickable locator map."""

from __future__ import annotations

import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import comparison

pytestmark = pytest.mark.browser


def test_the_group_reads_plainly(page, base_url, page_log):
    page.goto(base_url + "/kommun/0780", wait_until="networkidle")
    text = page.inner_text("#kommun-grupp")
    assert "Växjö är den enda kommunen i länet med över 40 000 invånare" in text
    assert "närmast i folkmängd: Alvesta och Ljungby." in text
    page.goto(base_url + "/kommun/0763", wait_until="networkidle")
    assert ("Tingsryd hör till kommunerna med under 15 000 invånare och jämförs med Lessebo, "
            "Markaryd och Uppvidinge.") in page.inner_text("#kommun-grupp")  # fmt: skip
    assert "Tingsryd själv ingår inte i det snittet" in page.inner_text("#main")
    page_log.assert_clean()


def test_the_switcher_opens_another_municipality(page, base_url, page_log):
    page.goto(base_url + "/kommun/0780", wait_until="networkidle")
    page.select_option("#kommun-byt", "0761")
    assert "Växjö kommun" in page.inner_text("h1")  # choosing alone changes nothing
    page.get_by_role("button", name="Visa").click()
    page.wait_for_function("document.querySelector('h1').textContent.includes('Lessebo')")
    assert page.input_value("#kommun-byt") == "0761"
    # the keyboard alone: Tab to the list, pick, Enter on the button
    page.focus("#kommun-byt")
    page.select_option("#kommun-byt", "0763")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('h1').textContent.includes('Tingsryd')")
    page_log.assert_clean()


def test_the_locator_map_links_to_the_other_municipalities(page, base_url, page_log):
    page.goto(base_url + "/kommun/0780?ar=2023", wait_until="networkidle")
    links = page.eval_on_selector_all(
        "#kommun-karta svg a", "as => as.map(a => a.getAttribute('href'))"
    )
    ds = get_dataset()
    others = [c for c in ds.municipalities["code"] if c != "0780"]
    assert sorted(links) == sorted(f"/kommun/{c}?ar=2023" for c in others)
    page.click("#kommun-karta svg a[data-kommun='0765']")
    page.wait_for_function("document.querySelector('h1').textContent.includes('Älmhult')")
    assert page.url.endswith("/kommun/0765?ar=2023")
    page_log.assert_clean()


def test_the_similar_mean_leaves_the_municipality_out():
    ds = get_dataset()
    year = ds.years[-1]
    profile = comparison.compliance_profile(ds, "0780", year)
    from dashboard import domain

    goal = comparison.goal_areas(ds).iloc[0]
    snap = domain.snapshot(ds, goal["indicator_id"], year)
    peers = comparison.peers(ds, "0780")
    assert "0780" not in peers and set(peers) == {"0764", "0781"}
    expected = domain.county_mean(snap[snap["code"].isin(peers)])
    assert profile.iloc[0]["group"] == pytest.approx(expected)
