"""The trend chart's means at a year that stands alone (charts/svg_lines.py, #34): with the
definition changed in 2023 and again in 2024, 2023 is one point on each line; the county's
and the similar municipalities' means are still drawn there, in their own line's style, as
the table beside the chart lists them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import colours, svg_lines
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison

SVG = "{http://www.w3.org/2000/svg}"
CODE, INDICATOR, ALONE = "0780", "sosfs_alla", 2023


def chart(width: int, breaks: tuple[int, ...] = (2023, 2024)) -> ET.Element:
    ds = get_dataset()
    frame = comparison.trends(ds, INDICATOR, [CODE])
    means = comparison.municipality_trend_means(ds, CODE, INDICATOR)
    assert len(means) == 2 and all(ALONE in set(m["year"]) for m in means.values())
    markup = svg_lines.trend_lines_svg(frame, label="Prov", means=means, mine=CODE, percent=True,
                                       width=width, breaks=breaks)  # fmt: skip
    return ET.fromstring(markup)


def year_x(root: ET.Element, year: int) -> float:
    """The x of a year's label under the plot."""
    return next(float(t.get("x")) for t in root.iter(f"{SVG}text") if t.text == str(year))


def marks_at(root: ET.Element, x: float) -> dict[str, list[tuple[float, float]]]:
    """Each mean's drawn strokes (two points or more) that span x: role -> [(left, right)]."""
    found: dict[str, list[tuple[float, float]]] = {}
    for line in root.iter(f"{SVG}polyline"):
        role = line.get("data-role")
        xs = [float(p.split(",")[0]) for p in line.get("points").split()]
        if role in ("lanssnitt", "gruppsnitt") and len(xs) >= 2 and min(xs) <= x <= max(xs):
            found.setdefault(role, []).append((min(xs), max(xs)))
    return found


@pytest.mark.parametrize("width", [svg_lines.WIDTH, svg_lines.WIDE_WIDTH])
def test_the_means_are_drawn_at_a_year_between_two_definition_changes(width):
    root = chart(width)
    x = year_x(root, ALONE)
    marks = marks_at(root, x)
    assert set(marks) == {"lanssnitt", "gruppsnitt"}, marks
    # in the role's own style: colour and dash as the legend's sample
    for line in root.iter(f"{SVG}polyline"):
        role = line.get("data-role")
        expected = {"lanssnitt": colours.ROLE_COUNTY_MEAN, "gruppsnitt": colours.ROLE_GROUP_MEAN}
        if role in expected:
            assert line.get("stroke") == expected[role].color
            assert line.get("stroke-dasharray") == expected[role].dash
    # a short mark at the year, not a line running into the next years
    x_next = year_x(root, ALONE + 1)
    for left, right in marks["lanssnitt"] + marks["gruppsnitt"]:
        assert right < x_next and right - left >= 20


def test_without_a_lone_year_the_means_are_lines_across_their_years():
    root = chart(svg_lines.WIDE_WIDTH, breaks=())
    x = year_x(root, ALONE)
    marks = marks_at(root, x)
    assert set(marks) == {"lanssnitt", "gruppsnitt"}
    assert not [g for g in root.iter(f"{SVG}g") if "trend-mean-point" in (g.get("class") or "")]
