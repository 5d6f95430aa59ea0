"""Value labels and reference lines on Jämför's ranking bars (charts/svg_bars.py, #34): the
county mean's dashed line (and Riket's, the group's) ran through '0,75 årsarbetare' and the
like on 6 of 8 rows. A value's text that a visible line crosses has a white halo."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import svg_bars
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison

SVG = "{http://www.w3.org/2000/svg}"
REFERENCES = {"lanssnitt", "gruppsnitt", "riket"}


def ranking(indicator: str) -> ET.Element:
    """Jämför's ranking as the page draws it (the page module needs the app: the `app`
    fixture of the tests that call this)."""
    from dashboard.pages import jamfor

    ds = get_dataset()
    state = comparison.resolve_compare_state(ds, {"min": "0780", "grupp": "storlek",
                                                  "indikator": indicator})  # fmt: skip
    return ET.fromstring(jamfor.ranking_svg(ds, state))


def reference_xs(root: ET.Element) -> list[float]:
    """The x of each reference line across the rows (not its legend sample, which is level)."""
    return [float(line.get("x1")) for line in root.iter(f"{SVG}line")
            if line.get("data-role") in REFERENCES and line.get("x1") == line.get("x2")]  # fmt: skip


def value_labels(root: ET.Element) -> list[tuple[ET.Element, float, float, float]]:
    """Each row's value text with its estimated left and right and where its bar ends (the
    bar is drawn over the lines: a line is hidden where a bar covers it)."""
    found = []
    for group in root.iter(f"{SVG}g"):
        texts, bars = group.findall(f"{SVG}text"), group.findall(f"{SVG}rect")
        if group.find(f"{SVG}title") is None or len(texts) != 1:
            continue
        text = texts[0]
        x, width = float(text.get("x")), len(text.text) * svg_bars.CHAR_WIDTH
        left, right = (x - width, x) if text.get("text-anchor") == "end" else (x, x + width)
        bar_end = max((float(r.get("x")) + float(r.get("width")) for r in bars
                       if r.get("fill") != "none"), default=0.0)  # fmt: skip
        found.append((text, left, right, bar_end))
    return found


def crossed_without_halo(root: ET.Element) -> list[str]:
    lines = reference_xs(root)
    bad = []
    for text, left, right, bar_end in value_labels(root):
        crossed = [x for x in lines if left - 2 <= x <= right + 2 and x > bar_end]
        halo = text.get("paint-order") == "stroke" and text.get("stroke") == "#ffffff"
        if crossed and not (halo and float(text.get("stroke-width", 0)) >= 3):
            bad.append(text.text)
    return bad


@pytest.mark.parametrize("indicator", ["samordnare_tjanstgrad", "sosfs_alla", "krit_2_3"])
def test_a_value_label_crossed_by_a_reference_line_has_a_halo(app, indicator):
    root = ranking(indicator)
    assert value_labels(root)
    assert not crossed_without_halo(root)


def test_the_finding_is_seen_lines_do_cross_labels_on_the_tjanstgrad_ranking(app):
    """The check above is not empty: on this ranking the county mean crosses value texts,
    and without their halo the check names them."""
    root = ranking("samordnare_tjanstgrad")
    assert reference_xs(root)
    for text, *_ in value_labels(root):
        for name in ("paint-order", "stroke", "stroke-width"):
            text.attrib.pop(name, None)
    assert crossed_without_halo(root)


def test_short_bars_under_a_mean_all_have_their_labels_kept_readable():
    """The review's case: values of 0,25-0,75 with the county mean at 0,84; the line runs
    where the texts after the short bars are."""
    import pandas as pd

    values = [2.25, 1.0, 0.75, 0.75, 0.5, 0.5, 0.25, 0.25]
    frame = pd.DataFrame({
        "code": [f"07{i:02d}" for i in range(8)], "name": [f"Kommun {i}" for i in range(8)],
        "raw": [str(v) for v in values], "score": values,
        "label": [f"{v:.2f}\u00a0årsarbetare".replace(".", ",") for v in values],
        "missing": [False] * 8, "rank_label": [""] * 8,
    })  # fmt: skip
    root = ET.fromstring(svg_bars.ranking_bars_svg(
        frame, label="x", means={"Länssnitt": 0.84}, mean_texts={"Länssnitt": "0,84"}))  # fmt: skip
    assert not crossed_without_halo(root)
    for text, *_ in value_labels(root):
        for name in ("paint-order", "stroke", "stroke-width"):
            text.attrib.pop(name, None)
    assert len(crossed_without_halo(root)) >= 4
