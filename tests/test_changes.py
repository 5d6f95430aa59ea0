"""'Sedan förra mötet' (issue #20): what changed between two years — coordinators gained and
lost, SUV moves, the largest rises and falls per goal area, activities carried out — and the
years read from the URL."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.data.loader import get_dataset
from dashboard.domain import changes

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def ds():
    return get_dataset()


@pytest.mark.parametrize(
    ("params", "expected", "adjusted"),
    [({}, (2024, 2025), False), ({"fran": "2019", "till": "2023"}, (2019, 2023), False),
     ({"fran": "2023", "till": "2019"}, (2019, 2023), False),  # the other way round
     ({"fran": "2023", "till": "2023"}, (2022, 2023), True),
     ({"fran": "1066", "till": "x"}, (2024, 2025), True),
     ({"fran": ["2020", "2021"], "till": None}, (2020, 2025), False),
     ({"till": "2018"}, (2018, 2019), False)],
)  # fmt: skip
def test_the_years_from_the_url_are_checked(ds, params, expected, adjusted):
    assert changes.resolve_years(ds, params) == expected
    first, last = expected
    query = changes.canonical_query(ds, params)
    assert query == {"fran": str(first), "till": str(last)} | ({"justerat": "1"} if adjusted
                                                                 else {})  # fmt: skip


def _with_values(ds, rows):
    """The dataset with these values (indicator, code, year, raw, score) replaced."""
    values = ds.values.copy()
    for indicator_id, code, year, raw, score in rows:
        at = ((values["indicator_id"] == indicator_id) & (values["municipality_code"] == code)
              & (values["year"] == year))  # fmt: skip
        assert at.sum() == 1
        values.loc[at, ["raw", "score"]] = [raw, score]
    return replace(ds, values=values)


def test_coordinators_gained_and_lost(ds):
    ds2 = _with_values(ds, [("samordnare", "0780", 2021, "nej", 0.0),
                            ("samordnare", "0780", 2022, "ja", 1.0),
                            ("samordnare", "0760", 2021, "ja", 1.0),
                            ("samordnare", "0760", 2022, "nej", 0.0)])  # fmt: skip
    result = changes.changes(ds2, 2021, 2022)
    assert "Växjö" in result.gained_coordinator and "Växjö" not in result.lost_coordinator
    assert "Uppvidinge" in result.lost_coordinator


def test_suv_moves_forward_and_back_largest_first(ds):
    ds2 = _with_values(ds, [("suv_status", "0780", 2021, "ej_paborjat", 0.0),
                            ("suv_status", "0780", 2022, "i_bruk", 3.0),
                            ("suv_status", "0760", 2021, "inforande", 2.0),
                            ("suv_status", "0760", 2022, "planering", 1.0)])  # fmt: skip
    result = changes.changes(ds2, 2021, 2022)
    assert result.suv_forward[0] == changes.Move("Växjö", "Ej påbörjat", "I bruk", "")
    assert changes.Move("Uppvidinge", "Införande", "Planering", "") in result.suv_back


def test_largest_rises_and_falls_per_goal_area(ds):
    result = changes.changes(ds, 2024, 2025)
    assert [a.goal_id for a in result.goal_areas] == ["1", "2", "3", "4"]
    for area in result.goal_areas:
        assert len(area.rises) <= changes.MOVES_PER_SIDE >= len(area.falls)
        assert all(m.change.startswith("+") for m in area.rises)
        assert all(m.change.startswith("−") for m in area.falls)
        deltas = [int(m.change.split("\u00a0")[0].replace("−", "-")) for m in area.rises]
        assert deltas == sorted(deltas, reverse=True)


def test_a_missing_value_is_no_change(ds):
    values = ds.values[~((ds.values["indicator_id"] == "samordnare")
                         & (ds.values["municipality_code"] == "0760")
                         & (ds.values["year"] == 2024))]  # fmt: skip
    result = changes.changes(replace(ds, values=values), 2024, 2025)
    assert "Uppvidinge" not in result.gained_coordinator + result.lost_coordinator


def test_activities_carried_out_after_the_first_year_up_to_the_last(ds):
    result = changes.changes(ds, 2022, 2024)
    assert set(result.activities["year"]) <= {2023, 2024}
    assert (result.activities["status"] == "genomford").all()
    expected = ds.activities[(ds.activities["year"].between(2023, 2024))
                             & (ds.activities["status"] == "genomford")]  # fmt: skip
    assert len(result.activities) == len(expected) > 0
    assert result.activity_years == "2023–2024"
    assert changes.changes(ds, 2024, 2025).activity_years == "2025"
    assert result.is_example


def test_no_activities_file_means_none(ds):
    empty = replace(ds, activities=ds.activities.iloc[0:0])
    assert changes.changes(empty, 2024, 2025).activities.empty


def test_fewer_than_two_years_have_no_comparison(ds):
    one_year = replace(ds, values=ds.values[ds.values["year"] == 2025].reset_index(drop=True))
    assert one_year.years == [2025]
    assert changes.resolve_years(one_year, {}) is None
    assert changes.canonical_query(one_year, {}) == {}
