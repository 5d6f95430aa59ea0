"""A county of 49 municipalities (issue #19): Västra Götaland's boundaries built by geo_build
from ../shared/geo, made-up test populations and the flagged example values, served by
gunicorn as the Procfile says. Every page answers and the crowded views stay readable: map
labels never overlap (the larger municipality keeps its label), and the map slide's list
ranks and summarises instead of being cut off. Kronoberg keeps all eight labels."""

from __future__ import annotations

import pytest

from tests import procfile_server
from tests.conftest import _make_page
from tests.generated_county import build_county

pytestmark = pytest.mark.browser

LABELS = """sel => Array.from(document.querySelectorAll(sel + ' .svg-map-labels text'))
    .filter(t => t.getAttribute('visibility') !== 'hidden')
    .map(t => { const b = t.getBoundingClientRect();
                return [t.textContent, b.left, b.top, b.right, b.bottom]; })"""


@pytest.fixture(scope="module")
def big_county(tmp_path_factory):
    root = tmp_path_factory.mktemp("vastra-gotaland")
    data, geo, codes = build_county(root, "14")
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
    ["/", "/?indikator=lokal_plan", "/jamfor", "/kommun", "/kommun/1490", "/kommun/1490/rapport",
     "/strategi", "/strategi/sammanhang", "/strategi/2", "/strategi/2/2.5", "/uppfoljning",
     "/om", "/presentera", "/presentera?indikatorer=sosfs_alla&bild=4", "/presentera?bild=6",
     "/presentera?bild=3"],
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


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1024, 768), (390, 844)])
def test_the_heatmap_slide_ranks_and_its_texts_never_overlap(browser, big_county, page_log,
                                                             width, height):  # fmt: skip
    """Issue #21: at 49 municipalities the heatmap slide piled up 49 rows of unreadable text.
    It now shows the 6 highest and 6 lowest (and the presenter's municipality where it
    ranks), with a row saying how many are left out; no two texts overlap, none is tiny."""
    url, _codes = big_county
    context, page = _make_page(browser, url, page_log, width, height)
    try:
        page.goto(url + "/presentera?bild=6&kommun=1490", wait_until="networkidle")
        assert "Efterlevnad av SOSFS" in page.inner_text("h1")
        texts = page.evaluate("""() => Array.from(
            document.querySelectorAll('.slide-figure svg.svg-heatmap text'))
            .map(t => { const b = t.getBoundingClientRect();
                        return [t.textContent, b.left, b.top, b.right, b.bottom]; })""")
        names = [t for t in texts if t[0] and not t[0].endswith("%") and "Mål" not in t[0]
                 and t[0] != "Alla" and not t[0].startswith("…")]  # fmt: skip
        gaps = [t[0] for t in texts if t[0].startswith("…")]
        assert len(names) == 13 and "▶ Borås" in [n[0] for n in names], names
        assert len(gaps) in (1, 2) and all("kommuner till" in g for g in gaps), gaps
        assert_no_overlap(texts)
        figure = page.locator(".slide-figure svg.svg-heatmap").bounding_box()
        assert all(t[1] >= figure["x"] - 0.5 for t in texts), "a name cut off at the left"
        # a projector's back row: the smallest text at least 9 px high on a 1366 screen
        if width >= 1366:
            assert min(t[4] - t[2] for t in texts) >= 9
        note = page.inner_text(".slide-side")
        assert "De 6 kommuner med högst och de 6 med lägst" in note and "av 49" in note
        if width > 500:  # a slide: nothing below the fold
            box = page.locator(".slide-figure svg.svg-heatmap").bounding_box()
            assert box["y"] + box["height"] <= height
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
        assert ticked <= 6  # min kommun and at most five of its group, not the whole group
        page.fill("#jamfor-kommuner-sok", "xyzzy")  # no match: said, not only the ticked
        assert "Ingen kommun matchar ”xyzzy”" in page.inner_text("#jamfor-kommuner-antal")
        page.fill("#jamfor-kommuner-sok", "borå")
        page.focus("#jamfor-kommuner-sok")
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


def test_jamfor_ranks_49_as_both_ends_and_mine(browser, big_county, page_log):
    """Beyond RANKING_ROWS municipalities the ranking and the heatmap (charts and tables
    alike) show the ten best, the ten worst and 'min kommun', with a row per run left out,
    also after a choice."""
    url, codes = big_county
    context, page = _make_page(browser, url, page_log, 1366, 768)
    try:
        page.goto(url + f"/jamfor?min={codes[20]}&grupp=alla&indikator=sosfs_alla",
                  wait_until="networkidle")  # fmt: skip
        for indicator in ("sosfs_alla", "sosfs_mal2"):
            if indicator != "sosfs_alla":
                page.select_option("#jamfor-indikator", indicator)
                page.wait_for_function(
                    "() => document.querySelector('#jamfor-rangordning-rubrik').textContent"
                    ".includes('mål 2')")  # fmt: skip
            names = page.eval_on_selector_all("#jamfor-rangordning svg a",
                                              "as => as.map(a => a.textContent)")  # fmt: skip
            assert len(names) in (20, 21) and sum(n.startswith("▶ ") for n in names) == 1
            chart = page.inner_text("#jamfor-rangordning")
            table = page.inner_text("#jamfor-rangordning-tabell")
            assert "kommuner till (alla i nedladdningen)" in chart
            assert table.count("kommuner till (alla i nedladdningen)") == chart.count(
                "kommuner till (alla i nedladdningen)"
            )
            assert "(min kommun)" in table
            assert "av 49 kommuner och min kommun" in page.inner_text("#jamfor-rangordning-urval")
            assert page.locator("#jamfor-rangordning-tabell tbody tr").count() < 25
        # the heatmap beside it, the same way
        rows = page.eval_on_selector_all("#jamfor-matris svg a", "as => as.map(a => a.textContent)")
        assert len(rows) in (20, 21) and sum(n.startswith("▶ ") for n in rows) == 1
        assert "kommuner till" in page.inner_text("#jamfor-matris")
        assert "av 49 kommuner och min kommun" in page.inner_text("#jamfor-matris-urval")
        assert page.locator("#jamfor-matris-tabell tbody tr").count() < 25
        page_log.assert_clean()
    finally:
        context.close()
