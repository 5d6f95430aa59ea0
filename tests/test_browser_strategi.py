"""Strategi in headless Chromium: goal → delmål and back, every delmål, 404s, download."""

from __future__ import annotations

import csv
import io

import pytest

from dashboard.data.loader import get_dataset
from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def open_page(page, base_url: str, path: str) -> None:
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector("#main h1")


def wait_for_h1(page, text: str) -> None:
    page.wait_for_function(
        "t => { const h = document.querySelector('#main h1'); return h && h.innerText.includes(t); }",
        arg=text,
    )


def subgoals() -> list[tuple[str, str, str]]:
    plan = get_dataset().plan
    return [(r["goal_id"], r["id"], r["text"]) for _, r in plan.subgoals.iterrows()]


def test_strategi_top_level(page, base_url, page_log):
    open_page(page, base_url, "/strategi")
    main = page.locator("#main")
    assert page.locator("#main h1").count() == 1
    text = main.inner_text()
    for goal_id in "1234":
        assert f"Mål {goal_id}:" in text
    assert "Efterlevnad av SOSFS 2014:4, målets kriterier" in text
    assert "Kvinnofridssamordnare" in text
    # The goal tree below the cards is drawn when it comes near the screen
    assert page.locator("#strategi-hierarki .main-svg").count() == 0
    assert page.evaluate("typeof window.Plotly") == "undefined"
    page.locator("#strategi-hierarki").scroll_into_view_if_needed()
    page.wait_for_selector("#strategi-hierarki .main-svg")
    assert page.locator("#strategi-hierarki-text").is_visible()
    assert page.get_by_role("link", name="Läs om handlingsplanens sammanhang").is_visible()
    assert page.locator("a[href='/nedladdning/strategi.csv']").count() == 1
    assert page.locator("a[href='/nedladdning/strategi.xlsx']").count() == 1
    screenshot(page, "strategi-desktop")
    page_log.assert_clean()


def test_click_down_and_back_up(page, base_url, page_log):
    open_page(page, base_url, "/strategi")
    page.locator("#main").get_by_role("link", name="Mål 2: Förbättrad upptäckt").first.click()
    page.wait_for_url(base_url + "/strategi/2")
    wait_for_h1(page, "Mål 2")
    assert "Delmål 2.6" in page.inner_text("#main")
    screenshot(page, "strategi-mal-2-desktop")

    page.locator("#main h3").get_by_role("link", name="Delmål 2.5").click()
    page.wait_for_url(base_url + "/strategi/2/2.5")
    wait_for_h1(page, "Delmål 2.5")
    main = page.inner_text("#main")
    assert "Främja ett stärkt skydd och stöd för barn som upplevt eller utsatts för våld." in main
    assert "Barnahus Kronoberg" in main and "Resurscentrum Heder" in main
    page.wait_for_selector("#strategi-stapel-krit_2_4 svg.svg-indicator-bars")
    assert page.locator("#strategi-tabell-krit_2_4 tbody tr").count() == 8
    crumbs = page.get_by_role("navigation", name="Du är här")
    assert crumbs.locator("li").all_inner_texts() == ["Strategi", "Mål 2", "Delmål 2.5"]
    assert crumbs.locator("[aria-current=page]").inner_text() == "Delmål 2.5"
    # A delmål marks Strategi in the menu: the link lists /strategi/<mal>/<delmal> among
    # the addresses that mark it (ui/menu.py), and the browser applies them after navigating.
    menu = page.get_by_role("navigation", name="Huvudmeny")
    assert menu.locator("[aria-current=page]").all_inner_texts() == ["Strategi"]
    screenshot(page, "strategi-delmal-2-5-desktop")

    page.go_back()
    page.wait_for_url(base_url + "/strategi/2")
    wait_for_h1(page, "Mål 2")
    page.go_forward()
    page.wait_for_url(base_url + "/strategi/2/2.5")
    wait_for_h1(page, "Delmål 2.5")

    crumbs.get_by_role("link", name="Mål 2").click()
    page.wait_for_url(base_url + "/strategi/2")
    wait_for_h1(page, "Mål 2")
    page.get_by_role("navigation", name="Du är här").get_by_role("link", name="Strategi").click()
    page.wait_for_url(base_url + "/strategi")
    wait_for_h1(page, "Strategi")
    page_log.assert_clean()


def test_click_in_hierarchy_chart_opens_subgoal(page, base_url, page_log):
    open_page(page, base_url, "/strategi")
    page.locator("#strategi-hierarki").scroll_into_view_if_needed()
    page.wait_for_selector("#strategi-hierarki .main-svg")
    box = page.locator("#strategi-hierarki g.slice", has_text="3.2").first
    box.click()
    page.wait_for_url(base_url + "/strategi/3/3.2")
    wait_for_h1(page, "Delmål 3.2")
    page_log.assert_clean()


def test_every_subgoal_page_renders_its_text(page, base_url, page_log):
    items = subgoals()
    assert len(items) == 16
    for goal_id, subgoal_id, text in items:
        open_page(page, base_url, f"/strategi/{goal_id}/{subgoal_id}")
        wait_for_h1(page, f"Delmål {subgoal_id}")
        main = page.inner_text("#main")
        assert text in main, subgoal_id
        assert "Exempel på aktiviteter" in main and "Uppföljning" in main
        assert page.title().startswith(f"Delmål {subgoal_id}")
    page_log.assert_clean()


@pytest.mark.parametrize(
    "path,heading",
    [
        ("/strategi/9", "Målet finns inte"),
        ("/strategi/1/1.9", "Delmålet finns inte"),
        ("/strategi/2/1.1", "Delmålet finns inte"),
        ("/strategi/2/2.5/extra", "Delmålet finns inte"),
    ],
)
def test_unknown_ids_give_swedish_404(page, base_url, page_log, path, heading):
    open_page(page, base_url, path)
    wait_for_h1(page, heading)
    link = page.locator("#main").get_by_role("link", name="gå till strategins startsida")
    assert link.get_attribute("href") == "/strategi"
    if path == "/strategi/2/1.1":
        assert page.locator("#main a[href='/strategi/1/1.1']").count() == 1
    link.click()
    page.wait_for_url(base_url + "/strategi")
    # the helpful page comes with status 404 (issue #19); nothing else failed
    page_log.expect_not_found(f"{base_url}{path}")
    page_log.assert_clean()


def test_context_page(page, base_url, page_log):
    open_page(page, base_url, "/strategi")
    page.get_by_role("link", name="Läs om handlingsplanens sammanhang").click()
    page.wait_for_url(base_url + "/strategi/sammanhang")
    wait_for_h1(page, "Handlingsplanens sammanhang")
    main = page.inner_text("#main")
    for heading in (
        "Perspektiv vid genomförandet",
        "Koppling till de jämställdhetspolitiska delmålen",
        "Koppling till Agenda 2030",
        "Målgrupper",
        "Andra överenskommelser",
    ):
        assert heading in main
    assert "hbtq-personers rättigheter" in main
    assert "Mäns våld mot kvinnor ska upphöra" in main
    assert "Delmål 5.2" in main
    page_log.assert_clean()


def test_headings_in_order_and_one_h1(page, base_url, page_log):
    for path in ("/strategi", "/strategi/2", "/strategi/2/2.5", "/strategi/sammanhang"):
        open_page(page, base_url, path)
        levels = page.eval_on_selector_all(
            "#main h1, #main h2, #main h3, #main h4, #main h5, #main h6",
            "els => els.map(e => Number(e.tagName[1]))",
        )
        assert levels.count(1) == 1 and levels[0] == 1, path
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (path, levels)
    page_log.assert_clean()


def test_csv_download_has_all_subgoals(page, base_url, page_log):
    open_page(page, base_url, "/strategi")
    href = page.locator("a[href='/nedladdning/strategi.csv']").get_attribute("href")
    response = page.request.get(base_url + href)
    assert response.status == 200
    text = response.body().decode("utf-8-sig")
    lines = text.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("Mål;"))
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[header_at:])), delimiter=";"))
    assert {r["Delmål"] for r in rows} == {s for _, s, _ in subgoals()}
    assert {"Aktivitet", "Uppföljning", "Indikator"} <= {r["Typ"] for r in rows}
    assert any(line.startswith("# Källa;Länsstyrelsen") for line in lines[:header_at])
    xlsx = page.request.get(base_url + "/nedladdning/strategi.xlsx")
    assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"
    page_log.assert_clean()


@pytest.mark.parametrize(
    "name,path",
    [("strategi", "/strategi"), ("mal-2", "/strategi/2"), ("delmal-2-5", "/strategi/2/2.5")],
)
def test_phone_layout_does_not_overflow(phone_page, base_url, page_log, name, path):
    open_page(phone_page, base_url, path)
    phone_page.wait_for_timeout(300)
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{path} is {overflow}px wider than the phone"
    screenshot(phone_page, f"strategi-{name}-phone")
    page_log.assert_clean()
