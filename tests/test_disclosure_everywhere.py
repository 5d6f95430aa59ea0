"""Röjandeskydd applied by one rule wherever a county or group figure appears (#34 fix):
the key-figure table, the trend's means and their table, the downloads built from them and
Strategi's total all show the county's mean or total exactly when domain.county_mean_of /
county_total_of allow it, and a group's mean never where one of its values is hidden. And
a criterion's county share is written with the denominator it rests on."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import COUNTY_DATA

from dashboard import domain
from dashboard.charts.riket import county_texts, riket_reference, riket_strip_svg
from dashboard.charts.svg_lines import municipality_trend_svg
from dashboard.config import REPO_ROOT
from dashboard.data.loader import load_dataset
from dashboard.domain import comparison, hierarchy

pytestmark = pytest.mark.unit
HIDDEN = "Visas inte (röjandeskydd)"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(COUNTY_DATA, REPO_ROOT / "geo")


def _protected(ds) -> list[str]:
    return list(ds.indicators.loc[ds.indicators["disclosure_control"], "id"])


def _hidden_years(ds, indicator_id: str) -> list[int]:
    return [y for y in ds.years if domain.has_suppressed(domain.snapshot(ds, indicator_id, y))]


def test_the_fixture_has_hidden_counts_to_check(ds):
    assert any(_hidden_years(ds, i) for i in _protected(ds))


def test_key_figures_trend_and_strategi_give_the_county_by_one_rule(ds):
    """Where the key-figure table hides the county's figure, the trend, its table (and so
    the downloads made from it) and Strategi hide it too, and where one shows it all do."""
    for indicator_id in _protected(ds):
        ind = domain.indicator(ds, indicator_id)
        county_means = comparison.mean_series(ds, indicator_id).set_index("year")
        for year in _hidden_years(ds, indicator_id):
            allowed = not math.isnan(domain.county_mean_of(ds, indicator_id, year))
            key = comparison.key_figures_table(ds, "0780", year)
            key_text = key.loc[key["Indikator"] == ind["name"], ds.county.words.The]
            trend_text = county_means.loc[year, "text"]
            if not key_text.empty:
                assert key_text.iloc[0] == trend_text, (indicator_id, year)
            assert (trend_text == HIDDEN) == (not allowed), (indicator_id, year)
            assert math.isnan(county_means.loc[year, "score"]) == (not allowed)
            strategi = hierarchy.indicator_summary(ds, indicator_id, year)
            assert ("Totalt i" in strategi) == allowed, (indicator_id, year, strategi)


def test_a_group_mean_is_never_shown_for_a_year_with_a_hidden_value_in_it(ds):
    for indicator_id in _protected(ds):
        for code in ds.municipalities["code"]:
            group = comparison.peers(ds, code)
            means = comparison.municipality_trend_means(ds, code, indicator_id)
            group_mean = means["Liknande kommuner, snitt"].set_index("year")
            for year in ds.years:
                snap = domain.snapshot(ds, indicator_id, year)
                if domain.has_suppressed(snap[snap["code"].isin(group)]):
                    assert math.isnan(group_mean.loc[year, "score"])
                    assert group_mean.loc[year, "text"] == HIDDEN


def _ranges(hidden: list[tuple[float, bool]], total: float, threshold: int
            ) -> list[tuple[float, float]]:  # fmt: skip
    """Each hidden cell's least and greatest value consistent with the shown total: a
    primary ('Färre än T') lies in 0..T-1, a secondary is at least T."""
    bounds = [(0.0, threshold - 1.0) if primary else (float(threshold), total)
              for _, primary in hidden]  # fmt: skip
    out = []
    for i, (low, high) in enumerate(bounds):
        others_low = sum(b[0] for j, b in enumerate(bounds) if j != i)
        others_high = sum(b[1] for j, b in enumerate(bounds) if j != i)
        out.append((max(low, total - others_high), min(high, total - others_low)))
    return out


def test_no_hidden_count_can_be_recovered_from_what_is_shown(ds):
    """With every shown value, the county's total (8 × the shown mean) where shown and the
    group means where shown, each hidden count can still be more than one number."""
    threshold = domain.suppression_threshold()
    stored = ds.values[ds.values["score"].notna()]
    checked = 0
    for indicator_id in _protected(ds):
        for year in _hidden_years(ds, indicator_id):
            snap = domain.snapshot(ds, indicator_id, year)
            mean = comparison.mean_series(ds, indicator_id).set_index("year").loc[year, "score"]
            if math.isnan(mean):
                continue  # nothing but the shown values: the hidden ones are 'Färre än T'
            truth = stored[(stored["indicator_id"] == indicator_id) & (stored["year"] == year)]
            truth = dict(zip(truth["municipality_code"], truth["score"], strict=True))
            hidden = snap[snap["suppressed"]]
            total = round(mean * domain.county_mean_rests_on(ds, indicator_id, year))
            hidden_total = total - snap["score"].sum()
            cells = [(truth[c], truth[c] < threshold) for c in hidden["code"]]
            for (low, high), (value, _) in zip(_ranges(cells, hidden_total, threshold), cells,
                                               strict=True):  # fmt: skip
                assert low <= value <= high
                assert high > low, (indicator_id, year)
            checked += 1
    assert checked


def test_the_trend_legend_says_why_a_mean_has_no_line(ds):
    markup = municipality_trend_svg(ds, "0780", "skyddat_boende_placeringar", "Växjö")
    assert "Liknande kommuner, snitt – röjandeskydd" in markup
    assert "Länssnitt – röjandeskydd" not in markup  # the rule lets the county's mean show
    # and every legend entry fits the chart's width at the legend's generous char width
    from dashboard.charts.svg_lines import LEGEND_CHAR_WIDTH, WIDTH

    assert len("Liknande kommuner, snitt – röjandeskydd") * LEGEND_CHAR_WIDTH + 36 <= WIDTH - 8


# --- a criterion's county share: its denominator, and Riket's year ------------------------


def test_the_county_share_writes_its_denominator(ds):
    met, known = comparison.county_share_counts(ds, "krit_2_3", 2025)
    assert known < len(ds.municipalities)  # the fixture has a missing answer here
    share = comparison.county_share_met(ds, "krit_2_3", 2025)
    assert share == pytest.approx(100 * met / known)
    text = comparison.county_share_text(ds, "krit_2_3", 2025)
    assert text.endswith(f"({met} av {known} med uppgift)") and text.startswith(f"{share:.0f}")
    status = comparison.criteria_status(ds, "0780", 2025)
    table = comparison.criteria_table(ds, status, 2025)
    column = f"{ds.county.words.The}, andel kommuner som uppfyller"
    row = table[status["indicator_id"].to_numpy() == "krit_2_3"].iloc[0]
    assert row[column] == text


def test_the_strip_writes_the_denominator_and_the_county_in_rikets_year(ds):
    riket = riket_reference(ds, "krit_2_3", 2025)
    assert riket is not None and riket.year == 2024 != riket.county_year
    met, known = comparison.county_share_counts(ds, "krit_2_3", 2025)
    markup = riket_strip_svg(riket)
    assert f"({met} av {known} med uppgift)" in markup
    then = comparison.county_share_met(ds, "krit_2_3", 2024)
    met24, known24 = comparison.county_share_counts(ds, "krit_2_3", 2024)
    assert f"Länet 2024, som riket: {then:.0f}\u00a0% ({met24} av {known24})" in markup


def test_the_slides_compact_strip_lines_fit_its_width(ds):
    """The presenter's strip is 240 units wide, its text 13 units: at ~7.5 a character
    (generous) a line may hold 29 characters within the 218 between its margins."""
    for indicator_id in ("krit_2_3", "krit_4_2", "krit_1_1"):
        riket = riket_reference(ds, indicator_id, 2025)
        if riket is None:
            continue
        lines = county_texts(riket, compact=True)
        assert lines and all(len(line) * 7.5 <= 218 for line in lines), lines
        assert f"({riket.county_met} av {riket.county_known})" in lines[0]
        assert len(lines) == 1  # one line: the slide's side column keeps its table whole
    strip = riket_strip_svg(riket_reference(ds, "krit_2_3", 2025), width=240, title="")
    assert "Länet 2024, som riket" in strip  # the like-for-like share in its aria-label


# --- the downloads: a column röjandeskydd hides throughout is still a column of numbers ----


def test_a_wholly_hidden_column_is_blank_with_its_unit_and_the_reason_noted():
    from dashboard.ui import export

    frame = pd.DataFrame({
        "År": ["2024", "2025"],
        "Alvesta": ["Färre än 5", "Färre än 5"],
        "Växjö": ["11\u00a0placeringar", "15\u00a0placeringar"],
        "Liknande kommuner, snitt": [HIDDEN, HIDDEN],
        "Status": ["Ja", "Nej"],
    })  # fmt: skip
    typed = export.typed(frame).frame
    assert list(typed["Alvesta (placeringar)"]) == [None, None]
    assert list(typed["Liknande kommuner, snitt (placeringar)"]) == [None, None]
    assert list(typed["Växjö (placeringar)"]) == [11, 15]
    assert list(typed["Status"]) == ["Ja", "Nej"]  # a status column stays text
    assert "Alvesta: Färre än 5" in typed[export.NOTE_COLUMN].iloc[0]


def test_jamfor_trend_download_has_no_hidden_text_in_a_number_column(app):
    import io

    import openpyxl

    from dashboard.ui import export

    args = {"tabell": "utveckling", "indikator": "skyddat_boende_placeringar", "min": "0780",
            "kommuner": ",".join(ds_codes())}  # fmt: skip
    body, _, _ = export.render("jamfor", "xlsx", args)
    sheet = openpyxl.load_workbook(io.BytesIO(body))["Data"]
    header = [str(c.value) for c in sheet[1]]
    assert any(h.startswith("Växjö") and h.endswith("(placeringar)") for h in header), header
    for row in sheet.iter_rows(min_row=2):
        for name, cell in zip(header, row, strict=True):
            if name.startswith(export.NOTE_COLUMN) or name in ("År", "Exempeldata"):
                continue
            assert not (isinstance(cell.value, str) and export.HIDDEN_VALUE.match(cell.value)), (
                name, cell.value)  # fmt: skip
    municipal = [h for h in header if h not in ("År",) and "Anmärkning" not in h
                 and "Exempeldata" not in h]  # fmt: skip
    assert all(h.endswith("(placeringar)") for h in municipal), header


def ds_codes() -> list[str]:
    return list(load_dataset(COUNTY_DATA, REPO_ROOT / "geo").municipalities["code"])
