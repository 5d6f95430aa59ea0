"""Presenter mode, image and data exports, print and 'Kopiera länk' in headless Chromium."""

from __future__ import annotations

import csv
import io
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import presenter
from tests.conftest import _make_page, screenshot

pytestmark = pytest.mark.browser

DECK = "/presentera?ar=2025&indikatorer=samordnare,suv_status&kommun=0780"


def slide_count(query: dict) -> int:
    """How many slides the deck of these parameters has (the verdict slides vary with the
    plan's delmål)."""
    ds = get_dataset()
    return len(presenter.deck_slides(ds, presenter.resolve_deck(ds, query)))


DECK_SLIDES = slide_count({"ar": "2025", "kommun": "0780"})


def slide_number(page) -> int:
    return int(page.get_attribute("#presentera-bild", "data-slide"))


def open_slide(page, base_url, number: int, deck: str = DECK):
    page.goto(f"{base_url}{deck}&bild={number}", wait_until="networkidle")
    page.wait_for_selector(f"#presentera-bild[data-slide='{number}']")


def wait_for_slide(page, number: int):
    page.wait_for_selector(f"#presentera-bild[data-slide='{number}']")
    assert parse_qs(urlparse(page.url).query)["bild"] == [str(number)]


@pytest.fixture
def slide_page(browser, base_url, page_log):
    context, page = _make_page(browser, base_url, page_log, 1920, 1080)
    yield page
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1024, 768), (390, 844)])
def test_map_labels_have_a_contrasting_halo(browser, base_url, page_log, width, height):
    """A name wider than its municipality (Lessebo) runs onto the white around the map: a
    halo in the contrasting colour keeps it readable there (it read 'Lesseb' without). The
    slide draws the pages' SVG map, whose labels scale with it: large enough to read, and
    on a projector or a phone they shrink with the map instead of piling on each other."""
    context, page = _make_page(browser, base_url, page_log, width, height)
    open_slide(page, base_url, 4)
    page.wait_for_selector("#presentera-karta svg.svg-map path")
    labels = page.evaluate(
        """() => Array.from(document.querySelectorAll('#presentera-karta .svg-map-labels text'))
            .map(t => { const s = getComputedStyle(t), r = t.getBoundingClientRect();
              return [t.textContent, s.fill, s.stroke, parseFloat(s.strokeWidth), r.height,
                      [r.left, r.top, r.right, r.bottom]]; })"""
    )
    assert {name for name, *_ in labels} >= {"Lessebo", "Markaryd", "Växjö"}
    for name, fill, stroke, stroke_width, text_height, _ in labels:
        assert stroke_width > 0 and fill.replace(" ", "") != stroke.replace(" ", ""), name
        assert text_height >= 11, (width, name, text_height)
    boxes = [box for *_, box in labels]
    for i, a in enumerate(boxes):  # no two names on top of each other
        for b in boxes[i + 1 :]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 2 or overlap_y <= 2, (width, a, b)
    screenshot(page, f"presentera-3-{width}")
    context.close()
    page_log.assert_clean()


def test_keyboard_moves_through_the_deck_and_the_url(slide_page, base_url, page_log):
    page = slide_page
    open_slide(page, base_url, 1)
    assert not page.locator(".site-navbar").is_visible()
    assert page.locator(".slide-notice").is_visible()
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 2)
    page.keyboard.press("PageDown")
    wait_for_slide(page, 3)
    assert page.inner_text("#presentera-bild h1") == "Sedan förra mötet: 2024 → 2025"
    page.keyboard.press("ArrowRight")
    wait_for_slide(page, 4)
    page.wait_for_selector("#presentera-karta svg.svg-map path")
    assert page.inner_text("#presentera-bild h1") == "Kvinnofridssamordnare 2025"
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, 3)
    page.keyboard.press("ArrowLeft")
    wait_for_slide(page, 2)
    page.keyboard.press("PageUp")
    wait_for_slide(page, 1)
    page.keyboard.press("PageUp")  # nothing before the first slide
    page.wait_for_timeout(300)
    assert slide_number(page) == 1
    page.keyboard.press("End")
    wait_for_slide(page, DECK_SLIDES)
    assert page.inner_text("#presentera-bild h1") == "Växjö 2025"
    page.go_back()
    wait_for_slide(page, 1)
    query = parse_qs(urlparse(page.url).query)
    assert query["indikatorer"] == ["samordnare,suv_status"] and query["kommun"] == ["0780"]
    page_log.assert_clean()


def test_buttons_are_focusable_links(slide_page, base_url, page_log):
    page = slide_page
    open_slide(page, base_url, 2)
    page.focus("#presentera-nasta")
    page.keyboard.press("Enter")
    wait_for_slide(page, 3)
    page.click("#presentera-foregaende")
    wait_for_slide(page, 2)
    assert page.get_attribute("#presentera-nasta", "href").endswith("bild=3")
    page_log.assert_clean()


def test_deck_url_restores_the_slide_and_escape_leaves(slide_page, base_url, page_log):
    page = slide_page
    open_slide(page, base_url, 8)
    assert page.inner_text("#presentera-nummer") == f"8 / {DECK_SLIDES}"
    assert page.inner_text("#presentera-bild h1").startswith("Mål 2:")
    assert "2.1" in page.inner_text("#presentera-bild")  # goal 2's first (or only) part
    page.keyboard.press("Escape")
    # back to the presenter's set-up with the same choices, not to another page (issue #19)
    page.wait_for_function("!new URLSearchParams(location.search).has('bild')")
    assert page.url.startswith(f"{base_url}/presentera?")
    page.wait_for_selector("#presentera-starta")
    assert page.locator(".site-navbar").is_visible()
    page_log.assert_clean()


def test_slide_type_is_large_and_nothing_is_cut_off(browser, base_url, page_log):
    for width, height, minimum in ((1920, 1080, 28), (1280, 720, 18)):
        context, page = _make_page(browser, base_url, page_log, width, height)
        for number in range(1, DECK_SLIDES + 1):
            open_slide(page, base_url, number)
            page.wait_for_timeout(200)
            size = page.evaluate(
                "parseFloat(getComputedStyle(document.querySelector('.slide-body')).fontSize)"
            )
            assert size >= minimum, (width, number, size)
            cut = page.evaluate(
                """() => { const body = document.querySelector('.slide-body').getBoundingClientRect();
                  return [...document.querySelectorAll('.slide-body *')].filter(e => {
                    const r = e.getBoundingClientRect();
                    return r.height > 0 && !e.closest('.draglayer') &&
                      (r.bottom > body.bottom + 2 || r.right > body.right + 2);
                  }).length; }"""
            )
            assert cut == 0, (width, number)
            if width == 1920 and number in (3, 4, 6, 8, DECK_SLIDES):
                screenshot(page, f"presentera-{number}-{width}")
        context.close()
    page_log.assert_clean()


@pytest.mark.parametrize(
    "query", ["?bild=abc&ar=1066&kommun=%3Cscript%3E", "?bild=99&indikatorer=okand"]
)
def test_invalid_deck_parameters_fall_back(slide_page, base_url, page_log, query):
    page = slide_page
    page.goto(f"{base_url}/presentera{query}", wait_until="networkidle")
    page.wait_for_selector("#presentera-bild")
    count = slide_count({"ar": None})
    assert page.inner_text("#presentera-nummer") in (f"1 / {count}", f"{count} / {count}")
    assert "<script>" not in page.inner_text("body")
    page_log.assert_clean()


def test_setup_form_builds_the_deck_link(page, base_url, page_log):
    page.goto(f"{base_url}/presentera", wait_until="networkidle")
    page.wait_for_selector("#presentera-bildlista li")
    assert f"{slide_count({})} bilder" in page.inner_text("#presentera-bildlista")
    page.select_option("#presentera-kommun", "0761")
    page.select_option("#presentera-ar", "2022")
    expected = f"{base_url}/presentera?ar=2022&indikatorer=samordnare,suv_status&kommun=0761&bild=1"
    # The two pickers answer in separate round trips and the copyable link follows the
    # start link in the browser, so wait for the final state of both rather than the first
    # change (reading earlier made this test fail intermittently in CI).
    page.wait_for_function(
        """expected => document.querySelector('#presentera-lank').value === expected
            && document.querySelector('#presentera-starta').href === expected""",
        arg=expected,
    )
    assert f"{slide_count({'ar': '2022', 'kommun': '0761'})} bilder" in page.inner_text(
        "#presentera-bildlista"
    )
    # the year to compare with follows the deck's year: the one before it, only earlier ones
    assert page.input_value("#presentera-sedan") == "2021"
    options = page.eval_on_selector_all(
        "#presentera-sedan option[value]:not([value=''])", "os => os.map(o => o.value)"
    )
    assert options and all(int(o) < 2022 for o in options)
    page.click("#presentera-starta")
    wait_for_slide(page, 1)
    assert "2022" in page.inner_text("#presentera-bild h1")
    page_log.assert_clean()


def test_deck_data_download(page, base_url, page_log):
    page.goto(f"{base_url}/presentera?ar=2023", wait_until="networkidle")
    href = page.get_attribute("#presentera-bildlista a:has-text('CSV')", "href")
    text = page.request.get(base_url + href).body().decode("utf-8-sig")
    lines = text.split("\r\n")
    rows = list(csv.reader(lines[lines.index("") + 1 :], delimiter=";"))
    # every row says whether its values are example data (the downloads' own column)
    assert rows[0] == ["Kommun", "Kommunkod", "Samordnare 2023", "SUV 2023", "Exempeldata"]
    assert "# Exempeldata" in text
    xlsx = page.request.get(base_url + href.replace(".csv", ".xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.body()))
    assert [c.value for c in book["Data"][1]] == rows[0]
    page_log.assert_clean()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_map_image_export_png_and_svg(page, base_url, page_log):
    page.goto(f"{base_url}/?indikator=suv_status&ar=2024", wait_until="networkidle")
    page.wait_for_selector("#oversikt-karta svg.svg-map path")
    source = page.inner_text("#oversikt-kalla")
    with page.expect_download() as png:
        page.click(".image-export button:has-text('PNG')")
    assert png.value.suggested_filename.endswith("-exempeldata.png")
    assert png_size(Path(png.value.path()).read_bytes()) == (1600, 900)
    last = page.evaluate("window.dashboardExportImage.last")
    assert last["title"] == page.inner_text("#oversikt-karttitel")
    assert "Exempeldata" in last["note"]
    with page.expect_download() as svg:
        page.click(".image-export button:has-text('SVG')")
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert "Systematisk uppföljning" in text and "2024" in text
    assert source.replace("Källa: ", "").split(".")[0] in text
    assert "Exempeldata" in text
    assert text.count("<svg") == 2  # the chart inside the framed image
    page_log.assert_clean()


def test_compare_heatmap_image_uses_current_year(page, base_url, page_log):
    page.goto(f"{base_url}/jamfor?ar=2021", wait_until="networkidle")
    page.wait_for_selector("#jamfor-matris svg.svg-heatmap")
    button = page.locator("#jamfor-matris").locator("xpath=..").locator("button:has-text('SVG')")
    with page.expect_download() as svg:
        button.click()
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert "per kommun och mål 2021" in text
    assert "Mål 1 = " in text and "Exempeldata" in text
    page_log.assert_clean()


def test_image_of_a_chart_not_drawn_yet_waits_for_it(page, base_url, page_log):
    """Strategi's goal tree is drawn when it comes near the screen; a click on its button
    before that (a script, a quick keyboard user) still gives the image and says so in words."""
    page.goto(f"{base_url}/strategi", wait_until="networkidle")
    page.wait_for_selector("#strategi-hierarki-text")
    assert page.locator("#strategi-hierarki .main-svg").count() == 0  # not drawn yet
    exporter = page.locator("#strategi-hierarki").locator(
        "xpath=ancestor::*[.//*[contains(@class,'image-export')]][1]"
    )
    button = exporter.locator(".image-export button:has-text('PNG')")
    with page.expect_download() as png:
        button.evaluate("b => b.click()")  # no scrolling, as a script or screen reader may
    assert png.value.suggested_filename.endswith(".png")
    status = exporter.locator(".image-export-status")
    assert status.get_attribute("role") == "status"
    page.wait_for_function(
        "el => el.textContent.startsWith('Bilden har laddats ned')", arg=status.element_handle()
    )
    assert png.value.suggested_filename in status.inner_text()
    page_log.assert_clean()


def test_images_of_jamfor_ranking_and_trends_follow_the_choices(page, base_url, page_log):
    """The ranking and the trends are SVG from the server: their images copy the SVG, with
    the title of the current choice (read from the section's heading) and the notice."""
    page.goto(f"{base_url}/jamfor?indikator=samordnare_antal&ar=2022", wait_until="networkidle")
    page.wait_for_selector("#jamfor-utveckling svg.svg-lines:visible")
    for chart, expected in (("#jamfor-rangordning", "Rangordning: Antal samordnare"),
                            ("#jamfor-utveckling", "Utveckling över tid: Antal samordnare")):  # fmt: skip
        button = page.locator(chart).locator("xpath=..").locator("button:has-text('SVG')")
        with page.expect_download() as svg:
            button.click()
        text = Path(svg.value.path()).read_text(encoding="utf-8")
        assert expected in text and "Exempeldata" in text, chart
        assert text.count("<svg") == 2  # the chart inside the framed image
    page_log.assert_clean()


def test_image_of_a_missing_chart_says_why_in_words(page, base_url, page_log):
    page.goto(f"{base_url}/", wait_until="networkidle")
    page.wait_for_selector("#oversikt-karta svg.svg-map path")
    button = page.locator(".image-export button:has-text('PNG')").first
    button.evaluate("b => b.setAttribute('data-export-graph', 'finns-inte')")
    button.click()
    status = page.locator(".image-export-status").first
    page.wait_for_function(
        "el => el.textContent.length > 0", arg=status.element_handle(), timeout=15_000
    )
    assert status.inner_text() == "Diagrammet är inte färdigt än. Försök igen om en stund."
    assert button.get_attribute("data-busy") is None  # a second try is possible
    page_log.assert_clean()


def test_print_hides_navbar_and_controls(page, base_url, page_log):
    page.goto(f"{base_url}/", wait_until="networkidle")
    page.wait_for_selector("#oversikt-karta svg.svg-map path")
    page.emulate_media(media="print")
    assert not page.locator(".site-navbar").is_visible()
    assert not page.locator(".share").is_visible()
    assert not page.locator(".image-export").first.is_visible()
    assert not page.locator("#oversikt-nedladdning .download-links").is_visible()
    assert page.locator(".example-notice").first.is_visible()
    assert page.locator("#oversikt-karta").is_visible()
    screenshot(page, "oversikt-print")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    page.emulate_media(media="screen")
    page_log.assert_clean()


def test_copy_link_puts_the_url_in_the_clipboard(browser, base_url, page_log):
    context, page = _make_page(browser, base_url, page_log, 1366, 768)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(f"{base_url}/jamfor?ar=2020&min=0780", wait_until="networkidle")
    page.get_by_role("button", name="Kopiera länk").click()
    page.wait_for_selector(".share-status:has-text('Länken är kopierad')")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert "ar=2020" in page.url
    context.close()
    page_log.assert_clean()


def test_copy_link_fallback_selects_the_address(page, base_url, page_log):
    page.goto(f"{base_url}/strategi", wait_until="networkidle")
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.get_by_role("button", name="Kopiera länk").click()
    page.wait_for_selector(".share-status:not(:empty)")
    assert page.input_value("#share-field") == page.url
    assert page.evaluate("document.activeElement.id") == "share-field"
    page_log.assert_clean()


def test_setup_form_takes_the_day_of_the_last_meeting(page, base_url, page_log):
    """'Sedan förra mötet' in the set-up: a day gives the deck its dated slide, and the year
    the values are compared with follows from the day (shown, not chosen)."""
    page.goto(f"{base_url}/presentera", wait_until="networkidle")
    page.wait_for_selector("#presentera-bildlista li")
    assert "Sedan förra mötet" in page.inner_text("#presentera-bildlista")
    assert not page.is_disabled("#presentera-sedan")
    page.fill("#presentera-sedan-datum", "2024-06-01")
    page.wait_for_function(
        "() => document.querySelector('#presentera-lank').value.includes('sedan=2024-06-01')"
    )
    listed = page.inner_text("#presentera-bildlista")
    assert "Sedan förra mötet 1 juni 2024" in listed
    assert "Sedan förra mötet: värdena 2024 → 2025" in listed
    page.wait_for_function("() => document.querySelector('#presentera-sedan').disabled")
    assert page.input_value("#presentera-sedan") == "2024"
    page.click("#presentera-starta")
    wait_for_slide(page, 1)
    page.click("#presentera-nasta")
    wait_for_slide(page, 2)
    page.click("#presentera-nasta")
    wait_for_slide(page, 3)
    assert page.inner_text("#presentera-bild h1") == "Sedan förra mötet 1 juni 2024"
    assert "sedan=2024-06-01" in page.get_attribute("#presentera-nasta", "href")
    page_log.assert_clean()


def test_a_malformed_day_is_said_on_the_slide(slide_page, base_url, page_log):
    page = slide_page
    page.goto(f"{base_url}/presentera?ar=2025&sedan=2025-13-01&bild=3", wait_until="networkidle")
    page.wait_for_selector("#presentera-sedan-ogiltigt")
    assert "ÅÅÅÅ-MM-DD" in page.inner_text("#presentera-sedan-ogiltigt")
    assert page.inner_text("#presentera-bild h1") == "Sedan förra mötet: 2024 → 2025"
    assert "sedan" not in page.get_attribute("#presentera-nasta", "href")
    page_log.assert_clean()


def test_verdict_slides_on_a_phone_are_cards(phone_page, base_url, page_log):
    """On a phone each delmål is a card whose cells say what they are; nothing runs off."""
    page = phone_page
    ds = get_dataset()
    state = presenter.resolve_deck(ds, {"ar": "2025", "bild": "1"})
    slides = presenter.deck_slides(ds, state)
    number = next(n for n, s in enumerate(slides, 1) if s.kind == presenter.KIND_VERDICTS)
    page.goto(f"{base_url}/presentera?ar=2025&bild={number}", wait_until="networkidle")
    page.wait_for_selector("#presentera-delmal")
    assert page.evaluate("document.querySelector('#presentera-deck').scrollWidth") <= 390
    assert not page.locator("#presentera-delmal thead").is_visible()
    labels = page.eval_on_selector_all(
        "#presentera-delmal td[data-label]",
        "cells => cells.map(c => getComputedStyle(c, '::before').content)",
    )
    assert set(labels) == {'"Beräknad utveckling"', '"Länsstyrelsens bedömning*"'}
    page_log.assert_clean()
