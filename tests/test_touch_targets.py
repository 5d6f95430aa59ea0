"""Targets a thumb can hit, as the server writes them (issue #34); the browser's measure on
every page is tests/test_browser_targets.py."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dashboard.charts.svg_heatmap import compliance_heatmap_svg
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison

NS = "{http://www.w3.org/2000/svg}"


def test_a_matrix_rows_name_link_takes_the_whole_name_cell():
    """Not only the name's letters: an unpainted rectangle as tall as the row, which takes
    taps (pointer-events), from the chart's left edge to the cells."""
    matrix = comparison.heatmap_matrix(get_dataset(), 2025)
    root = ET.fromstring(
        compliance_heatmap_svg(matrix, "Matris", href=lambda code: f"/kommun/{code}")
    )
    links = root.findall(f".//{NS}a[@class='chart-link']")
    assert len(links) == matrix["code"].nunique()
    first_cell = min(
        float(rect.get("x"))
        for group in root.iter(f"{NS}g")
        if group.find(f"{NS}title") is not None
        for rect in group.findall(f"{NS}rect")
    )
    heights = set()
    for link in links:
        hit = link.find(f"{NS}rect")
        assert hit is not None, ET.tostring(link)
        assert hit.get("fill") == "none" and hit.get("pointer-events") == "all"
        assert float(hit.get("x")) == 0
        assert first_cell - 8 <= float(hit.get("width")) <= first_cell
        heights.add(float(hit.get("height")))
    assert len(heights) == 1 and heights.pop() >= 40  # the row's height


def test_without_links_there_is_nothing_to_tap():
    matrix = comparison.heatmap_matrix(get_dataset(), 2025)
    root = ET.fromstring(compliance_heatmap_svg(matrix, "Matris"))
    assert not root.findall(f".//{NS}a")
    assert not [r for r in root.iter(f"{NS}rect") if r.get("pointer-events") == "all"]
