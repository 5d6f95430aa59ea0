"""Read at a glance (issue #19), in headless Chromium: the map on the first screen, one
colour per value on map, matrix and slide, numbers in every Excel download, and 404s
that keep their helpful page."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from tests.conftest import _make_page, screenshot
from tests.test_export_numbers import count_numbers

pytestmark = pytest.mark.browser

MAP = "#oversikt-karta svg.svg-map"
LEGEND = "#oversikt-karta .map-legend"


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080), (1024, 768)])
def test_the_map_and_its_legend_are_on_the_first_screen(browser, base_url, page_log, width,
                                                        height):  # fmt: skip
    context, page = _make_page(browser, base_url, page_log, width, height)
    try:
        page.goto(base_url + "/", wait_until="networkidle")
        page.wait_for_selector(MAP)
        top = page.eval_on_selector(MAP, "e => e.getBoundingClientRect().top")
        bottom = page.eval_on_selector(LEGEND, "e => e.getBoundingClientRect().bottom")
        assert top > 0 and bottom <= height, (top, bottom)
        # the map is not a thumbnail: at least a third of the screen high
        map_height = page.eval_on_selector(MAP, "e => e.getBoundingClientRect().height")
        assert map_height >= height / 3, map_height
        screenshot(page, f"oversikt-forsta-skarmen-{width}x{height}")
        page_log.assert_clean()
    finally:
        context.close()


def test_on_a_phone_the_map_starts_on_the_first_screen(phone_page, base_url, page_log):
    phone_page.goto(base_url + "/", wait_until="networkidle")
    phone_page.wait_for_selector(MAP)
    top = phone_page.eval_on_selector(MAP, "e => e.getBoundingClientRect().top")
    assert top < 844 * 0.75, top
    screenshot(phone_page, "oversikt-forsta-skarmen-telefon")
    page_log.assert_clean()


def test_the_default_map_differs_between_municipalities(page, base_url, page_log):
    page.goto(base_url + "/", wait_until="networkidle")
    fills = page.eval_on_selector_all(f"{MAP} a path", "ps => ps.map(p => p.getAttribute('fill'))")
    assert len(set(fills)) > 1, fills
    legend = page.inner_text(LEGEND)
    assert "0–19" in legend and "80–100" in legend  # every step labelled
    page_log.assert_clean()


def _map_fills(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "svg.svg-map a[data-kommun]",
        "as => Object.fromEntries(as.map(a => [a.dataset.kommun, "
        "a.querySelector('path').getAttribute('fill')]))",
    )


def test_a_value_has_one_colour_on_map_matrix_and_slide(page, base_url, page_log):
    page.goto(base_url + "/?indikator=sosfs_mal2", wait_until="networkidle")
    on_map = _map_fills(page)
    names = page.eval_on_selector_all(
        "svg.svg-map a[data-kommun]",
        "as => Object.fromEntries(as.map(a => [a.querySelector('title').textContent"
        ".split('\\n')[0], a.dataset.kommun]))",
    )
    assert len(on_map) == 8

    page.goto(base_url + "/jamfor", wait_until="networkidle")
    cells = page.eval_on_selector_all(
        "svg.svg-heatmap g",
        "gs => gs.map(g => [g.querySelector('title').textContent, "
        "g.querySelector('rect').getAttribute('fill')])",
    )
    compared = 0
    for title, fill in cells:
        name, column = title.split("\n")[0], title.split("\n")[1]
        if column.startswith("Mål 2") and name in names:
            assert fill == on_map[names[name]], (name, fill)
            compared += 1
    assert compared == 8

    year = page.eval_on_selector("#jamfor-ar", "e => e.value")
    page.goto(f"{base_url}/presentera?ar={year}&indikatorer=sosfs_mal2&bild=4",
              wait_until="networkidle")  # fmt: skip
    page.wait_for_selector("svg.svg-map")
    assert _map_fills(page) == on_map
    page_log.assert_clean()


PAGES_WITH_DOWNLOADS = ["/", "/jamfor", "/kommun/0780", "/strategi",
                        "/presentera?indikatorer=sosfs_alla,samordnare"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES_WITH_DOWNLOADS)
def test_every_excel_download_of_a_page_holds_numbers(page, base_url, page_log, path):
    page.goto(base_url + path, wait_until="networkidle")
    links = page.eval_on_selector_all(
        "a[href*='/nedladdning/'][href*='.xlsx']", "as => as.map(a => a.getAttribute('href'))"
    )
    assert links, f"no Excel download on {path}"
    numbers_on_page = 0
    for href in dict.fromkeys(links):
        response = page.request.get(base_url + href)
        assert response.status == 200, href
        book = openpyxl.load_workbook(io.BytesIO(response.body()))
        numbers_on_page += count_numbers(book["Data"], href)
        about = dict(book["Om uttaget"].iter_rows(min_row=2, values_only=True))
        assert "Källa" in about, href
        if "/strategi" not in href:  # the plan's text is real; the values are examples
            assert about["Exempeldata"].startswith("EXEMPELDATA"), href
    if path != "/strategi":  # the plan's goals and activities: text only
        assert numbers_on_page > 0, path
    page_log.assert_clean()


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        ("/kommun/9999", 404, "finns inte"),
        ("/strategi/9", 404, "finns inte"),
        ("/strategi/9/9", 404, "finns inte"),
        ("/strategi/2/9.9", 404, "finns inte"),
        ("/kommun/0780", 200, "Växjö"),
        ("/strategi/2/2.5", 200, "2.5"),
        ("/kommun/0780?ar=1900&indikator=okand", 200, "Växjö"),
    ],
)
def test_unknown_municipality_or_delmal_answers_404_with_its_helpful_page(
    browser, base_url, page_log, path, status, text
):
    context, page = _make_page(browser, base_url, page_log, 1366, 768)
    try:
        response = page.goto(base_url + path, wait_until="networkidle")
        assert response.status == status
        body = page.inner_text("main")
        assert re.search(text, body, re.IGNORECASE), body[:300]
        assert "Exempeldata" in page.inner_text("body")
        assert page.locator("nav a[href='/']").count() >= 1  # the way on is kept
        if status == 404:
            page_log.expect_not_found(base_url + path)
        page_log.assert_clean()
    finally:
        context.close()


NATIONAL = "Riket 2024: 37\u00a0%"


@pytest.mark.parametrize(
    ("path", "selector", "expected"),
    [
        ("/?indikator=krit_2_3&ar=2024", "#oversikt-riket", NATIONAL),
        ("/?indikator=sosfs_alla", "#oversikt-riket", "ingen motsvarande uppgift för riket"),
        ("/jamfor?indikator=krit_2_3&ar=2024", "#jamfor-riket", NATIONAL),
        ("/kommun/0780?ar=2024", "section:has(.criteria-table)", "37\u00a0% (2024)"),
        ("/strategi/2/2.3?ar=2024", "#main", NATIONAL),
        ("/presentera?indikatorer=krit_2_3&ar=2024&bild=4", ".slide-riket", NATIONAL),
    ],
)
def test_the_national_value_is_beside_the_county(page, base_url, page_log, path, selector,
                                                 expected):  # fmt: skip
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector(selector)
    assert expected in page.inner_text(selector)
    page_log.assert_clean()


def test_the_national_value_follows_the_pickers(page, base_url, page_log):
    page.goto(base_url + "/?ar=2024", wait_until="networkidle")
    page.select_option("#oversikt-indikator", "krit_2_3")
    page.wait_for_function(
        "document.querySelector('#oversikt-riket').textContent.startsWith('Riket 2024')"
    )
    page.select_option("#oversikt-indikator", "samordnare")
    page.wait_for_function(
        "document.querySelector('#oversikt-riket').textContent.includes('ingen motsvarande')"
    )
    page_log.assert_clean()


def test_on_a_phone_the_notice_is_slim_and_card_titles_break_at_word_joints(phone_page,
                                                                            base_url, page_log):  # fmt: skip
    phone_page.goto(base_url + "/", wait_until="networkidle")
    notice = phone_page.locator(".example-notice")
    assert notice.is_visible() and "Exempeldata" in notice.inner_text()
    assert notice.bounding_box()["height"] <= 844 * 0.09
    titles = phone_page.locator("#oversikt-nyckeltal .key-figure-title")
    assert titles.count() >= 4
    for i in range(titles.count()):
        fits = titles.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth")
        assert fits, titles.nth(i).inner_text()
    # the long compound breaks where Swedish breaks it: at the soft hyphen
    assert "Kvinnofrids\u00adsamordnare" in titles.first.text_content()
    page_log.assert_clean()


@pytest.mark.parametrize(
    ("width", "height", "layout"), [(1366, 768, "wide"), (1920, 1080, "wide"), (390, 844, "narrow")]
)
def test_the_trend_chart_uses_the_width_with_text_at_reading_size(browser, base_url, page_log,
                                                                  width, height, layout):  # fmt: skip
    """Issue #19: the trend chart was a fixed 500 px (under half of Jämför at 1366). It is
    laid out again for a wide column rather than stretched, so its text stays readable."""
    context, page = _make_page(browser, base_url, page_log, width, height)
    try:
        page.goto(base_url + "/jamfor", wait_until="networkidle")
        chart = "#jamfor-utveckling svg.svg-lines:visible"
        page.wait_for_selector(chart)
        assert page.locator("#jamfor-utveckling svg.svg-lines:visible").count() == 1
        assert page.locator(f"#jamfor-utveckling .chart-{layout} svg:visible").count() == 1
        box = page.locator(chart).bounding_box()
        column = page.eval_on_selector("#jamfor-utveckling", "e => e.clientWidth")
        assert box["width"] >= min(column, 1000) - 2, (box, column)
        assert box["width"] <= width
        sizes = page.eval_on_selector_all(
            "#jamfor-utveckling svg.svg-lines text",
            "ts => ts.filter(t => t.getClientRects().length)"
            ".map(t => t.getBoundingClientRect().height)",
        )
        # a line of 12–13 unit text, drawn between about 11 and 19 CSS px high on screen
        assert sizes and min(sizes) >= 11 and max(sizes) <= 22, (min(sizes), max(sizes))
        page_log.assert_clean()
    finally:
        context.close()


def test_riket_is_drawn_beside_a_criterions_map(page, base_url, page_log):
    """#34 item 8: a criterion's national value (the share of the country's municipalities
    that meet it) is drawn beside Översikt's status map, with the county's share, and the
    drawing follows the pickers."""
    page.goto(base_url + "/?indikator=krit_4_2&ar=2025", wait_until="networkidle")
    figure = page.locator("#oversikt-riket .riket-figure svg")
    assert figure.locator("[data-role='riket']").count() == 1
    assert "Riket 2020: 96" in figure.text_content()
    px = figure.locator("text").first.evaluate(
        "t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a"
    )
    assert px >= 12, px
    page.select_option("#oversikt-indikator", "samordnare")
    expect_gone = "() => !document.querySelector('#oversikt-riket .riket-figure')"
    page.wait_for_function(expect_gone)
    page_log.assert_clean()
