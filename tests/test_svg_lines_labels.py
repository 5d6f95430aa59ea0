"""The trend chart's 'Ny definition' labels (charts/svg_lines.py): rules close together share
one label, and no two labels overlap, at a phone's width and a wide column's, wherever the
definition changes fall; each label says its year(s)."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import svg_lines
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison

SVG = "{http://www.w3.org/2000/svg}"
CODE, INDICATOR = "0780", "sosfs_alla"


def chart(breaks: tuple[int, ...], width: int) -> ET.Element:
    ds = get_dataset()
    frame = comparison.trends(ds, INDICATOR, [CODE])
    means = comparison.municipality_trend_means(ds, CODE, INDICATOR)
    markup = svg_lines.trend_lines_svg(frame, label="Prov", means=means, mine=CODE, percent=True,
                                       width=width, breaks=breaks)  # fmt: skip
    return ET.fromstring(markup)


def label_boxes(root: ET.Element) -> list[tuple[float, float, float, float, str]]:
    """(left, top, right, bottom, text) of every line of the rules' labels, its width
    estimated per character as the module estimates a label at font-size 12."""
    boxes = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "trend-break-label":
            continue
        for text in group.iter(f"{SVG}text"):
            x, y, size = float(text.get("x")), float(text.get("y")), float(text.get("font-size"))
            width = len(text.text) * svg_lines.TICK_CHAR_WIDTH * size / 12
            boxes.append((x, y - size * 0.8, x + width, y + size * 0.25, text.text))
    return boxes


def overlapping(boxes) -> list[tuple[str, str]]:
    return [(a[4], b[4]) for a, b in itertools.combinations(boxes, 2)
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]  # fmt: skip


BREAKS = [(2023, 2024), (2024,), (2020, 2024), (2021, 2022, 2023), (2019, 2025), (2025,),
          (2019, 2020, 2024, 2025)]  # fmt: skip


@pytest.mark.parametrize("width", [svg_lines.WIDTH, svg_lines.WIDE_WIDTH])
@pytest.mark.parametrize("breaks", BREAKS)
def test_no_two_labels_of_new_definitions_overlap(breaks, width):
    root = chart(breaks, width)
    boxes = label_boxes(root)
    assert boxes
    assert not overlapping(boxes)
    said = " ".join(box[4] for box in boxes)
    assert all(str(year) in said for year in breaks)  # every change is named with its year
    assert all(box[0] >= 0 and box[2] <= width for box in boxes)  # inside the chart
    rules = [g for g in root.iter(f"{SVG}g") if g.get("class") == "trend-break"]
    assert len(rules) == len(breaks)


def test_the_overlap_check_sees_two_labels_on_top_of_each_other():
    """What the chart drew before: 'Ny definition' at each of two rules a year apart."""
    step = 41.0
    boxes = [(x, 10.0, x + len("Ny definition") * svg_lines.TICK_CHAR_WIDTH, 22.0, "Ny definition")
             for x in (250.0, 250.0 + step)]  # fmt: skip
    assert overlapping(boxes)


def test_rules_a_year_apart_share_one_label_with_both_years():
    root = chart((2023, 2024), svg_lines.WIDTH)
    texts = [box[4] for box in label_boxes(root)]
    assert texts == ["Ny definition", "2023, 2024"]
    label = root.get("aria-label")
    assert svg_lines.break_sentence([2023, 2024]) in label
