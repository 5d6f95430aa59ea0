"""Comparison layer and comparison figures: groups, since when, gaps, ranks, heatmap, trends."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import domain
from dashboard.charts import HIGHLIGHT_COLOR, MISSING_COLOR, text_color_on
from dashboard.charts import compare as figures
from dashboard.charts.colours import share_scale
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison
from dashboard.domain.formatting import MISSING


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def with_values(ds, changes: dict[tuple[str, str, int], str]):
    """A copy of the dataset with some stored values replaced ('' = missing)."""
    from dataclasses import replace

    values = ds.values.copy()
    for (code, indicator_id, year), raw in changes.items():
        mask = (
            (values["municipality_code"] == code)
            & (values["indicator_id"] == indicator_id)
            & (values["year"] == year)
        )
        ind = domain.indicator(ds, indicator_id)
        if raw == "":
            score = math.nan
        elif domain.is_categorical(ind):
            levels = domain.scale_levels(ds, ind["scale"]).set_index("code")["order"]
            score = float(levels[raw])
        else:
            score = float(raw.replace(",", "."))
        values.loc[mask, "raw"] = raw
        values.loc[mask, "score"] = score
    return replace(ds, values=values)


# --- groups --------------------------------------------------------------------------------


def test_size_bands_follow_the_stated_rule(ds):
    assert comparison.size_band(ds, 8_289).label == "under 15 000 invånare"
    assert comparison.size_band(ds, 15_000).label == "15 000–40 000 invånare"
    assert comparison.size_band(ds, 98_334).label == "över 40 000 invånare"
    rule = comparison.group_rule(ds)
    assert rule == (
        "Kommuner av liknande storlek: kommuner i samma storleksklass (under 15 000, "
        "15 000–40 000 eller över 40 000 invånare). Har klassen färre än tre kommuner i länet "
        "läggs de kommuner till som ligger närmast i folkmängd, så att gruppen blir minst tre."
    )
    assert comparison.group_options(ds) == {"alla": "alla kommuner i länet",
                                            "storlek": "kommuner av liknande storlek"}  # fmt: skip


def test_comparison_groups(ds):
    small = comparison.comparison_group(ds, "0761")  # Lessebo
    assert set(small) == {"0760", "0761", "0763", "0767"}
    middle = comparison.comparison_group(ds, "0765")  # Älmhult
    assert set(middle) == {"0764", "0765", "0781"}
    # Växjö is alone over 40 000: topped up with the nearest in size, not the smallest.
    vaxjo = comparison.comparison_group(ds, "0780")
    assert len(vaxjo) == comparison.MIN_GROUP_SIZE and "0780" in vaxjo
    assert set(vaxjo) == {"0780", "0781", "0764"}
    assert "närmast i folkmängd: Alvesta och Ljungby." in comparison.group_sentence(ds, "0780")
    assert comparison.comparison_group(ds, "9999") == []


def test_scope_and_url_validation(ds):
    assert comparison.scope_codes(ds, "alla", "0760") == list(ds.municipalities["code"])
    assert set(comparison.scope_codes(ds, "storlek", "0760")) == {"0760", "0761", "0763", "0767"}
    assert comparison.scope_codes(ds, "storlek", None) == list(ds.municipalities["code"])
    assert comparison.resolve_codes(ds, "0760,0760,abc,<script>,0780,0761,0763,0764") == [
        "0760", "0780", "0761", "0763", "0764",
    ]  # fmt: skip
    assert comparison.resolve_codes(ds, "0760,0780,0761", limit=2) == ["0760", "0780"]
    assert comparison.resolve_code(ds, "<script>") is None
    assert comparison.resolve_group("storlek") == "storlek"
    assert comparison.resolve_group("'; drop") == "alla"
    state = comparison.resolve_compare_state(
        ds, {"ar": "1066", "indikator": "<script>", "kommuner": "0760", "min": "x", "grupp": 1}
    )
    assert state.year == ds.years[-1] and state.indicator == "sosfs_alla"
    # the chart draws exactly what is ticked (issue #19: one ticked box drew three)
    assert state.mine is None and state.group == "alla" and state.codes == ("0760",)
    assert comparison.resolve_compare_state(ds, {"kommuner": ""}).codes == ()
    everyone = ",".join(reversed(list(ds.municipalities["code"])))
    assert comparison.resolve_compare_state(ds, {"kommuner": everyone}).codes == tuple(
        ds.municipalities["code"]
    )  # all of them, in county order whatever the address's order
    # only an address without 'kommuner' gets the defaults: my municipality and its group
    state = comparison.resolve_compare_state(ds, {"min": "0780"})
    assert "0780" in state.codes and set(state.codes) == set(
        comparison.comparison_group(ds, "0780")
    ) | {"0780"}


# --- averages, since when ----------------------------------------------------------------------


def test_county_average_is_unweighted_and_skips_missing(ds):
    changed = with_values(ds, {("0780", "samordnare_antal", 2025): ""})
    snap = domain.snapshot(changed, "samordnare_antal", 2025)
    known = snap["score"].dropna()
    assert len(known) == 7
    means = comparison.mean_series(changed, "samordnare_antal")
    assert means.set_index("year").loc[2025, "score"] == pytest.approx(known.mean())
    profile = comparison.compliance_profile(ds, "0760", 2025)
    snap = domain.snapshot(ds, "sosfs_mal1", 2025)
    assert profile.iloc[0]["county"] == pytest.approx(snap["score"].mean())
    # the similar municipalities' mean leaves the municipality itself out (issue #19)
    peers = [c for c in comparison.comparison_group(ds, "0760") if c != "0760"]
    assert comparison.peers(ds, "0760") == peers
    assert profile.iloc[0]["group"] == pytest.approx(snap[snap["code"].isin(peers)]["score"].mean())


def test_summary_text_for_statuses_counts_the_top_level(ds):
    ind = domain.indicator(ds, "suv_status")
    snap = domain.snapshot(ds, "suv_status", 2025)
    expected = int((snap["raw"] == "i_bruk").sum())
    assert comparison.summary_text(ds, ind, snap) == f"{expected} av 8: I bruk"


def test_since_year_from_the_series():
    frame = pd.DataFrame({"year": [2018, 2019, 2020, 2021, 2022],
                          "raw": ["planering", "i_bruk", "inforande", "i_bruk", "i_bruk"]})  # fmt: skip
    assert comparison.since_year(frame, "i_bruk") == 2021  # the current run, not 2019
    assert comparison.first_year(frame, "i_bruk") == 2019
    frame.loc[4, "raw"] = "inforande"
    assert comparison.since_year(frame, "i_bruk") is None  # not in use now
    gap = pd.DataFrame({"year": [2018, 2019, 2020], "raw": ["i_bruk", "", "i_bruk"]})
    assert comparison.since_year(gap, "i_bruk") == 2020  # a missing year breaks the run


def test_status_with_since_on_the_example_data(ds):
    series = comparison.series(ds, "0761", "suv_status")
    first = comparison.first_year(series, "i_bruk")
    status = comparison.status_with_since(ds, "0761", "suv_status", "i_bruk", ds.years[-1])
    assert status.value == "I bruk" and status.since == f"sedan {first}"
    never = comparison.status_with_since(ds, "0780", "suv_status", "i_bruk", ds.years[-1])
    assert never.value == "Ej påbörjat" and never.since == ""
    always = comparison.status_with_since(ds, "0763", "samordnare", "ja", ds.years[-1])
    assert always.since == f"sedan {ds.years[0]} eller tidigare"


# --- ranks -----------------------------------------------------------------------------------


def test_ordinals_and_shared_ranks():
    assert [comparison.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21, 22)] == [
        "1:a", "2:a", "3:e", "4:e", "11:e", "12:e", "21:a", "22:a",
    ]  # fmt: skip
    ranks = pd.Series([1.0, 2.0, 2.0, 4.0, math.nan])
    assert comparison.rank_labels(ranks).tolist() == ["1:a", "delad 2:a", "delad 2:a", "4:e", ""]


def test_ranking_with_ties_and_missing(ds):
    changed = with_values(
        ds,
        {("0760", "sosfs_mal1", 2025): "", **{
            ("0760", c, 2025): "okant" for c in ("krit_1_1", "krit_1_2", "krit_1_3")}},
    )  # fmt: skip
    frame = comparison.ranking(changed, "sosfs_mal1", 2025)
    last = frame.iloc[-1]
    assert last["code"] == "0760" and last["missing"] and last["rank_label"] == ""
    assert last["label"] == MISSING
    present = frame[~frame["missing"]]
    assert present["score"].is_monotonic_decreasing
    for _, group in present.groupby("score"):
        assert group["rank"].nunique() == 1  # equal values share a rank
        if len(group) > 1:
            assert all(label.startswith("delad ") for label in group["rank_label"])
    assert comparison.ranking(ds, "skyddat_boende_placeringar", 2025)["rank"].isna().all()
    within = comparison.ranking(ds, "sosfs_alla", 2025, ["0760", "0761"])
    assert set(within["code"]) == {"0760", "0761"} and within["rank"].min() == 1


# --- criteria and gaps -------------------------------------------------------------------------


def test_criteria_status_has_every_criterion_with_text(ds):
    status = comparison.criteria_status(ds, "0780", 2025)
    assert len(status) == int(ds.indicators["is_criterion"].sum())
    assert set(status["label"]) <= {"Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", MISSING}
    assert list(status["goal_id"]) == sorted(status["goal_id"])


def test_gaps_point_to_the_delmal_of_unmet_criteria(ds):
    changed = with_values(ds, {("0760", "krit_3_2", 2025): "ej_uppfyllt",
                               ("0760", "krit_2_3", 2025): "delvis",
                               ("0760", "krit_1_1", 2025): "okant"})  # fmt: skip
    gaps = comparison.gaps_to_subgoals(changed, "0760", 2025).set_index("subgoal_id")
    assert "3.1" in gaps.index and "2.3" in gaps.index
    assert gaps.loc["3.1", "href"] == "/strategi/3/3.1"
    assert any("Delvis uppfyllt" in c for c in gaps.loc["2.3", "criteria"])
    status = comparison.criteria_status(changed, "0760", 2025)
    met_only = status[~status["raw"].isin(comparison.NOT_MET)]
    for _, row in met_only.iterrows():  # met or unknown criteria add no delmål of their own
        for subgoal in row["subgoal_ids"]:
            if subgoal in gaps.index:
                assert not any(row["short_name"] in c for c in gaps.loc[subgoal, "criteria"])


def test_tables_mark_example_data(ds):
    tables = [
        comparison.key_figures_table(ds, "0760", 2025),
        comparison.compliance_table(comparison.compliance_profile(ds, "0760", 2025), "U"),
        comparison.criteria_table(ds, comparison.criteria_status(ds, "0760", 2025), 2025),
        comparison.gaps_table(comparison.gaps_to_subgoals(ds, "0760", 2025)),
        comparison.heatmap_table(ds, comparison.heatmap_matrix(ds, 2025), "0760"),
    ]
    for table in tables:
        assert table[comparison.EXAMPLE_COLUMN].eq("Ja").all()
    heat = tables[-1]
    assert heat["Kommun"].str.contains("(min kommun)", regex=False).sum() == 1


# --- heatmap matrix and figure ---------------------------------------------------------------


def test_heatmap_matrix_sorted_by_overall_compliance(ds):
    matrix = comparison.heatmap_matrix(ds, 2025)
    assert set(matrix["code"]) == set(ds.municipalities["code"])
    assert set(matrix["column"]) == {"Mål 1", "Mål 2", "Mål 3", "Mål 4", "Alla"}
    overall = matrix[matrix["column"] == "Alla"].sort_values("row_order")
    assert overall["score"].is_monotonic_decreasing


def test_heatmap_svg_shows_every_cell_missing_and_highlight(ds):
    """Jämför's matrix as SVG from the server: the same cells, steps and highlight."""
    import xml.etree.ElementTree as ET

    from dashboard.charts.svg_heatmap import compliance_heatmap_svg

    ns = "{http://www.w3.org/2000/svg}"
    changed = with_values(ds, {("0761", c, 2025): "okant" for c in ("krit_4_1", "krit_4_2",
                                                                   "krit_4_3", "krit_4_4")})  # fmt: skip
    matrix = comparison.heatmap_matrix(changed, 2025)
    root = ET.fromstring(compliance_heatmap_svg(matrix, "Värmekarta <2025>", mine="0780"))
    assert root.get("role") == "img" and root.get("aria-label") == "Värmekarta <2025>"
    rows = matrix.drop_duplicates("code").sort_values("row_order")
    labels = [t.text for t in root.findall(f"{ns}text") if t.get("text-anchor") == "end"]
    assert labels == [
        ("▶ " if c == "0780" else "") + n for c, n in zip(rows["code"], rows["name"], strict=True)
    ]
    cells = root.findall(f"{ns}g")
    assert len(cells) == len(matrix)
    lookup = matrix.set_index(["name", "column_name"])
    for cell in cells:
        name, rest = cell.find(f"{ns}title").text.split("\n")
        column_name, label = rest.rsplit(": ", 1)
        row = lookup.loc[(name, column_name)]
        fill = cell.find(f"{ns}rect").get("fill")
        text = "".join(t.text for t in cell.find(f"{ns}text").iter(f"{ns}tspan"))
        step = share_scale().step(None, float(row["score"]))
        if step is None:
            assert fill == MISSING_COLOR and text == "Uppgiftsaknas" and name == "Lessebo"
        else:
            assert fill == step.color and text == label == row["label"]
        assert cell.find(f"{ns}text").get("fill") == text_color_on(fill)
    highlight = [r for r in root.findall(f"{ns}rect") if r.get("stroke") == HIGHLIGHT_COLOR]
    assert len(highlight) == 1


def test_heatmap_rows_are_lower_for_a_large_county(ds):
    """Issue #19: at 49 municipalities the matrix was twice as tall as the table beside it.
    Above COMPACT_ROWS rows, rows are lower and a missing cell reads 'saknas' on one line."""
    import xml.etree.ElementTree as ET

    from dashboard.charts import svg_heatmap

    ns = "{http://www.w3.org/2000/svg}"
    matrix = comparison.heatmap_matrix(ds, 2025)
    many = pd.concat(
        [matrix.assign(code=matrix["code"] + f"-{i}", name=matrix["name"] + f" {i}",
                       row_order=matrix["row_order"] + 100 * i) for i in range(3)]
    )  # fmt: skip
    many.loc[many.index[:1], ["score", "label"]] = [math.nan, "Uppgift saknas"]

    def row_heights(frame):
        root = ET.fromstring(svg_heatmap.compliance_heatmap_svg(frame, "Värmekarta"))
        return {float(r.get("height")) for r in root.iter(f"{ns}rect")}, root

    assert row_heights(matrix)[0] == {svg_heatmap.CELL_HEIGHT - svg_heatmap.GAP}
    heights, root = row_heights(many)
    assert heights == {svg_heatmap.COMPACT_HEIGHT - svg_heatmap.GAP}
    height = float(root.get("viewBox").split()[3])
    assert height < svg_heatmap.HEADER + 24 * 30
    missing = [g for g in root.iter(f"{ns}g") if g.find(f"{ns}rect").get("fill") == MISSING_COLOR]
    texts = ["".join(t.itertext()) for g in missing for t in g.iter(f"{ns}text")]
    assert texts and set(texts) == {"saknas"}


def test_equal_shares_get_the_same_heat_colour():
    shares = share_scale()
    assert shares.step(None, 66.7) == shares.step(None, 66.7)
    assert shares.step(None, 0) == shares.steps[0] and shares.step(None, 100) == shares.steps[-1]
    assert shares.step(None, math.nan) is None


# --- ranking and trend figures ---------------------------------------------------------------


SVG = "{http://www.w3.org/2000/svg}"


def _svg(markup: str):
    import xml.etree.ElementTree as ET

    return ET.fromstring(markup)


def _bar_rows(root) -> list[tuple[str, str, str | None, str, str | None]]:
    """(name, its font-weight, bar fill or None, value text, tooltip) per row of svg_bars."""
    names = [t for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "end"]
    bars = [g for g in root.findall(f"{SVG}g") if g.get("class") != "legend-item"]
    assert len(names) == len(bars)
    rows = []
    for name, bar in zip(names, bars, strict=True):
        rect = bar.find(f"{SVG}rect")
        rows.append((name.text, name.get("font-weight"), rect.get("fill") if rect is not None
                     else None, bar.find(f"{SVG}text").text, bar.find(f"{SVG}title").text))  # fmt: skip
    return rows


def test_ranking_chart_has_everyone_missing_marked_and_mine_highlighted(ds):
    from dashboard.charts.svg_bars import ranking_bars_svg

    changed = with_values(ds, {("0767", "samordnare_antal", 2025): ""})
    frame = comparison.ranking(changed, "samordnare_antal", 2025)
    root = _svg(ranking_bars_svg(frame, label="Antal <samordnare>", means={"Länssnitt": 1.5},
                                 mean_texts={"Länssnitt": "1,5"}, mine="0760"))  # fmt: skip
    assert root.get("aria-label") == "Antal <samordnare>"  # escaped in the markup, read back
    rows = _bar_rows(root)
    assert len(rows) == 8 and rows[-1][0] == "Markaryd"  # missing last, no bar: grey square
    assert rows[-1][2] == MISSING_COLOR and rows[-1][3] == MISSING
    by_name = {r[0]: r for r in rows}
    mine = by_name["▶ Uppvidinge"]
    # #34: 'min kommun' keeps its value's colour (no hue of its own beside a status), and
    # is marked by a heavy black outline, ▶ and bold
    assert mine[1] == "700" and mine[2] == figures.BAR_COLOR and "(min kommun)" in mine[4]
    outlines = root.findall(f".//{SVG}rect[@data-role='min-kommun']")
    assert len(outlines) == 1 and outlines[0].get("stroke") == HIGHLIGHT_COLOR
    assert outlines[0].get("fill") == "none" and float(outlines[0].get("stroke-width")) >= 3
    assert all(r[2] == figures.BAR_COLOR and r[1] is None for r in rows[:-1] if r is not mine)
    line = root.find(f"{SVG}line[@class='county-mean']")
    legend = [t.text for t in root.iter(f"{SVG}text") if t.text and "Länssnitt" in t.text]
    assert line is not None and legend == ["Länssnitt: 1,5"]
    # The line is drawn before the bars, so a bar and its text lie on top of it.
    children = list(root)
    assert children.index(line) < children.index(root.findall(f"{SVG}g")[-1])


def test_ranking_chart_for_statuses_keeps_lowest_level_visible(ds):
    from dashboard.charts.svg_bars import ranking_bars_svg

    frame = comparison.ranking(ds, "suv_status", 2025)
    root = _svg(ranking_bars_svg(frame, label="SUV", levels=domain.scale_levels(ds, "suv"),
                                 scale="suv"))  # fmt: skip
    rows = _bar_rows(root)
    lowest = [r for r in rows if r[3] == "Ej påbörjat"]
    assert lowest and all(r[2] not in (None, MISSING_COLOR) for r in lowest)  # a bar, not grey
    assert [r[3] for r in rows] == list(frame["label"])  # each step named at its bar


def test_ranking_share_axis_stops_at_100_and_text_contrasts(ds):
    from dashboard.charts.svg_bars import ranking_bars_svg

    frame = comparison.ranking(ds, "sosfs_alla", 2025)
    root = _svg(ranking_bars_svg(frame, label="Efterlevnad", means={"Länssnitt": 74.0,
                "Liknande kommuner": 66.0}, mean_texts={"Länssnitt": "74 %",
                "Liknande kommuner": "66 %"}, mine="0763", percent=True))  # fmt: skip
    ticks = [t.text for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert ticks[0] == "0\u00a0%" and ticks[-1] == "100\u00a0%"
    lines = [root.find(f"{SVG}line[@class='{c}']") for c in ("county-mean", "group-mean")]
    assert all(line is not None for line in lines)
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")  # not by colour
    legend = [g.find(f"{SVG}text").text for g in root.findall(f"{SVG}g[@class='legend-item']")]
    assert legend == ["Länssnitt: 74 %", "Liknande kommuner: 66 %"]
    for bar in (g for g in root.findall(f"{SVG}g") if g.get("class") != "legend-item"):
        rect, text = bar.find(f"{SVG}rect"), bar.find(f"{SVG}text")
        inside = text.get("text-anchor") == "end"
        assert text.get("fill") == (text_color_on(rect.get("fill")) if inside else "#1b1b1b")


def test_trend_chart_lines_gaps_and_highlight(ds):
    from dashboard.charts.svg_lines import trend_lines_svg

    changed = with_values(ds, {("0761", "sosfs_mal2", 2020): "", **{
        ("0761", c, 2020): "okant" for c in ("krit_2_1", "krit_2_2", "krit_2_3", "krit_2_4",
                                             "krit_2_5")}})  # fmt: skip
    frame = comparison.trends(changed, "sosfs_mal2", ["0760", "0761", "0780"])
    assert len(frame) == 3 * len(ds.years)
    means = {"Länssnitt": comparison.mean_series(changed, "sosfs_mal2")}
    root = _svg(trend_lines_svg(frame, label="SOSFS mål 2", means=means, mine="0780",
                                percent=True))  # fmt: skip
    legend = root.findall(f"{SVG}g[@class='legend-item']")
    names = [g.find(f"{SVG}text").text for g in legend]
    assert names == ["Länssnitt", "Uppvidinge", "Lessebo", "Växjö (min kommun)"]
    assert [g.find(f"{SVG}text").get("font-weight") for g in legend] == [None, None, None, "700"]
    lines = {g.get("data-code"): g for g in root.findall(f"{SVG}g[@class='trend-line']")}
    lessebo = lines["0761"]
    # 2020 is missing: the line breaks there and no point is drawn for it
    assert len(lessebo.findall(f"{SVG}polyline")) == 2
    tooltips = [t.text for t in lessebo.iter(f"{SVG}title")]
    assert len(tooltips) == len(ds.years) - 1 and not any(" 2020:" in t for t in tooltips)
    mine = lines["0780"].find(f"{SVG}polyline")
    assert mine.get("stroke") == HIGHLIGHT_COLOR and float(mine.get("stroke-width")) > 2
    assert lines["0780"].find(f"{SVG}g/{SVG}polygon") is not None  # diamonds
    others = {lines[c].find(f"{SVG}polyline").get("stroke") for c in ("0760", "0761")}
    assert HIGHLIGHT_COLOR not in others and len(others) == 2
    mean = root.find(f"{SVG}g[@class='trend-mean']/{SVG}polyline")
    assert mean.get("stroke-dasharray")  # dashed, no markers
    table = comparison.trends_table(changed, frame, "sosfs_mal2", "0780", means)
    assert table.set_index("År").loc["2020", "Lessebo"] == MISSING
    assert "Växjö (min kommun)" in table.columns


def test_trend_chart_for_statuses_names_the_steps_on_its_axis(ds):
    from dashboard.charts.svg_lines import trend_lines_svg

    frame = comparison.trends(ds, "suv_status", ["0780", "0760"])
    root = _svg(trend_lines_svg(frame, label="SUV", levels=domain.scale_levels(ds, "suv"),
                                mine="0780", mine_is_subject=True))  # fmt: skip
    drawn = [g.get("data-code") for g in root.findall(f"{SVG}g[@class='trend-line']")]
    assert drawn == ["0760", "0780"]  # its own line on top where lines meet
    axis = [t.text for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert axis == ["Ej påbörjat", "Planering", "Införande", "I bruk"]
    years = [t.text for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert years == [str(y) for y in ds.years]
    legend = [g.find(f"{SVG}text").text for g in root.findall(f"{SVG}g[@class='legend-item']")]
    assert legend == ["Växjö", "Uppvidinge"]  # 0760; its own profile: without '(min kommun)'


def test_compliance_bars_profile(ds):
    """The Kommun profile (page and presenter's slide): three named series per goal area."""
    import xml.etree.ElementTree as ET

    from dashboard.charts.svg_bars import compliance_bars_svg

    ns = "{http://www.w3.org/2000/svg}"
    profile = comparison.compliance_profile(ds, "0780", 2025)
    root = ET.fromstring(compliance_bars_svg(profile, "Växjö", "Profil"))
    legend = [t.text for t in root.iter(f"{ns}text") if t.get("class") == "legend-item"]
    assert legend == ["Växjö", "Länssnitt", "Liknande kommuner, snitt"]
    groups = [t.text for t in root.iter(f"{ns}text") if t.get("text-anchor") == "end"]
    assert groups == ["Mål 1", "Mål 2", "Mål 3", "Mål 4"]
    values = [g.find(f"{ns}text").text for g in root.iter(f"{ns}g")]
    assert len(values) == 3 * 4 and all(v.endswith("\u00a0%") or v == MISSING for v in values)


# --- first-time-user review of /jamfor ---------------------------------------------------------


def test_group_sentence_without_the_municipality_itself(ds):
    assert comparison.peer_names(ds, "0763") == "Lessebo, Markaryd och Uppvidinge"
    assert comparison.group_sentence(ds, "0763") == (
        "Tingsryd hör till kommunerna med under 15 000 invånare och jämförs med Lessebo, "
        "Markaryd och Uppvidinge."
    )  # the municipality itself is named once, as the subject
    assert comparison.join_names(["A"]) == "A" and comparison.join_names([]) == ""


def test_readable_names_spell_out_abbreviations(ds):
    alla = domain.indicator(ds, "sosfs_alla")
    assert comparison.readable_name(alla) == "Efterlevnad av SOSFS 2014:4, alla mål"
    assert comparison.readable_name(domain.indicator(ds, "suv_status")) == "SUV"
    table = comparison.ranking_table(
        ds, comparison.ranking(ds, "sosfs_alla", 2025), "sosfs_alla", 2025, None
    )
    assert "Efterlevnad av SOSFS 2014:4, alla mål 2025" in table.columns


def test_shown_tables_are_narrow_and_say_example_data_once(ds):
    matrix = comparison.heatmap_matrix(ds, 2025)
    full = comparison.heatmap_table(ds, matrix, "0760")
    shown, note = comparison.shown_table(full, comparison.heatmap_headers(matrix))
    # the fixture has criteria not assessed in 2025: their count stands beside the shares
    assert list(shown.columns) == ["Kommun", "Mål 1", "Mål 2", "Mål 3", "Mål 4", "Alla",
                                   comparison.UNASSESSED_COLUMN]  # fmt: skip
    assert note == comparison.ALL_EXAMPLE_NOTE
    mixed = full.copy()
    mixed.loc[0, comparison.EXAMPLE_COLUMN] = "Nej"
    shown, note = comparison.shown_table(mixed)
    assert shown.columns[-1] == comparison.EXAMPLE_SHORT and "Ex. = exempeldata" in note
    mixed[comparison.EXAMPLE_COLUMN] = "Nej"
    shown, note = comparison.shown_table(mixed)
    assert comparison.EXAMPLE_COLUMN not in shown.columns and note == ""
    assert comparison.value_header(domain.indicator(ds, "sosfs_alla")) == "Andel"
    assert comparison.value_header(domain.indicator(ds, "suv_status")) == "Status"


def test_a_long_ranking_is_shown_as_its_ends_and_mine_with_the_gaps_counted(ds):
    """Jämför at 49 or 290 municipalities: the ten best, the ten worst and 'min kommun'
    where it ranks, a row per run left out; a county of RANKING_ROWS or fewer keeps all."""
    from dashboard.charts.svg_bars import ranking_bars_svg

    frame = comparison.ranking(ds, "sosfs_alla", 2025)
    table = comparison.ranking_table(ds, frame, "sosfs_alla", 2025, "0780")
    shown, shown_table = comparison.shown_ranking(frame, table, "0780")
    assert len(shown) == 8 and not shown["gap"].any() and shown_table.equals(table)

    mine = frame["code"].iloc[4]
    shown, shown_table = comparison.shown_ranking(frame, table, mine, limit=4)
    assert list(shown["gap"]) == [0, 0, 2, 0, 1, 0, 0]
    assert list(shown["code"]) == [*frame["code"][:2], "", mine, "", *frame["code"][-2:]]
    kommun = list(shown_table["Kommun"])
    assert kommun[2] == "2 kommuner till (alla i nedladdningen)"
    assert kommun[4] == "1 kommun till (alla i nedladdningen)"
    assert kommun[3].endswith("(min kommun)")
    assert set(shown_table[comparison.EXAMPLE_COLUMN]) == {"Ja"}  # the runs' own flag

    root = _svg(ranking_bars_svg(shown, label="Rangordning", mine=mine, percent=True))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "2 kommuner till (alla i nedladdningen)" in texts and texts.count("…") == 2
    links = [a for a in root.iter(f"{SVG}a")]
    assert not links  # no href given; a gap row is never a link
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("data-role") != "min-kommun"]
    assert len(rects) == 5  # five municipalities drawn, no bar or square for a gap


def test_trend_preselection_is_capped_at_the_nearest_in_size(ds, monkeypatch):
    """A size class of all of Sweden holds ~70 municipalities: the trend chart preselects
    min kommun and the TREND_PEERS of its group nearest in population, in county order."""
    full = comparison.default_trend_codes(ds, "0763")
    assert len(full) == len(comparison.peers(ds, "0763")) + 1  # Kronoberg: the whole group
    monkeypatch.setattr(comparison, "TREND_PEERS", 1)
    population = ds.municipalities.set_index("code")["population"]
    nearest = min(comparison.peers(ds, "0763"),
                  key=lambda c: abs(population[c] - population["0763"]))  # fmt: skip
    chosen = comparison.default_trend_codes(ds, "0763")
    assert set(chosen) == {"0763", nearest}
    assert chosen == [c for c in ds.municipalities["code"] if c in chosen]


def test_similar_municipalities_mean_leaves_the_municipality_out_on_every_page(ds, dash_app):
    """'Liknande kommuner, snitt' is one thing: Jämför's trend and ranking means and the
    municipality's own page all leave min kommun out of its group's mean."""
    from dashboard.pages import jamfor

    state = comparison.resolve_compare_state(ds, {"min": "0780", "grupp": "storlek",
                                                  "indikator": "sosfs_alla"})  # fmt: skip
    on_jamfor = jamfor.trend_means(ds, state)["Liknande kommuner, snitt"]
    on_kommun = comparison.municipality_trend_means(ds, "0780", "sosfs_alla")[
        "Liknande kommuner, snitt"]  # fmt: skip
    assert on_jamfor.equals(on_kommun)
    peers = comparison.peers(ds, "0780")
    snap = domain.snapshot(ds, "sosfs_alla", state.year)
    expected = comparison.format_mean(domain.indicator(ds, "sosfs_alla"),
                                      domain.county_mean(snap[snap["code"].isin(peers)]))  # fmt: skip
    assert f"Liknande kommuner: {expected}" in jamfor.ranking_svg(ds, state)
