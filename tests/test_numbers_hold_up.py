"""Numbers that hold up (issue #31): a partial year is preliminary and never the default, a
change compares the same municipalities in both years and says how many, and a delmål's
verdict never hides a worsening. Datasets are the shipped example data with values taken out
or added, built in memory."""

from __future__ import annotations

import math
import shutil
from dataclasses import replace

import pandas as pd
import pytest
from conftest import COUNTY_DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import domain
from dashboard.config import REPO_ROOT
from dashboard.data import importer
from dashboard.data.loader import DataError, load_dataset
from dashboard.domain import progress

DATA = COUNTY_DATA  # the fixture county (conftest), never the shipped data/
GEO = REPO_ROOT / "geo"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA, GEO)


def with_values(ds, rows: list[dict]):
    """The dataset with these rows added (a later year answered by some municipalities)."""
    template = ds.values.iloc[0].to_dict()
    added = pd.DataFrame([{**template, "raw": "", "score": float("nan"), "is_example": False,
                           "source": "Enkät", "origin": "", "updated": "", "note": "", **r}
                          for r in rows])  # fmt: skip
    return replace(ds, values=pd.concat([ds.values, added], ignore_index=True))


def without(ds, indicator_id: str, year: int, codes: list[str]):
    values = ds.values
    drop = ((values["indicator_id"] == indicator_id) & (values["year"] == year)
            & values["municipality_code"].isin(codes))  # fmt: skip
    return replace(ds, values=values[~drop].reset_index(drop=True))


def stated_missing(ds, indicator_id: str, year: int, codes: list[str]):
    """These municipalities' values replaced by a stated 'uppgift saknas' (the row stays)."""
    values = ds.values.copy()
    hit = ((values["indicator_id"] == indicator_id) & (values["year"] == year)
           & values["municipality_code"].isin(codes))  # fmt: skip
    values.loc[hit, "raw"] = ""
    values.loc[hit, "score"] = float("nan")
    return replace(ds, values=values)


def partial_2026(ds):
    """Växjö alone has answered for 2026 (coordinator: nej, SUV: i bruk)."""
    return with_values(ds, [
        {"municipality_code": "0780", "indicator_id": "samordnare", "year": 2026, "raw": "nej",
         "score": 0.0},
        {"municipality_code": "0780", "indicator_id": "suv_status", "year": 2026,
         "raw": "i_bruk", "score": 2.0},
    ])  # fmt: skip


# --- 1. complete and preliminary years ------------------------------------------------------------


def test_a_partial_year_is_preliminary_and_never_the_default(ds):
    partial = partial_2026(ds)
    assert partial.years[-1] == 2026
    assert domain.latest_complete_year(partial) == 2025
    assert domain.latest_complete_year(partial, "samordnare") == 2025
    assert domain.resolve_year(partial, None) == 2025
    assert domain.resolve_year(partial, "2026") == 2026  # it can still be chosen
    assert domain.year_text(partial, "samordnare", 2026) == "2026 (preliminär – 1 av 8 kommuner)"
    assert domain.year_text(partial, "samordnare", 2025) == "2025"
    options = {o["value"]: o["label"] for o in domain.year_choices(partial)}
    assert options["2026"] == "2026 (prel.)" and options["2025"] == "2025"


def test_a_stated_missing_value_completes_a_year(ds):
    rows = [{"municipality_code": code, "indicator_id": "samordnare", "year": 2026,
             "raw": "ja", "score": 1.0} for code in ds.municipalities["code"][:7]]  # fmt: skip
    rows.append(
        {
            "municipality_code": ds.municipalities["code"].iloc[7],
            "indicator_id": "samordnare",
            "year": 2026,
        }
    )  # 'saknas': no value, a reason
    complete = with_values(ds, rows)
    assert domain.coverage(complete, "samordnare", 2026).complete
    assert domain.latest_complete_year(complete, "samordnare") == 2026


def test_the_importer_names_the_years_and_indicators_it_leaves_incomplete(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".historik"))
    path = tmp_path / "svar.csv"
    path.write_text("kommunkod;indikator;ar;varde;kalla\n0780;samordnare;2026;nej;Enkät 2026\n",
                    encoding="utf-8")  # fmt: skip
    result = importer.run_import(path, data_dir=data, geo_dir=GEO, user="testare")
    assert "Ofullständigt 2026, kommuner med uppgift: samordnare 1 av 8." in result.summary
    assert "preliminärt" in result.summary


def test_key_figures_of_a_partial_year_say_what_they_rest_on(ds):
    figures = {k.title: k for k in domain.key_figures(partial_2026(ds), 2026)}
    coordinators = figures["Kvinnofridssamordnare"]
    assert coordinators.value == "0 av 1" and "(7 saknar uppgift)" in coordinators.detail
    # no county change from the one municipality that has answered so far (it said −7)
    assert coordinators.change == "ingen jämförelse med 2025: 2026 är preliminärt"


def test_a_key_figure_change_in_complete_years_compares_the_same_municipalities(ds):
    thinned = stated_missing(ds, "samordnare", 2025, ["0760"])  # 'saknas': a complete year
    change = {k.title: k for k in domain.key_figures(thinned, 2025)}["Kvinnofridssamordnare"]
    assert change.change.endswith("(samma 7 kommuner båda åren)")


# --- 2. like with like -------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "codes"), [
    (2025, ["0760"]),              # missing the later year
    (2018, ["0760"]),              # missing the earlier year
    (2018, ["0760", "0761"]),      # two missing at the start
])  # fmt: skip
def test_the_county_compares_the_same_municipalities_in_both_years(ds, year, codes):
    thinned = stated_missing(ds, "samordnare", year, codes)
    item = progress.indicator_progress(thinned, "samordnare")
    kept = 8 - len(codes)
    assert (item.first_year, item.last_year) == (2018, 2025)
    assert item.basis == f"samma {kept} kommuner båda åren"
    assert item.first_text.endswith(f"av {kept} kommuner")
    assert item.last_text.endswith(f"av {kept} kommuner")


def test_a_municipality_missing_both_years_is_not_in_the_panel(ds):
    thinned = stated_missing(stated_missing(ds, "samordnare", 2018, ["0760"]), "samordnare",
                             2025, ["0760"])  # fmt: skip
    assert progress.indicator_progress(thinned, "samordnare").basis == "samma 7 kommuner båda åren"


def test_a_later_year_someone_has_not_answered_for_is_left_out(ds):
    """No row at all (not even 'saknas') for one municipality in 2025: the year is not
    complete, so the county is compared up to 2024, with every municipality."""
    item = progress.indicator_progress(without(ds, "samordnare", 2025, ["0760"]), "samordnare")
    assert item.last_year == 2024 and item.basis == "2025 är preliminärt och ingår inte"


def test_the_whole_county_needs_no_panel_note(ds):
    item = progress.indicator_progress(ds, "samordnare")
    assert item.basis == "" and item.last_text.endswith("av 8 kommuner")


def test_a_preliminary_last_year_is_left_out_of_the_verdict(ds):
    item = progress.indicator_progress(partial_2026(ds), "samordnare")
    assert item.last_year == 2025 and "2026 är preliminärt och ingår inte" in item.basis
    assert item.last_text.endswith("av 8 kommuner")


def test_no_municipality_in_both_years_cannot_be_judged(ds):
    codes = list(ds.municipalities["code"])
    thinned = without(without(ds, "samordnare", 2018, codes[:4]), "samordnare", 2025, codes[4:])
    thinned = replace(thinned, values=thinned.values[
        ~((thinned.values["indicator_id"] == "samordnare")
          & thinned.values["year"].between(2019, 2024))])  # fmt: skip
    item = progress.indicator_progress(thinned, "samordnare")
    assert item.verdict == progress.UNKNOWN and item.reason == "ingen kommun har uppgift båda åren"


# --- 3. one honest verdict per delmål ---------------------------------------------------------------


def test_mixed_directions_are_mixed_and_say_so(ds):
    items = [progress.IndicatorProgress("a", "A", 2018, 2025, "", "", v, "")
             for v in (progress.BETTER, progress.BETTER, progress.WORSE, progress.WORSE)]  # fmt: skip
    assert progress.combined_verdict(i.verdict for i in items) == progress.MIXED
    assert progress.mixed_text(items) == "2 bättre, 2 sämre"
    # per thing measured, as the summary counts: the coordinators' three measures count once
    item = progress.subgoal_progress(ds, "2.3")
    measured = progress.measure_verdicts(ds, item.indicators)
    text = progress.mixed_text(item.indicators, ds)
    assert sum(int(part.split()[0]) for part in text.split(", ")) == len(measured)


def test_the_summary_counts_indicators_so_a_worsening_never_disappears(ds):
    items = progress.all_progress(ds)
    by_delmal = progress.verdict_counts(i.verdict for i in items)
    by_indicator = progress.verdict_counts(ind.verdict for i in items for ind in i.indicators)
    worse_indicators = [ind for i in items for ind in i.indicators
                        if ind.verdict == progress.WORSE]  # fmt: skip
    assert by_indicator[progress.WORSE] == len(worse_indicators)
    # a delmål holding a worse indicator is worse or mixed, never better or unchanged
    for item in items:
        if any(ind.verdict == progress.WORSE for ind in item.indicators):
            assert item.verdict in (progress.WORSE, progress.MIXED), item.subgoal_id
    assert sum(by_delmal.values()) == len(items)


def test_the_rule_states_zero_small_bases_and_the_panel():
    for words in ("Från noll", "12,5 procentenheter", "samma kommuner båda åren", "blandat",
                  "preliminärt"):  # fmt: skip
        assert words in progress.RULE_TEXT


def test_an_unassessed_criterion_never_raises_a_share_and_is_counted(ds):
    """Växjö answers one criterion of goal area 2 (uppfyllt) and marks the rest 'uppgift
    saknas': its share is 1 of all the area's criteria, not 100 %, and says how many were
    not assessed."""
    area = ds.indicators[ds.indicators["is_criterion"] & (ds.indicators["goal_id"] == "2")]
    criteria = list(area["id"])
    values = ds.values.copy()
    rows = (values["municipality_code"] == "0780") & (values["year"] == 2025)
    first = rows & (values["indicator_id"] == criteria[0])
    rest = rows & values["indicator_id"].isin(criteria[1:])
    values.loc[first, ["raw", "score"]] = ["uppfyllt", 2.0]
    values.loc[rest, "raw"] = ""
    values.loc[rest, "score"] = float("nan")
    snap = domain.snapshot(replace(ds, values=values), "sosfs_mal2", 2025).set_index("code")
    assert snap.loc["0780", "score"] == pytest.approx(100 / len(criteria))
    unassessed = len(criteria) - 1
    assert snap.loc["0780", "note"] == (f"{unassessed} av {len(criteria)} kriterier ej bedömda "
                                        "(räknas som ej uppfyllda)")  # fmt: skip


# --- 4. definitions over time ---------------------------------------------------------------------


def redefined(ds, indicator_id: str, years: tuple[int, ...]):
    indicators = ds.indicators.copy()
    row = indicators.index[indicators["id"] == indicator_id][0]
    indicators.at[row, "definition_changes"] = years
    return replace(ds, indicators=indicators)


def test_a_criterion_redefined_twice_compares_only_the_last_stretch(ds):
    twice = redefined(ds, "krit_2_1", (2020, 2023))
    item = progress.indicator_progress(twice, "krit_2_1")
    assert (item.first_year, item.last_year) == (2023, 2025)
    # the goal area's share is built from it: compared over the same stretch
    assert domain.definition_breaks(twice, "sosfs_mal2")[-2:] == (2023, 2024)
    assert progress.indicator_progress(twice, "sosfs_mal2").first_year == 2024
    assert progress.indicator_progress(twice, "sosfs_alla").first_year == 2024


def test_shipped_redefinitions_reach_the_shares_built_from_them(ds):
    """krit_2_3, krit_2_5 and krit_3_1 were redefined in 2024 (data/indikatorer.csv): the
    SOSFS shares of goal areas 2 and 3 and in total are compared from 2024, not 2018."""
    for indicator_id in ("sosfs_mal2", "sosfs_mal3", "sosfs_alla"):
        assert 2024 in domain.definition_breaks(ds, indicator_id)
        assert progress.indicator_progress(ds, indicator_id).first_year == 2024
    assert progress.indicator_progress(ds, "sosfs_mal1").first_year == 2018


def test_no_change_is_shown_across_a_new_definition(ds):
    figures = {k.title: k for k in domain.key_figures(ds, 2024)}
    assert figures["SOSFS 2014:4, mål 2"].change == "ny definition från 2024: ingen jämförelse"
    assert figures["SOSFS 2014:4, mål 1"].change != "ny definition från 2024: ingen jämförelse"
    from dashboard.domain import changes, overview

    moved = {a.goal_id: a for a in changes.changes(ds, 2023, 2025).goal_areas}
    assert moved["2"].new_definition == 2024 and moved["2"].rises == moved["2"].falls == ()
    assert moved["1"].new_definition is None
    state = overview.OverviewState("sosfs_mal2", 2024, "kommun")
    texts = set(overview.overview_frame(ds, state)["change_text"])
    assert texts == {"Ny definition från 2024: ingen jämförelse med 2023"}


# --- 7. which values are example data -------------------------------------------------------------


def test_a_verdict_says_when_it_rests_on_example_values(ds):
    assert progress.indicator_progress(ds, "samordnare").example == "alla"
    values = ds.values.copy()
    real = (values["indicator_id"] == "samordnare") & (values["year"] == 2025)
    values.loc[real, "is_example"] = False
    mixed = progress.indicator_progress(replace(ds, values=values), "samordnare")
    assert mixed.example == "några"  # an invented 2018 baseline against real 2025 values
    values.loc[values["indicator_id"] == "samordnare", "is_example"] = False
    assert progress.indicator_progress(replace(ds, values=values), "samordnare").example == ""


def test_a_trend_line_stops_at_a_new_definition_and_the_chart_says_so(ds):
    from dashboard.charts import svg_lines

    svg = svg_lines.municipality_trend_svg(ds, "0780", "sosfs_mal2", "Växjö")
    assert 'class="trend-break"' in svg and "Ny definition" in svg
    # krit_2_1 came in 2023 (HSLF-FS 2022:39), three criteria were redefined in 2024
    assert "Definitionen ändrades 2023, 2024: linjerna bryts där" in svg
    # Växjö's line: three runs, 2018–2022, 2023 and 2024–2025, none across a break
    line = svg.split('class="trend-line"')[1].split("</g>")[0]
    assert line.count("<polyline") == 3
    plain = svg_lines.municipality_trend_svg(ds, "0780", "sosfs_mal1", "Växjö")
    assert "trend-break" not in plain


# --- 5. disclosure control that hides exactly what must be hidden ------------------------------------


@settings(max_examples=150, deadline=None)  # a pure function: 150 draws find a leak
@given(st.lists(st.integers(0, 40), min_size=1, max_size=12), st.integers(2, 10))
def test_no_hidden_count_can_be_recovered_from_the_shown_total(scores, threshold):
    """Whatever the counts: when the county's total is shown, every count shown as 'Färre
    än T' could still be anything from 0 to T-1, given the total, the shown counts, the
    other hidden ones' labels ('Färre än T': 0..T-1; 'Visas inte': at least T). An interval
    argument independent of how domain._secondary picks the cells to hide."""
    primaries = [i for i, s in enumerate(scores) if s < threshold]
    chosen = domain._secondary(scores, threshold)
    if not primaries or chosen is None:
        return  # nothing hidden, or the total is not shown: nothing to derive
    secondary = set(chosen)
    assert all(scores[i] >= threshold for i in secondary)
    hidden_sum = sum(scores[i] for i in primaries) + sum(scores[i] for i in secondary)
    for cell in primaries:
        others = len(primaries) - 1
        # the least and most the cell can be, given what is shown
        lowest = 0 if secondary else max(0, hidden_sum - (threshold - 1) * others)
        highest = min(threshold - 1, hidden_sum - threshold * len(secondary))
        assert (lowest, highest) == (0, threshold - 1), (scores, chosen, cell)


def test_a_hidden_count_beside_the_county_total(ds):
    """The shipped small counts: 'Färre än 5' in seven municipalities, so many that their sum
    cannot be split back: Växjö's count stays shown, and the county's mean is shown; a size
    group's mean, part of the county, never."""
    snap = domain.snapshot(ds, "skyddat_boende_placeringar", 2025)
    assert (snap["label"] == "Färre än 5").sum() == 7
    assert (snap["label"] == domain.SECONDARY_LABEL).sum() == 0
    assert snap["score"].dropna().ge(5).all() and snap["score"].notna().sum() == 1
    mean = domain.county_mean_of(ds, "skyddat_boende_placeringar", 2025)
    stored = ds.values[(ds.values["indicator_id"] == "skyddat_boende_placeringar")
                       & (ds.values["year"] == 2025)]  # fmt: skip
    assert mean == pytest.approx(stored["score"].mean())
    assert math.isnan(domain.county_mean(snap.iloc[:4]))  # part of the county: not shown


def test_measures_of_one_thing_count_once(ds):
    """The count and the time of the coordinators measure what 'has coordinators' measures
    (data/indikatorer.csv, mater_samma_som): one verdict for the three, mixed when they moved
    both ways, so they neither outvote nor outnumber the other indicators of 2.3."""
    item = progress.subgoal_progress(ds, "2.3")
    ids = [i.indicator_id for i in item.indicators]
    assert {"samordnare", "samordnare_antal", "samordnare_tjanstgrad"} <= set(ids)
    measured = progress.measure_verdicts(ds, item.indicators)
    assert "samordnare_antal" not in measured and "samordnare_tjanstgrad" not in measured
    assert len(measured) == len(ids) - 2
    three = [i for i in item.indicators if i.indicator_id.startswith("samordnare")]
    assert measured["samordnare"] == progress.combined_verdict(i.verdict for i in three)


def test_an_unknown_measure_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns(".historik"))
    path = data / "indikatorer.csv"
    text = path.read_text(encoding="utf-8-sig").replace(";samordnare\n", ";samordnarna\n", 1)
    path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(DataError, match="kolumn ”mater_samma_som”: ”samordnarna” ska vara id:t"):
        load_dataset(data, GEO)


def test_a_county_mean_says_how_many_it_rests_on(ds, app):  # app: the pages are registered
    partial = with_values(ds, [{"municipality_code": "0780", "indicator_id": "samordnare_antal",
                                "year": 2026, "raw": "2", "score": 2.0}])  # fmt: skip
    assert domain.county_mean_rests_on(partial, "samordnare_antal", 2026) == 1
    assert domain.county_mean_rests_on(partial, "samordnare_antal", 2025) == 8
    from dashboard.domain import comparison
    from dashboard.pages import jamfor

    state = comparison.resolve_compare_state(partial, {"ar": "2026",
                                                       "indikator": "samordnare_antal"})  # fmt: skip
    assert "(1 av 8 kommuner)" in jamfor.ranking_svg(partial, state)


def test_where_real_and_example_values_mix_each_example_value_says_so(ds, app):
    from dashboard.domain import overview
    from dashboard.pages import oversikt

    values = ds.values.copy()
    real = ((values["indicator_id"] == "samordnare") & (values["year"] == 2025)
            & (values["municipality_code"] == "0780"))  # fmt: skip
    values.loc[real, "is_example"] = False
    mixed = replace(ds, values=values)
    state = overview.OverviewState("samordnare", 2025, "kommun")
    frame = overview.overview_frame(mixed, state)
    rows = oversikt.table_paint(frame, domain.indicator(mixed, "samordnare"), 2025)["rows"]
    assert not rows["0780"][0].endswith("(exempel)")
    assert all(rows[c][0].endswith("(exempel)") for c in rows if c != "0780")
    # all example data: the page's notice says it once, no mark per value
    plain = overview.overview_frame(ds, state)
    rows = oversikt.table_paint(plain, domain.indicator(ds, "samordnare"), 2025)["rows"]
    assert not any(v[0].endswith("(exempel)") for v in rows.values())
    export = overview.export_table(mixed, {"indikator": "samordnare", "ar": "2025"})
    # every download row says which: Växjö's real value changed from an example one, so
    # its row is 'Delvis' (#31), the rest 'Ja'
    assert list(export.frame["Exempeldata"]).count("Delvis") == 1


def test_the_plans_pages_show_the_latest_complete_year(ds):
    from dashboard.domain import hierarchy

    assert hierarchy.latest_year(partial_2026(ds)) == 2025
    assert hierarchy.latest_year(ds) == 2025


@pytest.mark.parametrize(("scores", "hidden"), [
    ([3, 17, 20, 9], [3]),        # one small count: the smallest shown one (9) with it
    ([3, 1, 17, 20], []),         # two small ones summing to 4: each could still be 0–4
    ([3, 2, 17, 20], [2]),        # summing to 5, each would be at least 1: one more hidden
    ([3, 2, 2, 17], []),          # three small ones, 7 between 4 and 8: the total is safe as is
    ([3, 2, 4, 17], [3]),         # 9 > 8: each would be at least 1, so 17 is hidden too
    ([0, 0, 17], [2]),            # small ones summing to 0 would be given away: one more
    ([3], None),                  # nothing to hide with it: no total
])  # fmt: skip
def test_secondary_suppression_hides_as_few_as_it_takes(scores, hidden):
    assert domain._secondary(scores, 5) == hidden


def test_the_report_of_a_year_without_sosfs_values_says_so_plainly(ds, app):
    import json

    import plotly

    from dashboard.pages import kommunrapport

    partial = partial_2026(ds)
    section = json.dumps(kommunrapport.profile_section(partial, "0780", 2026),
                         cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)  # fmt: skip
    assert "Uppgift saknas 2026" in section and "Uppgift saknas av kriterierna" not in section
