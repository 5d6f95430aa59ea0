"""The county map's colouring and legend (charts.map.colouring) as the SVG map draws them
(charts.svg_map), on the pages and, at slide size, on the presenter's slides."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dashboard import domain
from dashboard.charts import MISSING_COLOR
from dashboard.charts.colours import YES, scale_for
from dashboard.charts.map import colouring
from dashboard.charts.svg_map import county_svg, legend_html
from dashboard.data.loader import get_dataset
from dashboard.domain import overview
from dashboard.domain.formatting import MISSING
from tests.conftest import without_value

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def build(ds, indicator_id, year, mutate=None):
    """(colouring, parsed SVG map, legend HTML) for an indicator and year."""
    state = overview.OverviewState(indicator_id, year, "kommun")
    frame = overview.overview_frame(ds, state)
    if mutate:
        frame = mutate(frame)
    ind = domain.indicator(ds, indicator_id)
    paint = colouring(frame, scale_for(ds, indicator_id))
    markup = county_svg(ds.geojson, paint, year=year, label="Karta",
                        href=lambda code: f"/kommun/{code}")  # fmt: skip
    return paint, ET.fromstring(markup), legend_html(paint, ind["short_name"])


def fills(root) -> dict[str, str]:
    return {a.get("data-kommun"): a.find(f"{SVG}path").get("fill") for a in root.iter(f"{SVG}a")}


def test_every_municipality_drawn_once(ds):
    _, root, _ = build(ds, "suv_status", 2022)
    codes = [a.get("data-kommun") for a in root.iter(f"{SVG}a")]
    assert sorted(codes) == sorted(ds.municipalities["code"])
    labels = [t.text for t in root.find(f"{SVG}g[@class='svg-map-labels']")]
    assert sorted(labels) == sorted(ds.municipalities["name"])


def test_legend_lists_every_step_in_order_even_unused(ds):
    paint, _, legend = build(ds, "suv_status", 2019)  # no municipality is at 'I bruk' in 2019
    steps = ["Ej påbörjat", "Planering", "Införande", "I bruk"]
    assert [label for label, _ in paint.legend] == steps
    assert [legend.index(s) for s in steps] == sorted(legend.index(s) for s in steps)


def test_categories_get_swedish_legend_and_yes_no_colours(ds):
    paint, root, legend = build(ds, "samordnare", 2018)
    assert {label for label, _ in paint.legend} <= {"Ja", "Nej", MISSING}
    yes = set(paint.frame.loc[paint.frame["raw"] == "ja", "code"])
    assert yes and all(fills(root)[code] == YES for code in yes)
    assert f"background-color:{YES}" in legend


def test_missing_value_is_grey_and_named(ds):
    for indicator_id in ("samordnare", "sosfs_mal1"):
        paint, root, legend = build(ds, indicator_id, 2025, without_value)
        filled = fills(root)
        assert sorted(filled) == sorted(ds.municipalities["code"])
        assert [c for c, f in filled.items() if f.startswith("url(#uppgift-saknas")] == ["0780"]
        assert (MISSING, MISSING_COLOR) in paint.legend and MISSING in legend


def test_hover_has_value_change_and_source(ds):
    _, root, _ = build(ds, "sosfs_mal2", 2025)
    tooltip = next(root.iter(f"{SVG}a")).find(f"{SVG}title").text.split("\n")
    assert tooltip[1].startswith("2025: ") and tooltip[1].endswith("%")
    assert "sedan 2024" in tooltip[2] and tooltip[-1].startswith("Källa: ")


def test_invalid_state_falls_back(ds):
    state = overview.resolve_state(ds, {"indikator": "<script>", "ar": "1066", "sortera": "x"})
    # the default: the first of overview.DEFAULT_INDICATORS that differs between municipalities
    assert state == overview.OverviewState("sosfs_alla", ds.years[-1], "kommun")
