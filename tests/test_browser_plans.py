"""Two plans in headless Chromium (issue #33, item 5): Uppföljning's plan chooser puts the
plan in the address and works from the keyboard; Strategi shows the newest plan and links to
the older one. The successor is the example plan in tests/data/efterfoljande_plan/."""

from __future__ import annotations

import pytest

from tests.conftest import screenshot
from tests.test_plans import EXAMPLE_TITLE, OLD, SUCCESSOR, add_successor

pytestmark = pytest.mark.browser


@pytest.fixture
def two_plans_served(data_dir, monkeypatch):
    """The served app reads a copy of the fixture county with the successor beside it (the
    server reads the data folder the environment names on each request)."""
    add_successor(data_dir)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data_dir))
    return data_dir


def test_the_plan_chooser_keeps_the_plan_in_the_address(two_plans_served, page, base_url,
                                                         page_log):  # fmt: skip
    page.goto(base_url + "/uppfoljning", wait_until="networkidle")
    page.wait_for_selector("#uppfoljning-planval")
    chooser = " ".join(page.inner_text("#uppfoljning-planval").split())
    assert "Visar uppföljningen av Handlingsplanen 2018–2026" in chooser
    options = page.eval_on_selector_all("#uppfoljning-planval-plan option",
                                        "os => os.map(o => [o.value, o.textContent])")  # fmt: skip
    assert options == [[SUCCESSOR, "Handlingsplanen 2027–2030"], [OLD, "Handlingsplanen 2018–2026"]]
    assert page.input_value("#uppfoljning-planval-plan") == OLD  # no year of the successor yet
    assert page.locator("#uppfoljning-mal-4").count() == 1
    screenshot(page, "uppfoljning-planval")
    # the keyboard only: to the chooser, the other plan, on to the button, Enter
    page.focus("#uppfoljning-planval-plan")
    page.keyboard.press("ArrowUp")  # the list is newest first: up is 2027–2030
    assert page.input_value("#uppfoljning-planval-plan") == SUCCESSOR
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Visa planens uppföljning"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/uppfoljning?plan={SUCCESSOR}")
    page.wait_for_selector("#uppfoljning-mal-2")
    assert page.locator("#uppfoljning-mal-4").count() == 0
    text = " ".join(page.inner_text("#main").split())
    assert "Visar uppföljningen av Handlingsplanen 2027–2030" in text
    assert "planperioden 2027–2030" in text and "Av planens 4 delmål" in text
    assert page.input_value("#uppfoljning-planval-plan") == SUCCESSOR
    # a shared address opens the same plan
    page.goto(base_url + f"/uppfoljning?plan={OLD}", wait_until="networkidle")
    page.wait_for_selector("#uppfoljning-mal-4")
    assert page.input_value("#uppfoljning-planval-plan") == OLD
    page_log.assert_clean()


def test_strategi_shows_the_newest_plan_and_links_to_the_older(two_plans_served, page, base_url,
                                                              page_log):  # fmt: skip
    page.goto(base_url + "/strategi", wait_until="networkidle")
    page.wait_for_selector("#strategi-plan")
    notice = " ".join(page.inner_text("#strategi-plan").split())
    assert EXAMPLE_TITLE in notice and "planperioden 2027–2030" in notice
    screenshot(page, "strategi-efterfoljande-plan")
    page.click("#strategi-plan >> text=Handlingsplanen 2018–2026")
    page.wait_for_url(f"**/strategi?plan={OLD}")
    page.wait_for_function("document.querySelector('#strategi-plan') && "
                           "document.querySelector('#strategi-plan').textContent"
                           ".includes('planperioden 2018–2026')")  # fmt: skip
    assert "Mål 4" in page.inner_text("#main")
    page.click(f'.strategi-subgoal-links a[href="/strategi/4/4.3?plan={OLD}"]')
    page.wait_for_url(f"**/strategi/4/4.3?plan={OLD}")
    page.wait_for_selector("#delmal-numrering")
    assert "Delmål 4.3" in page.inner_text("#main h1")
    page_log.assert_clean()
