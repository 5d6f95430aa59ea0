"""Presenter mode: decks from URL parameters (pure), invalid parameters, slide layouts."""

from __future__ import annotations

import csv
import io
import re

import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import presenter
from dashboard.ui import export
from dashboard.ui.image_export import EXAMPLE_NOTE, image_export_buttons


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def deck(ds, **params):
    return presenter.resolve_deck(ds, params)


def test_full_deck_from_parameters(ds):
    state = deck(ds, ar="2023", indikatorer="suv_status,samordnare", kommun="0780", bild="3")
    assert state == presenter.DeckState(2023, ("suv_status", "samordnare"), "0780", 3, 2022)
    kinds = [s.kind for s in presenter.deck_slides(ds, state)]
    verdicts = len(presenter.verdict_groups(presenter.deck_progress(ds, 2023).items))
    # a goal whose delmål with the plan's follow-up text whole do not fit one slide gets two
    goals = len(presenter.goal_slides(ds, 2023))
    assert goals >= 4
    assert kinds == ["titel", "nyckeltal", "forandringar", "karta", "karta", "varmekarta",
                     *["mal"] * goals, "utveckling", *["delmal"] * verdicts,
                     "kommun"]  # fmt: skip
    slides = presenter.deck_slides(ds, state)
    assert slides[2].title == "Sedan förra mötet: 2022 → 2023"
    assert slides[3].key == "suv_status" and slides[3].title.endswith("2023")
    assert slides[-1].title == "Växjö 2023"


@pytest.mark.parametrize(
    ("ar", "sedan", "expected"),
    [("2023", None, 2022), ("2023", "2019", 2019), ("2023", "2023", 2022), ("2023", "2025", 2022),
     ("2023", "x", 2022), ("2018", "2017", None)],
)  # fmt: skip
def test_the_change_slide_compares_with_an_earlier_year(ds, ar, sedan, expected):
    state = deck(ds, ar=ar, sedan=sedan, bild="1")
    assert state.since == expected
    kinds = [s.kind for s in presenter.deck_slides(ds, state)]
    assert ("forandringar" in kinds) == (expected is not None)
    if expected is not None and expected != int(ar) - 1:  # the default is not in the URL
        assert presenter.deck_params(state)["sedan"] == str(expected)
    else:
        assert "sedan" not in presenter.deck_params(state)


def test_without_bild_is_the_setup_form_with_defaults(ds):
    state = deck(ds)
    assert state.slide is None
    assert state.year == ds.years[-1]
    assert state.indicators == presenter.DEFAULT_INDICATORS
    assert state.municipality is None
    kinds = [s.kind for s in presenter.deck_slides(ds, state)]
    assert "kommun" not in kinds and kinds.count("karta") == 2


@pytest.mark.parametrize(
    "params",
    [
        {"ar": "1066", "indikatorer": "<script>", "kommun": "9999", "bild": "abc"},
        {"ar": "", "indikatorer": "", "kommun": "", "bild": ""},
        {"ar": ["2025", "x"], "indikatorer": [",,"], "kommun": ["0780'"], "bild": "-4"},
        {"ar": "2025.0", "indikatorer": None, "kommun": None, "bild": "0"},
    ],
)
def test_invalid_parameters_fall_back_to_defaults(ds, params):
    state = presenter.resolve_deck(ds, params)
    assert state.year == ds.years[-1]
    assert state.indicators == presenter.DEFAULT_INDICATORS
    assert state.municipality is None
    assert state.slide == 1


def test_slide_number_is_clamped_to_the_deck(ds):
    count = len(presenter.deck_slides(ds, deck(ds)))
    assert deck(ds, bild="999").slide == count
    assert deck(ds, bild=str(count)).slide == count
    assert deck(ds, bild=["2", "5"]).slide == 2


def test_indicators_unique_known_and_limited(ds):
    many = ",".join(["samordnare", "samordnare", "okand", *presenter.deck_indicators(ds)["id"]])
    state = deck(ds, indikatorer=many)
    assert state.indicators[0] == "samordnare"
    assert len(state.indicators) == len(set(state.indicators)) <= presenter.MAX_MAP_SLIDES
    # repeated parameters (?indikatorer=a&indikatorer=b) arrive as a list
    assert deck(ds, indikatorer=["sosfs_alla", "suv_status"]).indicators == (
        "sosfs_alla",
        "suv_status",
    )


def test_deck_href_round_trips(ds):
    state = deck(ds, ar="2024", indikatorer="sosfs_mal1,samordnare", kommun="0764", bild="4")
    href = presenter.deck_href(state, state.slide)
    assert href == "/presentera?ar=2024&indikatorer=sosfs_mal1,samordnare&kommun=0764&bild=4"
    query = dict(part.split("=") for part in href.split("?")[1].split("&"))
    assert presenter.resolve_deck(ds, query) == state
    assert "bild" not in presenter.deck_href(state)


def test_subgoal_lines_cover_every_delmal(ds):
    for goal_id in ds.plan.goals["id"]:
        lines = presenter.subgoal_lines(ds, goal_id, ds.years[-1])
        assert [line.subgoal_id for line in lines] == list(
            ds.plan.subgoals[ds.plan.subgoals["goal_id"] == goal_id]["id"]
        )
        assert all(line.status for line in lines)


def test_slides_draw_the_pages_chart_modules(ds, dash_app):
    """One implementation per chart type: the map, heatmap and profile slides hold the SVG
    the pages' modules write (no plotly figure), and the list beside the map is ranked."""
    from dash import dcc

    from dashboard import domain
    from dashboard.charts.svg_heatmap import compliance_heatmap_svg
    from dashboard.domain.comparison import heatmap_matrix
    from dashboard.pages import presentera
    from dashboard.ui.html_block import HtmlBlock

    state = deck(ds, kommun="0780", bild="1")
    slides = presenter.deck_slides(ds, state)
    for number, slide in enumerate(slides, start=1):
        shown = presentera.layout(ar=str(state.year), kommun="0780", bild=str(number))
        found = list(walk(shown))
        assert not [c for c in found if isinstance(c, dcc.Graph)], slide.kind
        blocks = {
            c.id: c.html for c in found if isinstance(c, HtmlBlock) and getattr(c, "id", None)
        }
        if slide.kind == presenter.KIND_MAP:
            assert '<svg class="svg-map"' in blocks["presentera-karta"]
            assert 'class="map-legend"' in blocks["presentera-karta"]
            table = next(c.html for c in found if isinstance(c, HtmlBlock) and "slide-table"
                         in c.html)  # fmt: skip
            frame = domain.snapshot(ds, slide.key, state.year)
            ranked = frame.sort_values("score", ascending=False, na_position="last",
                                       kind="stable")  # fmt: skip
            positions = [table.index(f">{name}<") for name in ranked["name"]]
            assert positions == sorted(positions)
        if slide.kind == presenter.KIND_HEATMAP:
            svg = blocks["presentera-varmekarta"]
            assert svg.startswith('<svg class="svg-chart svg-heatmap"')
            label = svg.split('aria-label="', 1)[1].split('"', 1)[0]
            # the deck's municipality marked, as on Jämför (all eight rows: Kronoberg fits)
            assert svg == compliance_heatmap_svg(heatmap_matrix(ds, state.year), label,
                                                 mine=state.municipality)  # fmt: skip
        if slide.kind == presenter.KIND_MUNICIPALITY:
            svg = blocks["presentera-kommundiagram"]
            assert 'class="svg-chart svg-bars"' in svg
            # the legend's swatches are the bars' own fills (plotly drew them as white squares)
            assert 'fill="url(#bild-snitt)"' in svg and 'fill="url(#bild-grupp)"' in svg


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def test_every_slide_renders(ds, dash_app):
    from dashboard.pages import presentera

    state = deck(ds, kommun="0761", bild="1")
    for number in range(1, len(presenter.deck_slides(ds, state)) + 1):
        shown = presentera.layout(ar=str(state.year), kommun="0761", bild=str(number))
        assert shown.id == "presentera-deck"
    header = presentera.layout().children[0]  # page_header: plain HTML
    assert "<h1" in header.html and ">Presentera</h1>" in header.html


def test_deck_download_holds_the_map_values(ds, dash_app):  # the app registers the builder
    body, mimetype, filename = export.render(
        "presentera", "csv", {"ar": "2022", "indikatorer": "samordnare,suv_status"}
    )
    assert filename.startswith("presentation-2022")
    lines = body.decode("utf-8-sig").split("\r\n")
    table = list(csv.reader(io.StringIO("\r\n".join(lines[lines.index("") + 1 :])), delimiter=";"))
    assert table[0] == ["Kommun", "Kommunkod", "Samordnare 2022", "SUV 2022", "Exempeldata"]
    assert len([r for r in table[1:] if r]) == len(ds.municipalities)


def test_image_export_buttons_are_named_buttons():
    box = image_export_buttons("x-graf", "Titel", "Källa: X", True, title_from="x-rubrik")
    buttons = re.findall(r"<button ([^>]*)>([^<]*)</button>", box.html)  # plain HTML
    assert [text for _, text in buttons] == ["PNG", "SVG"]
    for attributes, text in buttons:
        props = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        assert props["type"] == "button"
        assert props["aria-label"].startswith(text)  # label in name
        assert props["data-export-graph"] == "x-graf"
        assert props["data-export-note"] == EXAMPLE_NOTE
        assert props["data-export-title-from"] == "x-rubrik"


def test_rank_window_keeps_both_ends_and_the_chosen_one():
    """Issue #21: a slide ranks and summarises instead of piling up 49 or 290 rows."""
    items = [f"k{i:03d}" for i in range(290)]
    assert presenter.rank_window(items[:12]) == items[:12]  # a county that fits: all of it
    window = presenter.rank_window(items)
    assert window == [*items[:6], presenter.Skipped(278), *items[-6:]]
    assert presenter.Skipped(278).text == "278 kommuner till"
    kept = presenter.rank_window(items, keep="k100")
    assert kept == [*items[:6], presenter.Skipped(94), "k100", presenter.Skipped(183),
                    *items[-6:]]  # fmt: skip
    # the chosen one at an end, or not in the list: no extra row
    assert presenter.rank_window(items, keep="k002") == window
    assert presenter.rank_window(items, keep="9999") == window
    # every item is either shown or counted, once
    for limit in (2, 5, 12, 289):
        shown = presenter.rank_window(items, limit, keep="k150")
        counted = sum(r.count if isinstance(r, presenter.Skipped) else 1 for r in shown)
        assert counted == len(items)


def test_heatmap_slide_draws_the_window_with_a_row_per_gap(ds):
    import xml.etree.ElementTree as ET

    from dashboard.charts.svg_heatmap import compliance_heatmap_svg
    from dashboard.domain import comparison

    matrix = comparison.heatmap_matrix(ds, 2025)
    codes = list(matrix.drop_duplicates("code").sort_values("row_order")["code"])
    window = presenter.rank_window(codes, limit=4, keep=codes[3])
    root = ET.fromstring(compliance_heatmap_svg(matrix, "Värmekarta", mine=codes[3],
                                                window=window))  # fmt: skip
    ns = "{http://www.w3.org/2000/svg}"
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    names = dict(zip(matrix["code"], matrix["name"], strict=False))
    shown = (
        [names[c] for c in codes[:2]] + ["▶ " + names[codes[3]]] + [names[c] for c in codes[-2:]]
    )
    assert [t for t in texts if t.lstrip("▶ ") in names.values()] == shown
    gaps = [t for t in texts if t.startswith("…")]
    assert gaps == ["… 1 kommun till …", "… 2 kommuner till …"]


def test_a_criterions_map_slide_draws_riket_and_a_number_map_writes_it(ds, app):
    """Riket on the map slide (#34 item 8): a criterion's national value is the share of the
    country's municipalities that meet it, drawn as a strip beside the county's share; an
    indicator without a national value keeps its sentence."""
    from dashboard.pages import presentera

    state = presenter.resolve_deck(ds, {"ar": "2025", "indikatorer": "krit_2_3"})
    body, source = presentera.map_slide(ds, state, "krit_2_3")
    text = str(body)
    assert "slide-riket" in text and 'data-role="riket"' in text
    assert "Riket 2024: 37" in text and "Länet 2025: 57" in text
    assert "Riket" in source
    body, _ = presentera.map_slide(ds, presenter.resolve_deck(ds, {"ar": "2025"}), "samordnare")
    assert "slide-riket" not in str(body) and "slide-national" in str(body)
