"""Each delmål page shows the plan's follow-up text word for word (issue #31), in headless
Chromium: the plan's INDIKATORER/UPPFÖLJNING cell set apart as the plan's, the service's
indicators labelled as its choice with their sources, and the numbering as the service's."""

from __future__ import annotations

import pytest

from dashboard.domain import hierarchy
from tests.conftest import screenshot
from tests.test_plan_words import PLAN_FOLLOWUP

pytestmark = pytest.mark.browser


def squash(text: str) -> str:
    return " ".join(text.split())


def open_subgoal(page, base_url: str, goal_id: str, subgoal_id: str) -> str:
    page.goto(f"{base_url}/strategi/{goal_id}/{subgoal_id}", wait_until="networkidle")
    page.wait_for_function(
        "t => { const h = document.querySelector('#main h1'); return h && h.innerText.includes(t); }",
        arg=f"Delmål {subgoal_id}",
    )
    return squash(page.inner_text("#main"))


def test_every_delmal_page_shows_the_plans_follow_up_word_for_word(page, base_url, page_log):
    """All sixteen delmål pages, in one browser session (one page.goto each)."""
    for subgoal_id, followup in PLAN_FOLLOWUP.items():
        main = open_subgoal(page, base_url, subgoal_id.split(".")[0], subgoal_id)
        quote = squash(page.inner_text("#delmal-planens-uppfoljning"))
        assert quote == followup, subgoal_id
        assert "Uppföljning enligt planen" in main and "ordagrant" in main, subgoal_id
        assert hierarchy.SERVICE_INDICATORS in main, subgoal_id
        numbering = squash(page.inner_text("#delmal-numrering"))
        assert "planen numrerar inte sina delmål" in numbering, subgoal_id
        if subgoal_id in ("2.4", "4.1", "2.3"):
            screenshot(page, f"delmal-{subgoal_id.replace('.', '-')}-planens-ord")
    page_log.assert_clean()


def test_delmal_without_indicator_says_how_the_plan_follows_it_up(page, base_url, page_log):
    open_subgoal(page, base_url, "2", "2.4")
    bare = squash(page.inner_text("#delmal-utan-indikator"))
    assert bare.startswith(f"Följs upp genom {PLAN_FOLLOWUP['2.4']}")
    link = page.locator("#delmal-utan-indikator a")
    assert link.get_attribute("href") == "#delmal-aktiviteter"
    page_log.assert_clean()


def test_delmal_indicators_name_their_real_source(page, base_url, page_log):
    open_subgoal(page, base_url, "2", "2.3")
    section = squash(page.inner_text("#delmal-tjanstens-indikatorer"))
    assert "Källa: Socialstyrelsen, Öppna jämförelser – våld i nära relationer" in section
    assert "Källa: Länsstyrelsens årsuppföljning (extern)" in section  # the coordinators
    page_log.assert_clean()


def test_uppfoljning_shows_every_delmals_plan_follow_up(page, base_url, page_log):
    page.goto(base_url + "/uppfoljning", wait_until="networkidle")
    page.wait_for_selector("#uppfoljning-mal-4")
    cells = page.eval_on_selector_all(
        ".progress-table tbody tr",
        "rs => rs.map(r => [r.querySelector('th a').textContent, "
        "r.querySelector('.plan-words').textContent])",
    )
    assert {name.split()[-1]: squash(text) for name, text in cells} == PLAN_FOLLOWUP
    assert "Ingen indikator i planen" not in page.inner_text("#main")
    page_log.assert_clean()
