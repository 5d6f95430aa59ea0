"""data/varden.csv is checked column by column (issue #21: a loop over 46 000 rows took tens of
seconds): the same values, and the same Swedish error naming file, row and column, as the
row-by-row rules in loader.value_score — including which row is named when several are bad."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import COUNTY_DATA

from dashboard.config import REPO_ROOT
from dashboard.data import loader
from dashboard.data.loader import DataError, load_dataset

pytestmark = pytest.mark.unit

DATA = COUNTY_DATA  # the fixture county (conftest), never the shipped data/
GEO = REPO_ROOT / "geo"
HEADER = "kommunkod;indikator;ar;varde;exempeldata;kalla"


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA, GEO)


def load(tmp_path, ds, lines: list[str]):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "varden.csv").write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return loader._load_values(data, ds.municipalities, ds.indicators, ds.scales)


def expected_message(ds, indicator_id: str, raw: str) -> str:
    ind = ds.indicators.set_index("id").loc[indicator_id]
    with pytest.raises(loader.ValueProblem) as problem:
        loader.value_score(ind, indicator_id, raw, loader.scale_orders(ds.scales))
    return str(problem.value)


@pytest.mark.parametrize(
    ("indicator_id", "raw"),
    [("samordnare", "kanske"), ("suv_status", "I bruk"), ("samordnare_antal", "tre"),
     ("samordnare_antal", "1,5"), ("samordnare_antal", "-1"), ("samordnare_antal", "1e400"),
     ("samordnare_tjanstgrad", "nan"), ("samordnare_tjanstgrad", "1e3"),
     ("samordnare_antal", "0x10")],
)  # fmt: skip
def test_a_bad_value_gets_the_row_by_row_message(tmp_path, ds, indicator_id, raw):
    lines = ["0760;samordnare;2018;ja;ja;x", f"0761;{indicator_id};2018;{raw};ja;x"]
    with pytest.raises(DataError) as caught:
        load(tmp_path, ds, lines)
    error = caught.value
    assert (error.file, error.row, error.column) == ("data/varden.csv", 3, "varde")
    assert error.message == expected_message(ds, indicator_id, raw)


@pytest.mark.parametrize("year", ["20x5", "1999", "2101", "20 25", "-2025"])
def test_a_bad_year_gets_its_message(tmp_path, ds, year):
    with pytest.raises(DataError) as caught:
        load(tmp_path, ds, [f"0760;samordnare;{year};ja;ja;x"])
    assert (caught.value.row, caught.value.column) == (2, "ar")
    assert caught.value.message == f"året ”{year}” ska vara ett årtal som 2024."


def test_the_first_bad_row_in_the_file_is_named(tmp_path, ds):
    lines = ["0760;samordnare;2018;ja;ja;x", "0761;samordnare_antal;2018;tre;ja;x",
             "0763;samordnare;20x5;ja;ja;x"]  # fmt: skip
    with pytest.raises(DataError) as caught:
        load(tmp_path, ds, lines)
    assert (caught.value.row, caught.value.column) == (3, "varde")
    # in one row a bad year is named before a bad value, as before
    with pytest.raises(DataError) as caught:
        load(tmp_path, ds, ["0760;samordnare_antal;20x5;tre;ja;x"])
    assert caught.value.column == "ar"


@pytest.mark.parametrize(
    ("indicator_id", "raw", "score"),
    [("samordnare_antal", "1 000", None), ("samordnare_antal", "1\u00a0000", None),
     ("samordnare_tjanstgrad", "0,75", 0.75), ("samordnare_tjanstgrad", ".5", 0.5),
     ("samordnare_tjanstgrad", "+1.25", 1.25), ("samordnare_antal", "1_0", 10.0),
     ("suv_status", "i_bruk", 3.0), ("samordnare", "", None)],
)  # fmt: skip
def test_unusual_but_valid_values_score_as_before(tmp_path, ds, indicator_id, raw, score):
    ind = ds.indicators.set_index("id").loc[indicator_id]
    try:
        reference = loader.value_score(ind, indicator_id, raw, loader.scale_orders(ds.scales))
    except loader.ValueProblem as problem:  # outside the catalogue's range: refused the same way
        with pytest.raises(DataError, match=str(problem)[:20]):
            load(tmp_path, ds, [f"0760;{indicator_id};2018;{raw};ja;x"])
        return
    frame = load(tmp_path, ds, [f"0760;{indicator_id};2018;{raw};ja;x"])
    got = frame["score"].iloc[0]
    assert (pd.isna(got) and pd.isna(reference)) or got == reference
    if score is not None:
        assert got == score


def test_the_shipped_file_scores_as_row_by_row(ds):
    """Every row's year and score equal value_score's, on the shipped data."""
    frame = ds.values
    orders = loader.scale_orders(ds.scales)
    by_id = ds.indicators.set_index("id")
    for row in frame.sample(300, random_state=1).itertuples():
        reference = loader.value_score(by_id.loc[row.indicator_id], row.indicator_id, row.raw,
                                       orders)  # fmt: skip
        assert (pd.isna(reference) and pd.isna(row.score)) or reference == row.score
