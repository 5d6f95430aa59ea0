"""The one colour language (dashboard/charts/colours.py): labelled steps, status colours with
one meaning, the same colour for a value on the map, the matrix and the bars, and colours
that stay apart for colour-blind readers and in greyscale."""

from __future__ import annotations

import math
import re
from itertools import combinations

import pytest

from dashboard import domain
from dashboard.charts import MISSING_COLOR, colours
from dashboard.charts.colours import number_scale, scale_for, share_scale, status_colors
from dashboard.charts.svg_bars import ranking_bars_svg
from dashboard.charts.svg_heatmap import compliance_heatmap_svg
from dashboard.charts.svg_map import indicator_map_html
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison, overview

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "protanopi": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                  (-0.003882, -0.048116, 1.051998)),
    "deuteranopi": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                    (-0.011820, 0.042940, 0.968881)),
    "tritanopi": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                  (0.004733, 0.691367, 0.303900)),
}  # fmt: skip


def _linear(hex_colour: str) -> tuple[float, float, float]:
    channels = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _lab(linear: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in linear)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen(hex_colour: str, deficiency: str | None) -> tuple[float, float, float]:
    linear = _linear(hex_colour)
    if deficiency:
        matrix = CVD[deficiency]
        linear = tuple(sum(m * c for m, c in zip(row, linear, strict=True)) for row in matrix)
    return _lab(linear)


def delta_e(a: str, b: str, deficiency: str | None = None) -> float:
    return math.dist(_seen(a, deficiency), _seen(b, deficiency))


def lightness(colour: str) -> float:
    return _lab(_linear(colour))[0]


def all_scales(ds):
    return {i: scale_for(ds, i) for i in ds.indicator_ids}


# --- the steps ---------------------------------------------------------------------------


def test_shares_have_five_labelled_steps_of_twenty_points():
    scale = share_scale()
    assert [label for label, _ in scale.legend()] == [
        "0–19\u00a0%", "20–39\u00a0%", "40–59\u00a0%", "60–79\u00a0%", "80–100\u00a0%"
    ]  # fmt: skip
    # issue #19: 87 % and 71 % looked the same on the map
    assert scale.color(None, 87.0) != scale.color(None, 71.0)
    assert scale.color(None, 0.0) == scale.steps[0].color
    assert scale.color(None, 100.0) == scale.steps[-1].color
    assert scale.color(None, 79.99) == scale.steps[3].color
    assert scale.color(None, math.nan) == MISSING_COLOR


def test_counts_get_steps_that_hold_the_largest_value_of_any_year():
    scale = number_scale(3, integer=True, unit="personer", title="Antal samordnare")
    assert [label for label, _ in scale.legend()] == ["0", "1", "2", "3 eller fler"]
    assert scale.title == "Antal samordnare (personer)"
    scale = number_scale(15, integer=True)
    assert [label for label, _ in scale.legend()] == ["0–4", "5–9", "10–14", "15 eller fler"]
    scale = number_scale(2.25, integer=False)
    assert [label for label, _ in scale.legend()][:2] == ["0 till under 0,5", "0,5 till under 1"]
    assert scale.color(None, 2.25) == scale.steps[-1].color
    assert scale.color(None, 0.49) == scale.steps[0].color
    assert len(number_scale(0, integer=True).steps) == 1


def test_every_numeric_value_of_the_dataset_falls_in_a_step():
    ds = get_dataset()
    values = domain.all_values(ds)
    for indicator_id, scale in all_scales(ds).items():
        if domain.is_categorical(domain.indicator(ds, indicator_id)):
            continue
        scores = values.loc[values["indicator_id"] == indicator_id, "score"].dropna()
        assert all(scale.step(None, s) is not None for s in scores), indicator_id


def test_a_status_has_one_colour_everywhere():
    criterion = status_colors("kriterium", ["ej_uppfyllt", "delvis", "uppfyllt"])
    # not met is orange, never the palest blue next to the grey of 'Uppgift saknas'
    assert criterion["ej_uppfyllt"] == colours.NO
    assert status_colors("ja_nej", ["nej", "ja"]) == {"nej": colours.NO, "ja": colours.YES}
    ds = get_dataset()
    scale = scale_for(ds, "krit_1_1")
    assert dict((s.code, s.color) for s in scale.steps) == criterion


# --- colour-blind safe and printable ------------------------------------------------------


@pytest.mark.parametrize("deficiency", [None, *CVD])
def test_the_steps_of_every_scale_stay_apart_for_colour_blind_readers(deficiency):
    """Every pair of steps of a scale, and each step against the grey of 'Uppgift saknas',
    differ by ΔE*ab ≥ 10 as seen with full protanopia, deuteranopia and tritanopia
    (simulated) — ≈ 2.3 is a just-noticeable difference."""
    ds = get_dataset()
    for indicator_id, scale in all_scales(ds).items():
        palette = [c for _, c in scale.legend()]
        for a, b in combinations(palette, 2):
            assert delta_e(a, b, deficiency) >= 10, (indicator_id, a, b, deficiency)
        for colour in palette:
            assert delta_e(colour, MISSING_COLOR, deficiency) >= 10, (indicator_id, colour)


@pytest.mark.parametrize("deficiency", [None, *CVD])
def test_the_roles_beside_values_stay_apart_for_colour_blind_readers(deficiency):
    """#34: the lines of one chart (min kommun, the three reference lines, the compared
    municipalities) differ pairwise by ΔE*ab ≥ 12, and Strategi's goals by ≥ 20, also with
    simulated protanopia, deuteranopia and tritanopia; each line also has its own dash or
    marker, so colour is never the only difference."""
    lines = [r.color for r in (*colours.REFERENCE_LINES, colours.ROLE_MY_MUNICIPALITY)]
    lines += list(colours.ROLE_SERIES)
    for a, b in combinations(lines, 2):
        assert delta_e(a, b, deficiency) >= 12, (a, b, deficiency)
    for a, b in combinations(colours.ROLE_GOALS, 2):
        assert delta_e(a, b, deficiency) >= 20, (a, b, deficiency)


def test_no_role_beside_values_looks_like_a_status_or_a_value():
    """A compared municipality, a reference line or a goal is never read as 'nej' orange,
    'ja' blue or a step of the blues: ΔE*ab ≥ 20 from each of them."""
    statuses = [colours.YES, colours.PARTLY, colours.NO, *colours.BLUES]
    others = [r.color for r in (*colours.REFERENCE_LINES, colours.ROLE_MY_MUNICIPALITY)]
    for colour in [*others, *colours.ROLE_SERIES, *colours.ROLE_GOALS]:
        for status in statuses:
            assert delta_e(colour, status) >= 20, (colour, status)


def test_ordered_steps_get_darker_so_they_read_in_greyscale():
    ds = get_dataset()
    for indicator_id, scale in all_scales(ds).items():
        if indicator_id == "samordnare" or scale.steps[0].code in ("ej_uppfyllt", "nej"):
            continue  # yes/no and criteria: orange vs blue, told apart by hue and by text
        shades = [lightness(s.color) for s in scale.steps]
        assert all(a - b >= 8 for a, b in zip(shades, shades[1:], strict=False)), indicator_id


def test_missing_is_hatched_on_the_map_and_in_its_legend():
    ds = get_dataset()
    frame = overview.overview_frame(ds, overview.OverviewState("sosfs_mal1", ds.years[-1],
                                                               "kommun"))  # fmt: skip
    from tests.conftest import without_value

    html = indicator_map_html(ds, "sosfs_mal1", without_value(frame), ds.years[-1], "Karta")
    pattern = re.search(r'<pattern id="([^"]+)"', html)[1]
    assert f'fill="url(#{pattern})"' in html
    assert "map-swatch-missing" in html and "Uppgift saknas" in html


# --- one colour per value across views -------------------------------------------------------


def _fills_by_code(svg: str, attribute: str) -> dict[str, str]:
    return dict(
        re.findall(
            attribute
            + r'="(\d{4})"[^>]*>(?:<title>[^<]*</title>)?<path[^>]*?fill="(#[0-9a-f]{6})"',
            svg,
        )
    )


def test_a_share_has_the_same_colour_on_map_matrix_and_ranking():
    ds = get_dataset()
    year = ds.years[-1]
    frame = overview.overview_frame(ds, overview.OverviewState("sosfs_mal2", year, "kommun"))
    map_html = indicator_map_html(ds, "sosfs_mal2", frame, year, "Karta")
    on_map = _fills_by_code(map_html, "data-kommun")
    assert len(on_map) == len(ds.municipalities)

    scale = share_scale()
    for _, row in frame.iterrows():
        if not math.isnan(row["score"]):
            assert on_map[row["code"]] == scale.color(None, row["score"]), row["name"]

    matrix = comparison.heatmap_matrix(ds, year)
    svg = compliance_heatmap_svg(matrix, "Matris")
    names = dict(zip(frame["name"], frame["code"], strict=True))
    areas = comparison.goal_areas(ds)
    area = areas[areas["indicator_id"] == "sosfs_mal2"].iloc[0]
    goal_two = f"{area['short']}: {area['topic']}"
    cells = re.findall(r"<title>([^\n<]+)\n([^<]+): [^<]*</title><rect[^>]*fill=\"(#[0-9a-f]{6})\"",
                       svg)  # fmt: skip
    compared = 0
    for name, column, fill in cells:
        if column == goal_two:
            assert fill == on_map[names[name]], name
            compared += 1
    assert compared == len(ds.municipalities)

    ranking = comparison.ranking(ds, "sosfs_mal2", year)
    svg = ranking_bars_svg(ranking, label="Rangordning", percent=True,
                           colour_scale=scale_for(ds, "sosfs_mal2"))  # fmt: skip
    for _, row in ranking.iterrows():
        if not row["missing"]:
            assert f'fill="{on_map[row["code"]]}"' in svg, row["name"]
