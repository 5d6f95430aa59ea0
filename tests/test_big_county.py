"""A county of 49 municipalities (issue #19): Västra Götaland's boundaries built by geo_build
from ../shared/geo, made-up test populations and the flagged example values, served by
gunicorn as the Procfile says. Every page answers and the crowded views stay readable: map
labels never overlap (the larger municipality keeps its label), and the map slide's list
ranks and summarises instead of being cut off. Kronoberg keeps all eight labels."""

from __future__ import annotations

import os
import random
import shutil

import pytest

from dashboard.config import REPO_ROOT
from dashboard.data import example_data, geo_build
from tests import procfile_server
from tests.conftest import _make_page

pytestmark = pytest.mark.browser

COUNTY = "14"
SOURCE = REPO_ROOT.parent / "shared" / "geo" / "swedish_municipalities.geojson"
LABELS = """sel => Array.from(document.querySelectorAll(sel + ' .svg-map-labels text'))
    .filter(t => t.getAttribute('visibility') !== 'hidden')
    .map(t => { const b = t.getBoundingClientRect();
                return [t.textContent, b.left, b.top, b.right, b.bottom]; })"""


def build_county(root):
    """data/ and geo/ of a 49-municipality county under root (test data only: the
    populations are made up here and never leave the test's temp folder)."""
    import json

    data, geo = root / "data", root / "geo"
    data.mkdir()
    geo.mkdir()
    for name in ("plan", "templates"):
        shutil.copytree(REPO_ROOT / "data" / name, data / name)
    for name in ("indikatorer.csv", "skalor.csv", "riksreferens.csv"):
        shutil.copy(REPO_ROOT / "data" / name, data / name)
    features = json.loads(SOURCE.read_text(encoding="utf-8"))["features"]
    ours = sorted((f["properties"] for f in features
                   if str(f["properties"]["lan_code"]).zfill(2) == COUNTY),
                  key=lambda p: p["kom_namn"])  # fmt: skip
    rng = random.Random(49)
    rows = ["kommunkod;kommun;lanskod;folkmangd;folkmangd_datum;kalla"] + [
        f"{p['id']};{p['kom_namn']};{COUNTY};{rng.randint(5_000, 120_000)};2024-12-31;"
        "Testdata: påhittad folkmängd"
        for p in ours
    ]
    (data / "kommuner.csv").write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    (data / "lan.csv").write_text(
        "lanskod;lan;organisation;kortnamn\n"
        f"{COUNTY};Västra Götalands län;Länsstyrelsen i Västra Götalands län;Västra Götaland\n",
        encoding="utf-8-sig",
    )
    example_data.main(["--data-dir", str(data)])
    # geo_build checks the boundaries against the data directory's kommuner.csv
    before = os.environ.get("DASHBOARD_DATA_DIR")
    os.environ["DASHBOARD_DATA_DIR"] = str(data)
    try:
        geo_build.main(["--source", str(SOURCE), "--county", COUNTY,
                        "--out", str(geo / "kommuner.geojson")])  # fmt: skip
    finally:
        if before is None:
            os.environ.pop("DASHBOARD_DATA_DIR", None)
        else:
            os.environ["DASHBOARD_DATA_DIR"] = before
    return data, geo, [p["id"] for p in ours]


@pytest.fixture(scope="module")
def big_county(tmp_path_factory):
    root = tmp_path_factory.mktemp("vastra-gotaland")
    data, geo, codes = build_county(root)
    assert len(codes) == 49
    server = procfile_server.start(
        root / "gunicorn.log", workers=1,
        extra_env={"DASHBOARD_DATA_DIR": str(data), "DASHBOARD_GEO_DIR": str(geo),
                   "DASHBOARD_CACHE_DIR": str(root / "cache"), "DASHBOARD_PREWARM": "0"},
        timeout=180,
    )  # fmt: skip
    yield server.url, codes
    server.stop()


def assert_no_overlap(labels: list) -> None:
    for i, (name, left, top, right, bottom) in enumerate(labels):
        for other, o_left, o_top, o_right, o_bottom in labels[i + 1 :]:
            apart = right <= o_left or o_right <= left or bottom <= o_top or o_bottom <= top
            assert apart, f"{name} and {other} overlap"


@pytest.mark.parametrize(
    "path",
    ["/", "/jamfor", "/kommun/1490", "/strategi", "/strategi/2/2.5", "/om", "/presentera",
     "/presentera?indikatorer=sosfs_alla&bild=4", "/presentera?bild=6"],
)  # fmt: skip
def test_every_page_answers_on_49_municipalities(browser, big_county, page_log, path):
    url, _codes = big_county
    context, page = _make_page(browser, url, page_log, 1366, 768)
    try:
        response = page.goto(url + path, wait_until="networkidle")
        assert response.status == 200
        assert "Exempeldata" in page.inner_text("body")
        page_log.assert_clean()
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080), (1024, 768), (390, 844)])
def test_map_labels_give_way_instead_of_overlapping(browser, big_county, page_log, width,
                                                    height):  # fmt: skip
    url, _codes = big_county
    context, page = _make_page(browser, url, page_log, width, height)
    try:
        for path, selector in (("/", "#oversikt-karta"),
                               ("/presentera?indikatorer=sosfs_alla&bild=4", ".slide-figure")):  # fmt: skip
            page.goto(url + path, wait_until="networkidle")
            page.wait_for_timeout(300)
            labels = page.evaluate(LABELS, selector)
            assert_no_overlap(labels)
            assert len(labels) >= 12, f"{path}: only {len(labels)} of 49 labels shown"
            # the hidden names are still each area's link name (tooltip) and in the list
            assert page.locator(f"{selector} svg.svg-map a[data-kommun]").count() == 49
        page_log.assert_clean()
    finally:
        context.close()


def test_the_map_slide_list_ranks_and_summarises(browser, big_county, page_log):
    url, _codes = big_county
    context, page = _make_page(browser, url, page_log, 1366, 768)
    try:
        page.goto(url + "/presentera?indikatorer=sosfs_alla&bild=4", wait_until="networkidle")
        rows = page.locator(".slide-table tr")
        assert rows.count() == 13
        assert "37 kommuner till" in page.inner_text(".slide-table")
        box = page.locator(".slide-table").bounding_box()
        assert box["y"] + box["height"] <= 768  # nothing cut off
        page_log.assert_clean()
    finally:
        context.close()


def test_kronoberg_keeps_all_eight_labels(page, base_url, page_log):
    for path, selector in (("/", "#oversikt-karta"),
                           ("/presentera?indikatorer=sosfs_alla&bild=4", ".slide-figure")):  # fmt: skip
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(300)
        labels = page.evaluate(LABELS, selector)
        assert len(labels) == 8, labels
        assert_no_overlap(labels)
    page_log.assert_clean()


def test_jamfor_filters_49_boxes_with_a_search_field(browser, big_county, page_log):
    url, codes = big_county
    context, page = _make_page(browser, url, page_log, 1366, 768)
    try:
        page.goto(url + "/jamfor?min=1480", wait_until="networkidle")
        boxes = page.locator("#jamfor-kommuner input[type=checkbox]")
        assert boxes.count() == 49
        # the list is a box that scrolls, not 49 lines down the page
        assert page.locator(".municipality-filter-box").bounding_box()["height"] < 220
        ticked = boxes.evaluate_all("bs => bs.filter(b => b.checked).length")
        # by keyboard: type into the search field, tick the one left
        page.focus("#jamfor-kommuner-sok")
        page.keyboard.type("borå")
        visible = page.eval_on_selector_all(
            "#jamfor-kommuner .form-check:not([hidden])", "els => els.map(e => e.textContent)"
        )
        assert "Borås" in visible and len(visible) == ticked + 1  # ticked ones stay in view
        assert f"Visar {ticked + 1} av 49 kommuner." in page.inner_text("#jamfor-kommuner-antal")
        page.keyboard.press("Tab")  # to the first shown box
        while page.evaluate("document.activeElement.parentElement.textContent") != "Borås":
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.wait_for_function("() => location.search.includes('1490')")  # Borås' code
        page.wait_for_function(
            "() => document.querySelector('#jamfor-utveckling-innehall').textContent"
            ".includes('Borås')")  # fmt: skip
        page_log.assert_clean()
    finally:
        context.close()
