"""The plan's third level (issue #20): local plans per municipality — their standing in a
year, which delmål they take up, and the unmet criteria under delmål a plan leaves out."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import comparison, local_plans, overview
from dashboard.domain.formatting import genitive

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


def _with_plans(ds, rows: list[dict]):
    """The dataset with these local plans only (other municipalities: no row)."""
    base = {"exists": True, "adopted": pd.NaT, "adopted_by": "", "valid_through": pd.NA,
            "subgoal_ids": (), "note": "", "is_example": False}  # fmt: skip
    frame = pd.DataFrame([base | r for r in rows])
    return replace(ds, local_plans=frame)


def test_coverage_says_plan_that_takes_up_plan_that_does_not_no_plan_and_unknown(ds):
    ds2 = _with_plans(ds, [
        {"actor": "0780", "subgoal_ids": ("1.1", "2.3")},
        {"actor": "0764", "subgoal_ids": ("4.1",)},
        {"actor": "0763", "exists": False},
        # run out before the year: takes nothing up any more
        {"actor": "0761", "subgoal_ids": ("2.3",), "valid_through": 2022},
    ])  # fmt: skip
    frame = local_plans.coverage(ds2, "2.3", 2025).set_index("code")
    assert frame.loc["0780", "raw"] == local_plans.COVERS
    assert frame.loc["0764", "raw"] == local_plans.NOT_COVERED
    assert frame.loc["0763", "raw"] == local_plans.NO_PLAN
    assert frame.loc["0761", "raw"] == local_plans.NO_PLAN
    assert local_plans.coverage(ds2, "2.3", 2021).set_index("code").loc["0761", "raw"] == (
        local_plans.COVERS)  # fmt: skip
    assert local_plans.linking(ds2, "2.3", 2025) == ["0780"]
    assert frame.loc["0760", "raw"] == "" and frame.loc["0760", "label"] == "Uppgift saknas"
    assert list(frame.index) == list(ds.municipalities["code"])  # every municipality, once


def test_a_plans_standing_in_a_year(ds):
    adopted = pd.Timestamp("2021-08-10")
    ds2 = _with_plans(ds, [{"actor": "0780", "adopted": adopted, "valid_through": 2024,
                            "adopted_by": "Kommunfullmäktige"}])  # fmt: skip
    standing = {y: local_plans.plan_status(ds2, y).set_index("code").loc["0780"]
                for y in (2020, 2021, 2024, 2025)}  # fmt: skip
    assert standing[2020]["raw"] == local_plans.NO_PLAN  # adopted later
    assert standing[2021]["raw"] == standing[2024]["raw"] == local_plans.CURRENT
    assert standing[2025]["raw"] == local_plans.EXPIRED
    assert standing[2024]["change_text"] == ("Antagen 2021-08-10 av Kommunfullmäktige, gäller "
                                             "till 2024. Planen var 3 år gammal i slutet av 2024.")  # fmt: skip
    assert "Planen fanns ännu inte 2020" in standing[2020]["change_text"]
    assert "Planen hade gått ut 2025" in standing[2025]["change_text"]


def test_gaps_not_taken_up_by_the_local_plan(ds):
    year = max(ds.years)
    gaps = comparison.gaps_to_subgoals(ds, "0780", year)
    assert len(gaps) >= 2, "the example data has gaps for Växjö"
    first = gaps["subgoal_id"].iloc[0]
    ds2 = _with_plans(ds, [{"actor": "0780", "subgoal_ids": (first,)}])
    result = local_plans.uncovered_gaps(ds2, "0780", year)
    assert list(result["covered"]) == [s == first for s in gaps["subgoal_id"]]
    # a plan that has run out takes nothing up
    expired = _with_plans(ds, [{"actor": "0780", "subgoal_ids": (first,), "valid_through": 2019}])
    assert not any(local_plans.uncovered_gaps(expired, "0780", year)["covered"])
    # no plan: none is taken up; no row: nothing is claimed
    no_plan = _with_plans(ds, [{"actor": "0780", "exists": False}])
    assert not any(local_plans.uncovered_gaps(no_plan, "0780", year)["covered"])
    unknown = _with_plans(ds, [])
    assert all(c is None for c in local_plans.uncovered_gaps(unknown, "0780", year)["covered"])
    table = comparison.gaps_table(result)
    assert list(table["Tas upp i den lokala planen"]) == [
        "Ja" if s == first else "Nej" for s in gaps["subgoal_id"]
    ]


def test_the_shipped_example_plans_are_flagged_in_what_shows_them(ds):
    frame = local_plans.coverage(ds, "1.1")
    assert frame["is_example"].all()
    assert frame["source"].str.endswith("(exempeldata)").all()


@pytest.mark.parametrize(("name", "expected"), [("Växjö", "Växjös"), ("Borås", "Borås"),
                                                ("Alvesta", "Alvestas")])  # fmt: skip
def test_genitive(name, expected):
    assert genitive(name) == expected


def test_the_oversikt_layer_is_offered_only_with_local_plans(ds):
    params = {"indikator": overview.LOCAL_PLAN_LAYER}
    assert overview.resolve_state(ds, params).indicator_id == overview.LOCAL_PLAN_LAYER
    without = _with_plans(ds, [])
    assert overview.resolve_state(without, params).indicator_id == overview.default_indicator(ds)
    state = overview.resolve_state(ds, params | {"sortera": "varde"})
    raws = list(overview.overview_frame(ds, state)["raw"])
    order = [c for c, _ in local_plans.STATUS_LEVELS]
    assert raws == sorted(raws, key=order.index)  # gällande first
    export = overview.export_table(ds, params)
    assert export.is_example and "Antagen och ålder" in export.frame.columns


def test_a_plans_linked_delmal_with_their_goal_and_text(ds):
    ds2 = _with_plans(ds, [{"actor": "0780", "subgoal_ids": ("4.2", "1.1")},
                           {"actor": "0763", "exists": False}])  # fmt: skip
    linked = local_plans.linked_subgoals(ds2, local_plans.plan_row(ds2, "0780"))
    assert list(linked["id"]) == ["4.2", "1.1"] and list(linked["goal_id"]) == ["4", "1"]
    assert linked["text"].str.len().gt(10).all()
    assert local_plans.linked_subgoals(ds2, local_plans.plan_row(ds2, "0763")).empty
    assert local_plans.linked_subgoals(ds2, None).empty
