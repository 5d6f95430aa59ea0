"""Kommun and Jämför in headless Chromium: profiles, comparisons, URL state, downloads."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import export_table
from dashboard.domain.formatting import parse_shown
from dashboard.ui import export
from tests.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

# The charts are SVG from the server: the matrix's and the ranking's row labels are the
# right-aligned texts, a trend chart's series are named in its legend.
# Row names: plain text, or text in a link to the municipality's page (Jämför).
HEAT_ROWS = """() => Array.from(document.querySelectorAll(
    '#jamfor-matris svg.svg-heatmap > text[text-anchor=end], '
    + '#jamfor-matris svg.svg-heatmap > a > text[text-anchor=end]')).map(t => t.textContent)"""
SVG_ROWS = """sel => Array.from(document.querySelectorAll(
    sel + ' svg > text[text-anchor=end], ' + sel + ' svg > a > text[text-anchor=end]'))
    .map(t => t.textContent)"""
# The legend of the chart on screen (a chart may be sent in two layouts, one of them hidden).
LEGEND = """sel => Array.from(document.querySelectorAll(sel + ' svg .legend-item text'))
    .filter(t => t.getClientRects().length).map(t => t.textContent)"""
SVG_LABEL = "sel => document.querySelector(sel + ' svg').getAttribute('aria-label')"


# Per sideways-scrolling region: its table's id (or its name), how many pixels are hidden,
# and whether the "kan rullas i sidled" line shows above it.
SCROLL_HINTS = """() => Array.from(document.querySelectorAll('#main [role=region][tabindex]')).map(
    r => [(r.querySelector('table') || {}).id || r.getAttribute('aria-label'),
          r.scrollWidth - r.clientWidth,
          r.hasAttribute('data-scrolls') &&
            getComputedStyle(r, '::before').content.includes('kan rullas i sidled')])"""


def assert_wide_tables_say_so(page) -> None:
    page.wait_for_timeout(200)  # ResizeObserver reports after layout
    for name, extra, hint_shown in page.evaluate(SCROLL_HINTS):
        assert hint_shown == (extra > 1), f"{name}: {extra} px hidden, hint shown: {hint_shown}"


def open_page(page, base_url: str, path: str) -> None:
    """Open the page and, as a reader scrolling down would, have every chart drawn (charts
    below the first screen are drawn when they come near it: components.deferred_graph)."""
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_selector("#main h1")
    page.wait_for_function("() => !document.querySelector('.deferred-content:empty')")
    boxes = page.locator(".deferred-graph")
    for i in range(boxes.count()):
        boxes.nth(i).scroll_into_view_if_needed()
        boxes.nth(i).locator(".js-plotly-plot").wait_for()
    page.evaluate("window.scrollTo(0, 0)")


def municipalities() -> list[tuple[str, str]]:
    ds = get_dataset()
    return list(zip(ds.municipalities["code"], ds.municipalities["name"], strict=True))


def table_rows(page, selector: str) -> list[list[str]]:
    return page.evaluate(
        """sel => Array.from(document.querySelectorAll(sel + ' tr')).map(
            tr => Array.from(tr.children).map(c => c.innerText.trim()))""",
        selector,
    )


def legend_names(page, selector: str) -> list[str]:
    return page.evaluate(LEGEND, selector)


def wait_for_legend(page, selector: str, name: str) -> None:
    page.wait_for_function(f"() => ({LEGEND})({selector!r}).includes({name!r})")


def parse_csv(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    blank = rows.index([])
    return rows[blank + 1 :]


@pytest.mark.parametrize("code,name", municipalities())
def test_each_municipality_profile_renders(page, base_url, page_log, code, name):
    open_page(page, base_url, f"/kommun/{code}")
    assert page.inner_text("#main h1") == f"{name} kommun"
    page.wait_for_selector("#kommun-malomraden svg.svg-bars")
    page.wait_for_selector("#kommun-utveckling svg.svg-lines")
    assert legend_names(page, "#kommun-utveckling")[-1] == name  # bold, not '(min kommun)'
    assert page.locator("#main h1").count() == 1
    text = page.inner_text("#main")
    for heading in ("Efterlevnad av SOSFS 2014:4 per mål i planen", "Kriterier i SOSFS 2014:4",
                    "Nyckeltal och placering", "Utveckling över tid", "Liknande kommuner"):  # fmt: skip
        assert heading in text
    assert any(s in text for s in ("Uppfyllt", "Ej uppfyllt", "Delvis uppfyllt"))
    assert "Placering i länet" in text
    # Compliance chart: the municipality, the county mean and the group mean.
    names = page.eval_on_selector_all(
        "#kommun-malomraden svg text.legend-item", "els => els.map(e => e.textContent)"
    )
    assert names == [name, "Länssnitt", "Liknande kommuner, snitt"]
    page_log.assert_clean()


def test_profile_links_gaps_to_subgoals_and_year_changes(page, base_url, page_log):
    open_page(page, base_url, "/kommun/0760?ar=2025")
    links = page.locator(".gap-list a")
    assert links.count() >= 1
    href = links.first.get_attribute("href")
    assert href.startswith("/strategi/") and href.count("/") == 3
    before = page.inner_text("#kommun-nyckeltal-tabell")
    page.select_option("#kommun-ar", "2019")
    page.wait_for_function(
        "() => document.querySelector('#kommun-nyckeltal-tabell caption').innerText"
        ".includes('2019')"
    )
    assert page.inner_text("#kommun-nyckeltal-tabell") != before
    assert "ar=2019" in page.evaluate("location.search")
    page.select_option("#kommun-indikator", "suv_status")
    page.wait_for_function(
        "() => document.querySelector('#kommun-utveckling-tabell caption').innerText"
        ".includes('Systematisk')"
    )
    assert "indikator=suv_status" in page.evaluate("location.search")
    assert "SUV" in page.evaluate(SVG_LABEL, "#kommun-utveckling")
    page.select_option("#kommun-indikator", "sosfs_alla")
    page.wait_for_function(
        "() => document.querySelector('#kommun-utveckling-figur .chart-title').innerText"
        ".includes('alla mål')"
    )
    assert "SOSFS alla" not in page.inner_text("#kommun-utveckling-figur")
    assert "alla mål" in page.evaluate(SVG_LABEL, "#kommun-utveckling")
    page_log.assert_clean()


def test_unknown_municipality_lists_the_real_ones(page, base_url, page_log):
    open_page(page, base_url, "/kommun/9999")
    assert "Kommunen finns inte" in page.inner_text("#main h1")
    hrefs = page.eval_on_selector_all(
        "#main .municipality-links a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert sorted(hrefs) == sorted(f"/kommun/{c}" for c, _ in municipalities())
    page.click("#main .municipality-links >> text=Växjö")
    page.wait_for_url(base_url + "/kommun/0780")
    page.wait_for_selector("text=Växjö kommun")
    # the helpful page comes with status 404 (issue #19); nothing else failed
    page_log.expect_not_found(f"{base_url}/kommun/9999")
    page_log.assert_clean()


def test_jamfor_controls_update_heatmap_ranking_and_trends(page, base_url, page_log):
    open_page(page, base_url, "/jamfor")
    page.wait_for_selector("#jamfor-matris svg.svg-heatmap")
    assert page.locator("#jamfor-matris .js-plotly-plot").count() == 0
    heat_rows = page.evaluate(HEAT_ROWS)
    assert len(heat_rows) == 8

    page.select_option("#jamfor-indikator", "samordnare_antal")
    page.wait_for_function(
        "() => document.querySelector('#jamfor-rangordning-rubrik').innerText"
        ".includes('Antal samordnare')"
    )
    assert len(page.evaluate(SVG_ROWS, "#jamfor-rangordning")) == 8
    assert "Antal samordnare" in page.evaluate(SVG_LABEL, "#jamfor-rangordning")
    assert "indikator=samordnare_antal" in page.evaluate("location.search")

    # Min kommun + similar size: heatmap and ranking shrink to the group, Växjö highlighted.
    page.select_option("#jamfor-min", "0780")
    page.get_by_label("Kommuner av liknande storlek").check()
    page.wait_for_function(f"() => ({HEAT_ROWS})().length === 3")
    assert "▶ Växjö" in page.evaluate(HEAT_ROWS)
    page.wait_for_function(f"() => ({SVG_ROWS})('#jamfor-rangordning').length === 3")
    assert "▶ Växjö" in page.evaluate(SVG_ROWS, "#jamfor-rangordning")
    assert "Växjö (min kommun)" in page.inner_text("#jamfor-rangordning-tabell")

    page.get_by_label("Tingsryd").check()
    wait_for_legend(page, "#jamfor-utveckling", "Tingsryd")
    assert "Tingsryd" in page.inner_text("#jamfor-utveckling-tabell")
    search = page.evaluate("location.search")
    assert "min=0780" in search and "grupp=storlek" in search and "0763" in search
    page_log.assert_clean()


def test_copied_url_restores_the_view(page, base_url, page_log):
    path = "/jamfor?indikator=suv_status&ar=2022&kommuner=0760,0761,0780&min=0780&grupp=storlek"
    open_page(page, base_url, path)
    page.wait_for_selector("#jamfor-utveckling .chart-wide svg.svg-lines")
    assert page.input_value("#jamfor-indikator") == "suv_status"
    assert page.input_value("#jamfor-ar") == "2022"
    assert page.input_value("#jamfor-min") == "0780"
    assert page.is_checked("#jamfor-grupp input[value='storlek']")
    names = legend_names(page, "#jamfor-utveckling")
    assert names[-3:] == ["Lessebo", "Uppvidinge", "Växjö (min kommun)"]  # county order
    assert "SUV 2022" in page.inner_text("#jamfor-rangordning-rubrik")
    assert len(page.evaluate(SVG_ROWS, "#jamfor-rangordning")) == 3
    page_log.assert_clean()


def test_invalid_params_fall_back_to_defaults(page, base_url, page_log):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(
        page, base_url,
        "/jamfor?ar=1066&indikator=%3Cscript%3Ealert(1)%3C/script%3E&kommuner=abc&min=x&grupp=y",
    )  # fmt: skip
    page.wait_for_selector("#jamfor-rangordning svg.svg-ranking-bars")
    ds = get_dataset()
    assert page.input_value("#jamfor-ar") == str(ds.years[-1])
    assert page.input_value("#jamfor-indikator") == "sosfs_alla"
    assert page.input_value("#jamfor-min") == "ingen"
    # The empty choice is a visible, named option, not a blank box.
    assert page.eval_on_selector("#jamfor-min", "s => s.options[s.selectedIndex].text") == (
        "Ingen vald"
    )
    assert page.is_checked("#jamfor-grupp input[value='alla']")
    assert "<script>" not in page.inner_text("#main")
    assert not dialogs
    open_page(page, base_url, "/kommun/0780?ar=abc&indikator=%3Cscript%3E")
    assert page.input_value("#kommun-ar") == str(ds.years[-1])
    assert page.input_value("#kommun-indikator") == "sosfs_alla"
    assert not dialogs
    page_log.assert_clean()


@pytest.mark.parametrize(
    "path,block",
    [
        (
            "/jamfor?indikator=samordnare&ar=2021&min=0761&grupp=storlek",
            "#jamfor-rangordning-block",
        ),
        ("/jamfor?ar=2020&min=0780", "#jamfor-matris-block"),
        ("/jamfor?indikator=sosfs_mal2&kommuner=0760,0780", "#jamfor-utveckling-block"),
        ("/kommun/0763?ar=2023", "section:has(#kommun-nyckeltal-tabell)"),
        ("/kommun/0763?ar=2023&indikator=samordnare", "#kommun-utveckling-block"),
    ],
)
def test_downloads_hold_what_the_view_shows(page, base_url, page_log, path, block):
    open_page(page, base_url, path)
    page.wait_for_selector(f"{block} table")
    links = page.locator(f"{block} .download-links a")
    csv_href = links.nth(0).get_attribute("href")
    xlsx_href = links.nth(1).get_attribute("href")
    shown = [row for row in table_rows(page, f"{block} table") if row]  # caption: no cells

    response = page.request.get(base_url + csv_href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert "Exempeldata" in response.text()
    rows = parse_csv(response.body())
    flag = rows[0].index("Exempeldata")
    assert all(r[flag] == "Ja" for r in rows[1:] if r)
    # after it only the download's own columns: each row's unit, why a value is missing
    assert set(rows[0][flag + 1 :]) <= {export.UNIT_COLUMN, export.NOTE_COLUMN}
    # On screen: short headers ('Mål 1', 'Andel'); every row is example data, so the
    # caption says it once instead of a column. The download keeps both in full.
    assert "exempeldata" in page.inner_text(f"{block} caption")
    assert flag >= len(shown[0])  # and columns to calculate with (#34: counts, placings)
    assert_holds_what_is_shown([r[:flag] for r in rows if r], shown, path)

    response = page.request.get(base_url + xlsx_href)
    assert response.ok
    book = openpyxl.load_workbook(io.BytesIO(response.body()))
    sheet_rows = [
        ["" if v is None else v for v in row] for row in book["Data"].iter_rows(values_only=True)
    ]
    assert sheet_rows[0][flag] == "Exempeldata"
    assert_holds_what_is_shown([r[:flag] for r in sheet_rows], shown, path)
    about = dict(book["Om uttaget"].iter_rows(min_row=2, values_only=True))
    assert "Exempeldata" in about
    page_log.assert_clean()


def same_value(downloaded: object, shown: str) -> bool:
    """A download holds what the table shows, numbers as numbers (issue #19): '87 %' on
    screen is 87 in the file, '19 830' is 19830, a missing value an empty cell."""
    number = parse_shown(shown)
    if number is not None:
        text = str(downloaded).replace(",", ".")
        return text != "" and float(text) == number.value
    if downloaded == "" and export.NOT_A_VALUE.match(shown):
        return True
    return str(downloaded) == shown


COUNT = re.compile(r"^(\d+) av (\d+)(?:: (.+))?$")


def in_row(row: list, text: str) -> bool:
    """A value shown is somewhere in the download's row: as one cell, or (a count '4 av 8:
    Ja', which a download splits into numbers to calculate with) as its parts."""

    def same(cell: object) -> bool:
        try:
            return same_value(cell, text)
        except ValueError:  # a text cell beside a number shown
            return False

    if any(same(cell) for cell in row):
        return True
    rank, _, _ = export_table.placing_parts(text)  # 'delad 1:a' is 1 beside 'Delad placering'
    if rank is not None:
        return any(str(cell) == str(rank) for cell in row)
    count = COUNT.match(text.replace("\u00a0", " "))
    return bool(count) and all(
        any(str(cell) == part for cell in row) for part in count.groups() if part is not None
    )


def assert_holds_what_is_shown(rows: list[list], shown: list[list[str]], path: str) -> None:
    """Every column shown is in the download under its name (or its name with a unit),
    value for value; a column the screen writes in a short form or as a count the download
    splits (#34: a download is for calculating) is found in the row instead."""
    header, *body = rows
    body = [r for r in body if any(v != "" for v in r)]
    assert len(body) == len(shown) - 1
    for j, name in enumerate(shown[0]):
        same = [i for i, h in enumerate(header) if h == name or str(h).startswith(f"{name} (")]
        for row, on_screen in zip(body, shown[1:], strict=True):
            text = on_screen[j]
            if name == "År" and text.endswith(" (ny definition)"):  # the download: a column
                assert "Ny definition" in row, (row, text)
                text = text.removesuffix(" (ny definition)")
            rests_on = re.search(r" \((\d+)(?: av \d+)? kommuner\)$", text)
            if rests_on:  # a mean's count (#31): the download has it as a number of its own
                assert rests_on[1] in [str(v) for v in row], (row, text)
                text = text[: rests_on.start()]
            # under its own name, or moved into columns to calculate with (a status beside
            # numbers, a count, a shared placing): then somewhere in the row
            assert (same and same_value(row[same[0]], text)) or in_row(row, text), (
                name, row, text)  # fmt: skip


def _section_shots(page, name: str) -> None:
    """Each section on its own, at full resolution, for a person to look at on a phone."""
    sections = page.locator("#main section")
    for i in range(sections.count()):
        sections.nth(i).screenshot(path=str(ARTIFACTS / f"{name}-section{i + 1}.png"))


def test_screenshots_desktop_and_phone(page, phone_page, base_url, page_log):
    for target, suffix in ((page, "desktop"), (phone_page, "phone")):
        open_page(target, base_url, "/jamfor?min=0763&grupp=storlek")
        target.wait_for_selector("#jamfor-utveckling svg.svg-lines:visible")
        screenshot(target, f"compare-jamfor-{suffix}")
        if suffix == "phone":
            _section_shots(target, "compare-jamfor-phone")
        width = target.evaluate("document.documentElement.scrollWidth")
        assert width <= target.viewport_size["width"], "the page scrolls sideways"
        open_page(target, base_url, "/kommun/0760")
        target.wait_for_selector("#kommun-utveckling svg.svg-lines")
        screenshot(target, f"compare-kommun-{suffix}")
        if suffix == "phone":
            _section_shots(target, "compare-kommun-phone")
            target.locator("#main header").screenshot(
                path=str(ARTIFACTS / "compare-kommun-phone-top.png")
            )
        width = target.evaluate("document.documentElement.scrollWidth")
        assert width <= target.viewport_size["width"], "the page scrolls sideways"
    page_log.assert_clean()


def test_min_kommun_preselects_the_trend_and_a_manual_choice_still_works(page, base_url,
                                                                         page_log):  # fmt: skip
    open_page(page, base_url, "/jamfor")
    page.wait_for_selector("#jamfor-utveckling .chart-wide svg.svg-lines")
    page.select_option("#jamfor-min", "0763")  # Tingsryd
    page.get_by_label("Kommuner av liknande storlek").check()
    wait_for_legend(page, "#jamfor-utveckling", "Tingsryd (min kommun)")
    checked = page.eval_on_selector_all(
        "#jamfor-kommuner input:checked", "els => els.map(e => e.value)"
    )
    assert sorted(checked) == ["0760", "0761", "0763", "0767"]  # Tingsryd and its group
    names = legend_names(page, "#jamfor-utveckling")
    assert names[-4:] == ["Lessebo", "Markaryd", "Tingsryd (min kommun)", "Uppvidinge"]
    assert not {"Alvesta", "Ljungby"} & set(names)
    assert "kommuner=0761%2C0767%2C0763%2C0760" in page.evaluate("location.search")

    # A manual choice afterwards wins, and the URL keeps it.
    page.get_by_label("Markaryd").uncheck()
    page.get_by_label("Växjö").check()
    wait_for_legend(page, "#jamfor-utveckling", "Växjö")
    assert "Markaryd" not in legend_names(page, "#jamfor-utveckling")
    search = page.evaluate("location.search")
    assert "kommuner=0761%2C0763%2C0760%2C0780" in search
    open_page(page, base_url, "/jamfor" + search)
    page.wait_for_selector("#jamfor-utveckling .chart-wide svg.svg-lines")
    assert page.is_checked("#jamfor-kommuner input[value='0780']")
    assert not page.is_checked("#jamfor-kommuner input[value='0767']")
    page_log.assert_clean()


def test_form_groups_are_fieldsets_and_radios_one_group(page, base_url, page_log):
    open_page(page, base_url, "/jamfor")
    legends = page.eval_on_selector_all(
        "#main fieldset > legend", "els => els.map(e => e.innerText)"
    )
    assert legends == ["Jämför med", "Kommuner att jämföra"]
    assert page.locator("fieldset:has(> legend) #jamfor-kommuner").count() == 1
    names = page.eval_on_selector_all("#jamfor-grupp input", "els => els.map(e => e.name)")
    assert len(names) == 2 and names[0] and len(set(names)) == 1
    # One tab stop; arrow keys move between the radios.
    page.focus("#jamfor-grupp input[value='alla']")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#jamfor-grupp input[value='storlek']")
    page_log.assert_clean()


def test_ranking_labels_tables_fit_and_names_are_readable(page, phone_page, base_url, page_log):
    open_page(page, base_url, "/jamfor?min=0763&grupp=storlek")
    page.wait_for_selector("#jamfor-rangordning svg.svg-ranking-bars")
    scope = page.inner_text("#jamfor-scope")
    assert "jämförs med Lessebo, Markaryd och Uppvidinge" in scope
    assert "Tingsryd" not in scope.split("jämförs med")[1]
    ticks = page.eval_on_selector_all(
        "#jamfor-rangordning svg > text[text-anchor=middle]", "els => els.map(e => e.textContent)"
    )
    assert ticks[-1] == "100\u00a0%"  # a share's axis stops at 100 %
    # Every value label lies within the chart and clear of the names.
    boxes = page.evaluate(
        """() => { const svg = document.querySelector('#jamfor-rangordning svg');
        const box = svg.getBoundingClientRect();
        const names = Array.from(svg.querySelectorAll(':scope > text[text-anchor=end]'));
        const right = Math.max(...names.map(n => n.getBoundingClientRect().right));
        return Array.from(svg.querySelectorAll('g:not(.legend-item) > text')).map(t => {
            const r = t.getBoundingClientRect();
            return [t.textContent, r.left >= right, r.right <= box.right + 0.5]; }); }"""
    )
    assert len(boxes) == 4 and all(inside and clear for _, clear, inside in boxes), boxes
    means = page.evaluate(LEGEND, "#jamfor-rangordning")  # the two mean lines, with values
    assert [m.split(": ")[0] for m in means] == ["Länssnitt", "Liknande kommuner"]
    # the county's mean says how many municipalities it rests on (#31)
    assert means[0].endswith("\u00a0% (8 kommuner)") and means[1].endswith("\u00a0%"), means
    assert "SOSFS alla" not in page.inner_text("#main")
    assert "Efterlevnad av SOSFS 2014:4, alla" in page.inner_text("#jamfor-rangordning-rubrik")
    trend_title = page.inner_text("#jamfor-utveckling-rubrik")
    assert "SOSFS alla" not in trend_title and "alla mål" in trend_title
    for table_id, extra, hint_shown in page.evaluate(SCROLL_HINTS):
        assert extra <= 0, f"{table_id} is cut off on a desktop"
        assert not hint_shown, f"{table_id}: the phone hint shows on a desktop"
    headers = table_rows(page, "#jamfor-matris-tabell")[0]
    # the fixture county's 2025 has unassessed criteria: their count is a column of its own
    assert headers == ["Kommun", "Mål 1", "Mål 2", "Mål 3", "Mål 4", "Alla", "Ej bedömda kriterier"]
    assert "Mål 1 = förebyggande arbete" in page.inner_text("#jamfor-matris-tabell caption")

    open_page(phone_page, base_url, "/jamfor?min=0763&grupp=storlek")
    phone_page.wait_for_selector("#jamfor-utveckling-tabell")
    assert_wide_tables_say_so(phone_page)
    page_log.assert_clean()


@pytest.mark.parametrize("path", ["/kommun/0780", "/strategi/2", "/jamfor?min=0763&grupp=storlek"])
def test_tables_wider_than_a_phone_say_they_scroll(phone_page, page, base_url, page_log, path):
    open_page(phone_page, base_url, path)
    phone_page.mouse.wheel(0, 20_000)  # the sections below the first screen too
    phone_page.wait_for_timeout(500)
    hints = phone_page.evaluate(SCROLL_HINTS)
    assert_wide_tables_say_so(phone_page)
    if path.startswith("/kommun"):  # the key figures do not fit a phone: the case to cover
        assert any(shown for _, _, shown in hints)
    open_page(page, base_url, path)
    assert_wide_tables_say_so(page)
    page_log.assert_clean()


def test_the_trend_chart_draws_exactly_what_is_ticked_in_stable_colours(page, base_url,
                                                                         page_log):  # fmt: skip
    """Issue #19: ticking six drew four, unticking to one still drew the three defaults, and
    a municipality's colour changed with the selection."""
    open_page(page, base_url, "/jamfor")
    page.wait_for_selector("#jamfor-utveckling .chart-wide svg.svg-lines")

    def drawn():
        return page.eval_on_selector_all(
            "#jamfor-utveckling .chart-wide g.trend-line",
            "gs => gs.map(g => [g.dataset.code, g.querySelector('polyline, circle, polygon')"
            ".getAttribute('stroke') || g.querySelector('circle, polygon').getAttribute('fill')])",
        )

    def ticked():
        return sorted(page.eval_on_selector_all(
            "#jamfor-kommuner input:checked", "els => els.map(e => e.value)"))  # fmt: skip

    colours = dict(drawn())
    for name in ("Markaryd", "Tingsryd", "Uppvidinge", "Växjö", "Älmhult"):
        page.get_by_label(name).check()
    page.wait_for_function("document.querySelectorAll('#jamfor-utveckling .chart-wide g.trend-line')"
                           ".length === 8")  # fmt: skip
    assert sorted(code for code, _ in drawn()) == ticked()
    everyone = dict(drawn())
    assert all(everyone[code] == colour for code, colour in colours.items())  # kept
    assert len(set(everyone.items())) == 8

    for name in ("Alvesta", "Lessebo", "Markaryd", "Tingsryd", "Uppvidinge", "Växjö", "Älmhult"):
        page.get_by_label(name).uncheck()
    page.wait_for_function("document.querySelectorAll('#jamfor-utveckling .chart-wide g.trend-line')"
                           ".length === 1")  # fmt: skip
    assert [code for code, _ in drawn()] == ticked() == ["0781"]  # Ljungby alone
    assert dict(drawn())["0781"] == everyone["0781"]
    page.get_by_label("Ljungby").uncheck()
    page.wait_for_function("document.querySelectorAll('#jamfor-utveckling .chart-wide g.trend-line')"
                           ".length === 0")  # fmt: skip
    assert "Välj en eller flera kommuner" in page.inner_text("#jamfor-kommuner-note")
    assert "Länssnitt" in page.inner_text("#jamfor-utveckling")  # the reference line stays
    page_log.assert_clean()


def test_matrix_rows_and_ranking_bars_link_to_the_municipality(page, base_url, page_log):
    open_page(page, base_url, "/jamfor?ar=2024")
    page.wait_for_selector("#jamfor-rangordning svg a.chart-link")
    ranking = page.eval_on_selector_all(
        "#jamfor-rangordning svg a.chart-link", "as => as.map(a => a.getAttribute('href'))"
    )
    matrix = page.eval_on_selector_all(
        "#jamfor-matris svg a.chart-link", "as => as.map(a => a.getAttribute('href'))"
    )
    expected = sorted(f"/kommun/{c}?ar=2024" for c, _ in municipalities())
    assert sorted(ranking) == expected and sorted(matrix) == expected
    page.click("#jamfor-rangordning svg a.chart-link[href='/kommun/0781?ar=2024']")
    page.wait_for_url(base_url + "/kommun/0781?ar=2024")
    page.wait_for_selector("text=Ljungby kommun")
    page_log.assert_clean()


def test_a_click_on_a_trend_legend_entry_unticks_the_municipality(page, base_url, page_log):
    open_page(page, base_url, "/jamfor?kommuner=0764,0761,0781")
    page.wait_for_selector("#jamfor-utveckling .chart-wide .legend-item[data-code='0761']")
    page.click("#jamfor-utveckling .chart-wide .legend-item[data-code='0761']")
    page.wait_for_function("document.querySelectorAll('#jamfor-utveckling .chart-wide g.trend-line')"
                           ".length === 2")  # fmt: skip
    assert not page.is_checked("#jamfor-kommuner input[value='0761']")
    assert "0761" not in page.evaluate("location.search")
    # the means' entries are not toggles
    assert page.locator("#jamfor-utveckling .chart-wide .legend-item:not([data-code])").count() >= 1
    page_log.assert_clean()
