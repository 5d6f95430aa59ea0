"""Touch as a first-class input (issue #34): on a phone the first tap on a map area or a chart
element shows its tooltip and keeps it (no focus change hides it), a tap elsewhere hides it,
and a second tap on the same area, or the tooltip's "Visa kommunen" link, follows the link.
Emulated as a phone: a touch screen (has_touch, is_mobile) and Playwright's tap."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

TIP = ".chart-tip"
VAXJO = "#oversikt-karta svg a[data-kommun='0780'] path"


@pytest.fixture
def touch_page(browser, page_log):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        locale="sv-SE",
        bypass_csp=True,
    )
    page = context.new_page()
    page.on("pageerror", lambda error: page_log.console_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            page_log.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    yield page
    context.close()


def _tip_stays(page, text: str) -> None:
    """The tooltip is shown with `text` and still is half a second later (it used to vanish
    within ~10 ms, when the tap moved the focus to <main>)."""
    tip = page.locator(TIP)
    tip.wait_for(state="visible", timeout=500)
    page.wait_for_timeout(500)
    assert tip.is_visible()
    assert text in tip.inner_text()


def test_first_tap_on_a_map_area_shows_its_tooltip_and_stays(touch_page, base_url, page_log):
    page = touch_page
    page.goto(base_url + "/", wait_until="networkidle")
    page.tap(VAXJO)
    _tip_stays(page, "Växjö")
    assert page.url == base_url + "/"  # not taken to Växjö's page at once
    assert page.locator(TIP + " .chart-tip-link").inner_text() == "Visa kommunen"
    # A tap elsewhere hides it, and the page stays.
    page.tap("h1")
    page.locator(TIP).wait_for(state="hidden", timeout=500)
    assert page.url == base_url + "/"
    page_log.assert_clean()


def test_second_tap_on_the_same_area_follows_its_link(touch_page, base_url, page_log):
    page = touch_page
    page.goto(base_url + "/", wait_until="networkidle")
    page.tap(VAXJO)
    _tip_stays(page, "Växjö")
    page.tap(VAXJO)
    page.wait_for_url(base_url + "/kommun/0780*")
    page.locator(TIP).wait_for(state="hidden", timeout=500)  # not left over the new page
    page_log.assert_clean()


def test_a_tap_on_another_area_moves_the_tooltip_and_does_not_navigate(
    touch_page, base_url, page_log
):
    page = touch_page
    page.goto(base_url + "/", wait_until="networkidle")
    page.tap(VAXJO)
    _tip_stays(page, "Växjö")
    page.tap("#oversikt-karta svg a[data-kommun='0764'] path")
    _tip_stays(page, "Alvesta")
    assert page.url == base_url + "/"
    page_log.assert_clean()


def test_the_tooltips_link_opens_the_municipality(touch_page, base_url, page_log):
    page = touch_page
    page.goto(base_url + "/", wait_until="networkidle")
    page.tap("#oversikt-karta svg a[data-kommun='0764'] path")
    link = page.locator(TIP + " .chart-tip-link")
    link.wait_for(state="visible", timeout=500)
    box = link.bounding_box()
    assert box and box["height"] >= 44  # a thumb's target
    link.tap()
    page.wait_for_url(base_url + "/kommun/0764*")
    page.locator(TIP).wait_for(state="hidden", timeout=500)
    page_log.assert_clean()


def test_first_tap_on_a_heatmap_cell_shows_its_tooltip_and_stays(touch_page, base_url, page_log):
    page = touch_page
    page.goto(base_url + "/jamfor", wait_until="networkidle")
    cells = page.locator("svg.svg-heatmap g:has(> title)")
    cells.first.tap()
    _tip_stays(page, "Mål 1")
    assert page.locator("svg.svg-heatmap g.chart-hover").count() == 1
    # A cell is not a link: the tooltip has none to offer.
    assert not page.locator(TIP + " .chart-tip-link").is_visible()
    # Another cell takes the tooltip over; a tap outside the chart hides it.
    second = cells.nth(1)
    second_title = second.locator("title").text_content()
    second.tap()
    _tip_stays(page, second_title.splitlines()[-1])
    page.tap("h1")
    page.locator(TIP).wait_for(state="hidden", timeout=500)
    assert page.locator("svg.svg-heatmap g.chart-hover").count() == 0
    page_log.assert_clean()


def test_a_second_tap_on_a_cell_keeps_the_tooltip(touch_page, base_url, page_log):
    page = touch_page
    page.goto(base_url + "/jamfor", wait_until="networkidle")
    cell = page.locator("svg.svg-heatmap g:has(> title)").first
    cell.tap()
    _tip_stays(page, "Mål 1")
    cell.tap()  # nothing to follow: it stays
    _tip_stays(page, "Mål 1")
    page_log.assert_clean()


def test_a_tap_on_a_bar_shows_its_tooltip(touch_page, base_url, page_log):
    page = touch_page
    page.goto(base_url + "/kommun/0780", wait_until="networkidle")
    bar = page.locator("svg.svg-bars g:has(> title)").first
    bar.scroll_into_view_if_needed()
    bar.tap()
    _tip_stays(page, bar.locator("title").text_content().splitlines()[0])
    page_log.assert_clean()


def test_the_mouse_still_follows_a_map_area_at_once(page, base_url, page_log):
    page.goto(base_url + "/", wait_until="networkidle")
    page.click(VAXJO)
    page.wait_for_url(base_url + "/kommun/0780*")
    page_log.assert_clean()


def test_the_keyboard_still_follows_a_map_area_with_enter(page, base_url, page_log):
    page.goto(base_url + "/", wait_until="networkidle")
    page.focus("#oversikt-karta svg a[data-kommun='0780']")
    page.locator(TIP).wait_for(state="visible", timeout=300)
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "/kommun/0780*")
    page.locator(TIP).wait_for(state="hidden", timeout=500)
    page_log.assert_clean()


def test_a_mouse_click_on_a_cell_keeps_its_tooltip(page, base_url, page_log):
    """A click on a cell focuses <main> (it has tabindex -1); the tooltip stays all the same."""
    page.goto(base_url + "/jamfor", wait_until="networkidle")
    page.locator("svg.svg-heatmap g:has(> title)").first.click()
    _tip_stays(page, "Mål 1")
    page_log.assert_clean()


def test_a_tapped_tooltip_passes_axe(touch_page, base_url, page_log):
    """The tooltip with its link is still only visual: aria-hidden, its link out of the tab
    order (axe: aria-hidden-focus), and its colours readable."""
    from tests.test_accessibility import axe_violations

    page = touch_page
    page.goto(base_url + "/", wait_until="networkidle")
    page.tap(VAXJO)
    _tip_stays(page, "Växjö")
    assert page.locator(TIP + " .chart-tip-link").get_attribute("tabindex") == "-1"
    assert axe_violations(page) == []
    page_log.assert_clean()
