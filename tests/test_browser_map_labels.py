"""Readable at a glance in Chromium (issue #34): the overview map's names and values at a
size people read (≥ 14 px on a desktop, ≥ 12 px on a phone, ≥ 24 px on a 4:3 slide), and
Riket drawn with its year on Jämför's and the Kommun page's charts where it has a value."""

from __future__ import annotations

import re

import pytest

from tests.conftest import _make_page, screenshot

pytestmark = pytest.mark.browser

# Each shown label: its text and its font size on screen (CSS px: the font size in the map's
# units times the map's scale), with the name's and value's boxes.
LABELS = """sel => Array.from(document.querySelectorAll(sel + ' text'))
    .filter(t => t.getAttribute('visibility') !== 'hidden' && t.textContent)
    .map(t => { const ctm = t.ownerSVGElement.getScreenCTM(), b = t.getBoundingClientRect();
                return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * ctm.a,
                        b.width, b.height]; })"""


def _labels(page, which: str, root: str = "#oversikt-karta") -> list:
    return page.evaluate(LABELS, f"{root} svg.svg-map .svg-map-{which}")


@pytest.mark.parametrize(("width", "height", "least"), [(1366, 768, 14), (390, 844, 12)])
def test_overview_map_names_and_values_are_readable(browser, base_url, page_log, width, height,
                                                    least):  # fmt: skip
    context, page = _make_page(browser, base_url, page_log, width, height)
    page.goto(f"{base_url}/?indikator=sosfs_alla&ar=2025", wait_until="networkidle")
    page.wait_for_selector("#oversikt-karta svg.svg-map .svg-map-values text")
    page.wait_for_timeout(300)  # the labels are sized after layout (assets/06_map_labels.js)
    names, values = _labels(page, "labels"), _labels(page, "values")
    assert len(names) >= 7, names  # at most one gives way where names would overlap
    for text, size, box_width, box_height in names + values:
        assert size >= least - 0.05, (width, text, size)
        assert box_width > 0 and box_height >= least, (width, text, box_height)
    assert values, "no value is written on the map"
    assert all(re.fullmatch(r"\d+\u00a0%", text) for text, *_ in values), values
    shown = {text for text, *_ in values}
    if width >= 1000:  # on a desktop every municipality's value fits under its name
        assert len(values) == 8 and "87\u00a0%" in shown
    page.locator("#oversikt-karta").scroll_into_view_if_needed()
    screenshot(page, f"oversikt-karta-varden-{width}")
    context.close()
    page_log.assert_clean()


def test_the_slides_map_asks_for_labels_of_slide_size(browser, base_url, page_log):
    """A 4:3 projector: the map slide's names and values at least its label_px."""
    context, page = _make_page(browser, base_url, page_log, 1024, 768)
    page.goto(f"{base_url}/presentera?indikatorer=sosfs_alla&bild=4", wait_until="networkidle")
    page.wait_for_selector("svg.svg-map[data-label-px] .svg-map-labels text")
    page.wait_for_timeout(300)
    wanted = float(page.get_attribute("svg.svg-map[data-label-px]", "data-label-px"))
    assert wanted >= 24
    names = page.evaluate(LABELS, "svg.svg-map[data-label-px] .svg-map-labels")
    assert names
    assert all(size >= wanted - 0.05 for _, size, *_ in names), names
    context.close()
    page_log.assert_clean()


RIKET = """() => Array.from(document.querySelectorAll('svg.svg-chart [data-role="riket"]'))
    .filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 || b.height > 0; })
    .map(e => e.closest('svg').id || e.closest('svg').getAttribute('class'))"""


def _riket_text(page) -> str:
    return " ".join(page.locator("svg.svg-chart").all_text_contents())


@pytest.mark.parametrize("path", ["/jamfor?indikator=krit_2_3&ar=2025", "/strategi/2/2.3?ar=2025"])
def test_riket_is_drawn_with_its_year_where_it_has_a_value(page, base_url, page_log, path):
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector('svg.svg-chart [data-role="riket"]', state="attached")
    assert page.evaluate(RIKET), "Riket is not drawn"
    assert "Riket 2024: 37\u00a0%" in _riket_text(page)
    # the text beside the chart says the same value and year
    assert re.search(r"Riket.{0,40}37\s%", page.inner_text("main").replace("\u00a0", " "))
    screenshot(page, "riket" + re.sub(r"\W+", "-", path))
    page_log.assert_clean()


@pytest.mark.parametrize(
    "path", ["/jamfor?indikator=sosfs_alla&ar=2025", "/jamfor?indikator=krit_1_1&ar=2025",
             "/kommun/0764?ar=2025"]
)  # fmt: skip
def test_no_riket_where_there_is_no_national_value(page, base_url, page_log, path):
    """The Kommun page's charts (goal areas, a main indicator's trend) have no national
    value; its criteria, which have, are in tables with a Riket column of the same value."""
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector("svg.svg-chart")
    assert not page.evaluate(RIKET)
    assert "Riket 20" not in _riket_text(page)
    if path.startswith("/kommun"):
        assert "37 % (2024)" in page.inner_text("main")
    page_log.assert_clean()


def test_a_new_choice_repaints_the_values_in_place(page, base_url, page_log):
    """The map is repainted without its shapes (assets/04_html_block.js): the values follow."""
    page.goto(f"{base_url}/?indikator=sosfs_alla&ar=2025", wait_until="networkidle")
    page.wait_for_selector("#oversikt-karta svg.svg-map .svg-map-values text")
    before = page.locator("#oversikt-karta .svg-map-values text").all_text_contents()
    assert "87\u00a0%" in before
    page.select_option("#oversikt-indikator", "samordnare_tjanstgrad")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('#oversikt-karta .svg-map-values text'))
                 .every(t => !t.textContent.includes('%'))"""
    )
    after = page.locator("#oversikt-karta .svg-map-values text").all_text_contents()
    assert all(re.fullmatch(r"\d+(,\d+)?", v) for v in after if v) and any(after), after
    page.select_option("#oversikt-indikator", "samordnare")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('#oversikt-karta .svg-map-values text'))
                 .every(t => t.textContent === '')"""
    )
    page_log.assert_clean()
