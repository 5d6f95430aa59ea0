"""Översikt in headless Chromium: the map, pickers, click-through, URL state, downloads."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot

pytestmark = pytest.mark.browser

SHAPES = "#oversikt-karta svg.svg-map path"


def open_overview(page, base_url, query=""):
    page.goto(f"{base_url}/{query}", wait_until="networkidle")
    page.wait_for_selector(SHAPES)


def test_map_draws_the_eight_municipalities(page, base_url, page_log):
    open_overview(page, base_url)
    assert page.locator(SHAPES).count() == 8
    text = page.inner_text("#oversikt-karta")
    for name in ("Växjö", "Älmhult", "Ljungby", "Uppvidinge"):
        assert name in text
    screenshot(page, "oversikt-desktop")
    page_log.assert_clean()


def test_changing_indicator_and_year_updates_everything(page, base_url, page_log):
    open_overview(page, base_url)
    page.select_option("#oversikt-indikator", "suv_status")
    expect(page.locator("#oversikt-karttitel")).to_have_text(re.compile("^Systematisk"))
    page.select_option("#oversikt-ar", "2019")
    page.wait_for_function(
        "document.querySelector('#oversikt-karttitel').textContent.endsWith('2019')"
    )
    assert "Länet i korthet 2019" in page.inner_text("#oversikt-nyckeltal-rubrik")
    table = page.inner_text("#oversikt-tabell")
    assert "SUV 2019" in table and "2018" in table
    legend = page.locator("#oversikt-karta .map-legend").text_content()
    # every step of the scale is in the legend, in order, even steps no municipality has
    steps = ["Ej påbörjat", "Planering", "Införande", "I bruk"]
    assert [legend.index(step) for step in steps] == sorted(legend.index(s) for s in steps)
    query = parse_qs(urlparse(page.url).query)
    assert query == {"indikator": ["suv_status"], "ar": ["2019"], "sortera": ["kommun"]}
    page_log.assert_clean()


MAP_MARKUP = """() => ['#oversikt-karta', '#oversikt-tabellblock'].map(id => {
  const copy = document.querySelector(id).cloneNode(true);
  // 07_charts.js hides labels that would overlap, on the page either way
  copy.querySelectorAll('[visibility]').forEach(el => el.removeAttribute('visibility'));
  return copy.innerHTML;
})"""


@pytest.mark.parametrize(
    ("indicator", "year"),
    [("krit_1_1", "2023"),  # one municipality hatched ('Uppgift saknas')
     ("skyddat_boende_placeringar", "2021"),  # hidden by röjandeskydd
     ("lokal_handlingsplan", "2024"),  # the local-plan layer: categories, not a scale
     ("suv_status", "2019")],
)  # fmt: skip
def test_a_map_repainted_by_a_choice_is_the_map_its_address_draws(
    page, base_url, page_log, indicator, year
):
    """A choice sends only the map's and the table's paint (fills, tooltips, links,
    legends; values, sources, order), not their shapes and rows: what the page shows after
    it must be what opening the same address draws."""
    open_overview(page, base_url, "?indikator=sosfs_mal1&ar=2025")
    page.select_option("#oversikt-indikator", indicator)
    page.select_option("#oversikt-ar", year)
    page.select_option("#oversikt-sortera", "varde")
    page.wait_for_function(
        f"new URLSearchParams(location.search).get('ar') === '{year}' && "
        "new URLSearchParams(location.search).get('sortera') === 'varde' && "
        f"document.querySelector('#oversikt-karta svg').getAttribute('aria-label')"
        f".includes(' {year} ')"
    )
    # choices made one after another before their answers came: all of them shown
    expect(page.locator("#oversikt-nyckeltal-rubrik")).to_contain_text(f"i korthet {year}")
    expect(page.locator("#oversikt-karttitel")).to_contain_text(year)
    repainted = page.evaluate(MAP_MARKUP)
    address = page.url
    page.goto(address, wait_until="networkidle")
    page.wait_for_selector(SHAPES)
    assert page.evaluate(MAP_MARKUP) == repainted
    page_log.assert_clean()


def test_url_restores_view(page, base_url, page_log):
    open_overview(page, base_url, "?indikator=sosfs_mal3&ar=2021&sortera=varde")
    assert page.input_value("#oversikt-indikator") == "sosfs_mal3"
    assert page.input_value("#oversikt-ar") == "2021"
    assert page.inner_text("#oversikt-karttitel").endswith("2021")
    first_values = page.locator("#oversikt-tabell tbody tr td:nth-child(2)").all_inner_texts()
    numbers = [int(v.split()[0]) for v in first_values if v[0].isdigit()]
    assert numbers == sorted(numbers, reverse=True)
    page_log.assert_clean()


@pytest.mark.parametrize("query", ["?ar=1066", "?indikator=%3Cscript%3Ealert(1)%3C/script%3E",
                                   "?ar=abc&sortera=%22%3E%3Cimg"])  # fmt: skip
def test_invalid_parameters_fall_back_to_defaults(page, base_url, page_log, query):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_overview(page, base_url, query)
    # the default: the first of overview.DEFAULT_INDICATORS that differs between municipalities
    assert page.input_value("#oversikt-indikator") == "sosfs_alla"
    assert page.locator(SHAPES).count() == 8
    assert not dialogs
    assert "<script>" not in page.inner_text("body")
    page_log.assert_clean()


def test_click_on_map_opens_municipality_page_for_the_same_year(page, base_url, page_log):
    open_overview(page, base_url, "?ar=2019")
    # Växjö's label point lies inside Växjö; click the shape just below the label.
    label = page.locator("#oversikt-karta text", has_text="Växjö")
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] + 6)
    page.wait_for_url(f"{base_url}/kommun/0780?ar=2019")
    page.wait_for_selector("#main h1:has-text('Växjö')")
    page_log.assert_clean()


def test_map_is_svg_from_the_server_and_needs_no_plotly(page, base_url, page_log):
    """The map is in the page's first HTML and is drawn without plotly.js (charts/svg_map.py)."""
    html = page.request.get(f"{base_url}/?ar=2021").text()
    preview = html[html.index('id="forhandsvisning"') :]
    assert preview.count('data-app-link="true" data-kommun="') == 8  # the map's areas
    assert 'href="/kommun/0780?ar=2021"' in preview
    open_overview(page, base_url, "?ar=2021")
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert page.locator("#oversikt-karta .js-plotly-plot").count() == 0
    page_log.assert_clean()


def test_map_municipalities_are_links_a_keyboard_reaches(page, base_url, page_log):
    open_overview(page, base_url, "?indikator=suv_status&ar=2021")
    link = page.get_by_role("link", name=re.compile(r"^Tingsryd 2021: .+ Källa: "))
    assert link.count() == 1  # named by its tooltip: municipality, value, change, source
    # Tab from the year picker reaches the map's links, in alphabetical order
    page.focus("#oversikt-ar")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "document.activeElement.closest('.svg-map') ? "
            "document.activeElement.querySelector('title').textContent.split('\\n')[0] : ''"
        )
        if name == "Tingsryd":
            break
        if name:
            reached.append(name)
    else:
        pytest.fail("Tab never reached Tingsryd on the map")
    assert reached == ["Alvesta", "Lessebo", "Ljungby", "Markaryd"]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # visible focus
    page.evaluate("window.samePage = true")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}/kommun/0763?ar=2021")
    page.wait_for_selector("#main h1:has-text('Tingsryd')")
    assert page.evaluate("window.samePage") is True  # opened inside the app, no reload
    page_log.assert_clean()


def test_keyboard_list_opens_municipality_page(page, base_url, page_log):
    open_overview(page, base_url)
    link = page.get_by_role("navigation", name="Kommunernas sidor").get_by_role(
        "link", name="Lessebo"
    )
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/kommun/0761(\?ar=\d{4})?$"))
    page_log.assert_clean()


def test_downloads_hold_what_the_table_shows(page, base_url):
    open_overview(page, base_url, "?indikator=suv_status&ar=2022")
    shown = page.locator("#oversikt-tabell tbody tr td:nth-child(2)").all_inner_texts()
    href = page.get_attribute("#oversikt-nedladdning a:has-text('CSV')", "href")
    response = page.request.get(base_url + href)
    assert response.ok
    text = response.body().decode("utf-8-sig")
    assert "# Exempeldata" in text
    lines = text.split("\r\n")
    table = list(csv.reader(lines[lines.index("") + 1 :], delimiter=";"))
    header, rows = table[0], [r for r in table[1:] if r]
    assert header[:3] == ["Kommun", "Kommunkod", "SUV 2022"]
    assert [r[2] for r in rows] == shown
    xlsx = page.request.get(base_url + href.replace(".csv", ".xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.body()))
    assert [c.value for c in book["Data"][1]][:3] == header[:3]
    notes = [row[1].value for row in book["Om uttaget"].iter_rows(min_row=2)]
    assert any("EXEMPELDATA" in str(n) for n in notes)


def test_phone_width(phone_page, base_url, page_log):
    open_overview(phone_page, base_url)
    screenshot(phone_page, "oversikt-phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page_log.assert_clean()
