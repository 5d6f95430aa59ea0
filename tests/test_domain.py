"""Domain functions: derived compliance, snapshots, ranks, key figures, formats."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import domain
from dashboard.data.loader import get_dataset
from dashboard.domain.formatting import format_change, format_number, format_percent


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def test_compliance_is_share_of_known_criteria_met(ds):
    values = ds.values
    criteria = ds.indicators[ds.indicators["is_criterion"] & (ds.indicators["goal_id"] == "2")]
    rows = values[(values["municipality_code"] == "0780") & (values["year"] == 2022)
                  & values["indicator_id"].isin(criteria["id"])]  # fmt: skip
    known = rows[rows["raw"] != "okant"]
    expected = (known["raw"] == "uppfyllt").sum() / len(known) * 100
    snap = domain.snapshot(ds, "sosfs_mal2", 2022).set_index("code")
    assert snap.loc["0780", "score"] == pytest.approx(expected)
    assert snap.loc["0780", "is_example"]


def test_snapshot_has_every_municipality_with_labels_and_change(ds):
    snap = domain.snapshot(ds, "suv_status", 2025)
    assert len(snap) == len(ds.municipalities)
    assert set(snap["label"]) <= {"Ej påbörjat", "Planering", "Införande", "I bruk"}
    first = domain.snapshot(ds, "samordnare", ds.years[0])
    assert first["change"].isna().all()  # no previous year


def test_rank_shares_ties_and_skips_missing():
    frame = pd.DataFrame({"score": [80.0, 50.0, 80.0, math.nan, 20.0]})
    ranks = domain.rank(frame, True)
    assert ranks.iloc[0] == ranks.iloc[2] == 1 and ranks.iloc[1] == 3 and ranks.iloc[4] == 4
    assert math.isnan(ranks.iloc[3])
    assert domain.rank(frame, None).isna().all()


def test_county_mean_ignores_missing():
    assert domain.county_mean(pd.DataFrame({"score": [10.0, math.nan, 30.0]})) == 20.0
    assert math.isnan(domain.county_mean(pd.DataFrame({"score": [math.nan]})))


def test_resolve_rejects_hostile_input(ds):
    assert domain.resolve_indicator(ds, "<script>alert(1)</script>") == "samordnare"
    assert domain.resolve_indicator(ds, "suv_status") == "suv_status"
    assert domain.resolve_year(ds, "1066") == ds.years[-1]
    assert domain.resolve_year(ds, "2020") == 2020
    assert domain.resolve_year(ds, None) == ds.years[-1]


def test_key_figures_count_municipalities(ds):
    figures = domain.key_figures(ds, ds.years[-1])
    coordinator = figures[0]
    assert coordinator.value.endswith(f"av {len(ds.municipalities)}")
    assert len(figures) == 6


def test_swedish_number_formats():
    assert format_number(98334) == "98\u00a0334"
    assert format_percent(12.5, 1) == "12,5\u00a0%"
    assert format_number(math.nan) == "Uppgift saknas"
    assert format_change(-3, "procentenheter") == "−3\u00a0procentenheter"
    assert format_change(0) == "±0"
