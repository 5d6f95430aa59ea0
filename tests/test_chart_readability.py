"""Charts readable at a glance (issue #34): the map writes each municipality's value, so
neighbouring classes are told apart where their blues are not; Riket is drawn with its year
where it has a value; axes name their unit and their top tick holds the data."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from dashboard import domain
from dashboard.charts.colours import ROLE_RIKET, scale_for, share_scale
from dashboard.charts.riket import Riket, riket_reference
from dashboard.charts.svg_bars import (
    axis_unit,
    covering_ticks,
    indicator_bars_svg,
    ranking_bars_svg,
)
from dashboard.charts.svg_lines import municipality_trend_svg, trend_lines_svg
from dashboard.charts.svg_map import indicator_map_html, indicator_map_paint, painted_svg
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison, overview
from tests.test_colours import CVD, _linear

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"^-?[\d\u00a0 ]+(,\d+)?")


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def _root(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _map(ds, indicator_id: str, year: int, label_px: float | None = None) -> ET.Element:
    frame = overview.overview_frame(ds, overview.OverviewState(indicator_id, year, "kommun"))
    html = indicator_map_html(ds, indicator_id, frame, year, "Karta", label_px=label_px)
    return _root(html[: html.index("</svg>") + len("</svg>")])


def _values(root: ET.Element) -> list[str]:
    group = root.find(f"{SVG}g[@class='svg-map-values']")
    assert group is not None
    return [t.text or "" for t in group]


# --- the map: values beside the names ------------------------------------------------------


def test_map_writes_each_value_under_its_name(ds):
    root = _map(ds, "sosfs_alla", 2025)
    names = [t.text for t in root.find(f"{SVG}g[@class='svg-map-labels']")]
    values = _values(root)
    snap = domain.snapshot(ds, "sosfs_alla", 2025).set_index("name")
    assert len(values) == len(names) == len(ds.municipalities)
    for name, value in zip(names, values, strict=True):
        assert value == snap.loc[name, "label"], name  # '87 %', as the table says
    assert "87\u00a0%" in values  # Alvesta in the example data (issue #34: read as Växjö's 79 %)


def test_map_value_of_a_number_is_the_number_its_legend_names_the_unit(ds):
    root = _map(ds, "samordnare_tjanstgrad", 2025)
    values = [v for v in _values(root) if v]
    assert values and all(re.fullmatch(r"\d+(,\d+)?", v) for v in values), values


def test_status_maps_write_no_value_and_missing_values_none(ds):
    assert set(_values(_map(ds, "samordnare", 2025))) == {""}  # the hue and legend say it
    frame = overview.overview_frame(ds, overview.OverviewState("sosfs_alla", 2025, "kommun"))
    frame.loc[frame["name"] == "Växjö", ["score", "label"]] = [math.nan, "Uppgift saknas"]
    painted = indicator_map_paint(ds, "sosfs_alla", frame, 2025, "Karta")
    code = str(frame.loc[frame["name"] == "Växjö", "code"].iloc[0])
    assert painted["areas"][code][5] == ""
    assert all(area[5] for c, area in painted["areas"].items() if c != code)


def test_label_size_is_a_parameter_a_slide_can_raise(ds):
    assert _map(ds, "sosfs_alla", 2025).get("data-label-px") is None
    assert _map(ds, "sosfs_alla", 2025, label_px=26).get("data-label-px") == "26"
    painted = indicator_map_paint(ds, "sosfs_alla", overview.overview_frame(
        ds, overview.OverviewState("sosfs_alla", 2025, "kommun")), 2025, "Karta")  # fmt: skip
    assert 'data-label-px="24.5"' in painted_svg(ds.geojson, painted, 24.5)


def _ratio(a: str, b: str, deficiency: str | None = None) -> float:
    def luminance(colour: str) -> float:
        linear = _linear(colour)
        if deficiency:
            linear = tuple(sum(m * c for m, c in zip(row, linear, strict=True))
                           for row in CVD[deficiency])  # fmt: skip
        r, g, b_ = (min(1.0, max(0.0, c)) for c in linear)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_neighbouring_classes_are_told_apart_by_contrast_or_by_the_written_value(ds):
    """Adjacent steps of the share scale need a WCAG contrast of 2 : 1, also as seen with
    protanopia, deuteranopia and tritanopia; where a pair falls short, every municipality in
    those classes has its value written on the map, and the value lies in its class."""
    steps = share_scale().steps
    weak = set()
    for low, high in zip(steps, steps[1:], strict=False):
        for deficiency in (None, *CVD):
            if _ratio(low.color, high.color, deficiency) < 2:
                weak |= {low.label, high.label}
    snap = domain.snapshot(ds, "sosfs_alla", 2025)
    root = _map(ds, "sosfs_alla", 2025)
    fills = {a.get("data-kommun"): a.find(f"{SVG}path").get("fill") for a in root.iter(f"{SVG}a")}
    written = dict(zip(sorted(snap["name"]), _values(root), strict=True))
    by_colour = {s.color: s for s in steps}
    checked = 0
    for _, row in snap.iterrows():
        step = by_colour.get(fills[row["code"]])
        if step is None or step.label not in weak:
            continue
        value = written[row["name"]]
        assert value, f"{row['name']} ({step.label}) has no value written"
        number = float(NUMBER.match(value).group(0).replace(",", "."))
        assert share_scale().step(None, number) == step, (row["name"], value, step.label)
        checked += 1
    assert checked or not weak


# --- Riket ---------------------------------------------------------------------------------


def test_riket_reference_has_the_texts_value_and_year(ds):
    riket = riket_reference(ds, "krit_2_3", 2025)
    assert riket is not None and riket.share_met
    assert riket.label == "Riket 2024: 37\u00a0%"
    assert riket.county_share == pytest.approx(comparison.county_share_met(ds, "krit_2_3", 2025))
    assert riket_reference(ds, "sosfs_alla", 2025) is None  # Öppna jämförelser has none
    assert riket_reference(ds, "krit_2_4", 2019) is None  # its first year is 2020


def _ranking(ds, indicator_id: str, year: int, **extra) -> str:
    ind = domain.indicator(ds, indicator_id)
    frame = comparison.ranking(ds, indicator_id, year)
    levels = domain.scale_levels(ds, ind["scale"]) if domain.is_categorical(ind) else None
    return ranking_bars_svg(frame, label="Rangordning", levels=levels, scale=ind["scale"],
                            percent=ind["type"] == "andel", unit=axis_unit(ind),
                            riket=riket_reference(ds, indicator_id, year), **extra)  # fmt: skip


def _riket_marks(markup: str) -> list[ET.Element]:
    return [e for e in _root(markup).iter() if e.get("data-role") == ROLE_RIKET.role]


def test_ranking_draws_riket_iff_it_has_a_value(ds):
    with_riket = _ranking(ds, "krit_2_3", 2025)
    assert _riket_marks(with_riket)
    assert "Riket 2024: 37\u00a0%" in with_riket
    assert "Andel av kommunerna som uppfyller kriteriet" in with_riket
    share = comparison.county_share_met(ds, "krit_2_3", 2025)
    assert f"Kronobergs län 2025: {round(share)}\u00a0%" in with_riket
    for indicator_id in ("krit_1_1", "sosfs_alla", "samordnare_tjanstgrad"):
        assert not _riket_marks(_ranking(ds, indicator_id, 2025)), indicator_id
        assert "Riket" not in _ranking(ds, indicator_id, 2025)


def test_a_riket_on_the_charts_scale_is_a_line_with_its_year():
    frame = pd.DataFrame({"code": ["1", "2"], "name": ["A", "B"], "raw": ["", ""],
                          "score": [40.0, 80.0], "label": ["40 %", "80 %"],
                          "missing": [False, False], "rank_label": ["", ""]})  # fmt: skip
    riket = Riket(62.0, 2024, "62\u00a0%")
    markup = ranking_bars_svg(frame, label="x", percent=True, riket=riket)
    lines = [e for e in _riket_marks(markup) if e.tag == f"{SVG}line"]
    assert len(lines) == 2  # across the bars and in the legend
    assert "Riket 2024: 62\u00a0%" in markup
    bars = [r for r in _root(markup).iter(f"{SVG}rect") if r.get("height") == "20"]
    ends = sorted(float(r.get("x")) + float(r.get("width")) for r in bars)
    assert ends[0] < float(lines[0].get("x1")) < ends[1]  # 62 % between the 40 % and 80 % bars
    bars = indicator_bars_svg(frame.assign(shown_score=frame["score"], shown_label=frame["label"]),
                              label="x", categorical=False, percent=True, riket=riket)  # fmt: skip
    assert _riket_marks(bars) and "Riket 2024: 62\u00a0%" in bars
    trend = pd.DataFrame({"code": ["1", "1"], "name": ["A", "A"], "year": [2023, 2024],
                          "score": [40.0, 50.0], "label": ["40 %", "50 %"]})  # fmt: skip
    lines_svg = trend_lines_svg(trend, label="x", percent=True, riket=riket)
    assert _riket_marks(lines_svg) and "Riket 2024: 62\u00a0%" in lines_svg
    assert not _riket_marks(trend_lines_svg(trend, label="x", percent=True))


def test_municipality_trend_of_a_criterion_draws_riket(ds):
    markup = municipality_trend_svg(ds, "0764", "krit_2_3", "Alvesta")
    assert _riket_marks(markup) and "Riket 2024: 37\u00a0%" in markup
    assert not _riket_marks(municipality_trend_svg(ds, "0764", "krit_1_1", "Alvesta"))


# --- axes: units and ticks -----------------------------------------------------------------


def _ticks(markup: str) -> list[float]:
    """The y-axis's numbers of a trend (the texts right-aligned left of the plot)."""
    found = []
    for t in _root(markup).iter(f"{SVG}text"):
        if t.get("text-anchor") == "end" and t.text and NUMBER.fullmatch(t.text.split("\u00a0")[0]):
            found.append(float(t.text.split("\u00a0")[0].replace(",", ".")))
    return found


def _unit(markup: str) -> str:
    found = [t.text for t in _root(markup).iter(f"{SVG}text") if t.get("class") == "axis-unit"]
    return found[0] if found else ""


def test_trend_axis_names_its_unit_and_its_top_tick_holds_the_data(ds):
    """The issue's case: Samordnartid's top tick 0,75 under the data's 0,84, no unit."""
    for code in ds.municipalities["code"]:
        markup = municipality_trend_svg(ds, code, "samordnare_tjanstgrad", "x")
        assert _unit(markup) == "årsarbetare"
        data = list(comparison.trends(ds, "samordnare_tjanstgrad", [code])["score"].dropna())
        for mean in comparison.municipality_trend_means(ds, code, "samordnare_tjanstgrad").values():
            data += list(mean["score"].dropna())
        assert max(_ticks(markup)) >= max(data), code


def test_bar_axes_name_their_unit_and_hold_the_data(ds):
    for indicator_id in ("samordnare_tjanstgrad", "samordnare_antal"):
        markup = _ranking(ds, indicator_id, 2025, means={"Länssnitt": 5.0})
        unit = domain.indicator(ds, indicator_id)["unit"]
        assert _unit(markup) == unit
        ticks = [float(t.text.replace(",", ".")) for t in _root(markup).iter(f"{SVG}text")
                 if t.get("font-size") == "12" and t.text and NUMBER.fullmatch(t.text)]  # fmt: skip
        largest = max(domain.snapshot(ds, indicator_id, 2025)["score"].dropna().max(), 5.0)
        assert max(ticks) >= largest, (indicator_id, ticks)
    assert _unit(_ranking(ds, "sosfs_alla", 2025)) == ""  # its ticks say %


@pytest.mark.parametrize(
    ("largest", "integer", "expected"),
    [(0.84, False, [0, 0.25, 0.5, 0.75, 1]), (2.25, False, [0, 1, 2, 3]),
     (2, True, [0, 1, 2]), (100, False, [0, 25, 50, 75, 100]), (0, False, [0, 1]),
     (186, True, [0, 50, 100, 150, 200])],
)  # fmt: skip
def test_covering_ticks_are_round_and_reach_the_largest(largest, integer, expected):
    ticks = covering_ticks(largest, integer=integer)
    assert ticks == pytest.approx(expected)
    assert ticks[-1] >= largest


def test_every_numeric_trend_holds_its_data(ds):
    for indicator_id in ds.indicator_ids:
        ind = domain.indicator(ds, indicator_id)
        if ind["type"] not in {"antal", "decimal"}:
            continue
        frame = comparison.trends(ds, indicator_id, list(ds.municipalities["code"]))
        markup = trend_lines_svg(frame, label="x", unit=axis_unit(ind))
        assert max(_ticks(markup)) >= frame["score"].dropna().max(), indicator_id
        assert _unit(markup) == ind["unit"]
        assert scale_for(ds, indicator_id)  # the map's scale of the same indicator exists


def test_a_map_slide_can_draw_a_criterions_riket_beside_the_map(ds):
    from dashboard.charts.riket import riket_strip_svg

    markup = riket_strip_svg(riket_reference(ds, "krit_2_3", 2025))
    assert _riket_marks(markup) and "Riket 2024: 37\u00a0%" in markup
    assert riket_strip_svg(riket_reference(ds, "sosfs_alla", 2025)) == ""
    assert riket_strip_svg(Riket(62.0, 2024, "62\u00a0%")) == ""  # on the map's own scale
