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


def test_a_ranking_rows_name_link_takes_the_whole_row():
    """Jämför's ranking: the name's cell as tall as the row (30 units), left of the bars."""
    from dashboard.charts.svg_bars import ROW, ranking_bars_svg

    ds = get_dataset()
    frame = comparison.ranking(ds, "sosfs_alla", 2025)
    root = ET.fromstring(
        ranking_bars_svg(
            frame, label="Rangordning", percent=True, href=lambda code: f"/kommun/{code}"
        )
    )
    links = root.findall(f".//{NS}a[@class='chart-link']")
    assert len(links) == len(frame)
    tops = []
    for link in links:
        hit = link.find(f"{NS}rect")
        assert hit is not None, ET.tostring(link)
        assert hit.get("fill") == "none" and hit.get("pointer-events") == "all"
        assert float(hit.get("height")) == ROW
        name = link.find(f"{NS}text")
        assert float(hit.get("x")) + float(hit.get("width")) > float(name.get("x"))
        tops.append(float(hit.get("y")))
    assert all(b - a == ROW for a, b in zip(tops, tops[1:], strict=False))  # row after row
