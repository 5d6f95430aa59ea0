"""Pure figure functions for the county map."""

from __future__ import annotations

import pytest

from dashboard import domain
from dashboard.charts import MISSING_COLOR, YES_NO
from dashboard.charts.map import county_map
from dashboard.data.loader import get_dataset
from dashboard.domain import overview
from dashboard.domain.formatting import MISSING
from tests.conftest import without_value


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def build(ds, indicator_id, year, mutate=None):
    state = overview.OverviewState(indicator_id, year, "kommun")
    frame = overview.overview_frame(ds, state)
    if mutate:
        frame = mutate(frame)
    ind = domain.indicator(ds, indicator_id)
    levels = domain.scale_levels(ds, ind["scale"]) if domain.is_categorical(ind) else None
    return county_map(ds.geojson, frame, indicator_type=ind["type"], scale=ind["scale"],
                      levels=levels, year=year, title=ind["short_name"])  # fmt: skip


def shapes(fig):
    return [loc for t in fig.data if t.type == "choropleth" for loc in t.locations]


def test_every_municipality_drawn_once(ds):
    fig = build(ds, "suv_status", 2022)
    assert sorted(shapes(fig)) == sorted(ds.municipalities["code"])
    labels = next(t for t in fig.data if t.type == "scattergeo" and t.mode == "text")
    assert set(labels.text) == set(ds.municipalities["name"])


def test_legend_lists_every_step_in_order_even_unused(ds):
    fig = build(ds, "suv_status", 2019)  # no municipality is at 'I bruk' in 2019
    legend = [t.name for t in fig.data if t.showlegend and t.type == "scattergeo"]
    assert legend == ["Ej påbörjat", "Planering", "Införande", "I bruk"]


def test_categories_get_swedish_legend_and_yes_no_colours(ds):
    fig = build(ds, "samordnare", 2018)
    names = {t.name for t in fig.data if t.type == "choropleth"}
    assert names <= {"Ja", "Nej", MISSING}
    yes = next(t for t in fig.data if t.type == "choropleth" and t.name == "Ja")
    assert yes.colorscale[0][1] == YES_NO["ja"]
    assert fig.layout.geo.visible is False  # no world base map


def test_missing_value_is_grey_and_named(ds):
    for indicator_id in ("samordnare", "sosfs_mal1"):
        fig = build(ds, indicator_id, 2025, without_value)
        missing = [t for t in fig.data if t.type == "choropleth" and t.name == MISSING]
        assert len(missing) == 1 and list(missing[0].locations) == ["0780"]
        assert missing[0].colorscale[0][1] == MISSING_COLOR
        assert sorted(shapes(fig)) == sorted(ds.municipalities["code"])


def test_hover_has_value_change_and_source(ds):
    fig = build(ds, "sosfs_mal2", 2025)
    trace = next(t for t in fig.data if t.type == "choropleth")
    row = trace.customdata[0]
    assert row[1].endswith("%") and "sedan 2024" in row[2] and row[3]
    assert "Källa" in trace.hovertemplate


def test_invalid_state_falls_back(ds):
    state = overview.resolve_state(ds, {"indikator": "<script>", "ar": "1066", "sortera": "x"})
    assert state == overview.OverviewState("samordnare", ds.years[-1], "kommun")
