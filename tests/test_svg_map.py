"""The SVG maps written by the server (charts/svg_map.py): pure functions, no browser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import HIGHLIGHT_COLOR, MISSING_COLOR
from dashboard.charts.colours import NO, YES, scale_for
from dashboard.charts.map import colouring
from dashboard.charts.svg_map import WIDTH, county_svg, legend_html, locator_svg
from dashboard.data.loader import get_dataset
from dashboard.domain import overview
from dashboard.domain.formatting import MISSING
from tests.conftest import without_value

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def paint_for(ds, indicator_id, year, mutate=None):
    frame = overview.overview_frame(ds, overview.OverviewState(indicator_id, year, "kommun"))
    if mutate:
        frame = mutate(frame)
    scale = scale_for(ds, indicator_id)
    return frame, scale, colouring(frame, scale)


def svg_for(ds, paint, year=2025):
    markup = county_svg(ds.geojson, paint, year=year, label="Karta",
                        href=lambda code: f"/kommun/{code}?ar={year}")  # fmt: skip
    return markup, ET.fromstring(markup)


def links(root):
    return list(root.iter(f"{SVG}a"))


def test_every_municipality_is_one_named_link_to_its_page(ds):
    _, _, paint = paint_for(ds, "suv_status", 2022)
    _, root = svg_for(ds, paint, 2022)
    found = {a.get("data-kommun"): a for a in links(root)}
    assert sorted(found) == sorted(ds.municipalities["code"])
    labels = dict(zip(paint.frame["code"], paint.frame["label"], strict=True))
    for code, name in zip(ds.municipalities["code"], ds.municipalities["name"], strict=True):
        link = found[code]
        assert link.get("href") == f"/kommun/{code}?ar=2022"
        # the tooltip is the link's name: no aria-label that would differ from it
        assert link.get("aria-label") is None
        tooltip = link.find(f"{SVG}title").text
        assert tooltip.startswith(f"{name}\n2022: {labels[code]}") and "Källa: " in tooltip
    # tab order as in the list beside the map: alphabetical
    names = [a.find(f"{SVG}title").text.split("\n")[0] for a in links(root)]
    assert names == sorted(names)
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text in set(ds.municipalities["name"])]
    assert sorted(texts) == sorted(ds.municipalities["name"])


@pytest.mark.parametrize(("indicator_id", "year"), [("samordnare", 2018), ("suv_status", 2022),
                                                    ("sosfs_mal2", 2025)])  # fmt: skip
def test_colours_follow_the_scale(ds, indicator_id, year):
    """One colour per status of the scale; numeric values in the step of their value (20
    percentage points for shares); missing hatched. The one map (pages and slides) draws these."""
    frame, scale, paint = paint_for(ds, indicator_id, year)
    _, root = svg_for(ds, paint, year)
    fills = {a.get("data-kommun"): a.find(f"{SVG}path").get("fill") for a in links(root)}
    for _, row in frame.iterrows():
        if row["label"] == MISSING:
            assert fills[row["code"]].startswith("url(#uppgift-saknas-"), row["name"]
            continue
        if scale.steps[0].code is not None:
            expected = next(s.color for s in scale.steps if s.code == row["raw"])
        else:
            expected = scale.steps[min(4, int(row["score"] // 20))].color
        assert fills[row["code"]] == expected, row["name"]


def test_yes_no_colours_and_legend_in_scale_order_even_unused(ds):
    _, _, paint = paint_for(ds, "suv_status", 2019)  # nobody at 'I bruk' in 2019
    legend = legend_html(paint, "SUV")
    steps = ["Ej påbörjat", "Planering", "Införande", "I bruk"]
    assert [legend.index(s) for s in steps] == sorted(legend.index(s) for s in steps)
    _, _, yes_no = paint_for(ds, "samordnare", 2025)
    assert set(yes_no.frame["fill"]) <= {YES, NO}


def test_numeric_legend_labels_every_step(ds):
    _, _, paint = paint_for(ds, "sosfs_mal1", 2025)
    legend = legend_html(paint, "SOSFS mål 1")
    for step in ("0–19", "20–39", "40–59", "60–79", "80–100"):
        assert f"{step}\u00a0%" in legend
    assert "SOSFS mål 1" in legend


def test_missing_value_is_grey_named_and_in_the_legend(ds):
    for indicator_id in ("samordnare", "sosfs_mal1"):
        _, _, paint = paint_for(ds, indicator_id, 2025, without_value)
        _, root = svg_for(ds, paint)
        vaxjo = next(a for a in links(root) if a.get("data-kommun") == "0780")
        assert vaxjo.find(f"{SVG}path").get("fill").startswith("url(#uppgift-saknas-")
        assert paint.frame.set_index("code").loc["0780", "fill"] == MISSING_COLOR
        assert vaxjo.find(f"{SVG}title").text.startswith(f"Växjö\n2025: {MISSING}")
        assert MISSING in legend_html(paint, "x")


def test_text_is_escaped(ds):
    def hostile(frame):
        frame = frame.copy()
        frame["label"] = '<script>alert("x")</script>'
        frame["source"] = "a&b"
        return frame

    _, _, paint = paint_for(ds, "samordnare", 2025, hostile)
    markup, root = svg_for(ds, paint)
    assert "<script" not in markup and "a&amp;b" in markup
    assert '<script>alert("x")</script>' in next(root.iter(f"{SVG}a")).find(f"{SVG}title").text


def test_shapes_fill_the_frame_in_mercator_proportions(ds):
    _, _, paint = paint_for(ds, "samordnare", 2025)
    _, root = svg_for(ds, paint)
    width, height = map(float, root.get("viewBox").split()[2:])
    assert width == WIDTH
    # Kronoberg spans ~2.9° of longitude and ~0.95° of latitude around 56.8° N
    assert 0.5 < height / width < 0.75
    numbers = [int(n) for n in re.findall(r"M(-?\d+) (-?\d+)", markup_of(root))[0]]
    assert 0 <= numbers[0] <= width and 0 <= numbers[1] <= height


def markup_of(root):
    return ET.tostring(root, encoding="unicode")


def test_locator_highlights_exactly_one(ds):
    root = ET.fromstring(locator_svg(ds.geojson, "0761", "Lessebo markerad"))
    fills = [p.get("fill") for p in root.iter(f"{SVG}path")]
    assert len(fills) == len(ds.municipalities) and fills.count(HIGHLIGHT_COLOR) == 1
    assert root.get("role") == "img" and root.get("aria-label") == "Lessebo markerad"


def test_locator_zooms_in_where_the_municipality_would_be_a_dot(ds):
    """Kronoberg: the whole county. A large map (all of Sweden): a square around a small
    municipality, eight times its size, so it is seen and not a pixel."""
    whole = locator_svg(ds.geojson, "0780", "Växjö")
    assert 'viewBox="0 0 1000 ' in whole

    def square(code, name, lon, lat, size):
        ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size],
                [lon, lat]]  # fmt: skip
        return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"kommunkod": code, "kommun": name, "label_lon": lon,
                               "label_lat": lat}}  # fmt: skip

    big = {"type": "FeatureCollection",
           "features": [square("0001", "Stor", 11.0, 55.0, 13.0),
                        square("0002", "Liten", 18.0, 59.3, 0.05)]}  # fmt: skip
    tiny = locator_svg(big, "0002", "Liten")
    x, y, width, height = (float(n) for n in re.search(r'viewBox="([^"]+)"', tiny)[1].split())
    assert width == height and 40 <= width <= 1000 / 4
    # a municipality large in its map keeps the whole map
    assert locator_svg(big, "0001", "Stor").count('viewBox="0 0 1000') == 1
