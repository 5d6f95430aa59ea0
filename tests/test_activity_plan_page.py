"""The activity plan's page parts (issue #33) on made-up activities whose answers are known:
the chart and its table from the same rows, the per-delmål table, reach and partners saying
when nothing is recorded, an activity's facts with the plan's words, a data folder without
activities, and the download with an Exempeldata column per row."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import plotly
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import activity_plan

pytestmark = pytest.mark.unit


def text(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def activity(**values) -> dict:
    row = {"id": "P1", "year": 2025, "subgoal_ids": ("1.1",), "title": "Aktivitet P1",
           "kind": "utbildning", "responsible": "", "status": "genomford", "date": pd.NaT,
           "participants": pd.NA, "note": "", "is_example": False, "planning": "planerad",
           "plan_activities": ("1.1:1",), "target_group": "Skolpersonal", "sectors": ("skola",),
           "partners": ("region",), "reach": (("0780", 20), ("region", 5)), "reach_total": 25,
           "reason": "", "result": "Bra", "evaluation": "Enkät"}  # fmt: skip
    return row | values


@pytest.fixture
def page(app):
    from dashboard.pages import verksamhetsplan

    return verksamhetsplan


def with_rows(*rows: dict):
    return replace(get_dataset(), activities=pd.DataFrame(list(rows)))


def test_the_chart_rows_and_the_table_rows_are_the_same(page):
    ds = with_rows(activity(), activity(id="P2", status="installd", reason="Sjukdom",
                                        reach=(), reach_total=pd.NA),
                   activity(id="T1", planning="tillagd"))  # fmt: skip
    rows = page.count_rows(activity_plan.planned_vs_done(ds, 2025))
    assert rows[:5] == [("Planerade", 2), ("Planerade, genomförda", 1), ("Planerade, pågår", 0),
                        ("Planerade, inställda", 1), ("Planerade, ännu inte påbörjade", 0)]  # fmt: skip
    assert rows[5:] == [("Tillagda under året", 1), ("Tillagda, genomförda", 1)]
    section = text(page.counts_section(ds, 2025, example=False))
    for name, count in rows:  # the chart's tooltip and the table's row alike
        assert f"{name}: {count}" in section and f"<td>{name}</td><td>{count}</td>" in section
    assert "Av 2 planerade aktiviteter 2025 är 1 genomförd, 0 pågår och 1 inställd" in section
    assert "Sjukdom" in text(page.cancelled_section(ds, 2025))


def test_an_activity_shows_its_facts_and_the_plans_words(page):
    ds = with_rows(activity(participants=pd.NA))
    item = text(page.activity_item(ds, activity_plan.activities_in(ds, 2025).iloc[0].to_dict()))
    assert "25 nådda (summa av nådda)" in item
    assert "Planens aktivitet 1.1:1 (planens ord): " in item and "plan-words" in item
    assert ds.plan.activities.iloc[0]["text"] in item
    for fact in ("Planering: ", "I årets verksamhetsplan", "Målgrupp: ", "Skolpersonal",
                 "Sektorer: ", "Skola", "Region Kronoberg", "Växjö 20", "Bra", "Enkät"):  # fmt: skip
        assert fact in item, fact


def test_nothing_reached_and_no_partners_are_said_in_words(page):
    ds = with_rows(activity(reach=(), reach_total=pd.NA, partners=()))
    assert "Ingen aktivitet 2025 anger vilka den nådde" in text(page.reach_section(ds, 2025, False))
    assert "Inga samverkansparter är angivna för 2025" in text(page.partner_section(ds, 2025))


def test_without_activities_the_page_says_none_are_recorded(page, monkeypatch):
    ds = replace(get_dataset(), activities=get_dataset().activities.iloc[0:0])
    shown = text(page.not_found(ds))
    assert "Inga av Länsstyrelsens aktiviteter är registrerade" in shown
    assert "året finns inte" not in shown
    assert activity_plan.canonical_query(ds, {"ar": "2025"}) == {"ar": ""}


def test_the_download_has_an_exempeldata_column_per_row(page, monkeypatch):
    ds = with_rows(activity(), activity(id="E1", is_example=True))
    monkeypatch.setattr(page, "get_dataset", lambda: ds)
    table = page.build_export({"ar": "2025"})
    assert dict(zip(table.frame["Id"], table.frame["Exempeldata"], strict=True)) == {
        "P1": "Nej",
        "E1": "Ja",
    }
    assert table.frame["Deltagare eller nådda"].tolist() == [25, 25]
    assert table.frame["Antalet är summan av nådda"].tolist() == ["Ja", "Ja"]
    assert table.is_example and table.filename == "verksamhetsplan-2025"
