"""One meaning per colour (issue #34, docs/palette.md): every chart element that carries a
colour role (`data-role` in the SVG the server writes) is drawn in that role's one colour,
no colour serves two roles, a series keeps its colour and dash on every chart of a page,
and the Kommunrapport's images (matplotlib) and the pages' CSS use the same roles.

ROLE_COLOURS and svg_roles are shared with tests/test_browser_colour_roles.py, which
checks the same on every rendered page and slide."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import pytest
from matplotlib.colors import to_hex

from dashboard.charts import HIGHLIGHT_COLOR, MISSING_COLOR, colours
from dashboard.charts.colours import scale_for
from dashboard.charts.compare import BAR_COLOR
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison

pytestmark = pytest.mark.unit

SVG = "{http://www.w3.org/2000/svg}"
LINE_ROLES = {r.role: r for r in (*colours.REFERENCE_LINES, colours.ROLE_MY_MUNICIPALITY)}
# Each role and the colours it may take (a value: any step of the blues, or white for 0).
ROLE_COLOURS: dict[str, frozenset[str]] = {
    "varde": frozenset({*colours.BLUES, colours.NONE_COLOR}),
    "status-ja": frozenset({colours.ROLE_STATUS_YES}),
    "status-delvis": frozenset({colours.ROLE_STATUS_PARTLY}),
    "status-nej": frozenset({colours.ROLE_STATUS_NO}),
    "saknas": frozenset({MISSING_COLOR}),
    "serie": frozenset(colours.ROLE_SERIES),
    **{role: frozenset({line.color}) for role, line in LINE_ROLES.items()},
}


def svg_roles(markup: str) -> list[dict[str, str]]:
    """Every element with a data-role in the SVGs of `markup`: role, colour (its fill, or
    its stroke where it has no fill; a pattern's fill is the pattern's ground colour),
    dash, series (a municipality's code) and tag."""
    found = []
    for svg in re.findall(r"<svg\b.*?</svg>", markup, flags=re.S):
        root = ET.fromstring(svg)
        grounds = {p.get("id"): p.find(f"{SVG}rect").get("fill")
                   for p in root.iter(f"{SVG}pattern") if p.find(f"{SVG}rect") is not None}  # fmt: skip
        for element in root.iter():
            role = element.get("data-role")
            if not role:
                continue
            fill = element.get("fill")
            if fill and fill.startswith("url(#"):
                fill = grounds.get(fill[5:-1], fill)
            colour = element.get("stroke") if fill in (None, "none") else fill
            found.append({"role": role, "colour": (colour or "").lower(),
                          "dash": element.get("stroke-dasharray") or "",
                          "series": element.get("data-series") or "",
                          "tag": element.tag.replace(SVG, "")})  # fmt: skip
    return found


def wrong_colours(found: list[dict[str, str]]) -> list[dict[str, str]]:
    """The elements whose colour is not their role's (or whose role is unknown)."""
    return [f for f in found if f["colour"] not in ROLE_COLOURS.get(f["role"], ())]


def line_styles(found: list[dict[str, str]]) -> dict[str, set[tuple[str, str]]]:
    """(colour, dash) per series on the drawn lines: a reference line by its role, a
    municipality by its code."""
    styles: dict[str, set[tuple[str, str]]] = {}
    for f in found:
        if f["tag"] in ("line", "polyline") and (f["role"] in LINE_ROLES or f["series"]):
            key = f["series"] if f["role"] == "serie" else f["role"]
            styles.setdefault(key, set()).add((f["colour"], f["dash"]))
    return styles


# --- the palette ---------------------------------------------------------------------------


def test_no_colour_serves_two_roles():
    """The issue's finding: orange meant 'nej', 'liknande kommuner, snitt' and Mål 2, and
    vermilion 'min kommun' next to it. Now each colour has one role, none is a neutral."""
    roles = {**ROLE_COLOURS, "mal": frozenset(colours.ROLE_GOALS)}
    for (a, colours_a), (b, colours_b) in combinations(roles.items(), 2):
        shared = (colours_a & colours_b) - {colours.NONE_COLOR}
        assert not shared, (a, b, shared)
    for role, used in roles.items():
        assert not (used - {colours.NONE_COLOR}) & colours.NEUTRALS, role
    # the old vermilion is gone, and no role but 'no' is orange
    assert "#d55e00" not in set().union(*roles.values())
    assert [r for r, used in roles.items() if colours.NO in used] == ["status-nej"]


def test_each_reference_line_has_its_own_colour_and_dash():
    lines = [*colours.REFERENCE_LINES, colours.ROLE_MY_MUNICIPALITY]
    assert len({r.color for r in lines}) == len(lines)
    assert len({r.dash for r in lines}) == len(lines)
    assert colours.mean_role("Riket 2024: 37 %", 0) == colours.ROLE_RIKET
    assert colours.mean_role("Liknande kommuner, snitt", 0) == colours.ROLE_GROUP_MEAN
    assert colours.mean_role("Länssnitt", 0) == colours.ROLE_COUNTY_MEAN


# --- the SVG charts --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def _kommun_page(ds, code: str = "0780") -> str:
    """The Kommun page's two charts of one municipality: the goal areas and the trend."""
    from dashboard.charts.svg_bars import compliance_bars_svg
    from dashboard.charts.svg_lines import municipality_trend_svg

    profile = comparison.compliance_profile(ds, code, ds.years[-1])
    return (compliance_bars_svg(profile, "Växjö", "Staplar")
            + municipality_trend_svg(ds, code, "sosfs_alla", "Växjö"))  # fmt: skip


def _jamfor_page(ds, indicator: str, mine: str, codes: list[str], year: int | None = None
                 ) -> str:  # fmt: skip
    """Jämför's ranking, matrix and trend, with 'min kommun' chosen."""
    from dashboard import domain
    from dashboard.charts.svg_bars import ranking_bars_svg
    from dashboard.charts.svg_heatmap import compliance_heatmap_svg
    from dashboard.charts.svg_lines import trend_lines_svg

    year = year or ds.years[-1]
    ind = domain.indicator(ds, indicator)
    levels = domain.scale_levels(ds, ind["scale"]) if domain.is_categorical(ind) else None
    ranking = comparison.ranking(ds, indicator, year)
    means = {"Länssnitt": 50.0, "Liknande kommuner, snitt": 60.0}
    bars = ranking_bars_svg(ranking, label="Rangordning", levels=levels, scale=ind["scale"],
                            means=None if levels is not None else means, mine=mine,
                            percent=ind["type"] == "andel",
                            colour_scale=scale_for(ds, indicator))  # fmt: skip
    heat = compliance_heatmap_svg(comparison.heatmap_matrix(ds, year), "Matris", mine=mine)
    frame = comparison.trends(ds, indicator, [*codes, mine])
    trend_means = {name: frame.groupby("year", as_index=False)["score"].mean()
                   for name in ("Länssnitt", "Liknande kommuner, snitt")}  # fmt: skip
    trend = trend_lines_svg(frame, label="Trend", levels=levels, mine=mine,
                            means=None if levels is not None else trend_means,
                            percent=ind["type"] == "andel")  # fmt: skip
    return bars + heat + trend


def test_every_chart_draws_each_role_in_its_colour(ds):
    from dashboard import domain
    from dashboard.charts.svg_bars import indicator_bars_svg
    from dashboard.charts.svg_map import indicator_map_html, locator_svg
    from dashboard.domain import overview

    year = ds.years[-1]
    markup = _kommun_page(ds) + _jamfor_page(ds, "sosfs_mal2", "0760", ["0780", "0764"])
    # 2023: the criterion has Uppfyllt, Delvis and a missing answer
    markup += _jamfor_page(ds, "krit_1_1", "0760", ["0780", "0764"], year=2023)
    markup += _jamfor_page(ds, "krit_1_1", "0764", ["0780"], year=2024)  # and Ej uppfyllt
    frame = overview.overview_frame(ds, overview.OverviewState("samordnare", year, "kommun"))
    markup += indicator_map_html(ds, "samordnare", frame, year, "Karta")
    markup += locator_svg(ds.geojson, "0780", "Karta")
    ind = domain.indicator(ds, "samordnare")
    bars = frame.assign(raw=frame["raw"], shown_score=frame["score"], shown_label=frame["label"])
    markup += indicator_bars_svg(bars, label="Staplar", categorical=True,
                                 levels=domain.scale_levels(ds, ind["scale"]), scale="ja_nej")  # fmt: skip
    found = svg_roles(markup)
    assert not wrong_colours(found), wrong_colours(found)[:5]
    # a test that cannot pass on nothing: every role but Riket is drawn here
    drawn = {f["role"] for f in found}
    assert drawn >= set(ROLE_COLOURS) - {"riket"}, set(ROLE_COLOURS) - drawn
    for role in ("lanssnitt", "gruppsnitt"):
        dashes = {f["dash"] for f in found if f["role"] == role and f["tag"] != "rect"}
        assert dashes == {LINE_ROLES[role].dash}, (role, dashes)


def test_min_kommun_keeps_its_values_colour_and_is_outlined(ds):
    """Jämför's finding: 'min kommun' Delvis in vermilion right above another's orange Ej
    uppfyllt. Its bar is now its status's colour, framed in black."""
    found = svg_roles(_jamfor_page(ds, "krit_1_1", "0760", ["0780"]))
    mine = [f for f in found if f["role"] == "min-kommun"]
    assert mine and all(f["colour"] == HIGHLIGHT_COLOR for f in mine)
    assert HIGHLIGHT_COLOR not in ROLE_COLOURS["status-nej"] | ROLE_COLOURS["status-delvis"]


def test_the_kommun_pages_means_look_the_same_in_bars_and_trend(ds):
    """The county mean was hatched grey in the bars and dashed black in the trend, the
    similar municipalities' mean orange dots and a grey dotted line."""
    from dashboard.charts.svg_bars import compliance_bars_svg
    from dashboard.charts.svg_lines import municipality_trend_svg

    profile = comparison.compliance_profile(ds, "0780", ds.years[-1])
    bars = svg_roles(compliance_bars_svg(profile, "Växjö", "Staplar"))
    trend = svg_roles(municipality_trend_svg(ds, "0780", "sosfs_alla", "Växjö"))
    for role in ("lanssnitt", "gruppsnitt", "min-kommun"):
        in_bars = {f["colour"] for f in bars if f["role"] == role}
        in_trend = {f["colour"] for f in trend if f["role"] == role}
        assert in_bars and in_bars == in_trend, (role, in_bars, in_trend)


def test_a_municipality_keeps_its_colour_whatever_is_drawn_with_it(ds):
    """Colours by a stable key, not by order of appearance: the same municipality in two
    trends with other companions (and in another order) has the same colour and dash."""
    from dashboard.charts.svg_lines import trend_lines_svg

    def styles(codes):
        frame = comparison.trends(ds, "sosfs_alla", codes)
        return line_styles(svg_roles(trend_lines_svg(frame, label="Trend", percent=True)))

    first, second = styles(["0764", "0780", "0761"]), styles(["0780", "0765", "0764"])
    for code in ("0780", "0764"):
        assert first[code] == second[code] and len(first[code]) == 1, code
        ((colour, _dash),) = first[code]
        assert colour in colours.ROLE_SERIES


def test_every_page_keeps_a_series_in_one_colour_and_dash(ds):
    markup = _kommun_page(ds) + _jamfor_page(ds, "sosfs_mal2", "0760", ["0780", "0764"])
    for key, seen in line_styles(svg_roles(markup)).items():
        assert len(seen) == 1, (key, seen)


# --- the Kommunrapport (matplotlib) ----------------------------------------------------------


def test_the_kommunrapports_charts_use_the_pages_roles():
    from dashboard.charts import report_charts

    names = ["Växjö", "Länssnitt", "Liknande kommuner, snitt"]
    bars = report_charts.grouped_figure(["Mål 1", "Mål 2"],
                                        [(n, [50.0, 60.0]) for n in names], "T", 16, 8)  # fmt: skip
    axes = bars.axes[0]
    fills = [to_hex(c) for c in dict.fromkeys(tuple(p.get_facecolor()) for p in axes.patches)]
    assert fills == [BAR_COLOR, colours.ROLE_COUNTY_MEAN.color, colours.ROLE_GROUP_MEAN.color]
    mine_edge = to_hex(axes.patches[0].get_edgecolor())
    assert mine_edge == HIGHLIGHT_COLOR

    trend = report_charts.trend_figure([2023, 2024, 2025],
                                       [(n, [40.0, 50.0, 60.0]) for n in names], "T", 16, 8)  # fmt: skip
    lines = {line.get_label(): line for line in trend.axes[0].get_lines()}

    def index_of(name: str) -> int:  # the means have no markers, as on the pages
        return names.index(name)

    for name, role in zip(names, [colours.ROLE_MY_MUNICIPALITY, colours.ROLE_COUNTY_MEAN,
                                  colours.ROLE_GROUP_MEAN], strict=True):  # fmt: skip
        line = lines[name]
        assert to_hex(line.get_color()) == role.color, name
        _offset, pattern = line._unscaled_dash_pattern  # the dash as given, in points
        expected = tuple(float(p) for p in role.dash.split()) or None
        assert (tuple(pattern) if pattern else None) == expected, name
        assert not line.get_marker() or line.get_marker() == "None" or index_of(name) == 0


# --- the pages' CSS --------------------------------------------------------------------------

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def _css_colour(selector: str, prop: str) -> str:
    css = "".join(p.read_text(encoding="utf-8") for p in sorted(ASSETS.glob("*.css")))
    match = re.search(re.escape(selector) + r"\s*\{[^}]*?" + prop + r":\s*(#[0-9a-fA-F]{6})", css)
    assert match, selector
    return match[1].lower()


def test_the_pages_css_uses_the_roles():
    assert _css_colour(".status-met .status-symbol", "background") == colours.ROLE_STATUS_YES
    assert _css_colour(".status-partly .status-symbol", "background") == colours.ROLE_STATUS_PARTLY
    assert _css_colour(".status-not-met .status-symbol", "background") == colours.ROLE_STATUS_NO
    for number, goal in enumerate(colours.ROLE_GOALS, start=1):
        assert _css_colour(f".strategi-goal-{number}", "border-left-color") == goal
    css = "".join(p.read_text(encoding="utf-8") for p in ASSETS.glob("*.css")).lower()
    assert "#d55e00" not in css and "#fde7d9" not in css  # vermilion and its tint: gone
