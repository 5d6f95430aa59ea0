"""Tooltips of the SVG charts and maps (issue #19): at once on hover, on keyboard focus, and
hidden with Esc; the text is the element's own title."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TIP = ".chart-tip"


def test_hover_shows_a_styled_tooltip_at_once(page, base_url, page_log):
    page.goto(base_url + "/", wait_until="networkidle")
    area = page.locator("#oversikt-karta svg a[data-kommun='0780'] path")
    area.hover()
    tip = page.locator(TIP)
    tip.wait_for(state="visible", timeout=300)  # no waiting for the browser's own tooltip
    assert tip.inner_text().startswith("Växjö")
    assert "Källa:" in tip.inner_text()
    assert tip.get_attribute("aria-hidden") == "true"  # the link's name already says it
    page.mouse.move(1, 1)
    tip.wait_for(state="hidden")
    page_log.assert_clean()


def test_keyboard_focus_shows_it_and_escape_hides_it(page, base_url, page_log):
    page.goto(base_url + "/", wait_until="networkidle")
    page.focus("#oversikt-karta svg a[data-kommun='0764']")
    tip = page.locator(TIP)
    tip.wait_for(state="visible", timeout=300)
    assert tip.inner_text().startswith("Alvesta")
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    page_log.assert_clean()


def test_matrix_cells_and_bars_have_it_too(page, base_url, page_log):
    page.goto(base_url + "/jamfor", wait_until="networkidle")
    page.locator("svg.svg-heatmap g").first.hover()
    tip = page.locator(TIP)
    tip.wait_for(state="visible", timeout=300)
    assert "\n" in tip.inner_text()  # municipality, then goal area and value
    assert page.locator("svg.svg-heatmap g.chart-hover").count() == 1  # highlighted
    page_log.assert_clean()
